// Live OCSP through the daemon binary: a certificate its responder says is
// revoked fails the probe with reason revoked, and /metrics and /status say
// which evidence did it and that the responder answered.
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "ocsp_responder.h"
#include "support/certs/cert_factory.h"
#include "support/daemon/daemon_process.h"
#include "support/metrics_text/metrics_text.h"
#include "support/servers/tls_test_server.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;
using testsupport::FindSample;

constexpr char kHost[] = "app.corp.test";

class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/lde-ocsp-e2e-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    std::string path = path_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

 private:
  std::string path_;
};

TEST(OcspDaemonTest, RevokedByItsResponderFailsTheProbeWithReasonRevoked) {
  // The wall clock is the daemon's and the responder's: certificates around it.
  std::vector<MintedCert> cas = MintCaChain("Daemon OCSP", 1);
  const MintedCert& root = cas[0];
  const MintedCert& issuing = cas[1];
  OcspResponder responder(issuing, issuing, "127.0.0.7");
  CertSpec leaf_spec;
  leaf_spec.common_name = kHost;
  leaf_spec.dns_names = {kHost};
  leaf_spec.ocsp_urls = {responder.Url()};
  MintedCert leaf = MintSigned(leaf_spec, issuing);
  responder.SetStatus(leaf, OcspResponder::Status::kRevoked);
  TlsTestServerOptions options;
  options.bind_address = "127.0.0.8";
  options.cert_chain_pem = PemBundle({&leaf, &issuing});
  options.key_pem = leaf.key_pem;
  TlsTestServer server(options);

  TempDir dir;
  std::string root_file = dir.Write("root.pem", root.pem);
  // interval 6s: the first probe starts within 6 s of start-up; timeout 6s
  // leaves the live OCSP query about a second (half of a third).
  std::string config = "global: {interval: 6s, timeout: 6s, concurrency: 2}\n";
  config += "trust_stores:\n  enterprise: {system: false, ca_files: [" + root_file + "]}\n";
  config += "targets:\n  - {name: corp-app, url: \"tls://127.0.0.8:" + std::to_string(server.port()) +
            "\", server_name: " + kHost + ", trust_stores: [enterprise]}\n";
  std::string config_file = dir.Write("config.yml", config);
  DaemonProcess daemon(
      {LDE_DAEMON_BINARY, "--config.file=" + config_file, "--web.listen-address=127.0.0.1:0"});
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  ASSERT_TRUE(daemon.WaitForLine(std::regex("probe finished\" target=corp-app "), seconds(30)))
      << daemon.Stderr();

  auto metrics = HttpCall(*port, "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  const std::string& m = metrics.body;
  EXPECT_EQ(FindSample(m, "probe_success", {{"target", "corp-app"}}), 0.0) << responder.LastError();
  EXPECT_EQ(FindSample(m, "lyncdiscover_probe_failure_info", {{"target", "corp-app"}, {"reason", "revoked"}}),
            1.0)
      << m;
  EXPECT_EQ(FindSample(m, "lyncdiscover_chain_trusted",
                       {{"target", "corp-app"}, {"trust_store", "enterprise"}, {"reason", "revoked"}}),
            0.0);
  EXPECT_EQ(FindSample(m, "lyncdiscover_ocsp_status",
                       {{"target", "corp-app"}, {"position", "0"}, {"status", "revoked"}}),
            1.0);
  EXPECT_TRUE(FindSample(m, "lyncdiscover_ocsp_response_next_update_timestamp_seconds",
                         {{"target", "corp-app"}, {"position", "0"}})
                  .has_value());
  EXPECT_EQ(FindSample(m, "lyncdiscover_revocation_url_up",
                       {{"target", "corp-app"}, {"position", "0"}, {"kind", "ocsp"}}),
            1.0);
  EXPECT_EQ(
      FindSample(m, "lyncdiscover_revocation_url_info",
                 {{"target", "corp-app"}, {"position", "0"}, {"kind", "ocsp"}, {"url", responder.Url()}}),
      1.0);
  EXPECT_GE(responder.Requests(), 1);

  // /status names the evidence.
  auto status = HttpCall(*port, "GET", "/status");
  ASSERT_EQ(status.status, 200);
  Poco::JSON::Parser parser;
  auto root_json = parser.parse(status.body).extract<Poco::JSON::Object::Ptr>();
  auto chain =
      root_json->getArray("results")->getObject(0)->getArray("endpoints")->getObject(0)->getObject("chain");
  auto ocsp = chain->getArray("ocsp")->getObject(0);
  EXPECT_EQ(ocsp->getValue<std::string>("status"), "revoked");
  EXPECT_EQ(ocsp->getValue<std::string>("url"), responder.Url());
  auto url = chain->getArray("revocation_urls")->getObject(0);
  EXPECT_EQ(url->getValue<std::string>("kind"), "ocsp");
  EXPECT_TRUE(url->getValue<bool>("up"));

  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.WaitForExit(seconds(15)), 0) << daemon.Stderr();
}

}  // namespace
}  // namespace lde::testing
