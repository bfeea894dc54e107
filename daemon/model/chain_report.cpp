#include "model/chain_report.h"

namespace lde::model {

std::string_view TrustReasonName(TrustReason reason) {
  switch (reason) {
    case TrustReason::kOk:
      return "ok";
    case TrustReason::kExpired:
      return "expired";
    case TrustReason::kNotYetValid:
      return "not_yet_valid";
    case TrustReason::kUnknownIssuer:
      return "unknown_issuer";
    case TrustReason::kSelfSigned:
      return "self_signed";
    case TrustReason::kIncompleteChain:
      return "incomplete_chain";
    case TrustReason::kRevoked:
      return "revoked";
    case TrustReason::kOther:
      return "other";
    case TrustReason::kChainTruncated:
      return "chain_truncated";
  }
  return "other";
}

}  // namespace lde::model
