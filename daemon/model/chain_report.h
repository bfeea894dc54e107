#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/cert_facts.h"

namespace lde::model {

// Why a chain is or is not trusted by one store. Names are a metrics contract
// (label `reason` of lyncdiscover_chain_trusted); add, never rename.
enum class TrustReason {
  kOk,
  kExpired,
  kNotYetValid,
  kUnknownIssuer,
  kSelfSigned,
  kIncompleteChain,  // would verify with an intermediate the server did not send
  kRevoked,
  kOther,
};

std::string_view TrustReasonName(TrustReason reason);

struct TrustVerdict {
  std::string store;      // trust store name from the config
  TrustReason reason = TrustReason::kOther;
  int verify_error = 0;   // OpenSSL X509_V_ERR_* code, 0 when trusted
  std::string detail;     // X509_verify_cert_error_string + depth

  bool trusted() const { return reason == TrustReason::kOk; }
  bool operator==(const TrustVerdict&) const = default;
};

struct ChainReport {
  std::vector<CertFacts> certs;       // presented chain, position 0 = leaf
  std::vector<TrustVerdict> trust;    // one per judged store, config order
  bool hostname_match = false;        // leaf matches the expected name (RFC 6125)
  bool complete = false;              // every intermediate needed is presented
  bool ordered = false;               // each cert is issued by the next one
  std::optional<SysTime> earliest_not_after;  // over the presented chain

  bool operator==(const ChainReport&) const = default;
};

}  // namespace lde::model
