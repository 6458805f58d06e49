#!/usr/bin/env bash
# Installs the Debian packages pairwatch needs to build, and those named as arguments (`make test`: the real
# Prometheus, Alertmanager, systemd tools and chromium the tests run; `make bench`: wrk), when they are missing.
# As root it uses apt-get directly, otherwise sudo when available; without either it says what to install.
set -euo pipefail

packages=(libsqlite3-dev libcurl4-openssl-dev libsystemd-dev sqlite3 zlib1g-dev "$@")
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ! command -v swift >/dev/null 2>&1; then
    echo "pairwatch needs the Swift 6 toolchain (swift.org/install/linux) on PATH" >&2
    exit 1
fi
[ ${#missing[@]} -eq 0 ] && exit 0

# Another apt (unattended-upgrades, a second `make`) may hold the dpkg lock: wait up to 5 minutes for it
# instead of failing at once (apt >= 1.9.11; older apt ignores the option).
lock_timeout="${APT_LOCK_TIMEOUT:-300}"
lock_wait=(-o DPkg::Lock::Timeout="$lock_timeout")
if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get "${lock_wait[@]}")
elif command -v sudo >/dev/null 2>&1; then
    apt=(sudo apt-get "${lock_wait[@]}")
else
    echo "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
# `apt-get update` ignores DPkg::Lock::Timeout for its lists lock (apt 2.6), so it is retried while that is held.
update_lists() {
    local deadline=$((SECONDS + lock_timeout)) output said=""
    while true; do
        if output=$("${apt[@]}" update -q 2>&1); then
            printf '%s\n' "$output"
            return 0
        fi
        if ! grep -q "Could not get lock" <<<"$output" || [ "$SECONDS" -ge "$deadline" ]; then
            printf '%s\n' "$output" >&2
            return 1
        fi
        [ -n "$said" ] || echo "another apt holds its lock; waiting up to ${lock_timeout}s" >&2
        said=yes
        sleep 5
    done
}

echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
update_lists
"${apt[@]}" install -y -q --no-install-recommends "${missing[@]}"
