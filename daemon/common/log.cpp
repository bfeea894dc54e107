#include "common/log.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <ostream>

#include "common/utf8.h"

namespace lde {
namespace {

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

void AppendJsonString(std::string& out, std::string_view raw) {
  // Details quote peer bytes; a log line must stay UTF-8 (RFC 8259 §8.1).
  const std::string s = ToValidUtf8(raw);
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static const char* kHex = "0123456789abcdef";
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

// A bare value ends at a space; '=' and '"' would let a reader see another
// key or a quoted string; a control (newline above all) would end the line.
void AppendLogfmtValue(std::string& out, std::string_view s) {
  bool needs_quotes = s.empty() || !IsValidUtf8(s);  // quoting repairs bad UTF-8
  for (char c : s) {
    if (c == ' ' || c == '=' || c == '"' || IsControl(static_cast<unsigned char>(c))) needs_quotes = true;
  }
  if (!needs_quotes) {
    out += s;
    return;
  }
  AppendJsonString(out, s);  // logfmt quoting is JSON-string quoting
}

void AppendLogfmtFields(std::string& out, const LogFields& fields) {
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += ' ';
    out += k;
    out += '=';
    AppendLogfmtValue(out, v);
  }
}

std::string Rfc3339(SysTime now) {
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];  // room for any int in every field: no truncation possible
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

bool ParseLogLevel(std::string_view text, LogLevel* out) {
  if (text == "debug")
    *out = LogLevel::kDebug;
  else if (text == "info")
    *out = LogLevel::kInfo;
  else if (text == "warn")
    *out = LogLevel::kWarn;
  else if (text == "error")
    *out = LogLevel::kError;
  else
    return false;
  return true;
}

bool ParseLogFormat(std::string_view text, LogFormat* out) {
  if (text == "logfmt")
    *out = LogFormat::kLogfmt;
  else if (text == "json")
    *out = LogFormat::kJson;
  else
    return false;
  return true;
}

std::string FormatLogfmtFields(const LogFields& fields) {
  std::string out;
  AppendLogfmtFields(out, fields);
  return out;
}

Logger::Logger(std::ostream& out, LogLevel level, LogFormat format, const Clock& clock)
    : out_(out), clock_(clock), level_(level), format_(format) {}

std::string Logger::FormatLine(LogFormat format, std::string_view time, LogLevel level, std::string_view msg,
                               const LogFields& fields) {
  std::string line;
  if (format == LogFormat::kJson) {
    line += "{\"ts\":";
    AppendJsonString(line, time);
    line += ",\"level\":";
    AppendJsonString(line, LevelName(level));
    line += ",\"msg\":";
    AppendJsonString(line, msg);
    for (const auto& [k, v] : fields) {
      line += ',';
      AppendJsonString(line, k);
      line += ':';
      AppendJsonString(line, v);
    }
    line += '}';
  } else {
    line += "ts=";
    line += time;
    line += " level=";
    line += LevelName(level);
    line += " msg=";
    AppendLogfmtValue(line, msg);
    AppendLogfmtFields(line, fields);
  }
  line += '\n';
  return line;
}

void Logger::Log(LogLevel level, std::string_view msg, const LogFields& fields) {
  if (!Enabled(level)) return;
  std::string line = FormatLine(format_, Rfc3339(clock_.Now()), level, msg, fields);
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << line << std::flush;
}

}  // namespace lde
