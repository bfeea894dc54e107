#include "scrape/mapped_bytes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <string>
#include <utility>

namespace lde::scrape {
namespace {

std::size_t Page() { return static_cast<std::size_t>(sysconf(_SC_PAGESIZE)); }

TEST(MappedBytesTest, HoldsACopyInWholePages) {
  std::string text(Page() + 10, 'x');
  text[0] = 'a';
  text.back() = 'z';
  const MappedBytes block(text);
  text[0] = 'b';  // a copy: the block does not see it
  EXPECT_EQ(block.size(), Page() + 10);
  EXPECT_EQ(block.view().front(), 'a');
  EXPECT_EQ(block.view().back(), 'z');
  EXPECT_EQ(block.mapped_size(), 2 * Page());
}

TEST(MappedBytesTest, AnEmptyBlockMapsNothing) {
  const MappedBytes none("");
  EXPECT_EQ(none.size(), 0u);
  EXPECT_TRUE(none.view().empty());
  EXPECT_EQ(none.mapped_size(), 0u);
  EXPECT_EQ(MappedBytes().mapped_size(), 0u);
}

TEST(MappedBytesTest, MovesTakeTheBlockAndLeaveNothingBehind) {
  MappedBytes a(std::string(100, 'q'));
  const char* data = a.view().data();
  MappedBytes b(std::move(a));
  EXPECT_EQ(b.view().data(), data);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty
  MappedBytes c("other");
  c = std::move(b);  // "other" is unmapped, the block moves
  EXPECT_EQ(c.view(), std::string(100, 'q'));
  c = MappedBytes();
  EXPECT_EQ(c.mapped_size(), 0u);
}

// Kept pieces are read-only: a stray write faults where it happens.
TEST(MappedBytesDeathTest, AWriteIntoTheBlockFaults) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const MappedBytes block("kept");
  EXPECT_DEATH(const_cast<char*>(block.view().data())[0] = 'x', "");
}

}  // namespace
}  // namespace lde::scrape
