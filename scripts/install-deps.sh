#!/usr/bin/env bash
# Installs the Debian packages pairwatch needs to build and test, when they are missing.
# As root it uses apt-get directly, otherwise sudo when available; without either it says what to install.
set -euo pipefail

packages=(libsqlite3-dev libcurl4-openssl-dev libsystemd-dev sqlite3 zlib1g-dev prometheus wrk curl)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ! command -v swift >/dev/null 2>&1; then
    echo "pairwatch needs the Swift 6 toolchain (swift.org/install/linux) on PATH" >&2
    exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get)
elif command -v sudo >/dev/null 2>&1; then
    apt=(sudo apt-get)
else
    echo "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${apt[@]}" update -q
"${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"
