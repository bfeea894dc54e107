#pragma once

#include "model/vocabulary.h"
#include "probe/lync_flow.h"

namespace lde::probe {

// Whether a phone tries the plain-HTTP leg of a discovery name after the
// name's HTTPS hop (MS-OCDISCWS 3.1.5.2): only when that hop failed, and not
// at DNS (a name DNS does not know is gone for HTTP too). A certificate the
// phone rejects is no failure of the hop (the walk accepts every chain):
// lync_verdict.cpp stops such a profile before the leg. Pure.
bool TriesHttpLeg(const Hop& https_hop);

// Whether the leg's answer leads somewhere a phone follows: a Redirect
// document, a 30x to https, or a document; not an unusable answer or none. Pure.
bool HttpLegLeadsOn(model::HttpLeg leads_to);

}  // namespace lde::probe
