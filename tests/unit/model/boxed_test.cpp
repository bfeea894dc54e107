#include "model/boxed.h"

#include <gtest/gtest.h>

#include <string>

#include "model/probe_result.h"

namespace lde::model {
namespace {

TEST(BoxedTest, EmptyUntilGivenAValue) {
  Boxed<std::string> box;
  EXPECT_FALSE(box.has_value());
  EXPECT_FALSE(box);
  EXPECT_TRUE(box == std::nullopt);
  EXPECT_THROW(box.value(), std::bad_optional_access);
  box = std::string("x");
  ASSERT_TRUE(box);
  EXPECT_EQ(*box, "x");
  EXPECT_EQ(box->size(), 1u);
  box.emplace(3, 'y');
  EXPECT_EQ(box.value(), "yyy");
  box = std::nullopt;
  EXPECT_FALSE(box);
  box.emplace("z");
  box.reset();
  EXPECT_FALSE(box);
}

// Copies are deep, as std::optional's: changing one leaves the other.
TEST(BoxedTest, CopiesAreValues) {
  Boxed<std::string> a = std::string("one");
  Boxed<std::string> b = a;
  *b = "two";
  EXPECT_EQ(*a, "one");
  a = b;
  EXPECT_EQ(*a, "two");
  *a = "three";
  EXPECT_EQ(*b, "two");
  Boxed<std::string> moved = std::move(a);
  EXPECT_EQ(*moved, "three");
  const Boxed<std::string> from_optional = std::optional<std::string>("four");
  EXPECT_EQ(*from_optional, "four");
  EXPECT_FALSE(Boxed<std::string>(std::optional<std::string>()));
}

TEST(BoxedTest, EqualWhenBothEmptyOrBothEqual) {
  EXPECT_TRUE(Boxed<int>() == Boxed<int>());
  EXPECT_FALSE(Boxed<int>(1) == Boxed<int>());
  EXPECT_FALSE(Boxed<int>() == Boxed<int>(1));
  EXPECT_TRUE(Boxed<int>(1) == Boxed<int>(1));
  EXPECT_FALSE(Boxed<int>(1) == Boxed<int>(2));
}

// What the box is for: an endpoint report holds a pointer for each of its
// usually absent parts, not the parts themselves; and compares by value.
TEST(BoxedTest, EndpointReportHoldsAbsentPartsInAPointer) {
  static_assert(sizeof(Boxed<SanReport>) == sizeof(void*));
  static_assert(sizeof(Boxed<IssuerFetchReport>) == sizeof(void*));
  static_assert(sizeof(Boxed<StepFailure>) == sizeof(void*));
  EndpointReport a, b;
  a.failure = StepFailure{Step::kTls, Reason::kTimeout, "slow"};
  EXPECT_FALSE(a == b);
  b.failure = StepFailure{Step::kTls, Reason::kTimeout, "slow"};
  EXPECT_TRUE(a == b);
  b.san.emplace();
  EXPECT_FALSE(a == b);
}

}  // namespace
}  // namespace lde::model
