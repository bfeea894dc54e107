#include "x509/parsed_certificate_cache.h"

#include <gtest/gtest.h>

#include <string>

#include "ossl/der.h"
#include "support/certs/cert_factory.h"
#include "x509/openssl_handles.h"

namespace lde::x509 {
namespace {

using detail::ParsedCertificateCache;

std::string Bytes(const model::Der& der) { return std::string(der.begin(), der.end()); }

TEST(ParsedCertificateCacheTest, AHitReturnsANewReferenceToTheSameCertificate) {
  auto pki = testing::MakePki("Cache", "cache.test");
  ParsedCertificateCache cache;
  EXPECT_EQ(cache.Find(Bytes(pki.leaf.der)), nullptr);

  ossl::X509Ptr parsed = ParseDer(pki.leaf.der);
  ASSERT_TRUE(parsed);
  cache.Insert(Bytes(pki.leaf.der), parsed.get());
  ossl::X509Ptr hit(cache.Find(Bytes(pki.leaf.der)));
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit.get(), parsed.get());
  // The cache holds its own reference: the caller's can go first.
  parsed.reset();
  EXPECT_EQ(ossl::ToDer(hit.get()), pki.leaf.der);
}

TEST(ParsedCertificateCacheTest, StaysWithinItsBoundEvictingTheOldest) {
  auto pki = testing::MakePki("Cache", "cache.test");
  ossl::X509Ptr cert = ParseDer(pki.leaf.der);
  ParsedCertificateCache cache;
  for (std::size_t i = 0; i <= ParsedCertificateCache::kMaxEntries; ++i) {
    cache.Insert("key-" + std::to_string(i), cert.get());
  }
  EXPECT_EQ(cache.size(), ParsedCertificateCache::kMaxEntries);
  EXPECT_EQ(cache.Find("key-0"), nullptr);
  ossl::X509Ptr newest(cache.Find("key-" + std::to_string(ParsedCertificateCache::kMaxEntries)));
  EXPECT_TRUE(newest);
}

TEST(ParsedCertificateCacheTest, HugeCertificatesStayWithinTheByteBudget) {
  // A hostile server can present a new certificate of up to 1 MiB on every
  // handshake: the cache holds a bounded number of them, not kMaxEntries.
  auto pki = testing::MakePki("Cache", "huge.test");
  ossl::X509Ptr cert = ParseDer(pki.leaf.der);
  const std::size_t huge = std::size_t{256} << 10;
  const std::size_t budget = 3 * ParsedCertificateCache::Cost(huge);
  ParsedCertificateCache cache(budget);
  for (char c = 'a'; c < 'k'; ++c) {
    cache.Insert(std::string(huge, c), cert.get());
    ASSERT_LE(cache.bytes(), budget) << c;
  }
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.Find(std::string(huge, 'g')), nullptr);  // the oldest went first
  ossl::X509Ptr newest(cache.Find(std::string(huge, 'j')));
  EXPECT_TRUE(newest);

  // One that alone exceeds the budget is not kept, and evicts nothing.
  cache.Insert(std::string(budget, 'z'), cert.get());
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.Find(std::string(budget, 'z')), nullptr);
}

TEST(ParsedCertificateCacheTest, TypicalCertificatesAreBoundByCountNotBytes) {
  EXPECT_EQ(ParsedCertificateCache::kMaxBytes, 16u * 1024 * 1024);
  EXPECT_LE(ParsedCertificateCache::kMaxEntries * ParsedCertificateCache::Cost(1500),
            ParsedCertificateCache::kMaxBytes);
}

TEST(ParsedCertificateCacheTest, ParseDerServesRepeatsFromTheCacheAndNeverCachesGarbage) {
  auto pki = testing::MakePki("Cache", "repeat.test");
  ossl::X509Ptr first = ParseDer(pki.intermediate.der);
  ossl::X509Ptr second = ParseDer(pki.intermediate.der);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first.get(), second.get());

  model::Der garbage(pki.leaf.der.begin(), pki.leaf.der.begin() + 40);
  EXPECT_FALSE(ParseDer(garbage));
  EXPECT_EQ(ParsedCertificateCache::Shared().Find(Bytes(garbage)), nullptr);
  model::Der trailing = pki.leaf.der;
  trailing.push_back(0);
  EXPECT_FALSE(ParseDer(trailing));
}

}  // namespace
}  // namespace lde::x509
