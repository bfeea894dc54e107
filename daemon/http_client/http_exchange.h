#pragma once

// One HTTP/1.1 request and response over an already-open Connection (plain
// or TLS): the request goes to the very server whose TLS was captured.

#include <cstddef>

#include "common/deadline.h"
#include "common/result.h"
#include "http_client/request.h"
#include "model/observations.h"
#include "tls/connection.h"

namespace lde::http_client {

// Sends `req` (with `Connection: close`), reads the response within the
// deadline and fills `elapsed` (request sent to body read). The body keeps at
// most max_body bytes (body_truncated tells). The connection is spent after.
// Errors: kTimeout, kHttpProtocol (not valid HTTP, or closed early),
// kConnectError (reset, TLS record errors), kInternal (invalid request).
Result<model::HttpObservation> HttpExchange(tls::Connection& conn, const HttpRequest& req,
                                            std::size_t max_body, const Deadline& d);

}  // namespace lde::http_client
