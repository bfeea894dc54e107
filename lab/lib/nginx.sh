# nginx configuration for the lab: per scenario a Front End (internal web
# services) and a reverse proxy (external web services), HTTPS and HTTP each,
# plus the AIA/CRL server. Sourced by lab.sh after common.sh and pki.sh.
# shellcheck shell=bash
#
# Documents follow MS-OCDISCWS 3.1.5.2 (XML Root) and the UCWA root resource
# (JSON), see [MS-OCDISCWS] and README.md "The Lync flow".

LAB_AD_PATH=/Autodiscover/AutodiscoverService.svc/root
LAB_XML_TYPE="application/vnd.microsoft.rtc.autodiscover+xml; v=1"
LAB_XML_NS='xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
# Case-insensitive like IIS: `/` and the Root resource, with or without a slash.
LAB_ROOT_RE='^/(autodiscover/autodiscoverservice\.svc/root/?)?$'
LAB_USER_RE='^/autodiscover/autodiscoverservice\.svc/root/(oauth/)?user/?$'

# --- documents (printed as nginx single-quoted strings: no ' allowed) ---
_ngx_json_root() { # SELF_URL USER_URL XFRAME_URL
  printf '{"_links":{"self":{"href":"%s"},"user":{"href":"%s"},"xframe":{"href":"%s"}}}' "$1" "$2" "$3"
}
_ngx_xml_root() { # ACCESS SELF_URL DOMAIN_URL USER_URL OAUTH_URL XFRAME_URL
  printf '<?xml version="1.0" encoding="utf-8"?><AutodiscoverResponse %s AccessLocation="%s"><Root>' \
    "$LAB_XML_NS" "$1"
  printf '<Link token="Domain" href="%s"/><Link token="User" href="%s"/>' "$3" "$4"
  printf '<Link token="Self" href="%s"/><Link token="OAuth" href="%s"/>' "$2" "$5"
  printf '<Link token="XFrame" href="%s"/></Root></AutodiscoverResponse>' "$6"
}
_ngx_json_redirect() { printf '{"_links":{"redirect":{"href":"%s"}}}' "$1"; }
_ngx_xml_redirect() { # ACCESS URL
  printf '<?xml version="1.0" encoding="utf-8"?><AutodiscoverResponse %s AccessLocation="%s"><Root>' \
    "$LAB_XML_NS" "$1"
  printf '<Link token="Redirect" href="%s"/></Root></AutodiscoverResponse>' "$2"
}
_ngx_xml_domain() { # ACCESS EXTERNAL_ROOT_URL
  printf '<?xml version="1.0" encoding="utf-8"?><AutodiscoverResponse %s AccessLocation="%s"><Domain>' \
    "$LAB_XML_NS" "$1"
  printf '<Link token="External/Autodiscover" href="%s"/></Domain></AutodiscoverResponse>' "$2"
}
_ngx_login_page() { # DOMAIN
  printf '<!DOCTYPE html><html><head><title>Sign in - %s</title></head><body>' "$1"
  printf '<form method="post" action="/logon/auth.owa"><input name="username"/>'
  printf '<input name="password" type="password"/><input type="submit" value="Sign in"/></form></body></html>'
}

# Headers a Lync pool adds to every web services answer. add_header in a
# location replaces inherited ones, so each location prints them itself.
_ngx_common_headers() { # DOMAIN
  printf '      add_header X-MS-Server-Fqdn pool01.%s always;\n' "$1"
  printf '      add_header Cache-Control no-cache always;\n'
}

# _ngx_doc_location NAME TYPE DOMAIN STATUS BODY: an internal location that
# rewrite targets land on.
_ngx_doc_location() {
  printf '    location = /__lde/%s {\n      internal;\n      default_type "%s";\n' "$1" "$2"
  _ngx_common_headers "$3"
  printf "      return %s '%s';\n    }\n" "$4" "$5"
}

# _ngx_flavoured NAME DOMAIN JSON XML: NAME.json and NAME.xml documents, chosen
# by Accept through the $lde_flavour map.
_ngx_flavoured() {
  _ngx_doc_location "$1.json" application/json "$2" 200 "$3"
  _ngx_doc_location "$1.xml" "$LAB_XML_TYPE" "$2" 200 "$4"
}

# The anonymous user resource answers 401 with the OAuth challenges (section
# 3.1). FOLDED puts both challenges on one line, as .NET does. A request
# with a bearer token goes to the UCWA stand-in (the user resource).
_ngx_user_401() { # DOMAIN FOLDED
  local bearer='Bearer trusted_issuers="", client_id="00000004-0000-0ff1-ce00-000000000000"'
  local oauth="MsRtcOAuth href=\"https://webext.$1:$LAB_HTTPS_PORT/WebTicket/oauthtoken\",grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\""
  printf '    location ~* %s {\n' "$LAB_USER_RE"
  _ngx_common_headers "$1"
  if [[ $2 == folded ]]; then
    printf "      add_header WWW-Authenticate '%s, %s' always;\n" "$bearer" "$oauth"
  else
    printf "      add_header WWW-Authenticate '%s' always;\n" "$bearer"
    printf "      add_header WWW-Authenticate '%s' always;\n" "$oauth"
  fi
  printf '      if ($http_authorization ~* "^Bearer ") { rewrite ^ /__lde/ucwa-user last; }\n'
  printf '      return 401;\n    }\n'
}

