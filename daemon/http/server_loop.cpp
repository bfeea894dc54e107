#include "http/server_loop.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "http/gzip.h"
#include "http/socket_options.h"
#include "http/stream_body.h"

namespace lde::http {
namespace {

constexpr std::uint64_t kWakeId = 0;
constexpr std::uint64_t kFirstConnId = std::uint64_t{1} << 32;  // below: listeners
constexpr int kAcceptsPerWake = 64;                             // then other connections get their turn
constexpr std::size_t kReadChunk = 16 * 1024;
constexpr int kMaxEvents = 128;
// How long a stopping server finishes the answers already under way.
constexpr std::chrono::seconds kDrainTime{2};
// How many of a client's oldest waiting connections get a last read before
// one is closed to make room: one that already holds a whole request (a
// scraper that connected just before a burst of new connections) is
// answered instead of dropped.
constexpr int kLastChances = 4;
// A connection closed with unread input gets a TCP reset, which can destroy
// the answer before the client reads it. So the server first stops sending,
// then reads and discards what the client still sends, for a bounded time and
// amount, before it closes (the "lingering close" of every HTTP server).
constexpr std::chrono::milliseconds kLingerTime{1000};
constexpr std::size_t kLingerBytes = 64 * 1024;
// A streamed body waits in a pipe of this size for the client: with the
// piece being sent, what one slow scrape holds, whatever the text's size.
constexpr std::size_t kStreamPipeBytes = 64 * 1024;
// Pieces of a streamed body sent in one turn before other connections get theirs.
constexpr int kPiecesPerTurn = 16;

// A TLS connection starts with a handshake record (content type 22).
constexpr unsigned char kTlsHandshakeRecord = 0x16;
// What Go's server answers in the same case.
constexpr std::string_view kPlainHttpOnTlsReply =
    "HTTP/1.0 400 Bad Request\r\nConnection: close\r\n\r\n"
    "Client sent an HTTP request to an HTTPS server.\n";

}  // namespace

ExporterHttpServer::Loop::Loop(std::vector<Listener> listeners, const Router& router,
                               const ServerLimits& limits, Logger& log, const Clock& clock,
                               std::shared_ptr<const WebSecurity> security)
    : listeners_(std::move(listeners)),
      router_(router),
      limits_(limits),
      log_(log),
      clock_(clock),
      next_id_(kFirstConnId),
      security_(std::move(security)),
      workers_(limits.workers, limits.max_queued_requests, "lde-http"),
      waiting_workers_(limits.waiting_workers, 0, "lde-http-wait"),
      password_checks_(1, limits.max_queued_password_checks, "lde-http-auth") {
  for (DropReason reason : kAllDropReasons) stats_.dropped[reason] = 0;
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kWakeId;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  for (std::size_t i = 0; i < listeners_.size(); ++i) {
    ev.data.u64 = i + 1;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listeners_[i].fd(), &ev);
  }
}

