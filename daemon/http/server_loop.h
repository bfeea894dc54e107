#pragma once

// Internal to lde_http: the event loop behind ExporterHttpServer.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/log.h"
#include "http/body_pipe.h"
#include "http/exporter_http_server.h"
#include "http/listener.h"
#include "http/peer_address.h"
#include "http/request_parser.h"
#include "http/token_bucket.h"
#include "http/transport.h"
#include "http/worker_pool.h"

namespace lde::http {

class ExporterHttpServer::Loop {
 public:
  Loop(std::vector<Listener> listeners, const Router& router, const ServerLimits& limits, Logger& log,
       const Clock& clock, std::shared_ptr<const WebSecurity> security);
  ~Loop();
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  // Serves until RequestStop(); then closes every connection.
  void Run();
  void RequestStop();
  void SetSecurity(std::shared_ptr<const WebSecurity> security);
  HttpServerStats Stats() const;

 private:
  enum class Phase {
    kSniff,       // TLS listener: is this a TLS ClientHello or plain HTTP?
    kHandshake,   // TLS handshake under way
    kHead,        // reading the request line and fields
    kAuth,        // a bcrypt check of the credentials is running
    kBody,        // reading a body the route accepts
    kDispatched,  // a worker runs the handler
    kWriting,     // sending the response
    kLinger,      // answered and closing: reading what the client still sends
  };

  struct Conn {
    std::uint64_t id = 0;
    int fd = -1;
    PeerAddress peer;
    SteadyTime accepted{};
    std::shared_ptr<const WebSecurity> security;  // as of accept
    std::unique_ptr<Transport> transport;
    Phase phase = Phase::kHead;
    IoState want = IoState::kWantRead;  // what the transport waits for
    std::uint32_t interest = 0;         // registered epoll events
    // Deadline of the current phase; `request_started` tells whether it is
    // a request's deadline (a drop when missed) or an idle keep-alive's.
    SteadyTime deadline{};
    bool request_started = false;
    std::string in;           // bytes read and not yet consumed
    std::size_t scanned = 0;  // of `in`, already searched for the head's end
    ParsedHead head;          // once parsed, its bytes are gone from `in`
    const Route* route = nullptr;
    std::string out;  // the response being written (or its current piece)
    std::size_t sent = 0;
    bool close_after_write = false;
    // A streamed body: its next pieces come from the worker writing it.
    std::unique_ptr<BodyReader> body;
    bool awaiting_body = false;  // `body` had nothing: wait for its wake-up, not the socket
  };

  // What a worker hands back: a handler's response, or a password check.
  struct Completion {
    std::uint64_t conn_id = 0;
    bool is_auth = false;
    bool auth_ok = false;
    bool body_ready = false;  // a streamed body has bytes again (or ended)
    HttpResponse response;
    std::unique_ptr<BodyReader> body;  // a streamed response's reading end
  };

  void PollOnce(int timeout_ms);
  void Accept(const Listener& listener);
  bool MakeRoom(const PeerAddress& peer);
  static bool IsWaitingForClient(const Conn& conn);
  Conn* OldestWaitingFor(const std::string& client);
  void OnEvent(std::uint64_t id, std::uint32_t events);
  // Drives a connection until it waits for I/O, a worker, or is closed.
  void Advance(Conn& conn);
  void Sniff(Conn& conn);
  bool ReadInto(Conn& conn, std::size_t cap);
  void TryHead(Conn& conn);
  void AfterAuth(Conn& conn);
  void TryBody(Conn& conn);
  void Dispatch(Conn& conn);
  void Respond(Conn& conn, const HttpResponse& response, const std::string& route_label,
               std::unique_ptr<BodyReader> body = nullptr);
  // The worker's side of a request: the handler, then its body if streamed.
  void RunHandler(const Route& route, std::uint64_t id, const HttpRequest& request);
  void WriteMore(Conn& conn);
  void FinishExchange(Conn& conn);
  void StartLinger(Conn& conn);
  void Linger(Conn& conn);
  void UpdateInterest(Conn& conn);
  void Close(Conn& conn, std::optional<DropReason> reason);
  void DrainCompletions();
  void RunReady();
  void ExpireDeadlines();
  void Post(Completion completion);
  int MillisToNextDeadline() const;
  Conn* Find(std::uint64_t id);

  std::vector<Listener> listeners_;
  const Router& router_;
  const ServerLimits limits_;
  Logger& log_;
  const Clock& clock_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::uint64_t next_id_;
  std::unordered_map<std::uint64_t, std::unique_ptr<Conn>> conns_;
  std::unordered_map<std::string, std::size_t> per_client_;
  std::vector<std::uint64_t> ready_;  // connections to Advance without an event

  mutable std::mutex security_mutex_;
  std::shared_ptr<const WebSecurity> security_;
  std::shared_ptr<const WebSecurity> bucket_owner_;  // whose rate_limit bucket_ follows
  TokenBucket bucket_{model::RateLimit{}};

  std::mutex completions_mutex_;
  std::vector<Completion> completions_;
  bool completions_closed_ = false;  // the loop is gone: Post drops (and so abandons)

  mutable std::mutex stats_mutex_;
  HttpServerStats stats_;

  // Declared last: destroyed (joined) first, while the rest still exists.
  WorkerPool workers_;
  WorkerPool waiting_workers_;  // Route::waits handlers
  WorkerPool password_checks_;
};

}  // namespace lde::http
