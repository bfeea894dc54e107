// Weak signatures and keys on plain targets, through the built binary: each
// server presents one fault (SHA-1 or MD5 leaf, SHA-1 intermediate, RSA-1024,
// RSA-512 over TLS 1.2, a DSA or P-192 intermediate) and the default policy
// must fail it at step `certificate`, while a SHA-1 self-signed root, the
// policy `none` and a declared policy that allows the key pass.

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "support/certs/cert_factory.h"
#include "support/certs/cert_specs.h"
#include "support/daemon/daemon_process.h"
#include "support/metrics_text/metrics_text.h"
#include "support/servers/tls_test_server.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;
using Key = CertSpec::Key;

constexpr char kHost[] = "weak.policy.test";

// What one target should end as.
struct Expected {
  bool success;
  std::string reason;                                   // failure reason, "" on success
  std::vector<std::pair<int, std::string>> violations;  // (position, rule), in order
};

struct Case {
  std::string target;
  std::string policy;  // "" = omitted (the built-in default)
  Expected expected;
};

CertSpec Ca(const std::string& name, Key key, const std::string& digest = "sha256") {
  CertSpec spec = CaSpec(name);
  spec.not_before = std::chrono::system_clock::now() - std::chrono::hours(24);
  spec.not_after = std::chrono::system_clock::now() + std::chrono::hours(24 * 365);
  spec.key = key;
  spec.digest = digest;
  return spec;
}

CertSpec Leaf(Key key = Key::kEcP256, const std::string& digest = "sha256") {
  CertSpec spec;  // dates default to around the wall clock: the daemon judges at `now`
  spec.common_name = kHost;
  spec.dns_names = {kHost};
  spec.key = key;
  spec.digest = digest;
  return spec;
}

class WeakCryptoLab {
 public:
  WeakCryptoLab() {
    char tmpl[] = "/tmp/lde-policy-XXXXXX";
    if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = tmpl;
    MintedCert root = MintSelfSigned(Ca("Policy Root", Key::kRsa2048));
    MintedCert ca = MintSigned(Ca("Policy CA", Key::kRsa2048), root);
    MintedCert sha1_root = MintSelfSigned(Ca("SHA-1 Root", Key::kRsa2048, "sha1"));
    MintedCert ca_under_sha1_root = MintSigned(Ca("Good CA", Key::kRsa2048), sha1_root);
    anchors_ = root.pem + sha1_root.pem;

    auto leaf_under = [](const MintedCert& issuer, Key key = Key::kEcP256,
                         const std::string& digest = "sha256") {
      return MintSigned(Leaf(key, digest), issuer);
    };
    Serve("sha1-leaf", {leaf_under(ca, Key::kEcP256, "sha1"), ca});
    Serve("md5-leaf", {leaf_under(ca, Key::kEcP256, "md5"), ca});
    MintedCert sha1_ca = MintSigned(Ca("SHA-1 CA", Key::kRsa2048, "sha1"), root);
    Serve("sha1-intermediate", {leaf_under(sha1_ca), sha1_ca});
    Serve("rsa1024-leaf", {leaf_under(ca, Key::kRsa1024), ca});
    // A 512-bit key cannot sign RSASSA-PSS with SHA-256, which TLS 1.3 requires.
    Serve("rsa512-leaf", {leaf_under(ca, Key::kRsa512), ca}, /*max_tls12=*/true);
    MintedCert dsa_ca = MintSigned(Ca("DSA CA", Key::kDsa1024), root);
    Serve("dsa-intermediate", {leaf_under(dsa_ca), dsa_ca});
    MintedCert p192_ca = MintSigned(Ca("P-192 CA", Key::kEcP192), root);
    Serve("p192-intermediate", {leaf_under(p192_ca), p192_ca});
    Serve("sha1-root", {leaf_under(ca_under_sha1_root), ca_under_sha1_root, sha1_root});
    Serve("sha1-leaf-policy-none", {leaf_under(ca, Key::kEcP256, "sha1"), ca});
    Serve("rsa1024-leaf-legacy", {leaf_under(ca, Key::kRsa1024), ca});
  }
  ~WeakCryptoLab() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string WriteConfig(const std::vector<Case>& cases) const {
    std::ofstream(dir_ + "/anchors.pem") << anchors_;
    std::string yaml =
        "global: {interval: 3s, timeout: 3s, concurrency: 4}\n"
        "trust_stores:\n  lab: {ca_files: [" +
        dir_ +
        "/anchors.pem]}\n"
        "policies:\n  legacy: {reject_sha1: true, min_rsa_bits: 1024}\n"
        "targets:\n";
    for (const Case& c : cases) {
      yaml += "  - {name: " + c.target + ", url: \"tls://127.0.0.1:" + std::to_string(ports_.at(c.target)) +
              "\", server_name: " + kHost + (c.policy.empty() ? "" : ", policy: " + c.policy) + "}\n";
    }
    std::string path = dir_ + "/config.yml";
    std::ofstream(path) << yaml;
    return path;
  }

