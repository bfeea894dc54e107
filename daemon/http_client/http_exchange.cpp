#include "http_client/http_exchange.h"

#include "http_client/response_parser.h"

namespace lde::http_client {

Result<model::HttpObservation> HttpExchange(tls::Connection& conn, const HttpRequest& req,
                                            std::size_t max_body, const Deadline& d) {
  auto wire = SerializeRequest(req);
  if (!wire.ok()) return wire.error();
  const SteadyTime started = d.Now();
  if (auto sent = conn.WriteAll(wire.value(), d); !sent.ok()) return sent.error();

  HttpResponseParser parser(max_body, req.method == "HEAD");
  auto timed_out = [] { return MakeError(ErrorKind::kTimeout, "timed out waiting for the HTTP response"); };
  char buf[16 * 1024];
  // Each pass reads data, or hits EOF (Finish settles the state), or fails.
  // The deadline is checked on every pass (a peer that keeps sending never
  // makes a read wait), and the parser's wire budget bounds the bytes: each
  // read asks for at most one byte more than the budget has room for, so
  // what is received never exceeds it by more than that byte.
  while (parser.state() == HttpResponseParser::State::kNeedMore) {
    if (d.Expired()) return timed_out();
    const std::size_t room = parser.max_wire_bytes() - parser.wire_bytes();
    const std::size_t want = room >= sizeof(buf) ? sizeof(buf) : room + 1;
    auto got = conn.Read(buf, want, d);
    if (!got.ok()) {
      Error e = got.error();
      if (e.kind == ErrorKind::kTimeout) return timed_out();
      return e;
    }
    if (got.value() == 0) {
      parser.Finish();
    } else {
      parser.Feed(std::string_view(buf, got.value()));
    }
  }
  if (parser.state() == HttpResponseParser::State::kError) return parser.error();
  model::HttpObservation obs = parser.TakeResponse();
  obs.elapsed = d.Now() - started;
  return obs;
}

}  // namespace lde::http_client
