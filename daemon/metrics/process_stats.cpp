#include "metrics/process_stats.h"

#include <dirent.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>

namespace lde::metrics {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n'; }

std::optional<std::uint64_t> ParseU64(std::string_view text) {
  std::uint64_t value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// The first blank-separated word after `key` on the line that starts with
// `key` and a blank ("Max open files   1024   4096   files" -> "1024").
std::optional<std::string_view> WordAfterKey(std::string_view text, std::string_view key) {
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    if (!line.starts_with(key) || line.size() == key.size() || !IsBlank(line[key.size()])) continue;
    line.remove_prefix(key.size());
    while (!line.empty() && IsBlank(line.front())) line.remove_prefix(1);
    std::size_t word = 0;
    while (word < line.size() && !IsBlank(line[word])) ++word;
    if (word == 0) return std::nullopt;
    return line.substr(0, word);
  }
  return std::nullopt;
}

// A soft limit of /proc/<pid>/limits: a number or "unlimited".
std::optional<std::uint64_t> SoftLimit(std::string_view limits, std::string_view name) {
  const auto word = WordAfterKey(limits, name);
  if (!word) return std::nullopt;
  if (*word == "unlimited") return kUnlimited;
  return ParseU64(*word);
}

// Fields of /proc/<pid>/stat after the command name, counted from 0 =
// field 3 (state) in proc(5)'s numbering.
constexpr std::size_t kUtime = 11;       // field 14
constexpr std::size_t kStime = 12;       // field 15
constexpr std::size_t kNumThreads = 17;  // field 20
constexpr std::size_t kStartTime = 19;   // field 22, clock ticks after boot
constexpr std::size_t kVsize = 20;       // field 23, bytes
constexpr std::size_t kRss = 21;         // field 24, pages
constexpr std::size_t kStatFields = kRss + 1;

std::optional<std::array<std::string_view, kStatFields>> StatFields(std::string_view stat) {
  // comm is "(name)" and the name may hold blanks and ')' itself ("(a) b)"):
  // the fields start after the LAST ')'.
  const std::size_t open = stat.find('(');
  const std::size_t close = stat.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) return std::nullopt;
  std::string_view rest = stat.substr(close + 1);
  std::array<std::string_view, kStatFields> fields;
  for (std::string_view& field : fields) {
    while (!rest.empty() && IsBlank(rest.front())) rest.remove_prefix(1);
    std::size_t word = 0;
    while (word < rest.size() && !IsBlank(rest[word])) ++word;
    if (word == 0) return std::nullopt;
    field = rest.substr(0, word);
    rest.remove_prefix(word);
  }
  return fields;
}

// All of a small procfs file, or nullopt if it cannot be read or is longer
// than `max_bytes`.
std::optional<std::string> ReadSmallFile(const char* path, std::size_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string text(max_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) return std::nullopt;
  const auto got = static_cast<std::size_t>(in.gcount());
  if (got > max_bytes) return std::nullopt;
  text.resize(got);
  return text;
}

// The "btime ..." line of /proc/stat, read in chunks: only the first bytes
// of each line are kept, so the interrupt line costs no memory.
std::optional<std::string> ReadBootTimeLine() {
  constexpr std::size_t kChunk = 4096;
  constexpr std::size_t kKeep = 64;            // "btime " and a 64-bit number fit
  constexpr std::size_t kMaxBytes = 4u << 20;  // far above any real /proc/stat
  std::ifstream in("/proc/stat", std::ios::binary);
  if (!in) return std::nullopt;
  std::array<char, kChunk> buf;
  std::string line;
  for (std::size_t total = 0; total < kMaxBytes;) {
    in.read(buf.data(), buf.size());
    const auto got = static_cast<std::size_t>(in.gcount());
    if (got == 0) break;
    total += got;
    for (std::size_t i = 0; i < got; ++i) {
      if (buf[i] != '\n') {
        if (line.size() < kKeep) line.push_back(buf[i]);
        continue;
      }
      if (line.starts_with("btime ")) return line;
      line.clear();
    }
  }
  if (line.starts_with("btime ")) return line;  // a last line without '\n'
  return std::nullopt;
}

// Entries of /proc/self/fd, without "." and ".." and without the descriptor
// this listing holds open.
std::optional<std::size_t> CountOpenFds() {
  const std::unique_ptr<DIR, int (*)(DIR*)> dir(::opendir("/proc/self/fd"), ::closedir);
  if (!dir) return std::nullopt;
  const int own = ::dirfd(dir.get());
  std::size_t count = 0;
  while (const dirent* entry = ::readdir(dir.get())) {
    if (entry->d_name[0] == '.') continue;
    const std::string_view name = entry->d_name;
    const auto fd = ParseU64(name);
    if (fd && own >= 0 && *fd == static_cast<std::uint64_t>(own)) continue;
    ++count;
  }
  return count;
}

}  // namespace

std::optional<ProcessStats> ParseProcessStats(std::string_view stat, std::string_view limits,
                                              std::string_view proc_stat, std::size_t open_fds, long clk_tck,
                                              long page_size) {
  if (clk_tck <= 0 || page_size <= 0) return std::nullopt;
  const auto fields = StatFields(stat);
  if (!fields) return std::nullopt;
  const auto utime = ParseU64((*fields)[kUtime]);
  const auto stime = ParseU64((*fields)[kStime]);
  const auto threads = ParseU64((*fields)[kNumThreads]);
  const auto start_ticks = ParseU64((*fields)[kStartTime]);
  const auto vsize = ParseU64((*fields)[kVsize]);
  const auto rss_pages = ParseU64((*fields)[kRss]);
  const auto max_fds = SoftLimit(limits, "Max open files");
  const auto max_vsize = SoftLimit(limits, "Max address space");
  const auto btime_word = WordAfterKey(proc_stat, "btime");
  const auto btime = btime_word ? ParseU64(*btime_word) : std::nullopt;
  if (!utime || !stime || !threads || !start_ticks || !vsize || !rss_pages || !max_fds || !max_vsize ||
      !btime) {
    return std::nullopt;
  }
  const auto ticks = static_cast<double>(clk_tck);
  ProcessStats out;
  out.cpu_seconds = static_cast<double>(*utime + *stime) / ticks;
  out.resident_memory_bytes = *rss_pages * static_cast<std::uint64_t>(page_size);
  out.virtual_memory_bytes = *vsize;
  out.virtual_memory_max_bytes = *max_vsize;
  out.open_fds = open_fds;
  out.max_fds = *max_fds;
  out.start_time_seconds = static_cast<double>(*btime) + static_cast<double>(*start_ticks) / ticks;
  out.threads = *threads;
  return out;
}

std::optional<ProcessStats> ReadProcessStats() {
  // /proc/self/stat is about 300 bytes (comm is at most 16), limits ~1.4 KiB.
  constexpr std::size_t kMaxBytes = 8192;
  const auto stat = ReadSmallFile("/proc/self/stat", kMaxBytes);
  const auto limits = ReadSmallFile("/proc/self/limits", kMaxBytes);
  const auto btime = ReadBootTimeLine();
  const auto open_fds = CountOpenFds();
  if (!stat || !limits || !btime || !open_fds) return std::nullopt;
  return ParseProcessStats(*stat, *limits, *btime, *open_fds, ::sysconf(_SC_CLK_TCK),
                           ::sysconf(_SC_PAGESIZE));
}

}  // namespace lde::metrics
