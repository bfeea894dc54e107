#!/usr/bin/env bash
# Installs what is needed, builds with -Werror under AddressSanitizer and
# UBSan, and runs every test (unit and integration: the integration tests
# start their own nginx, dnsmasq and TLS servers on 127.0.0.0/8).
#   scripts/test.sh                 everything, sanitized
#   SANITIZE=OFF scripts/test.sh    a plain build (faster)
#   scripts/test.sh -L unit         extra args go to ctest
#   FUZZ_SECONDS=0 scripts/test.sh  skip the fuzz smoke run (default 15 s per target)
#   TSAN=OFF scripts/test.sh        skip the ThreadSanitizer run of the threaded parts
#   scripts/test.sh -LE soak        skip the 3-minute soak (label soak)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
# Formatting first: it takes seconds and names every file to fix.
"$root/scripts/check-format.sh"
sanitize=${SANITIZE:-ON}
build_dir=${BUILD_DIR:-$root/build-test}
# The package build, as the .deb is made: dpkg-buildflags' hardening flags,
# no sanitizers (packaging/cpack.cmake). Only the daemon and its manual page
# are built; the packaging_deb test packs them with cpack, runs lintian and
# hardening-check. The soak test measures the daemon's resident memory, so in
# a sanitized run (ASan replaces the allocator) it runs this daemon too.
pkg_dir=${PACKAGE_BUILD_DIR:-$root/build-pkg}
BUILD_DIR=$pkg_dir BUILD_TYPE=RelWithDebInfo BUILD_TARGETS="lyncdiscover_exporter lde_manpage" \
  "$root/scripts/build.sh" -DLDE_WERROR=ON -DLDE_PACKAGE=ON
extra=(-DLDE_PACKAGE_BUILD_DIR="$pkg_dir")
if [ "$sanitize" != OFF ]; then
  extra+=(-DLDE_SOAK_DAEMON="$pkg_dir/daemon/app/lyncdiscover_exporter")
fi
# The benchmarks are built too, so CI compiles them and runs their smoke
# tests (label bench: the daemon_load harness and the delay proxy, timing
# asserted nowhere; the figures come from a Release build, bench/README.md).
BUILD_DIR=$build_dir BUILD_TYPE=Debug "$root/scripts/build.sh" -DLDE_WERROR=ON -DLDE_SANITIZE="$sanitize" \
  -DLDE_BUILD_BENCH=ON "${extra[@]}"
# Every parser's fuzzer runs briefly first (a regression check from the seed
# corpus plus fresh mutations); ctest's summary then stays the last line.
if [ "${FUZZ_SECONDS:-15}" != 0 ]; then
  FUZZ_SECONDS=${FUZZ_SECONDS:-15} "$root/scripts/fuzz.sh"
fi
# The threaded parts (scheduler, result store, HTTP server) also run under
# ThreadSanitizer, in a build of their own (TSan and ASan do not combine).
if [ "${TSAN:-ON}" != OFF ]; then
  tsan_dir=${TSAN_BUILD_DIR:-$root/build-tsan}
  tsan_tests=(schedule_test results_test http_test scrape_test)
  BUILD_DIR=$tsan_dir BUILD_TYPE=Debug BUILD_TARGETS="${tsan_tests[*]}" "$root/scripts/build.sh" \
    -DLDE_WERROR=ON -DLDE_TSAN=ON
  for t in "${tsan_tests[@]}"; do
    echo "tsan: $t"
    bin=$(find "$tsan_dir/tests" -name "$t" -type f -executable | head -1)
    TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" "$bin" --gtest_brief=1 >"$tsan_dir/$t.log" 2>&1 || {
      echo "tsan: $t FAILED; see $tsan_dir/$t.log" >&2
      tail -60 "$tsan_dir/$t.log" >&2
      exit 1
    }
  done
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
cd "$build_dir"
ctest --output-on-failure --timeout 300 "$@"
