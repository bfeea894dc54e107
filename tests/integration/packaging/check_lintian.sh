#!/bin/sh
# usage: check_lintian.sh DEB
#        check_lintian.sh --tree DIR     (builds a .deb from DIR, which holds
#                                         DEBIAN/control, first; for fixtures)
# Runs lintian on the package and fails on any error or warning; info and
# pedantic tags are printed but pass. Overrides are only those the package
# itself ships (/usr/share/lintian/overrides/<package>, each with the reason
# beside it); one that no longer matches anything (unused-override, an info
# tag) fails too, so none outlives its reason.
# lintian is in scripts/install-deps.sh: without it this fails, not skips.
set -eu

if ! command -v lintian >/dev/null 2>&1; then
  echo "lintian not found (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/lde-lintian.XXXXXX")
trap 'rm -rf "$work"' EXIT

if [ "$1" = --tree ]; then
  # Copy first: git does not keep the modes dpkg-deb insists on.
  cp -R "$2" "$work/tree"
  find "$work/tree" -type d -exec chmod 0755 {} +
  find "$work/tree" -type f -exec chmod 0644 {} +
  dpkg-deb --root-owner-group --build "$work/tree" "$work/fixture.deb" >/dev/null
  deb=$work/fixture.deb
else
  deb=$1
fi

# --pedantic and --display-info show everything; --fail-on decides (exit 2;
# 1 is lintian's own failure). As root (CI) lintian only unpacks the package
# into its own temp dir; its notice about root is dropped as noise.
status=0
lintian --pedantic --display-info --tag-display-limit 0 --fail-on error,warning \
  "$deb" >"$work/out" 2>&1 || status=$?
grep -v '^running with root privileges' "$work/out" || true
failed=0
if [ "$status" -ne 0 ]; then
  echo "FAIL: lintian reports errors or warnings on $(basename "$deb") (exit $status)" >&2
  failed=1
fi
if grep -q '^[IP]: [^ ]*: unused-override ' "$work/out"; then
  echo "FAIL: lintian overrides that match nothing (remove them)" >&2
  failed=1
fi
[ "$failed" -eq 0 ] || exit 1
echo "lintian: no errors or warnings on $(basename "$deb")"
