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
// deadline and fills `elapsed` (request sent to body read, on the deadline's
// clock). The body keeps at most max_body bytes (body_truncated tells). The
// whole response may take at most HttpResponseParser::WireBudget(max_body)
// bytes (max_body + kWireFramingBytes: status line, headers, chunk-size lines
// and extensions, trailers and body all count). The deadline is checked on
// every read, so a peer that trickles bytes forever ends at the deadline or
// the budget, whichever comes first. The connection is spent after.
// Errors: kTimeout, kHttpProtocol (not valid HTTP, closed early, or over the
// wire budget), kConnectError (reset, TLS record errors), kInternal (invalid
// request).
Result<model::HttpObservation> HttpExchange(tls::Connection& conn, const HttpRequest& req,
                                            std::size_t max_body, const Deadline& d);

}  // namespace lde::http_client
