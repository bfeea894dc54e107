#include "x509/trust_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "support/certs/cert_specs.h"
#include "x509/trust_store_impl.h"

namespace lde::x509 {
namespace {

using lde::testing::MakePki;
using lde::testing::MintSelfSigned;
using lde::testing::PemBundle;
using lde::testing::TestPki;

// A file under the gtest temp dir, removed when the test ends.
class TempFile {
 public:
  TempFile(const std::string& tag, const std::string& content)
      : path_(::testing::TempDir() + "lde_x509_" + tag + "_" + std::to_string(getpid()) + ".pem") {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class TrustStoreTest : public ::testing::Test {
 protected:
  TestPki pki_ = MakePki("Store", "s.test", lde::testing::kTestNow);
};

TEST_F(TrustStoreTest, FromPemCountsDistinctAnchors) {
  TestPki other = MakePki("Other", "o.test", lde::testing::kTestNow);
  auto store = TrustStore::FromPem("corp", PemBundle({&pki_.root, &other.root, &pki_.root}));
  ASSERT_TRUE(store.ok()) << store.error().detail;
  EXPECT_EQ(store.value()->name(), "corp");
  EXPECT_EQ(store.value()->size(), 2u);
}

TEST_F(TrustStoreTest, FromPemWithoutCertificateIsAConfigError) {
  for (const std::string& pem : {std::string(), pki_.root.key_pem, std::string("junk")}) {
    auto store = TrustStore::FromPem("corp", pem);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.error().kind, ErrorKind::kConfig);
    EXPECT_NE(store.error().detail.find("\"corp\""), std::string::npos) << store.error().detail;
  }
}

TEST_F(TrustStoreTest, LoadsCaFiles) {
  TestPki other = MakePki("Other", "o.test", lde::testing::kTestNow);
  TempFile a("a", pki_.root.pem), b("b", other.root.pem + pki_.root.pem);
  config::TrustStoreConfig cfg{"enterprise", false, {a.path(), b.path()}};
  auto store = TrustStore::Load(cfg);
  ASSERT_TRUE(store.ok()) << store.error().detail;
  EXPECT_EQ(store.value()->name(), "enterprise");
  EXPECT_EQ(store.value()->size(), 2u);
}

TEST_F(TrustStoreTest, MissingFileNamesStoreAndFile) {
  const std::string path = ::testing::TempDir() + "lde_x509_no_such_file.pem";
  auto store = TrustStore::Load("enterprise", false, {path});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kConfig);
  EXPECT_NE(store.error().detail.find("enterprise"), std::string::npos);
  EXPECT_NE(store.error().detail.find(path), std::string::npos) << store.error().detail;
  EXPECT_NE(store.error().detail.find("No such file"), std::string::npos) << store.error().detail;
}

TEST_F(TrustStoreTest, FileWithoutCertificateNamesFile) {
  TempFile key("key", pki_.root.key_pem), good("good", pki_.root.pem);
  auto store = TrustStore::Load("enterprise", false, {good.path(), key.path()});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kConfig);
  EXPECT_NE(store.error().detail.find(key.path()), std::string::npos) << store.error().detail;
  EXPECT_NE(store.error().detail.find("no certificate"), std::string::npos) << store.error().detail;
}

TEST_F(TrustStoreTest, DirectoryIsNotAFile) {
  auto store = TrustStore::Load("enterprise", false, {::testing::TempDir()});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kConfig);
}

TEST_F(TrustStoreTest, NothingToLoadIsAConfigError) {
  auto store = TrustStore::Load("empty", false, {});
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().kind, ErrorKind::kConfig);
}

TEST_F(TrustStoreTest, SystemStoreHasAnchors) {
  auto store = TrustStore::Load("public", true, {});
  ASSERT_TRUE(store.ok()) << store.error().detail;
  EXPECT_GT(store.value()->size(), 10u);
  // ca_files add to the system bundle.
  TempFile extra("extra", pki_.root.pem);
  auto both = TrustStore::Load("public+corp", true, {extra.path()});
  ASSERT_TRUE(both.ok()) << both.error().detail;
  EXPECT_EQ(both.value()->size(), store.value()->size() + 1);
}

TEST_F(TrustStoreTest, HasIssuerOfChecksNameAndSignature) {
  auto store = TrustStore::FromPem("corp", pki_.root.pem);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(store.value()->HasIssuerOf(pki_.intermediate.der));
  EXPECT_FALSE(store.value()->HasIssuerOf(pki_.leaf.der));  // issued by the intermediate
  EXPECT_TRUE(store.value()->HasIssuerOf(pki_.root.der));   // self-signed anchor itself
  EXPECT_FALSE(store.value()->HasIssuerOf(model::Der{1, 2, 3}));
  EXPECT_FALSE(store.value()->HasIssuerOf(model::Der{}));

  // Same name, different key: an impostor root must not count.
  TestPki twin = MakePki("Store", "s.test", lde::testing::kTestNow);
  auto twin_store = TrustStore::FromPem("twin", twin.root.pem);
  ASSERT_TRUE(twin_store.ok());
  EXPECT_FALSE(twin_store.value()->HasIssuerOf(pki_.intermediate.der));
}

TEST_F(TrustStoreTest, IssuerOfReturnsTheAnchorThatSigned) {
  TestPki twin = MakePki("Store", "s.test", lde::testing::kTestNow);
  // The twin root comes first and has the same name: only the key decides.
  auto store = TrustStore::FromPem("corp", twin.root.pem + pki_.root.pem);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(store.value()->IssuerOf(pki_.intermediate.der), pki_.root.der);
  EXPECT_EQ(store.value()->IssuerOf(twin.intermediate.der), twin.root.der);
  EXPECT_EQ(store.value()->IssuerOf(pki_.leaf.der), std::nullopt);
  EXPECT_EQ(store.value()->IssuerOf(model::Der{1, 2, 3}), std::nullopt);
}

TEST_F(TrustStoreTest, RememberedIssuersGiveTheSameAnswers) {
  TestPki twin = MakePki("Store", "s.test", lde::testing::kTestNow);
  auto store = TrustStore::FromPem("corp", twin.root.pem + pki_.root.pem);
  ASSERT_TRUE(store.ok());
  const auto& memo = store.value()->impl().issuers;
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(store.value()->IssuerOf(pki_.intermediate.der), pki_.root.der);
    EXPECT_TRUE(store.value()->HasIssuerOf(twin.intermediate.der));
    EXPECT_FALSE(store.value()->HasIssuerOf(pki_.leaf.der));
    EXPECT_FALSE(store.value()->HasIssuerOf(model::Der{1, 2, 3}));
  }
  EXPECT_EQ(memo.size(), 3u);  // undecodable input is not remembered
  EXPECT_EQ(memo.hits(), 6u);
}

}  // namespace
}  // namespace lde::x509
