// Checks the test certificate factory itself with raw OpenSSL, so the x509
// module's tests do not depend on the code they test to read their inputs.
#include "support/certs/cert_factory.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <memory>
#include <stdexcept>

namespace lde::testing {
namespace {

using std::chrono::hours;

struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

X509Ptr Parse(const model::Der& der) {
  const unsigned char* p = der.data();
  return X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

std::string Cn(X509_NAME* name) {
  char buf[256] = {};
  X509_NAME_get_text_by_NID(name, NID_commonName, buf, sizeof buf);
  return buf;
}

time_t ToTimeT(SysTime t) { return std::chrono::system_clock::to_time_t(t); }

TEST(CertFactoryTest, SelfSignedRootIsCaAndVerifiesItself) {
  CertSpec spec;
  spec.common_name = "Root";
  spec.is_ca = true;
  MintedCert root = MintSelfSigned(spec);
  X509Ptr cert = Parse(root.der);
  ASSERT_TRUE(cert);
  EXPECT_EQ(Cn(X509_get_subject_name(cert.get())), "Root");
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(cert.get()), X509_get_issuer_name(cert.get())), 0);
  EXPECT_EQ(X509_check_ca(cert.get()), 1);
  EXPECT_EQ(X509_verify(cert.get(), X509_get0_pubkey(cert.get())), 1);
  EXPECT_NE(root.pem.find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_NE(root.key_pem.find("BEGIN PRIVATE KEY"), std::string::npos);  // PKCS#8
}

TEST(CertFactoryTest, SignedCertCarriesIssuerNameAndIssuerSignature) {
  TestPki pki = MakePki("Acme", "www.acme.test");
  X509Ptr root = Parse(pki.root.der), inter = Parse(pki.intermediate.der), leaf = Parse(pki.leaf.der);
  ASSERT_TRUE(root && inter && leaf);
  EXPECT_EQ(Cn(X509_get_subject_name(inter.get())), "Acme Intermediate CA");
  EXPECT_EQ(Cn(X509_get_issuer_name(inter.get())), "Acme Root CA");
  EXPECT_EQ(Cn(X509_get_issuer_name(leaf.get())), "Acme Intermediate CA");
  EXPECT_EQ(X509_verify(inter.get(), X509_get0_pubkey(root.get())), 1);
  EXPECT_EQ(X509_verify(leaf.get(), X509_get0_pubkey(inter.get())), 1);
  EXPECT_NE(X509_verify(leaf.get(), X509_get0_pubkey(root.get())), 1);
  EXPECT_EQ(X509_check_ca(leaf.get()), 0);
  EXPECT_EQ(X509_check_host(leaf.get(), "www.acme.test", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_purpose(leaf.get(), X509_PURPOSE_SSL_SERVER, 0), 1);
}

TEST(CertFactoryTest, HonoursDatesKeyTypeDigestAndSans) {
  const SysTime not_before = std::chrono::sys_days{std::chrono::year{2030} / 1 / 2};
  const SysTime not_after = not_before + hours(24 * 10);
  CertSpec spec;
  spec.common_name = "leaf";
  spec.dns_names = {"a.test", "b.test"};
  spec.ip_addresses = {"192.0.2.7", "2001:db8::1"};
  spec.not_before = not_before;
  spec.not_after = not_after;
  spec.key = CertSpec::Key::kRsa1024;
  spec.digest = "sha1";
  spec.server_auth_eku = false;
  MintedCert minted = MintSelfSigned(spec);
  X509Ptr cert = Parse(minted.der);
  ASSERT_TRUE(cert);
  EXPECT_EQ(X509_cmp_time(X509_get0_notBefore(cert.get()), nullptr), 1);  // in the future
  time_t nb = ToTimeT(not_before), na = ToTimeT(not_after);
  EXPECT_EQ(ASN1_TIME_cmp_time_t(X509_get0_notBefore(cert.get()), nb), 0);
  EXPECT_EQ(ASN1_TIME_cmp_time_t(X509_get0_notAfter(cert.get()), na), 0);
  EXPECT_EQ(EVP_PKEY_get_base_id(X509_get0_pubkey(cert.get())), EVP_PKEY_RSA);
  EXPECT_EQ(EVP_PKEY_get_bits(X509_get0_pubkey(cert.get())), 1024);
  EXPECT_EQ(X509_get_signature_nid(cert.get()), NID_sha1WithRSAEncryption);
  EXPECT_EQ(X509_check_host(cert.get(), "b.test", 0, 0, nullptr), 1);
  EXPECT_EQ(X509_check_ip_asc(cert.get(), "2001:db8::1", 0), 1);
  EXPECT_EQ(X509_get_extension_flags(cert.get()) & EXFLAG_XKUSAGE, 0u);
}

TEST(CertFactoryTest, SerialsAreRandomAnd128Bits) {
  CertSpec spec;
  spec.common_name = "x";
  X509Ptr a = Parse(MintSelfSigned(spec).der), b = Parse(MintSelfSigned(spec).der);
  ASSERT_TRUE(a && b);
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(a.get()), X509_get0_serialNumber(b.get())), 0);
  EXPECT_EQ(X509_get0_serialNumber(a.get())->length, 16);
}

TEST(CertFactoryTest, WritesAiaAndCrlUrls) {
  CertSpec spec;
  spec.common_name = "x";
  spec.ocsp_urls = {"http://ocsp.test/"};
  spec.ca_issuer_urls = {"http://ca.test/int.cer"};
  spec.crl_urls = {"http://crl.test/a.crl"};
  X509Ptr cert = Parse(MintSelfSigned(spec).der);
  ASSERT_TRUE(cert);
  STACK_OF(OPENSSL_STRING)* ocsp = X509_get1_ocsp(cert.get());
  ASSERT_NE(ocsp, nullptr);
  EXPECT_EQ(std::string(sk_OPENSSL_STRING_value(ocsp, 0)), "http://ocsp.test/");
  X509_email_free(ocsp);
  EXPECT_GE(X509_get_ext_by_NID(cert.get(), NID_crl_distribution_points, -1), 0);
}

TEST(CertFactoryTest, PemBundleConcatenatesInOrder) {
  TestPki pki = MakePki("B", "b.test");
  std::string bundle = PemBundle({&pki.leaf, &pki.intermediate});
  EXPECT_EQ(bundle, pki.leaf.pem + pki.intermediate.pem);
}

TEST(CertFactoryTest, IpHostGoesToIpSan) {
  TestPki pki = MakePki("C", "10.1.2.3");
  X509Ptr leaf = Parse(pki.leaf.der);
  ASSERT_TRUE(leaf);
  EXPECT_EQ(X509_check_ip_asc(leaf.get(), "10.1.2.3", 0), 1);
}

TEST(CertFactoryTest, BadInputsThrow) {
  CertSpec spec;
  spec.common_name = "x";
  spec.digest = "no-such-digest";
  EXPECT_THROW(MintSelfSigned(spec), std::runtime_error);
  spec.digest = "sha256";
  MintedCert no_key = MintSelfSigned(spec);
  no_key.key_pem = "garbage";
  EXPECT_THROW(MintSigned(spec, no_key), std::runtime_error);
}

}  // namespace
}  // namespace lde::testing
