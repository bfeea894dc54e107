// The label-value budget (model/budgets.h): no label is longer than
// kLabelValueBytes, a cut never splits a UTF-8 character and says how much
// was cut, and no control character or ill-formed UTF-8 passes raw.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/utf8.h"
#include "metrics/label_values.h"
#include "model/budgets.h"

namespace lde::metrics {
namespace {

constexpr std::size_t kMax = model::budget::kLabelValueBytes.value;

std::string Bound(std::string_view value) {
  std::string scratch;
  return std::string(BoundLabelValue(value, scratch));
}

TEST(BoundLabelValueTest, PlainValuesPassThroughWithoutACopy) {
  for (std::string_view value :
       {std::string_view(""), std::string_view("https://a.example/x?y=1"),
        std::string_view("CN=Zürich Straße 東京 😀"), std::string_view("a\nb\"c\\")}) {
    SCOPED_TRACE(value);
    std::string scratch;
    const std::string_view out = BoundLabelValue(value, scratch);
    EXPECT_EQ(out.data(), value.data());
    EXPECT_EQ(out.size(), value.size());
  }
  const std::string at_budget(kMax, 'a');
  std::string scratch;
  EXPECT_EQ(BoundLabelValue(at_budget, scratch).data(), at_budget.data());
}

TEST(BoundLabelValueTest, A200KilobyteHrefIsCutToTheBudgetWithAMarker) {
  const std::string href = "https://webext.contoso.test/" + std::string(200 * 1024, 'x');
  const std::string out = Bound(href);
  EXPECT_LE(out.size(), kMax);
  EXPECT_GT(out.size(), kMax - 64);  // the budget is used, not wasted
  const std::size_t kept = out.find("\xE2\x80\xA6[truncated ");
  ASSERT_NE(kept, std::string::npos);
  EXPECT_EQ(href.compare(0, kept, out, 0, kept), 0);
  EXPECT_EQ(out.substr(kept), "\xE2\x80\xA6[truncated " + std::to_string(href.size() - kept) + " bytes]");
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(BoundLabelValueTest, NeverCutsInsideAMultiByteCharacter) {
  // Every alignment of 2-, 3- and 4-byte characters against the cut.
  for (const std::string unit : {"é", "€", "😀"}) {
    for (std::size_t pad = 0; pad < 4; ++pad) {
      std::string value(pad, 'p');
      while (value.size() < 3 * kMax) value += unit;
      SCOPED_TRACE(unit + " pad " + std::to_string(pad));
      const std::string out = Bound(value);
      EXPECT_LE(out.size(), kMax);
      EXPECT_TRUE(IsValidUtf8(out));
      const std::size_t kept = out.find("\xE2\x80\xA6[truncated ");
      ASSERT_NE(kept, std::string::npos);
      EXPECT_EQ(value.compare(0, kept, out, 0, kept), 0);
      EXPECT_EQ(out.substr(kept),
                "\xE2\x80\xA6[truncated " + std::to_string(value.size() - kept) + " bytes]");
    }
  }
}

TEST(BoundLabelValueTest, ControlCharactersBecomeVisibleSymbols) {
  struct Case {
    std::string in;
    std::string out;
  } cases[] = {
      {std::string("a\rb", 3),
       "a\xE2\x90\x8D"
       "b"},  // CR -> U+240D
      {std::string("a\0b", 3),
       "a\xE2\x90\x80"
       "b"},  // NUL -> U+2400
      {std::string("a\tb\x1b[31m", 8),
       "a\xE2\x90\x89"
       "b\xE2\x90\x9B[31m"},                                       // TAB, ESC
      {std::string("a\x7f", 2), "a\xE2\x90\xA1"},                  // DEL -> U+2421
      {std::string("a\xC2\x85z", 4), "a\xEF\xBF\xBDz"},            // C1 NEL -> U+FFFD
      {std::string("a\xff\xfe", 3), "a\xEF\xBF\xBD\xEF\xBF\xBD"},  // not UTF-8
      {std::string("a\xE2\x82", 3), "a\xEF\xBF\xBD"},              // a truncated sequence: one U+FFFD
      {std::string("a\xED\xA0\x80", 4), "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},  // a surrogate
      {"line\nfeed", "line\nfeed"},  // the text format escapes it as \n
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.in);
    const std::string out = Bound(c.in);
    EXPECT_EQ(out, c.out);
    EXPECT_TRUE(IsValidUtf8(out));
  }
}

TEST(BoundLabelValueTest, RepairedValuesStillFitTheBudget) {
  // Each control byte grows to 3 bytes: 1,000 of them need 3,000.
  const std::string controls(1000, '\r');
  const std::string out = Bound(controls);
  EXPECT_LE(out.size(), kMax);
  EXPECT_TRUE(IsValidUtf8(out));
  EXPECT_EQ(out.find('\r'), std::string::npos);
  EXPECT_NE(out.find("[truncated "), std::string::npos);
}

TEST(DnsNamesLabelTest, TwoThousandFourHundredSansKeepTheCommaWrappedForm) {
  std::vector<std::string> names;
  for (int i = 0; i < 2400; ++i) names.push_back("host" + std::to_string(i) + ".contoso.test");
  const std::string label = DnsNamesLabel(names);
  EXPECT_LE(label.size(), model::budget::kDnsNamesLabelBytes.value);
  ASSERT_GE(label.size(), 2u);
  EXPECT_EQ(label.front(), ',');
  EXPECT_EQ(label.back(), ',');
  // ",name,name,...,marker,": whole names in order, then the marker.
  std::vector<std::string> elements;
  for (std::size_t start = 1; start < label.size();) {
    const std::size_t comma = label.find(',', start);
    elements.push_back(label.substr(start, comma - start));
    start = comma + 1;
  }
  ASSERT_GE(elements.size(), 2u);
  const std::size_t kept = elements.size() - 1;
  for (std::size_t i = 0; i < kept; ++i) EXPECT_EQ(elements[i], names[i]);
  EXPECT_EQ(elements.back(), "\xE2\x80\xA6[truncated " + std::to_string(names.size() - kept) + " names]");
  EXPECT_GT(kept, 30u);  // the budget is used
}

TEST(DnsNamesLabelTest, NamesAreRepairedAndAnOversizeNameIsDroppedWhole) {
  EXPECT_EQ(DnsNamesLabel({std::string("a\rb", 3), "c"}),
            ",a\xE2\x90\x8D"
            "b,c,");
  const std::string label = DnsNamesLabel({std::string(5000, 'x'), "b.example"});
  EXPECT_EQ(label, ",\xE2\x80\xA6[truncated 2 names],");
}

}  // namespace
}  // namespace lde::metrics
