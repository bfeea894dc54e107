#pragma once

// Debian's Prometheus as a test peer. Start() writes prometheus.yml into a
// directory the test owns, runs /usr/bin/prometheus on 127.0.0.1:<free port>
// with its TSDB in that directory and --web.enable-lifecycle, and returns once
// Prometheus logs that it serves. Queries go through the HTTP API; the process
// is killed with the object. Every wait is bounded by the timeout it is given.
// Not thread-safe: one test thread drives it.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "support/daemon/daemon_process.h"
#include "support/prometheus/prometheus_api.h"

namespace lde::testing {

class PrometheusServer {
 public:
  static constexpr const char* kBinary = "/usr/bin/prometheus";

  using SamplesDone = std::function<bool(const std::vector<PromSample>&)>;
  using TargetsDone = std::function<bool(const std::vector<PromTarget>&)>;

  // `dir` must exist; prometheus.yml and prometheus-data/ are created in it.
  explicit PrometheusServer(std::string dir);
  ~PrometheusServer();
  PrometheusServer(const PrometheusServer&) = delete;
  PrometheusServer& operator=(const PrometheusServer&) = delete;

  // "" once Prometheus serves with `config_yaml`; else what went wrong, with
  // its output. A port taken between choosing and binding is retried on
  // another (a few times).
  std::string Start(const std::string& config_yaml, std::chrono::seconds timeout = std::chrono::seconds(60));
  // Rewrites prometheus.yml and POSTs /-/reload; "" once Prometheus reports
  // the reload succeeded and its prometheus_config_last_reload_success_
  // timestamp_seconds moved on. The new targets appear after service
  // discovery passes them on (up to 5 s later): wait for them with
  // WaitForTargets.
  std::string Reload(const std::string& config_yaml, std::chrono::seconds timeout = std::chrono::seconds(30));

  // An instant query at the present time.
  Result<std::vector<PromSample>> Query(const std::string& promql) const;
  // The value of the first sample, as Prometheus wrote it; nullopt when the
  // query failed or returned nothing.
  std::optional<std::string> FirstValue(const std::string& promql) const;

  struct Waited {
    bool met = false;
    std::vector<PromSample> last;  // the last successful answer
    std::string error;             // the last failed query's error, if any
  };
  // Repeats the query (every 200 ms) until `done` holds for its result or
  // `timeout` passes.
  Waited WaitFor(const std::string& promql, const SamplesDone& done, std::chrono::milliseconds timeout) const;

  // The active targets (/api/v1/targets?state=active).
  Result<std::vector<PromTarget>> Targets() const;
  // Repeats Targets() until `done` holds or `timeout` passes.
  bool WaitForTargets(const TargetsDone& done, std::chrono::milliseconds timeout) const;

  std::uint16_t port() const { return port_; }
  const std::string& config_file() const { return config_file_; }
  // The targets API's answer and Prometheus' log: for failure messages.
  std::string Describe() const;

 private:
  // GET or POST http://127.0.0.1:port<path_and_query>; status 0 when the
  // request failed.
  HttpReply Call(const std::string& method, const std::string& path_and_query) const;
  std::optional<double> LastReloadSuccess() const;

  std::string dir_;
  std::string config_file_;
  std::uint16_t port_ = 0;
  std::unique_ptr<DaemonProcess> process_;
};

}  // namespace lde::testing
