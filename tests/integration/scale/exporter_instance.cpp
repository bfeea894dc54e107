#include "integration/scale/exporter_instance.h"

#include <signal.h>

#include <regex>

namespace lde::testing {
namespace {

const std::regex& ConfigLoaded() {
  static const std::regex kLine("msg=\"configuration loaded\"");
  return kLine;
}

}  // namespace

ExporterInstance::~ExporterInstance() {
  if (!process_) return;
  process_->Signal(SIGTERM);
  process_->WaitForExit(std::chrono::seconds(15));
}

std::string ExporterInstance::Start(const std::string& config_file, const std::vector<std::string>& flags) {
  std::vector<std::string> args = {LDE_DAEMON_BINARY, "--config.file=" + config_file,
                                   "--web.listen-address=127.0.0.1:0"};
  args.insert(args.end(), flags.begin(), flags.end());
  process_ = std::make_unique<DaemonProcess>(args);
  auto port = process_->WaitForPort(std::chrono::seconds(20));
  if (!port) return "the exporter did not listen\n" + process_->Stderr();
  port_ = *port;
  return "";
}

std::string ExporterInstance::Reload(std::chrono::seconds timeout) {
  const std::size_t loads = process_->CountLines(ConfigLoaded());
  process_->Signal(SIGHUP);
  if (!process_->WaitForCount(ConfigLoaded(), loads + 1, timeout)) {
    return "no new \"configuration loaded\" after SIGHUP\n" + process_->Stderr();
  }
  return "";
}

}  // namespace lde::testing
