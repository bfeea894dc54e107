#!/usr/bin/env bash
# Installs every Debian package the build, the tests and the lab need.
# Idempotent; runs apt-get update only when something is missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config git
  libpoco-dev libssl-dev openssl prometheus-cpp-dev libyaml-cpp-dev libc-ares-dev zlib1g-dev libisal-dev
  libgtest-dev libgmock-dev
  clang libclang-rt-14-dev   # the fuzzers (scripts/fuzz.sh): libFuzzer comes with clang's runtime
  clang-format clang-tidy   # scripts/check-format.sh (run by scripts/test.sh), scripts/tidy.sh
  libbenchmark-dev zlib1g-dev   # bench/ (Google Benchmark; daemon_load gunzips scrapes), -DLDE_BUILD_BENCH=ON
  nginx-light dnsmasq-base curl dnsutils ca-certificates
  prometheus    # promtool (exposition format, alert rules) and the server the Prometheus tests run (web, scale)
  prometheus-alertmanager   # amtool and alertmanager: the tests check and run the Alertmanager example
  help2man      # the manual page, written from --help in package builds (packaging/cpack.cmake)
  lintian devscripts   # the packaging test: lintian on the .deb, hardening-check (devscripts) on its binary
  chromium      # headless, for the status page's browser test (tests/integration/status_page)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing: ${missing[*]}"
$SUDO apt-get update -qq
# The prometheus and prometheus-alertmanager packages would start servers if
# an init system runs; we only want their binaries (the tests start their own
# Prometheus and Alertmanager), so keep services from starting during install.
DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
