// StreamText into a sink that splices renders on two threads; the text must
// be byte for byte what one thread writes, whatever the reader or the
// second thread do.

#include "metrics/render_split.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "common/splicing_sink.h"
#include "metrics/render.h"
#include "sample_results.h"

namespace lde::metrics {
namespace {

// Splices plain text, and records how the text came: segments made on
// which thread, how many spliced.
class TextSplicingSink : public ByteSink, public SplicingSink {
 public:
  struct TextSegment final : Segment {
    std::string text;
  };

  class Writer final : public SegmentWriter {
   public:
    explicit Writer(TextSplicingSink& owner) : owner_(owner) {}
    void Write(std::string_view bytes) override {
      owner_.OnSegmentWrite(bytes);
      segment_->text.append(bytes);
    }
    std::unique_ptr<Segment> Cut() override {
      owner_.segment_thread = std::this_thread::get_id();
      return std::exchange(segment_, std::make_unique<TextSegment>());
    }

   private:
    TextSplicingSink& owner_;
    std::unique_ptr<TextSegment> segment_ = std::make_unique<TextSegment>();
  };

  void Write(std::string_view bytes) override { text.append(bytes); }
  SplicingSink* Splicing() override { return this; }
  std::unique_ptr<SegmentWriter> NewSegmentWriter() override { return std::make_unique<Writer>(*this); }
  void Splice(std::unique_ptr<Segment> segment) override {
    text.append(dynamic_cast<TextSegment&>(*segment).text);
    if (!dynamic_cast<TextSegment&>(*segment).text.empty()) ++splices;
  }

  // Called on the second thread for every piece it writes.
  virtual void OnSegmentWrite(std::string_view) {}

