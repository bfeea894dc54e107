// Logger line formats: logfmt quoting and JSON escaping, level and format
// names, level filtering.
#include "common/log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>

#include "support/metrics_text/manual_clock.h"

namespace lde {
namespace {

constexpr const char* kTime = "2024-05-01T12:00:00.000Z";

std::string Logfmt(std::string_view msg, const LogFields& fields = {}, LogLevel level = LogLevel::kInfo) {
  return Logger::FormatLine(LogFormat::kLogfmt, kTime, level, msg, fields);
}

std::string Json(std::string_view msg, const LogFields& fields = {}, LogLevel level = LogLevel::kInfo) {
  return Logger::FormatLine(LogFormat::kJson, kTime, level, msg, fields);
}

TEST(LogfmtTest, PlainValuesAreBare) {
  EXPECT_EQ(Logfmt("probe_done", {{"target", "contoso.test"}, {"step", "tls"}}),
            "ts=2024-05-01T12:00:00.000Z level=info msg=probe_done target=contoso.test step=tls\n");
}

TEST(LogfmtTest, ValueQuoting) {
  struct Case {
    const char* name;
    std::string value;
    std::string rendered;
  } cases[] = {
      {"bare token", "abc", "abc"},
      {"empty value is quoted", "", R"("")"},
      {"space", "a b", R"("a b")"},
      {"equals sign", "a=b", R"("a=b")"},
      {"double quote", R"(say "hi")", R"("say \"hi\"")"},
      {"backslash alone stays bare", R"(C:\dir)", R"(C:\dir)"},
      {"backslash inside a quoted value is escaped", R"(C:\my dir)", R"("C:\\my dir")"},
      {"newline", "line1\nline2", R"("line1\nline2")"},
      {"carriage return", "a\rb", R"("a\rb")"},
      {"tab", "a\tb", R"("a\tb")"},
      {"other control char",
       std::string("a\x01"
                   "b"),
       R"("a\u0001b")"},
      {"NUL", std::string("a\0b", 3), R"("a\u0000b")"},
      {"escape char", "a\x1b[31m", R"("a\u001b[31m")"},
      {"UTF-8 passes through", "M\xc3\xbcnchen", "M\xc3\xbcnchen"},
      {"invalid UTF-8 is quoted and repaired", "bad\xff", "\"bad\xef\xbf\xbd\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Logfmt("m", {{"k", c.value}}),
              std::string("ts=") + kTime + " level=info msg=m k=" + c.rendered + "\n");
  }
}

TEST(LogfmtTest, DeleteIsAControlCharacter) {
  EXPECT_EQ(Logfmt("m", {{"k", "a\x7f"}}), std::string("ts=") + kTime + " level=info msg=m k=\"a\\u007f\"\n");
}

TEST(LogfmtFieldsTest, SameQuotingAsTheLogLine) {
  EXPECT_EQ(FormatLogfmtFields({}), "");
  EXPECT_EQ(FormatLogfmtFields({{"step", "tls"}, {"detail", "a b"}}), "step=tls detail=\"a b\"");
  EXPECT_EQ(FormatLogfmtFields({{"k", ""}}), "k=\"\"");
}

TEST(LogfmtFieldsTest, AValueCannotForgeFieldsOrLines) {
  const std::string forged = "x\" reason=ok\nts=0 level=error msg=forged\\";
  const std::string text = FormatLogfmtFields({{"detail", forged}, {"reason", "timeout"}});
  EXPECT_EQ(text, "detail=\"x\\\" reason=ok\\nts=0 level=error msg=forged\\\\\" reason=timeout");
  EXPECT_EQ(text.find('\n'), std::string::npos);
  // Outside quoted strings there are exactly two "key=" starts.
  int fields = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && quoted) {
      ++i;
    } else if (text[i] == '"') {
      quoted = !quoted;
    } else if (text[i] == '=' && !quoted) {
      ++fields;
    }
  }
  EXPECT_EQ(fields, 2);
}

TEST(LogfmtTest, MessageIsQuotedLikeAValue) {
  EXPECT_EQ(Logfmt("probe failed badly"),
            std::string("ts=") + kTime + " level=info msg=\"probe failed badly\"\n");
  EXPECT_EQ(Logfmt(""), std::string("ts=") + kTime + " level=info msg=\"\"\n");
}

TEST(LogfmtTest, EveryLevelName) {
  EXPECT_NE(Logfmt("m", {}, LogLevel::kDebug).find(" level=debug "), std::string::npos);
  EXPECT_NE(Logfmt("m", {}, LogLevel::kInfo).find(" level=info "), std::string::npos);
  EXPECT_NE(Logfmt("m", {}, LogLevel::kWarn).find(" level=warn "), std::string::npos);
  EXPECT_NE(Logfmt("m", {}, LogLevel::kError).find(" level=error "), std::string::npos);
}

TEST(LogfmtTest, OneLineWhateverTheInput) {
  std::string line = Logfmt("a\nb", {{"x", "1\n2\r\n3"}, {"y", "\n"}});
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_EQ(line.find('\r'), std::string::npos);
}

TEST(JsonLogTest, ObjectWithFieldsInOrder) {
  EXPECT_EQ(Json("probe_done", {{"target", "contoso.test"}, {"duration", "0.5"}}, LogLevel::kWarn),
            R"({"ts":"2024-05-01T12:00:00.000Z","level":"warn","msg":"probe_done",)"
            R"("target":"contoso.test","duration":"0.5"})"
            "\n");
}

TEST(JsonLogTest, Escaping) {
  struct Case {
    const char* name;
    std::string value;
    std::string rendered;
  } cases[] = {
      {"empty", "", R"("")"},
      {"space and equals need nothing", "a b=c", R"("a b=c")"},
      {"double quote", R"(a"b)", R"("a\"b")"},
      {"backslash", R"(a\b)", R"("a\\b")"},
      {"newline", "a\nb", R"("a\nb")"},
      {"carriage return", "a\rb", R"("a\rb")"},
      {"tab", "a\tb", R"("a\tb")"},
      {"control char", std::string("\x1f"), R"("\u001f")"},
      {"NUL", std::string("\0", 1), R"("\u0000")"},
      {"UTF-8 passes through", "\xe2\x82\xac", "\"\xe2\x82\xac\""},
      // A status line of binary garbage quoted into an error detail.
      {"invalid UTF-8 replaced by U+FFFD", "\x16\x03\x01\xff", "\"\\u0016\\u0003\\u0001\xef\xbf\xbd\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(Json("m", {{"k", c.value}}),
              std::string(R"({"ts":")") + kTime + R"(","level":"info","msg":"m","k":)" + c.rendered + "}\n");
  }
}

TEST(JsonLogTest, KeysAndMessageAreEscapedToo) {
  EXPECT_EQ(Json("say \"hi\"\n", {{"we\"ird", "v"}}),
            std::string(R"({"ts":")") + kTime +
                R"(","level":"info","msg":"say \"hi\"\n","we\"ird":"v"})"
                "\n");
}

