#!/bin/sh
# usage: check_metric_names.sh NAMES_H FILE...
# Every metric name a dashboard or rule file uses (lyncdiscover_* and probe_*
# words, full-line # comments and URLs such as runbook_url excepted) must be
# one that names.h defines:
# a typo or a name we do not export (e.g. a _bucket series) makes a panel
# empty or an alert silent, with no error anywhere. Exit 1 on any unknown name
# or when a file uses no metric at all.
set -eu

names_h=$1
shift
known=$(grep -oE '"(lyncdiscover|probe)_[A-Za-z0-9_]+"' "$names_h" | tr -d '"' | sort -u)
if [ -z "$known" ]; then
  echo "$names_h: no metric names found" >&2
  exit 1
fi

status=0
for file in "$@"; do
  used=$(grep -v '^[[:space:]]*#' "$file" | sed -E 's#https?://[^[:space:]"'"'"']*##g' |
         grep -oE '(^|[^A-Za-z0-9_])(lyncdiscover|probe)_[A-Za-z0-9_]+' |
         sed -E 's/^[^a-z]//' | sort -u) || true
  if [ -z "$used" ]; then
    echo "$file: uses no lyncdiscover_/probe_ metric" >&2
    status=1
    continue
  fi
  count=0
  for name in $used; do
    count=$((count + 1))
    if ! printf '%s\n' "$known" | grep -qxF "$name"; then
      echo "$file: unknown metric $name (not in $names_h)" >&2
      status=1
    fi
  done
  echo "$file: $count metric names checked"
done
exit "$status"