ExporterHttpServer::Loop::~Loop() {
  // Streams whose reading end never reached a connection are abandoned here
  // (and any posted from now on), so no worker waits for a reader that is
  // gone while the pools are joined.
  std::vector<Completion> undelivered;
  {
    std::lock_guard<std::mutex> lock(completions_mutex_);
    completions_closed_ = true;
    undelivered.swap(completions_);
  }
  undelivered.clear();
  for (auto& [id, conn] : conns_) conn->body.reset();
  password_checks_.Stop();
  waiting_workers_.Stop();
  workers_.Stop();
  for (auto& [id, conn] : conns_) ::close(conn->fd);
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void ExporterHttpServer::Loop::RequestStop() {
  stopping_ = true;
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void ExporterHttpServer::Loop::SetSecurity(std::shared_ptr<const WebSecurity> security) {
  std::lock_guard<std::mutex> lock(security_mutex_);
  security_ = std::move(security);
}

HttpServerStats ExporterHttpServer::Loop::Stats() const {
  std::lock_guard<std::mutex> lock(stats_mutex_);
  return stats_;
}

void ExporterHttpServer::Loop::Run() {
  while (!stopping_) PollOnce(MillisToNextDeadline());
  // Stopping: no new connections; those waiting for their client close now;
  // answers under way (a /-/quit among them) are finished, for a short while.
  for (const auto& listener : listeners_) ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, listener.fd(), nullptr);
  std::vector<Conn*> idle;
  for (auto& [id, conn] : conns_) {
    if (conn->phase != Phase::kDispatched && conn->phase != Phase::kWriting) idle.push_back(conn.get());
  }
  for (Conn* conn : idle) Close(*conn, std::nullopt);
  SteadyTime give_up = clock_.SteadyNow() + kDrainTime;
  while (!conns_.empty() && clock_.SteadyNow() < give_up) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(give_up - clock_.SteadyNow()).count();
    int next = MillisToNextDeadline();
    PollOnce(next < 0 ? static_cast<int>(left) : std::min(next, static_cast<int>(left)));
  }
  while (!conns_.empty()) Close(*conns_.begin()->second, std::nullopt);
}

void ExporterHttpServer::Loop::PollOnce(int timeout_ms) {
  epoll_event events[kMaxEvents];
  int n = ::epoll_wait(epoll_fd_, events, kMaxEvents, timeout_ms);
  if (n < 0 && errno != EINTR) {
    log_.Error("http server event loop failed", {{"error", std::strerror(errno)}});
    stopping_ = true;
    return;
  }
  for (int i = 0; i < n; ++i) {
    std::uint64_t id = events[i].data.u64;
    if (id == kWakeId) {
      std::uint64_t count;
      [[maybe_unused]] auto r = ::read(wake_fd_, &count, sizeof count);
      DrainCompletions();
    } else if (id < kFirstConnId) {
      if (!stopping_) Accept(listeners_[id - 1]);
    } else {
      OnEvent(id, events[i].events);
    }
  }
  RunReady();
  ExpireDeadlines();
}

int ExporterHttpServer::Loop::MillisToNextDeadline() const {
  if (!ready_.empty()) return 0;
  if (conns_.empty()) return -1;
  SteadyTime next = SteadyTime::max();
  for (const auto& [id, conn] : conns_) {
    if (conn->phase != Phase::kAuth && conn->phase != Phase::kDispatched) {
      next = std::min(next, conn->deadline);
    }
  }
  if (next == SteadyTime::max()) return -1;
  auto left = std::chrono::ceil<std::chrono::milliseconds>(next - clock_.SteadyNow()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 60'000));
}

ExporterHttpServer::Loop::Conn* ExporterHttpServer::Loop::Find(std::uint64_t id) {
  auto it = conns_.find(id);
  return it == conns_.end() ? nullptr : it->second.get();
}

void ExporterHttpServer::Loop::Accept(const Listener& listener) {
  for (int i = 0; i < kAcceptsPerWake; ++i) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    int fd = ::accept4(listener.fd(), reinterpret_cast<sockaddr*>(&address), &length,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      // EAGAIN: all taken. EMFILE and friends: the connection stays in the
      // backlog and is retried on the next event.
      if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED) {
        log_.Warn("http accept failed", {{"address", listener.text()}, {"error", std::strerror(errno)}});
      }
      return;
    }
    DisableNagle(fd);
    PeerAddress peer = DescribePeer(address);
    if (!MakeRoom(peer)) {
      ::close(fd);
      continue;
    }
    auto conn = std::make_unique<Conn>();
    conn->id = next_id_++;
    conn->fd = fd;
    conn->peer = std::move(peer);
    conn->accepted = clock_.SteadyNow();
    {
      std::lock_guard<std::mutex> lock(security_mutex_);
      conn->security = security_;
    }
    if (conn->security->tls) {
      conn->transport = MakeTlsTransport(conn->security->tls, fd);
      conn->phase = Phase::kSniff;
    } else {
      conn->transport = MakePlainTransport(fd);
      conn->phase = Phase::kHead;
    }
    // A new connection must deliver its first whole request (after any
    // handshake) within request_timeout: connecting and waiting is not free.
    conn->deadline = conn->accepted + limits_.request_timeout;
    conn->request_started = true;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = conn->id;
    conn->interest = EPOLLIN;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
    ++per_client_[conn->peer.limit_key];
    {
      std::lock_guard<std::mutex> lock(stats_mutex_);
      ++stats_.accepted_connections;
      stats_.open_connections = conns_.size() + 1;
    }
    conns_.emplace(conn->id, std::move(conn));
  }
}

