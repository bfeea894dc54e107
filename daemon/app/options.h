#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/log.h"

namespace lde::app {

enum class OutputFormat { kTable, kJson };

// Command-line flags, named as the Prometheus exporters name theirs.
struct Options {
  std::string config_file = "/etc/lyncdiscover_exporter/config.yml";
  std::string listen_address = ":9863";
  bool config_check = false;
  bool once = false;
  OutputFormat output = OutputFormat::kTable;
  LogLevel log_level = LogLevel::kInfo;
  LogFormat log_format = LogFormat::kLogfmt;
  bool help = false;
  bool version = false;
};

struct ParsedOptions {
  Options options;
  std::vector<std::string> errors;
};

// Accepts `--flag=value` and `--flag value`; every problem is reported.
ParsedOptions ParseOptions(const std::vector<std::string>& args);
std::string UsageText();

}  // namespace lde::app
