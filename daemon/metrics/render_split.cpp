#include "metrics/render_split.h"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

#include "metrics/text_format.h"
#include "metrics/text_writer.h"

namespace lde::metrics {
namespace {

// One split at a time in the process: see render_split.h.
std::atomic<bool> split_running{false};

class SplitSlot {
 public:
  SplitSlot() : taken_(!split_running.exchange(true)) {}
  ~SplitSlot() {
    if (taken_) split_running.store(false);
  }
  SplitSlot(const SplitSlot&) = delete;
  SplitSlot& operator=(const SplitSlot&) = delete;
  bool taken() const { return taken_; }

 private:
  const bool taken_;
};

// How many finished segments may wait to be spliced: the second thread
// renders the next family meanwhile, then waits. One suffices to keep both
// threads busy (the halves take about as long), and what waits is one
// family's compressed half plus the one being made (at 10,000 targets and
// 1,000 deployments about 2 MiB more at the peak with two).
constexpr std::size_t kMaxAhead = 1;

// The second share's segments on their way to the first thread, one per
// family, in order.
class Handoff {
 public:
  struct Part {
    std::unique_ptr<Segment> segment;
    bool had_samples = false;
  };

  // Second thread: false when the first thread gave up (nobody will take it).
  bool Put(Part part) {
    std::unique_lock<std::mutex> lock(mutex_);
    room_.wait(lock, [&] { return parts_.size() < kMaxAhead || abandoned_; });
    if (abandoned_) return false;
    parts_.push_back(std::move(part));
    ready_.notify_one();
    return true;
  }
  // Second thread: it could not go on; Take rethrows once the parts made
  // before are taken.
  void Fail(std::exception_ptr error) {
    std::lock_guard<std::mutex> lock(mutex_);
    error_ = std::move(error);
    ready_.notify_one();
  }
  // First thread: the next family's part.
  Part Take() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [&] { return !parts_.empty() || error_; });
    if (parts_.empty()) std::rethrow_exception(error_);
    Part part = std::move(parts_.front());
    parts_.pop_front();
    room_.notify_one();
    return part;
  }
  // First thread, leaving (done, or abandoned by its reader): releases a
  // second thread that waits for room.
  void Abandon() {
    std::lock_guard<std::mutex> lock(mutex_);
    abandoned_ = true;
    room_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<Part> parts_;
  std::exception_ptr error_;
  bool abandoned_ = false;
};

// The second thread: each family's lines of `share`, without HELP and TYPE
// (the first share's text carries them), cut into one segment per family.
void WriteSecondShare(const std::vector<FamilySpec>& families, const Snapshot& share,
                      const ExporterState& state, SegmentWriter& segments, Handoff& handoff) {
  try {
    TextWriter writer(segments, TextWriter::kDefaultFlushBytes, /*by_group=*/true, /*headers=*/false);
    VantageLabel labelled(writer, state.vantage);
    for (const FamilySpec& family : families) {
      bool had_samples = false;
      if (!IsExporterFamily(family)) {
        writer.BeginFamily(*family.def);
        family.emit(share, state, labelled);
        had_samples = writer.EndFamily();
        writer.Flush();
      }
      if (!handoff.Put({segments.Cut(), had_samples})) return;
    }
  } catch (...) {
    handoff.Fail(std::current_exception());
  }
}

}  // namespace

std::size_t SplitPoint(const Snapshot::Results& results) {
  if (results.size() < 2) return 0;
  auto weight = [](const auto& result) {
    return result ? 1 + result->endpoints.size() + result->networks.size() : 0;
  };
  std::size_t total = 0;
  for (const auto& result : results) total += weight(result);
  std::size_t first = 0;
  for (std::size_t i = 0; i + 1 < results.size(); ++i) {
    first += weight(results[i]);
    if (2 * first >= total) return i + 1;
  }
  return results.size() - 1;
}

bool StreamFamiliesSplit(const std::vector<FamilySpec>& families, const results::ResultStore::Snapshot& store,
                         const ExporterState& state, ByteSink& out, SplicingSink& splicing) {
  const SplitSlot slot;
  if (!slot.taken()) return false;
  const Snapshot::Results all(store.results);
  const std::size_t at = SplitPoint(all);
  if (at == 0) return false;

  const std::unique_ptr<SegmentWriter> segments = splicing.NewSegmentWriter();
  Handoff handoff;
  std::thread second;
  try {
    second = std::thread([&] {
      // Built on its own thread: the share's endpoint table is half the
      // walk over the heap.
      const Snapshot share(all.subspan(at), store.counts);
      WriteSecondShare(families, share, state, *segments, handoff);
    });
  } catch (const std::system_error&) {
    return false;  // no thread to be had: render alone
  }
  // However this thread leaves (its reader gone), the second one ends and
  // is joined before what it reads goes away.
  struct JoinOnExit {
    Handoff& handoff;
    std::thread& thread;
    ~JoinOnExit() {
      handoff.Abandon();
      thread.join();
    }
  } join_on_exit{handoff, second};

  const Snapshot first(all.first(at), store.counts);
  TextWriter writer(out);
  VantageLabel labelled(writer, state.vantage);
  std::string header;
  for (const FamilySpec& family : families) {
    writer.BeginFamily(*family.def);
    family.emit(first, state, labelled);
    const bool had_samples = writer.EndFamily();
    writer.Flush();
    Handoff::Part part = handoff.Take();
    if (!part.had_samples) continue;
    if (!had_samples) {  // the family's header, dropped with our empty share
      header.clear();
      AppendFamilyHeader(header, *family.def);
      out.Write(header);
    }
    splicing.Splice(std::move(part.segment));
  }
  return true;
}

}  // namespace lde::metrics
