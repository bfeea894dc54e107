#pragma once

// Internal to x509/: owning handles for the OCSP objects ocsp.cpp and
// ocsp_request.cpp share, and their strict DER decoders.

#include <openssl/ocsp.h>

#include "model/observations.h"
#include "ossl/handles.h"

namespace lde::x509 {

using OcspResponsePtr = ossl::OsslPtr<OCSP_RESPONSE, OCSP_RESPONSE_free>;
using OcspRequestPtr = ossl::OsslPtr<OCSP_REQUEST, OCSP_REQUEST_free>;
using OcspBasicPtr = ossl::OsslPtr<OCSP_BASICRESP, OCSP_BASICRESP_free>;
using OcspCertIdPtr = ossl::OsslPtr<OCSP_CERTID, OCSP_CERTID_free>;

// Null unless the bytes are exactly one OCSPResponse / OCSPRequest (trailing
// bytes are refused, as for certificates).
OcspResponsePtr ParseOcspResponse(const model::Der& der);
OcspRequestPtr ParseOcspRequest(const model::Der& der);

}  // namespace lde::x509
