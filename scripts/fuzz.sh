#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for
# FUZZ_SECONDS (default 20) from its seed corpus. Exits non-zero on the first
# crash, leak or timeout, leaving the reproducer in build-fuzz/findings/.
# Every parser that reads what a server or an operator sends has a target:
# discovery documents, WWW-Authenticate, URLs, HTTP responses, the config.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${FUZZ_SECONDS:-20}
build_dir=${FUZZ_BUILD_DIR:-$root/build-fuzz}
CC=clang CXX=clang++ cmake -S "$root" -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLDE_FUZZ=ON -DLDE_BUILD_TESTS=ON >/dev/null
targets=(fuzz_discovery_document fuzz_www_authenticate fuzz_url fuzz_ucwa_resources fuzz_http_response fuzz_config)
cmake --build "$build_dir" -j"$(nproc)" $(printf -- '--target %s ' "${targets[@]}")

F=$build_dir/tests/fuzz
S=$root/tests
findings=$build_dir/findings
mkdir -p "$findings"
run() {  # run NAME SEEDS [extra libFuzzer flags]
  local name=$1 seeds=$2
  shift 2
  local corpus
  corpus=$(mktemp -d)
  echo "fuzz: $name for ${seconds}s"
  (cd "$findings" && "$F/$name" "$corpus" "$seeds" -max_total_time="$seconds" -timeout=10 \
     -rss_limit_mb=2048 -print_final_stats=0 "$@" 2>"$findings/$name.log") || {
    echo "fuzz: $name FAILED; see $findings/$name.log" >&2
    tail -30 "$findings/$name.log" >&2
    rm -rf "$corpus"
    return 1
  }
  rm -rf "$corpus"
}
run fuzz_discovery_document "$S/data/discovery" -dict="$S/fuzz/discovery.dict" -max_len=65536
run fuzz_www_authenticate "$S/data/discovery"
run fuzz_url "$S/data/discovery"
run fuzz_ucwa_resources "$S/fuzz/seeds/ucwa" -max_len=8192
run fuzz_http_response "$S/fuzz/seeds/http_response" -dict="$S/fuzz/http.dict" -max_len=8192
run fuzz_config "$S/data/config" -dict="$S/fuzz/config.dict" -max_len=4096
echo "fuzz: every target ran ${seconds}s without a finding"
