#include "x509/ocsp.h"

#include <gtest/gtest.h>

#include "support/certs/cert_specs.h"
#include "support/certs/revocation_factory.h"

namespace lde::x509 {
namespace {

using lde::testing::CaSpec;
using lde::testing::CertSpec;
using lde::testing::kDay;
using lde::testing::LeafSpec;
using lde::testing::MakePki;
using lde::testing::MintedCert;
using lde::testing::MintOcspResponse;
using lde::testing::MintOcspTryLater;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;
using lde::testing::OcspCertStatus;
using lde::testing::OcspSpec;
using lde::testing::TestPki;

const SysTime kNow = lde::testing::kTestNow;
constexpr std::chrono::hours kHour{1};

class OcspTest : public ::testing::Test {
 protected:
  void SetUp() override { pki_ = MakePki("Ocsp", "ocsp.test", kNow); }

  OcspSpec Spec(OcspCertStatus status = OcspCertStatus::kGood) {
    OcspSpec spec;
    spec.status = status;
    spec.this_update = kNow - kHour;
    spec.next_update = kNow + 3 * kDay;
    return spec;
  }
  RevocationCheck Check(const model::Der& response) {
    return CheckOcspResponse(response, pki_.leaf.der, pki_.intermediate.der, kNow);
  }
  // A responder certificate issued by `issuer`.
  MintedCert Responder(const MintedCert& issuer, bool ocsp_signing) {
    CertSpec spec = LeafSpec("ocsp-responder.test");
    spec.server_auth_eku = false;
    spec.ocsp_signing_eku = ocsp_signing;
    return MintSigned(spec, issuer);
  }

  TestPki pki_;
};

TEST_F(OcspTest, GoodResponseSignedByTheIssuer) {
  RevocationCheck check = Check(
      MintOcspResponse(pki_.intermediate, pki_.leaf, OcspCertStatus::kGood, kNow - kHour, kNow + 3 * kDay));
  EXPECT_EQ(check.verdict, RevocationVerdict::kGood) << check.detail;
  EXPECT_EQ(check.this_update, kNow - kHour);
  EXPECT_EQ(check.next_update, kNow + 3 * kDay);
  EXPECT_FALSE(check.revoked_at.has_value());
}

TEST_F(OcspTest, RevokedResponseCarriesDateAndReason) {
  OcspSpec spec = Spec(OcspCertStatus::kRevoked);
  spec.revoked_at = kNow - 5 * kDay;
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kRevoked) << check.detail;
  EXPECT_EQ(check.revoked_at, kNow - 5 * kDay);
  EXPECT_NE(check.detail.find("keyCompromise"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, UnknownResponseIsUnknown) {
  RevocationCheck check =
      Check(MintOcspResponse(pki_.intermediate, pki_.leaf, Spec(OcspCertStatus::kUnknown)));
  EXPECT_EQ(check.verdict, RevocationVerdict::kUnknown) << check.detail;
}

TEST_F(OcspTest, Sha256CertIdIsMatched) {
  OcspSpec spec = Spec();
  spec.cert_id_digest = "sha256";
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kGood) << check.detail;
}

TEST_F(OcspTest, DelegatedResponderWithOcspSigningIsAccepted) {
  MintedCert responder = Responder(pki_.intermediate, true);
  OcspSpec spec = Spec(OcspCertStatus::kRevoked);
  spec.signer = &responder;
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kRevoked) << check.detail;
}

TEST_F(OcspTest, DelegatedResponderWithoutOcspSigningIsInvalid) {
  MintedCert responder = Responder(pki_.intermediate, false);
  OcspSpec spec = Spec();
  spec.signer = &responder;
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("OCSPSigning"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, ResponderCertifiedByAnotherCaIsInvalid) {
  MintedCert other_ca = MintSelfSigned(CaSpec("Other CA"));
  MintedCert responder = Responder(other_ca, true);
  OcspSpec spec = Spec(OcspCertStatus::kRevoked);
  spec.signer = &responder;
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("neither the issuer"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, ExpiredDelegatedResponderIsInvalid) {
  CertSpec spec = LeafSpec("ocsp-responder.test");
  spec.server_auth_eku = false;
  spec.ocsp_signing_eku = true;
  spec.not_before = kNow - 30 * kDay;
  spec.not_after = kNow - kDay;
  MintedCert responder = MintSigned(spec, pki_.intermediate);
  OcspSpec ocsp = Spec();
  ocsp.signer = &responder;
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, ocsp));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("not valid"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, ResponseSignedByAnImpostorWithTheIssuersNameIsInvalid) {
  // Same name as the intermediate, different key: the signature cannot verify.
  MintedCert impostor = MintSelfSigned(CaSpec("Ocsp Intermediate CA"));
  OcspSpec spec = Spec(OcspCertStatus::kGood);
  spec.signer = &impostor;
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("neither the issuer"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, TamperedSignatureIsInvalid) {
  model::Der response = MintOcspResponse(pki_.intermediate, pki_.leaf, Spec());
  response.back() ^= 0x01;  // signed by the CA: no certs, so the signature ends the DER
  RevocationCheck check = Check(response);
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("signature does not verify"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, ResponseAboutAnotherCertificateIsInvalid) {
  MintedCert other_leaf = MintSigned(LeafSpec("other.test"), pki_.intermediate);
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, other_leaf, Spec()));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("no response for this certificate"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, CheckedAgainstTheWrongIssuerIsInvalid) {
  model::Der response = MintOcspResponse(pki_.intermediate, pki_.leaf, Spec());
  RevocationCheck check = CheckOcspResponse(response, pki_.leaf.der, pki_.root.der, kNow);
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
}

TEST_F(OcspTest, StaleResponseIsInvalidButSkewIsTolerated) {
  OcspSpec stale = Spec();
  stale.this_update = kNow - 4 * kDay;
  stale.next_update = kNow - kHour;
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, stale));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("stale"), std::string::npos) << check.detail;

