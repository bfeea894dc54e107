#include "integration/core/e2e_fixture.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace lde::testing {
namespace {

std::unique_ptr<TlsTestServer> Serve(const TestPki& pki, ServerBehaviour behaviour) {
  TlsTestServerOptions options;
  options.cert_chain_pem = PemBundle({&pki.leaf, &pki.intermediate});
  options.key_pem = pki.leaf.key_pem;
  options.behaviour = behaviour;
  return std::make_unique<TlsTestServer>(options);
}

}  // namespace

CoreLab::CoreLab()
    : enterprise_(MakePki("Enterprise", "app.corp.test")), public_(MakePki("Public", "www.public.test")) {
  char tmpl[] = "/tmp/lde-e2e-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  WriteFile("public-root.pem", public_.root.pem);
  WriteFile("enterprise-root.pem", enterprise_.root.pem);
  corp_server_ = Serve(enterprise_, ServerBehaviour::kServeHttp);
  public_server_ = Serve(public_, ServerBehaviour::kServeHttp);
  stall_server_ = Serve(public_, ServerBehaviour::kStallAfterAccept);
  garbage_server_ = Serve(public_, ServerBehaviour::kGarbage);
}

CoreLab::~CoreLab() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string CoreLab::WriteFile(const std::string& name, const std::string& text) const {
  std::string path = dir_ + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string CoreLab::Header(const std::string& interval, std::chrono::seconds timeout) const {
  // interval 3s: the first probe of each target starts within 3 s of start-up.
  return "global: {interval: " + interval + ", timeout: " + std::to_string(timeout.count()) +
         "s, concurrency: 4}\n"
         "trust_stores:\n"
         "  public: {system: false, ca_files: [" +
         dir_ +
         "/public-root.pem]}\n"
         "  enterprise: {system: false, ca_files: [" +
         dir_ +
         "/enterprise-root.pem]}\n"
         "targets:\n";
}

std::string CoreLab::CorpTarget() const {
  return "  - {name: corp-app, url: \"tls://127.0.0.1:" + std::to_string(corp_server_->port()) +
         "\", server_name: app.corp.test, trust_stores: [public, enterprise]}\n";
}

std::string CoreLab::PublicTarget() const {
  return "  - {name: public-web, url: \"https://127.0.0.1:" + std::to_string(public_server_->port()) +
         "/health\", server_name: www.public.test, trust_stores: [public, enterprise]}\n";
}

std::string CoreLab::StalledTarget(const std::string& name) const {
  return "  - {name: " + name + ", url: \"tls://127.0.0.1:" + std::to_string(stall_server_->port()) +
         "\", server_name: stall.test, trust_stores: [public]}\n";
}

std::string CoreLab::WriteOnDemandConfig(const std::string& file_name, std::chrono::seconds timeout,
                                         int extra_stalled) const {
  std::string text = Header("24h", timeout) + CorpTarget() + PublicTarget() + StalledTarget("stalled");
  for (int i = 1; i <= extra_stalled; ++i) text += StalledTarget("stalled-" + std::to_string(i));
  return WriteFile(file_name, text);
}

std::string CoreLab::WriteFullConfig(const std::string& file_name) const {
  return WriteFile(
      file_name, Header() + CorpTarget() + PublicTarget() + StalledTarget("stalled") +
                     "  - {name: garbage, url: \"tls://127.0.0.1:" + std::to_string(garbage_server_->port()) +
                     "\", server_name: garbage.test, trust_stores: [public]}\n");
}

std::string CoreLab::WriteHealthyConfig(const std::string& file_name) const {
  return WriteFile(file_name, Header() + CorpTarget() + PublicTarget());
}

}  // namespace lde::testing