// At a limit, closes the oldest connection that is only waiting for its
// client (not one being answered) of the client with the most connections,
// or of this client at its own limit. False when nothing can be closed: the
// new connection is refused instead.
bool ExporterHttpServer::Loop::MakeRoom(const PeerAddress& peer) {
  std::optional<DropReason> reason;
  std::string victim_key;
  if (per_client_[peer.limit_key] >= limits_.max_connections_per_client) {
    reason = DropReason::kClientLimit;
    victim_key = peer.limit_key;
  } else if (conns_.size() >= limits_.max_connections) {
    reason = DropReason::kServerLimit;
    std::size_t most = 0;
    for (const auto& [key, count] : per_client_) {
      if (count > most) most = count, victim_key = key;
    }
  }
  if (!reason) return true;
  for (int attempt = 0; attempt < kLastChances; ++attempt) {
    Conn* victim = OldestWaitingFor(victim_key);
    if (!victim) break;
    std::size_t before = conns_.size();
    Advance(*victim);                         // its last chance: a whole request moves it on
    if (conns_.size() < before) return true;  // it closed by itself
    if (IsWaitingForClient(*victim)) {
      Close(*victim, reason);
      return true;
    }
  }
  std::lock_guard<std::mutex> lock(stats_mutex_);
  ++stats_.dropped[*reason];
  return false;
}

bool ExporterHttpServer::Loop::IsWaitingForClient(const Conn& conn) {
  return conn.phase == Phase::kSniff || conn.phase == Phase::kHandshake || conn.phase == Phase::kHead ||
         conn.phase == Phase::kBody || conn.phase == Phase::kLinger;
}

ExporterHttpServer::Loop::Conn* ExporterHttpServer::Loop::OldestWaitingFor(const std::string& client) {
  Conn* oldest = nullptr;
  for (auto& [id, conn] : conns_) {
    if (IsWaitingForClient(*conn) && conn->peer.limit_key == client &&
        (!oldest || conn->accepted < oldest->accepted)) {
      oldest = conn.get();
    }
  }
  return oldest;
}

void ExporterHttpServer::Loop::OnEvent(std::uint64_t id, std::uint32_t events) {
  Conn* conn = Find(id);
  if (!conn) return;
  if ((events & (EPOLLERR | EPOLLHUP)) && (conn->phase == Phase::kAuth || conn->phase == Phase::kDispatched ||
                                           (conn->phase == Phase::kWriting && conn->awaiting_body))) {
    // Gone while a worker answers it; level-triggered HUP would otherwise
    // wake us until the answer is ready. The answer is dropped.
    Close(*conn, std::nullopt);
    return;
  }
  Advance(*conn);
}

