#include "daemon/lync_farm.h"

#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/certs/cert_factory.h"

namespace lde::bench {
namespace {

using lde::testing::CertSpec;
using lde::testing::MintedCert;

constexpr auto kDay = std::chrono::hours(24);
constexpr char kRootPath[] = "/Autodiscover/AutodiscoverService.svc/root";
constexpr char kXmlType[] = "application/vnd.microsoft.rtc.autodiscover+xml; v=1";

MintedCert MintCa(const std::string& name, const MintedCert* issuer, SysTime now) {
  CertSpec spec;
  spec.common_name = name;
  spec.is_ca = true;
  spec.key = CertSpec::Key::kEcP256;
  spec.not_before = now - kDay;
  spec.not_after = now + 1825 * kDay;
  return issuer == nullptr ? lde::testing::MintSelfSigned(spec) : lde::testing::MintSigned(spec, *issuer);
}

// The locations every deployment's HTTPS server shares; `$lde_d` (set per
// server) is its domain, `$lde_p` the HTTPS port. Shapes as
// lab/lib/nginx.sh serves them (MS-OCDISCWS 3.1.5.2 XML, UCWA JSON), the
// user resource answering 401 with the two challenges on separate lines.
std::string SharedLocations() {
  const std::string q = "?originalDomain=$lde_d";
  const std::string self = std::string("https://lyncdiscover.$lde_d:$lde_p") + kRootPath;
  const std::string webext = "https://webext.$lde_d:$lde_p";
  const std::string user = webext + kRootPath + "/oauth/user" + q;
  const std::string xframe = webext + "/Autodiscover/XFrame/XFrame.html";
  std::ostringstream c;
  c << "location ~* ^/(autodiscover/autodiscoverservice\\.svc/root/?)?$ { rewrite ^ /__lde/root.$lde_flavour "
       "last; }\n"
    << "location = /__lde/root.json {\n  internal;\n  default_type application/json;\n"
    << "  add_header Cache-Control no-cache always;\n"
    << "  return 200 '{\"_links\":{\"self\":{\"href\":\"" << self << q << "\"},\"user\":{\"href\":\"" << user
    << "\"},\"xframe\":{\"href\":\"" << xframe << "\"}}}';\n}\n"
    << "location = /__lde/root.xml {\n  internal;\n  default_type \"" << kXmlType << "\";\n"
    << "  add_header Cache-Control no-cache always;\n"
    << "  return 200 '<?xml version=\"1.0\" encoding=\"utf-8\"?><AutodiscoverResponse "
    << "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
    << " AccessLocation=\"External\"><Root><Link token=\"Domain\" href=\"" << self << "/domain" << q
    << "\"/><Link token=\"User\" href=\"" << webext << kRootPath << "/user" << q
    << "\"/><Link token=\"Self\" href=\"" << self << q << "\"/><Link token=\"OAuth\" href=\"" << user
    << "\"/><Link token=\"XFrame\" href=\"" << xframe << "\"/></Root></AutodiscoverResponse>';\n}\n"
    << "location ~* ^/autodiscover/autodiscoverservice\\.svc/root/(oauth/)?user/?$ {\n"
    << "  add_header Cache-Control no-cache always;\n"
    << "  add_header WWW-Authenticate 'Bearer trusted_issuers=\"\", "
       "client_id=\"00000004-0000-0ff1-ce00-000000000000\"' always;\n"
    << "  add_header WWW-Authenticate 'MsRtcOAuth href=\"" << webext
    << "/WebTicket/"
       "oauthtoken\",grant_type=\"urn:microsoft.rtc:windows,urn:microsoft.rtc:anonmeeting,password\"' "
       "always;\n"
    << "  return 401;\n}\n"
    << "location / { return 404; }\n";
  return c.str();
}

}  // namespace

std::string LyncDomain(int index) {
  char name[32];
  std::snprintf(name, sizeof name, "d%04d.bench.test", index);
  return name;
}

LyncFarm MintLyncFarm(int deployments, SysTime now) {
  const auto started = std::chrono::steady_clock::now();
  LyncFarm farm;
  if (deployments <= 0) return farm;
  const MintedCert root = MintCa("Bench Lync Root CA", nullptr, now);
  const MintedCert intermediate = MintCa("Bench Lync Issuing CA", &root, now);
  farm.root_pem = root.pem;
  for (int i = 0; i < deployments; ++i) {
    LyncDeployment d;
    d.domain = LyncDomain(i);
    CertSpec leaf;
    leaf.common_name = "lyncdiscover." + d.domain;
    leaf.dns_names = {"lyncdiscover." + d.domain, "lyncdiscoverinternal." + d.domain, "webext." + d.domain};
    leaf.key = CertSpec::Key::kEcP256;
    leaf.not_before = now - kDay;
    leaf.not_after = now + 90 * kDay;
    MintedCert cert = lde::testing::MintSigned(leaf, intermediate);
    d.chain_pem = lde::testing::PemBundle({&cert, &intermediate});
    d.key_pem = cert.key_pem;
    farm.deployments.push_back(std::move(d));
  }
  farm.mint_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return farm;
}

std::string LyncNginxConfig(const std::string& dir, const LyncNginxPorts& ports,
                            const std::vector<LyncDeployment>& deployments,
                            const std::vector<std::string>& chain_files,
                            const std::vector<std::string>& key_files) {
  std::ostringstream c;
  c << "daemon off;\nmaster_process on;\nworker_processes 1;\n"
    << "pid " << dir << "/nginx.pid;\nerror_log " << dir << "/nginx-error.log warn;\n"
    << "events { worker_connections 4096; }\n"
    << "http {\n  access_log off;\n  server_tokens off;\n  ssl_protocols TLSv1.2 TLSv1.3;\n"
    // 1,000 deployments x 3 names: the default hash sizes are too small.
    << "  server_names_hash_max_size 65536;\n  server_names_hash_bucket_size 128;\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c << "  " << temp << "_temp_path " << dir << "/" << temp << ";\n";
  }
  // The discovery flavour by Accept: the MS-OCDISCWS XML type selects XML.
  c << "  map $http_accept $lde_flavour {\n    default json;\n"
    << "    \"~*application/vnd\\.microsoft\\.rtc\\.autodiscover\\+xml\" xml;\n  }\n";
  // Plain HTTP, every name: MS-OCDISCWS's 200 Root with a single Redirect
  // link to the HTTPS root of the name asked.
  const std::string target = "https://$host:" + std::to_string(ports.https) + kRootPath;
  c << "  server {\n    listen 127.0.0.1:" << ports.http << " default_server;\n"
    << "    location ~* ^/(autodiscover/autodiscoverservice\\.svc/root/?)?$ { rewrite ^ "
       "/__lde/redirect.$lde_flavour "
       "last; }\n"
    << "    location = /__lde/redirect.json {\n      internal;\n      default_type application/json;\n"
    << "      return 200 '{\"_links\":{\"redirect\":{\"href\":\"" << target << "\"}}}';\n    }\n"
    << "    location = /__lde/redirect.xml {\n      internal;\n      default_type \"" << kXmlType << "\";\n"
    << "      return 200 '<?xml version=\"1.0\" encoding=\"utf-8\"?><AutodiscoverResponse "
    << "xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" "
       "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
    << " AccessLocation=\"External\"><Root><Link token=\"Redirect\" href=\"" << target
    << "\"/></Root></AutodiscoverResponse>';\n    }\n"
    << "    location / { return 404; }\n  }\n";
  // HTTPS: one server per deployment, chosen by SNI, the shared locations
  // included with the deployment's domain set.
  for (std::size_t i = 0; i < deployments.size(); ++i) {
    const std::string& d = deployments[i].domain;
    c << "  server {\n    listen 127.0.0.1:" << ports.https << " ssl" << (i == 0 ? " default_server" : "")
      << ";\n    server_name lyncdiscover." << d << " lyncdiscoverinternal." << d << " webext." << d << ";\n"
      << "    ssl_certificate " << chain_files[i] << ";\n    ssl_certificate_key " << key_files[i] << ";\n"
      << "    set $lde_d " << d << ";\n    set $lde_p " << ports.https << ";\n"
      << "    include " << dir << "/locations.conf;\n  }\n";
  }
  c << "}\n";
  return c.str();
}

