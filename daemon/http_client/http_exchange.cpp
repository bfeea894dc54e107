#include "http_client/http_exchange.h"

#include <chrono>

#include "http_client/response_parser.h"

namespace lde::http_client {

Result<model::HttpObservation> HttpExchange(tls::Connection& conn, const HttpRequest& req,
                                            std::size_t max_body, const Deadline& d) {
  auto wire = SerializeRequest(req);
  if (!wire.ok()) return wire.error();
  const auto started = std::chrono::steady_clock::now();
  if (auto sent = conn.WriteAll(wire.value(), d); !sent.ok()) return sent.error();

  HttpResponseParser parser(max_body, req.method == "HEAD");
  char buf[16 * 1024];
  // Each pass reads data, or hits EOF (Finish settles the state), or fails;
  // the deadline bounds the waiting, max_body and the header bound the bytes.
  while (parser.state() == HttpResponseParser::State::kNeedMore) {
    auto got = conn.Read(buf, sizeof(buf), d);
    if (!got.ok()) {
      Error e = got.error();
      if (e.kind == ErrorKind::kTimeout) e.detail = "timed out waiting for the HTTP response";
      return e;
    }
    if (got.value() == 0) {
      parser.Finish();
    } else {
      parser.Feed(std::string_view(buf, got.value()));
    }
  }
  if (parser.state() == HttpResponseParser::State::kError) return parser.error();
  model::HttpObservation obs = parser.response();
  obs.elapsed = std::chrono::steady_clock::now() - started;
  return obs;
}

}  // namespace lde::http_client