  std::string text;
  int splices = 0;
  std::thread::id segment_thread;
};

std::shared_ptr<const model::ProbeResult> Named(model::ProbeResult r, int i) {
  char name[16];
  std::snprintf(name, sizeof name, "t%03d", i);
  r.target = name;
  return std::make_shared<const model::ProbeResult>(std::move(r));
}

// 60 targets, sorted by name as the store lists them: Lync deployments,
// DNS failures and hostile servers in turn, so every family has lines in
// both shares, some only in one.
results::ResultStore::Snapshot MixedSnapshot() {
  results::ResultStore::Snapshot snap;
  for (int i = 0; i < 60; ++i) {
    snap.results.push_back(i % 3 == 0   ? Named(testdata::LyncResult(), i)
                           : i % 3 == 1 ? Named(testdata::DnsFailureResult(), i)
                                        : Named(testdata::HostileResult(), i));
    snap.counts.push_back({snap.results.back()->target, {static_cast<std::uint64_t>(i), 1}});
  }
  return snap;
}

TEST(RenderSplitTest, TwoThreadsWriteWhatOneWrites) {
  ExporterState with_vantage = testdata::SampleState();
  with_vantage.vantage = "branch-1";
  const struct {
    const char* name;
    results::ResultStore::Snapshot snap;
    ExporterState state;
  } cases[] = {
      {"full", testdata::FullSnapshot(), testdata::SampleState()},
      {"mixed", MixedSnapshot(), testdata::SampleState()},
      {"mixed with a vantage", MixedSnapshot(), with_vantage},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    TextSplicingSink sink;
    StreamText(c.snap, c.state, sink, /*split_from_results=*/2);
    EXPECT_EQ(sink.text, RenderText(c.snap, c.state));
    EXPECT_GT(sink.splices, 0);
    EXPECT_NE(sink.segment_thread, std::this_thread::get_id());
    EXPECT_NE(sink.segment_thread, std::thread::id());
  }
}

// Results not sorted by their bounded target (hand-made: "hostile" before
// "contoso") cannot be shared out: one thread writes them, as before.
TEST(RenderSplitTest, UnsortedResultsAreWrittenByOneThread) {
  const auto snap = testdata::HostileSnapshot();
  TextSplicingSink sink;
  StreamText(snap, testdata::SampleState(), sink, 2);
  EXPECT_EQ(sink.splices, 0);
  EXPECT_EQ(sink.text, RenderText(snap, testdata::SampleState()));
}

TEST(RenderSplitTest, AFamilyOnlyTheSecondShareHasGetsItsHeader) {
  // FullSnapshot: "broken" (a DNS failure, no endpoint) then "contoso" (the
  // Lync deployment): every endpoint family is in the second share alone.
  const auto snap = testdata::FullSnapshot();
  ASSERT_EQ(SplitPoint(snap.results), 1u);
  TextSplicingSink sink;
  StreamText(snap, testdata::SampleState(), sink, 2);
  EXPECT_EQ(sink.text, RenderText(snap, testdata::SampleState()));
  EXPECT_NE(sink.text.find("# TYPE lyncdiscover_cert_info gauge\nlyncdiscover_cert_info{target=\"contoso\""),
            std::string::npos);
}

TEST(RenderSplitTest, SmallSnapshotsAndPlainSinksAreWrittenByOneThread) {
  const auto snap = MixedSnapshot();
  TextSplicingSink small;
  StreamText(snap, testdata::SampleState(), small, /*split_from_results=*/61);
  EXPECT_EQ(small.splices, 0);
  EXPECT_EQ(small.segment_thread, std::thread::id());
  EXPECT_EQ(small.text, RenderText(snap, testdata::SampleState()));
}

TEST(RenderSplitTest, SharesHoldAboutAsManyEndpoints) {
  results::ResultStore::Snapshot snap;
  model::ProbeResult many = testdata::HostileResult();  // 16 endpoints and more
  model::ProbeResult none = testdata::DnsFailureResult();
  ASSERT_GT(many.endpoints.size(), 8u);
  // One heavy result, then as many light ones as it has endpoints: the
  // split falls right after the heavy one, not in the middle of the list.
  snap.results.push_back(Named(many, 0));
  for (std::size_t i = 1; i <= many.endpoints.size() + many.networks.size(); ++i) {
    snap.results.push_back(Named(none, static_cast<int>(i)));
  }
  EXPECT_EQ(SplitPoint(snap.results), 1u);
  EXPECT_EQ(SplitPoint(Snapshot::Results()), 0u);
  EXPECT_EQ(SplitPoint(Snapshot::Results(snap.results).first(1)), 0u);
}

// The reader goes away (the out sink throws, as the HTTP pipe does): the
// render stops, the second thread is released and joined, and the next
// scrape splits again.
TEST(RenderSplitTest, AReaderThatGoesAwayEndsBothThreads) {
  struct GoneAfter final : TextSplicingSink {
    int writes_left = 3;
    void Write(std::string_view bytes) override {
      if (writes_left-- == 0) throw std::runtime_error("reader gone");
      TextSplicingSink::Write(bytes);
    }
  } gone;
  const auto snap = MixedSnapshot();
  EXPECT_THROW(StreamText(snap, testdata::SampleState(), gone, 2), std::runtime_error);

  TextSplicingSink next;
  StreamText(snap, testdata::SampleState(), next, 2);
  EXPECT_GT(next.splices, 0);
  EXPECT_EQ(next.text, RenderText(snap, testdata::SampleState()));
}

// The second thread fails (its compressor could not allocate, say): the
// render fails with its error, not a truncated answer that looks whole.
TEST(RenderSplitTest, TheSecondThreadsErrorEndsTheRender) {
  struct FailingSegments final : TextSplicingSink {
    void OnSegmentWrite(std::string_view) override { throw std::length_error("segment writer failed"); }
  } failing;
  const auto snap = MixedSnapshot();
  EXPECT_THROW(StreamText(snap, testdata::SampleState(), failing, 2), std::length_error);

  TextSplicingSink next;
  StreamText(snap, testdata::SampleState(), next, 2);
  EXPECT_GT(next.splices, 0);
}

// While one split runs, another scrape renders alone, and right.
TEST(RenderSplitTest, OneSplitAtATime) {
  struct Held final : TextSplicingSink {
    std::mutex mutex;
    std::condition_variable changed;
    bool writing = false, release = false;
    void Write(std::string_view bytes) override {
      std::unique_lock<std::mutex> lock(mutex);
      writing = true;
      changed.notify_all();
      changed.wait(lock, [&] { return release; });
      TextSplicingSink::Write(bytes);
    }
  } held;
  const auto snap = MixedSnapshot();
  std::thread first([&] { StreamText(snap, testdata::SampleState(), held, 2); });
  {
    std::unique_lock<std::mutex> lock(held.mutex);
    held.changed.wait(lock, [&] { return held.writing; });
  }
  TextSplicingSink meanwhile;
  StreamText(snap, testdata::SampleState(), meanwhile, 2);
  {
    std::lock_guard<std::mutex> lock(held.mutex);
    held.release = true;
    held.changed.notify_all();
  }
  first.join();
  EXPECT_EQ(meanwhile.splices, 0);
  EXPECT_EQ(meanwhile.text, RenderText(snap, testdata::SampleState()));
  EXPECT_GT(held.splices, 0);
  EXPECT_EQ(held.text, meanwhile.text);
}

}  // namespace
}  // namespace lde::metrics
