// ParseOptions: every flag in both spellings, switches, and every kind of
// bad input reported (all of them, not just the first).
#include "app/options.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

namespace lde::app {
namespace {

using Args = std::vector<std::string>;

TEST(ParseOptionsTest, DefaultsWithNoArguments) {
  auto parsed = ParseOptions({});
  EXPECT_TRUE(parsed.errors.empty());
  const Options& o = parsed.options;
  EXPECT_EQ(o.config_file, "/etc/lyncdiscover_exporter/config.yml");
  EXPECT_EQ(o.listen_addresses, std::vector<std::string>{":9863"});
  EXPECT_EQ(o.web_config_file, "");
  EXPECT_EQ(o.telemetry_path, "/metrics");
  EXPECT_FALSE(o.enable_lifecycle);
  EXPECT_FALSE(o.config_check);
  EXPECT_FALSE(o.once);
  EXPECT_EQ(o.output, OutputFormat::kTable);
  EXPECT_EQ(o.log_level, LogLevel::kInfo);
  EXPECT_EQ(o.log_format, LogFormat::kLogfmt);
  EXPECT_FALSE(o.help);
  EXPECT_FALSE(o.version);
}

struct ValuedCase {
  const char* flag;
  const char* value;
  std::function<bool(const Options&)> check;
};

std::vector<ValuedCase> ValuedCases() {
  return {
      {"config.file", "/tmp/x.yml", [](const Options& o) { return o.config_file == "/tmp/x.yml"; }},
      {"web.listen-address", "[::1]:9100",
       [](const Options& o) { return o.listen_addresses == std::vector<std::string>{"[::1]:9100"}; }},
      {"web.config.file", "/etc/web.yml",
       [](const Options& o) { return o.web_config_file == "/etc/web.yml"; }},
      {"web.telemetry-path", "/x/metrics", [](const Options& o) { return o.telemetry_path == "/x/metrics"; }},
      {"output", "json", [](const Options& o) { return o.output == OutputFormat::kJson; }},
      {"output", "table", [](const Options& o) { return o.output == OutputFormat::kTable; }},
      {"output", "wide", [](const Options& o) { return o.output == OutputFormat::kWide; }},
      {"log.level", "debug", [](const Options& o) { return o.log_level == LogLevel::kDebug; }},
      {"log.level", "warn", [](const Options& o) { return o.log_level == LogLevel::kWarn; }},
      {"log.level", "error", [](const Options& o) { return o.log_level == LogLevel::kError; }},
      {"log.level", "info", [](const Options& o) { return o.log_level == LogLevel::kInfo; }},
      {"log.format", "json", [](const Options& o) { return o.log_format == LogFormat::kJson; }},
      {"log.format", "logfmt", [](const Options& o) { return o.log_format == LogFormat::kLogfmt; }},
  };
}

TEST(ParseOptionsTest, ValuedFlagsInBothForms) {
  for (const auto& c : ValuedCases()) {
    std::string flag = std::string("--") + c.flag;
    {
      SCOPED_TRACE(flag + "=" + c.value);
      auto parsed = ParseOptions({flag + "=" + c.value});
      EXPECT_TRUE(parsed.errors.empty());
      EXPECT_TRUE(c.check(parsed.options));
    }
    {
      SCOPED_TRACE(flag + " " + c.value);
      auto parsed = ParseOptions({flag, c.value});
      EXPECT_TRUE(parsed.errors.empty());
      EXPECT_TRUE(c.check(parsed.options));
    }
  }
}

TEST(ParseOptionsTest, ValueMayContainEqualsSignsAndBeEmpty) {
  auto parsed = ParseOptions({"--config.file=/tmp/a=b.yml"});
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.options.config_file, "/tmp/a=b.yml");
  parsed = ParseOptions({"--web.listen-address="});
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.options.listen_addresses, std::vector<std::string>{""});
}

