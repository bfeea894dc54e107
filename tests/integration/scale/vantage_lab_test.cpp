// Inside and outside vantage points on the lab (lab/lab.sh: nginx and two
// dnsmasq views on 127.0.0.0/8), through a real Prometheus (Debian's
// package): an "inside" exporter (--vantage=inside, both networks) and an
// "outside" one (--vantage=outside --networks=external) on the lab's config,
// one Prometheus scraping both, and a second one federating from it as the
// global view. One PromQL query, "inside fails, outside works", must find
// exactly the Lync mobile 5.4 case (enterprise-fe: the Front End's
// enterprise-CA certificate, which an unmanaged phone does not trust), and
// the opposite query exactly the scenarios broken only from outside.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "integration/scale/exporter_instance.h"
#include "support/lab/lab_fixture.h"
#include "support/prometheus/prometheus_server.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;

constexpr char kJob[] = "lyncdiscover";
constexpr auto kWait = seconds(90);

// Every lab scenario but `stall` (its timeouts would only slow the test),
// with the readiness each vantage sees (lab/README.md, "Scenarios").
const std::vector<std::string> kScenarios = {"healthy",      "enterprise-fe",  "rp-missing-intermediate",
                                             "expired",      "rp-san-missing", "no-internal-dns",
                                             "redirect-loop"};
constexpr int kProfiles = 3;  // unmanaged, managed, legacy-5.3 in the lab's config

// The README's query: an unmanaged phone inside cannot sign in, the same
// profile outside can.
constexpr char kInsideFailsOutsideWorks[] =
    "lyncdiscover_mobile_signin_ready{vantage=\"inside\", network=\"internal\", profile=\"unmanaged\"} == 0\n"
    "  and on (target, profile)\n"
    "lyncdiscover_mobile_signin_ready{vantage=\"outside\", network=\"external\"} == 1";
constexpr char kOutsideFailsInsideWorks[] =
    "lyncdiscover_mobile_signin_ready{vantage=\"outside\", network=\"external\", profile=\"unmanaged\"} == "
    "0\n"
    "  and on (target, profile)\n"
    "lyncdiscover_mobile_signin_ready{vantage=\"inside\", network=\"internal\"} == 1";

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

std::set<std::string> Targets(const std::vector<PromSample>& samples) {
  std::set<std::string> out;
  for (const auto& s : samples) out.insert(s.Label("target"));
  return out;
}

