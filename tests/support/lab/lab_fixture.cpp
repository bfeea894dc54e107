#include "support/lab/lab_fixture.h"

#include <signal.h>

#include <regex>

namespace lde::testing {

using std::chrono::seconds;

std::string LabFixture::Start(const Spec& spec) {
  dir_ = spec.dir;
  auto started = RunCommand({"/bin/bash", LDE_LAB_SCRIPT, "start", "--scenarios", spec.scenarios, "--dir",
                             dir_, "--stall-server", LDE_STALL_SERVER, "--ucwa-standin", LDE_UCWA_STANDIN},
                            seconds(120));
  lab_started_ = true;
  if (started.exit_code != 0) {
    return "lab.sh start exited " + std::to_string(started.exit_code) + "\n" + started.out + started.err;
  }
  if (!spec.start_daemon) return "";
  daemon_ = std::make_unique<DaemonProcess>(
      std::vector<std::string>{LDE_DAEMON_BINARY, "--config.file=" + config_file(),
                               "--web.listen-address=127.0.0.1:0", "--log.level=debug"});
  auto port = daemon_->WaitForPort(seconds(20));
  if (!port) return "the daemon did not listen\n" + daemon_->Stderr();
  port_ = *port;
  for (const auto& target : spec.targets) {
    // First runs are spread over the 30 s interval; the stall scenario
    // takes two timeouts (one per network).
    if (!daemon_->WaitForLine(std::regex("probe finished\" target=" + target + " "), spec.probe_wait)) {
      return "no finished probe of " + target + "\n" + daemon_->Stderr();
    }
  }
  return "";
}

void LabFixture::Stop() {
  if (daemon_) {
    daemon_->Signal(SIGTERM);
    daemon_->WaitForExit(seconds(15));
    daemon_.reset();
  }
  if (lab_started_) {
    RunCommand({"/bin/bash", LDE_LAB_SCRIPT, "stop", "--dir", dir_}, seconds(60));
    lab_started_ = false;
  }
}

std::string LabDomain(const std::string& scenario) { return scenario + ".lab.test"; }

std::vector<std::string> LabPlainTargets() { return {"healthy-webext", "healthy-fe-tls"}; }

}  // namespace lde::testing
