#include "metrics/family_set.h"

#include <gtest/gtest.h>

namespace lde::metrics {
namespace {

constexpr MetricDef kG{"b_gauge", "help b", MetricType::Gauge};
constexpr MetricDef kC{"a_total", "help a", MetricType::Counter};

TEST(FamilySetTest, EmptySetHasNoFamilies) { EXPECT_TRUE(FamilySet().Take().empty()); }

TEST(FamilySetTest, FamiliesSortedByNameSamplesInAddOrder) {
  FamilySet set;
  set.Add(kG, {{"x", "2"}}, 2);
  set.Add(kC, {}, 5);
  set.Add(kG, {{"x", "1"}}, 1);
  auto families = std::move(set).Take();
  ASSERT_EQ(families.size(), 2u);
  EXPECT_EQ(families[0].name, "a_total");
  EXPECT_EQ(families[0].type, prometheus::MetricType::Counter);
  EXPECT_EQ(families[0].help, "help a");
  EXPECT_EQ(families[0].metric[0].counter.value, 5);
  EXPECT_EQ(families[1].name, "b_gauge");
  ASSERT_EQ(families[1].metric.size(), 2u);
  EXPECT_EQ(families[1].metric[0].label[0].value, "2");
  EXPECT_EQ(families[1].metric[0].gauge.value, 2);
  EXPECT_EQ(families[1].metric[1].gauge.value, 1);
}

TEST(FamilySetTest, DuplicateLabelSetKeepsFirstSample) {
  FamilySet set;
  set.Add(kG, {{"x", "1"}}, 1);
  set.Add(kG, {{"x", "1"}}, 99);
  set.Add(kG, {{"x", "1"}, {"y", ""}}, 3);  // a different label set
  auto families = std::move(set).Take();
  ASSERT_EQ(families[0].metric.size(), 2u);
  EXPECT_EQ(families[0].metric[0].gauge.value, 1);
  EXPECT_EQ(families[0].metric[1].gauge.value, 3);
}

}  // namespace
}  // namespace lde::metrics
