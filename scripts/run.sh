#!/usr/bin/env bash
# Installs what is needed, builds, and runs the daemon. With no config file
# given, it starts the local lab (a simulated Lync deployment on loopback:
# scenarios healthy and enterprise-fe, the Lync 5.4 case) and probes it.
#   scripts/run.sh                         lab + daemon on http://127.0.0.1:9863/metrics
#   scripts/run.sh --config.file=my.yml    your own config, no lab
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
BUILD_TARGETS="lyncdiscover_exporter lde_lab_stall_server lde_lab_ucwa_standin" "$root/scripts/build.sh" -DLDE_BUILD_TESTS=OFF
bin="$root/build/daemon/app/lyncdiscover_exporter"

args=("$@")
if ! printf '%s\n' "${args[@]}" | grep -q -- '--config.file'; then
  lab_dir="$root/lab/run"
  LDE_STALL_SERVER="$root/build/lab/tools/lde_lab_stall_server" \
    LDE_UCWA_STANDIN="$root/build/lab/tools/lde_lab_ucwa_standin" \
    "$root/lab/lab.sh" start --scenarios "${LAB_SCENARIOS:-healthy,enterprise-fe}" --dir "$lab_dir"
  trap '"$root/lab/lab.sh" stop --dir "$lab_dir"' EXIT
  args=(--config.file="$lab_dir/lyncdiscover_exporter.yml" --web.listen-address=127.0.0.1:9863 "${args[@]}")
  cat <<MSG

The lab is up. While the daemon runs (Ctrl-C stops both):
  metrics:   curl -s http://127.0.0.1:9863/metrics | grep -E 'signin_ready|ucwa_signin|chain_trusted'
  status:    curl -s http://127.0.0.1:9863/status
  one shot:  $bin --once --config.file=$lab_dir/lyncdiscover_exporter.yml

MSG
fi
"$bin" "${args[@]}"
