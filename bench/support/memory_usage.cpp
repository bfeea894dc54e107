#include "support/memory_usage.h"

#include <sys/resource.h>

#include <fstream>
#include <string>

namespace lde::bench {
namespace {

std::int64_t StatusFieldKib(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  // /proc/self/status has about 60 lines.
  for (int i = 0; i < 200 && std::getline(in, line); ++i) {
    if (line.compare(0, field.size(), field) == 0 && line.size() > field.size() &&
        line[field.size()] == ':') {
      return std::stoll(line.substr(field.size() + 1));
    }
  }
  return -1;
}

}  // namespace

std::int64_t MaxRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::int64_t CurrentRssKib() { return StatusFieldKib("VmRSS"); }
std::int64_t PeakRssKib() { return StatusFieldKib("VmHWM"); }

bool ResetPeakRss() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace lde::bench
