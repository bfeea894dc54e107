// The Alertmanager example (packaging/prometheus/alertmanager.yml) fed with
// what the rules really produce: for each "paging:" case of alerts_test.yml,
// the alerts promtool shows firing at its last check (the case's ALERTS count
// proves the list complete) go to a real Alertmanager running the shipped
// config on 127.0.0.1:0; the test reads back its groups and which alerts are
// inhibited, and so what would page. Also amtool's routing of representative
// alerts.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "alert_rules_check.h"
#include "support/daemon/daemon_process.h"

#ifndef LDE_ALERTMANAGER_YML
#error "LDE_ALERTMANAGER_YML must name packaging/prometheus/alertmanager.yml"
#endif
#ifndef LDE_ALERTS_TEST_YML
#error "LDE_ALERTS_TEST_YML must name packaging/prometheus/alerts_test.yml"
#endif
#ifndef LDE_ALERTMANAGER_BIN
#define LDE_ALERTMANAGER_BIN "/usr/bin/prometheus-alertmanager"
#endif
#ifndef LDE_AMTOOL
#define LDE_AMTOOL "/usr/bin/amtool"
#endif

namespace lde::packaging {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;
using Labels = std::map<std::string, std::string>;
using std::chrono::milliseconds;
using std::chrono::seconds;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One Alertmanager process with the shipped config and its own storage.
class Alertmanager {
 public:
  Alertmanager() {
    std::array<char, 64> dir{};
    const std::string pattern = (std::filesystem::temp_directory_path() / "lde-am.XXXXXX").string();
    std::copy(pattern.begin(), pattern.end(), dir.begin());
    if (::mkdtemp(dir.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = dir.data();
    process_ = std::make_unique<testing::DaemonProcess>(std::vector<std::string>{
        LDE_ALERTMANAGER_BIN, std::string("--config.file=") + LDE_ALERTMANAGER_YML, "--storage.path=" + dir_,
        "--web.listen-address=127.0.0.1:0", "--cluster.listen-address=", "--log.level=info"});
    static const std::regex kListening(R"(Listening on\"? address=127\.0\.0\.1:([0-9]+))");
    const auto line = process_->WaitForLine(kListening, seconds(20));
    std::smatch m;
    if (line && std::regex_search(*line, m, kListening))
      port_ = static_cast<std::uint16_t>(std::stoi(m[1].str()));
  }
  ~Alertmanager() {
    process_->Signal(SIGTERM);
    process_->WaitForExit(seconds(10));
    std::filesystem::remove_all(dir_);
  }
  Alertmanager(const Alertmanager&) = delete;
  Alertmanager& operator=(const Alertmanager&) = delete;

  std::uint16_t port() const { return port_; }
  std::string Log() const { return process_->Stderr(); }

  // POST /api/v2/alerts; returns the HTTP status.
  int Post(const std::vector<Labels>& alerts) const {
    Poco::JSON::Array body;
    for (const Labels& labels : alerts) {
      Poco::JSON::Object::Ptr alert = new Poco::JSON::Object;
      Poco::JSON::Object::Ptr label_object = new Poco::JSON::Object;
      for (const auto& [name, value] : labels) label_object->set(name, value);
      alert->set("labels", label_object);
      body.add(alert);
    }
    std::ostringstream text;
    body.stringify(text);
    Poco::Net::HTTPClientSession session("127.0.0.1", port_);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request("POST", "/api/v2/alerts", Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(text.str().size()));
    session.sendRequest(request) << text.str();
    Poco::Net::HTTPResponse response;
    std::string ignored;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), ignored);
    return static_cast<int>(response.getStatus());
  }

