// Chains longer than the probe keeps, and certificates bigger than OpenSSL's
// default Certificate message bound, through the real probe path (TLS test
// server on 127.0.0.2, CheckEndpoint, AnalyzeChain).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "dns/resolver_set.h"
#include "probe/endpoint_check.h"
#include "probe/probe_plan.h"
#include "support/certs/cert_factory.h"
#include "support/servers/tls_test_server.h"
#include "tls/connection.h"

namespace lde::probe {
namespace {

using lde::testing::CertSpec;
using lde::testing::MintedCert;
using lde::testing::MintSigned;
using lde::testing::TlsTestServer;
using lde::testing::TlsTestServerOptions;
using model::TrustReason;
using std::chrono::seconds;

constexpr char kHost[] = "lyncdiscover.contoso.test";

// A root and a chain of intermediates under it: [0] is the root.
std::vector<MintedCert> CaChain(int intermediates) {
  return lde::testing::MintCaChain("Long", intermediates);
}

class BigChainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The daemon's own set-up: the default config, fresh caches, this clock.
    auto built = BuildProbeEnv(std::make_shared<config::Config>(), clock_, nullptr);
    ASSERT_TRUE(built.ok()) << built.error().detail;
    env_ = *built.value();
  }

  // Serves leaf, then the CAs from the lowest up to the root, as sent by a
  // server that includes everything; judged against a store of the root.
  model::EndpointReport Probe(const MintedCert& leaf, const std::vector<MintedCert>& cas) {
    std::string pem = leaf.pem;
    for (auto it = cas.rbegin(); it != cas.rend(); ++it) pem += it->pem;
    TlsTestServerOptions options;
    options.bind_address = "127.0.0.2";
    options.cert_chain_pem = pem;
    options.key_pem = leaf.key_pem;
    TlsTestServer server(options);
    auto store = x509::TrustStore::FromPem("enterprise", cas.front().pem);
    EXPECT_TRUE(store.ok()) << store.error().detail;
    EndpointCheckSpec spec;
    spec.endpoint = model::Endpoint{kHost, "127.0.0.2", server.port()};
    spec.sni = kHost;
    spec.expected_host = kHost;
    spec.stores = {store.value()};
    return CheckEndpoint(spec, env_, Deadline::After(clock_, seconds(20)));
  }

  static MintedCert Leaf(const MintedCert& issuer, std::vector<std::string> extra_names = {}) {
    CertSpec leaf;
    leaf.common_name = kHost;
    leaf.dns_names = {kHost};
    leaf.dns_names.insert(leaf.dns_names.end(), extra_names.begin(), extra_names.end());
    return MintSigned(leaf, issuer);
  }

  SystemClock clock_;
  ProbeEnv env_;
};

TEST_F(BigChainTest, FiftyCertificateChainIsReportedTruncatedNotUnknownIssuer) {
  ASSERT_EQ(tls::kMaxChainLength, 16u);
  std::vector<MintedCert> cas = CaChain(48);  // + leaf = 50 certificates sent
  model::EndpointReport report = Probe(Leaf(cas.back()), cas);
  ASSERT_FALSE(report.failure) << report.failure->detail;
  ASSERT_TRUE(report.tls);
  EXPECT_TRUE(report.tls->chain_truncated);
  EXPECT_EQ(report.tls->presented_chain.size(), tls::kMaxChainLength);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->certs.size(), tls::kMaxChainLength);
  ASSERT_EQ(report.chain->trust.size(), 1u);
  EXPECT_EQ(report.chain->trust[0].reason, TrustReason::kChainTruncated) << report.chain->trust[0].detail;
  EXPECT_NE(report.chain->trust[0].detail.view().find("the server sent more than the 16 certificates kept"),
            std::string::npos)
      << report.chain->trust[0].detail;
  EXPECT_EQ(UntrustedReason(*report.chain), model::Reason::kChainTruncated);
}

TEST_F(BigChainTest, ChainOfExactlyTheBoundIsWholeAndTrusted) {
  std::vector<MintedCert> cas = CaChain(14);  // root + 14 + leaf = 16
  model::EndpointReport report = Probe(Leaf(cas.back()), cas);
  ASSERT_TRUE(report.tls);
  EXPECT_FALSE(report.tls->chain_truncated);
  EXPECT_EQ(report.tls->presented_chain.size(), 16u);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->trust[0].reason, TrustReason::kOk) << report.chain->trust[0].detail;
}

TEST_F(BigChainTest, ChainCutJustAboveItsAnchorStillVerifies) {
  // 17 sent: only the root is dropped, and the store has it.
  std::vector<MintedCert> cas = CaChain(15);
  model::EndpointReport report = Probe(Leaf(cas.back()), cas);
  ASSERT_TRUE(report.tls);
  EXPECT_TRUE(report.tls->chain_truncated);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->trust[0].reason, TrustReason::kOk) << report.chain->trust[0].detail;
}

TEST_F(BigChainTest, LeafWithFiveThousandNamesIsCapturedAndRecorded) {
  std::vector<MintedCert> cas = CaChain(1);
  std::vector<std::string> names;
  for (int i = 0; i < 5000; ++i) names.push_back("san-" + std::to_string(10000 + i) + ".lync.contoso.test");
  MintedCert leaf = Leaf(cas.back(), names);
  // Over OpenSSL's default 100 KiB Certificate message bound, under ours.
  ASSERT_GT(leaf.der.size(), 100u * 1024);
  ASSERT_LT(leaf.der.size(), tls::kMaxCertificateMessageBytes);
  model::EndpointReport report = Probe(leaf, cas);
  ASSERT_FALSE(report.failure) << report.failure->detail;
  ASSERT_TRUE(report.tls);
  ASSERT_FALSE(report.tls->presented_chain.empty());
  EXPECT_EQ(report.tls->presented_chain[0], leaf.der);
  ASSERT_TRUE(report.chain);
  EXPECT_EQ(report.chain->certs[0]->dns_names().size(), 5001u);
  EXPECT_TRUE(report.chain->hostname_match);
  EXPECT_EQ(report.chain->trust[0].reason, TrustReason::kOk) << report.chain->trust[0].detail;
}

}  // namespace
}  // namespace lde::probe