  OcspSpec just_past = stale;
  just_past.next_update = kNow - std::chrono::minutes(2);
  EXPECT_EQ(Check(MintOcspResponse(pki_.intermediate, pki_.leaf, just_past)).verdict,
            RevocationVerdict::kGood);
}

TEST_F(OcspTest, ResponseFromTheFutureIsInvalid) {
  OcspSpec spec = Spec();
  spec.this_update = kNow + kHour;
  RevocationCheck check = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, spec));
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("future"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, WithoutNextUpdateAResponseLastsADay) {
  OcspSpec fresh = Spec();
  fresh.next_update = std::nullopt;
  fresh.this_update = kNow - 2 * kHour;
  RevocationCheck ok = Check(MintOcspResponse(pki_.intermediate, pki_.leaf, fresh));
  EXPECT_EQ(ok.verdict, RevocationVerdict::kGood) << ok.detail;
  EXPECT_FALSE(ok.next_update.has_value());

  OcspSpec old = fresh;
  old.this_update = kNow - 2 * kDay;
  EXPECT_EQ(Check(MintOcspResponse(pki_.intermediate, pki_.leaf, old)).verdict, RevocationVerdict::kInvalid);
}

TEST_F(OcspTest, UnsuccessfulResponseStatusIsInvalid) {
  RevocationCheck check = Check(MintOcspTryLater());
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("responseStatus"), std::string::npos) << check.detail;
}

TEST_F(OcspTest, UndecodableInputIsInvalidNotACrash) {
  model::Der good = MintOcspResponse(pki_.intermediate, pki_.leaf, Spec());
  model::Der trailing = good;
  trailing.push_back(0);
  model::Der truncated(good.begin(), good.begin() + static_cast<long>(good.size() / 2));
  for (const model::Der& bytes :
       {model::Der{}, model::Der{0x30, 0x03, 0x0a, 0x01, 0x00}, trailing, truncated, pki_.leaf.der}) {
    EXPECT_EQ(Check(bytes).verdict, RevocationVerdict::kInvalid);
  }
  EXPECT_EQ(CheckOcspResponse(good, {}, pki_.intermediate.der, kNow).verdict, RevocationVerdict::kInvalid);
  EXPECT_EQ(CheckOcspResponse(good, pki_.leaf.der, {0x01}, kNow).verdict, RevocationVerdict::kInvalid);
}

}  // namespace
}  // namespace lde::x509
