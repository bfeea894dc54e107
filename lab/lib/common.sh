# Shared by lab.sh and selftest.sh: the scenario table, addresses, logging,
# and small bounded polling helpers. Sourced, never run.
# shellcheck shell=bash

# The fixed scenario table. Scenario k (1-based position) owns 127.0.k.0/24, so
# every scenario can run at once and addresses never depend on the selection.
LAB_ALL_SCENARIOS=(healthy enterprise-fe rp-missing-intermediate expired rp-san-missing
                   no-internal-dns html-login redirect-loop stall multidomain fe-node-expired
                   http-only-discovery ucwa-app-fails)
LAB_DEFAULT_SCENARIOS="healthy,enterprise-fe"
LAB_HTTPS_PORT=9443
LAB_HTTP_PORT=9080
LAB_DNS_PORT=5353
LAB_DNS_INTERNAL=127.0.53.1
LAB_DNS_EXTERNAL=127.0.53.2
LAB_AIA_ADDR=127.0.53.9
LAB_TLD=lab.test
# The UCWA stand-in (lab/tools/ucwa_standin.cpp) behind nginx, plain HTTP on
# each scenario's 127.0.k.40; the test account is alice@<scenario domain>.
LAB_UCWA_PORT=9090
LAB_UCWA_USER=alice

lab_log() { printf 'lab: %s\n' "$*" >&2; }
lab_die() { printf 'lab: error: %s\n' "$*" >&2; exit 1; }

# lab_index SCENARIO -> k (1-based), or fails for an unknown name.
lab_index() {
  local i
  for i in "${!LAB_ALL_SCENARIOS[@]}"; do
    if [[ ${LAB_ALL_SCENARIOS[$i]} == "$1" ]]; then echo $((i + 1)); return 0; fi
  done
  return 1
}
lab_domain() { echo "$1.$LAB_TLD"; }
lab_fe_addr() { echo "127.0.$(lab_index "$1").10"; }
lab_rp_addr() { echo "127.0.$(lab_index "$1").20"; }
lab_stall_addr() { echo "127.0.$(lab_index "$1").30"; }
lab_ucwa_addr() { echo "127.0.$(lab_index "$1").40"; }
# The second Front End node of a two-node pool (fe-node-expired).
lab_fe2_addr() { echo "127.0.$(lab_index "$1").11"; }
# lyncdiscover.<d> published on plain HTTP only (http-only-discovery).
lab_http_only_addr() { echo "127.0.$(lab_index "$1").40"; }

# --- per-scenario facts (the single place that says what each one breaks) ---
lab_fe_issuer() { [[ $1 == enterprise-fe ]] && echo enterprise-intermediate || echo public-intermediate; }
lab_rp_sends_intermediate() { [[ $1 != rp-missing-intermediate ]]; }
lab_rp_expired() { [[ $1 == expired ]]; }
lab_rp_has_lyncdiscover_san() { [[ $1 != rp-san-missing ]]; }
lab_has_internal_record() { [[ $1 != no-internal-dns && $1 != stall ]]; }
lab_uses_staller() { [[ $1 == stall ]]; }
lab_fe_folds_www_authenticate() { [[ $1 == healthy ]]; }
# A pool of two Front End nodes behind lyncdiscoverinternal (DNS load
# balancing); the second serves a certificate that expired 2 days ago.
lab_has_second_fe() { [[ $1 == fe-node-expired ]]; }
# lyncdiscover.<d> on an address of its own that listens on plain HTTP only
# (a deployment that left lyncdiscover off the public certificate): its
# root redirects to webext.<d>'s Root over HTTPS.
lab_lyncdiscover_http_only() { [[ $1 == http-only-discovery ]]; }
# The pool refuses to create UCWA applications (403, as for a cross-domain
# request): the anonymous walk passes, the authenticated sign-in fails.
lab_ucwa_app_fails() { [[ $1 == ucwa-app-fails ]]; }
# SIP domains besides <scenario>.lab.test that the same FE and RP serve
# (the deployment's `sip_domains`); they are not walked, only named on the
# certificates. Prints them space-separated, nothing for most scenarios.
lab_extra_sip_domains() { [[ $1 != multidomain ]] || echo "other-multidomain.$LAB_TLD"; }
# Whether the RP certificate names lyncdiscover.<e> for those extra domains
# (the FE's always does, as Microsoft's certificate summary asks).
lab_rp_covers_extra_domains() { [[ $1 != multidomain ]]; }
# normal | html-login | redirect-loop
lab_rp_mode() {
  case $1 in
    html-login | redirect-loop) echo "$1" ;;
    *) echo normal ;;
  esac
}
# Address lyncdiscover.<d> resolves to (both views).
lab_lyncdiscover_addr() {
  if lab_uses_staller "$1"; then lab_stall_addr "$1"
  elif lab_lyncdiscover_http_only "$1"; then lab_http_only_addr "$1"
  else lab_rp_addr "$1"; fi
}

