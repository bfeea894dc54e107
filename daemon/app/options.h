#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/log.h"
#include "config/instance.h"

namespace lde::app {

// kTable fits the terminal (long cells trimmed with "~"); kWide never trims.
enum class OutputFormat { kTable, kWide, kJson };

// Command-line flags, named as the Prometheus exporters name theirs.
struct Options {
  std::string config_file = "/etc/lyncdiscover_exporter/config.yml";
  // --web.listen-address, repeatable; the default applies when none is given.
  std::vector<std::string> listen_addresses;
  std::string web_config_file;  // --web.config.file; "" = plain HTTP, no auth
  std::string telemetry_path = "/metrics";
  bool enable_lifecycle = false;  // POST /-/reload and /-/quit
  bool config_check = false;
  bool once = false;
  std::vector<std::string> once_targets;  // --target, repeatable: --once probes only these
  OutputFormat output = OutputFormat::kTable;
  // --vantage, --shard, --networks: each replaces the config file's
  // global.vantage, global.shard, global.networks.
  config::InstanceOverrides instance;
  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kLogfmt;
  bool help = false;
  bool version = false;
};

inline constexpr const char* kDefaultListenAddress = ":9863";

struct ParsedOptions {
  Options options;
  std::vector<std::string> errors;
};

// Accepts `--flag=value` and `--flag value`; every problem is reported.
ParsedOptions ParseOptions(const std::vector<std::string>& args);
std::string UsageText();

}  // namespace lde::app
