#pragma once

namespace lde::http {

// Sends what the server writes at once, without Nagle's algorithm. The
// server already writes whole pieces (a response head, a body, a chunk of a
// streamed /metrics); with Nagle on, the last small piece of a response
// (the terminating chunk) waited for the client's delayed ACK of the one
// before: an uncompressed scrape of 25 KB took 40 ms instead of 1. Go's
// net/http, which the other exporters use, sets the same. False when the
// socket refuses (not TCP); the connection works either way.
bool DisableNagle(int fd);

}  // namespace lde::http
