#include "integration/web/web_fixture.h"

#include <crypt.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace lde::testing {

WebLab::WebLab() {
  char tmpl[] = "/tmp/lde-web-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  config_file_ = WriteFile("config.yml", "global: {interval: 60s}\n");

  TestPki server = MakePki("Web", "127.0.0.1");
  CertSpec leaf;
  leaf.common_name = "127.0.0.1";
  leaf.ip_addresses = {"127.0.0.1"};
  leaf.dns_names = {"localhost"};
  MintedCert server_leaf = MintSigned(leaf, server.intermediate);
  WriteFile("ca.pem", server.root.pem);
  WriteFile("server.pem", PemBundle({&server_leaf, &server.intermediate}));
  WriteFile("server.key", server_leaf.key_pem);

  for (const char* prefix : {"client", "rogue"}) {
    CertSpec ca;
    ca.common_name = std::string(prefix) + " CA";
    ca.is_ca = true;
    MintedCert root = MintSelfSigned(ca);
    CertSpec client;
    client.common_name = "prometheus";
    client.server_auth_eku = false;  // no EKU: usable for client auth
    MintedCert cert = MintSigned(client, root);
    if (std::string(prefix) == "client") WriteFile("client-ca.pem", root.pem);
    WriteFile(std::string(prefix) + ".pem", cert.pem);
    WriteFile(std::string(prefix) + ".key", cert.key_pem);
  }
}

WebLab::~WebLab() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string WebLab::WriteFile(const std::string& name, const std::string& text) const {
  std::string path = Path(name);
  std::ofstream(path, std::ios::trunc) << text;
  return path;
}

std::string WebLab::BcryptHash(const std::string& password) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2b$", 4, nullptr, 0, salt, sizeof salt)) throw std::runtime_error("gensalt");
  crypt_data data{};
  const char* hash = crypt_r(password.c_str(), salt, &data);
  if (!hash || hash[0] == '*') throw std::runtime_error("crypt_r");
  return hash;
}

}  // namespace lde::testing