# The authenticated sign-in: the token endpoint, the user resource asked with
# a bearer token, and /ucwa/ go to the scenario's UCWA stand-in (plain HTTP;
# nginx terminates TLS). Host is passed on: the stand-in names its links on it.
_ngx_ucwa_locations() { # STANDIN_ADDR:PORT
  local proxy="proxy_pass http://$1; proxy_set_header Host \$http_host;"
  printf '    location ~* ^/webticket/oauthtoken$ { %s }\n' "$proxy"
  printf '    location = /__lde/ucwa-user { internal; %s }\n' "$proxy"
  printf '    location ^~ /ucwa/ { %s }\n' "$proxy"
}

# Locations shared by every HTTPS web services site (FE and RP).
_ngx_site_common() { # DOMAIN ACCESS STANDIN_ADDR:PORT
  local d=$1 access=$2 webext="https://webext.$1:$LAB_HTTPS_PORT"
  _ngx_doc_location domain.xml "$LAB_XML_TYPE" "$d" 200 \
    "$(_ngx_xml_domain "$access" "$webext$LAB_AD_PATH")"
  printf '    location ~* ^/autodiscover/autodiscoverservice\\.svc/root/domain/?$ { rewrite ^ /__lde/domain.xml last; }\n'
  _ngx_doc_location xframe.html text/html "$d" 200 \
    '<!DOCTYPE html><html><head><title>XFrame</title></head><body></body></html>'
  printf '    location ~* ^/autodiscover/xframe/xframe\\.html$ { rewrite ^ /__lde/xframe.html last; }\n'
  _ngx_ucwa_locations "$3"
}

# _ngx_https_site SCENARIO ROLE(fe|fe2|rp): fe2 is a second Front End node,
# answering as the first with its own address and certificate.
_ngx_https_site() {
  local s=$1 role=$2 d e addr access self names mode=normal
  d=$(lab_domain "$s")
  local webext="https://webext.$d:$LAB_HTTPS_PORT"
  if [[ $role == fe || $role == fe2 ]]; then
    addr=$(lab_fe_addr "$s") access=Internal self="pool01.$d"
    [[ $role == fe2 ]] && addr=$(lab_fe2_addr "$s")
    names="pool01.$d lyncdiscoverinternal.$d lyncdiscover.$d"
    for e in $(lab_extra_sip_domains "$s"); do names+=" lyncdiscoverinternal.$e lyncdiscover.$e"; done
  else
    addr=$(lab_rp_addr "$s") access=External self="webext.$d" mode=$(lab_rp_mode "$s")
    names="webext.$d lyncdiscover.$d"
    # Served whether or not the certificate names them (multidomain).
    for e in $(lab_extra_sip_domains "$s"); do names+=" lyncdiscover.$e"; done
  fi
  local q="?originalDomain=$d" self_url="https://$self:$LAB_HTTPS_PORT$LAB_AD_PATH"
  cat <<EOF
  # $s ${role^^} (AccessLocation $access)
  server {
    listen $addr:$LAB_HTTPS_PORT ssl;
    server_name $names;
    ssl_certificate $PKI/leaves/$s-$role.chain.pem;
    ssl_certificate_key $PKI/leaves/$s-$role.key;
EOF
  # Mobility always goes through the RP: user/OAuth links name the external
  # web services FQDN even on the internal site (reference section 1).
  _ngx_flavoured root "$d" \
    "$(_ngx_json_root "$self_url$q" "$webext$LAB_AD_PATH/oauth/user$q" "$webext/Autodiscover/XFrame/XFrame.html")" \
    "$(_ngx_xml_root "$access" "$self_url$q" "$self_url/domain$q" "$webext$LAB_AD_PATH/user$q" \
        "$webext$LAB_AD_PATH/oauth/user$q" "$webext/Autodiscover/XFrame/XFrame.html")"
  _ngx_site_common "$d" "$access" "$(lab_ucwa_addr "$s"):$LAB_UCWA_PORT"
  case $mode in
    html-login)
      # Reverse-proxy pre-authentication: every discovery path gets the form.
      _ngx_doc_location login.html text/html "$d" 200 "$(_ngx_login_page "$d")"
      printf '    location ~* %s { rewrite ^ /__lde/login.html last; }\n' "$LAB_ROOT_RE"
      printf '    location ~* %s { rewrite ^ /__lde/login.html last; }\n' "$LAB_USER_RE"
      ;;
    redirect-loop)
      local a="https://lyncdiscover.$d:$LAB_HTTPS_PORT$LAB_AD_PATH"
      _ngx_flavoured to-loop "$d" "$(_ngx_json_redirect "$a/loop")" "$(_ngx_xml_redirect "$access" "$a/loop")"
      _ngx_flavoured to-root "$d" "$(_ngx_json_redirect "$a")" "$(_ngx_xml_redirect "$access" "$a")"
      printf '    location ~* %s { rewrite ^ /__lde/to-loop.$lde_flavour last; }\n' "$LAB_ROOT_RE"
      printf '    location ~* ^/autodiscover/autodiscoverservice\\.svc/root/loop/?$ { rewrite ^ /__lde/to-root.$lde_flavour last; }\n'
      _ngx_user_401 "$d" separate
      ;;
    *)
      printf '    location ~* %s { rewrite ^ /__lde/root.$lde_flavour last; }\n' "$LAB_ROOT_RE"
      if [[ $role != rp ]] && lab_fe_folds_www_authenticate "$s"; then
        _ngx_user_401 "$d" folded
      else
        _ngx_user_401 "$d" separate
      fi
      ;;
  esac
  printf '  }\n'
}

