// The /probe pattern split by Prometheus, through a real Prometheus (Debian's
// package): two unsharded exporters with one config, one scrape job per
// exporter that lists every name, hashes it (hashmod of ?target=) and keeps
// its own share. Prometheus' API must show each name probed through exactly
// one job and answered by that job's exporter (its vantage label), the
// exporters' own request counters must match the scrapes their job sent,
// both exporters must have worked, and names added later (exporters reloaded, Prometheus
// reloaded) must land on exactly one job too.

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "integration/scale/exporter_instance.h"
#include "integration/scale/scale_lab.h"
#include "integration/scale/scrape_configs.h"
#include "integration/scale/series_owners.h"
#include "support/prometheus/prometheus_server.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;

constexpr char kProbeJobPrefix[] = "lyncdiscover-probe-";
constexpr char kMetricsJob[] = "lyncdiscover";
constexpr auto kWait = seconds(60);
// The counter check needs a few rounds of /probe scrapes, so that an
// exporter answering another job's names too (about twice its own count)
// stands out from the skew between two scrapes (one round at most).
constexpr int kRounds = 4;

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class ProbeHashmodTest : public ::testing::Test {
 protected:
  ProbeHashmodTest() : lab_(Concat(kDeployments, kNewDeployments)) {}

  std::string Config(const std::vector<std::string>& names) const {
    const std::vector<std::string> both = {exporter_[0].address(), exporter_[1].address()};
    std::vector<std::string> jobs = ProbeJobs(kProbeJobPrefix, names, both);
    jobs.push_back(MetricsJob(kMetricsJob, both));
    return PrometheusConfig(jobs);
  }

  std::string ProbeJob(int index) const { return kProbeJobPrefix + std::to_string(index + 1); }

  // Waits until Prometheus has scraped every /probe target it keeps, each
  // successfully, and returns how many it keeps per job.
  std::map<std::string, int> WaitForProbeTargetsUp(std::size_t names) {
    std::map<std::string, int> per_job;
    const bool up = prometheus_.WaitForTargets(
        [&](const std::vector<PromTarget>& targets) {
          per_job.clear();
          std::size_t kept = 0;
          for (const auto& t : targets) {
            if (t.scrape_pool.rfind(kProbeJobPrefix, 0) != 0) continue;
            if (t.health != "up") return false;
            ++per_job[t.scrape_pool];
            ++kept;
          }
          return kept >= names;
        },
        kWait);
    EXPECT_TRUE(up) << prometheus_.Describe();
    return per_job;
  }

  // Which job each name's probe_success came through, once all `names` are
  // there; each from the exporter its job sends to (by its vantage).
  Owners JobsOnceAllThere(const std::vector<std::string>& names) {
    auto all = prometheus_.WaitFor(
        "group by (target, job, vantage) (probe_success{job=~\"" + std::string(kProbeJobPrefix) + ".*\"})",
        [&](const std::vector<PromSample>& s) { return OwnsAll(OwnersOf(s, "target", "job"), names); },
        kWait);
    EXPECT_TRUE(all.met) << Describe(all.last) << prometheus_.Describe();
    for (const auto& sample : all.last) {
      const std::string job = sample.Label("job");
      EXPECT_EQ(sample.Label("vantage"), "exporter-" + job.substr(job.size() - 1))
          << sample.Label("target") << " went through " << job << " to the wrong exporter";
    }
    return OwnersOf(all.last, "target", "job");
  }

  const ScaleNames names_;
  const std::vector<std::string>& kTargets = names_.targets;
  const std::vector<std::string>& kDeployments = names_.deployments;
  const std::vector<std::string>& kNewTargets = names_.new_targets;
  const std::vector<std::string>& kNewDeployments = names_.new_deployments;

  ScaleLab lab_;
  ExporterInstance exporter_[2];
  PrometheusServer prometheus_{lab_.dir()};
};

