#!/usr/bin/env bash
# Local simulated Lync / Skype for Business deployment on loopback: one SIP
# domain per scenario (<scenario>.lab.test), real TLS servers (nginx), two DNS
# views (dnsmasq), a private PKI (openssl) and a staller. See lab/README.md.
#
#   lab.sh start  [--scenarios LIST|all] [--dir DIR] [--stall-server PATH] [--ucwa-standin PATH]
#   lab.sh stop   [--dir DIR]
#   lab.sh status [--dir DIR]
#   lab.sh config [--dir DIR]          prints the daemon config path
#   lab.sh resolve NAME [internal|external] [--dir DIR]   one DNS query, no dig
set -euo pipefail

LAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LAB_REPO=$(cd "$LAB_HOME/.." && pwd)
# shellcheck source=lib/common.sh
. "$LAB_HOME/lib/common.sh"
# shellcheck source=lib/pki.sh
. "$LAB_HOME/lib/pki.sh"
# shellcheck source=lib/nginx.sh
. "$LAB_HOME/lib/nginx.sh"
# shellcheck source=lib/dns.sh
. "$LAB_HOME/lib/dns.sh"
# shellcheck source=lib/daemon_config.sh
. "$LAB_HOME/lib/daemon_config.sh"
# shellcheck source=lib/processes.sh
. "$LAB_HOME/lib/processes.sh"

usage() {
  sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  printf 'scenarios: %s (default %s)\n' "${LAB_ALL_SCENARIOS[*]}" "$LAB_DEFAULT_SCENARIOS"
}