void ExporterHttpServer::Loop::Advance(Conn& conn) {
  switch (conn.phase) {
    case Phase::kSniff:
      Sniff(conn);
      return;
    case Phase::kHandshake: {
      IoResult r = conn.transport->Handshake();
      if (r.state == IoState::kDone) {
        conn.phase = Phase::kHead;
        conn.want = IoState::kWantRead;
        ready_.push_back(conn.id);  // the request may already be buffered
      } else if (r.state == IoState::kWantRead || r.state == IoState::kWantWrite) {
        conn.want = r.state;
        UpdateInterest(conn);
      } else {
        log_.Debug("tls handshake failed", {{"peer", conn.peer.text}, {"error", conn.transport->error()}});
        Close(conn, DropReason::kTlsHandshake);
      }
      return;
    }
    case Phase::kHead:
      if (ReadInto(conn, limits_.request.max_head_bytes + kReadChunk)) TryHead(conn);
      return;
    case Phase::kBody:
      if (ReadInto(conn, conn.head.content_length)) TryBody(conn);
      return;
    case Phase::kWriting:
      WriteMore(conn);
      return;
    case Phase::kLinger:
      Linger(conn);
      return;
    case Phase::kAuth:
    case Phase::kDispatched:
      return;
  }
}

void ExporterHttpServer::Loop::Sniff(Conn& conn) {
  unsigned char first = 0;
  ssize_t n = ::recv(conn.fd, &first, 1, MSG_PEEK);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
  if (n <= 0) {
    Close(conn, std::nullopt);
    return;
  }
  if (first == kTlsHandshakeRecord) {
    conn.phase = Phase::kHandshake;
    Advance(conn);
    return;
  }
  if (first >= 'A' && first <= 'Z') {
    // Best effort, one non-blocking send: a plain-HTTP client learns why.
    [[maybe_unused]] auto sent =
        ::send(conn.fd, kPlainHttpOnTlsReply.data(), kPlainHttpOnTlsReply.size(), MSG_NOSIGNAL);
    {
      std::lock_guard<std::mutex> lock(stats_mutex_);
      ++stats_.dropped[DropReason::kPlainHttpOnTls];
    }
    ::shutdown(conn.fd, SHUT_WR);
    StartLinger(conn);
    return;
  }
  Close(conn, DropReason::kTlsHandshake);
}

// Reads what the socket has, keeping `in` at most `cap` bytes. False when
// the connection was closed (by the peer or on an error).
bool ExporterHttpServer::Loop::ReadInto(Conn& conn, std::size_t cap) {
  char buf[kReadChunk];
  while (conn.in.size() < cap) {
    IoResult r = conn.transport->Read(buf, std::min(sizeof buf, cap - conn.in.size()));
    if (r.state == IoState::kDone) {
      if (!conn.request_started) {
        // The first byte of a keep-alive request: its whole-request clock starts.
        conn.request_started = true;
        conn.deadline = clock_.SteadyNow() + limits_.request_timeout;
      }
      conn.in.append(buf, r.bytes);
      continue;
    }
    if (r.state == IoState::kWantRead || r.state == IoState::kWantWrite) {
      conn.want = r.state;
      UpdateInterest(conn);
      return true;
    }
    Close(conn, std::nullopt);  // closed or reset: nothing to answer
    return false;
  }
  conn.want = IoState::kWantRead;
  UpdateInterest(conn);
  return true;
}