TEST(ParseOptionsTest, ListenAddressRepeatsAndReplacesTheDefault) {
  auto parsed = ParseOptions({"--web.listen-address=127.0.0.1:1", "--web.listen-address", "[::1]:2"});
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.options.listen_addresses, (std::vector<std::string>{"127.0.0.1:1", "[::1]:2"}));
}

TEST(ParseOptionsTest, TelemetryPathMustBeAFreePath) {
  for (const char* bad : {"metrics", "", "/m?x", "/status", "/probe", "/-/reload", "/"}) {
    SCOPED_TRACE(bad);
    auto parsed = ParseOptions({std::string("--web.telemetry-path=") + bad});
    ASSERT_EQ(parsed.errors.size(), 1u);
    EXPECT_NE(parsed.errors[0].find("--web.telemetry-path"), std::string::npos);
  }
}

TEST(ParseOptionsTest, InstanceFlagsOverrideTheFileOnlyWhenGiven) {
  EXPECT_EQ(ParseOptions({}).options.instance.vantage, std::nullopt);
  EXPECT_EQ(ParseOptions({}).options.instance.shard, std::nullopt);
  EXPECT_EQ(ParseOptions({}).options.instance.networks, std::nullopt);
  auto parsed = ParseOptions({"--vantage=outside", "--shard", "2/3", "--networks=external"});
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.options.instance.vantage, "outside");
  EXPECT_EQ(parsed.options.instance.shard, (config::Shard{2, 3}));
  EXPECT_EQ(parsed.options.instance.networks, (config::Networks{false, true}));
  EXPECT_EQ(ParseOptions({"--networks=internal,external"}).options.instance.networks, config::Networks{});
}

TEST(ParseOptionsTest, BadInstanceFlagsAreEachReported) {
  auto parsed = ParseOptions({"--vantage=in side", "--shard=0/2", "--networks=dmz", "--networks=external,"});
  ASSERT_EQ(parsed.errors.size(), 4u);
  EXPECT_EQ(parsed.errors[0], "--vantage may hold only letters, digits, '_', '.' and '-'");
  EXPECT_EQ(parsed.errors[1], "--shard: I must be between 1 and N, got \"0/2\"");
  EXPECT_EQ(parsed.errors[2], "--networks: unknown network \"dmz\"; expected internal or external");
  EXPECT_NE(parsed.errors[3].find("--networks: "), std::string::npos);
  EXPECT_EQ(parsed.options.instance.vantage, std::nullopt);
}

TEST(ParseOptionsTest, SeparateValueIsTakenVerbatimEvenIfItLooksLikeAFlag) {
  auto parsed = ParseOptions({"--config.file", "--once"});
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.options.config_file, "--once");
  EXPECT_FALSE(parsed.options.once);
}

TEST(ParseOptionsTest, Switches) {
  struct Case {
    const char* flag;
    bool Options::*field;
  } cases[] = {
      {"config.check", &Options::config_check},
      {"once", &Options::once},
      {"help", &Options::help},
      {"version", &Options::version},
      {"web.enable-lifecycle", &Options::enable_lifecycle},
  };
  for (const auto& c : cases) {
    std::string flag = std::string("--") + c.flag;
    SCOPED_TRACE(flag);
    auto bare = ParseOptions({flag});
    EXPECT_TRUE(bare.errors.empty());
    EXPECT_TRUE(bare.options.*c.field);
    auto on = ParseOptions({flag + "=true"});
    EXPECT_TRUE(on.errors.empty());
    EXPECT_TRUE(on.options.*c.field);
    auto off = ParseOptions({flag, flag + "=false"});
    EXPECT_TRUE(off.errors.empty());
    EXPECT_FALSE(off.options.*c.field);
    auto bad = ParseOptions({flag + "=yes"});
    EXPECT_EQ(bad.errors, Args{flag + " takes no value"});
  }
}

TEST(ParseOptionsTest, SwitchDoesNotSwallowTheNextArgument) {
  auto parsed = ParseOptions({"--once", "--output", "json"});
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_TRUE(parsed.options.once);
  EXPECT_EQ(parsed.options.output, OutputFormat::kJson);
}

