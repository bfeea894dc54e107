#include "x509/crl.h"

#include <gtest/gtest.h>

#include "support/certs/cert_specs.h"
#include "support/certs/revocation_factory.h"

namespace lde::x509 {
namespace {

using lde::testing::CaSpec;
using lde::testing::CrlSpec;
using lde::testing::CrlToPem;
using lde::testing::kDay;
using lde::testing::LeafSpec;
using lde::testing::MakePki;
using lde::testing::MintCrl;
using lde::testing::MintedCert;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;
using lde::testing::SerialHex;
using lde::testing::TestPki;

const SysTime kNow = lde::testing::kTestNow;

std::string_view View(const model::Der& der) {
  return {reinterpret_cast<const char*>(der.data()), der.size()};
}

class CrlTest : public ::testing::Test {
 protected:
  void SetUp() override { pki_ = MakePki("Crl", "crl.test", kNow); }

  // A CRL of the intermediate (the leaf's issuer) listing `serials`.
  model::Der IntermediateCrl(std::vector<std::string> serials,
                             std::optional<SysTime> next = kNow + 7 * kDay) {
    return MintCrl(pki_.intermediate, serials, kNow - kDay, next);
  }
  RevocationCheck CheckLeaf(const model::Der& crl, SysTime now = kNow) {
    return CheckCrl(View(crl), pki_.leaf.der, pki_.intermediate.der, now);
  }