void ExporterHttpServer::Loop::TryHead(Conn& conn) {
  if (conn.phase != Phase::kHead) return;
  std::size_t end = FindHeadEnd(conn.in, conn.scanned >= 3 ? conn.scanned - 3 : 0);
  conn.scanned = conn.in.size();
  if (end == std::string::npos) {
    if (conn.in.size() > limits_.request.max_head_bytes) {
      conn.close_after_write = true;
      Respond(conn, TextResponse(431, "Request header fields too large\n"), "other");
    }
    return;
  }
  auto parsed = ParseRequestHead(std::string_view(conn.in).substr(0, end), limits_.request);
  if (auto* error = std::get_if<RequestError>(&parsed)) {
    conn.close_after_write = true;
    Respond(conn, TextResponse(error->status, "Bad request: " + error->reason + "\n"), "other");
    return;
  }
  conn.head = std::move(std::get<ParsedHead>(parsed));
  conn.in.erase(0, end);
  conn.scanned = 0;
  conn.head.request.peer = conn.peer.text;
  conn.head.request.tls = conn.security->tls != nullptr;
  // A body we will not read would be taken for the next request.
  conn.close_after_write = !conn.head.request.WantsKeepAlive() || conn.head.content_length > 0;

  if (conn.security != bucket_owner_) {
    bucket_owner_ = conn.security;
    bucket_ = TokenBucket(conn.security->rate_limit);
  }
  if (!bucket_.TryTake(clock_.SteadyNow())) {
    Respond(conn, TextResponse(429, "Too many requests\n"), "other");
    return;
  }
  auto authorization = conn.head.request.Header("Authorization");
  switch (conn.security->auth->CheckCached(authorization)) {
    case BasicAuthenticator::Decision::kAllowed:
      AfterAuth(conn);
      return;
    case BasicAuthenticator::Decision::kDenied:
      break;
    case BasicAuthenticator::Decision::kNeedsVerification: {
      auto auth = conn.security->auth;
      std::string header(*authorization);
      std::uint64_t id = conn.id;
      if (password_checks_.TrySubmit([this, auth, header, id] {
            Completion done;
            done.conn_id = id;
            done.is_auth = true;
            done.auth_ok = auth->Verify(header);
            Post(std::move(done));
          })) {
        conn.phase = Phase::kAuth;
        UpdateInterest(conn);
        return;
      }
      HttpResponse busy = TextResponse(503, "Too many password checks in progress\n");
      busy.headers.emplace_back("Retry-After", "1");
      Respond(conn, busy, "other");
      return;
    }
  }
  HttpResponse denied = TextResponse(401, "Unauthorized\n");
  denied.headers.emplace_back("WWW-Authenticate", "Basic realm=\"lyncdiscover_exporter\", charset=\"UTF-8\"");
  Respond(conn, denied, "other");
}

void ExporterHttpServer::Loop::AfterAuth(Conn& conn) {
  const HttpRequest& request = conn.head.request;
  RouteLookup lookup = router_.Match(request.method, request.path);
  if (lookup.status == 404) {
    Respond(conn, TextResponse(404, "Not found\n"), "other");
    return;
  }
  if (lookup.status == 405) {
    HttpResponse r = TextResponse(405, "Method not allowed; use " + lookup.allow + "\n");
    r.headers.emplace_back("Allow", lookup.allow);
    Respond(conn, r, "other");
    return;
  }
  conn.route = lookup.route;
  if (conn.head.content_length > conn.route->max_body_bytes) {
    Respond(conn, TextResponse(413, "Request body too large\n"), conn.route->path);
    return;
  }
  if (conn.route->refuse_cross_site && IsCrossSiteRequest(request)) {
    Respond(conn, TextResponse(403, "Cross-site requests are refused\n"), conn.route->path);
    return;
  }
  // The body is read now; the connection may then stay open.
  conn.close_after_write = !request.WantsKeepAlive();
  conn.phase = Phase::kBody;
  Advance(conn);
}

void ExporterHttpServer::Loop::TryBody(Conn& conn) {
  std::size_t need = conn.head.content_length;
  if (conn.in.size() < need) return;  // ReadInto left the socket watched
  conn.head.request.body = conn.in.substr(0, need);
  conn.in.erase(0, need);
  Dispatch(conn);
}

void ExporterHttpServer::Loop::Dispatch(Conn& conn) {
  const Route* route = conn.route;
  std::uint64_t id = conn.id;
  WorkerPool& pool = route->waits ? waiting_workers_ : workers_;
  bool submitted =
      pool.TrySubmit([this, route, id, request = conn.head.request] { RunHandler(*route, id, request); });
  if (!submitted) {
    HttpResponse busy =
        TextResponse(503, route->waits ? "Server busy: " + std::to_string(limits_.waiting_workers) +
                                             " requests of this kind are already waiting\n"
                                       : std::string("Server busy\n"));
    busy.headers.emplace_back("Retry-After", "1");
    Respond(conn, busy, route->path);
    return;
  }
  conn.phase = Phase::kDispatched;
  UpdateInterest(conn);
}

