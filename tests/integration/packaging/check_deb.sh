#!/bin/sh
# usage: check_deb.sh BUILD_DIR SOURCE_DIR EXPECTED_FILES VERSION
# Builds the Debian package with CPack, from BUILD_DIR (a package build:
# -DLDE_PACKAGE=ON, see packaging/cpack.cmake), into a temporary directory
# and checks:
#  1. the files it ships are exactly EXPECTED_FILES, with root ownership and
#     the right modes, and each is a copy of its source; copyright (DEP-5),
#     changelog.Debian.gz (gzip -9n, its version the package's);
#  2. the control data: name, architecture, version, maintainer,
#     dpkg-shlibdeps dependencies, conffiles, maintainer scripts
#     (executable, sh -n);
#  3. the packaged binary runs and accepts the packaged config; it is
#     stripped and hardened (hardening-check: PIE, stack protector,
#     fortify, RELRO, BIND_NOW); the manual page matches its --help
#     (check_manpage.sh); lintian reports no error or warning
#     (check_lintian.sh);
#  4. (as root) a real dpkg install, reinstall, remove and purge in a
#     throw-away root (dpkg --root with chrootless scripts; DPKG_ROOT keeps
#     deb-systemd-helper inside it): the unit gets enabled, an administrator's
#     disable and config edit survive a reinstall, remove keeps the conffiles,
#     purge leaves nothing.
# Never touches this machine's root. Exit 77 (skip) without dpkg-deb, or
# when BUILD_DIR is not a package build (scripts/test.sh makes one and points
# the tests at it with -DLDE_PACKAGE_BUILD_DIR).
set -eu

build=$1
source=$2
expected=$3
version=$4
pkg=lyncdiscover-exporter
unit=lyncdiscover_exporter.service

for tool in dpkg-deb dpkg-shlibdeps cpack; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool not found: skipped"
    exit 77
  fi
done
if ! grep -qx 'LDE_PACKAGE:BOOL=ON' "$build/CMakeCache.txt"; then
  echo "$build is not a package build (configure it with -DLDE_PACKAGE=ON, or this" \
       "build with -DLDE_PACKAGE_BUILD_DIR=<such a build>): skipped"
  exit 77
fi
# Installed by scripts/install-deps.sh; missing ones fail rather than skip.
for tool in lintian hardening-check help2man; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "FAIL: $tool not found (scripts/install-deps.sh installs it)" >&2
    exit 1
  }
