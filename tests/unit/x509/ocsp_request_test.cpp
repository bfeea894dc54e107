// Live OCSP requests and the checks their answers get beyond a staple's: the
// request is what RFC 5019 responders answer (one SHA-1 CertID) and carries
// a fresh nonce; an answer with another nonce is refused, one without is not.
#include "x509/ocsp_request.h"

#include <gtest/gtest.h>
#include <openssl/ocsp.h>

#include <memory>

#include "support/certs/cert_specs.h"
#include "support/certs/openssl_test_handles.h"
#include "support/certs/revocation_factory.h"

namespace lde::x509 {
namespace {

using lde::testing::kDay;
using lde::testing::MakePki;
using lde::testing::MintOcspResponse;
using lde::testing::OcspCertStatus;
using lde::testing::OcspSpec;
using lde::testing::TestPki;

const SysTime kNow = lde::testing::kTestNow;
constexpr std::chrono::hours kHour{1};

struct RequestDeleter {
  void operator()(OCSP_REQUEST* r) const { OCSP_REQUEST_free(r); }
};
using RequestPtr = std::unique_ptr<OCSP_REQUEST, RequestDeleter>;

RequestPtr Decode(const model::Der& der) {
  const unsigned char* p = der.data();
  RequestPtr request(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(der.size())));
  EXPECT_TRUE(request) << "not an OCSPRequest";
  EXPECT_EQ(p, der.data() + der.size()) << "trailing bytes";
  return request;
}

lde::testing::X509Ptr DecodeCert(const model::Der& der) {
  const unsigned char* p = der.data();
  return lde::testing::X509Ptr(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
}

// The nonce extension's value (an OCTET STRING holding the nonce octets).
std::string NonceValue(OCSP_REQUEST* request) {
  int at = OCSP_REQUEST_get_ext_by_NID(request, NID_id_pkix_OCSP_Nonce, -1);
  if (at < 0) return "";
  ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(OCSP_REQUEST_get_ext(request, at));
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value)),
                     static_cast<std::size_t>(ASN1_STRING_length(value)));
}

class OcspRequestTest : public ::testing::Test {
 protected:
  void SetUp() override { pki_ = MakePki("Live", "live.ocsp.test", kNow); }

  OcspRequest Build() {
    auto request = BuildOcspRequest(pki_.leaf.der, pki_.intermediate.der);
    EXPECT_TRUE(request.ok()) << request.error().detail;
    return request.ok() ? request.value() : OcspRequest{};
  }
  OcspSpec Answer(OcspCertStatus status = OcspCertStatus::kGood) const {
    OcspSpec spec;
    spec.status = status;
    spec.this_update = kNow - kHour;
    spec.next_update = kNow + kDay;
    return spec;
  }
  model::Der Mint(const OcspSpec& spec) const { return MintOcspResponse(pki_.intermediate, pki_.leaf, spec); }
  RevocationCheck CheckAnswer(const model::Der& response, const model::Der& request) const {
    return CheckOcspAnswer(response, request, pki_.leaf.der, pki_.intermediate.der, kNow);
  }

  TestPki pki_;
};

TEST_F(OcspRequestTest, AsksAboutTheCertificateWithOneSha1CertIdAndANonce) {
  OcspRequest built = Build();
  RequestPtr request = Decode(built.der);
  ASSERT_TRUE(request);
  ASSERT_EQ(OCSP_request_onereq_count(request.get()), 1);
  OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(request.get(), 0));
  ASN1_OBJECT* md = nullptr;
  ASSERT_EQ(OCSP_id_get0_info(nullptr, &md, nullptr, nullptr, id), 1);
  EXPECT_EQ(OBJ_obj2nid(md), NID_sha1);

  // The same CertID OpenSSL computes for this certificate and issuer.
  lde::testing::X509Ptr leaf = DecodeCert(pki_.leaf.der);
  lde::testing::X509Ptr issuer = DecodeCert(pki_.intermediate.der);
  ASSERT_TRUE(leaf && issuer);
  std::unique_ptr<OCSP_CERTID, decltype(&OCSP_CERTID_free)> expected(
      OCSP_cert_to_id(EVP_sha1(), leaf.get(), issuer.get()), OCSP_CERTID_free);
  EXPECT_EQ(OCSP_id_cmp(expected.get(), id), 0);

  // A 16-byte nonce (the extension's value is an OCTET STRING: tag, length, 16 bytes).
  std::string nonce = NonceValue(request.get());
  ASSERT_EQ(nonce.size(), 18u);
  EXPECT_EQ(nonce[0], '\x04');
  EXPECT_EQ(nonce[1], '\x10');
  EXPECT_FALSE(built.cert_id_hex.empty());
}