  TestPki pki_;
};

TEST_F(CrlTest, DecodeReportsIssuerDatesAndEntries) {
  model::Der crl = IntermediateCrl({SerialHex(pki_.leaf), "0a"});
  auto facts = DecodeCrl(View(crl));
  ASSERT_TRUE(facts.ok()) << facts.error().detail;
  EXPECT_EQ(facts.value().der, crl);
  EXPECT_EQ(facts.value().issuer, "CN=Crl Intermediate CA,O=LDE Test");
  EXPECT_EQ(facts.value().this_update, kNow - kDay);
  EXPECT_EQ(facts.value().next_update, kNow + 7 * kDay);
  EXPECT_EQ(facts.value().revoked_count, 2u);
}

TEST_F(CrlTest, DecodeAcceptsPemAndReturnsDer) {
  model::Der crl = IntermediateCrl({}, std::nullopt);
  auto facts = DecodeCrl(CrlToPem(crl));
  ASSERT_TRUE(facts.ok()) << facts.error().detail;
  EXPECT_EQ(facts.value().der, crl);
  EXPECT_FALSE(facts.value().next_update.has_value());
  EXPECT_EQ(facts.value().revoked_count, 0u);
}

TEST_F(CrlTest, DecodeRejectsWhatIsNotExactlyOneCrl) {
  model::Der crl = IntermediateCrl({});
  model::Der trailing = crl;
  trailing.push_back(0);
  model::Der truncated(crl.begin(), crl.begin() + static_cast<long>(crl.size() / 2));
  struct Case {
    const char* name;
    std::string bytes;
  } cases[] = {
      {"empty", ""},
      {"text", "<html>not found</html>"},
      {"a certificate", std::string(View(pki_.leaf.der))},
      {"trailing bytes", std::string(View(trailing))},
      {"truncated", std::string(View(truncated))},
      {"pem without end", "-----BEGIN X509 CRL-----\nMIIB\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto facts = DecodeCrl(c.bytes);
    ASSERT_FALSE(facts.ok());
    EXPECT_EQ(facts.error().kind, ErrorKind::kCertificateParse);
  }
}

TEST_F(CrlTest, UnlistedCertificateIsGood) {
  RevocationCheck check = CheckLeaf(IntermediateCrl({"0a", "0b"}));
  EXPECT_EQ(check.verdict, RevocationVerdict::kGood) << check.detail;
  EXPECT_EQ(check.this_update, kNow - kDay);
  EXPECT_EQ(check.next_update, kNow + 7 * kDay);
  EXPECT_FALSE(check.revoked_at.has_value());
}

TEST_F(CrlTest, ListedSerialIsRevokedWithDateAndReason) {
  RevocationCheck check = CheckLeaf(IntermediateCrl({"0a", SerialHex(pki_.leaf)}));
  EXPECT_EQ(check.verdict, RevocationVerdict::kRevoked);
  EXPECT_EQ(check.revoked_at, kNow - 2 * kDay);  // MintCrl default: this_update - 1 day
  EXPECT_NE(check.detail.find("keyCompromise"), std::string::npos) << check.detail;
}

TEST_F(CrlTest, PemCrlIsCheckedToo) {
  model::Der crl = IntermediateCrl({SerialHex(pki_.leaf)});
  RevocationCheck check = CheckCrl(CrlToPem(crl), pki_.leaf.der, pki_.intermediate.der, kNow);
  EXPECT_EQ(check.verdict, RevocationVerdict::kRevoked) << check.detail;
}

TEST_F(CrlTest, IntermediateIsCheckedAgainstTheRootsCrl) {
  model::Der crl = MintCrl(pki_.root, {SerialHex(pki_.intermediate)}, kNow - kDay, kNow + kDay);
  EXPECT_EQ(CheckCrl(View(crl), pki_.intermediate.der, pki_.root.der, kNow).verdict,
            RevocationVerdict::kRevoked);
}

TEST_F(CrlTest, RemoveFromCrlEntryIsNotARevocation) {
  CrlSpec spec;
  spec.revoked_serials = {SerialHex(pki_.leaf)};
  spec.this_update = kNow - kDay;
  spec.next_update = kNow + kDay;
  spec.reason = 8;  // removeFromCRL (RFC 5280 5.3.1): a hold was lifted
  RevocationCheck check = CheckLeaf(MintCrl(pki_.intermediate, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kGood) << check.detail;
}

TEST_F(CrlTest, StaleCrlIsInvalidButSkewIsTolerated) {
  RevocationCheck stale = CheckLeaf(IntermediateCrl({}, kNow - std::chrono::hours(1)));
  EXPECT_EQ(stale.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(stale.detail.find("stale"), std::string::npos) << stale.detail;
  EXPECT_EQ(stale.next_update, kNow - std::chrono::hours(1));  // still reported

  RevocationCheck just_past = CheckLeaf(IntermediateCrl({}, kNow - std::chrono::minutes(1)));
  EXPECT_EQ(just_past.verdict, RevocationVerdict::kGood) << just_past.detail;
}

TEST_F(CrlTest, StaleCrlIsInvalidEvenIfItListsTheCertificate) {
  RevocationCheck check = CheckLeaf(IntermediateCrl({SerialHex(pki_.leaf)}, kNow - std::chrono::hours(2)));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
}

TEST_F(CrlTest, CrlFromTheFutureIsInvalid) {
  model::Der crl = MintCrl(pki_.intermediate, {}, kNow + std::chrono::hours(1), kNow + kDay);
  RevocationCheck check = CheckLeaf(crl);
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("future"), std::string::npos) << check.detail;
}

TEST_F(CrlTest, CrlWithoutNextUpdateIsAccepted) {
  RevocationCheck check = CheckLeaf(IntermediateCrl({}, std::nullopt));
  EXPECT_EQ(check.verdict, RevocationVerdict::kGood) << check.detail;
  EXPECT_FALSE(check.next_update.has_value());
}

TEST_F(CrlTest, SignatureByAnotherKeyWithTheSameNameIsInvalid) {
  // Same subject name as the real intermediate, different key.
  MintedCert impostor = MintSelfSigned(CaSpec("Crl Intermediate CA"));
  RevocationCheck check = CheckLeaf(MintCrl(impostor, {}, kNow - kDay, kNow + kDay));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("signature"), std::string::npos) << check.detail;
}

TEST_F(CrlTest, TamperedSignatureIsInvalid) {
  model::Der crl = IntermediateCrl({});
  crl.back() ^= 0x01;  // the signature value ends the DER
  RevocationCheck check = CheckLeaf(crl);
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("signature"), std::string::npos) << check.detail;
}

TEST_F(CrlTest, CrlOfAnotherIssuerIsInvalid) {
  RevocationCheck check = CheckLeaf(MintCrl(pki_.root, {SerialHex(pki_.leaf)}, kNow - kDay, kNow + kDay));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("not the certificate's issuer"), std::string::npos) << check.detail;
}

TEST_F(CrlTest, IssuerWithoutCrlSignKeyUsageIsInvalid) {
  // A "CA" whose keyUsage is digitalSignature,keyEncipherment only.
  MintedCert not_a_ca = MintSigned(LeafSpec("signer.test"), pki_.intermediate);
  MintedCert cert = MintSigned(LeafSpec("child.test"), not_a_ca);
  model::Der crl = MintCrl(not_a_ca, {}, kNow - kDay, kNow + kDay);
  RevocationCheck check = CheckCrl(View(crl), cert.der, not_a_ca.der, kNow);
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("cRLSign"), std::string::npos) << check.detail;
}

TEST_F(CrlTest, DeltaCrlIsNotUsedAsAComplete) {
  CrlSpec spec;
  spec.this_update = kNow - kDay;
  spec.next_update = kNow + kDay;
  spec.delta = true;
  RevocationCheck check = CheckLeaf(MintCrl(pki_.intermediate, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("delta"), std::string::npos) << check.detail;
}

TEST_F(CrlTest, UndecodableInputIsInvalidNotACrash) {
  model::Der crl = IntermediateCrl({});
  EXPECT_EQ(CheckCrl("garbage", pki_.leaf.der, pki_.intermediate.der, kNow).verdict,
            RevocationVerdict::kInvalid);
  EXPECT_EQ(CheckCrl(View(crl), {0x30, 0x00}, pki_.intermediate.der, kNow).verdict,
            RevocationVerdict::kInvalid);
  EXPECT_EQ(CheckCrl(View(crl), pki_.leaf.der, {}, kNow).verdict, RevocationVerdict::kInvalid);
}

}  // namespace
}  // namespace lde::x509
