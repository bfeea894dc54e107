# PKI for the lab, minted at every start with the openssl CLI (nothing is
# committed; dates are relative to now). Sourced by lab.sh after common.sh.
# shellcheck shell=bash
#
# Layout under $PKI (= DIR/pki):
#   <ca>.pem / <ca>.key       public-root, public-intermediate, enterprise-root,
#                             enterprise-intermediate (EC P-256, SHA-256)
#   aia/<ca>.crt, aia/<ca>.crl  DER, served by nginx on http://127.0.53.9:9080/
#   leaves/<scenario>-<fe|rp>.{key,pem,chain.pem}  chain.pem is what nginx sends
#   db/<ca>/                  openssl ca bookkeeping
# "public" stands in for a public CA: it is private to the lab but trusted by
# the daemon's `public` trust store. Every certificate carries AIA caIssuers
# and a CRL distribution point pointing at the AIA server (RFC 5280 4.2.2.1,
# 4.2.1.13), so a client that fetches missing intermediates can.

LAB_AIA_BASE="http://$LAB_AIA_ADDR:$LAB_HTTP_PORT"

# openssl ca (not x509 -req) because only it sets an explicit notBefore and
# notAfter in OpenSSL 3.0, which the expired scenario needs.
_pki_ca_config() {
  local ca=$1 db="$PKI/db/$1"
  mkdir -p "$db/new"
  : >"$db/index.txt"
  cat >"$db/ca.cnf" <<EOF
[ca]
default_ca = lab_ca
[lab_ca]
database = $db/index.txt
new_certs_dir = $db/new
rand_serial = yes
default_md = sha256
policy = lab_policy
unique_subject = no
email_in_dn = no
copy_extensions = none
[lab_policy]
organizationName = optional
commonName = supplied
EOF
}

_pki_date() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

# _pki_issue NAME ISSUER SUBJECT START END EXTENSIONS
# ISSUER "self" makes a self-signed root. Writes NAME.key and NAME.pem in
# the current directory.
_pki_issue() {
  local name=$1 issuer=$2 subject=$3 start=$4 end=$5 ext=$6 signer_args
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$name.key" 2>/dev/null ||
    lab_die "openssl genpkey failed for $name"
  openssl req -new -key "$name.key" -subj "$subject" -out "$name.csr" 2>/dev/null ||
    lab_die "openssl req failed for $name"
  printf '[v3]\n%s\n' "$ext" >"$name.ext"
  if [[ $issuer == self ]]; then
    _pki_ca_config "$(basename "$name")"
    signer_args=(-selfsign -keyfile "$name.key" -config "$PKI/db/$(basename "$name")/ca.cnf")
  else
    signer_args=(-cert "$PKI/$issuer.pem" -keyfile "$PKI/$issuer.key" -config "$PKI/db/$issuer/ca.cnf")
  fi
  openssl ca -batch -notext -in "$name.csr" -out "$name.pem" "${signer_args[@]}" \
    -startdate "$(_pki_date "$start")" -enddate "$(_pki_date "$end")" \
    -extfile "$name.ext" -extensions v3 >"$name.log" 2>&1 ||
    { cat "$name.log" >&2; lab_die "openssl ca failed for $name"; }
  rm -f "$name.csr" "$name.ext" "$name.log"
}

_pki_aia_ext() {
  printf 'authorityInfoAccess = caIssuers;URI:%s/%s.crt\n' "$LAB_AIA_BASE" "$1"
  printf 'crlDistributionPoints = URI:%s/%s.crl\n' "$LAB_AIA_BASE" "$1"
}

_pki_make_ca_pair() {
  local kind=$1 label=$2
  _pki_issue "$PKI/$kind-root" self "/O=$label/CN=$label Root CA" "-1 day" "+3650 days" \
"basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash"
  _pki_issue "$PKI/$kind-intermediate" "$kind-root" "/O=$label/CN=$label Issuing CA 1" \
    "-1 day" "+1825 days" \
"basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
$(_pki_aia_ext "$kind-root")"
  _pki_ca_config "$kind-intermediate"
}

