#include "x509/certificate.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "support/certs/cert_specs.h"

namespace lde::x509 {
namespace {

using lde::testing::CaSpec;
using lde::testing::CertSpec;
using lde::testing::kDay;
using lde::testing::LeafSpec;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;

const SysTime kNow = lde::testing::kTestNow;

std::string Sha256Hex(const model::Der& der) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(der.data(), der.size(), md, &len, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < len; ++i) {
    snprintf(buf, sizeof buf, "%02x", md[i]);
    hex += buf;
  }
  return hex;
}

TEST(DecodeCertificateTest, LeafNamesDatesAndIdentity) {
  auto root = MintSelfSigned(CaSpec("Acme Root"));
  CertSpec spec = LeafSpec("www.acme.test");
  spec.dns_names = {"www.acme.test", "acme.test"};
  spec.ip_addresses = {"192.0.2.10", "2001:db8::1"};
  auto leaf = MintSigned(spec, root);

  auto facts = DecodeCertificate(leaf.der);
  ASSERT_TRUE(facts.ok()) << facts.error().detail;
  const model::CertFacts& f = facts.value();
  EXPECT_EQ(f.subject, "CN=www.acme.test,O=LDE Test");  // RFC 2253: most specific first
  EXPECT_EQ(f.issuer, "CN=Acme Root,O=LDE Test");
  EXPECT_EQ(f.common_name, "www.acme.test");
  EXPECT_EQ(f.dns_names, (std::vector<std::string>{"www.acme.test", "acme.test"}));
  EXPECT_EQ(f.ip_addresses, (std::vector<std::string>{"192.0.2.10", "2001:db8::1"}));
  EXPECT_EQ(f.not_before, kNow - kDay);
  EXPECT_EQ(f.not_after, kNow + 90 * kDay);
  EXPECT_EQ(f.sha256_hex, Sha256Hex(leaf.der));
  EXPECT_EQ(f.serial_hex.size(), 32u);  // the factory's 128-bit serials
  EXPECT_EQ(f.serial_hex.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_FALSE(f.self_issued);
  EXPECT_FALSE(f.is_ca);
  EXPECT_TRUE(f.has_eku);
  EXPECT_TRUE(f.eku_server_auth);
}

TEST(DecodeCertificateTest, RootIsSelfIssuedCa) {
  auto facts = DecodeCertificate(MintSelfSigned(CaSpec("Acme Root")).der);
  ASSERT_TRUE(facts.ok());
  EXPECT_TRUE(facts.value().self_issued);
  EXPECT_TRUE(facts.value().is_ca);
  EXPECT_FALSE(facts.value().has_eku);
  EXPECT_FALSE(facts.value().eku_server_auth);
  EXPECT_TRUE(facts.value().dns_names.empty());
}

TEST(DecodeCertificateTest, KeyTypesAndSignatureAlgorithms) {
  struct Case {
    CertSpec::Key key;
    std::string digest;
    std::string key_type;
    int bits;
    std::string signature;
  } cases[] = {
      {CertSpec::Key::kEcP256, "sha256", "EC", 256, "ecdsa-with-SHA256"},
      {CertSpec::Key::kRsa2048, "sha256", "RSA", 2048, "sha256WithRSAEncryption"},
      {CertSpec::Key::kRsa1024, "sha1", "RSA", 1024, "sha1WithRSAEncryption"},
      {CertSpec::Key::kEcP256, "sha384", "EC", 256, "ecdsa-with-SHA384"},
      // What the weak-crypto policy rules see (self-signed, so the key signs).
      {CertSpec::Key::kRsa512, "md5", "RSA", 512, "md5WithRSAEncryption"},
      {CertSpec::Key::kEcP192, "sha256", "EC", 192, "ecdsa-with-SHA256"},
      {CertSpec::Key::kEcP384, "sha384", "EC", 384, "ecdsa-with-SHA384"},
      {CertSpec::Key::kDsa1024, "sha1", "DSA", 1024, "dsaWithSHA1"},
      {CertSpec::Key::kEd25519, "", "ED25519", 256, "ED25519"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.signature);
    CertSpec spec = LeafSpec("k.test");
    spec.key = c.key;
    spec.digest = c.digest;
    auto facts = DecodeCertificate(MintSelfSigned(spec).der);
    ASSERT_TRUE(facts.ok());
    EXPECT_EQ(facts.value().key_type, c.key_type);
    EXPECT_EQ(facts.value().key_bits, c.bits);
    EXPECT_EQ(facts.value().signature_algorithm, c.signature);
  }
}

TEST(DecodeCertificateTest, NoEkuMeansNoServerAuth) {
  CertSpec spec = LeafSpec("x.test");
  spec.server_auth_eku = false;
  auto facts = DecodeCertificate(MintSelfSigned(spec).der);
  ASSERT_TRUE(facts.ok());
  EXPECT_FALSE(facts.value().has_eku);
  EXPECT_FALSE(facts.value().eku_server_auth);
}

TEST(DecodeCertificateTest, NonAsciiBytesInANameBecomeValidUtf8) {
  // IA5String is ASCII by definition; a hostile certificate can still carry
  // any bytes, and they end up in metric labels and JSON.
  auto root = MintSelfSigned(CaSpec("Root"));
  CertSpec spec = LeafSpec("ok.example");
  spec.dns_names.push_back(std::string("bad\xff\xfe.example"));
  auto leaf = MintSigned(spec, root);
  auto facts = DecodeCertificate(leaf.der);
  ASSERT_TRUE(facts.ok()) << facts.error().detail;
  ASSERT_EQ(facts.value().dns_names.size(), 2u);
  EXPECT_EQ(facts.value().dns_names[1], "bad\xef\xbf\xbd\xef\xbf\xbd.example");  // two U+FFFD
}

TEST(DecodeCertificateTest, AiaAndCrlUrls) {
  CertSpec spec = LeafSpec("x.test");
  spec.ocsp_urls = {"http://ocsp.acme.test/"};
  spec.ca_issuer_urls = {"http://pki.acme.test/int.p7c", "ldap://pki.acme.test/int"};
  spec.crl_urls = {"http://crl.acme.test/int.crl"};
  auto facts = DecodeCertificate(MintSelfSigned(spec).der);
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts.value().ocsp_urls, spec.ocsp_urls);
  EXPECT_EQ(facts.value().ca_issuer_urls, spec.ca_issuer_urls);
  EXPECT_EQ(facts.value().crl_urls, spec.crl_urls);
}

TEST(DecodeCertificateTest, CnOnlyCertificate) {
  CertSpec spec = LeafSpec("legacy.acme.test");
  spec.dns_names.clear();
  auto facts = DecodeCertificate(MintSelfSigned(spec).der);
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts.value().common_name, "legacy.acme.test");
  EXPECT_TRUE(facts.value().dns_names.empty());
}

