#include "app/html.h"

#include <gtest/gtest.h>

namespace lde::app {
namespace {

TEST(HtmlTextTest, EscapesEveryCharacterThatCouldOpenATagOrLeaveAnAttribute) {
  EXPECT_EQ(HtmlText("<script>alert(\"x\")</script>"), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  EXPECT_EQ(HtmlText("O='Evil' & Co"), "O=&#39;Evil&#39; &amp; Co");
  EXPECT_EQ(HtmlText("&lt; stays text"), "&amp;lt; stays text");  // never decoded twice
  EXPECT_EQ(HtmlText("CN=ok.example, O=Contoso"), "CN=ok.example, O=Contoso");
  EXPECT_EQ(HtmlText("caf\xC3\xA9 \xE2\x9C\x93"), "caf\xC3\xA9 \xE2\x9C\x93");  // UTF-8 kept
}

TEST(HtmlTextTest, RepairsControlsAndBadUtf8AsLabelValuesAre) {
  // NUL, ESC and DEL visible as Control Pictures; C1 and ill-formed bytes as U+FFFD.
  EXPECT_EQ(HtmlText(std::string_view("a\0b\x1b"
                                      "c\x7f",
                                      6)),
            "a\xE2\x90\x80"
            "b\xE2\x90\x9B"
            "c\xE2\x90\xA1");
  EXPECT_EQ(HtmlText("\xC2\x85x\xFF"), "\xEF\xBF\xBDx\xEF\xBF\xBD");
  EXPECT_EQ(HtmlText("line\nnext"), "line\nnext");
}

TEST(HtmlTextTest, CutsLongValuesOnACharacterBoundaryWithAMarker) {
  std::string subject = "CN=" + std::string(5000, 'a') + "<";
  std::string out = HtmlText(subject, 100);
  EXPECT_LE(out.size(), 100u);
  EXPECT_EQ(out.rfind("CN=aaa", 0), 0u);
  EXPECT_NE(out.find("\xE2\x80\xA6[truncated "), std::string::npos) << out;
  EXPECT_EQ(out.find('<'), std::string::npos);
  // The default is the page's budget.
  EXPECT_LE(HtmlText(std::string(100000, 'x')).size(), model::budget::kStatusPageValueBytes.value);
}

}  // namespace
}  // namespace lde::app