TEST(ParseLogLevelTest, KnownAndUnknownNames) {
  struct Case {
    const char* text;
    bool ok;
    LogLevel level;
  } cases[] = {
      {"debug", true, LogLevel::kDebug}, {"info", true, LogLevel::kInfo},
      {"warn", true, LogLevel::kWarn},   {"error", true, LogLevel::kError},
      {"INFO", false, LogLevel::kError}, {"warning", false, LogLevel::kError},
      {"", false, LogLevel::kError},     {" info", false, LogLevel::kError},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    LogLevel level = LogLevel::kError;
    EXPECT_EQ(ParseLogLevel(c.text, &level), c.ok);
    EXPECT_EQ(level, c.level);  // untouched on failure
  }
}

TEST(ParseLogFormatTest, KnownAndUnknownNames) {
  LogFormat format = LogFormat::kLogfmt;
  EXPECT_TRUE(ParseLogFormat("json", &format));
  EXPECT_EQ(format, LogFormat::kJson);
  EXPECT_TRUE(ParseLogFormat("logfmt", &format));
  EXPECT_EQ(format, LogFormat::kLogfmt);
  format = LogFormat::kJson;
  EXPECT_FALSE(ParseLogFormat("text", &format));
  EXPECT_FALSE(ParseLogFormat("JSON", &format));
  EXPECT_FALSE(ParseLogFormat("", &format));
  EXPECT_EQ(format, LogFormat::kJson);
}

TEST(LoggerTest, DropsLinesBelowTheLevel) {
  std::ostringstream out;
  testsupport::ManualClock clock;
  Logger log(out, LogLevel::kWarn, LogFormat::kLogfmt, clock);
  EXPECT_FALSE(log.Enabled(LogLevel::kInfo));
  EXPECT_TRUE(log.Enabled(LogLevel::kError));
  log.Debug("d");
  log.Info("i");
  EXPECT_EQ(out.str(), "");
  log.Warn("w", {{"k", "v"}});
  log.Error("e");
  std::string text = out.str();
  EXPECT_NE(text.find(" level=warn msg=w k=v\n"), std::string::npos);
  EXPECT_NE(text.find(" level=error msg=e\n"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

TEST(LoggerTest, WritesJsonWithAnRfc3339TimestampFromItsClock) {
  std::ostringstream out;
  testsupport::ManualClock clock;  // 2024-01-01T00:00:00Z
  clock.Advance(std::chrono::hours(13) + std::chrono::minutes(5) + std::chrono::milliseconds(42'250));
  Logger log(out, LogLevel::kDebug, LogFormat::kJson, clock);
  log.Debug("hello");
  EXPECT_EQ(out.str(), R"({"ts":"2024-01-01T13:05:42.250Z","level":"debug","msg":"hello"})"
                       "\n");
}

}  // namespace
}  // namespace lde
