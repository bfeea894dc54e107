// ParsePemBundle and ParseIssuerCertificates (declared in x509/certificate.h).
#include <gtest/gtest.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>

#include "support/certs/cert_specs.h"
#include "x509/certificate.h"

namespace lde::x509 {
namespace {

using lde::testing::MakePki;
using lde::testing::PemBundle;
using lde::testing::TestPki;

// A DER PKCS#7 certs-only bundle, as .p7c files served on AIA URLs.
std::string Pkcs7(const std::vector<model::Der>& certs, bool pem) {
  PKCS7* p7 = PKCS7_new();
  PKCS7_set_type(p7, NID_pkcs7_signed);
  PKCS7_content_new(p7, NID_pkcs7_data);
  for (const auto& der : certs) {
    const unsigned char* p = der.data();
    X509* x = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
    PKCS7_add_certificate(p7, x);  // takes its own reference
    X509_free(x);
  }
  std::string out;
  if (pem) {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PKCS7(bio, p7);
    char* data = nullptr;
    long len = BIO_get_mem_data(bio, &data);
    out.assign(data, static_cast<std::size_t>(len));
    BIO_free(bio);
  } else {
    unsigned char* buf = nullptr;
    int len = i2d_PKCS7(p7, &buf);
    out.assign(reinterpret_cast<char*>(buf), static_cast<std::size_t>(len));
    OPENSSL_free(buf);
  }
  PKCS7_free(p7);
  return out;
}

std::string AsString(const model::Der& der) { return std::string(der.begin(), der.end()); }

class CertBundleTest : public ::testing::Test {
 protected:
  TestPki pki_ = MakePki("Bundle", "b.test", lde::testing::kTestNow);
};

TEST_F(CertBundleTest, PemBundleKeepsOrder) {
  auto certs = ParsePemBundle(PemBundle({&pki_.leaf, &pki_.intermediate, &pki_.root}));
  ASSERT_TRUE(certs.ok()) << certs.error().detail;
  EXPECT_EQ(certs.value(), (std::vector<model::Der>{pki_.leaf.der, pki_.intermediate.der, pki_.root.der}));
}

TEST_F(CertBundleTest, SkipsTextKeysAndAcceptsCrlf) {
  std::string pem =
      "subject=CN = b.test\n" + pki_.leaf.pem + "\n# comment\n" + pki_.leaf.key_pem + pki_.root.pem;
  std::string crlf;
  for (char c : pem) crlf += (c == '\n') ? std::string("\r\n") : std::string(1, c);
  for (const auto& text : {pem, crlf}) {
    auto certs = ParsePemBundle(text);
    ASSERT_TRUE(certs.ok()) << certs.error().detail;
    EXPECT_EQ(certs.value(), (std::vector<model::Der>{pki_.leaf.der, pki_.root.der}));
  }
}

TEST_F(CertBundleTest, TrustedCertificateBlockCounts) {
  std::string pem = pki_.root.pem;
  pem.replace(pem.find("BEGIN CERTIFICATE"), 17, "BEGIN TRUSTED CERTIFICATE");
  pem.replace(pem.find("END CERTIFICATE"), 15, "END TRUSTED CERTIFICATE");
  auto certs = ParsePemBundle(pem);
  ASSERT_TRUE(certs.ok()) << certs.error().detail;
  EXPECT_EQ(certs.value(), std::vector<model::Der>{pki_.root.der});
}

TEST_F(CertBundleTest, BadPemIsACertificateParseError) {
  std::string missing_end = pki_.leaf.pem.substr(0, pki_.leaf.pem.size() / 2);
  std::string bad_base64 = pki_.leaf.pem;
  bad_base64[40] = '!';
  const std::string not_a_cert = "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"plain text", "hello world\n"},
      {"key only", pki_.leaf.key_pem},
      {"missing END line", missing_end},
      {"bad base64", bad_base64},
      {"block is not a certificate", not_a_cert},
      {"good then broken", pki_.root.pem + missing_end},
      {"binary DER", AsString(pki_.leaf.der)},
  };
  for (const auto& [name, pem] : cases) {
    SCOPED_TRACE(name);
    auto certs = ParsePemBundle(pem);
    ASSERT_FALSE(certs.ok());
    EXPECT_EQ(certs.error().kind, ErrorKind::kCertificateParse);
    EXPECT_FALSE(certs.error().detail.empty());
  }
}

TEST_F(CertBundleTest, PemBundleRefusesPkcs7) {
  EXPECT_FALSE(ParsePemBundle(Pkcs7({pki_.root.der}, true)).ok());
}

TEST_F(CertBundleTest, IssuerPayloadFormats) {
  const std::vector<model::Der> two = {pki_.intermediate.der, pki_.root.der};
  const std::vector<std::tuple<std::string, std::string, std::vector<model::Der>>> cases = {
      {"DER certificate", AsString(pki_.intermediate.der), {pki_.intermediate.der}},
      {"PEM certificate", pki_.intermediate.pem, {pki_.intermediate.der}},
      {"PEM bundle", PemBundle({&pki_.intermediate, &pki_.root}), two},
      {"DER PKCS#7", Pkcs7(two, false), two},
      {"PEM PKCS#7", Pkcs7(two, true), two},
  };
  for (const auto& [name, bytes, want] : cases) {
    SCOPED_TRACE(name);
    auto certs = ParseIssuerCertificates(bytes);
    ASSERT_TRUE(certs.ok()) << certs.error().detail;
    EXPECT_EQ(certs.value(), want);
  }
}

TEST_F(CertBundleTest, BadIssuerPayloadIsACertificateParseError) {
  std::string der = AsString(pki_.intermediate.der);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty", ""},
      {"html error page", "<html><body>404</body></html>"},
      {"truncated DER", der.substr(0, der.size() - 1)},
      {"empty PKCS#7", Pkcs7({}, false)},
      {"broken PEM", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n"},
  };
  for (const auto& [name, bytes] : cases) {
    SCOPED_TRACE(name);
    auto certs = ParseIssuerCertificates(bytes);
    ASSERT_FALSE(certs.ok());
    EXPECT_EQ(certs.error().kind, ErrorKind::kCertificateParse);
  }
}

}  // namespace
}  // namespace lde::x509
