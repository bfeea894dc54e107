#!/usr/bin/env bash
# Self-test of the lab: starts every scenario in a scratch directory, checks
# DNS views, certificates and chains, discovery documents, 401 challenges,
# the staller and the daemon config with real requests (curl, openssl
# s_client, a UDP DNS query), restarts to prove start is idempotent, stops and
# checks the ports are free. Every request is bounded (curl --max-time,
# timeout). Ends with "N passed, N failed"; exits non-zero on any failure.
#
#   lab/selftest.sh [--dir DIR] [--stall-server PATH] [--ucwa-standin PATH] [--keep]
set -uo pipefail

LAB_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib/common.sh
. "$LAB_HOME/lib/common.sh"

DIR="" KEEP=0 LAB_ARGS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --dir) DIR=$2; shift 2 ;;
    --stall-server) LAB_ARGS+=(--stall-server "$2"); shift 2 ;;
    --ucwa-standin) LAB_ARGS+=(--ucwa-standin "$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    *) echo "usage: $0 [--dir DIR] [--stall-server PATH] [--ucwa-standin PATH] [--keep]" >&2; exit 2 ;;
  esac
done
for tool in curl openssl timeout; do
  command -v "$tool" >/dev/null || { echo "selftest: $tool is required" >&2; exit 1; }
done
if [[ -z $DIR ]]; then
  DIR=$(mktemp -d /tmp/lde-lab-selftest.XXXXXX)
  chmod 0755 "$DIR"  # nginx workers (nobody when root) read the AIA files
  [[ $KEEP -eq 1 ]] || CLEAN_DIR=1
fi
T=$(mktemp -d /tmp/lde-lab-selftest-io.XXXXXX)
LAB=("$LAB_HOME/lab.sh")
cleanup() {
  "${LAB[@]}" stop --dir "$DIR" >/dev/null 2>&1
  rm -rf "$T"
  [[ ${CLEAN_DIR:-0} -eq 1 ]] && rm -rf "$DIR"
}
trap cleanup EXIT

PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); printf '  ok   %s\n' "$1"; }
bad() { FAILED=$((FAILED + 1)); printf '  FAIL %s\n' "$1"; [[ -z ${2:-} ]] || printf '       %s\n' "$2"; }
expect_eq() { # NAME GOT WANT
  if [[ $2 == "$3" ]]; then ok "$1"; else bad "$1" "got '$2', want '$3'"; fi
}
expect_grep() { # NAME FILE ERE
  if grep -Eq -- "$3" "$2"; then ok "$1"; else bad "$1" "no /$3/ in: $(head -c 300 "$2" | tr '\r\n' '  ')"; fi
}
expect_no_grep() { # NAME FILE ERE
  if ! grep -Eq -- "$3" "$2"; then ok "$1"; else bad "$1" "unexpected /$3/"; fi
}

PKI=$DIR/pki
PUB=$PKI/public-root.pem ENT=$PKI/enterprise-root.pem
XML="application/vnd.microsoft.rtc.autodiscover+xml;v=1"
XML_TYPE="application/vnd.microsoft.rtc.autodiscover+xml; v=1"
AD=/Autodiscover/AutodiscoverService.svc/root

