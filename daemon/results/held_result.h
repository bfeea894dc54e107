#pragma once

#include "model/probe_result.h"

namespace lde::results {

// Drops from a finished probe's result what nothing serves once it is
// stored: the presented certificates' DER and the OCSP staple (the judges
// have turned them into the chain report, which is what /metrics, /status
// and the status page show), and each HTTP exchange's body and headers
// (the discovery document, the redirect and the verdicts already hold what
// was read from them; only status, reason and timing are shown). At 10,000
// targets that is most of what the store holds: about 3 KB of DER and 1 KB
// of body per endpoint. The CRL and OCSP reports that say nothing (most
// certificates name no URL) stop being stored, and read the same
// (model/per_position.h): about 450 bytes per endpoint. Every list keeps
// only what it holds (a vector grown by push_back has up to twice that
// room). The budgets that bounded them while probing still apply;
// `chain_truncated` and `body_truncated` stay as they were.
void DropUnservedBytes(model::ProbeResult& result);

}  // namespace lde::results
