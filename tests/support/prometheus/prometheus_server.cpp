#include "support/prometheus/prometheus_server.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace lde::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// How often the Wait* helpers ask again: a pace for polling Prometheus'
// API, not a synchronisation (each wait ends on what the API answers).
constexpr milliseconds kPollPace{200};
constexpr int kStartAttempts = 3;

// A TCP port free on 127.0.0.1 right now. Prometheus needs it on its command
// line; the small window in which another process may take it is covered by
// Start()'s retry.
std::uint16_t FreeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  const bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
                  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0;
  if (fd >= 0) ::close(fd);
  if (!ok) throw std::runtime_error("no free port on 127.0.0.1");
  return ntohs(a.sin_port);
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

}  // namespace

PrometheusServer::PrometheusServer(std::string dir)
    : dir_(std::move(dir)), config_file_(dir_ + "/prometheus.yml") {}

PrometheusServer::~PrometheusServer() = default;  // DaemonProcess kills it

std::string PrometheusServer::Start(const std::string& config_yaml, std::chrono::seconds timeout) {
  WriteFile(config_file_, config_yaml);
  static const std::regex kReady("Server is ready to receive web requests");
  std::string failures;
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    port_ = FreeLoopbackPort();
    process_ = std::make_unique<DaemonProcess>(std::vector<std::string>{
        kBinary, "--config.file=" + config_file_, "--storage.tsdb.path=" + dir_ + "/prometheus-data",
        "--web.listen-address=127.0.0.1:" + std::to_string(port_), "--web.enable-lifecycle"});
    if (process_->WaitForLine(kReady, timeout)) return "";
    failures += "attempt " + std::to_string(attempt + 1) + " on port " + std::to_string(port_) + ":\n" +
                process_->Stderr();
    // Only a lost race for the port is worth another try.
    if (process_->CountLines(std::regex("address already in use")) == 0) break;
    process_.reset();
  }
  return "prometheus did not become ready\n" + failures;
}

std::string PrometheusServer::Reload(const std::string& config_yaml, std::chrono::seconds timeout) {
  std::optional<double> before = LastReloadSuccess();
  if (!before) return "cannot read prometheus_config_last_reload_success_timestamp_seconds\n" + Describe();
  WriteFile(config_file_, config_yaml);
  // Prometheus answers /-/reload once the reload is done (200) or failed (500).
  HttpReply reply = Call("POST", "/-/reload");
  if (reply.status != 200) {
    return "POST /-/reload answered " + std::to_string(reply.status) + ": " + reply.body + "\n" + Describe();
  }
  const auto until = steady_clock::now() + timeout;
  for (;;) {
    std::optional<double> now = LastReloadSuccess();
    if (now && *now > *before) return "";
    if (steady_clock::now() >= until) break;
    std::this_thread::sleep_for(kPollPace);
  }
  return "the reload success timestamp did not move on\n" + Describe();
}

HttpReply PrometheusServer::Call(const std::string& method, const std::string& path_and_query) const {
  try {
    return HttpCall(port_, method, path_and_query);
  } catch (const Poco::Exception& e) {
    return HttpReply{0, e.displayText()};
  }
}

std::optional<double> PrometheusServer::LastReloadSuccess() const {
  // Prometheus' own exposition, read directly: this need not be scraped.
  HttpReply reply = Call("GET", "/metrics");
  if (reply.status != 200) return std::nullopt;
  static const std::regex kLine("(^|\n)prometheus_config_last_reload_success_timestamp_seconds ([^\n]+)");
  std::smatch m;
  if (!std::regex_search(reply.body, m, kLine)) return std::nullopt;
  return std::strtod(m[2].str().c_str(), nullptr);
}

Result<std::vector<PromSample>> PrometheusServer::Query(const std::string& promql) const {
  Poco::URI uri("/api/v1/query");
  uri.addQueryParameter("query", promql);
  HttpReply reply = Call("GET", uri.getPathAndQuery());
  if (reply.status == 0) return MakeError(ErrorKind::kConnectError, reply.body);
  // Errors (400 bad query, 422 execution) come as JSON too: let the parser
  // report Prometheus' own message.
  return ParseQueryResponse(reply.body);
}

std::optional<std::string> PrometheusServer::FirstValue(const std::string& promql) const {
  auto samples = Query(promql);
  if (!samples.ok() || samples.value().empty()) return std::nullopt;
  return samples.value().front().text;
}

PrometheusServer::Waited PrometheusServer::WaitFor(const std::string& promql, const SamplesDone& done,
                                                   milliseconds timeout) const {
  Waited waited;
  const auto until = steady_clock::now() + timeout;
  for (;;) {
    auto samples = Query(promql);
    if (samples.ok()) {
      waited.last = std::move(samples).value();
      if (done(waited.last)) {
        waited.met = true;
        return waited;
      }
    } else {
      waited.error = samples.error().detail;
    }
    if (steady_clock::now() >= until) return waited;
    std::this_thread::sleep_for(kPollPace);
  }
}

Result<std::vector<PromTarget>> PrometheusServer::Targets() const {
  HttpReply reply = Call("GET", "/api/v1/targets?state=active");
  if (reply.status == 0) return MakeError(ErrorKind::kConnectError, reply.body);
  return ParseTargetsResponse(reply.body);
}

bool PrometheusServer::WaitForTargets(const TargetsDone& done, milliseconds timeout) const {
  const auto until = steady_clock::now() + timeout;
  for (;;) {
    auto targets = Targets();
    if (targets.ok() && done(targets.value())) return true;
    if (steady_clock::now() >= until) return false;
    std::this_thread::sleep_for(kPollPace);
  }
}

std::string PrometheusServer::Describe() const {
  std::ostringstream out;
  out << "prometheus on 127.0.0.1:" << port_ << ", targets: " << Call("GET", "/api/v1/targets").body << "\n";
  if (process_) out << "prometheus log:\n" << process_->Stderr();
  return out.str();
}

}  // namespace lde::testing
