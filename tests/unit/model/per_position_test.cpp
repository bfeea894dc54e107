#include "model/per_position.h"

#include <gtest/gtest.h>

#include <string>

#include "model/revocation_report.h"

namespace lde::model {
namespace {

CrlReport Good(std::string url) {
  CrlReport r;
  r.status = CrlStatus::kGood;
  r.url = std::move(url);
  return r;
}

TEST(PerPositionTest, ReadsLikeTheVectorItWasMadeFrom) {
  PerPosition<CrlReport> reports(
      std::vector<CrlReport>{Good("http://a/1.crl"), CrlReport{}, Good("http://a/2.crl")});
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_FALSE(reports.empty());
  const auto& read = reports;
  EXPECT_EQ(read[0].url, "http://a/1.crl");
  EXPECT_EQ(read[1], CrlReport{});
  EXPECT_EQ(read[2].status, CrlStatus::kGood);
  EXPECT_TRUE(PerPosition<CrlReport>().empty());
}

TEST(PerPositionTest, DroppingTheDefaultTailKeepsWhatEveryPositionReads) {
  const PerPosition<CrlReport> full{Good("http://a/1.crl"), CrlReport{}, CrlReport{}};
  PerPosition<CrlReport> held = full;
  held.DropDefaultTail();
  EXPECT_EQ(held.stored(), 1u);
  ASSERT_EQ(held.size(), 3u);
  const auto& read = held;
  EXPECT_EQ(read[0], full[0]);
  EXPECT_EQ(read[1], CrlReport{});
  EXPECT_EQ(read[2], CrlReport{});
  EXPECT_EQ(held, full);
}

TEST(PerPositionTest, ADefaultBeforeAReportThatSaysSomethingIsKept) {
  PerPosition<CrlReport> reports{CrlReport{}, Good("http://a/2.crl")};
  reports.DropDefaultTail();
  EXPECT_EQ(reports.stored(), 2u);
  EXPECT_EQ(reports[1].url, "http://a/2.crl");
}

TEST(PerPositionTest, AllDefaultsStoreNothing) {
  PerPosition<OcspReport> reports{OcspReport{}, OcspReport{}};
  reports.DropDefaultTail();
  EXPECT_EQ(reports.stored(), 0u);
  EXPECT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports, (PerPosition<OcspReport>{OcspReport{}, OcspReport{}}));
}

TEST(PerPositionTest, AReportWithADetailSaysSomething) {
  OcspReport why;
  why.detail = "self-issued: a root is not revoked by its own responder";
  PerPosition<OcspReport> reports{OcspReport{}, why};
  reports.DropDefaultTail();
  EXPECT_EQ(reports.stored(), 2u);
  EXPECT_EQ(std::as_const(reports)[1].detail, why.detail);
}

TEST(PerPositionTest, SizesDifferMeansUnequal) {
  EXPECT_FALSE((PerPosition<CrlReport>{CrlReport{}}) == (PerPosition<CrlReport>{CrlReport{}, CrlReport{}}));
  PerPosition<CrlReport> a{Good("http://a/1.crl")};
  PerPosition<CrlReport> b{Good("http://a/other.crl")};
  EXPECT_FALSE(a == b);
}

TEST(PerPositionTest, WritingAPositionPastTheStoredOnesStoresIt) {
  PerPosition<CrlReport> reports;
  reports.resize(3);
  EXPECT_EQ(reports.stored(), 0u);
  reports[2] = Good("http://a/3.crl");
  EXPECT_EQ(reports.stored(), 3u);
  EXPECT_EQ(std::as_const(reports)[2].url, "http://a/3.crl");
  EXPECT_EQ(std::as_const(reports)[0], CrlReport{});
  reports.resize(1);
  EXPECT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports.stored(), 1u);
}

}  // namespace
}  // namespace lde::model
