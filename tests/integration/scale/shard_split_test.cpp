// --shard=I/N through a real Prometheus (Debian's package): two exporters with
// one config, --shard=1/2 and --shard=2/2, scraped every second. Prometheus'
// API must show every configured name from exactly one instance, both
// instances with a share, the split equal to Prometheus' own hashmod of the
// name, and, after a reload that adds names, every old name still on its
// instance and every new one on exactly one.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "integration/scale/exporter_instance.h"
#include "integration/scale/scale_lab.h"
#include "integration/scale/scrape_configs.h"
#include "integration/scale/series_owners.h"
#include "support/daemon/daemon_process.h"
#include "support/prometheus/prometheus_server.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;

constexpr char kJob[] = "lyncdiscover";
constexpr char kCheckJob[] = "hashmod-check";
constexpr char kInterval[] = "2s";
// A scrape this long after an instance loaded its config carries every
// result of it: first runs are spread over the interval (2 s), and a
// deployment takes at most its timeout per network (2 x 1 s); 1 s more for
// the exporter's whole-second load timestamp.
constexpr int kSettleSeconds = 5;
constexpr auto kWait = seconds(60);

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

int Share(const std::map<std::string, int>& shares, const std::string& instance) {
  auto it = shares.find(instance);
  return it == shares.end() ? 0 : it->second;
}

double UnixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class ShardSplitTest : public ::testing::Test {
 protected:
  ShardSplitTest() : lab_(Concat(kDeployments, kNewDeployments)) {}

  void StartAll(const std::vector<std::string>& targets, const std::vector<std::string>& deployments) {
    const std::string config = lab_.WriteConfig(targets, deployments, kInterval);
    ASSERT_EQ(shard_[0].Start(config, {"--shard=1/2"}), "");
    ASSERT_EQ(shard_[1].Start(config, {"--shard=2/2"}), "");
    const std::vector<std::string> both = {shard_[0].address(), shard_[1].address()};
    ASSERT_EQ(
        prometheus_.Start(PrometheusConfig({MetricsJob(kJob, both), HashmodCheckJob(kCheckJob, both, 2)})),
        "");
  }

  // Waits until Prometheus holds, from each instance, a scrape taken at least
  // kSettleSeconds after that instance's last config load, a load later than
  // `loaded_after` (unix seconds).
  void WaitSettled(double loaded_after) {
    const std::string loaded = "lyncdiscover_exporter_config_last_reload_success_timestamp_seconds{job=\"" +
                               std::string(kJob) + "\"}";
    auto settled = prometheus_.WaitFor(
        "(timestamp(" + loaded + ") - " + loaded + " >= " + std::to_string(kSettleSeconds) +
            ") and on(instance) (" + loaded + " > " + std::to_string(loaded_after) + ")",
        [](const std::vector<PromSample>& s) { return s.size() == 2; }, kWait);
    ASSERT_TRUE(settled.met) << Describe(settled.last) << settled.error << prometheus_.Describe()
                             << shard_[0].Log() << shard_[1].Log();
  }

  // Which instance exported probe_success of each name, once all `names` are there.
  Owners OwnersOnceAllThere(const std::vector<std::string>& names) {
    auto all = prometheus_.WaitFor(
        "group by (target, instance) (probe_success{job=\"" + std::string(kJob) + "\"})",
        [&](const std::vector<PromSample>& s) { return OwnsAll(OwnersOf(s, "target", "instance"), names); },
        kWait);
    EXPECT_TRUE(all.met) << Describe(all.last) << prometheus_.Describe();
    return OwnersOf(all.last, "target", "instance");
  }

  // Prometheus' own hashmod (the check job's expected_shard) must name the
  // instance that exported each name: shard I of 2 is hash I-1.
  void ExpectPrometheusHashmodSplit(const Owners& owners) {
    auto check = prometheus_.WaitFor(
        "group by (target, instance, expected_shard) (probe_success{job=\"" + std::string(kCheckJob) + "\"})",
        [&](const std::vector<PromSample>& s) { return s.size() >= owners.size(); }, kWait);
    ASSERT_TRUE(check.met) << Describe(check.last);
    EXPECT_EQ(check.last.size(), owners.size()) << Describe(check.last);
    for (const auto& sample : check.last) {
      const std::string hash = sample.Label("expected_shard");
      ASSERT_TRUE(hash == "0" || hash == "1") << Describe({sample});
      EXPECT_EQ(sample.Label("instance"), shard_[std::stoi(hash)].address())
          << sample.Label("target") << " hashes to " << hash << " in Prometheus";
    }
  }

  // Each instance reports as probed what Prometheus got from it, and as
  // other_shard the rest of the configured names.
  void ExpectSelectionCounts(const Owners& owners, std::size_t configured) {
    auto sum = prometheus_.FirstValue("sum(lyncdiscover_exporter_targets{job=\"" + std::string(kJob) +
                                      "\",selection=\"probed\"})");
    EXPECT_EQ(sum, std::to_string(configured));
    const std::map<std::string, int> per_instance = CountByOwner(owners);
    for (const auto& instance : shard_) {
      auto selection = prometheus_.Query("lyncdiscover_exporter_targets{job=\"" + std::string(kJob) +
                                         "\",instance=\"" + instance.address() + "\"}");
      ASSERT_TRUE(selection.ok()) << selection.error().detail;
      std::map<std::string, std::string> by_selection;
      for (const auto& s : selection.value()) by_selection[s.Label("selection")] = s.text;
      const int probed = Share(per_instance, instance.address());
      EXPECT_EQ(by_selection["probed"], std::to_string(probed)) << instance.address();
      EXPECT_EQ(by_selection["other_shard"], std::to_string(configured - static_cast<std::size_t>(probed)))
          << instance.address();
      EXPECT_EQ(by_selection["network_excluded"], "0") << instance.address();
    }
  }

  const ScaleNames names_;
  const std::vector<std::string>& kTargets = names_.targets;
  const std::vector<std::string>& kDeployments = names_.deployments;
  const std::vector<std::string>& kNewTargets = names_.new_targets;
  const std::vector<std::string>& kNewDeployments = names_.new_deployments;

  ScaleLab lab_;
  ExporterInstance shard_[2];
  PrometheusServer prometheus_{lab_.dir()};
};

