#include "x509/digest_memo.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <map>
#include <random>
#include <string>

namespace lde::x509::detail {
namespace {

// A key whose first eight bytes (the memo's hash) are `home` and whose rest
// tells keys with the same home apart: keys can be made to collide.
ossl::Sha256Digest Key(std::uint64_t home, std::uint32_t tag) {
  ossl::Sha256Digest key{};
  for (int i = 0; i < 8; ++i) key[i] = static_cast<std::uint8_t>(home >> (8 * i));
  for (int i = 0; i < 4; ++i) key[8 + i] = static_cast<std::uint8_t>(tag >> (8 * i));
  key[31] = 1;  // never the all-zero digest an empty slot holds
  return key;
}

TEST(DigestMemoTest, FindsWhatWasInsertedAndReplaces) {
  DigestMemo<std::string> memo(8);
  EXPECT_EQ(memo.Find(Key(1, 1)), std::nullopt);
  memo.Insert(Key(1, 1), "one");
  memo.Insert(Key(2, 2), "two");
  EXPECT_EQ(memo.Find(Key(1, 1)), "one");
  EXPECT_EQ(memo.Find(Key(2, 2)), "two");
  EXPECT_EQ(memo.Find(Key(1, 2)), std::nullopt);  // same hash, another key
  memo.Insert(Key(1, 1), "uno");
  EXPECT_EQ(memo.Find(Key(1, 1)), "uno");
  EXPECT_EQ(memo.size(), 2u);
  EXPECT_EQ(memo.hits(), 3u);
}

TEST(DigestMemoTest, CountsOnlyTheHitsItsCallerCouldUse) {
  DigestMemo<int> memo(4);
  memo.Insert(Key(7, 0), 41);
  EXPECT_EQ(memo.Find(Key(7, 0), [](int v) { return v > 100; }), std::nullopt);
  EXPECT_EQ(memo.hits(), 0u);
  EXPECT_EQ(memo.Find(Key(7, 0), [](int v) { return v == 41; }), 41);
  EXPECT_EQ(memo.hits(), 1u);
}

TEST(DigestMemoTest, WithoutRoomRemembersNothing) {
  DigestMemo<int> memo(0);
  memo.Insert(Key(1, 1), 1);
  EXPECT_EQ(memo.size(), 0u);
  EXPECT_EQ(memo.Find(Key(1, 1)), std::nullopt);
}

// Beyond its bound the memo forgets the oldest entries first; a replaced
// entry keeps its age.
TEST(DigestMemoTest, ForgetsTheOldestBeyondItsBound) {
  DigestMemo<int> memo(300);  // more than one block of slots
  for (int i = 0; i < 300; ++i) memo.Insert(Key(1000 + i, i), i);
  memo.Insert(Key(1000, 0), -1);  // replaced, still the oldest
  for (int i = 300; i < 310; ++i) memo.Insert(Key(1000 + i, i), i);
  EXPECT_EQ(memo.size(), 300u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(memo.Find(Key(1000 + i, i)), std::nullopt) << i;
  for (int i = 10; i < 310; ++i) EXPECT_EQ(memo.Find(Key(1000 + i, i)), i) << i;
}

// Against a plain map and queue, over many evictions, with keys crowded onto
// few hash values so that probing and backward-shift deletion wrap around and
// move entries: every answer must be the reference's.
TEST(DigestMemoTest, AgreesWithAReferenceUnderCollisionsAndEviction) {
  for (std::size_t bound : {1u, 7u, 64u, 300u}) {
    DigestMemo<std::uint32_t> memo(bound);
    std::map<ossl::Sha256Digest, std::uint32_t> reference;
    std::deque<ossl::Sha256Digest> order;
    std::mt19937 rng(static_cast<unsigned>(bound));
    // Few homes, half at the index's start and half at its end whatever its
    // size (all low bits set): long probe runs that wrap around.
    std::uniform_int_distribution<std::uint64_t> home(0, bound + 1);
    std::uniform_int_distribution<std::uint32_t> tag(0, 3);
    for (std::uint32_t step = 0; step < 20000; ++step) {
      const std::uint64_t h = home(rng);
      const ossl::Sha256Digest key = Key(step % 2 == 0 ? h : ~std::uint64_t{0} - h, tag(rng));
      if (step % 3 == 0) {
        const auto want = reference.find(key);
        const auto got = memo.Find(key);
        ASSERT_EQ(got.has_value(), want != reference.end()) << "bound " << bound << " step " << step;
        if (got) {
          ASSERT_EQ(*got, want->second);
        }
        continue;
      }
      memo.Insert(key, step);
      auto [it, inserted] = reference.insert_or_assign(key, step);
      if (!inserted) continue;
      order.push_back(key);
      if (reference.size() > bound) {
        reference.erase(order.front());
        order.pop_front();
      }
      ASSERT_EQ(memo.size(), reference.size());
    }
    for (const auto& [key, value] : reference) EXPECT_EQ(memo.Find(key), value);
  }
}

}  // namespace
}  // namespace lde::x509::detail
