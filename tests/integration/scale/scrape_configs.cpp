#include "integration/scale/scrape_configs.h"

namespace lde::testing {
namespace {

// ['a', 'b']: a YAML flow list of plain names and host:port pairs.
std::string FlowList(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const auto& item : items) out += (out.size() > 1 ? ", '" : "'") + item + "'";
  return out + "]";
}

}  // namespace

std::string PrometheusConfig(const std::vector<std::string>& jobs) {
  std::string text =
      "global:\n"
      "  scrape_interval: 1s\n"
      "  scrape_timeout: 1s\n"
      "scrape_configs:\n";
  for (const auto& job : jobs) text += job;
  return text;
}

std::string MetricsJob(const std::string& job, const std::vector<std::string>& instances) {
  return "  - job_name: " + job +
         "\n"
         "    static_configs:\n"
         "      - targets: " +
         FlowList(instances) + "\n";
}

std::string HashmodCheckJob(const std::string& job, const std::vector<std::string>& instances, int modulus) {
  return MetricsJob(job, instances) +
         "    metric_relabel_configs:\n"
         "      - source_labels: [__name__]\n"
         "        regex: probe_success\n"
         "        action: keep\n"
         "      - source_labels: [target]\n"
         "        modulus: " +
         std::to_string(modulus) +
         "\n"
         "        target_label: expected_shard\n"
         "        action: hashmod\n";
}

std::vector<std::string> ProbeJobs(const std::string& job_prefix, const std::vector<std::string>& names,
                                   const std::vector<std::string>& instances) {
  std::vector<std::string> jobs;
  for (std::size_t i = 0; i < instances.size(); ++i) {
    // The local servers answer in milliseconds, so 2 s is ample here; a
    // real job needs the target's timeout + 1 s (a deployment: its timeout
    // per network), as the README's job says.
    jobs.push_back("  - job_name: " + job_prefix + std::to_string(i + 1) +
                   "\n"
                   "    metrics_path: /probe\n"
                   "    scrape_interval: 2s\n"
                   "    scrape_timeout: 2s\n"
                   "    honor_labels: true\n"
                   "    static_configs:\n"
                   "      - targets: " +
                   FlowList(names) +
                   "\n"
                   "    relabel_configs:\n"
                   "      - source_labels: [__address__]\n"
                   "        target_label: __param_target\n"
                   "      - source_labels: [__param_target]\n"
                   "        modulus: " +
                   std::to_string(instances.size()) +
                   "\n"
                   "        target_label: __tmp_shard\n"
                   "        action: hashmod\n"
                   "      - source_labels: [__tmp_shard]\n"
                   "        regex: \"" +
                   std::to_string(i) +
                   "\"\n"
                   "        action: keep\n"
                   "      - source_labels: [__param_target]\n"
                   "        target_label: instance\n"
                   "      - target_label: __address__\n"
                   "        replacement: " +
                   instances[i] + "\n");
  }
  return jobs;
}

}  // namespace lde::testing