void ExporterHttpServer::Loop::RunHandler(const Route& route, std::uint64_t id, const HttpRequest& request) {
  Completion done;
  done.conn_id = id;
  try {
    done.response = route.handler(request);
  } catch (const std::exception& e) {
    // A failing handler costs one 500, never the server.
    log_.Warn("http handler failed", {{"path", route.path}, {"error", e.what()}});
    done.response = TextResponse(500, "Internal error\n");
  } catch (...) {
    log_.Warn("http handler failed", {{"path", route.path}, {"error", "unknown exception"}});
    done.response = TextResponse(500, "Internal error\n");
  }
  const bool head_only = request.method == "HEAD";
  bool gzip = false;
  if (route.compressible) {
    done.response.headers.emplace_back("Vary", "Accept-Encoding");
    if (!head_only && AcceptsGzip(request.Header("Accept-Encoding"))) {
      gzip = true;
      done.response.headers.emplace_back("Content-Encoding", "gzip");
    }
  }
  if (!done.response.stream || head_only) {
    // A whole body; for HEAD of a stream, only the head is sent (Respond
    // frames it as the stream would be) and the stream never runs.
    if (gzip) done.response.body = GzipCompress(done.response.body);
    Post(std::move(done));
    return;
  }
  // Streamed: the head goes to the loop now, the body follows through the
  // pipe while this thread writes it. It blocks while the client is slow
  // and is released when the connection ends (the write timeout at the
  // latest).
  auto pipe = std::make_shared<BodyPipe>(kStreamPipeBytes, [this, id] {
    Completion ready;
    ready.conn_id = id;
    ready.body_ready = true;
    Post(std::move(ready));
  });
  done.body = std::make_unique<BodyReader>(pipe);
  const BodyStream stream = std::move(done.response.stream);
  done.response.stream.write = nullptr;
  const bool chunked = request.minor_version >= 1;
  Post(std::move(done));
  RunBodyStream(stream, *pipe, chunked, gzip, log_, route.path);
}

void ExporterHttpServer::Loop::RunReady() {
  // Connections that may progress without a socket event. Each pass takes
  // one step per connection; a connection that is ready again goes on next
  // pass, so no client can hold the loop.
  std::vector<std::uint64_t> ready;
  ready.swap(ready_);
  for (std::uint64_t id : ready) {
    if (Conn* conn = Find(id)) Advance(*conn);
  }
}