TEST(DecodeCertificateTest, DatesBeyond2038) {
  CertSpec spec = LeafSpec("x.test");
  spec.not_after = std::chrono::sys_days{std::chrono::year{2099} / 12 / 31};
  auto facts = DecodeCertificate(MintSelfSigned(spec).der);
  ASSERT_TRUE(facts.ok());
  EXPECT_EQ(facts.value().not_after, *spec.not_after);
}

TEST(DecodeCertificateTest, BadBytesAreACertificateParseError) {
  const model::Der good = MintSelfSigned(LeafSpec("x.test")).der;
  model::Der truncated(good.begin(), good.begin() + static_cast<long>(good.size() / 2));
  model::Der trailing = good;
  trailing.push_back(0);
  model::Der flipped = good;
  flipped[1] ^= 0xff;  // breaks the outer length
  const std::vector<std::pair<std::string, model::Der>> cases = {
      {"empty", {}},
      {"garbage", {'h', 'e', 'l', 'l', 'o'}},
      {"truncated", truncated},
      {"trailing byte", trailing},
      {"bad length", flipped},
      {"pem text", model::Der(good.size(), '-')},
  };
  for (const auto& [name, der] : cases) {
    SCOPED_TRACE(name);
    auto facts = DecodeCertificate(der);
    ASSERT_FALSE(facts.ok());
    EXPECT_EQ(facts.error().kind, ErrorKind::kCertificateParse);
    EXPECT_FALSE(facts.error().detail.empty());
  }
}

}  // namespace
}  // namespace lde::x509
