#pragma once

#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/clock.h"

namespace lde {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };
enum class LogFormat { kLogfmt, kJson };

bool ParseLogLevel(std::string_view text, LogLevel* out);
bool ParseLogFormat(std::string_view text, LogFormat* out);

using LogFields = std::vector<std::pair<std::string, std::string>>;

// `fields` as logfmt, "k1=v1 k2=v2", each value quoted and escaped exactly as
// Logger writes it (see AppendLogfmtValue in log.cpp): a value with a space,
// '=', '"', a control character or bad UTF-8 is written as a quoted string
// with '"', '\\' and controls escaped. So a value a peer chose (an error
// detail) cannot add fields or start a new line. Keys are the caller's own
// constants and are written as they are.
std::string FormatLogfmtFields(const LogFields& fields);

// One line per event, `key=value` (logfmt) or one JSON object. The logger is
// passed in, never global. Thread-safe: lines never interleave. Timestamps
// come from `clock` (the wall timeline), which must outlive the logger.
class Logger {
 public:
  Logger(std::ostream& out, LogLevel level, LogFormat format, const Clock& clock);
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  bool Enabled(LogLevel level) const { return level >= level_; }
  void Log(LogLevel level, std::string_view msg, const LogFields& fields = {});
  void Debug(std::string_view msg, const LogFields& fields = {}) { Log(LogLevel::kDebug, msg, fields); }
  void Info(std::string_view msg, const LogFields& fields = {}) { Log(LogLevel::kInfo, msg, fields); }
  void Warn(std::string_view msg, const LogFields& fields = {}) { Log(LogLevel::kWarn, msg, fields); }
  void Error(std::string_view msg, const LogFields& fields = {}) { Log(LogLevel::kError, msg, fields); }

  // Formats one line without writing it (used by tests and by Log).
  static std::string FormatLine(LogFormat format, std::string_view time, LogLevel level, std::string_view msg,
                                const LogFields& fields);

 private:
  std::ostream& out_;
  const Clock& clock_;
  LogLevel level_;
  LogFormat format_;
  std::mutex mutex_;
};

}  // namespace lde
