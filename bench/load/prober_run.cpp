#include "load/prober_run.h"

#include <atomic>
#include <fstream>
#include <mutex>

#include "config/config_loader.h"
#include "metrics/render.h"
#include "probe/probe_plan.h"
#include "results/result_store.h"
#include "schedule/scheduler.h"
#include "support/memory_usage.h"

namespace lde::bench {
namespace {

// Counters shared by the scheduler's workers during one measured run.
struct Tally {
  std::atomic<std::size_t> completed{0};
  std::atomic<std::size_t> ok{0};
  std::atomic<std::size_t> skipped{0};
  std::mutex mutex;
  std::map<std::string, std::size_t> failures;  // guarded by mutex

  void Count(const model::ProbeResult& r) {
    ++completed;
    if (r.success) {
      ++ok;
      return;
    }
    std::string reason = "unknown";
    auto spell = [](const model::StepFailure& f) {
      return std::string(model::StepName(f.step)) + "/" + std::string(model::ReasonName(f.reason));
    };
    if (r.failure) {
      reason = spell(*r.failure);
    } else {
      for (const auto& e : r.endpoints) {
        if (e.failure) {
          reason = spell(*e.failure);
          break;
        }
      }
    }
    std::lock_guard<std::mutex> lock(mutex);
    ++failures[reason];
  }
};

// Scheduler jobs for the first `count` planned probes, as app/jobs.cpp makes
// them (run, then Put into the store), plus the bench's hard stop and tally.
std::vector<schedule::Job> MakeJobs(const std::vector<probe::PlannedProbe>& planned, std::size_t count,
                                    Duration interval, results::ResultStore& store, Tally* tally,
                                    SteadyTime hard_stop) {
  std::vector<schedule::Job> jobs;
  for (std::size_t i = 0; i < count && i < planned.size(); ++i) {
    schedule::Job job;
    job.target = planned[i].target;
    job.interval = interval;
    job.timeout = planned[i].timeout;
    job.run = [run = planned[i].run, &store, tally, hard_stop](const Deadline& deadline) {
      if (tally && std::chrono::steady_clock::now() >= hard_stop) {
        ++tally->skipped;
        return;
      }
      auto result = std::make_shared<const model::ProbeResult>(run(deadline));
      if (tally) tally->Count(*result);
      store.Put(std::move(result));
    };
    jobs.push_back(std::move(job));
  }
  return jobs;
}

void RunRound(const Clock& clock, int concurrency, std::vector<schedule::Job> jobs) {
  schedule::Scheduler scheduler(clock, concurrency, [] { return 0.0; });
  scheduler.SetJobs(std::move(jobs));
  scheduler.RunOnceAll();
}

}  // namespace

Result<SideResult> RunProber(const ProberSpec& spec) {
  auto loaded = config::ParseConfigText(spec.config_yaml, "probe_load", spec.base_dir);
  if (!loaded.ok()) {
    std::string all;
    for (const auto& e : loaded.errors) all += e + "\n";
    return MakeError(ErrorKind::kConfig, all);
  }
  SystemClock clock;
  // Info level, as the daemon runs by default; the lines go nowhere, but
  // formatting and writing them is part of the per-probe cost.
  std::ofstream sink("/dev/null");
  Logger log(sink, LogLevel::kInfo, LogFormat::kLogfmt, clock);
  auto env = probe::BuildProbeEnv(loaded.config, clock, &log);
  if (!env.ok()) return env.error();
  const auto planned = probe::PlanProbes(env.value());
  const int concurrency = loaded.config->global.concurrency;
  const Duration interval = loaded.config->global.interval;
  results::ResultStore store;
  const SteadyTime hard_stop = std::chrono::steady_clock::now() + std::chrono::seconds(spec.max_seconds);

  // Warm-up (first TLS contexts, allocator arenas), not counted.
  RunRound(
      clock, concurrency,
      MakeJobs(planned, static_cast<std::size_t>(spec.warmup_probes), interval, store, nullptr, hard_stop));

  Tally tally;
  const CpuTimes cpu_before = SelfCpu();
  const auto wall_before = std::chrono::steady_clock::now();
  for (int round = 0; round < spec.rounds; ++round) {
    RunRound(clock, concurrency, MakeJobs(planned, planned.size(), interval, store, &tally, hard_stop));
  }
  SideResult r;
  r.cpu = SelfCpu() - cpu_before;
  r.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_before).count();
  r.side = "lyncdiscover";
  r.kind = spec.kind;
  r.probes = tally.completed.load();
  r.ok = tally.ok.load();
  r.skipped = tally.skipped.load();
  r.failures = tally.failures;

  // One scrape of what the probes left in the store.
  metrics::ExporterState state;
  state.version = "bench";
  state.last_reload_ok = true;
  const auto snap = store.Take();
  const CpuTimes render_before = ThisThreadCpu();
  const std::string text = metrics::RenderText(snap, state);
  const CpuTimes render_cost = ThisThreadCpu() - render_before;
  if (!snap.results.empty()) {
    r.scrape_ms_per_target = render_cost.total_s() * 1000.0 / static_cast<double>(snap.results.size());
  }
  r.peak_rss_kib = MaxRssKib();
  return r;
}

}  // namespace lde::bench
