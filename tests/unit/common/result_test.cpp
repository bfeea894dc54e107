// Result<T>: a value or an Error, nothing else.
#include "common/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace lde {
namespace {

Result<int> Half(int n) {
  if (n % 2 != 0) return MakeError(ErrorKind::kInternal, std::to_string(n) + " is odd");
  return n / 2;
}

TEST(ResultTest, HoldsAValue) {
  auto r = Half(8);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 4);
}

TEST(ResultTest, HoldsAnError) {
  auto r = Half(7);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(static_cast<bool>(r));
  EXPECT_EQ(r.error(), (Error{ErrorKind::kInternal, "7 is odd"}));
}

TEST(ResultTest, WrongAccessThrowsInsteadOfReadingGarbage) {
  EXPECT_THROW((void)Half(7).value(), std::bad_variant_access);
  EXPECT_THROW((void)Half(8).error(), std::bad_variant_access);
}

TEST(ResultTest, ValueIsMutableAndMovable) {
  Result<std::vector<std::string>> r(std::vector<std::string>{"a"});
  r.value().push_back("b");
  std::vector<std::string> taken = std::move(r).value();
  EXPECT_EQ(taken, (std::vector<std::string>{"a", "b"}));
}

TEST(ResultTest, MoveOnlyValue) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(42));
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 42);
}

TEST(ResultTest, StringValueIsNotConfusedWithAnError) {
  Result<std::string> value(std::string("timeout"));
  EXPECT_TRUE(value.ok());
  EXPECT_EQ(value.value(), "timeout");
  Result<std::string> error(MakeError(ErrorKind::kTimeout, "3 s"));
  EXPECT_FALSE(error.ok());
  EXPECT_EQ(error.error().kind, ErrorKind::kTimeout);
  EXPECT_EQ(error.error().detail, "3 s");
}

}  // namespace
}  // namespace lde
