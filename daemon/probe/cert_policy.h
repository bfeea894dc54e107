#pragma once

#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/probe_result.h"

namespace lde::probe {

// Every rule of `policy` that the chain of `endpoint` breaks, in the order a
// verdict reports them (san_required, key rules, reject_sha1, then the dated
// leaf rules), each rule by position. Pure. `host` is the name the client
// dialled, for san_required; an endpoint without a chain breaks nothing.
//
// - Key rules (min_rsa_bits, min_ec_bits, reject_dsa) judge every presented
//   certificate: a client checks each key it uses to verify a signature.
// - reject_sha1 judges every presented certificate that is not self-issued:
//   a trust anchor's own signature is never verified, so clients exempt it.
//   It catches SHA-1 and every older digest (MD5, MD4, MD2, SHA-0).
// - san_required needs the leaf's DER (EndpointReport::tls): without it the
//   rule cannot be met.
// - max_validity_days and require_server_auth_eku bind leaves whose
//   notBefore is 2019-07-01 or later (Apple HT210176).
std::vector<model::PolicyViolation> EvaluatePolicy(const config::PolicyConfig& policy,
                                                   const model::EndpointReport& endpoint,
                                                   std::string_view host);

// SHA-1 or an older digest, from OpenSSL's long name of a signature
// algorithm (sha1WithRSAEncryption, ecdsa-with-SHA1, md5WithRSAEncryption...).
bool IsWeakDigestSignature(std::string_view algorithm);

}  // namespace lde::probe
