// What the CRL cache keeps of what hostile distribution points serve: a CRL
// (as DER), or a short negative entry without the junk, through the real
// probe path (TLS server on 127.0.0.2, CRL server on 127.0.0.1).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "dns/resolver_set.h"
#include "probe/endpoint_check.h"
#include "probe/probe_plan.h"
#include "support/certs/cert_factory.h"
#include "support/certs/revocation_factory.h"
#include "support/servers/tls_test_server.h"

namespace lde::probe {
namespace {

using lde::testing::CertSpec;
using lde::testing::MintCrl;
using lde::testing::MintedCert;
using lde::testing::MintSigned;
using lde::testing::TlsTestServer;
using lde::testing::TlsTestServerOptions;
using std::chrono::hours;
using std::chrono::seconds;

constexpr char kHost[] = "lyncdiscover.contoso.test";

class CrlCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<MintedCert> cas = lde::testing::MintCaChain("Cache", 1);
    root_ = cas[0];
    intermediate_ = cas[1];
    auto store = x509::TrustStore::FromPem("enterprise", root_.pem);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    store_ = store.value();
    // The daemon's own set-up: the default config, fresh caches, this clock.
    auto built = BuildProbeEnv(std::make_shared<config::Config>(), clock_, nullptr);
    ASSERT_TRUE(built.ok()) << built.error().detail;
    env_ = *built.value();

    TlsTestServerOptions plain;
    plain.tls = false;
    plain.handler = [this](const std::string&) {
      return "HTTP/1.1 200 OK\r\nContent-Type: application/pkix-crl\r\nContent-Length: " +
             std::to_string(crl_body_.size()) + "\r\nConnection: close\r\n\r\n" + crl_body_;
    };
    crl_server_ = std::make_unique<TlsTestServer>(plain);
    crl_url_ = "http://127.0.0.1:" + std::to_string(crl_server_->port()) + "/issuing.crl";

    CertSpec leaf;
    leaf.common_name = kHost;
    leaf.dns_names = {kHost};
    leaf.crl_urls = {crl_url_};
    leaf_ = MintSigned(leaf, intermediate_);
    TlsTestServerOptions options;
    options.bind_address = "127.0.0.2";
    options.cert_chain_pem = leaf_.pem + intermediate_.pem;
    options.key_pem = leaf_.key_pem;
    server_ = std::make_unique<TlsTestServer>(options);
  }

  model::EndpointReport Check() const {
    EndpointCheckSpec spec;
    spec.endpoint = model::Endpoint{kHost, "127.0.0.2", server_->port()};
    spec.sni = kHost;
    spec.expected_host = kHost;
    spec.stores = {store_};
    return CheckEndpoint(spec, env_, Deadline::After(clock_, seconds(10)));
  }

  SystemClock clock_;
  MintedCert root_, intermediate_, leaf_;
  std::shared_ptr<const x509::TrustStore> store_;
  ProbeEnv env_;
  std::string crl_body_;  // set before a check; read by the server thread during it
  std::string crl_url_;
  std::unique_ptr<TlsTestServer> crl_server_;
  std::unique_ptr<TlsTestServer> server_;
};

TEST_F(CrlCacheTest, JunkIsJudgedInvalidAndCachedWithoutItsBytes) {
  crl_body_ = std::string(1000 * 1000, 'j');  // just under the 1 MiB CRL bound
  model::EndpointReport first = Check();
  ASSERT_TRUE(first.chain);
  EXPECT_EQ(first.chain->crl[0].status, model::CrlStatus::kInvalid);
  EXPECT_EQ(first.chain->crl[0].detail, "not a CRL (DER or PEM)");
  // A negative entry: the URL and the bookkeeping, not the megabyte.
  EXPECT_EQ(env_.crls->size(), 1u);
  EXPECT_EQ(env_.crls->bytes(), FetchCache::Cost(crl_url_, FetchCache::Entry{}));
  EXPECT_LT(env_.crls->bytes(), 1024u);

  // Cached: not fetched again, and judged the same.
  model::EndpointReport second = Check();
  EXPECT_EQ(crl_server_->requests().size(), 1u);
  ASSERT_TRUE(second.chain);
  EXPECT_EQ(second.chain->crl[0].status, model::CrlStatus::kInvalid);
  EXPECT_EQ(second.chain->crl[0].detail, "not a CRL (DER or PEM)");
}

TEST_F(CrlCacheTest, ACrlServedAsPemIsKeptAsDer) {
  const auto now = clock_.Now();
  model::Der crl = MintCrl(intermediate_, {}, now - hours(1), now + hours(24));
  crl_body_ = lde::testing::CrlToPem(crl);
  ASSERT_GT(crl_body_.size(), crl.size());
  model::EndpointReport first = Check();
  ASSERT_TRUE(first.chain);
  EXPECT_EQ(first.chain->crl[0].status, model::CrlStatus::kGood) << first.chain->crl[0].detail;
  EXPECT_EQ(env_.crls->bytes(), FetchCache::Cost(crl_url_, FetchCache::Entry{{crl}, ""}));
  model::EndpointReport second = Check();
  EXPECT_EQ(crl_server_->requests().size(), 1u);
  EXPECT_EQ(second.chain->crl[0].status, model::CrlStatus::kGood) << second.chain->crl[0].detail;
}

}  // namespace
}  // namespace lde::probe