# _pki_leaf SCENARIO ROLE ISSUER START END DNSNAME...
_pki_leaf() {
  local scenario=$1 role=$2 issuer=$3 start=$4 end=$5 san="" n
  shift 5
  local common_name=$1  # the first SAN, as the subject name (iOS ignores CN anyway)
  for n in "$@"; do san+="${san:+,}DNS:$n"; done
  _pki_issue "$PKI/leaves/$scenario-$role" "$issuer" "/O=Lync Lab/CN=$common_name" "$start" "$end" \
"basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = $san
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
$(_pki_aia_ext "$issuer")"
}

# pki_generate SCENARIO...: the four CAs, their DER copies and empty CRLs,
# and an FE and RP leaf per scenario. Extra SIP domains (multidomain) are
# named on the FE leaf, and on the RP leaf unless the scenario leaves them out.
pki_generate() {
  local s d e ca rp_start rp_end rp_names fe_names
  rm -rf "$PKI"
  mkdir -p "$PKI/aia" "$PKI/leaves" "$PKI/db"
  _pki_make_ca_pair public "Lync Lab Public Trust"
  _pki_make_ca_pair enterprise "Lync Lab Enterprise"
  for ca in public-root public-intermediate enterprise-root enterprise-intermediate; do
    openssl x509 -in "$PKI/$ca.pem" -outform DER -out "$PKI/aia/$ca.crt"
    openssl ca -gencrl -batch -config "$PKI/db/$ca/ca.cnf" -cert "$PKI/$ca.pem" \
      -keyfile "$PKI/$ca.key" -crldays 30 -out "$PKI/db/$ca/crl.pem" 2>/dev/null ||
      lab_die "openssl ca -gencrl failed for $ca"
    openssl crl -in "$PKI/db/$ca/crl.pem" -outform DER -out "$PKI/aia/$ca.crl"
  done

  for s in "$@"; do
    d=$(lab_domain "$s")
    # Front End "web internal" certificate: pool FQDN plus both discovery names
    # for every SIP domain (Lync 2013 certificate summary for autodiscover).
    fe_names=("pool01.$d" "lyncdiscoverinternal.$d" "lyncdiscover.$d")
    for e in $(lab_extra_sip_domains "$s"); do fe_names+=("lyncdiscoverinternal.$e" "lyncdiscover.$e"); done
    _pki_leaf "$s" fe "$(lab_fe_issuer "$s")" "-1 day" "+90 days" "${fe_names[@]}"
    cat "$PKI/leaves/$s-fe.pem" "$PKI/$(lab_fe_issuer "$s").pem" >"$PKI/leaves/$s-fe.chain.pem"
    if lab_has_second_fe "$s"; then
      # The same names on the second node, but its certificate was not renewed.
      _pki_leaf "$s" fe2 "$(lab_fe_issuer "$s")" "-400 days" "-2 days" "${fe_names[@]}"
      cat "$PKI/leaves/$s-fe2.pem" "$PKI/$(lab_fe_issuer "$s").pem" >"$PKI/leaves/$s-fe2.chain.pem"
    fi

    rp_start="-1 day" rp_end="+90 days" rp_names=("webext.$d" "lyncdiscover.$d")
    if lab_rp_expired "$s"; then rp_start="-400 days" rp_end="-2 days"; fi
    lab_rp_has_lyncdiscover_san "$s" || rp_names=("webext.$d")
    if lab_rp_covers_extra_domains "$s"; then
      for e in $(lab_extra_sip_domains "$s"); do rp_names+=("lyncdiscover.$e"); done
    fi
    _pki_leaf "$s" rp public-intermediate "$rp_start" "$rp_end" "${rp_names[@]}"
    if lab_rp_sends_intermediate "$s"; then
      cat "$PKI/leaves/$s-rp.pem" "$PKI/public-intermediate.pem" >"$PKI/leaves/$s-rp.chain.pem"
    else
      cp "$PKI/leaves/$s-rp.pem" "$PKI/leaves/$s-rp.chain.pem"
    fi
  done
  chmod 0644 "$PKI"/aia/* "$PKI"/*.pem "$PKI"/leaves/*.pem
  chmod 0755 "$PKI" "$PKI/aia"
}
