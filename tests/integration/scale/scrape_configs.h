#pragma once

// The Prometheus configurations of the scale tests, built as text. The
// README's "Operating at scale" shows the same jobs with example addresses:
// change both together.

#include <string>
#include <vector>

namespace lde::testing {

// global (every job scrapes every second unless it says otherwise) plus the
// jobs given, each a "  - job_name: ..." block.
std::string PrometheusConfig(const std::vector<std::string>& jobs);

// The scheduled pattern (--shard=I/N): one job scraping every instance's
// /metrics; each instance exports only its own shard.
std::string MetricsJob(const std::string& job, const std::vector<std::string>& instances);

// An independent check of --shard: scrapes the instances again, keeps only
// probe_success, and labels each series with expected_shard, Prometheus' own
// hashmod of its `target` label (0 .. modulus-1).
std::string HashmodCheckJob(const std::string& job, const std::vector<std::string>& instances, int modulus);

// The /probe pattern: one job per exporter. Each job lists every name, hashes
// it (hashmod of ?target=) and keeps those equal to its index, then sends
// them to its exporter's /probe. `instances[i]` probes hash i.
std::vector<std::string> ProbeJobs(const std::string& job_prefix, const std::vector<std::string>& names,
                                   const std::vector<std::string>& instances);

}  // namespace lde::testing