 private:
  void Serve(const std::string& target, const std::vector<MintedCert>& chain, bool max_tls12 = false) {
    TlsTestServerOptions options;
    for (const MintedCert& cert : chain) options.cert_chain_pem += cert.pem;
    options.key_pem = chain.front().key_pem;
    options.max_tls12 = max_tls12;
    servers_.push_back(std::make_unique<TlsTestServer>(options));
    ports_[target] = servers_.back()->port();
  }

  std::string dir_;
  std::string anchors_;
  std::vector<std::unique_ptr<TlsTestServer>> servers_;
  std::map<std::string, std::uint16_t> ports_;
};

const std::vector<Case>& Cases() {
  static const std::vector<Case> cases{
      {"sha1-leaf", "", {false, "weak_signature", {{0, "reject_sha1"}}}},
      {"md5-leaf", "", {false, "weak_signature", {{0, "reject_sha1"}}}},
      {"sha1-intermediate", "", {false, "weak_signature", {{1, "reject_sha1"}}}},
      {"rsa1024-leaf", "", {false, "weak_key", {{0, "min_rsa_bits"}}}},
      {"rsa512-leaf", "", {false, "weak_key", {{0, "min_rsa_bits"}}}},
      {"dsa-intermediate", "", {false, "weak_key", {{1, "reject_dsa"}}}},
      {"p192-intermediate", "", {false, "weak_key", {{1, "min_ec_bits"}}}},
      {"sha1-root", "", {true, "", {}}},  // an anchor's own signature is never verified
      {"sha1-leaf-policy-none", "none", {true, "", {}}},
      {"rsa1024-leaf-legacy", "legacy", {true, "", {}}},
  };
  return cases;
}

class WeakCryptoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { lab_ = new WeakCryptoLab; }
  static void TearDownTestSuite() {
    delete lab_;
    lab_ = nullptr;
  }
  static WeakCryptoLab* lab_;
};
WeakCryptoLab* WeakCryptoTest::lab_ = nullptr;

