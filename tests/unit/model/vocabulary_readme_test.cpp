// The README is what an on-call engineer reads when an alert names a step or
// a reason: it must list exactly the values the code can produce, and the
// Troubleshooting table must say what to do about each failure reason.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "model/vocabulary.h"

namespace lde::model {
namespace {

std::string ReadReadme() {
  std::ifstream in(LDE_README_PATH);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text from the line starting with `begin` to the next line starting
// with `end` (or the end of the file).
std::string Section(const std::string& text, const std::string& begin, const std::string& end) {
  auto from = text.find("\n" + begin);
  if (from == std::string::npos) return "";
  auto to = text.find("\n" + end, from + 1);
  return text.substr(from, to == std::string::npos ? std::string::npos : to - from);
}

// The bullet of `section` that starts with `head`, joined up to the next bullet or blank line.
std::string Bullet(const std::string& section, const std::string& head) {
  auto from = section.find("\n- " + head);
  if (from == std::string::npos) return "";
  auto next_bullet = section.find("\n- ", from + 1);
  auto blank = section.find("\n\n", from + 1);
  return section.substr(from, std::min(next_bullet, blank) - from);
}

std::vector<std::string> Backticked(const std::string& text) {
  std::vector<std::string> out;
  for (auto open = text.find('`'); open != std::string::npos;) {
    auto close = text.find('`', open + 1);
    if (close == std::string::npos) break;
    out.push_back(text.substr(open + 1, close - open - 1));
    open = text.find('`', close + 1);
  }
  return out;
}

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  for (const auto& v : values) {
    if (v == value) return true;
  }
  return false;
}

class VocabularyReadmeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    readme_ = ReadReadme();
    ASSERT_FALSE(readme_.empty()) << "cannot read " << LDE_README_PATH;
    list_ = Section(readme_, "Steps and reasons", "Useful queries");
    ASSERT_FALSE(list_.empty()) << "README has no \"Steps and reasons\" list";
    troubleshooting_ = Section(readme_, "## Troubleshooting", "## ");
    ASSERT_FALSE(troubleshooting_.empty()) << "README has no Troubleshooting section";
  }

  // Every step the README names, with `<stage>_<what>` expanded.
  std::set<std::string> DocumentedSteps() const {
    std::set<std::string> steps;
    for (const auto& v : Backticked(Bullet(list_, "plain targets, `step`"))) {
      if (v != "step") steps.insert(v);
    }
    const std::string lync = Bullet(list_, "Lync, `step`");
    EXPECT_NE(lync.find("`<stage>_<what>`"), std::string::npos) << lync;
    // "... with stage `a`, `b` and what `c`, `d`; plus `e`, `f`."
    const auto stage_at = lync.find("with stage ");
    const auto what_at = lync.find("and what ", stage_at);
    const auto plus_at = lync.find("plus", what_at);
    EXPECT_TRUE(stage_at != std::string::npos && what_at != std::string::npos && plus_at != std::string::npos)
        << lync;
    if (plus_at == std::string::npos) return steps;
    const auto stages = Backticked(lync.substr(stage_at, what_at - stage_at));
    const auto whats = Backticked(lync.substr(what_at, plus_at - what_at));
    EXPECT_FALSE(stages.empty() || whats.empty()) << lync;
    for (const auto& stage : stages) {
      for (const auto& what : whats) steps.insert(stage + "_" + what);
    }
    for (const auto& v : Backticked(lync.substr(plus_at))) steps.insert(v);
    return steps;
  }

  std::set<std::string> DocumentedReasons() const {
    std::set<std::string> reasons;
    for (const auto& v : Backticked(Bullet(list_, "`reason`"))) {
      if (v != "reason") reasons.insert(v);
    }
    return reasons;
  }

  std::string readme_, list_, troubleshooting_;
};

TEST_F(VocabularyReadmeTest, EveryStepIsDocumented) {
  const auto documented = DocumentedSteps();
  for (Step step : kAllSteps) EXPECT_TRUE(documented.contains(std::string(StepName(step)))) << StepName(step);
}

TEST_F(VocabularyReadmeTest, EveryDocumentedStepExists) {
  std::set<std::string> code;
  for (Step step : kAllSteps) code.insert(std::string(StepName(step)));
  for (const auto& v : DocumentedSteps()) EXPECT_TRUE(code.contains(v)) << "README names step `" << v << "`";
}

TEST_F(VocabularyReadmeTest, TheLyncStagesAreTheCodes) {
  const auto stages = Backticked(Bullet(list_, "Lync, `step`"));
  for (Stage stage : kAllStages) EXPECT_TRUE(Contains(stages, StageName(stage))) << StageName(stage);
}

TEST_F(VocabularyReadmeTest, EveryReasonIsDocumented) {
  const auto documented = DocumentedReasons();
  for (Reason reason : kAllReasons) {
    EXPECT_TRUE(documented.contains(std::string(ReasonName(reason)))) << ReasonName(reason);
  }
}

TEST_F(VocabularyReadmeTest, EveryDocumentedReasonExists) {
  std::set<std::string> code;
  for (Reason reason : kAllReasons) code.insert(std::string(ReasonName(reason)));
  for (const auto& v : DocumentedReasons())
    EXPECT_TRUE(code.contains(v)) << "README names reason `" << v << "`";
}

TEST_F(VocabularyReadmeTest, EveryFailureReasonHasATroubleshootingRow) {
  const auto named = Backticked(troubleshooting_);
  for (Reason reason : kAllReasons) {
    if (reason == Reason::kOk) continue;  // a trusted chain: nothing to troubleshoot
    EXPECT_TRUE(Contains(named, ReasonName(reason)))
        << "no Troubleshooting row names `" << ReasonName(reason) << "`";
  }
}

// The metrics table's row of lyncdiscover_discovery_http_leg_status_code
// names every value of its `result` label.
TEST_F(VocabularyReadmeTest, HttpLegResultsAreListedWithTheirMetric) {
  const std::string& readme = readme_;
  const auto row = readme.find("\n| `lyncdiscover_discovery_http_leg_status_code` |");
  ASSERT_NE(row, std::string::npos);
  const std::string line = readme.substr(row + 1, readme.find('\n', row + 1) - row - 1);
  for (HttpLeg leg : kAllHttpLegs) {
    EXPECT_NE(line.find("`" + std::string(HttpLegName(leg)) + "`"), std::string::npos) << HttpLegName(leg);
  }
}

}  // namespace
}  // namespace lde::model

namespace lde::model {
namespace {

// The metrics table's row of lyncdiscover_discovery_leg_used names every
// value of its `leg` label.
TEST_F(VocabularyReadmeTest, DiscoveryLegsAreListedWithTheirMetric) {
  const auto row = readme_.find("\n| `lyncdiscover_discovery_leg_used` |");
  ASSERT_NE(row, std::string::npos);
  const std::string line = readme_.substr(row + 1, readme_.find('\n', row + 1) - row - 1);
  for (DiscoveryLeg leg : kAllDiscoveryLegs) {
    EXPECT_NE(line.find("`" + std::string(DiscoveryLegName(leg)) + "`"), std::string::npos)
        << DiscoveryLegName(leg);
  }
}

}  // namespace
}  // namespace lde::model
