#pragma once

#include <string>

#include "model/observations.h"
#include "model/probe_result.h"

namespace lde::discovery {

// Where the answer to GET http://<discovery name>/?sipuri=... leads
// (reference: MS-OCDISCWS 3.1.5.2 wants a 200 Root holding only a Redirect
// link to the https URL; reverse proxies also answer a plain 30x to https):
// - 30x with an absolute https Location: kHttpsRedirect, location = it;
// - 200 with a discovery document (either flavour) whose only job is a
//   redirect: kRedirect, location = its href; any other document: kDocument;
// - anything else (another status, a 30x to http or nowhere, a body that is
//   no document): kUnusable, with the reason in detail.
// `url` is the URL asked (for relative hrefs). Pure.
model::HttpLegReport ClassifyHttpLeg(const std::string& host, const model::HttpObservation& http,
                                     const std::string& url);

}  // namespace lde::discovery
