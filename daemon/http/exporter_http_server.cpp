#include "http/exporter_http_server.h"

#include "common/thread_name.h"
#include "http/listen_address.h"
#include "http/listener.h"
#include "http/server_loop.h"

namespace lde::http {

ExporterHttpServer::ExporterHttpServer(std::vector<std::string> listen_addresses, Router router,
                                       ServerLimits limits, Logger& log, const Clock& clock)
    : listen_addresses_(std::move(listen_addresses)),
      router_(std::move(router)),
      limits_(limits),
      log_(log),
      clock_(clock) {}

ExporterHttpServer::~ExporterHttpServer() { Stop(); }

Result<std::vector<std::uint16_t>> ExporterHttpServer::Start(std::shared_ptr<const WebSecurity> security) {
  if (loop_) return MakeError(ErrorKind::kInternal, "http server already started");
  if (listen_addresses_.empty()) return MakeError(ErrorKind::kConfig, "no listen address");
  std::vector<Listener> listeners;
  std::vector<std::uint16_t> ports;
  for (const auto& text : listen_addresses_) {
    auto where = ParseListenAddress(text);
    if (!where.ok()) return where.error();
    auto listener = Listener::Open(where.value(), text);
    if (!listener.ok()) return listener.error();  // the ones opened so far close here
    ports.push_back(listener.value().port());
    listeners.push_back(std::move(listener).value());
  }
  bool tls = security->tls != nullptr;
  for (const auto& l : listeners) {
    log_.Info("http server listening",
              {{"address", l.text()}, {"port", std::to_string(l.port())}, {"tls", tls ? "true" : "false"}});
  }
  loop_ = std::make_unique<Loop>(std::move(listeners), router_, limits_, log_, clock_, std::move(security));
  thread_ = std::thread([this] { loop_->Run(); });
  NameThread(thread_, "lde-http-loop");
  return ports;
}

void ExporterHttpServer::SetSecurity(std::shared_ptr<const WebSecurity> security) {
  if (loop_) loop_->SetSecurity(std::move(security));
}

HttpServerStats ExporterHttpServer::Stats() const { return loop_ ? loop_->Stats() : HttpServerStats{}; }

void ExporterHttpServer::Stop() {
  if (!loop_) return;
  loop_->RequestStop();
  stopping_ = true;  // after: whoever sees it knows the loop is stopping
  if (thread_.joinable()) thread_.join();
  loop_.reset();  // joins the workers after their running handlers finish
  log_.Info("http server stopped");
}

}  // namespace lde::http