TEST_F(ProbeHashmodTest, EachNameThroughExactlyOneExporterAndBothWork) {
  // A schedule so long that Prometheus' /probe scrapes do nearly all the work.
  const std::string config = lab_.WriteConfig(kTargets, kDeployments, "1h");
  // Each exporter's vantage names it on every series it answers, so the
  // series themselves say which exporter a job reached.
  ASSERT_EQ(exporter_[0].Start(config, {"--vantage=exporter-1"}), "");
  ASSERT_EQ(exporter_[1].Start(config, {"--vantage=exporter-2"}), "");
  const std::vector<std::string> names = Concat(kTargets, kDeployments);
  ASSERT_EQ(prometheus_.Start(Config(names)), "");

  // Relabelling keeps each name in one job: as many /probe targets as names.
  std::map<std::string, int> per_job = WaitForProbeTargetsUp(names.size());
  EXPECT_EQ(per_job[ProbeJob(0)] + per_job[ProbeJob(1)], static_cast<int>(names.size()));
  EXPECT_GT(per_job[ProbeJob(0)], 0);
  EXPECT_GT(per_job[ProbeJob(1)], 0);

  // And the exporters' answers say the same: each name's series came
  // through exactly one job.
  const Owners before = JobsOnceAllThere(names);
  EXPECT_EQ(OwnershipProblems(before, names), "");

  // Each job reached its own exporter, and only that one: the exporter's
  // count of /probe requests (scraped from its /metrics) matches the scrapes
  // Prometheus sent through that job.
  const std::string scrapes_query =
      "sum by (job) (count_over_time(up{job=~\"" + std::string(kProbeJobPrefix) + ".*\"}[10m]))";
  auto rounds = prometheus_.WaitFor(
      "sum(" + scrapes_query + ")",
      [&](const std::vector<PromSample>& s) {
        return !s.empty() && s[0].value >= static_cast<double>(kRounds * names.size());
      },
      kWait);
  ASSERT_TRUE(rounds.met) << Describe(rounds.last);
  auto scrapes = prometheus_.Query(scrapes_query);
  auto served = prometheus_.Query("sum by (instance) (lyncdiscover_exporter_http_requests_total{job=\"" +
                                  std::string(kMetricsJob) + "\",handler=\"/probe\"})");
  ASSERT_TRUE(scrapes.ok() && served.ok());
  std::map<std::string, double> scrapes_by_job, served_by_instance;
  for (const auto& s : scrapes.value()) scrapes_by_job[s.Label("job")] = s.value;
  for (const auto& s : served.value()) served_by_instance[s.Label("instance")] = s.value;
  for (int i = 0; i < 2; ++i) {
    const double sent = scrapes_by_job[ProbeJob(i)];
    const double answered = served_by_instance[exporter_[i].address()];
    EXPECT_GT(answered, 0) << "exporter " << i + 1 << " did no /probe work";
    // The two figures come from scrapes up to a second apart: one round of
    // this job's targets at most.
    EXPECT_LE(std::abs(answered - sent), per_job[ProbeJob(i)] + 1)
        << "exporter " << i + 1 << " answered " << answered << " /probe requests, its job sent " << sent
        << "\n"
        << Describe(scrapes.value()) << Describe(served.value());
  }

  // More names: the exporters learn them (SIGHUP), then Prometheus (reload).
  const std::vector<std::string> all_names = Concat(names, Concat(kNewTargets, kNewDeployments));
  lab_.WriteConfig(Concat(kTargets, kNewTargets), Concat(kDeployments, kNewDeployments), "1h");
  ASSERT_EQ(exporter_[0].Reload(), "");
  ASSERT_EQ(exporter_[1].Reload(), "");
  ASSERT_EQ(prometheus_.Reload(Config(all_names)), "");
  per_job = WaitForProbeTargetsUp(all_names.size());
  EXPECT_EQ(per_job[ProbeJob(0)] + per_job[ProbeJob(1)], static_cast<int>(all_names.size()));

  const Owners after = JobsOnceAllThere(all_names);
  EXPECT_EQ(OwnershipProblems(after, all_names), "");
  for (const auto& [name, jobs] : before) {
    EXPECT_EQ(after.count(name) ? after.at(name) : std::set<std::string>{}, jobs) << name << " moved";
  }
}

}  // namespace
}  // namespace lde::testing
