#pragma once

// A plain-HTTP server on 127.0.0.1, port 0, that serves CRLs by path (the
// CRL distribution points of test certificates) and counts requests per
// path, so tests can tell a cache hit from a fetch.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "model/observations.h"
#include "support/servers/tls_test_server.h"

namespace lde::testing {

class CrlHttpServer {
 public:
  CrlHttpServer();

  // Serves `body` with `status` at `path` (replacing what was there).
  void Serve(const std::string& path, model::Der body, int status = 200);
  // "http://127.0.0.1:<port><path>"
  std::string Url(const std::string& path) const;
  // Requests received for `path` so far.
  int Hits(const std::string& path) const;

 private:
  std::string Respond(const std::string& raw_request);

  mutable std::mutex mutex_;
  std::map<std::string, std::pair<int, model::Der>> routes_;
  std::map<std::string, int> hits_;
  TlsTestServer server_;  // last: stopped before the routes it reads go away
};

}  // namespace lde::testing
