#!/bin/sh
# usage: verify_unit.sh UNIT_FILE BINARY
# systemd-analyze verify on the unit. verify insists that ExecStart= exists,
# and the unit names /usr/bin/lyncdiscover_exporter, which is not installed
# on a build machine; so a copy is verified with ExecStart pointing at the
# freshly built binary, and the original is checked to name /usr/bin (where
# the package puts it). verify exits 0 even on unknown keys and bad values
# (it only warns), so any output is a failure.
# Exit 77 (ctest SKIP_RETURN_CODE) when systemd-analyze is missing.
set -eu

unit=$1
binary=$2
if ! command -v systemd-analyze >/dev/null 2>&1; then
  echo "systemd-analyze not found: skipped"
  exit 77
fi
if ! grep -q '^ExecStart=/usr/bin/lyncdiscover_exporter ' "$unit"; then
  echo "$unit: ExecStart= does not start /usr/bin/lyncdiscover_exporter" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lde-unit.XXXXXX")
trap 'rm -rf "$work"' EXIT
copy="$work/$(basename "$unit")"
sed "s#^ExecStart=/usr/bin/lyncdiscover_exporter #ExecStart=$binary #" "$unit" > "$copy"

if ! output=$(systemd-analyze verify --man=no "$copy" 2>&1); then
  printf '%s\n' "$output" >&2
  exit 1
fi
if [ -n "$output" ]; then
  printf 'systemd-analyze verify warned:\n%s\n' "$output" >&2
  exit 1
fi
echo "$unit: systemd-analyze verify clean"