done
tests=$(cd "$(dirname "$0")" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/lde-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# ---- build -----------------------------------------------------------------
# Exactly as shipped: the debug symbols go to a -dbgsym package and the
# binary in the .deb is stripped (lintian: unstripped-binary-or-object).
if ! timeout 480 cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" \
     >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  echo "FAIL: cpack -G DEB failed" >&2
  exit 1
fi
set -- "$work"/out/${pkg}_*.deb
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "FAIL: expected one ${pkg}_*.deb in $work/out, found: $*" >&2
  exit 1
fi
deb=$1
echo "built $(basename "$deb")"

# ---- 1. contents -----------------------------------------------------------
dpkg-deb -c "$deb" >"$work/contents"
awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' "$work/contents" | sort >"$work/actual"
sort "$expected" >"$work/expected"
if ! diff -u "$work/expected" "$work/actual" >"$work/diff"; then
  cat "$work/diff" >&2
  fail "packaged files differ from $expected (- missing, + unexpected)"
fi
if awk '$2 != "root/root"' "$work/contents" | grep -q .; then
  fail "entries not owned by root/root: $(awk '$2 != "root/root" { print $6 }' "$work/contents")"
fi
mode_of() { awk -v p=".$1" '$6 == p { print $1 }' "$work/contents"; }
[ "$(mode_of /usr/bin/lyncdiscover_exporter)" = "-rwxr-xr-x" ] ||
  fail "/usr/bin/lyncdiscover_exporter mode is $(mode_of /usr/bin/lyncdiscover_exporter), want -rwxr-xr-x"
# The unit runs with DynamicUser=: the config must be world-readable.
for path in /etc/lyncdiscover_exporter/config.yml /etc/default/lyncdiscover_exporter \
            /lib/systemd/system/$unit /usr/share/lyncdiscover-exporter/alerts.yml \
            /usr/share/doc/$pkg/copyright /usr/share/doc/$pkg/changelog.Debian.gz \
            /usr/share/man/man1/lyncdiscover_exporter.1.gz; do
  [ "$(mode_of "$path")" = "-rw-r--r--" ] || fail "$path mode is $(mode_of "$path"), want -rw-r--r--"
done

root="$work/extract"
dpkg-deb -x "$deb" "$root"
same() {
  cmp -s "$root$1" "$source/$2" || fail "$1 is not a copy of $2"
}
same /etc/lyncdiscover_exporter/config.yml config/default.yml
same /lib/systemd/system/$unit systemd/$unit
same /usr/share/doc/$pkg/examples/example.yml config/example.yml
same /usr/share/doc/$pkg/README.md README.md
same /usr/share/doc/$pkg/copyright packaging/debian/copyright
same /usr/share/lintian/overrides/$pkg packaging/debian/lintian-overrides
same /usr/share/lyncdiscover-exporter/alerts.yml packaging/prometheus/alerts.yml
same /usr/share/lyncdiscover-exporter/alertmanager.yml packaging/prometheus/alertmanager.yml
same /usr/share/lyncdiscover-exporter/dashboard.json packaging/grafana/dashboard.json
grep -qx 'ARGS=""' "$root/etc/default/lyncdiscover_exporter" ||
  fail '/etc/default/lyncdiscover_exporter does not set ARGS=""'
# Every /usr/share/doc path the shipped config names is in the package.
for path in $(grep -o '/usr/share/doc/[^ )]*' "$root/etc/lyncdiscover_exporter/config.yml"); do
  [ -f "$root$path" ] || fail "config.yml points at $path, which the package does not ship"
done
# Policy 12.5: DEP-5 copyright naming the license in common-licenses.
copyright=$root/usr/share/doc/$pkg/copyright
head -1 "$copyright" | grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/' ||
  fail "copyright is not machine-readable (DEP-5 Format: line)"
grep -qx 'License: Apache-2.0' "$copyright" || fail "copyright names no Apache-2.0 license"
grep -q '/usr/share/common-licenses/Apache-2.0' "$copyright" ||
  fail "copyright does not point at /usr/share/common-licenses/Apache-2.0"
# Policy 12.7: changelog.Debian.gz, gzip -9 without name or time (-n), in
# dpkg-parsechangelog's format, its latest version the package's.
changelog=$root/usr/share/doc/$pkg/changelog.Debian.gz
if gzip -dc "$changelog" | gzip -9n | cmp -s - "$changelog"; then :; else
  fail "changelog.Debian.gz is not gzip -9n output"
fi
gzip -dc "$changelog" >"$work/changelog"
changelog_version=$(dpkg-parsechangelog -l "$work/changelog" -S Version 2>/dev/null || true)

# ---- 2. control ------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = "$pkg" ] || fail "Package is '$(field Package)'"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
case "$(field Version)" in
  "$version"-*) ;;
  *) fail "Version '$(field Version)' is not $version-<revision>" ;;
esac
[ "$changelog_version" = "$(field Version)" ] ||
  fail "changelog.Debian.gz's latest version is '$changelog_version', the package's '$(field Version)'"
maintainer=$(grep '^LDE_PACKAGE_MAINTAINER:' "$build/CMakeCache.txt" | cut -d= -f2-)
[ "$(field Maintainer)" = "$maintainer" ] ||
  fail "Maintainer is '$(field Maintainer)', LDE_PACKAGE_MAINTAINER '$maintainer'"
depends=$(field Depends)
echo "Depends: $depends"
# From dpkg-shlibdeps (the binary's libraries), plus the declared ones.
# (No libprometheus-cpp-core: the daemon writes the exposition itself and
# uses only prometheus-cpp's header types, so the linker drops the library.
# No libpoconet: the daemon's HTTP server and client are its own. libcrypt1:
# bcrypt for basic auth.)
for dep in libc6 libssl3 libpocofoundation libcrypt1 libyaml-cpp libc-ares2 \
           ca-certificates; do
  case "$depends" in
    *"$dep"*) ;;
    *) fail "Depends lacks $dep" ;;
  esac
done
dpkg-deb -e "$deb" "$work/control"
printf '%s\n' /etc/lyncdiscover_exporter/config.yml /etc/default/lyncdiscover_exporter |
  sort >"$work/conffiles.expected"
sort "$work/control/conffiles" 2>/dev/null | diff -u "$work/conffiles.expected" - ||
  fail "conffiles differ"
for script in postinst prerm postrm; do
  if [ ! -x "$work/control/$script" ]; then
    fail "$script missing or not executable"
  elif ! sh -n "$work/control/$script"; then
    fail "$script: shell syntax error"
  fi
done
grep -q "deb-systemd-helper enable" "$work/control/postinst" || fail "postinst does not enable the unit"
# md5sums (dpkg --verify, debsums): CPack lists every shipped file in it.
if [ ! -s "$work/control/md5sums" ]; then
  fail "no md5sums control file"
elif ! (cd "$root" && md5sum --quiet -c "$work/control/md5sums") >"$work/md5" 2>&1; then
  fail "md5sums do not match the files: $(cat "$work/md5")"
fi