TEST_F(OcspRequestTest, EveryRequestHasItsOwnNonceButTheSameCertId) {
  OcspRequest a = Build();
  OcspRequest b = Build();
  RequestPtr ra = Decode(a.der);
  RequestPtr rb = Decode(b.der);
  ASSERT_TRUE(ra && rb);
  EXPECT_NE(NonceValue(ra.get()), NonceValue(rb.get()));
  EXPECT_EQ(a.cert_id_hex, b.cert_id_hex);
  // Another certificate of the same issuer: another question.
  auto other = BuildOcspRequest(pki_.intermediate.der, pki_.root.der);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other.value().cert_id_hex, a.cert_id_hex);
}

TEST_F(OcspRequestTest, RefusesCertificatesThatDoNotDecode) {
  auto request = BuildOcspRequest(model::Der{1, 2, 3}, pki_.intermediate.der);
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.error().kind, ErrorKind::kCertificateParse);
}

TEST_F(OcspRequestTest, NonceComparison) {
  OcspRequest request = Build();
  OcspSpec echoed = Answer();
  echoed.answers = &request.der;
  EXPECT_EQ(CheckOcspNonce(request.der, Mint(echoed)), OcspNonceMatch::kEqual);
  EXPECT_EQ(CheckOcspNonce(request.der, Mint(Answer())), OcspNonceMatch::kMissing);
  OcspSpec forged = Answer();
  forged.nonce = model::Der(16, 0x5a);
  EXPECT_EQ(CheckOcspNonce(request.der, Mint(forged)), OcspNonceMatch::kDifferent);
  // The answer to an earlier request of the same question: a replay.
  OcspRequest earlier = Build();
  OcspSpec replayed = Answer();
  replayed.answers = &earlier.der;
  EXPECT_EQ(CheckOcspNonce(request.der, Mint(replayed)), OcspNonceMatch::kDifferent);
  EXPECT_EQ(CheckOcspNonce(request.der, model::Der{0x30, 0x00}), OcspNonceMatch::kUndecodable);
  EXPECT_EQ(CheckOcspNonce(model::Der{}, Mint(echoed)), OcspNonceMatch::kUndecodable);
}

TEST_F(OcspRequestTest, AnswerWithTheRequestsNonceIsJudgedLikeAStaple) {
  OcspRequest request = Build();
  OcspSpec spec = Answer(OcspCertStatus::kRevoked);
  spec.answers = &request.der;
  RevocationCheck check = CheckAnswer(Mint(spec), request.der);
  EXPECT_EQ(check.verdict, RevocationVerdict::kRevoked) << check.detail;
  EXPECT_EQ(check.next_update, kNow + kDay);
  EXPECT_TRUE(check.revoked_at.has_value());
}

TEST_F(OcspRequestTest, AnswerWithoutNonceIsAccepted) {
  OcspRequest request = Build();
  RevocationCheck check = CheckAnswer(Mint(Answer()), request.der);
  EXPECT_EQ(check.verdict, RevocationVerdict::kGood) << check.detail;
}

TEST_F(OcspRequestTest, AnswerWithAnotherNonceIsInvalidWhateverItSays) {
  OcspRequest request = Build();
  OcspSpec spec = Answer(OcspCertStatus::kRevoked);
  spec.nonce = model::Der(16, 0x5a);
  RevocationCheck check = CheckAnswer(Mint(spec), request.der);
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_EQ(check.detail, "nonce differs from the request's: an answer to another request");
  EXPECT_FALSE(check.revoked_at.has_value());
}

TEST_F(OcspRequestTest, InvalidAnswerKeepsItsOwnReasonBeforeTheNonce) {
  OcspRequest request = Build();
  OcspSpec stale = Answer();
  stale.this_update = kNow - 3 * kDay;
  stale.next_update = kNow - 2 * kDay;
  stale.nonce = model::Der(16, 0x5a);
  RevocationCheck check = CheckAnswer(Mint(stale), request.der);
  EXPECT_EQ(check.verdict, RevocationVerdict::kInvalid);
  EXPECT_NE(check.detail.find("stale"), std::string::npos) << check.detail;
}

TEST_F(OcspRequestTest, WithoutARequestThereIsNoNonceToCompare) {
  OcspSpec spec = Answer();
  spec.nonce = model::Der(16, 0x5a);
  EXPECT_EQ(CheckAnswer(Mint(spec), {}).verdict, RevocationVerdict::kGood);
  EXPECT_EQ(CheckAnswer(Mint(spec), {0x30, 0x00}).verdict, RevocationVerdict::kInvalid);
}

TEST_F(OcspRequestTest, TellsOcspResponsesFromJunk) {
  EXPECT_TRUE(IsOcspResponse(Mint(Answer())));
  EXPECT_TRUE(IsOcspResponse(lde::testing::MintOcspTryLater()));
  EXPECT_FALSE(IsOcspResponse({}));
  EXPECT_FALSE(IsOcspResponse(model::Der{'<', 'h', 't', 'm', 'l', '>'}));
  model::Der trailing = Mint(Answer());
  trailing.push_back(0);
  EXPECT_FALSE(IsOcspResponse(trailing));
}

}  // namespace
}  // namespace lde::x509
