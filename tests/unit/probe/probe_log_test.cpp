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

TEST_F(ProbeLogTest, DoneLine) {
  result_.success = true;
  result_.duration = std::chrono::milliseconds(1500);
  ProbeLog log(result_);
  log.Done(result_);
  ASSERT_EQ(result_.log.size(), 1u);
  EXPECT_EQ(result_.log[0], "probe finished success=true duration=1.500");
}

}  // namespace
}  // namespace lde::probe