# lab_parse_scenarios "a,b|all" -> space-separated list in table order, or dies.
lab_parse_scenarios() {
  local spec=$1 s wanted=() out=()
  [[ $spec == all ]] && { echo "${LAB_ALL_SCENARIOS[*]}"; return 0; }
  IFS=, read -r -a wanted <<<"$spec"
  [[ ${#wanted[@]} -gt 0 ]] || lab_die "empty --scenarios list"
  for s in "${wanted[@]}"; do
    lab_index "$s" >/dev/null ||
      lab_die "unknown scenario '$s' (known: ${LAB_ALL_SCENARIOS[*]} or 'all')"
  done
  for s in "${LAB_ALL_SCENARIOS[@]}"; do
    [[ ,$spec, == *",$s,"* ]] && out+=("$s")
  done
  echo "${out[*]}"
}

# lab_tcp_open ADDR PORT: true if something accepts TCP there (1 s bound).
lab_tcp_open() {
  timeout 1 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# lab_poll TRIES DELAY CMD...: run CMD until it succeeds, at most TRIES times,
# DELAY seconds apart. This is polling a real request, not a timed wait.
lab_poll() {
  local tries=$1 delay=$2 i
  shift 2
  for ((i = 0; i < tries; i++)); do
    "$@" && return 0
    sleep "$delay"
  done
  return 1
}

# lab_dns_query SERVER PORT NAME [TYPE=1]: one UDP query, no dig needed (the
# lab only depends on bash + coreutils here). Prints "RCODE ADDR..." where
# RCODE is NOERROR/NXDOMAIN/REFUSED/SERVFAIL/RCODE<n> and ADDR the A records;
# prints TIMEOUT and fails when nothing answers within 2 s.
lab_dns_query() {
  local server=$1 port=$2 name=$3 qtype=${4:-1} query hex label labels=()
  query=$(mktemp) || return 1
  IFS=. read -r -a labels <<<"$name"
  {
    printf '\x4c\x44\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00'
    for label in "${labels[@]}"; do printf "\\x$(printf %02x "${#label}")%s" "$label"; done
    printf "\\x00\\x00\\x$(printf %02x "$qtype")\\x00\\x01"
  } >"$query"
  hex=$(timeout 2 bash -c 'exec 3<>"/dev/udp/$0/$1" && cat "$2" >&3 &&
                           dd bs=4096 count=1 status=none <&3 | od -An -v -tx1' \
        "$server" "$port" "$query" 2>/dev/null)
  rm -f "$query"
  [[ -n $hex ]] || { echo TIMEOUT; return 1; }
  # shellcheck disable=SC2206
  local b=($hex) rcode ancount pos n out=() type rdlen
  [[ ${#b[@]} -ge 12 ]] || { echo MALFORMED; return 1; }
  rcode=$((16#${b[3]} & 15))
  ancount=$((16#${b[6]} * 256 + 16#${b[7]}))
  case $rcode in
    0) out+=(NOERROR) ;; 2) out+=(SERVFAIL) ;; 3) out+=(NXDOMAIN) ;; 5) out+=(REFUSED) ;;
    *) out+=("RCODE$rcode") ;;
  esac
  # Skip the question: labels until a zero byte, then type and class.
  pos=12
  while ((pos < ${#b[@]} && 16#${b[pos]} != 0)); do pos=$((pos + 16#${b[pos]} + 1)); done
  pos=$((pos + 5))
  for ((n = 0; n < ancount && pos < ${#b[@]}; n++)); do
    # Answer names are compressed pointers (2 bytes) or labels.
    if (((16#${b[pos]} & 192) == 192)); then
      pos=$((pos + 2))
    else
      while ((pos < ${#b[@]} && 16#${b[pos]} != 0)); do pos=$((pos + 16#${b[pos]} + 1)); done
      pos=$((pos + 1))
    fi
    type=$((16#${b[pos]} * 256 + 16#${b[pos + 1]}))
    rdlen=$((16#${b[pos + 8]} * 256 + 16#${b[pos + 9]}))
    pos=$((pos + 10))
    if ((type == 1 && rdlen == 4)); then
      out+=("$((16#${b[pos]})).$((16#${b[pos + 1]})).$((16#${b[pos + 2]})).$((16#${b[pos + 3]}))")
    fi
    pos=$((pos + rdlen))
  done
  echo "${out[*]}"
}