# fetch URL ADDR [ACCEPT] [CAFILE]: headers in $T/h, body in $T/b; sets
# STATUS, CTYPE, RC (curl exit code).
fetch() {
  local url=$1 addr=$2 accept=${3:-application/json} ca=${4:-$PUB} hostport
  hostport=${url#*://}
  hostport=${hostport%%/*}
  [[ $hostport == *:* ]] || hostport+=":443"
  RC=0
  STATUS=$(curl -sS --max-time 5 --resolve "$hostport:$addr" --cacert "$ca" -H "Accept: $accept" \
    -D "$T/h" -o "$T/b" -w '%{http_code}' "$url" 2>"$T/e") || RC=$?
  CTYPE=$(sed -n 's/^[Cc]ontent-[Tt]ype: *//p' "$T/h" 2>/dev/null | tr -d '\r' | tail -n1)
}

# tls ADDR SNI CAFILE: s_client output in $T/tls; sets VERIFY (code) and
# CHAIN (certificates sent).
tls() {
  timeout 5 openssl s_client -connect "$1:$LAB_HTTPS_PORT" -servername "$2" -CAfile "$3" \
    -verify_hostname "$2" -showcerts </dev/null >"$T/tls" 2>&1
  VERIFY=$(sed -n 's/^Verify return code: \([0-9]*\).*/\1/p' "$T/tls" | head -n1)
  CHAIN=$(grep -c -- '-----BEGIN CERTIFICATE-----' "$T/tls")
}

dns() { lab_dns_query "$1" "$LAB_DNS_PORT" "$2"; }
I=$LAB_DNS_INTERNAL E=$LAB_DNS_EXTERNAL

# --- checks shared by every healthy-looking site ---
check_discovery_site() { # SCENARIO ROLE ADDR HOST ACCESS
  local s=$1 role=$2 addr=$3 host=$4 access=$5 d
  d=$(dom "$s")
  fetch "https://$host:$LAB_HTTPS_PORT/?sipuri=monitor@$d" "$addr"
  expect_eq "$s $role JSON root status" "$STATUS" 200
  expect_eq "$s $role JSON root content type" "$CTYPE" application/json
  expect_grep "$s $role JSON user link via webext" "$T/b" \
    "\"user\":\\{\"href\":\"https://webext\\.$d:9443$AD/oauth/user\\?originalDomain=$d\""
  expect_grep "$s $role JSON xframe link" "$T/b" '"xframe":\{"href":"https://webext\.'
  expect_grep "$s $role X-MS-Server-Fqdn" "$T/h" "^X-MS-Server-Fqdn: pool01\\.$d"
  fetch "https://$host:$LAB_HTTPS_PORT/autodiscover/AUTODISCOVERSERVICE.svc/Root?sipuri=monitor@$d" "$addr" "$XML"
  expect_eq "$s $role XML root status (case-insensitive path)" "$STATUS" 200
  expect_eq "$s $role XML root content type" "$CTYPE" "$XML_TYPE"
  expect_grep "$s $role XML AccessLocation" "$T/b" "AccessLocation=\"$access\""
  local token
  for token in User OAuth Domain Self XFrame; do
    expect_grep "$s $role XML Link $token" "$T/b" "<Link token=\"$token\" href=\"https://"
  done
}

check_user_401() { # SCENARIO ROLE ADDR HOST FOLDED(0|1)
  local s=$1 role=$2 addr=$3 host=$4 folded=$5 d
  d=$(dom "$s")
  fetch "https://$host:$LAB_HTTPS_PORT$AD/oauth/user?originalDomain=$d" "$addr"
  expect_eq "$s $role user status" "$STATUS" 401
  local lines
  lines=$(grep -ci '^WWW-Authenticate:' "$T/h")
  if [[ $folded -eq 1 ]]; then
    expect_eq "$s $role user one folded WWW-Authenticate" "$lines" 1
    expect_grep "$s $role folded line has both challenges" "$T/h" \
      '^WWW-Authenticate: Bearer trusted_issuers="", client_id="00000004-0000-0ff1-ce00-000000000000", MsRtcOAuth href='
  else
    expect_eq "$s $role user two WWW-Authenticate" "$lines" 2
    expect_grep "$s $role Bearer challenge" "$T/h" \
      '^WWW-Authenticate: Bearer trusted_issuers="", client_id="00000004-0000-0ff1-ce00-000000000000'
  fi
  expect_grep "$s $role MsRtcOAuth href on webext" "$T/h" \
    "MsRtcOAuth href=\"https://webext\\.$d:9443/WebTicket/oauthtoken\",grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\""
  fetch "https://$host:$LAB_HTTPS_PORT$AD/user" "$addr" "$XML"
  expect_eq "$s $role root/user status" "$STATUS" 401
}

# Expectations written out here, independent of lab/lib/common.sh, so a wrong
# table in the lab is caught rather than mirrored.
declare -A K=([healthy]=1 [enterprise-fe]=2 [rp-missing-intermediate]=3 [expired]=4
              [rp-san-missing]=5 [no-internal-dns]=6 [html-login]=7 [redirect-loop]=8 [stall]=9
              [multidomain]=10 [fe-node-expired]=11 [http-only-discovery]=12 [ucwa-app-fails]=13)
fe() { echo "127.0.${K[$1]}.10"; }
rp() { echo "127.0.${K[$1]}.20"; }
st() { echo "127.0.${K[$1]}.30"; }
dom() { echo "$1.lab.test"; }
check_dns() { # SCENARIO
  local s=$1 d=$1.lab.test fe="127.0.${K[$1]}.10" rp="127.0.${K[$1]}.20" ld="127.0.${K[$1]}.20"
  [[ $s == stall ]] && ld="127.0.${K[$1]}.30"
  [[ $s == http-only-discovery ]] && ld="127.0.${K[$1]}.40"
  if [[ $s == fe-node-expired ]]; then
    expect_eq "$s dns internal lyncdiscoverinternal (two nodes)" "$(dns $I "lyncdiscoverinternal.$d")" \
      "NOERROR $fe 127.0.${K[$1]}.11"
  elif [[ $s != no-internal-dns && $s != stall ]]; then
    expect_eq "$s dns internal lyncdiscoverinternal" "$(dns $I "lyncdiscoverinternal.$d")" "NOERROR $fe"
  else
    expect_eq "$s dns internal lyncdiscoverinternal absent" "$(dns $I "lyncdiscoverinternal.$d")" NXDOMAIN
  fi
  expect_eq "$s dns internal lyncdiscover" "$(dns $I "lyncdiscover.$d")" "NOERROR $ld"
  expect_eq "$s dns internal webext" "$(dns $I "webext.$d")" "NOERROR $rp"
  expect_eq "$s dns internal pool01" "$(dns $I "pool01.$d")" "NOERROR $fe"
  expect_eq "$s dns external lyncdiscover" "$(dns $E "lyncdiscover.$d")" "NOERROR $ld"
  expect_eq "$s dns external webext" "$(dns $E "webext.$d")" "NOERROR $rp"
  expect_eq "$s dns external no lyncdiscoverinternal" "$(dns $E "lyncdiscoverinternal.$d")" NXDOMAIN
  expect_eq "$s dns external no pool01" "$(dns $E "pool01.$d")" NXDOMAIN
}

CFG_EARLY=${DIR}/lyncdiscover_exporter.yml
# --- start ---
echo "selftest: starting all scenarios in $DIR"
start_s=$SECONDS
if ! "${LAB[@]}" start --scenarios all --dir "$DIR" "${LAB_ARGS[@]}" >"$T/start.out" 2>&1; then
  cat "$T/start.out"
  bad "lab start"
  echo "$PASSED passed, $FAILED failed"
  exit 1
fi
ok "lab start (all scenarios, $((SECONDS - start_s)) s)"
expect_eq "start prints the daemon config path" "$(tail -n1 "$T/start.out")" "$DIR/lyncdiscover_exporter.yml"
# How long the start took is reported above, not asserted: a wall-clock
# bound failed a CI run at 10 s while the sanitized tests ran beside it
# (the start's own waits are each bounded, so a hang still fails it).
"${LAB[@]}" status --dir "$DIR" >"$T/status" 2>&1
expect_eq "status exit code" "$?" 0

echo "selftest: DNS views"
for s in "${!K[@]}"; do check_dns "$s"; done
expect_eq "dns unknown lab name NXDOMAIN" "$(dns $I nothere.healthy.lab.test)" NXDOMAIN
expect_eq "dns outside names NXDOMAIN (not forwarded)" "$(dns $E www.example.com)" NXDOMAIN

echo "selftest: AIA server"
for ca in public-root public-intermediate enterprise-root enterprise-intermediate; do
  RC=0
  STATUS=$(curl -sS --max-time 5 -o "$T/$ca.der" -w '%{http_code} %{content_type}' \
    "http://$LAB_AIA_ADDR:$LAB_HTTP_PORT/$ca.crt") || RC=$?
  expect_eq "aia $ca.crt served" "$STATUS" "200 application/pkix-cert"
  if openssl x509 -inform DER -in "$T/$ca.der" -noout 2>/dev/null; then ok "aia $ca.crt is DER"
  else bad "aia $ca.crt is DER"; fi
  curl -sS --max-time 5 -o "$T/$ca.crl" "http://$LAB_AIA_ADDR:$LAB_HTTP_PORT/$ca.crl"
  if openssl crl -inform DER -in "$T/$ca.crl" -noout 2>/dev/null; then ok "aia $ca.crl is DER"
  else bad "aia $ca.crl is DER"; fi
done

echo "selftest: healthy"
s=healthy d=$(dom healthy)
tls "$(rp $s)" "lyncdiscover.$d" "$PUB"
expect_eq "healthy RP chain trusted by public" "$VERIFY" 0
expect_eq "healthy RP sends leaf + intermediate" "$CHAIN" 2
tls "$(fe $s)" "lyncdiscoverinternal.$d" "$PUB"
expect_eq "healthy FE chain trusted by public" "$VERIFY" 0
check_discovery_site $s FE "$(fe $s)" "lyncdiscoverinternal.$d" Internal
check_discovery_site $s RP "$(rp $s)" "lyncdiscover.$d" External
check_user_401 $s RP "$(rp $s)" "webext.$d" 0
check_user_401 $s FE "$(fe $s)" "pool01.$d" 1
fetch "http://lyncdiscover.$d:$LAB_HTTP_PORT/?sipuri=monitor@$d" "$(rp $s)"
expect_eq "healthy HTTP root status" "$STATUS" 200
expect_grep "healthy HTTP root is a single redirect to https" "$T/b" \
  "^\\{\"_links\":\\{\"redirect\":\\{\"href\":\"https://lyncdiscover\\.$d:9443$AD\"\\}\\}\\}$"
fetch "http://lyncdiscover.$d:$LAB_HTTP_PORT$AD" "$(rp $s)" "$XML"
expect_grep "healthy HTTP XML Redirect token" "$T/b" "<Root><Link token=\"Redirect\" href=\"https://lyncdiscover\\.$d:9443$AD\"/></Root>"
fetch "https://webext.$d:$LAB_HTTPS_PORT/Autodiscover/XFrame/XFrame.html" "$(rp $s)"
expect_eq "healthy xframe 200 html" "$STATUS $CTYPE" "200 text/html"

echo "selftest: enterprise-fe"
s=enterprise-fe d=$(dom $s)
tls "$(fe $s)" "lyncdiscoverinternal.$d" "$PUB"
expect_eq "enterprise-fe FE not trusted by public (20 unable to get local issuer)" "$VERIFY" 20
expect_eq "enterprise-fe FE sends leaf + enterprise intermediate" "$CHAIN" 2
tls "$(fe $s)" "lyncdiscoverinternal.$d" "$ENT"
expect_eq "enterprise-fe FE trusted by enterprise" "$VERIFY" 0
tls "$(rp $s)" "lyncdiscover.$d" "$PUB"
expect_eq "enterprise-fe RP trusted by public" "$VERIFY" 0
fetch "https://lyncdiscoverinternal.$d:$LAB_HTTPS_PORT/" "$(fe $s)" application/json "$PUB"
expect_eq "enterprise-fe curl with public store fails on trust (60)" "$RC" 60
check_discovery_site $s RP "$(rp $s)" "lyncdiscover.$d" External
cat "$PUB" "$ENT" >"$T/both.pem"
fetch "https://lyncdiscoverinternal.$d:$LAB_HTTPS_PORT/" "$(fe $s)" application/json "$T/both.pem"
expect_eq "enterprise-fe FE root with both stores" "$STATUS" 200

echo "selftest: rp-missing-intermediate"
s=rp-missing-intermediate d=$(dom $s)
tls "$(rp $s)" "lyncdiscover.$d" "$PUB"
expect_eq "rp-missing-intermediate RP sends the leaf only" "$CHAIN" 1
expect_eq "rp-missing-intermediate RP fails strict verify (21)" "$VERIFY" 21
sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' "$T/tls" >"$T/leaf.pem"
aia=$(openssl x509 -in "$T/leaf.pem" -noout -ext authorityInfoAccess 2>/dev/null | sed -n 's/.*CA Issuers - URI://p' | tr -d ' ')
expect_eq "rp-missing-intermediate leaf AIA caIssuers" "$aia" "http://$LAB_AIA_ADDR:$LAB_HTTP_PORT/public-intermediate.crt"
curl -sS --max-time 5 -o "$T/fetched.der" "$aia" && openssl x509 -inform DER -in "$T/fetched.der" -out "$T/fetched.pem"
if openssl verify -CAfile "$PUB" -untrusted "$T/fetched.pem" "$T/leaf.pem" >/dev/null 2>&1; then
  ok "rp-missing-intermediate chain completes via AIA"
else bad "rp-missing-intermediate chain completes via AIA"; fi
fetch "https://lyncdiscover.$d:$LAB_HTTPS_PORT/" "$(rp $s)"
expect_eq "rp-missing-intermediate curl fails without AIA (60)" "$RC" 60

echo "selftest: expired"
s=expired d=$(dom $s)
tls "$(rp $s)" "lyncdiscover.$d" "$PUB"
expect_eq "expired RP certificate has expired (10)" "$VERIFY" 10
sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/{p;/-----END/q}' "$T/tls" >"$T/leaf.pem"
if ! openssl x509 -in "$T/leaf.pem" -noout -checkend 0 >/dev/null; then ok "expired RP notAfter in the past"
else bad "expired RP notAfter in the past"; fi
tls "$(fe $s)" "lyncdiscoverinternal.$d" "$PUB"
expect_eq "expired FE still valid" "$VERIFY" 0

echo "selftest: fe-node-expired"
s=fe-node-expired d=$(dom $s)
tls "$(fe $s)" "lyncdiscoverinternal.$d" "$PUB"
expect_eq "fe-node-expired first node valid" "$VERIFY" 0
tls "127.0.${K[$s]}.11" "lyncdiscoverinternal.$d" "$PUB"
expect_eq "fe-node-expired second node has expired (10)" "$VERIFY" 10
fetch "https://lyncdiscoverinternal.$d:$LAB_HTTPS_PORT/" "127.0.${K[$s]}.11"
expect_eq "fe-node-expired curl refuses the second node (60)" "$RC" 60

echo "selftest: rp-san-missing"
s=rp-san-missing d=$(dom $s)
tls "$(rp $s)" "lyncdiscover.$d" "$PUB"
expect_eq "rp-san-missing lyncdiscover hostname mismatch (62)" "$VERIFY" 62
sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/{p;/-----END/q}' "$T/tls" >"$T/leaf.pem"
expect_eq "rp-san-missing SAN is webext only" \
  "$(openssl x509 -in "$T/leaf.pem" -noout -ext subjectAltName | tail -n1 | tr -d ' ')" "DNS:webext.$d"
tls "$(rp $s)" "webext.$d" "$PUB"
expect_eq "rp-san-missing webext name still valid" "$VERIFY" 0
check_user_401 $s RP "$(rp $s)" "webext.$d" 0

echo "selftest: no-internal-dns"
s=no-internal-dns d=$(dom $s)
check_discovery_site $s RP "$(rp $s)" "lyncdiscover.$d" External
check_discovery_site $s FE "$(fe $s)" "pool01.$d" Internal

echo "selftest: html-login"
s=html-login d=$(dom $s)
for accept in application/json "$XML"; do
  fetch "https://lyncdiscover.$d:$LAB_HTTPS_PORT/" "$(rp $s)" "$accept"
  expect_eq "html-login RP root ($accept) is a 200 HTML page" "$STATUS $CTYPE" "200 text/html"
  expect_grep "html-login RP root ($accept) is a login form" "$T/b" '<form method="post"'
done
check_discovery_site $s FE "$(fe $s)" "lyncdiscoverinternal.$d" Internal

echo "selftest: redirect-loop"
s=redirect-loop d=$(dom $s)
A="https://lyncdiscover.$d:9443$AD"
fetch "$A" "$(rp $s)"
expect_grep "redirect-loop root JSON redirects to /loop" "$T/b" "^\\{\"_links\":\\{\"redirect\":\\{\"href\":\"${A//./\\.}/loop\"\\}\\}\\}$"
fetch "$A/loop" "$(rp $s)"
expect_grep "redirect-loop /loop JSON redirects to root" "$T/b" "^\\{\"_links\":\\{\"redirect\":\\{\"href\":\"${A//./\\.}\"\\}\\}\\}$"
fetch "$A" "$(rp $s)" "$XML"
expect_grep "redirect-loop root XML Redirect to /loop" "$T/b" "<Link token=\"Redirect\" href=\"${A//./\\.}/loop\"/>"
expect_eq "redirect-loop XML content type" "$CTYPE" "$XML_TYPE"
fetch "$A/loop" "$(rp $s)" "$XML"
expect_grep "redirect-loop /loop XML Redirect to root" "$T/b" "<Link token=\"Redirect\" href=\"${A//./\\.}\"/>"
check_discovery_site $s FE "$(fe $s)" "lyncdiscoverinternal.$d" Internal

echo "selftest: stall"
s=stall d=$(dom $s)
if lab_tcp_open "$(st $s)" "$LAB_HTTPS_PORT"; then ok "stall TCP connect succeeds"
else bad "stall TCP connect succeeds"; fi
t0=$(date +%s%N)
RC=0
curl -sS -v --max-time 2 --resolve "lyncdiscover.$d:9443:$(st $s)" --cacert "$PUB" \
  -o /dev/null "https://lyncdiscover.$d:9443/" 2>"$T/stall.err" || RC=$?
elapsed_ms=$((($(date +%s%N) - t0) / 1000000))
expect_eq "stall curl times out (28)" "$RC" 28
expect_grep "stall curl connected before timing out" "$T/stall.err" '^\* Connected to '
if ((elapsed_ms >= 1900)); then ok "stall held for the whole timeout (${elapsed_ms} ms)"
else bad "stall held for the whole timeout" "elapsed ${elapsed_ms} ms"; fi
timeout 2 openssl s_client -connect "$(st $s):9443" -servername "lyncdiscover.$d" </dev/null >/dev/null 2>&1
expect_eq "stall TLS handshake never completes (timeout 124)" "$?" 124
check_discovery_site $s FE "$(fe $s)" "pool01.$d" Internal

echo "selftest: multidomain"
s=multidomain d=$(dom $s) o=other-multidomain.lab.test
expect_eq "multidomain dns internal lyncdiscoverinternal of the other domain" \
  "$(dns "$I" "lyncdiscoverinternal.$o")" "NOERROR $(fe $s)"
expect_eq "multidomain dns external lyncdiscover of the other domain" "$(dns "$E" "lyncdiscover.$o")" "NOERROR $(rp $s)"
expect_eq "multidomain dns external no lyncdiscoverinternal of the other domain" \
  "$(dns "$E" "lyncdiscoverinternal.$o")" NXDOMAIN
tls "$(rp $s)" "lyncdiscover.$d" "$PUB"
expect_eq "multidomain RP valid for its own domain" "$VERIFY" 0
sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/{p;/-----END/q}' "$T/tls" >"$T/leaf.pem"
expect_eq "multidomain RP SAN lacks the other domain" \
  "$(openssl x509 -in "$T/leaf.pem" -noout -ext subjectAltName | tail -n1 | tr -d ' ')" \
  "DNS:webext.$d,DNS:lyncdiscover.$d"
tls "$(rp $s)" "lyncdiscover.$o" "$PUB"
expect_eq "multidomain RP hostname mismatch for the other domain (62)" "$VERIFY" 62
tls "$(fe $s)" "lyncdiscoverinternal.$o" "$PUB"
expect_eq "multidomain FE valid for lyncdiscoverinternal of the other domain" "$VERIFY" 0
tls "$(fe $s)" "lyncdiscover.$o" "$PUB"
expect_eq "multidomain FE valid for lyncdiscover of the other domain" "$VERIFY" 0
check_discovery_site $s RP "$(rp $s)" "lyncdiscover.$d" External
check_discovery_site $s FE "$(fe $s)" "lyncdiscoverinternal.$d" Internal
check_user_401 $s RP "$(rp $s)" "webext.$d" 0

echo "selftest: http-only-discovery"
s=http-only-discovery d=$(dom $s) ho="127.0.${K[http-only-discovery]}.40"
if ! lab_tcp_open "$ho" "$LAB_HTTPS_PORT"; then ok "http-only-discovery lyncdiscover refuses HTTPS"
else bad "http-only-discovery lyncdiscover refuses HTTPS"; fi
fetch "http://lyncdiscover.$d:$LAB_HTTP_PORT/?sipuri=monitor@$d" "$ho"
expect_eq "http-only-discovery HTTP root status" "$STATUS" 200
expect_grep "http-only-discovery HTTP root redirects to webext over https" "$T/b" \
  "^\\{\"_links\":\\{\"redirect\":\\{\"href\":\"https://webext\\.$d:9443$AD\"\\}\\}\\}$"
fetch "http://lyncdiscover.$d:$LAB_HTTP_PORT$AD" "$ho" "$XML"
expect_grep "http-only-discovery HTTP XML Redirect token" "$T/b" "<Link token=\"Redirect\" href=\"https://webext\\.$d:9443$AD\"/>"
fetch "https://webext.$d:$LAB_HTTPS_PORT$AD" "$(rp $s)"
expect_eq "http-only-discovery webext Root over HTTPS (certificate covers webext)" "$STATUS" 200
expect_grep "http-only-discovery webext Root has the user link" "$T/b" '"user":\{"href":"https://webext\.'
check_user_401 $s RP "$(rp $s)" "webext.$d" 0

echo "selftest: UCWA sign-in (the stand-in behind nginx)"
PW=$DIR/ucwa/test-account.password
expect_eq "test account password file is mode 600" "$(stat -c %a "$PW")" 600
expect_grep "config signs in as alice with that file" "$CFG_EARLY" \
  "^    auth: \\{username: alice@healthy\\.lab\\.test, password_file: \"$PW\"\\}$"
# ucwa METHOD URL ADDR [curl args]: body in $T/b; sets STATUS.
ucwa() {
  local method=$1 url=$2 addr=$3 hostport
  shift 3
  hostport=${url#*://}
  hostport=${hostport%%/*}
  STATUS=$(curl -sS --max-time 5 --resolve "$hostport:$addr" --cacert "$PUB" -X "$method" -o "$T/b" \
    -w '%{http_code}' "$@" "$url" 2>"$T/e") || STATUS="curl failed: $(cat "$T/e")"
}
check_signin() { # SCENARIO CREATE_STATUS
  local s=$1 d=$1.lab.test w="https://webext.$1.lab.test:9443" token app
  ucwa POST "$w/WebTicket/oauthtoken" "$(rp $s)" --data-urlencode grant_type=password \
    --data-urlencode "username=alice@$d" --data-urlencode "password=wrong"
  expect_eq "$s token with a wrong password 400" "$STATUS" 400
  expect_grep "$s token with a wrong password is invalid_grant" "$T/b" '"error":"invalid_grant"'
  ucwa POST "$w/WebTicket/oauthtoken" "$(rp $s)" --data-urlencode grant_type=password \
    --data-urlencode "username=alice@$d" --data-urlencode "password=$(cat "$PW")"
  expect_eq "$s token for the test account 200" "$STATUS" 200
  expect_grep "$s token is Bearer" "$T/b" '"token_type":"Bearer"'
  token=$(sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p' "$T/b")
  ucwa GET "$w$AD/oauth/user?originalDomain=$d" "$(rp $s)" -H "Authorization: Bearer $token"
  expect_eq "$s user resource with the token 200" "$STATUS" 200
  expect_grep "$s user resource names applications on webext" "$T/b" \
    "\"applications\":\\{\"href\":\"https://webext\\.$d:9443/ucwa/oauth/v1/applications\"\\}"
  ucwa GET "$w$AD/oauth/user" "$(rp $s)" -H "Authorization: Bearer not-a-token"
  expect_eq "$s user resource with a bogus token 401" "$STATUS" 401
  ucwa POST "$w/ucwa/oauth/v1/applications" "$(rp $s)" -H "Authorization: Bearer $token" \
    -H "Content-Type: application/json" \
    -d '{"UserAgent":"selftest","EndpointId":"0f0e0d0c-0b0a-4908-8706-050403020100","Culture":"en-US"}'
  expect_eq "$s create application $2" "$STATUS" "$2"
  [[ $2 == 201 ]] || return 0
  app=$(sed -n 's/.*"self":{"href":"\([^"]*\)".*/\1/p' "$T/b")
  expect_grep "$s application under /ucwa/oauth/v1/applications/" <(echo "$app") '^/ucwa/oauth/v1/applications/[0-9a-f]+$'
  ucwa DELETE "$w$app" "$(rp $s)" -H "Authorization: Bearer $token"
  expect_eq "$s delete application 204" "$STATUS" 204
  ucwa DELETE "$w$app" "$(rp $s)" -H "Authorization: Bearer $token"
  expect_eq "$s delete it again 404" "$STATUS" 404
}
check_signin healthy 201
check_signin ucwa-app-fails 403
expect_grep "ucwa-app-fails says why" "$T/b" 'Service does not allow a cross domain request'

echo "selftest: daemon config"
CFG=$DIR/lyncdiscover_exporter.yml
expect_eq "lab.sh config prints the path" "$("${LAB[@]}" config --dir "$DIR")" "$CFG"
for s in "${LAB_ALL_SCENARIOS[@]}"; do
  expect_grep "config has deployment $s" "$CFG" "^  - domain: $s\\.lab\\.test$"
done
expect_grep "config lists multidomain's SIP domains" "$CFG" \
  '^    sip_domains: \[multidomain\.lab\.test, other-multidomain\.lab\.test\]$'
expect_eq "config lists sip_domains for multidomain only" "$(grep -c '^    sip_domains:' "$CFG")" 1
expect_grep "config public store is absolute" "$CFG" "public: \\{system: false, ca_files: \\[\"$PUB\"\\]\\}"
expect_grep "config targets (healthy selected)" "$CFG" '^  - \{name: healthy-webext, url: "https://webext\.healthy\.lab\.test:9443/"'
expect_grep "config resolvers" "$CFG" 'corp: \{servers: \["127\.0\.53\.1:5353"\]\}'

echo "selftest: restart (idempotent start) with enterprise-fe only"
if "${LAB[@]}" start --scenarios enterprise-fe --dir "$DIR" "${LAB_ARGS[@]}" >"$T/start2.out" 2>&1; then
  ok "second start in the same dir"
else bad "second start in the same dir" "$(cat "$T/start2.out")"; fi
if ! lab_tcp_open "$(st stall)" "$LAB_HTTPS_PORT"; then ok "restart stopped the staller"
else bad "restart stopped the staller"; fi
expect_no_grep "config without healthy has no targets" "$CFG" '^targets:'
fetch "https://lyncdiscover.enterprise-fe.lab.test:9443/" "$(rp enterprise-fe)"
expect_eq "enterprise-fe answers after restart" "$STATUS" 200

echo "selftest: stop"
"${LAB[@]}" stop --dir "$DIR" >"$T/stop.out" 2>&1
expect_eq "stop exit code" "$?" 0
open_after=()
for ep in "$(fe enterprise-fe):9443" "$(rp enterprise-fe):9443" "$LAB_AIA_ADDR:9080"; do
  lab_tcp_open "${ep%:*}" "${ep##*:}" && open_after+=("$ep")
done
expect_eq "ports closed after stop" "${open_after[*]}" ""
expect_eq "dns closed after stop" "$(dns $I webext.enterprise-fe.lab.test)" TIMEOUT
"${LAB[@]}" status --dir "$DIR" >/dev/null 2>&1
expect_eq "status after stop says not running (3)" "$?" 3
"${LAB[@]}" stop --dir "$DIR" >/dev/null 2>&1
expect_eq "second stop is harmless" "$?" 0

echo "$PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