TEST_F(ShardSplitTest, EveryNameFromExactlyOneShardAndAReloadKeepsTheAssignment) {
  ASSERT_NO_FATAL_FAILURE(StartAll(kTargets, kDeployments));
  const std::vector<std::string> names = Concat(kTargets, kDeployments);
  ASSERT_NO_FATAL_FAILURE(WaitSettled(0));

  const Owners before = OwnersOnceAllThere(names);
  EXPECT_EQ(OwnershipProblems(before, names), "");
  const std::map<std::string, int> shares = CountByOwner(before);
  EXPECT_GT(Share(shares, shard_[0].address()), 0) << "shard 1 got nothing";
  EXPECT_GT(Share(shares, shard_[1].address()), 0) << "shard 2 got nothing";
  ExpectPrometheusHashmodSplit(before);
  ExpectSelectionCounts(before, names.size());

  // /probe keeps to the shard too: the instance that does not own a name
  // refuses it, and says why.
  for (const auto& [name, from] : before) {
    const ExporterInstance& other = *from.begin() == shard_[0].address() ? shard_[1] : shard_[0];
    HttpReply refused = HttpCall(other.port(), "GET", "/probe?target=" + name);
    EXPECT_EQ(refused.status, 404) << name << ": " << refused.body;
    EXPECT_NE(refused.body.find("shard"), std::string::npos) << name << ": " << refused.body;
  }

  // Add names and reload both: the old names stay where they were.
  const std::vector<std::string> all_names = Concat(names, Concat(kNewTargets, kNewDeployments));
  const double reloaded_after = UnixNow() - 1;  // the exporter stamps whole seconds
  lab_.WriteConfig(Concat(kTargets, kNewTargets), Concat(kDeployments, kNewDeployments), kInterval);
  ASSERT_EQ(shard_[0].Reload(), "");
  ASSERT_EQ(shard_[1].Reload(), "");
  ASSERT_NO_FATAL_FAILURE(WaitSettled(reloaded_after));

  const Owners after = OwnersOnceAllThere(all_names);
  EXPECT_EQ(OwnershipProblems(after, all_names), "");
  for (const auto& [name, from] : before) {
    EXPECT_EQ(after.count(name) ? after.at(name) : std::set<std::string>{}, from) << name << " moved";
  }
  const std::map<std::string, int> new_shares = CountByOwner(after);
  EXPECT_GT(Share(new_shares, shard_[0].address()), Share(shares, shard_[0].address()))
      << "no new name on shard 1";
  EXPECT_GT(Share(new_shares, shard_[1].address()), Share(shares, shard_[1].address()))
      << "no new name on shard 2";
  ExpectPrometheusHashmodSplit(after);
  ExpectSelectionCounts(after, all_names.size());
}

}  // namespace
}  // namespace lde::testing