TEST(ParseOptionsTest, ShortHelp) {
  auto parsed = ParseOptions({"-h"});
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_TRUE(parsed.options.help);
}

TEST(ParseOptionsTest, LastValueWins) {
  auto parsed = ParseOptions({"--output=json", "--output", "table"});
  EXPECT_TRUE(parsed.errors.empty());
  EXPECT_EQ(parsed.options.output, OutputFormat::kTable);
}

TEST(ParseOptionsTest, EachBadInputHasItsMessage) {
  struct Case {
    Args args;
    Args errors;
  } cases[] = {
      {{"--nope"}, {"unknown flag '--nope'"}},
      {{"--nope=1"}, {"unknown flag '--nope'"}},
      {{"--"}, {"unknown flag '--'"}},
      {{"-once"}, {"unexpected argument '-once'"}},
      {{"config.yml"}, {"unexpected argument 'config.yml'"}},
      {{"--config.file"}, {"--config.file needs a value"}},
      {{"--web.listen-address"}, {"--web.listen-address needs a value"}},
      {{"--output=xml"}, {"--output must be table, wide or json, not 'xml'"}},
      {{"--output", "JSON"}, {"--output must be table, wide or json, not 'JSON'"}},
      {{"--output="}, {"--output must be table, wide or json, not ''"}},
      {{"--log.level=trace"}, {"--log.level must be debug, info, warn or error, not 'trace'"}},
      {{"--log.format", "text"}, {"--log.format must be logfmt or json, not 'text'"}},
      {{"--once=1"}, {"--once takes no value"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.args.front());
    EXPECT_EQ(ParseOptions(c.args).errors, c.errors);
  }
}

TEST(ParseOptionsTest, BadValueLeavesTheDefault) {
  auto parsed = ParseOptions({"--output=xml", "--log.level=trace", "--log.format=text"});
  EXPECT_EQ(parsed.errors.size(), 3u);
  EXPECT_EQ(parsed.options.output, OutputFormat::kTable);
  EXPECT_EQ(parsed.options.log_level, LogLevel::kInfo);
  EXPECT_EQ(parsed.options.log_format, LogFormat::kLogfmt);
}

TEST(ParseOptionsTest, AllErrorsAtOnceAndGoodFlagsStillApplied) {
  auto parsed =
      ParseOptions({"--output=xml", "--bogus", "--once", "--log.level", "loud", "stray", "--log.format=yaml",
                    "--config.file=/tmp/c.yml", "--help=maybe", "--web.listen-address"});
  EXPECT_EQ(parsed.errors, (Args{
                               "--output must be table, wide or json, not 'xml'",
                               "unknown flag '--bogus'",
                               "--log.level must be debug, info, warn or error, not 'loud'",
                               "unexpected argument 'stray'",
                               "--log.format must be logfmt or json, not 'yaml'",
                               "--help takes no value",
                               "--web.listen-address needs a value",
                           }));
  EXPECT_TRUE(parsed.options.once);
  EXPECT_EQ(parsed.options.config_file, "/tmp/c.yml");
}

TEST(ParseOptionsTest, TargetIsRepeatableAndOnlyForOnce) {
  auto parsed = ParseOptions({"--once", "--target=contoso", "--target", "edge-sip"});
  EXPECT_TRUE(parsed.errors.empty()) << ::testing::PrintToString(parsed.errors);
  EXPECT_EQ(parsed.options.once_targets, (std::vector<std::string>{"contoso", "edge-sip"}));
  auto alone = ParseOptions({"--target=contoso"});
  EXPECT_EQ(alone.errors, std::vector<std::string>{"--target only applies to --once"});
}

TEST(UsageTextTest, MentionsEveryFlag) {
  std::string usage = UsageText();
  for (const char* flag : {"--config.file", "--config.check", "--web.listen-address", "--once", "--output",
                           "--target", "--log.level", "--log.format", "--version", "--help"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace lde::app
