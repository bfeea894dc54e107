#!/bin/bash
# The Prometheus configurations that README.md's "Operating at scale" shows
# must load: every ```yaml block of that section holding scrape_configs or
# remote_write goes through `promtool check config`. (The integration tests
# beside this script run the same jobs against a real Prometheus.)
#
# check_readme_configs.sh README.md [PROMTOOL] [MIN_BLOCKS]
set -euo pipefail
readme=$1
promtool=${2:-/usr/bin/promtool}
min_blocks=${3:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk -v dir="$tmp" '
  /^## / { in_section = ($0 == "## Operating at scale") }
  in_section && /^```yaml$/ { n++; file = sprintf("%s/block%02d.yml", dir, n); in_block = 1; next }
  in_block && /^```$/ { in_block = 0; close(file); next }
  in_block { print > file }
' "$readme"

checked=0
for block in "$tmp"/block*.yml; do
  [[ -e $block ]] || continue
  grep -qE '^(scrape_configs|remote_write):' "$block" || continue
  if ! "$promtool" check config "$block" >"$tmp/out" 2>&1; then
    echo "a Prometheus config in \"Operating at scale\" does not load:"
    cat "$block" "$tmp/out"
    exit 1
  fi
  checked=$((checked + 1))
done
if ((checked < min_blocks)); then
  echo "only $checked Prometheus configs found in \"Operating at scale\" (expected at least $min_blocks)"
  exit 1
fi
echo "$checked Prometheus configs in \"Operating at scale\" load"
