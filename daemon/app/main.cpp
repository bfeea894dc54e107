// lyncdiscover_exporter: probes TLS/HTTPS endpoints and Lync / Skype for
// Business autodiscover as a phone does; serves Prometheus metrics.

#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <iostream>

#include "app/daemon.h"
#include "app/heap.h"
#include "app/once.h"
#include "app/options.h"
#include "app/version.h"
#include "ossl/key_decoding.h"

namespace {

// SIGTERM/SIGINT stop, SIGHUP reloads. They are blocked before any thread
// starts, so only the main thread's sigwait ever sees them (POCO's
// waitForTerminationRequest ignores SIGHUP, hence our own loop).
sigset_t BlockControlSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // A scraper that disconnects mid-response must not kill the daemon.
  std::signal(SIGPIPE, SIG_IGN);
  return set;
}

int Serve(const lde::app::Options& options, lde::Logger& log) {
  sigset_t signals = BlockControlSignals();
  lde::app::Daemon daemon(options, log);
  if (!daemon.Start()) return 2;
  for (;;) {
    int sig = 0;
    if (sigwait(&signals, &sig) != 0) continue;
    if (sig == SIGHUP) {
      daemon.Reload();
      continue;
    }
    log.Info("stopping", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
    daemon.Stop();
    return 0;
  }
}

}  // namespace

int main(int argc, char** argv) {
  lde::app::TuneAllocator();  // before any thread exists
  // Certificates' keys decoded without OpenSSL 3.0's per-key decoder set-up
  // (ossl/key_decoding.h); before any thread, as that header asks.
  lde::ossl::UseBuiltInKeyMethods();
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = lde::app::ParseOptions(args);
  if (!parsed.errors.empty()) {
    for (const auto& e : parsed.errors) std::cerr << "lyncdiscover_exporter: " << e << "\n";
    std::cerr << "try --help\n";
    return 2;
  }
  const auto& options = parsed.options;
  if (options.help) {
    std::cout << lde::app::UsageText();
    return 0;
  }
  if (options.version) {
    std::cout << "lyncdiscover_exporter " << lde::app::kVersion << "\n";
    return 0;
  }
  if (options.config_check) return lde::app::CheckConfig(options, std::cout, std::cerr);

  const lde::SystemClock log_clock;
  lde::Logger log(std::cerr, options.log_level, options.log_format, log_clock);
  if (options.once) {
    std::signal(SIGPIPE, SIG_IGN);
    return lde::app::RunOnce(options, log, std::cout);
  }
  return Serve(options, log);
}