// A directory of the test's own (Prometheus' data, the config copy).
class TempDir {
 public:
  TempDir() {
    char tmpl[] = "/tmp/lde-vantage-XXXXXX";
    if (mkdtemp(tmpl) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The lab's config with a 5 s interval instead of 30 s: first probes are
// spread over the interval, so every deployment has results within seconds.
std::string CopyWithShortInterval(const std::string& from, const std::string& to) {
  std::ifstream in(from);
  std::stringstream text;
  text << in.rdbuf();
  std::string config = text.str();
  const std::string interval = "interval: 30s";
  const std::size_t at = config.find(interval);
  if (at == std::string::npos) return "";
  config.replace(at, interval.size(), "interval: 5s");
  std::ofstream(to) << config;
  return to;
}

// `global_extra`: more keys under global (the site's external_labels).
std::string ScrapeConfig(const std::string& jobs, const std::string& global_extra = "") {
  return "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n" + global_extra + "scrape_configs:\n" + jobs;
}

// Inside: both networks. Outside: the external one. One job for both; the
// vantage label comes from the exporters and nothing here sets one.
std::string ExportersJob(const ExporterInstance& inside, const ExporterInstance& outside) {
  return "  - job_name: " + std::string(kJob) +
         "\n"
         "    static_configs:\n"
         "      - targets: ['" +
         inside.address() + "', '" + outside.address() + "']\n";
}

// The global view (the README's job): the site Prometheus' lyncdiscover_*
// series and its probe_* and up of the exporters' jobs, with their labels
// (job, instance, vantage) kept as they are.
std::string FederationJob(std::uint16_t site_port) {
  return "  - job_name: federate-lyncdiscover\n"
         "    honor_labels: true\n"
         "    metrics_path: /federate\n"
         "    params:\n"
         "      'match[]':\n"
         "        - '{__name__=~\"lyncdiscover_.*\"}'\n"
         "        - '{__name__=~\"probe_.*\", job=~\"lyncdiscover.*\"}'\n"
         "        - 'up{job=~\"lyncdiscover.*\"}'\n"
         "    static_configs:\n"
         "      - targets: ['127.0.0.1:" +
         std::to_string(site_port) + "']\n";
}

// Waits until `prometheus` holds every deployment's readiness from both
// vantages (at least; the test then checks for exactly).
PrometheusServer::Waited WaitForReadiness(const PrometheusServer& prometheus) {
  const double deployments = static_cast<double>(kScenarios.size());
  return prometheus.WaitFor(
      "count by (vantage) (lyncdiscover_mobile_signin_ready)",
      [&](const std::vector<PromSample>& samples) {
        std::map<std::string, double> per_vantage;
        for (const auto& s : samples) per_vantage[s.Label("vantage")] = s.value;
        return per_vantage["inside"] >= deployments * 2 * kProfiles &&
               per_vantage["outside"] >= deployments * kProfiles;
      },
      kWait);
}

TEST(VantageLabTest, InsideFailsOutsideWorksFindsExactlyTheEnterpriseFrontEnd) {
  LabFixture lab;
  LabFixture::Spec spec;
  spec.scenarios = Join(kScenarios);
  spec.dir = LDE_LAB_DIR;
  spec.start_daemon = false;
  ASSERT_EQ(lab.Start(spec), "");
  TempDir site_dir, global_dir;
  ASSERT_FALSE(site_dir.path().empty() || global_dir.path().empty());
  const std::string config = CopyWithShortInterval(lab.config_file(), site_dir.path() + "/exporter.yml");
  ASSERT_NE(config, "") << "the lab's config no longer has \"interval: 30s\"";

  ExporterInstance inside, outside;
  ASSERT_EQ(inside.Start(config, {"--vantage=inside"}), "");
  ASSERT_EQ(outside.Start(config, {"--vantage=outside", "--networks=external"}), "");
  PrometheusServer site(site_dir.path());
  ASSERT_EQ(site.Start(ScrapeConfig(ExportersJob(inside, outside), "  external_labels: {site: lab}\n")), "");

  auto ready = WaitForReadiness(site);
  ASSERT_TRUE(ready.met) << Describe(ready.last) << site.Describe() << inside.Log() << outside.Log();
  // Exactly: the outside instance walks no internal network.
  EXPECT_EQ(site.FirstValue("count(lyncdiscover_mobile_signin_ready{vantage=\"inside\"})"),
            std::to_string(kScenarios.size() * 2 * kProfiles));
  EXPECT_EQ(site.FirstValue("count(lyncdiscover_mobile_signin_ready{vantage=\"outside\"})"),
            std::to_string(kScenarios.size() * kProfiles));
  EXPECT_EQ(
      site.FirstValue("count(lyncdiscover_mobile_signin_ready{vantage=\"outside\",network=\"internal\"})"),
      std::nullopt);

  // The 5.4 case and nothing else: rp-missing-intermediate and expired fail
  // on both sides, healthy, no-internal-dns, rp-san-missing and
  // redirect-loop work inside.
  auto found = site.Query(kInsideFailsOutsideWorks);
  ASSERT_TRUE(found.ok()) << found.error().detail;
  EXPECT_EQ(Targets(found.value()), std::set<std::string>{LabDomain("enterprise-fe")})
      << Describe(found.value());
  for (const auto& s : found.value()) {
    EXPECT_EQ(s.Label("vantage"), "inside");
    EXPECT_EQ(s.Label("network"), "internal");
    EXPECT_EQ(s.Label("profile"), "unmanaged");
    EXPECT_EQ(s.Label("instance"), inside.address());
  }
  // The other way round: what only the outside sees broken (the reverse
  // proxy's certificate lacks lyncdiscover.<d>; its root redirects in a loop).
  auto opposite = site.Query(kOutsideFailsInsideWorks);
  ASSERT_TRUE(opposite.ok()) << opposite.error().detail;
  EXPECT_EQ(Targets(opposite.value()),
            (std::set<std::string>{LabDomain("rp-san-missing"), LabDomain("redirect-loop")}))
      << Describe(opposite.value());

  // Every series an exporter serves carries its vantage: without one, only
  // the series Prometheus makes itself (up, scrape_*).
  auto unlabelled = site.Query("count by (__name__) ({job=\"" + std::string(kJob) + "\", vantage=\"\"})");
  ASSERT_TRUE(unlabelled.ok()) << unlabelled.error().detail;
  for (const auto& s : unlabelled.value()) {
    const std::string name = s.Label("__name__");
    EXPECT_TRUE(name == "up" || name.rfind("scrape_", 0) == 0) << name << " has no vantage label";
  }
  EXPECT_EQ(site.FirstValue("lyncdiscover_exporter_instance_info{vantage=\"outside\",networks=\"external\"}"),
            "1");
  EXPECT_EQ(site.FirstValue(
                "lyncdiscover_exporter_instance_info{vantage=\"inside\",networks=\"internal,external\"}"),
            "1");
  EXPECT_EQ(
      site.FirstValue("lyncdiscover_exporter_targets{vantage=\"outside\",selection=\"network_excluded\"}"),
      "0");

  // The global view: a second Prometheus federating the lyncdiscover_*
  // series answers the same query the same way.
  PrometheusServer global(global_dir.path());
  ASSERT_EQ(global.Start(ScrapeConfig(FederationJob(site.port()))), "");
  auto federated = WaitForReadiness(global);
  ASSERT_TRUE(federated.met) << Describe(federated.last) << global.Describe();
  auto found_globally = global.Query(kInsideFailsOutsideWorks);
  ASSERT_TRUE(found_globally.ok()) << found_globally.error().detail;
  EXPECT_EQ(Targets(found_globally.value()), std::set<std::string>{LabDomain("enterprise-fe")})
      << Describe(found_globally.value());
  for (const auto& s : found_globally.value()) {
    EXPECT_EQ(s.Label("job"), kJob) << "honor_labels keeps the site's job";
    EXPECT_EQ(s.Label("instance"), inside.address()) << "and its instance";
    EXPECT_EQ(s.Label("site"), "lab") << "the site's external label comes along";
  }
  // The other two match[] selectors: probe_success and up of both exporters.
  auto carried = global.WaitFor(
      "count by (__name__, instance) ({__name__=~\"up|probe_success\", job=\"" + std::string(kJob) + "\"})",
      [](const std::vector<PromSample>& s) { return s.size() == 4; }, kWait);
  EXPECT_TRUE(carried.met) << Describe(carried.last);
}

}  // namespace
}  // namespace lde::testing
