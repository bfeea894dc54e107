#include "model/sparse.h"

#include <gtest/gtest.h>

#include <string>

namespace lde::model {
namespace {

struct Report {
  int status = 0;
  std::string detail;
  bool operator==(const Report&) const = default;
};

TEST(SparseTest, ReadsTheDefaultWhileHoldingNothing) {
  Sparse<Report> s;
  EXPECT_FALSE(s.held());
  EXPECT_EQ(*s, Report{});
  EXPECT_EQ(s->status, 0);
  EXPECT_TRUE(s->detail.empty());
}

TEST(SparseTest, HoldsOnlyWhatDiffersFromTheDefault) {
  Sparse<Report> s;
  s = Report{2, "revoked"};
  EXPECT_TRUE(s.held());
  EXPECT_EQ(s->status, 2);
  EXPECT_EQ(s->detail, "revoked");
  s = Report{};  // back to the default: freed
  EXPECT_FALSE(s.held());
  EXPECT_EQ(*s, Report{});
  Sparse<Report> from_default(Report{});
  EXPECT_FALSE(from_default.held());
}

TEST(SparseTest, CopiesAreDeepAndCompareByValue) {
  Sparse<Report> a(Report{1, "x"});
  Sparse<Report> b = a;
  EXPECT_EQ(a, b);
  b = Report{1, "y"};
  EXPECT_EQ(a->detail, "x");  // the copy did not share
  EXPECT_FALSE(a == b);
  Sparse<Report> empty;
  EXPECT_FALSE(a == empty);
  EXPECT_EQ(empty, Sparse<Report>(Report{}));
  Sparse<Report> moved = std::move(a);
  EXPECT_EQ(moved->detail, "x");
}

}  // namespace
}  // namespace lde::model