# Plain HTTP: MS-OCDISCWS 3.1.5.2 says a Root request over HTTP gets 200 with
# a single Redirect link to the HTTPS URL. ROLE http-only: lyncdiscover.<d>'s
# own HTTP-only address, redirecting to the web services' Root (their
# certificate covers webext.<d>, not lyncdiscover.<d>).
_ngx_http_site() { # SCENARIO ROLE
  local s=$1 role=$2 d addr access host
  d=$(lab_domain "$s")
  if [[ $role == fe ]]; then
    addr=$(lab_fe_addr "$s") access=Internal host="lyncdiscoverinternal.$d"
  elif [[ $role == http-only ]]; then
    addr=$(lab_http_only_addr "$s") access=External host="webext.$d"
  else
    addr=$(lab_rp_addr "$s") access=External host="lyncdiscover.$d"
  fi
  local target="https://$host:$LAB_HTTPS_PORT$LAB_AD_PATH"
  printf '  server {\n    listen %s:%s;\n' "$addr" "$LAB_HTTP_PORT"
  _ngx_flavoured redirect "$d" "$(_ngx_json_redirect "$target")" "$(_ngx_xml_redirect "$access" "$target")"
  printf '    location ~* %s { rewrite ^ /__lde/redirect.$lde_flavour last; }\n  }\n' "$LAB_ROOT_RE"
}

# nginx_write_config USER_DIRECTIVE SCENARIO...: writes $NGX/nginx.conf.
nginx_write_config() {
  local user_line=$1 s
  shift
  mkdir -p "$NGX/logs" "$NGX/tmp"
  {
    cat <<EOF
# Generated by lab/lab.sh; do not edit (rewritten at every start).
$user_line
worker_processes 1;
pid $NGX/nginx.pid;
error_log $NGX/logs/error.log warn;
events { worker_connections 512; }
http {
  access_log $NGX/logs/access.log;
  client_body_temp_path $NGX/tmp/client_body;
  proxy_temp_path $NGX/tmp/proxy;
  fastcgi_temp_path $NGX/tmp/fastcgi;
  uwsgi_temp_path $NGX/tmp/uwsgi;
  scgi_temp_path $NGX/tmp/scgi;
  server_tokens off;
  keepalive_timeout 5s;
  ssl_protocols TLSv1.2 TLSv1.3;
  # Discovery flavour by Accept (reference 2.3): the MS-OCDISCWS XML type
  # selects XML, anything else gets the UCWA JSON form.
  map \$http_accept \$lde_flavour {
    default json;
    "~*application/vnd\\.microsoft\\.rtc\\.autodiscover\\+xml" xml;
  }

  # AIA caIssuers and CRL distribution point (DER).
  server {
    listen $LAB_AIA_ADDR:$LAB_HTTP_PORT;
    root $PKI/aia;
    location ~ \\.crt\$ { types { } default_type application/pkix-cert; }
    location ~ \\.crl\$ { types { } default_type application/pkix-crl; }
  }

EOF
    for s in "$@"; do
      _ngx_https_site "$s" fe
      _ngx_http_site "$s" fe
      if lab_has_second_fe "$s"; then _ngx_https_site "$s" fe2; fi
      _ngx_https_site "$s" rp
      _ngx_http_site "$s" rp
      if lab_lyncdiscover_http_only "$s"; then _ngx_http_site "$s" http-only; fi
      printf '\n'
    done
    printf '}\n'
  } >"$NGX/nginx.conf"
}
