// The pure helpers of endpoint_check.h: trust across stores and the reason
// shown when no store accepts a chain. CheckEndpoint itself needs sockets and
// is covered by the integration tests.
#include "probe/endpoint_check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lde::probe {
namespace {

using model::ChainReport;
using model::TrustReason;
using model::TrustVerdict;

ChainReport ChainWith(std::vector<TrustReason> reasons) {
  ChainReport chain;
  int i = 0;
  for (auto reason : reasons) {
    chain.trust.push_back(TrustVerdict{"store" + std::to_string(i++), reason, 0, ""});
  }
  return chain;
}

TEST(TrustedByAnyTest, Table) {
  struct Case {
    const char* name;
    std::vector<TrustReason> reasons;
    bool trusted;
  } cases[] = {
      {"no stores judged", {}, false},
      {"one store, ok", {TrustReason::kOk}, true},
      {"one store, unknown issuer", {TrustReason::kUnknownIssuer}, false},
      {"ok in the last store", {TrustReason::kUnknownIssuer, TrustReason::kExpired, TrustReason::kOk}, true},
      {"ok in the first store", {TrustReason::kOk, TrustReason::kUnknownIssuer}, true},
      {"every store rejects", {TrustReason::kSelfSigned, TrustReason::kRevoked, TrustReason::kOther}, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(TrustedByAny(ChainWith(c.reasons)), c.trusted);
  }
}

TEST(UntrustedReasonTest, Table) {
  struct Case {
    const char* name;
    std::vector<TrustReason> reasons;
    const char* reason;
  } cases[] = {
      {"no stores judged", {}, "unknown_issuer"},
      {"only unknown issuer", {TrustReason::kUnknownIssuer, TrustReason::kUnknownIssuer}, "unknown_issuer"},
      {"expired beats an earlier unknown issuer",
       {TrustReason::kUnknownIssuer, TrustReason::kExpired},
       "expired"},
      {"expired beats a later unknown issuer",
       {TrustReason::kExpired, TrustReason::kUnknownIssuer},
       "expired"},
      {"incomplete chain", {TrustReason::kUnknownIssuer, TrustReason::kIncompleteChain}, "incomplete_chain"},
      {"not yet valid", {TrustReason::kNotYetValid}, "not_yet_valid"},
      {"self signed", {TrustReason::kSelfSigned, TrustReason::kUnknownIssuer}, "self_signed"},
      {"revoked", {TrustReason::kRevoked}, "revoked"},
      {"chain truncated", {TrustReason::kChainTruncated, TrustReason::kChainTruncated}, "chain_truncated"},
      {"the first specific fault in store order wins",
       {TrustReason::kRevoked, TrustReason::kExpired},
       "revoked"},
      // Callers ask only about untrusted chains, but a trusted verdict must
      // never be reported as the failure.
      {"ok is not a reason", {TrustReason::kOk, TrustReason::kUnknownIssuer}, "unknown_issuer"},
      {"all trusted gives no specific reason", {TrustReason::kOk}, "unknown_issuer"},
      {"ok skipped for a later fault", {TrustReason::kOk, TrustReason::kExpired}, "expired"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(model::ReasonName(UntrustedReason(ChainWith(c.reasons))), c.reason);
  }
}

TEST(MostTellingVerdictTest, NoVerdicts) { EXPECT_EQ(MostTellingVerdict({}), nullptr); }

TEST(MostTellingVerdictTest, PicksTheVerdictItselfSoItsStoreAndDetailCanBeShown) {
  struct Case {
    const char* name;
    std::vector<TrustReason> reasons;
    int expected;  // index into the verdicts, -1 for nullptr
  } cases[] = {
      {"single unknown issuer", {TrustReason::kUnknownIssuer}, 0},
      {"first unknown issuer when all are", {TrustReason::kUnknownIssuer, TrustReason::kUnknownIssuer}, 0},
      {"specific fault in the second store", {TrustReason::kUnknownIssuer, TrustReason::kExpired}, 1},
      {"first specific fault wins", {TrustReason::kSelfSigned, TrustReason::kExpired}, 0},
      {"trusted verdict skipped for unknown issuer", {TrustReason::kOk, TrustReason::kUnknownIssuer}, 1},
      {"trusted verdict skipped for a fault", {TrustReason::kOk, TrustReason::kRevoked}, 1},
      {"nothing failed", {TrustReason::kOk, TrustReason::kOk}, -1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto chain = ChainWith(c.reasons);
    const model::TrustVerdict* got = MostTellingVerdict(chain.trust);
    if (c.expected < 0) {
      EXPECT_EQ(got, nullptr);
    } else {
      EXPECT_EQ(got, &chain.trust[static_cast<std::size_t>(c.expected)]);
    }
  }
}

}  // namespace
}  // namespace lde::probe
