#pragma once

// A TLS (or plain TCP) test server on a loopback address, port 0, with a
// chosen behaviour per connection. Listening before the constructor returns,
// so tests connect at once without sleeping. Test support: set-up failures
// throw std::runtime_error.
//
// Each accepted connection runs on its own thread (at most kMaxConnections at
// once; finished ones are joined as new ones arrive);
// the destructor wakes every wait (self-pipe) and shuts every socket down, so
// it returns within a bounded time however the client behaves.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace lde::testing {

enum class ServerBehaviour {
  kServeHttp,                // handshake (unless plain), read one request, answer with the handler
  kStallAfterAccept,         // accept, then never read or write until stopped
  kResetDuringHandshake,     // read the ClientHello, then RST (SO_LINGER 0)
  kGarbage,                  // read the ClientHello, answer with non-TLS bytes, close
  kBadCertificateBytes,      // valid TLS 1.2 records: ServerHello, then a Certificate holding garbage
  kSilenceAfterServerHello,  // read the ClientHello, send a valid ServerHello, then nothing until stopped
  // Hostile peers that keep a client busy without ever making a read wait
  // long. "Forever" ends when the client goes away, the server stops, or
  // after kStreamSafetyCap, so a worker can never hang a test run.
  //
  // A real TLS handshake whose every byte goes out in its own send (TCP_NODELAY),
  // `pace` apart; once it completes, the connection stays open, silent.
  kHandshakeBytePerSegment,
  // Handshake (unless plain), read one request, send `stream_head`, then
  // `stream_unit` every `pace`, forever: a drip body, chunks with huge
  // extensions, endless header lines, one endless header line...
  kStreamResponse,
};

using HttpHandler = std::function<std::string(const std::string& raw_request)>;

struct TlsTestServerOptions {
  bool tls = true;             // false: plain TCP, for HTTP-only tests
  std::string cert_chain_pem;  // served as is, leaf first (any chain, e.g. leaf only)
  std::string key_pem;         // the leaf's private key
  ServerBehaviour behaviour = ServerBehaviour::kServeHttp;
  // kServeHttp: raw request (head and Content-Length body) → raw response
  // bytes. Default: 200 with body "ok".
  HttpHandler handler;
  // kServeHttp: after the response, keep the connection open until the
  // client closes or the server stops (a response that stalls mid-body).
  bool hold_open_after_response = false;
  std::string bind_address = "127.0.0.1";  // "::1" for IPv6 tests
  bool max_tls12 = false;                  // cap the protocol at TLS 1.2
  std::string ocsp_staple;                 // stapled when non-empty and the client asks
  // 0: an ephemeral port. A chosen one lets several servers on distinct
  // 127.0.0.x addresses share a port, as the Lync discovery names of one
  // network do (a deployment network has one port for all of them).
  std::uint16_t port = 0;
  // kHandshakeBytePerSegment, kStreamResponse: the pause before each send (a
  // pace, never a synchronisation: under 1 ms it is a nanosleep).
  std::chrono::microseconds pace{1000};
  std::string stream_head;  // kStreamResponse: sent once, right after the request
  std::string stream_unit;  // kStreamResponse: then sent over and over, `pace` apart
};

// The longest a kStreamResponse or kHandshakeBytePerSegment connection keeps
// sending when nobody stops it.
inline constexpr std::chrono::seconds kStreamSafetyCap{20};

class TlsTestServer {
 public:
  static constexpr int kMaxConnections = 64;

  explicit TlsTestServer(TlsTestServerOptions options);
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  std::uint16_t port() const { return port_; }
  int accepted_connections() const { return accepted_.load(); }
  // Raw requests received so far (kServeHttp), in arrival order.
  std::vector<std::string> requests() const;
  // Idempotent; the destructor calls it.
  void Stop();

 private:
  struct Impl;  // OpenSSL context, kept out of this header

  void AcceptLoop();
  void ServeOne(int fd);
  void ReapFinishedWorkers();  // mutex_ held

  TlsTestServerOptions options_;
  std::unique_ptr<Impl> impl_;
  int listen_fd_ = -1;
  int wake_read_ = -1;
  int wake_write_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<int> accepted_{0};
  std::atomic<bool> stopped_{false};
  std::thread acceptor_;

  mutable std::mutex mutex_;  // guards everything below
  std::set<int> open_fds_;
  std::list<std::thread> workers_;
  std::set<std::thread::id> finished_;  // workers that have left ServeOne
  std::vector<std::string> requests_;
};

// HTTP/1.1 200 with Content-Type text/plain and `body`.
std::string OkResponse(const std::string& body);

// Options for the hostile kStreamResponse peers: `head` once, then `unit`
// every `pace` (plain TCP unless tls; certificates still have to be set for TLS).
TlsTestServerOptions StreamingServer(std::string head, std::string unit, std::chrono::microseconds pace,
                                     bool tls = false);

}  // namespace lde::testing
