# Stopping and reporting the lab's processes, by pid file only: a pid is
# signalled only if its command line still names this lab's DIR (or the
# staller's address), so a recycled pid is never killed. Sourced by lab.sh.
# shellcheck shell=bash

# name|pid file|text the process command line must contain
_lab_components() {
  echo "nginx|$NGX/nginx.pid|$NGX"
  echo "dns-internal|$DNS/internal.pid|$DNS/internal.conf"
  echo "dns-external|$DNS/external.pid|$DNS/external.conf"
  echo "stall-server|$STALL/stall.pid|$(lab_stall_addr stall):$LAB_HTTPS_PORT"
  echo "ucwa-standin|$UCWA/ucwa.pid|$UCWA/test-account.password"
}

# Alive and not a zombie (a zombie holds no sockets).
_lab_alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# _lab_owned_pid PIDFILE PATTERN -> pid, if the pid file names a live process
# whose command line contains PATTERN.
_lab_owned_pid() {
  local pid cmdline
  [[ -f $1 ]] || return 1
  pid=$(tr -dc 0-9 <"$1")
  [[ -n $pid ]] && _lab_alive "$pid" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$2"* ]] || return 1
  echo "$pid"
}

_lab_gone() {
  local p
  for p in "$@"; do _lab_alive "$p" && return 1; done
  return 0
}

# TERM, wait (bounded), then KILL; children too (nginx workers).
_lab_kill() {
  local pid=$1 children
  children=$(ps -o pid= --ppid "$pid" 2>/dev/null | tr -s ' \n' ' ' || true)
  # shellcheck disable=SC2086
  kill -TERM "$pid" 2>/dev/null || true
  # shellcheck disable=SC2086
  lab_poll 50 0.1 _lab_gone "$pid" $children && return 0
  # shellcheck disable=SC2086
  kill -KILL "$pid" $children 2>/dev/null || true
  # shellcheck disable=SC2086
  lab_poll 20 0.1 _lab_gone "$pid" $children
}

_lab_tcp_closed() { ! lab_tcp_open "$1" "$2"; }

# stop_all quiet|verbose: stops whatever this DIR started; fails if a port the
# lab used is still open afterwards.
stop_all() {
  local mode=$1 name pidfile pattern pid stopped=() ep still=()
  while IFS='|' read -r name pidfile pattern; do
    if pid=$(_lab_owned_pid "$pidfile" "$pattern"); then
      _lab_kill "$pid" || lab_log "warning: $name (pid $pid) did not exit"
      stopped+=("$name")
    fi
    rm -f "$pidfile"
  done < <(_lab_components)

  if [[ -f $STATE ]]; then
    for ep in $(sed -n 's/^tcp=//p' "$STATE"); do
      lab_poll 30 0.1 _lab_tcp_closed "${ep%:*}" "${ep##*:}" || still+=("$ep/tcp")
    done
    if command -v ss >/dev/null; then
      for ep in "$LAB_DNS_INTERNAL:$LAB_DNS_PORT" "$LAB_DNS_EXTERNAL:$LAB_DNS_PORT"; do
        [[ -z $(ss -Hlun "src $ep" 2>/dev/null) ]] || still+=("$ep/udp")
      done
    fi
    rm -f "$STATE"
  fi
  if [[ ${#still[@]} -gt 0 ]]; then
    lab_log "error: still open after stop: ${still[*]}"
    return 1
  fi
  if [[ $mode == verbose ]]; then
    if [[ ${#stopped[@]} -gt 0 ]]; then lab_log "stopped ${stopped[*]} (dir $DIR)"
    else lab_log "not running (dir $DIR)"; fi
  fi
  return 0
}

# One line per component: "<name> running pid N" or "<name> stopped".
process_report() {
  local name pidfile pattern pid
  while IFS='|' read -r name pidfile pattern; do
    if [[ $name == stall-server ]] && ! grep -q '^scenarios=.*\bstall\b' "$STATE" 2>/dev/null; then
      continue
    fi
    if pid=$(_lab_owned_pid "$pidfile" "$pattern"); then
      printf '%-13s running pid %s\n' "$name" "$pid"
    else
      printf '%-13s stopped\n' "$name"
    fi
  done < <(_lab_components)
}