Result<std::unique_ptr<LyncNginx>> LyncNginx::Start(const std::string& nginx_path,
                                                    const std::string& parent_dir,
                                                    const std::vector<LyncDeployment>& deployments) {
  const std::string dir = parent_dir + "/lync";
  std::error_code ec;
  std::filesystem::create_directories(dir + "/certs", ec);
  if (ec) return MakeError(ErrorKind::kInternal, "cannot create " + dir + ": " + ec.message());
  auto picked = PickLoopbackPorts(2);
  if (!picked.ok()) return picked.error();
  const LyncNginxPorts ports{picked.value()[0], picked.value()[1]};
  std::vector<std::string> chain_files, key_files;
  for (const auto& d : deployments) {
    chain_files.push_back(dir + "/certs/" + d.domain + "-chain.pem");
    key_files.push_back(dir + "/certs/" + d.domain + "-key.pem");
    std::ofstream(chain_files.back()) << d.chain_pem;
    std::ofstream(key_files.back()) << d.key_pem;
  }
  std::ofstream(dir + "/locations.conf") << SharedLocations();
  const std::string conf = dir + "/nginx.conf";
  std::ofstream(conf) << LyncNginxConfig(dir, ports, deployments, chain_files, key_files);
  const std::string log = dir + "/nginx-stderr.log";
  auto child = ChildProcess::Spawn({nginx_path, "-p", dir, "-e", dir + "/nginx-error.log", "-c", conf}, log);
  if (!child.ok()) return child.error();
  const auto budget = std::chrono::seconds(10) + std::chrono::milliseconds(10 * deployments.size());
  const auto give_up = std::chrono::steady_clock::now() + budget;
  for (auto port : {ports.https, ports.http}) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(give_up - std::chrono::steady_clock::now());
    if (!WaitForLoopbackPort(port, child.value(), std::max(left, std::chrono::milliseconds(1)))) {
      return MakeError(ErrorKind::kConfig,
                       "the deployments' nginx did not listen on 127.0.0.1:" + std::to_string(port) +
                           "; see " + dir + "/nginx-error.log and " + log);
    }
  }
  return std::unique_ptr<LyncNginx>(new LyncNginx(ports, std::move(child).value()));
}

}  // namespace lde::bench
