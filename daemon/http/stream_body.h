#pragma once

// Internal to lde_http: runs a handler's BodyStream on a worker thread.

#include <string_view>

#include "common/log.h"
#include "http/body_pipe.h"
#include "http/response.h"

namespace lde::http {

// Writes `stream` into `pipe`, gzip-compressed when `gzip`, then framed as
// chunks when `chunked`; closes the pipe at the end. When the stream throws,
// the pipe fails (the client sees a cut-off body, never a clean end) and the
// error is logged; when the reader abandoned the pipe it just returns.
void RunBodyStream(const BodyStream& stream, BodyPipe& pipe, bool chunked, bool gzip, Logger& log,
                   std::string_view path);

}  // namespace lde::http
