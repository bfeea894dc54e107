#include "x509/shared_cert_facts.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "support/certs/cert_factory.h"
#include "x509/certificate.h"

namespace lde::x509 {
namespace {

TEST(SharedCertFactsTest, TheSameCertificateIsDecodedIntoOneSharedFacts) {
  auto pki = testing::MakePki("Shared", "shared.test");
  auto first = DecodeCertificateShared(pki.intermediate.der);
  auto second = DecodeCertificateShared(pki.intermediate.der);
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(first.value().SharesWith(second.value()));
  // The facts are DecodeCertificate's, whoever decoded them first.
  EXPECT_EQ(first.value()->Unpack(), DecodeCertificate(pki.intermediate.der).value());

  auto leaf = DecodeCertificateShared(pki.leaf.der);
  ASSERT_TRUE(leaf.ok());
  EXPECT_FALSE(leaf.value().SharesWith(first.value()));
  EXPECT_EQ(leaf.value()->common_name(), "shared.test");
}

TEST(SharedCertFactsTest, GarbageIsAnErrorAndIsNotRemembered) {
  const std::size_t before = SharedCertFactsEntries();
  model::Der garbage = {0x30, 0x03, 0x02, 0x01, 0x01};
  auto decoded = DecodeCertificateShared(garbage);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().kind, ErrorKind::kCertificateParse);
  EXPECT_EQ(SharedCertFactsEntries(), before);
}

TEST(SharedCertFactsTest, EditingAHoldersCopyLeavesTheSharedFactsAlone) {
  auto pki = testing::MakePki("SharedEdit", "edit.test");
  auto held = DecodeCertificateShared(pki.leaf.der).value();
  model::CertRef edited = held;
  edited.Edit([&](model::CertFacts& f) { f.subject = "CN=changed"; });
  EXPECT_EQ(edited->subject(), "CN=changed");
  EXPECT_NE(held->subject(), "CN=changed");
  EXPECT_TRUE(DecodeCertificateShared(pki.leaf.der).value().SharesWith(held));
}

// Certificates nobody holds any more are forgotten: a server presenting a
// new certificate on every probe cannot grow the table without bound.
TEST(SharedCertFactsTest, CertificatesNoLongerHeldAreForgotten) {
  auto root = testing::MintCaChain("Churn", 0).front();
  testing::CertSpec spec;
  spec.common_name = "churn.test";
  spec.dns_names = {"churn.test"};
  auto key_source = testing::MintSigned(spec, root);
  spec.reuse_key_pem = key_source.key_pem;
  constexpr int kDistinct = 2500;
  for (int i = 0; i < kDistinct; ++i) {
    auto minted = testing::MintSigned(spec, root);  // a fresh serial each time
    ASSERT_TRUE(DecodeCertificateShared(minted.der).ok());
  }
  // Swept whenever the table doubles since the last sweep (at least 1024).
  EXPECT_LT(SharedCertFactsEntries(), 2048u);

  auto kept = DecodeCertificateShared(key_source.der).value();
  for (int i = 0; i < 1100; ++i)
    ASSERT_TRUE(DecodeCertificateShared(testing::MintSigned(spec, root).der).ok());
  EXPECT_TRUE(DecodeCertificateShared(key_source.der).value().SharesWith(kept));
}

// `n` distinct certificates (a fresh serial each) of one key and issuer.
std::vector<model::Der> MintDistinct(const std::string& name, int n) {
  auto root = testing::MintCaChain(name, 0).front();
  testing::CertSpec spec;
  spec.common_name = name + ".test";
  spec.reuse_key_pem = testing::MintSigned(spec, root).key_pem;
  std::vector<model::Der> ders;
  for (int i = 0; i < n; ++i) ders.push_back(testing::MintSigned(spec, root).der);
  return ders;
}

// Many certificates held at once: the table grows through several rebuilds
// (from 64 slots) and finds every one again, shared, by its fingerprint.
TEST(SharedCertFactsTest, EveryHeldCertificateStaysSharedAsTheTableGrows) {
  const std::vector<model::Der> ders = MintDistinct("grow", 400);
  std::vector<model::CertRef> held;
  for (const auto& der : ders) held.push_back(DecodeCertificateShared(der).value());
  EXPECT_GE(SharedCertFactsEntries(), held.size());
  for (std::size_t i = 0; i < ders.size(); ++i) {
    auto again = DecodeCertificateShared(ders[i]);
    ASSERT_TRUE(again.ok());
    EXPECT_TRUE(again.value().SharesWith(held[i])) << i;
    EXPECT_EQ(again.value()->Unpack(), DecodeCertificate(ders[i]).value()) << i;
  }
}

// Certificates let go are freed by lookups alone, without new certificates
// to make the table grow: targets removed by a reload leave no facts behind.
TEST(SharedCertFactsTest, CertificatesLetGoAreFreedWithoutNewOnes) {
  const std::vector<model::Der> ders = MintDistinct("drop", 300);
  std::vector<model::CertRef> held;
  for (const auto& der : ders) held.push_back(DecodeCertificateShared(der).value());
  const std::size_t with_them = SharedCertFactsEntries();
  ASSERT_GE(with_them, ders.size());
  held.resize(1);  // the first stays held

  // Bounded: the table sweeps after as many lookups as it has slots.
  for (int i = 0; i < (1 << 16) && SharedCertFactsEntries() > with_them - (ders.size() - 1); ++i)
    ASSERT_TRUE(DecodeCertificateShared(ders[0]).value().SharesWith(held[0]));
  EXPECT_LE(SharedCertFactsEntries(), with_them - (ders.size() - 1));
  EXPECT_TRUE(DecodeCertificateShared(ders[0]).value().SharesWith(held[0]));
}

// Threads decoding the same certificates at once end up with one facts
// each, whoever decoded first.
TEST(SharedCertFactsTest, ThreadsDecodingTheSameCertificatesShareOneFacts) {
  const std::vector<model::Der> ders = MintDistinct("race", 100);

  constexpr int kThreads = 4;
  std::vector<std::vector<model::CertRef>> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (const auto& der : ders) seen[t].push_back(DecodeCertificateShared(der).value());
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 1; t < kThreads; ++t) {
    for (std::size_t i = 0; i < ders.size(); ++i)
      EXPECT_TRUE(seen[t][i].SharesWith(seen[0][i])) << t << " " << i;
  }
}

}  // namespace
}  // namespace lde::x509