# --- arguments ---
[[ $# -ge 1 ]] || { usage >&2; exit 2; }
COMMAND=$1
shift
SCENARIO_SPEC=$LAB_DEFAULT_SCENARIOS
DIR=$LAB_HOME/run
STALL_SERVER=${LDE_STALL_SERVER:-$LAB_REPO/build/lab/tools/lde_lab_stall_server}
UCWA_STANDIN=${LDE_UCWA_STANDIN:-$LAB_REPO/build/lab/tools/lde_lab_ucwa_standin}
POSITIONAL=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --scenarios) [[ $# -ge 2 ]] || lab_die "--scenarios needs a value"; SCENARIO_SPEC=$2; shift 2 ;;
    --scenarios=*) SCENARIO_SPEC=${1#*=}; shift ;;
    --dir) [[ $# -ge 2 ]] || lab_die "--dir needs a value"; DIR=$2; shift 2 ;;
    --dir=*) DIR=${1#*=}; shift ;;
    --stall-server) [[ $# -ge 2 ]] || lab_die "--stall-server needs a value"; STALL_SERVER=$2; shift 2 ;;
    --stall-server=*) STALL_SERVER=${1#*=}; shift ;;
    --ucwa-standin) [[ $# -ge 2 ]] || lab_die "--ucwa-standin needs a value"; UCWA_STANDIN=$2; shift 2 ;;
    --ucwa-standin=*) UCWA_STANDIN=${1#*=}; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) lab_die "unknown option '$1' (see lab.sh --help)" ;;
    *) POSITIONAL+=("$1"); shift ;;
  esac
done
# The path goes unquoted into nginx and dnsmasq configuration files.
[[ $DIR =~ ^[A-Za-z0-9_./+@,:-]+$ ]] ||
  lab_die "--dir '$DIR' must be a path without spaces, quotes or other special characters"
if [[ $COMMAND == start ]]; then
  mkdir -p "$DIR" 2>/dev/null || lab_die "cannot create --dir '$DIR'"
fi
if [[ -d $DIR ]]; then DIR=$(cd "$DIR" && pwd); elif [[ $DIR != /* ]]; then DIR=$PWD/$DIR; fi
PKI=$DIR/pki NGX=$DIR/nginx DNS=$DIR/dns STALL=$DIR/stall UCWA=$DIR/ucwa
STATE=$DIR/lab.state CONFIG=$DIR/lyncdiscover_exporter.yml

# --- helpers ---
require_tools() {
  local missing=()
  # LDE_LAB_NGINX / LDE_LAB_DNSMASQ override the binaries (non-standard installs).
  NGINX_BIN=${LDE_LAB_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
  DNSMASQ_BIN=${LDE_LAB_DNSMASQ:-$(command -v dnsmasq || echo /usr/sbin/dnsmasq)}
  [[ -x $NGINX_BIN ]] || missing+=("nginx (apt-get install nginx-light)")
  [[ -x $DNSMASQ_BIN ]] || missing+=("dnsmasq (apt-get install dnsmasq-base)")
  command -v openssl >/dev/null || missing+=("openssl (apt-get install openssl)")
  command -v timeout >/dev/null || missing+=("timeout (coreutils)")
  [[ ${#missing[@]} -eq 0 ]] || lab_die "missing tools: ${missing[*]}"
}

# TCP endpoints the selection binds (the UDP DNS views are fixed).
tcp_endpoints() {
  local s
  echo "$LAB_AIA_ADDR:$LAB_HTTP_PORT"
  for s in "$@"; do
    echo "$(lab_fe_addr "$s"):$LAB_HTTPS_PORT" "$(lab_fe_addr "$s"):$LAB_HTTP_PORT"
    echo "$(lab_rp_addr "$s"):$LAB_HTTPS_PORT" "$(lab_rp_addr "$s"):$LAB_HTTP_PORT"
    if lab_uses_staller "$s"; then
      echo "$(lab_stall_addr "$s"):$LAB_HTTPS_PORT" "$(lab_stall_addr "$s"):$LAB_HTTP_PORT"
    fi
    if lab_lyncdiscover_http_only "$s"; then echo "$(lab_http_only_addr "$s"):$LAB_HTTP_PORT"; fi
    echo "$(lab_ucwa_addr "$s"):$LAB_UCWA_PORT"
  done
}

check_ports_free() {
  local ep busy=()
  for ep in $(tcp_endpoints "$@"); do
    lab_tcp_open "${ep%:*}" "${ep##*:}" && busy+=("$ep/tcp")
  done
  if command -v ss >/dev/null; then
    for ep in "$LAB_DNS_INTERNAL:$LAB_DNS_PORT" "$LAB_DNS_EXTERNAL:$LAB_DNS_PORT"; do
      [[ -z $(ss -Hlun "src $ep" 2>/dev/null) ]] || busy+=("$ep/udp")
    done
  fi
  [[ ${#busy[@]} -eq 0 ]] && return 0
  local more=""
  [[ ${#busy[@]} -le 4 ]] || more=" (+$((${#busy[@]} - 4)) more)"
  lab_die "port busy: ${busy[*]:0:4}$more; another lab with a different --dir? see 'ss -ltnup'"
}

# nginx needs the user directive only as root; its workers then read the AIA
# files as that user.
nginx_user_line() {
  [[ $(id -u) -eq 0 ]] || return 0
  if command -v runuser >/dev/null &&
    runuser -u nobody -- test -r "$PKI/aia/public-root.crt" 2>/dev/null; then
    echo "user nobody $(id -gn nobody);"
  else
    lab_log "warning: 'nobody' cannot read $PKI; nginx workers run as root"
    echo "user root root;"
  fi
}

# A lab tool's binary: the one given, else (hand use before a CMake build)
# compiled from its one file in lab/tools.
# find_lab_tool GIVEN CMAKE_TARGET SOURCE WHAT FLAG
find_lab_tool() {
  local given=$1 target=$2 source=$3 what=$4 flag=$5 cxx
  if [[ -x $given ]]; then echo "$given"; return 0; fi
  cxx=$(command -v c++ || command -v g++ || true)
  [[ -n $cxx ]] || lab_die "$what '$given' not found; build target $target or pass $flag"
  lab_log "$what '$given' not found; compiling lab/tools/$source"
  mkdir -p "$DIR/bin"
  "$cxx" -std=c++20 -O1 -o "$DIR/bin/$target" "$LAB_HOME/tools/$source" || lab_die "could not compile the $what"
  echo "$DIR/bin/$target"
}

find_stall_server() {
  find_lab_tool "$STALL_SERVER" lde_lab_stall_server stall_server.cpp "stall server" --stall-server
}

find_ucwa_standin() {
  find_lab_tool "$UCWA_STANDIN" lde_lab_ucwa_standin ucwa_standin.cpp "UCWA stand-in" --ucwa-standin
}

# The test account's password: fresh at every start, mode 0600 (the daemon
# refuses a password file anyone else can read).
write_test_account() {
  mkdir -p "$UCWA"
  (umask 077 && printf 'Lab-%s&pw %s\n' "$(openssl rand -hex 8)" "$(openssl rand -hex 4)" >"$UCWA/test-account.password")
}

http_ok() { # ADDR PORT PATH: a real GET, true on a 200 status line
  local status
  status=$(timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$2" "$0" >&3; head -n1 <&3' "$1" "$2" "$3" 2>/dev/null) ||
    return 1
  [[ $status == *" 200 "* ]]
}
dns_ok() { [[ $(lab_dns_query "$1" "$LAB_DNS_PORT" "$2") == NOERROR* ]]; }

wait_ready() {
  local s first=$1 scenarios=("${@:2}")
  lab_poll 50 0.1 dns_ok "$LAB_DNS_INTERNAL" "webext.$(lab_domain "$first")" ||
    fail_start "internal DNS view did not answer (see $DNS/internal.log)"
  lab_poll 50 0.1 dns_ok "$LAB_DNS_EXTERNAL" "webext.$(lab_domain "$first")" ||
    fail_start "external DNS view did not answer (see $DNS/external.log)"
  lab_poll 50 0.1 http_ok "$LAB_AIA_ADDR" "$LAB_HTTP_PORT" /public-root.crt ||
    fail_start "AIA server did not answer (see $NGX/logs/error.log)"
  for s in "${scenarios[@]}"; do
    lab_poll 50 0.1 http_ok "$(lab_fe_addr "$s")" "$LAB_HTTP_PORT" / ||
      fail_start "$s FE did not answer on HTTP"
    lab_poll 50 0.1 http_ok "$(lab_rp_addr "$s")" "$LAB_HTTP_PORT" / ||
      fail_start "$s RP did not answer on HTTP"
    lab_poll 50 0.1 lab_tcp_open "$(lab_fe_addr "$s")" "$LAB_HTTPS_PORT" || fail_start "$s FE:9443 closed"
    lab_poll 50 0.1 lab_tcp_open "$(lab_rp_addr "$s")" "$LAB_HTTPS_PORT" || fail_start "$s RP:9443 closed"
    if lab_uses_staller "$s"; then
      lab_poll 50 0.1 lab_tcp_open "$(lab_stall_addr "$s")" "$LAB_HTTPS_PORT" ||
        fail_start "stall server did not listen (see $STALL/stall.log)"
    fi
    if lab_lyncdiscover_http_only "$s"; then
      lab_poll 50 0.1 http_ok "$(lab_http_only_addr "$s")" "$LAB_HTTP_PORT" / ||
        fail_start "$s lyncdiscover did not answer on HTTP"
    fi
    lab_poll 50 0.1 lab_tcp_open "$(lab_ucwa_addr "$s")" "$LAB_UCWA_PORT" ||
      fail_start "UCWA stand-in did not listen (see $UCWA/ucwa.log)"
  done
}

fail_start() {
  lab_log "error: $*"
  lab_log "stopping what was started"
  stop_all quiet || true
  exit 1
}

# --- commands ---
cmd_start() {
  require_tools
  local scenarios stall_bin="" ucwa_bin parsed
  parsed=$(lab_parse_scenarios "$SCENARIO_SPEC") || exit 1
  read -r -a scenarios <<<"$parsed"
  stop_all quiet || lab_die "could not stop the previous instance in $DIR"
  check_ports_free "${scenarios[@]}"
  for s in "${scenarios[@]}"; do
    if lab_uses_staller "$s"; then stall_bin=$(find_stall_server) || exit 1; fi
  done
  ucwa_bin=$(find_ucwa_standin) || exit 1

  local t0=$SECONDS
  rm -rf "$PKI" "$NGX" "$DNS" "$STALL" "$UCWA" "$CONFIG"
  chmod 0755 "$DIR"
  write_test_account
  pki_generate "${scenarios[@]}"
  nginx_write_config "$(nginx_user_line)" "${scenarios[@]}"
  dns_write_config internal "${scenarios[@]}"
  dns_write_config external "${scenarios[@]}"
  daemon_config_write "$CONFIG" "${scenarios[@]}"
  {
    echo "scenarios=${scenarios[*]}"
    echo "tcp=$(tcp_endpoints "${scenarios[@]}" | tr '\n' ' ')"
    echo "stall_server=$stall_bin"
  } >"$STATE"

  "$NGINX_BIN" -p "$NGX/" -c "$NGX/nginx.conf" -e "$NGX/logs/error.log" 2>"$NGX/logs/start.log" ||
    fail_start "nginx did not start: $(tail -n 3 "$NGX/logs/start.log" "$NGX/logs/error.log" 2>/dev/null)"
  local view
  for view in internal external; do
    "$DNSMASQ_BIN" --conf-file="$DNS/$view.conf" 2>"$DNS/$view.start.log" ||
      fail_start "dnsmasq ($view) did not start: $(cat "$DNS/$view.start.log")"
  done
  if [[ -n $stall_bin ]]; then
    mkdir -p "$STALL"
    local a
    a=$(lab_stall_addr stall)
    # setsid: not killed with the caller's terminal; the pid file is written by
    # the process itself before it execs, so it is the server's pid.
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$STALL/stall.pid" \
      "$stall_bin" --max-held 256 "$a:$LAB_HTTPS_PORT" "$a:$LAB_HTTP_PORT" \
      </dev/null >"$STALL/stall.log" 2>&1 &
  fi
  local listen=() a
  for s in "${scenarios[@]}"; do
    a="$(lab_ucwa_addr "$s"):$LAB_UCWA_PORT"
    if lab_ucwa_app_fails "$s"; then a+="=app-fails"; fi
    listen+=("$a")
  done
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$UCWA/ucwa.pid" \
    "$ucwa_bin" --user "$LAB_UCWA_USER" --password-file "$UCWA/test-account.password" "${listen[@]}" \
    </dev/null >"$UCWA/ucwa.log" 2>&1 &
  wait_ready "${scenarios[@]}"
  lab_log "started ${scenarios[*]} in $((SECONDS - t0)) s (dir $DIR)"
  echo "$CONFIG"
}

cmd_stop() {
  stop_all verbose || lab_die "stop failed"
}

cmd_status() {
  [[ -f $STATE ]] || { echo "lab: not running (dir $DIR)"; return 3; }
  local scenarios ok=0 line
  scenarios=$(sed -n 's/^scenarios=//p' "$STATE")
  echo "dir:       $DIR"
  echo "scenarios: $scenarios"
  while read -r line; do
    echo "$line"
    [[ $line == *" running "* ]] || ok=1
  done < <(process_report)
  echo "config:    $CONFIG"
  return $ok
}

cmd_config() {
  [[ -f $CONFIG ]] || lab_die "no daemon config in $DIR (run 'lab.sh start' first)"
  echo "$CONFIG"
}

cmd_resolve() {
  [[ ${#POSITIONAL[@]} -ge 1 ]] || lab_die "usage: lab.sh resolve NAME [internal|external]"
  local server=$LAB_DNS_INTERNAL
  case ${POSITIONAL[1]:-internal} in
    internal) ;;
    external) server=$LAB_DNS_EXTERNAL ;;
    *) lab_die "view must be internal or external" ;;
  esac
  lab_dns_query "$server" "$LAB_DNS_PORT" "${POSITIONAL[0]}"
}

case $COMMAND in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  config) cmd_config ;;
  resolve) cmd_resolve ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
