#include "metrics/series_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lde::metrics {
namespace {

TEST(SeriesIndexTest, KeyIsNewOnlyOnce) {
  SeriesIndex index;
  const std::string text = "abcabc";
  EXPECT_TRUE(index.Insert(text, 0, 3));
  EXPECT_FALSE(index.Insert(text, 0, 3));
  EXPECT_FALSE(index.Insert(text, 3, 3));  // equal text elsewhere is the same key
}

TEST(SeriesIndexTest, PrefixIsAnotherKey) {
  SeriesIndex index;
  const std::string text = "abcab";
  EXPECT_TRUE(index.Insert(text, 0, 3));   // "abc"
  EXPECT_TRUE(index.Insert(text, 3, 2));   // "ab"
  EXPECT_TRUE(index.Insert(text, 0, 0));   // ""
  EXPECT_FALSE(index.Insert(text, 5, 0));  // "" again
}

TEST(SeriesIndexTest, ClearForgetsEveryKey) {
  SeriesIndex index;
  const std::string text = "k1k2";
  EXPECT_TRUE(index.Insert(text, 0, 2));
  EXPECT_TRUE(index.Insert(text, 2, 2));
  index.Clear();
  EXPECT_TRUE(index.Insert(text, 0, 2));
  EXPECT_TRUE(index.Insert(text, 2, 2));
  index.Clear();
  index.Clear();  // twice is harmless
  EXPECT_TRUE(index.Insert(text, 0, 2));
}

// Keys are offsets, so the text may grow (and move) between inserts.
TEST(SeriesIndexTest, KeysSurviveTextGrowthAndTableGrowth) {
  SeriesIndex index;
  std::string text;
  std::vector<std::pair<std::size_t, std::size_t>> keys;
  for (int i = 0; i < 5000; ++i) {
    const std::string key = "series{i=\"" + std::to_string(i) + "\"}";
    keys.emplace_back(text.size(), key.size());
    text += key;
    ASSERT_TRUE(index.Insert(text, keys.back().first, keys.back().second)) << key;
  }
  for (int i = 0; i < 5000; ++i) {
    const std::string key = "series{i=\"" + std::to_string(i) + "\"}";
    const std::size_t at = text.size();
    text += key;
    ASSERT_FALSE(index.Insert(text, at, key.size())) << key;
  }
}

// A group's first keys are compared directly; past a handful they move into
// the hash set: a duplicate of any key is found on either side of the move.
TEST(SeriesIndexTest, DuplicatesFoundAcrossTheMoveToHashing) {
  for (int count : {1, 7, 8, 9, 16, 200}) {
    SeriesIndex index;
    std::string text;
    for (int i = 0; i < count; ++i) {
      const std::string key = "k" + std::to_string(i);
      const std::size_t at = text.size();
      text += key;
      ASSERT_TRUE(index.Insert(text, at, key.size())) << count << " " << key;
    }
    for (int i = count - 1; i >= 0; --i) {
      const std::string key = "k" + std::to_string(i);
      const std::size_t at = text.size();
      text += key;
      ASSERT_FALSE(index.Insert(text, at, key.size())) << count << " " << key;
    }
  }
}

// A large group, then small ones: Clear forgets the large group's keys (its
// slots too), and the next large group starts from nothing.
TEST(SeriesIndexTest, ClearAfterALargeGroupForgetsItsKeys) {
  SeriesIndex index;
  std::string text;
  auto insert = [&](const std::string& key) {
    const std::size_t at = text.size();
    text += key;
    return index.Insert(text, at, key.size());
  };
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(insert("big" + std::to_string(i))) << round << " " << i;
    ASSERT_FALSE(insert("big42"));
    index.Clear();
    EXPECT_TRUE(insert("big42"));  // forgotten, now small-group key
    EXPECT_TRUE(insert("small"));
    EXPECT_FALSE(insert("small"));
    index.Clear();
  }
}

}  // namespace
}  // namespace lde::metrics
