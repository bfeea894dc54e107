#!/bin/sh
# usage: check_manpage.sh BINARY MANPAGE
# The manual page (gzipped or not) must document in its OPTIONS section
# exactly the flags `BINARY --help` lists, and carry the version
# `BINARY --version` prints. help2man writes it from those at build time
# (packaging/cpack.cmake), so this fails if the packaged page was built from
# another binary, by hand, or from a --help help2man no longer understands.
set -eu

binary=$1
page=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/lde-man.XXXXXX")
trap 'rm -rf "$work"' EXIT

case "$page" in
  *.gz) gzip -dc "$page" >"$work/page" ;;
  *) cat "$page" >"$work/page" ;;
esac
# Plain text of the roff: \- is a hyphen; font changes and italic
# corrections (\fB, \fR, \fI, \fP, \, and \/) go.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\[,\/]//g' "$work/page" >"$work/text"
# The tag line of each .TP item in .SH OPTIONS, cut at = or a space.
awk '/^\.SH / { in_options = ($2 == "OPTIONS") }
     in_options && tag { split($0, w, /[= ]/); print w[1] }
     { tag = in_options && $0 == ".TP" }' "$work/text" | sort -u >"$work/documented"
"$binary" --help | sed -n 's/^  \(--[a-z][a-z.-]*\).*/\1/p' | sort -u >"$work/flags"

failures=0
if [ ! -s "$work/flags" ]; then
  echo "FAIL: $binary --help lists no flags" >&2
  exit 1
fi
for flag in $(comm -23 "$work/flags" "$work/documented"); do
  echo "FAIL: $flag (from --help) is not in the manual page's OPTIONS" >&2
  failures=$((failures + 1))
done
for flag in $(comm -13 "$work/flags" "$work/documented"); do
  echo "FAIL: the manual page documents $flag, which --help does not list" >&2
  failures=$((failures + 1))
done
version=$("$binary" --version | sed -n 's/^lyncdiscover_exporter //p')
if ! grep -q "^\.TH .*\"lyncdiscover_exporter $version\"" "$work/page"; then
  echo "FAIL: the manual page's .TH line does not name version $version:" >&2
  grep '^\.TH' "$work/page" >&2 || true
  failures=$((failures + 1))
fi
if [ "$failures" -ne 0 ]; then
  exit 1
fi
echo "manual page: the $(wc -l <"$work/flags") flags of --help, version $version"