  // What Alertmanager would notify: one line per alert, "receiver
  // {group labels}: alertname" for active ones, "suppressed: alertname" for
  // inhibited ones; sorted.
  std::vector<std::string> Groups() const {
    const testing::HttpReply reply = testing::HttpCall(port_, "GET", "/api/v2/alerts/groups");
    std::vector<std::string> lines;
    const Poco::JSON::Array::Ptr groups =
        Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Array::Ptr>();
    for (std::size_t i = 0; i < groups->size(); ++i) {
      const Poco::JSON::Object::Ptr group = groups->getObject(static_cast<unsigned>(i));
      const std::string receiver = group->getObject("receiver")->getValue<std::string>("name");
      std::string group_labels;
      const Poco::JSON::Object::Ptr labels = group->getObject("labels");
      std::vector<std::string> names;
      labels->getNames(names);
      std::sort(names.begin(), names.end());
      for (const std::string& name : names) {
        group_labels += (group_labels.empty() ? "" : ",") + name + "=" + labels->getValue<std::string>(name);
      }
      const Poco::JSON::Array::Ptr alerts = group->getArray("alerts");
      for (std::size_t j = 0; j < alerts->size(); ++j) {
        const Poco::JSON::Object::Ptr alert = alerts->getObject(static_cast<unsigned>(j));
        const std::string name = alert->getObject("labels")->getValue<std::string>("alertname");
        const std::string state = alert->getObject("status")->getValue<std::string>("state");
        lines.push_back(state == "active" ? receiver + " {" + group_labels + "}: " + name
                                          : state + ": " + name);
      }
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  // Groups() once all `count` alerts are in and two reads 100 ms apart agree
  // (the inhibitor learns of source alerts asynchronously); the last read
  // after 10 s otherwise.
  std::vector<std::string> SettledGroups(std::size_t count) const {
    const auto deadline = std::chrono::steady_clock::now() + seconds(10);
    std::vector<std::string> previous;
    for (;;) {
      std::vector<std::string> current = Groups();
      if ((current.size() == count && current == previous) || std::chrono::steady_clock::now() > deadline) {
        return current;
      }
      previous = std::move(current);
      std::this_thread::sleep_for(milliseconds(100));
    }
  }

 private:
  std::string dir_;
  std::unique_ptr<testing::DaemonProcess> process_;
  std::uint16_t port_ = 0;
};

// The alerts a "paging:" case of alerts_test.yml has firing at its last check.
std::vector<Labels> FiringIn(const std::string& case_name) {
  const RuleTests tests = LoadRuleTests(ReadFile(LDE_ALERTS_TEST_YML));
  EXPECT_THAT(tests.problems, IsEmpty());
  for (const RuleTest& test : tests.tests) {
    if (test.name != case_name) continue;
    std::vector<Labels> alerts;
    for (const ExpectedAlert& expected : FiringAtLastCheck(test)) {
      Labels labels = expected.labels;
      labels["alertname"] = expected.alertname;
      alerts.push_back(labels);
    }
    // The case counts every firing alert with ALERTS, so the list is all
    // Prometheus would send, not a selection.
    const auto count = std::find_if(test.expr_checks.begin(), test.expr_checks.end(), [](const ExprCheck& c) {
      return c.expr == R"(count(ALERTS{alertstate="firing"}))";
    });
    EXPECT_NE(count, test.expr_checks.end()) << case_name << " does not count its firing alerts";
    if (count != test.expr_checks.end() && !count->samples.empty()) {
      EXPECT_EQ(static_cast<double>(alerts.size()), count->samples[0].second) << case_name;
    }
    return alerts;
  }
  ADD_FAILURE() << "no test case named " << case_name << " in alerts_test.yml";
  return {};
}

std::vector<std::string> Paged(const std::vector<Labels>& alerts) {
  Alertmanager am;
  EXPECT_NE(am.port(), 0) << am.Log();
  if (am.port() == 0) return {};
  EXPECT_EQ(am.Post(alerts), 200) << am.Log();
  return am.SettledGroups(alerts.size());
}

constexpr char kPager[] = "lync-pager";

TEST(AlertmanagerExample, AnExpiredCertificateOnADeploymentPagesOncePerEndpoint) {
  const std::vector<Labels> firing = FiringIn(
      "paging: one expired certificate on a Lync deployment gives 7 critical alerts, 3 of them certificate "
      "alerts");
  ASSERT_EQ(firing.size(), 10u);
  const std::string group_1 = "{endpoint=lyncdiscover.expired.lab.test:9443,target=expired.lab.test}";
  const std::string group_2 = "{endpoint=webext.expired.lab.test:9443,target=expired.lab.test}";
  // Two notifications to the pager (one per endpoint, webext seen from both
  // networks in one); sign-in and expiry alerts inhibited; no ticket.
  EXPECT_THAT(Paged(firing), ElementsAre(std::string(kPager) + " " + group_1 + ": LyncdiscoverChainUntrusted",
                                         std::string(kPager) + " " + group_2 + ": LyncdiscoverChainUntrusted",
                                         std::string(kPager) + " " + group_2 + ": LyncdiscoverChainUntrusted",
                                         "suppressed: LyncdiscoverCertificateExpiringSoon",
                                         "suppressed: LyncdiscoverCertificateExpiringSoon",
                                         "suppressed: LyncdiscoverCertificateExpiringSoon",
                                         "suppressed: LyncdiscoverMobileSigninNotReady",
                                         "suppressed: LyncdiscoverMobileSigninNotReady",
                                         "suppressed: LyncdiscoverMobileSigninNotReady",
                                         "suppressed: LyncdiscoverMobileSigninNotReady"));
}

TEST(AlertmanagerExample, AnExpiredCertificateBehindTwoAddressesPagesOnce) {
  const std::vector<Labels> firing =
      FiringIn("paging: an expired certificate on a plain target behind two addresses");
  ASSERT_EQ(firing.size(), 6u);
  const std::string group = std::string(kPager) + " {endpoint=portal.contoso.com:443,target=portal}: ";
  EXPECT_THAT(Paged(firing),
              ElementsAre(group + "LyncdiscoverChainUntrusted", group + "LyncdiscoverChainUntrusted",
                          "suppressed: LyncdiscoverCertificateExpiringSoon",
                          "suppressed: LyncdiscoverCertificateExpiringSoon",
                          "suppressed: LyncdiscoverProbeFailing", "suppressed: LyncdiscoverProbeFailing"));
}

// Inhibition is by reason and network: a chain that only the enterprise
// store trusts raises no certificate alert, so the phones that fail page.
TEST(AlertmanagerExample, TheLync54CasePagesForThePhones) {
  const std::vector<Labels> firing = FiringIn("paging: the 5.4 case pages for the phones that fail");
  EXPECT_THAT(Paged(firing),
              ElementsAre(std::string(kPager) +
                          " {target=enterprise-fe.lab.test}: LyncdiscoverMobileSigninNotReady"));
}

TEST(AlertmanagerExample, AStuckSchedulerPagesOnceForItsExporter) {
  const std::vector<Labels> firing = FiringIn("paging: a stuck scheduler pages once for its exporter");
  EXPECT_THAT(Paged(firing),
              ElementsAre(std::string(kPager) +
                              " {instance=mon:9863,job=lyncdiscover}: LyncdiscoverExporterNoResults",
                          "suppressed: LyncdiscoverProbeStale", "suppressed: LyncdiscoverProbeStale"));
}

TEST(AlertmanagerExample, AKilledExporterPages) {
  const std::vector<Labels> firing = FiringIn("paging: one of two exporters killed pages for that one only");
  EXPECT_THAT(
      Paged(firing),
      ElementsAre(std::string(kPager) + " {instance=mon-a:9863,job=lyncdiscover}: LyncdiscoverExporterDown"));
}

// Alerts of a dead exporter that have not resolved yet (Prometheus resolves
// them at its next evaluation) are inhibited; the other exporter's are not.
TEST(AlertmanagerExample, ADownExporterInhibitsEverythingFromItsInstanceOnly) {
  const Labels a = {{"job", "lyncdiscover"}, {"instance", "mon-a:9863"}};
  const Labels b = {{"job", "lyncdiscover"}, {"instance", "mon-b:9863"}};
  auto with = [](Labels labels, const Labels& more) {
    labels.insert(more.begin(), more.end());
    return labels;
  };
  const Labels untrusted = {{"alertname", "LyncdiscoverChainUntrusted"},
                            {"severity", "critical"},
                            {"target", "t"},
                            {"endpoint", "t.example:443"},
                            {"address", "192.0.2.1"}};
  const std::vector<Labels> firing = {
      with(a, {{"alertname", "LyncdiscoverExporterDown"}, {"severity", "critical"}}),
      with(a, untrusted),
      with(a, {{"alertname", "LyncdiscoverProbeStale"}, {"severity", "warning"}, {"target", "t"}}),
      with(b, untrusted),
  };
  EXPECT_THAT(Paged(firing),
              UnorderedElementsAre(
                  std::string(kPager) + " {endpoint=t.example:443,target=t}: LyncdiscoverChainUntrusted",
                  std::string(kPager) + " {instance=mon-a:9863,job=lyncdiscover}: LyncdiscoverExporterDown",
                  "suppressed: LyncdiscoverChainUntrusted", "suppressed: LyncdiscoverProbeStale"));
}

// Vantages (--vantage): the 5.4 case seen from inside only pages once, for
// the deployment; an outside exporter that dies or vanishes pages for
// itself; a lone exporter gone with its job pages once, as absent.
TEST(AlertmanagerExample, AFailureSeenFromOneVantagePagesOnceForTheDeployment) {
  const std::vector<Labels> firing =
      FiringIn("paging: the 5.4 case seen from inside only pages once, naming the vantage");
  ASSERT_EQ(firing.size(), 1u);
  EXPECT_EQ(firing[0].at("vantage"), "inside");
  EXPECT_THAT(Paged(firing),
              ElementsAre(std::string(kPager) +
                          " {target=enterprise-fe.lab.test}: LyncdiscoverMobileSigninNotReady"));
}

TEST(AlertmanagerExample, TheOutsideExporterDownOrVanishedPagesForItself) {
  EXPECT_THAT(
      Paged(FiringIn("paging: the outside exporter down while the inside one is up pages for it, naming its "
                     "vantage and what goes unwatched")),
      ElementsAre(std::string(kPager) +
                  " {instance=mon-out:9863,job=lyncdiscover}: LyncdiscoverExporterDown"));
  EXPECT_THAT(
      Paged(FiringIn("paging: an outside exporter no longer scraped pages once its targets are unwatched, a "
                     "replaced one does not")),
      ElementsAre(std::string(kPager) +
                  " {instance=mon-out:9863,job=lyncdiscover}: LyncdiscoverExporterVanished"));
  EXPECT_THAT(Paged(FiringIn("paging: a lone exporter gone with its job pages once, as absent, naming it")),
              ElementsAre(std::string(kPager) + " {}: LyncdiscoverExporterAbsent"));
}

// Two vantages behind one instance label (a federated view): the inside
// path's untrusted chain silences the inside sign-in alert it explains, not
// the outside one (whose chain is trusted; it fails for another reason).
TEST(AlertmanagerExample, ACertificateAlertSilencesOnlyItsOwnVantage) {
  const Labels common = {{"job", "lyncdiscover"},
                         {"instance", "localhost:9863"},
                         {"target", "contoso.com"},
                         {"network", "external"}};
  auto with = [&](const Labels& more) {
    Labels labels = common;
    labels.insert(more.begin(), more.end());
    return labels;
  };
  const std::vector<Labels> firing = {
      with({{"alertname", "LyncdiscoverChainUntrusted"},
            {"severity", "critical"},
            {"vantage", "inside"},
            {"endpoint", "lyncdiscover.contoso.com:443"},
            {"address", "192.0.2.10"},
            {"role", "discovery_external"}}),
      with({{"alertname", "LyncdiscoverMobileSigninNotReady"},
            {"severity", "critical"},
            {"vantage", "inside"},
            {"profile", "unmanaged"},
            {"step", "discovery_tls"},
            {"reason", "unknown_issuer"}}),
      with({{"alertname", "LyncdiscoverMobileSigninNotReady"},
            {"severity", "critical"},
            {"vantage", "outside"},
            {"profile", "unmanaged"},
            {"step", "discovery_tls"},
            {"reason", "unknown_issuer"}}),
  };
  EXPECT_THAT(Paged(firing),
              UnorderedElementsAre(
                  std::string(kPager) + " {endpoint=lyncdiscover.contoso.com:443,target=contoso.com}: "
                                        "LyncdiscoverChainUntrusted",
                  std::string(kPager) + " {target=contoso.com}: LyncdiscoverMobileSigninNotReady",
                  "suppressed: LyncdiscoverMobileSigninNotReady"));
}

// amtool config routes test: which receiver each kind of alert reaches.
TEST(AlertmanagerExample, RoutesCriticalToThePagerAndWarningsToTickets) {
  struct Route {
    std::vector<std::string> labels;
    std::string receiver;
  };
  const std::vector<Route> routes = {
      {{"alertname=LyncdiscoverChainUntrusted", "severity=critical", "target=t", "endpoint=e:443"}, kPager},
      {{"alertname=LyncdiscoverMobileSigninNotReady", "severity=critical", "target=t"}, kPager},
      {{"alertname=LyncdiscoverCertificateExpiringSoon", "severity=warning", "target=t"}, "lync-tickets"},
      {{"alertname=LyncdiscoverExporterDown", "severity=critical", "job=lyncdiscover", "instance=a"}, kPager},
      {{"alertname=LyncdiscoverExporterVanished", "severity=critical", "job=lyncdiscover", "instance=a",
        "vantage=outside"},
       kPager},
      {{"alertname=LyncdiscoverExporterJobNotMatched", "severity=warning"}, "lync-tickets"},
      {{"alertname=NodeDown", "severity=critical"}, "default"},
  };
  for (const Route& route : routes) {
    SCOPED_TRACE(route.labels[0]);
    for (const std::string& receiver : {route.receiver, std::string("no-such-receiver")}) {
      std::vector<std::string> args = {LDE_AMTOOL,
                                       "config",
                                       "routes",
                                       "test",
                                       std::string("--config.file=") + LDE_ALERTMANAGER_YML,
                                       "--verify.receivers=" + receiver};
      args.insert(args.end(), route.labels.begin(), route.labels.end());
      const testing::CommandResult result = testing::RunCommand(args, seconds(30));
      // amtool fails when the alert reaches another receiver: shown with a
      // receiver that does not exist.
      EXPECT_EQ(result.exit_code == 0, receiver == route.receiver) << result.out << result.err;
    }
  }
}

}  // namespace
}  // namespace lde::packaging
