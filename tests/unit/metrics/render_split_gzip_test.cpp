// What the daemon serves to a client that asks for gzip: StreamText into
// http::GzipSink, split over two threads at the default threshold, decodes
// to the text one thread writes.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/splicing_sink.h"
#include "http/gzip.h"
#include "metrics/render.h"
#include "sample_results.h"
#include "support/raw_http/gunzip.h"

namespace lde::metrics {
namespace {

// Passes everything to a GzipSink, counting the segments spliced.
class CountingGzip final : public ByteSink, public SplicingSink {
 public:
  explicit CountingGzip(ByteSink& out) : gzip_(out) {}
  void Write(std::string_view bytes) override { gzip_.Write(bytes); }
  SplicingSink* Splicing() override { return this; }
  std::unique_ptr<SegmentWriter> NewSegmentWriter() override { return gzip_.NewSegmentWriter(); }
  void Splice(std::unique_ptr<Segment> segment) override {
    ++splices;
    gzip_.Splice(std::move(segment));
  }
  void Finish() { gzip_.Finish(); }

  int splices = 0;

 private:
  http::GzipSink gzip_;
};

TEST(RenderSplitGzipTest, ALargeEstateIsSplitAndDecodesToTheSameText) {
  results::ResultStore::Snapshot snap;
  const model::ProbeResult lync = testdata::LyncResult(), broken = testdata::DnsFailureResult();
  for (std::size_t i = 0; i < kSplitFromResults + 10; ++i) {
    model::ProbeResult r = i % 2 ? lync : broken;
    r.target = "target-" + std::to_string(100000 + i);  // sorted as the store lists them
    snap.results.push_back(std::make_shared<const model::ProbeResult>(std::move(r)));
    snap.counts.push_back({snap.results.back()->target, {1, 0}});
  }
  const ExporterState state = testdata::SampleState();
  std::string packed;
  StringSink sink(packed);
  CountingGzip gzip(sink);
  StreamText(snap, state, gzip);
  gzip.Finish();
  EXPECT_GT(gzip.splices, 0);
  const std::string text = RenderText(snap, state);
  EXPECT_EQ(testing::Gunzip(packed), text);
  EXPECT_LT(packed.size(), text.size() / 10);
}

}  // namespace
}  // namespace lde::metrics
