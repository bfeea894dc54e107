#include "model/interned_text.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace lde::model {
namespace {

TEST(InternedTextTest, EqualTextsShareOneEntryWhileHeld) {
  const std::size_t before = InternedText::PoolSize();
  {
    std::string built = "lyncdiscover.";
    built += "contoso.com";  // a text made at run time, not a literal
    InternedText a = built;
    InternedText b("lyncdiscover.contoso.com");
    EXPECT_EQ(InternedText::PoolSize(), before + 1);
    EXPECT_EQ(a, b);
    EXPECT_EQ(a.view().data(), b.view().data());  // one copy of the bytes
    EXPECT_EQ(a, "lyncdiscover.contoso.com");
    EXPECT_EQ(a, built);
    EXPECT_NE(a, InternedText("lyncdiscoverinternal.contoso.com"));
    EXPECT_EQ(a.size(), built.size());
    EXPECT_EQ(a.str(), built);
    EXPECT_EQ(a + ":443", "lyncdiscover.contoso.com:443");
  }
  EXPECT_EQ(InternedText::PoolSize(), before);  // freed with its last holder
}

TEST(InternedTextTest, EmptyTextHoldsNothing) {
  const std::size_t before = InternedText::PoolSize();
  InternedText none;
  InternedText empty("");
  EXPECT_TRUE(none.empty());
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(none, empty);
  EXPECT_EQ(none, "");
  EXPECT_EQ(none.view(), std::string_view());
  EXPECT_EQ(InternedText::PoolSize(), before);
}

TEST(InternedTextTest, CopiesAndMovesKeepTheCountRight) {
  const std::size_t before = InternedText::PoolSize();
  InternedText a("TLS_AES_256_GCM_SHA384");
  {
    InternedText copy = a;
    InternedText moved = std::move(copy);
    InternedText assigned;
    assigned = moved;
    assigned = assigned;  // self-assignment keeps it
    EXPECT_EQ(assigned, "TLS_AES_256_GCM_SHA384");
    moved = InternedText("TLSv1.3");  // the old text still held by `a`
    EXPECT_EQ(InternedText::PoolSize(), before + 2);
  }
  EXPECT_EQ(InternedText::PoolSize(), before + 1);
  EXPECT_EQ(a, "TLS_AES_256_GCM_SHA384");
  a = InternedText();
  EXPECT_EQ(InternedText::PoolSize(), before);
}

TEST(InternedTextTest, OrdersAndPrintsByText) {
  EXPECT_LT(InternedText("enterprise"), InternedText("public"));
  EXPECT_LT(InternedText(), InternedText("a"));
  std::ostringstream out;
  out << InternedText("public");
  EXPECT_EQ(out.str(), "public");
}

// Enough texts that the pool's table grows and shrinks several times, freed
// out of insertion order: every text still held must stay findable (the
// table's removal moves entries back into holes).
TEST(InternedTextTest, ThousandsOfTextsGrowAndShrinkThePool) {
  const std::size_t before = InternedText::PoolSize();
  std::vector<InternedText> held;
  for (int i = 0; i < 5000; ++i) held.emplace_back("site" + std::to_string(i) + ".bench.test");
  EXPECT_EQ(InternedText::PoolSize(), before + 5000);
  for (std::size_t i = 0; i < held.size(); i += 3) held[i] = InternedText();
  const std::size_t kept = static_cast<std::size_t>(
      std::count_if(held.begin(), held.end(), [](const InternedText& t) { return !t.empty(); }));
  EXPECT_EQ(InternedText::PoolSize(), before + kept);
  for (int i = 0; i < 5000; ++i) {
    const InternedText again("site" + std::to_string(i) + ".bench.test");
    if (i % 3 == 0) {
      EXPECT_TRUE(held[i].empty());
    } else {
      EXPECT_EQ(again.view().data(), held[i].view().data()) << i;  // found, not made again
    }
  }
  EXPECT_EQ(InternedText::PoolSize(), before + kept);
  // Down to one in ten: the table halves more than once, and what is left is still found.
  for (std::size_t i = 0; i < held.size(); ++i) {
    if (i % 10 != 1) held[i] = InternedText();
  }
  std::size_t left = 0;
  for (std::size_t i = 1; i < held.size(); i += 10) {
    if (held[i].empty()) continue;  // freed by the first pass
    ++left;
    const InternedText again("site" + std::to_string(i) + ".bench.test");
    EXPECT_EQ(again.view().data(), held[i].view().data()) << i;
  }
  EXPECT_EQ(left, 334u);
  EXPECT_EQ(InternedText::PoolSize(), before + left);
  held.clear();
  EXPECT_EQ(InternedText::PoolSize(), before);
}

// Results are built on the probe threads and dropped wherever their last
// snapshot goes: the same texts made, copied and released on several threads
// at once leave the pool as it was (the sanitizer builds check the races).
TEST(InternedTextTest, ThreadsShareAndReleaseTheSameTexts) {
  const std::size_t before = InternedText::PoolSize();
  const InternedText shared("shared.contoso.com");
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&shared, t] {
      for (int i = 0; i < 2000; ++i) {
        InternedText mine("host" + std::to_string(i % 7) + ".contoso.com");
        InternedText copy = shared;
        InternedText other = mine;
        if ((i + t) % 2 == 0) mine = InternedText();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(InternedText::PoolSize(), before + 1);
  EXPECT_EQ(shared, "shared.contoso.com");
}

}  // namespace
}  // namespace lde::model
