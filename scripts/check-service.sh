#!/usr/bin/env bash
# Checks the installed systemd unit of a `make install DESTDIR=...` staging tree with the real systemd tools:
# `systemd-analyze verify` must accept it, `systemd-sysusers` must create its user from the staged sysusers file, and
# `systemd-analyze security --offline=yes` must score it at or below MAX_EXPOSURE (default 2.0). Prints one line,
# `pairwatch.service: verified, exposure 1.1`, or why it failed.
# Usage: scripts/check-service.sh DESTDIR [UNIT]   (UNIT: the unit's installed path, default for PREFIX=/usr/local)
set -euo pipefail
destdir=${1:?usage: check-service.sh DESTDIR [UNIT]}
unit=${2:-/usr/local/lib/systemd/system/pairwatch.service}
max=${MAX_EXPOSURE:-2.0}
[ -f "$destdir$unit" ] || { echo "$destdir$unit: no such file" >&2; exit 1; }

# verify resolves ExecStart, ExecReload and the units it depends on inside --root: a copy of the staging tree
# beside the host's own units and kill(1), so nothing is written outside a temporary folder.
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp -a "$destdir/." "$root/"
mkdir -p "$root/usr/lib/systemd" "$root/bin"
cp -a "$(readlink -f /lib/systemd/system)" "$root/usr/lib/systemd/"
cp "$(readlink -f /bin/kill)" "$root/bin/kill"
if ! out=$(systemd-analyze verify --root="$root" "$unit" 2>&1) || [ -n "$out" ]; then
    echo "$unit: systemd-analyze verify: ${out:-failed}" >&2
    exit 1
fi

# The user the unit runs as, from the staged sysusers file, created in the copy's empty /etc (a dry run).
sysusers=$(find "$root" -path '*/sysusers.d/pairwatch.conf' -print -quit)
[ -n "$sysusers" ] || { echo "$destdir: no sysusers.d/pairwatch.conf" >&2; exit 1; }
user=$(sed -n 's/^User=//p' "$destdir$unit")
if ! out=$(systemd-sysusers --dry-run --root="$root" "$sysusers" 2>&1) || ! grep -q "Creating user '$user'" <<<"$out"; then
    echo "${sysusers#"$root"}: systemd-sysusers does not create the user '$user': $out" >&2
    exit 1
fi

report=$(systemd-analyze security --offline=yes "$destdir$unit" 2>&1) || {
    echo "$unit: systemd-analyze security: $report" >&2
    exit 1
}
exposure=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<<"$report")
[ -n "$exposure" ] || { echo "$unit: no overall exposure in: $report" >&2; exit 1; }
if awk -v e="$exposure" -v m="$max" 'BEGIN { exit !(e > m) }'; then
    echo "$unit: exposure $exposure is above $max" >&2
    grep '✗' <<<"$report" >&2
    exit 1
fi
echo "$(basename "$unit"): verified, exposure $exposure"