# ---- 3. the packaged binary --------------------------------------------------
out=$("$root/usr/bin/lyncdiscover_exporter" --version 2>&1) || fail "--version failed: $out"
[ "$out" = "lyncdiscover_exporter $version" ] || fail "--version printed '$out'"
if ! out=$("$root/usr/bin/lyncdiscover_exporter" --config.check \
           --config.file="$root/etc/lyncdiscover_exporter/config.yml" 2>&1); then
  fail "the packaged config does not validate: $out"
fi

# No symbol table (its symbols are in the -dbgsym package), and the
# dpkg-buildflags hardening. hardening-check's control-flow check (CET,
# -fcf-protection) is not in Debian 12's dpkg-buildflags: not required.
if readelf -S "$root/usr/bin/lyncdiscover_exporter" | grep -q -e '\.symtab' -e '\.debug_'; then
  fail "the packaged binary is not stripped (it has .symtab or .debug_* sections)"
fi
[ -n "$(find "$work/out" -maxdepth 1 -name "${pkg}-dbgsym_*.ddeb")" ] ||
  fail "no ${pkg}-dbgsym package next to the .deb"
if ! hardening-check --nocfprotection "$root/usr/bin/lyncdiscover_exporter" >"$work/hardening" 2>&1; then
  cat "$work/hardening" >&2
  fail "hardening-check: the packaged binary lacks hardening"
fi
cat "$work/hardening"
"$tests/check_manpage.sh" "$root/usr/bin/lyncdiscover_exporter" \
  "$root/usr/share/man/man1/lyncdiscover_exporter.1.gz" || fail "the manual page is out of step with --help"
"$tests/check_lintian.sh" "$deb" || fail "lintian"

# ---- 4. install lifecycle in a throw-away root -----------------------------
if [ "$(id -u)" -ne 0 ]; then
  echo "not root: install/remove/purge in a throw-away root skipped"
else
  target="$work/root"
  mkdir -p "$target/var/lib/dpkg/info" "$target/var/lib/dpkg/updates" "$target/var/lib/dpkg/triggers"
  : >"$target/var/lib/dpkg/status"
  : >"$target/var/lib/dpkg/available"
  # The libraries are not in the empty root's database, hence --force-depends.
  dpkg_root() {
    timeout 120 dpkg --root="$target" --log="$work/dpkg.log" --force-script-chrootless \
      --force-depends --force-confold "$@" </dev/null >>"$work/dpkg.out" 2>&1
  }
  status_of() {
    dpkg-query --admindir="$target/var/lib/dpkg" -W -f='${Status}' "$pkg" 2>/dev/null || true
  }
  wants="$target/etc/systemd/system/multi-user.target.wants/$unit"

  dpkg_root -i "$deb" || fail "dpkg -i into the throw-away root failed"
  [ "$(status_of)" = "install ok installed" ] || fail "after install, status is '$(status_of)'"
  [ "$(readlink "$wants" || true)" = "/lib/systemd/system/$unit" ] ||
    fail "postinst did not enable the unit ($wants)"
  [ -x "$target/usr/bin/lyncdiscover_exporter" ] || fail "binary not installed"

  # An administrator disables the unit and edits the config; a reinstall
  # (postinst configure <old-version>) must keep both.
  systemctl --root="$target" --quiet disable "$unit" >>"$work/dpkg.out" 2>&1 ||
    fail "systemctl --root disable failed"
  if [ -e "$wants" ] || [ -L "$wants" ]; then
    fail "systemctl --root disable left $wants"
  fi
  echo "# edited by the administrator" >>"$target/etc/lyncdiscover_exporter/config.yml"
  dpkg_root -i "$deb" || fail "reinstall failed"
  if [ -e "$wants" ] || [ -L "$wants" ]; then
    fail "reinstall re-enabled a unit the administrator disabled"
  fi
  grep -q "edited by the administrator" "$target/etc/lyncdiscover_exporter/config.yml" ||
    fail "reinstall overwrote the edited conffile"

  dpkg_root -r "$pkg" || fail "dpkg -r failed"
  [ "$(status_of)" = "deinstall ok config-files" ] || fail "after remove, status is '$(status_of)'"
  [ ! -e "$target/usr/bin/lyncdiscover_exporter" ] || fail "remove left the binary"
  [ ! -e "$target/lib/systemd/system/$unit" ] || fail "remove left the unit file"
  [ -f "$target/etc/lyncdiscover_exporter/config.yml" ] || fail "remove deleted the conffile"

  dpkg_root -P "$pkg" || fail "dpkg -P failed"
  [ -z "$(status_of)" ] || [ "$(status_of)" = "unknown ok not-installed" ] ||
    fail "after purge, status is '$(status_of)'"
  leftovers=$(cd "$target" && find . -path ./var/lib/dpkg -prune -o \( -type f -o -type l \) -print)
  [ -z "$leftovers" ] || fail "purge left: $leftovers"
  if [ "$failures" -ne 0 ]; then
    cat "$work/dpkg.out" >&2
  fi
fi

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "package OK"