TEST_F(WeakCryptoTest, OnceJudgesEveryTargetByItsPolicy) {
  std::string config = lab_->WriteConfig(Cases());
  auto result =
      RunCommand({LDE_DAEMON_BINARY, "--once", "--output=json", "--config.file=" + config}, seconds(60));
  ASSERT_EQ(result.exit_code, 1) << result.out << result.err;  // some targets fail
  Poco::JSON::Parser parser;
  auto results = parser.parse(result.out).extract<Poco::JSON::Object::Ptr>()->getArray("results");
  ASSERT_EQ(results->size(), Cases().size());
  std::map<std::string, Poco::JSON::Object::Ptr> by_target;  // --once sorts results by name
  for (std::size_t i = 0; i < results->size(); ++i) {
    auto r = results->getObject(static_cast<unsigned>(i));
    by_target[r->getValue<std::string>("target")] = r;
  }
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.target);
    auto r = by_target[c.target];
    ASSERT_TRUE(r) << "no result";
    EXPECT_EQ(r->getValue<bool>("success"), c.expected.success);
    auto endpoint = r->getArray("endpoints")->getObject(0);
    // Trust itself is fine in every case: only the policy fails them.
    auto trust = endpoint->getObject("chain")->getArray("trust")->getObject(0);
    EXPECT_EQ(trust->getValue<std::string>("reason"), "ok");
    if (!c.expected.success) {
      auto failure = endpoint->getObject("failure");
      ASSERT_TRUE(failure) << "no failure recorded";
      EXPECT_EQ(failure->getValue<std::string>("step"), "certificate");
      EXPECT_EQ(failure->getValue<std::string>("reason"), c.expected.reason);
    }
    std::vector<std::pair<int, std::string>> found;
    if (auto violations = endpoint->getArray("policy_violations")) {
      for (std::size_t v = 0; v < violations->size(); ++v) {
        auto violation = violations->getObject(static_cast<unsigned>(v));
        EXPECT_EQ(violation->getValue<std::string>("policy"), c.policy.empty() ? "default" : c.policy);
        found.emplace_back(violation->getValue<int>("position"), violation->getValue<std::string>("rule"));
      }
    }
    EXPECT_EQ(found, c.expected.violations);
  }
}

TEST_F(WeakCryptoTest, ServeModePublishesEveryViolationAndTheFailure) {
  std::string config = lab_->WriteConfig(Cases());
  DaemonProcess daemon({LDE_DAEMON_BINARY, "--config.file=" + config, "--web.listen-address=127.0.0.1:0",
                        "--log.level=debug"});
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  for (const Case& c : Cases()) {
    ASSERT_TRUE(daemon.WaitForLine(std::regex("probe finished\" target=" + c.target + " "), seconds(30)))
        << c.target << "\n"
        << daemon.Stderr();
  }
  auto metrics = HttpCall(*port, "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  const std::string& m = metrics.body;
  for (const Case& c : Cases()) {
    SCOPED_TRACE(c.target);
    EXPECT_EQ(testsupport::FindSample(m, "probe_success", {{"target", c.target}}),
              c.expected.success ? 1.0 : 0.0);
    EXPECT_EQ(testsupport::CountSeries(m, "lyncdiscover_cert_policy_violation", {{"target", c.target}}),
              c.expected.violations.size());
    for (const auto& [position, rule] : c.expected.violations) {
      EXPECT_EQ(testsupport::FindSample(m, "lyncdiscover_cert_policy_violation",
                                        {{"target", c.target},
                                         {"policy", "default"},
                                         {"position", std::to_string(position)},
                                         {"rule", rule}}),
                1.0);
    }
    if (!c.expected.success) {
      EXPECT_EQ(testsupport::FindSample(
                    m, "lyncdiscover_probe_failure_info",
                    {{"target", c.target}, {"step", "certificate"}, {"reason", c.expected.reason}}),
                1.0);
    }
  }
  // The facts behind the verdicts: key sizes and algorithms as presented.
  EXPECT_EQ(testsupport::FindSample(m, "lyncdiscover_cert_key_size",
                                    {{"target", "rsa512-leaf"}, {"position", "0"}}),
            512.0);
  EXPECT_EQ(
      testsupport::CountSeries(m, "lyncdiscover_cert_info",
                               {{"target", "dsa-intermediate"}, {"position", "1"}, {"key_type", "dsa"}}),
      1u);
  EXPECT_EQ(testsupport::CountSeries(
                m, "lyncdiscover_cert_info",
                {{"target", "md5-leaf"}, {"position", "0"}, {"signature_algorithm", "md5WithRSAEncryption"}}),
            1u);
}

}  // namespace
}  // namespace lde::testing
