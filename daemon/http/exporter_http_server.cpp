#include "http/exporter_http_server.h"

#include <utility>

#include "Poco/Exception.h"
#include "Poco/Net/HTTPServer.h"
#include "Poco/Net/HTTPServerParams.h"
#include "Poco/Net/ServerSocket.h"
#include "Poco/Net/SocketAddress.h"
#include "Poco/ThreadPool.h"
#include "http/listen_address.h"
#include "http/request_handler.h"

namespace lde::http {
namespace {

// A slow or stalled client holds a connection thread at most this long per read.
const Poco::Timespan kRequestTimeout(10, 0);
const Poco::Timespan kKeepAliveTimeout(5, 0);
constexpr int kBacklog = 64;

Result<Poco::Net::ServerSocket> Listen(const ListenAddress& where, const std::string& text) {
  try {
    Poco::Net::ServerSocket socket;
    if (where.ipv6) {
      Poco::Net::SocketAddress address(Poco::Net::AddressFamily::IPv6, where.host, where.port);
      // "[::]" also accepts IPv4 (dual stack); a specific address is itself.
      socket.bind6(address, /*reuseAddress=*/true, /*reusePort=*/false, /*ipV6Only=*/false);
    } else {
      Poco::Net::SocketAddress address(Poco::Net::AddressFamily::IPv4,
                                       where.host.empty() ? "0.0.0.0" : where.host, where.port);
      // SO_REUSEADDR only lets us rebind over TIME_WAIT after a restart;
      // Linux still refuses a port another socket is listening on.
      socket.bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
    }
    socket.listen(kBacklog);
    return socket;
  } catch (const Poco::Exception& e) {
    return MakeError(ErrorKind::kConfig, "cannot listen on \"" + text + "\": " + e.displayText());
  }
}

}  // namespace

ExporterHttpServer::ExporterHttpServer(const std::string& listen_address, HttpHandlers handlers,
                                       Logger& log)
    : listen_address_(listen_address), handlers_(std::move(handlers)), log_(log) {}

ExporterHttpServer::~ExporterHttpServer() { Stop(); }

Result<std::uint16_t> ExporterHttpServer::Start() {
  if (server_) return MakeError(ErrorKind::kInternal, "http server already started");
  auto where = ParseListenAddress(listen_address_);
  if (!where.ok()) return where.error();
  auto socket = Listen(where.value(), listen_address_);
  if (!socket.ok()) return socket.error();

  try {
    auto params = Poco::Net::HTTPServerParams::Ptr(new Poco::Net::HTTPServerParams);
    params->setMaxThreads(kMaxThreads);
    params->setMaxQueued(kMaxQueued);
    params->setTimeout(kRequestTimeout);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(kKeepAliveTimeout);
    params->setMaxKeepAliveRequests(100);
    params->setServerName("lyncdiscover_exporter");

    port_ = socket.value().address().port();
    pool_ = std::make_unique<Poco::ThreadPool>(1, kMaxThreads);
    server_ = std::make_unique<Poco::Net::HTTPServer>(
        Poco::Net::HTTPRequestHandlerFactory::Ptr(new RequestHandlerFactory(handlers_, log_)),
        *pool_, socket.value(), params);
    server_->start();
  } catch (const Poco::Exception& e) {
    server_.reset();
    pool_.reset();
    port_ = 0;
    return MakeError(ErrorKind::kInternal, "cannot start http server: " + e.displayText());
  }
  log_.Info("http server listening",
            {{"address", listen_address_}, {"port", std::to_string(port_)}});
  return port_;
}

void ExporterHttpServer::Stop() {
  if (!server_) return;
  // abortCurrent: close idle keep-alive connections instead of waiting out
  // their timeout; requests being handled still finish.
  server_->stopAll(/*abortCurrent=*/true);
  pool_->joinAll();
  server_.reset();
  pool_.reset();
  log_.Info("http server stopped", {{"address", listen_address_}});
}

}  // namespace lde::http
