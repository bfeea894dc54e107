// ProbeLog keeps fields, and the log writer quotes them: a detail the server
// chose (quotes, '=', newlines) cannot add a field or a line, neither in the
// daemon log nor in the lines kept for /status.
#include "probe/probe_log.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "support/metrics_text/manual_clock.h"

namespace lde::probe {
namespace {

// A detail crafted to end the quoted value, add fields and start a line.
const std::string kForged = "bad\" reason=ok step=none\nts=0 level=info msg=\"forged";

class ProbeLogTest : public ::testing::Test {
 protected:
  ProbeLogTest() : logger_(out_, LogLevel::kDebug, LogFormat::kLogfmt, clock_) { env_.log = &logger_; }

  testsupport::ManualClock clock_;
  std::ostringstream out_;
  Logger logger_;
  ProbeEnv env_;
  model::ProbeResult result_;
};

TEST_F(ProbeLogTest, FailureDetailIsQuotedAndEscaped) {
  ProbeLog log(result_);
  log.Failure(env_, "contoso", {model::Step::kTls, model::Reason::kTlsHandshake, kForged}, "192.0.2.1");
  ASSERT_EQ(result_.log.size(), 1u);
  EXPECT_EQ(result_.log[0],
            "step=tls reason=tls_handshake address=192.0.2.1 "
            "detail=\"bad\\\" reason=ok step=none\\nts=0 level=info msg=\\\"forged\"");
  const std::string written = out_.str();
  EXPECT_EQ(written.find('\n'), written.size() - 1) << written;  // one line
  EXPECT_NE(written.find(" target=contoso step=tls reason=tls_handshake address=192.0.2.1 detail=\"bad\\\""),
            std::string::npos)
      << written;
}

TEST_F(ProbeLogTest, PlainValuesStayBare) {
  ProbeLog log(result_);
  log.Failure(env_, "contoso", {model::Step::kDns, model::Reason::kNxdomain, "no such name"});
  ASSERT_EQ(result_.log.size(), 1u);
  EXPECT_EQ(result_.log[0], "step=dns reason=nxdomain detail=\"no such name\"");
  log.Failure(env_, "contoso", {model::Step::kDns, model::Reason::kTimeout, "timeout"});
  EXPECT_EQ(result_.log[1], "step=dns reason=timeout detail=timeout");
}

TEST_F(ProbeLogTest, FanOutLineEscapesTheFirstDetail) {
  model::DnsOutcome dns;
  dns.host = "lync.contoso.test";
  dns.addresses_skipped = 2;
  std::vector<model::EndpointReport> endpoints(2);
  endpoints[0].endpoint.address = "192.0.2.1";
  endpoints[0].failure = model::StepFailure{model::Step::kTls, model::Reason::kTlsHandshake, "a\r\nb=c"};
  endpoints[1].endpoint.address = "192.0.2.2";
  ProbeLog log(result_);
  log.FanOut(env_, "contoso", dns, endpoints);
  ASSERT_EQ(result_.log.size(), 1u);
  EXPECT_EQ(result_.log[0],
            "step=tls reason=tls_handshake address=192.0.2.1 detail=\"a\\r\\nb=c\" endpoints_failed=1/2 "
            "reasons=tls_handshake:1 addresses_skipped=2");
}

TEST_F(ProbeLogTest, NoteKeepsItsFieldsAndLogsTheEvent) {
  ProbeLog log(result_);
  log.Note(env_, "contoso", "profile not ready", {{"profile", "teams"}, {"detail", "x\"y"}});
  ASSERT_EQ(result_.log.size(), 1u);
  EXPECT_EQ(result_.log[0], "profile=teams detail=\"x\\\"y\"");
  EXPECT_NE(out_.str().find("level=debug msg=\"profile not ready\" target=contoso profile=teams"),
            std::string::npos)
      << out_.str();
}

// The closing line is made when the log is shown, after the kept lines;
// the result holds only those.
TEST_F(ProbeLogTest, ShownLogEndsWithTheClosingLine) {
  result_.success = true;
  result_.duration = std::chrono::milliseconds(1500);
  EXPECT_EQ(ShownLog(result_), std::vector<std::string>{"probe finished success=true duration=1.500"});
  result_.log = {"step=dns reason=nxdomain"};
  result_.success = false;
  result_.duration = std::chrono::microseconds(2);
  EXPECT_EQ(ShownLog(result_), (std::vector<std::string>{"step=dns reason=nxdomain",
                                                         "probe finished success=false duration=0.000"}));
  EXPECT_EQ(result_.log.size(), 1u);
}

// The one info line per failed probe: what failed, where and why, in fields.
class ProbeFinishedTest : public ::testing::Test {
 protected:
  std::string Logged(const model::ProbeResult& result, LogFormat format = LogFormat::kLogfmt) {
    std::ostringstream out;
    Logger logger(out, LogLevel::kInfo, format, clock_);
    LogProbeFinished(logger, result);
    return out.str();
  }
  testsupport::ManualClock clock_;
};

model::EndpointReport Failed(const std::string& host, const std::string& address, model::Reason reason) {
  model::EndpointReport e;
  e.endpoint = model::Endpoint{host, address, 443};
  e.failure =
      model::StepFailure{model::Step::kCertificate, reason, "policy default: leaf is signed with sha1"};
  return e;
}

TEST_F(ProbeFinishedTest, ASuccessIsNotAnInfoLine) {
  model::ProbeResult result;
  result.target = "web";
  result.success = true;
  EXPECT_EQ(Logged(result), "");
}

TEST_F(ProbeFinishedTest, APlainTargetNamesItsFirstFailedEndpoint) {
  model::ProbeResult result;
  result.target = "web";
  result.endpoints.resize(1);
  result.endpoints[0].endpoint = model::Endpoint{"www.example.test", "192.0.2.1", 443};
  result.endpoints.push_back(Failed("www.example.test", "192.0.2.2", model::Reason::kWeakSignature));
  result.endpoints.push_back(Failed("www.example.test", "192.0.2.3", model::Reason::kExpired));
  const std::string line = Logged(result);
  EXPECT_NE(
      line.find("level=info msg=\"probe finished\" target=web success=false duration_seconds=0.000 "
                "endpoint=www.example.test:443 address=192.0.2.2 step=certificate reason=weak_signature "
                "detail=\"policy default: leaf is signed with sha1\" endpoints_failed=2/3\n"),
      std::string::npos)
      << line;
}

TEST_F(ProbeFinishedTest, ADeploymentNamesItsFirstProfileThatWouldNotSignIn) {
  model::ProbeResult result;
  result.target = "contoso";
  model::NetworkReport internal;
  internal.network = model::Network::kInternal;
  internal.verdicts = {
      {"managed", true, std::nullopt},
      {"unmanaged", false,
       model::StepFailure{model::Step::kDiscoveryTls, model::Reason::kUnknownIssuer,
                          "lyncdiscoverinternal.contoso.test: public: unable to get issuer"}}};
  model::NetworkReport external;
  external.network = model::Network::kExternal;
  external.verdicts = {
      {"managed", false, model::StepFailure{model::Step::kWebTls, model::Reason::kExpired, "x"}},
      {"unmanaged", true, std::nullopt}};
  result.networks = {internal, external};
  const std::string line = Logged(result);
  EXPECT_NE(
      line.find("target=contoso success=false duration_seconds=0.000 network=internal profile=unmanaged "
                "step=discovery_tls reason=unknown_issuer "
                "detail=\"lyncdiscoverinternal.contoso.test: public: unable to get issuer\" not_ready=2/4"),
      std::string::npos)
      << line;
}

TEST_F(ProbeFinishedTest, ATargetLevelFailureComesFirstAndJsonCarriesTheSameFields) {
  model::ProbeResult result;
  result.target = "gone";
  result.failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "no such \"name\""};
  EXPECT_NE(Logged(result).find("step=dns reason=nxdomain detail=\"no such \\\"name\\\"\""),
            std::string::npos)
      << Logged(result);
  const std::string json = Logged(result, LogFormat::kJson);
  EXPECT_NE(json.find("\"msg\":\"probe finished\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"step\":\"dns\",\"reason\":\"nxdomain\",\"detail\":\"no such \\\"name\\\"\""),
            std::string::npos)
      << json;
  EXPECT_EQ(json.find('\n'), json.size() - 1) << json;
}

}  // namespace
}  // namespace lde::probe