void ExporterHttpServer::Loop::Post(Completion completion) {
  {
    std::lock_guard<std::mutex> lock(completions_mutex_);
    if (completions_closed_) return;  // `completion` (and any body reader) is dropped
    completions_.push_back(std::move(completion));
  }
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void ExporterHttpServer::Loop::DrainCompletions() {
  std::vector<Completion> done;
  {
    std::lock_guard<std::mutex> lock(completions_mutex_);
    done.swap(completions_);
  }
  for (auto& c : done) {
    Conn* conn = Find(c.conn_id);
    if (!conn) continue;  // the client left meanwhile (a body reader abandons its stream)
    if (c.body_ready) {
      if (conn->phase == Phase::kWriting && conn->awaiting_body) {
        conn->awaiting_body = false;
        WriteMore(*conn);
      }
      continue;
    }
    if (c.is_auth) {
      if (conn->phase != Phase::kAuth) continue;
      conn->phase = Phase::kHead;
      if (c.auth_ok) {
        AfterAuth(*conn);
      } else {
        HttpResponse denied = TextResponse(401, "Unauthorized\n");
        denied.headers.emplace_back("WWW-Authenticate",
                                    "Basic realm=\"lyncdiscover_exporter\", charset=\"UTF-8\"");
        Respond(*conn, denied, "other");
      }
    } else if (conn->phase == Phase::kDispatched) {
      Respond(*conn, c.response, conn->route->path, std::move(c.body));
    }
  }
}

void ExporterHttpServer::Loop::Respond(Conn& conn, const HttpResponse& response,
                                       const std::string& route_label, std::unique_ptr<BodyReader> body) {
  const HttpRequest& request = conn.head.request;
  bool head_only = request.method == "HEAD";
  // A stream (or the head of one) has no length; HTTP/1.0 knows no chunks,
  // so there the body ends with the connection.
  const bool streamed = body || response.stream;
  const bool chunked = streamed && request.minor_version >= 1;
  if (stopping_ || (streamed && !chunked)) conn.close_after_write = true;
  {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    ++stats_.requests[{route_label, response.status}];
  }
  log_.Debug("http request", {{"method", request.method},
                              {"path", request.path},
                              {"status", std::to_string(response.status)},
                              {"peer", conn.peer.text}});
  if (streamed) {
    conn.out = SerializeStreamHead(response, chunked, !conn.close_after_write, conn.security->headers);
    if (!head_only) conn.body = std::move(body);
  } else {
    conn.out = SerializeHead(response, response.body.size(), !conn.close_after_write, conn.security->headers);
    if (!head_only) conn.out += response.body;
  }
  conn.awaiting_body = false;
  conn.sent = 0;
  conn.phase = Phase::kWriting;
  conn.want = IoState::kWantWrite;
  conn.deadline = clock_.SteadyNow() + limits_.write_timeout;
  WriteMore(conn);
}

void ExporterHttpServer::Loop::WriteMore(Conn& conn) {
  for (int pieces = 0;; ++pieces) {
    while (conn.sent < conn.out.size()) {
      IoResult r = conn.transport->Write(conn.out.data() + conn.sent, conn.out.size() - conn.sent);
      if (r.state == IoState::kDone) {
        conn.sent += r.bytes;
        continue;
      }
      if (r.state == IoState::kWantRead || r.state == IoState::kWantWrite) {
        conn.want = r.state;
        UpdateInterest(conn);
        return;
      }
      Close(conn, std::nullopt);
      return;
    }
    if (!conn.body) break;
    if (pieces == kPiecesPerTurn) {
      // A fast client and a fast writer: other connections get their turn.
      ready_.push_back(conn.id);
      return;
    }
    conn.sent = 0;
    switch (conn.body->TakeInto(conn.out)) {
      case BodyPipe::Take::kData:
        continue;
      case BodyPipe::Take::kEmpty:
        // Nothing to send until the writer wakes us; the socket is not watched
        // meanwhile (it would report writable at once), the deadline still runs.
        conn.out.clear();
        conn.awaiting_body = true;
        UpdateInterest(conn);
        return;
      case BodyPipe::Take::kEnd:
        conn.body.reset();
        break;
      case BodyPipe::Take::kFailed:
        Close(conn, std::nullopt);  // a cut-off body: the client must not take it as whole
        return;
    }
    break;
  }
  FinishExchange(conn);
}

void ExporterHttpServer::Loop::FinishExchange(Conn& conn) {
  if (conn.close_after_write) {
    conn.transport->Shutdown();
    ::shutdown(conn.fd, SHUT_WR);
    StartLinger(conn);
    return;
  }
  // Keep-alive: wait for the next request. Bytes already here (pipelined,
  // or buffered inside TLS) are looked at from the loop, not from here, so a
  // burst of pipelined requests never deepens the stack.
  conn.out.clear();
  conn.out.shrink_to_fit();
  conn.body.reset();
  conn.awaiting_body = false;
  conn.head = ParsedHead{};
  conn.route = nullptr;
  conn.scanned = 0;
  conn.phase = Phase::kHead;
  conn.want = IoState::kWantRead;
  conn.request_started = !conn.in.empty();
  conn.deadline =
      clock_.SteadyNow() + (conn.request_started ? limits_.request_timeout : limits_.idle_timeout);
  UpdateInterest(conn);
  ready_.push_back(conn.id);
}

void ExporterHttpServer::Loop::StartLinger(Conn& conn) {
  conn.phase = Phase::kLinger;
  conn.request_started = false;  // its end is no drop
  conn.deadline = clock_.SteadyNow() + kLingerTime;
  conn.in.clear();
  conn.in.shrink_to_fit();
  conn.out.clear();
  conn.out.shrink_to_fit();
  conn.body.reset();
  conn.awaiting_body = false;
  conn.sent = 0;  // counts the bytes discarded from here on
  conn.want = IoState::kWantRead;
  UpdateInterest(conn);
  Linger(conn);
}

void ExporterHttpServer::Loop::Linger(Conn& conn) {
  char buf[4096];
  for (;;) {
    // Raw reads: after close_notify the TLS records are of no interest.
    ssize_t n = ::recv(conn.fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
    if (n <= 0 || (conn.sent += static_cast<std::size_t>(n)) > kLingerBytes) {
      Close(conn, std::nullopt);
      return;
    }
  }
}

void ExporterHttpServer::Loop::UpdateInterest(Conn& conn) {
  std::uint32_t wanted;
  if (conn.phase == Phase::kAuth || conn.phase == Phase::kDispatched ||
      (conn.phase == Phase::kWriting && conn.awaiting_body)) {
    wanted = 0;
  } else if (conn.phase == Phase::kWriting) {
    wanted = conn.want == IoState::kWantRead ? EPOLLIN : EPOLLOUT;
  } else {
    wanted = conn.want == IoState::kWantWrite ? EPOLLOUT : EPOLLIN;
  }
  if (wanted == conn.interest) return;
  epoll_event ev{};
  ev.events = wanted;
  ev.data.u64 = conn.id;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, conn.fd, &ev);
  conn.interest = wanted;
}

void ExporterHttpServer::Loop::Close(Conn& conn, std::optional<DropReason> reason) {
  if (reason) {
    log_.Debug("http connection dropped",
               {{"peer", conn.peer.text}, {"reason", std::string(DropReasonName(*reason))}});
  }
  {
    // Counted before the socket closes, so a client that sees the close
    // also sees the count.
    std::lock_guard<std::mutex> lock(stats_mutex_);
    if (reason) ++stats_.dropped[*reason];
    stats_.open_connections = conns_.size() - 1;
  }
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, conn.fd, nullptr);
  conn.transport.reset();  // before the fd closes: TLS state refers to it
  ::close(conn.fd);
  if (auto it = per_client_.find(conn.peer.limit_key); it != per_client_.end() && --it->second == 0) {
    per_client_.erase(it);
  }
  conns_.erase(conn.id);  // destroys conn: last
}

void ExporterHttpServer::Loop::ExpireDeadlines() {
  SteadyTime now = clock_.SteadyNow();
  std::vector<std::pair<std::uint64_t, std::optional<DropReason>>> expired;
  for (const auto& [id, conn] : conns_) {
    if (conn->phase == Phase::kAuth || conn->phase == Phase::kDispatched || conn->deadline > now) continue;
    std::optional<DropReason> reason;
    if (conn->phase == Phase::kWriting)
      reason = DropReason::kWriteTimeout;
    else if (conn->request_started)
      reason = DropReason::kRequestTimeout;
    expired.emplace_back(id, reason);  // else: an idle keep-alive, closed quietly
  }
  for (const auto& [id, reason] : expired) {
    if (Conn* conn = Find(id)) Close(*conn, reason);
  }
}

}  // namespace lde::http
