// Runs the built binary in --once and --config.check modes against local
// TLS servers: exit codes, the table, the JSON output.

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "integration/core/e2e_fixture.h"
#include "support/daemon/daemon_process.h"

namespace lde::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class OnceTest : public ::testing::Test {
 protected:
  CommandResult Run(std::vector<std::string> args) {
    args.insert(args.begin(), DaemonBinary());
    return RunCommand(args, seconds(60));
  }
  CoreLab lab_;
};

TEST_F(OnceTest, ReportsTrustPerStoreAndTimesOutTheStalledServerWithoutDelayingOthers) {
  std::string config = lab_.WriteFullConfig("full.yml");
  auto start = std::chrono::steady_clock::now();
  auto result = Run({"--once", "--config.file=" + config});
  auto elapsed = std::chrono::steady_clock::now() - start;

  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  // The enterprise chain: trusted by `enterprise`, unknown issuer to `public`.
  EXPECT_TRUE(std::regex_search(
      result.out, std::regex("corp-app .*public=unknown_issuer enterprise=ok +ok +complete +ok")))
      << result.out;
  EXPECT_TRUE(std::regex_search(
      result.out, std::regex("public-web .*public=ok enterprise=unknown_issuer +ok +complete +ok")))
      << result.out;
  EXPECT_TRUE(std::regex_search(result.out, std::regex("stalled .*FAIL tls:timeout"))) << result.out;
  EXPECT_TRUE(std::regex_search(result.out, std::regex("garbage .*FAIL tls:tls_handshake"))) << result.out;
  // Probes run concurrently and the stalled one costs at most its timeout:
  // the whole run stays well under timeout x number of targets.
  EXPECT_LT(elapsed, CoreLab::kTimeout + seconds(3));
}

TEST_F(OnceTest, ExitsZeroWhenEveryProbeSucceeds) {
  auto result = Run({"--once", "--config.file=" + lab_.WriteHealthyConfig("ok.yml")});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("2 probes succeeded, 0 failed"), std::string::npos) << result.out;
}

TEST_F(OnceTest, TargetProbesOnlyTheNamedTargets) {
  std::string config = lab_.WriteFullConfig("full.yml");
  // The stalled and garbage targets are not probed: the run succeeds, fast.
  auto result = Run({"--once", "--config.file=" + config, "--target=corp-app", "--target", "public-web"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_NE(result.out.find("2 probes succeeded, 0 failed"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("stalled"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("garbage"), std::string::npos) << result.out;
}

TEST_F(OnceTest, AnUnknownTargetIsAnErrorNotAnEmptyRun) {
  std::string config = lab_.WriteFullConfig("full.yml");
  auto result = Run({"--once", "--config.file=" + config, "--target=corp-app", "--target=typo"});
  EXPECT_EQ(result.exit_code, 2) << result.out << result.err;
  EXPECT_NE(result.err.find("unknown target"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("target=typo"), std::string::npos) << result.err;
  EXPECT_EQ(result.out, "");
}

TEST_F(OnceTest, TheTableFitsColumnsAndWideKeepsEverything) {
  std::string config = lab_.WriteFullConfig("full.yml");
  auto narrow = RunCommand(
      {"/usr/bin/env", "COLUMNS=100", DaemonBinary(), "--once", "--config.file=" + config}, seconds(60));
  std::istringstream lines(narrow.out);
  for (std::string line; std::getline(lines, line);) EXPECT_LE(line.size(), 100u) << line;
  auto wide = RunCommand(
      {"/usr/bin/env", "COLUMNS=70", DaemonBinary(), "--once", "--output=wide", "--config.file=" + config},
      seconds(60));
  EXPECT_NE(wide.out.find("public=unknown_issuer enterprise=ok"), std::string::npos) << wide.out;
}

TEST_F(OnceTest, JsonOutputCarriesTheSameVerdicts) {
  auto result = Run({"--once", "--output=json", "--config.file=" + lab_.WriteHealthyConfig("ok.yml")});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  Poco::JSON::Parser parser;
  auto root = parser.parse(result.out).extract<Poco::JSON::Object::Ptr>();
  auto results = root->getArray("results");
  ASSERT_EQ(results->size(), 2u);
  auto corp = results->getObject(0);
  EXPECT_EQ(corp->getValue<std::string>("target"), "corp-app");
  EXPECT_TRUE(corp->getValue<bool>("success"));
  auto chain = corp->getArray("endpoints")->getObject(0)->getObject("chain");
  // Revocation evidence: no staple sent, and the test PKI publishes no CRL.
  EXPECT_EQ(chain->getObject("ocsp_staple")->getValue<std::string>("status"), "none");
  ASSERT_EQ(chain->getArray("crl")->size(), 2u);
  EXPECT_EQ(chain->getArray("crl")->getObject(0)->getValue<std::string>("status"), "not_checked");
  auto trust = chain->getArray("trust");
  ASSERT_EQ(trust->size(), 2u);
  EXPECT_EQ(trust->getObject(0)->getValue<std::string>("store"), "public");
  EXPECT_EQ(trust->getObject(0)->getValue<std::string>("reason"), "unknown_issuer");
  EXPECT_EQ(trust->getObject(1)->getValue<std::string>("store"), "enterprise");
  EXPECT_EQ(trust->getObject(1)->getValue<std::string>("reason"), "ok");
}

TEST_F(OnceTest, ConfigurationErrorsExitTwoWithEveryErrorAndItsLine) {
  std::string bad = lab_.WriteFile("bad.yml",
                                   "global: {interval: 1m, timeout: 5s}\n"
                                   "targets:\n"
                                   "  - {name: a, url: \"ftp://x\", trust_stores: [nope]}\n"
                                   "  - {name: b, url: \"tls://h:1\", colour: red}\n");
  auto check = Run({"--config.check", "--config.file=" + bad});
  EXPECT_EQ(check.exit_code, 2);
  EXPECT_NE(check.err.find("bad.yml:3"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("bad.yml:4"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("colour"), std::string::npos) << check.err;

  EXPECT_EQ(Run({"--once", "--config.file=" + bad}).exit_code, 2);
  EXPECT_EQ(Run({"--once", "--config.file=" + lab_.dir() + "/missing.yml"}).exit_code, 2);
  EXPECT_EQ(Run({"--config.check", "--config.file=" + lab_.WriteHealthyConfig("ok.yml")}).exit_code, 0);
}

TEST_F(OnceTest, BadFlagsExitTwo) {
  EXPECT_EQ(Run({"--no-such-flag"}).exit_code, 2);
  EXPECT_EQ(Run({"--output=xml", "--once"}).exit_code, 2);
  auto help = Run({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("--web.listen-address"), std::string::npos);
}

}  // namespace
}  // namespace lde::testing
