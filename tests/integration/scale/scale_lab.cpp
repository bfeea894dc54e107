#include "integration/scale/scale_lab.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace lde::testing {

ScaleLab::ScaleLab(const std::vector<std::string>& domains) : pki_(MakePki("Scale", "www.scale.test")) {
  char tmpl[] = "/tmp/lde-scale-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  std::ofstream(dir_ + "/public-root.pem") << pki_.root.pem;

  TlsTestServerOptions options;
  options.cert_chain_pem = PemBundle({&pki_.leaf, &pki_.intermediate});
  options.key_pem = pki_.leaf.key_pem;
  server_ = std::make_unique<TlsTestServer>(options);

  std::vector<DnsRecord> records;
  for (const auto& domain : domains) {
    records.push_back({"lyncdiscoverinternal." + domain, {"127.0.0.1"}});
    records.push_back({"lyncdiscover." + domain, {"127.0.0.1"}});
  }
  std::string error;
  dns_ = DnsmasqServer::Start(records, {}, &error);
  if (!dns_) throw std::runtime_error("dnsmasq: " + error);
}

ScaleLab::~ScaleLab() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string ScaleLab::WriteConfig(const std::vector<std::string>& targets,
                                  const std::vector<std::string>& deployments,
                                  const std::string& interval) const {
  const std::string port = std::to_string(server_->port());
  std::string text = "global: {interval: " + interval + ", timeout: " + std::to_string(kTimeoutSeconds) +
                     "s, concurrency: 4}\n"
                     "trust_stores:\n"
                     "  public: {system: false, ca_files: [" +
                     dir_ +
                     "/public-root.pem]}\n"
                     "resolvers:\n"
                     "  lab: {servers: [\"127.0.0.1:" +
                     std::to_string(dns_->port()) +
                     "\"]}\n"
                     "profiles:\n"
                     "  unmanaged: {trust_stores: [public]}\n"
                     "targets:\n";
  for (const auto& name : targets) {
    text += "  - {name: " + name + ", url: \"tls://127.0.0.1:" + port +
            "\", server_name: www.scale.test, trust_stores: [public]}\n";
  }
  text += deployments.empty() ? "" : "deployments:\n";
  for (const auto& domain : deployments) {
    text += "  - domain: " + domain + "\n    internal: {resolver: lab, port: " + port +
            "}\n    external: {resolver: lab, port: " + port + "}\n";
  }
  const std::string path = config_file();
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
  return path;
}

}  // namespace lde::testing
