#include "http/basic_auth.h"

#include <Poco/Base64Encoder.h>
#include <crypt.h>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace lde::http {
namespace {

using Decision = BasicAuthenticator::Decision;
using Users = std::map<std::string, std::string>;

// From OpenBSD's bcrypt regression test (also in Openwall's crypt_blowfish):
// "U*U" under this setting.
const std::string kOpenBsdVector = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

// A bcrypt hash of `password`, minted with libxcrypt (cost 4 is fast).
std::string MintHash(const std::string& password, const char* prefix = "$2b$", unsigned long cost = 4) {
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (crypt_gensalt_rn(prefix, cost, nullptr, 0, salt, sizeof salt) == nullptr) return "";
  auto data = std::make_unique<crypt_data>();
  const char* hash = crypt_r(password.c_str(), salt, data.get());
  return hash == nullptr ? "" : hash;
}

// "Basic base64(user:password)", encoded by POCO (not by the code under test).
std::string Header(const std::string& user, const std::string& password,
                   const std::string& scheme = "Basic") {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << user << ':' << password;
  encoder.close();
  return scheme + " " + out.str();
}

TEST(BasicAuthTest, OpenBsdVectorHoldsUnderCryptR) {
  // Checked with crypt_r directly first, so the tests below rest on a fact.
  auto data = std::make_unique<crypt_data>();
  const char* out = crypt_r("U*U", kOpenBsdVector.c_str(), data.get());
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(std::string(out), kOpenBsdVector);
}

TEST(BasicAuthTest, ParsesBasicCredentials) {
  struct Case {
    const char* what;
    std::string header;
    std::optional<BasicCredentials> expected;
  };
  const Case cases[] = {
      {"plain", "Basic YWxpY2U6c2VjcmV0", BasicCredentials{"alice", "secret"}},
      {"lower-case scheme", "basic YWxpY2U6c2VjcmV0", BasicCredentials{"alice", "secret"}},
      {"upper-case scheme", "BASIC YWxpY2U6c2VjcmV0", BasicCredentials{"alice", "secret"}},
      {"mixed-case scheme", "bAsIc YWxpY2U6c2VjcmV0", BasicCredentials{"alice", "secret"}},
      {"several spaces", "Basic   YWxpY2U6c2VjcmV0", BasicCredentials{"alice", "secret"}},
      {"surrounding whitespace", " \tBasic YWxpY2U6c2VjcmV0\t ", BasicCredentials{"alice", "secret"}},
      {"colon in password kept", "Basic YTpiOmM=", BasicCredentials{"a", "b:c"}},
      {"empty user", "Basic OnNlY3JldA==", BasicCredentials{"", "secret"}},
      {"empty password", "Basic YWxpY2U6", BasicCredentials{"alice", ""}},
      {"binary password", Header("u", std::string("p\0q\xff", 4)),
       BasicCredentials{"u", std::string("p\0q\xff", 4)}},
      {"other scheme", "Bearer YWxpY2U6c2VjcmV0", std::nullopt},
      {"scheme prefix only", "BasicYWxpY2U6c2VjcmV0", std::nullopt},
      {"tab after scheme", "Basic\tYWxpY2U6c2VjcmV0", std::nullopt},
      {"scheme alone", "Basic", std::nullopt},
      {"scheme and space", "Basic ", std::nullopt},
      {"empty", "", std::nullopt},
      {"no colon", "Basic YWxpY2U=", std::nullopt},
      {"missing padding", "Basic YTpiOmM", std::nullopt},
      {"bad character", "Basic YWxp*2U6c2VjcmV0", std::nullopt},
      {"space inside", "Basic YWxpY2U6 c2VjcmV0", std::nullopt},
      {"url-safe alphabet", "Basic _-_-", std::nullopt},
      {"padding in the middle", "Basic YQ==YTpi", std::nullopt},
      {"three padding characters", "Basic Y===", std::nullopt},
      {"data after padding", "Basic YQ=a", std::nullopt},
      {"non-zero pad bits", "Basic YTpiOmN=", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(ParseBasicAuthorization(c.header), c.expected);
  }
}

TEST(BasicAuthTest, RecognisesBcryptHashes) {
  const std::string minted = MintHash("pw");
  ASSERT_EQ(minted.size(), 60u);
  EXPECT_TRUE(IsBcryptHash(kOpenBsdVector));
  EXPECT_TRUE(IsBcryptHash(minted));
  EXPECT_TRUE(IsBcryptHash(MintHash("pw", "$2y$")));
  EXPECT_TRUE(IsBcryptHash("$2b$31" + minted.substr(6)));
  const std::string bad[] = {
      "",
      "secret",
      "$2x$" + minted.substr(4),                       // the buggy pre-2011 variant
      "$2$" + minted.substr(4),                        // missing variant letter
      "$2b$03" + minted.substr(6),                     // cost below 4
      "$2b$32" + minted.substr(6),                     // cost above 31
      "$2b$4$" + minted.substr(6),                     // one-digit cost
      minted.substr(0, 59),                            // truncated
      minted + "x",                                    // too long
      minted.substr(0, 20) + "!" + minted.substr(21),  // outside the alphabet
      "$6$salt$Lh6c0cS3ZlJ9bF5",                       // SHA-512 crypt
      "ga3B1/aPyo5qQ",                                 // DES crypt
  };
  for (const auto& hash : bad) {
    SCOPED_TRACE(hash);
    EXPECT_FALSE(IsBcryptHash(hash));
  }
}

TEST(BasicAuthTest, VerifiesBcrypt) {
  EXPECT_TRUE(VerifyBcrypt("U*U", kOpenBsdVector));
  EXPECT_FALSE(VerifyBcrypt("U*V", kOpenBsdVector));
  EXPECT_FALSE(VerifyBcrypt("", kOpenBsdVector));
  for (const char* prefix : {"$2a$", "$2b$", "$2y$"}) {
    SCOPED_TRACE(prefix);
    const std::string hash = MintHash("correct horse", prefix);
    ASSERT_TRUE(hash.starts_with(prefix)) << hash;
    EXPECT_TRUE(VerifyBcrypt("correct horse", hash));
    EXPECT_FALSE(VerifyBcrypt("correct horsE", hash));
    EXPECT_FALSE(VerifyBcrypt("correct horse ", hash));
  }
}

TEST(BasicAuthTest, NulInPasswordIsNeverCutShort) {
  // crypt_r would read "U*U\0anything" as "U*U".
  EXPECT_FALSE(VerifyBcrypt(std::string("U*U\0anything", 12), kOpenBsdVector));
}

TEST(BasicAuthTest, GarbageHashIsFalseNotAnError) {
  // "ga3B1/aPyo5qQ" is what crypt_r gives for "x" with the DES setting "ga";
  // crypt_r would accept it, VerifyBcrypt must not.
  EXPECT_FALSE(VerifyBcrypt("x", "ga3B1/aPyo5qQ"));
  EXPECT_FALSE(VerifyBcrypt("x", ""));
  EXPECT_FALSE(VerifyBcrypt("x", "garbage"));
  EXPECT_FALSE(VerifyBcrypt("x", "$2b$03$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW"));
  EXPECT_FALSE(VerifyBcrypt("U*U", kOpenBsdVector.substr(0, 29)));  // the setting without a digest
}

TEST(BasicAuthTest, WithoutUsersAuthenticationIsOff) {
  BasicAuthenticator auth(Users{});
  EXPECT_FALSE(auth.enabled());
  EXPECT_EQ(auth.CheckCached(std::nullopt), Decision::kAllowed);
  EXPECT_EQ(auth.CheckCached(std::string_view("Bearer x")), Decision::kAllowed);
  EXPECT_TRUE(auth.Verify("garbage"));
}

TEST(BasicAuthTest, CachesAVerifiedSuccessOnly) {
  BasicAuthenticator auth(Users{{"prometheus", kOpenBsdVector}, {"alice", MintHash("secret")}});
  ASSERT_TRUE(auth.enabled());
  const std::string good = Header("prometheus", "U*U");
  const std::string wrong = Header("prometheus", "U*V");

  // Missing or malformed: denied at once.
  EXPECT_EQ(auth.CheckCached(std::nullopt), Decision::kDenied);
  EXPECT_EQ(auth.CheckCached(std::string_view("Bearer abc")), Decision::kDenied);
  EXPECT_EQ(auth.CheckCached(std::string_view("Basic !!!!")), Decision::kDenied);
  EXPECT_FALSE(auth.Verify("Basic !!!!"));

  // A failure is not cached.
  EXPECT_EQ(auth.CheckCached(std::string_view(wrong)), Decision::kNeedsVerification);
  EXPECT_FALSE(auth.Verify(wrong));
  EXPECT_EQ(auth.CheckCached(std::string_view(wrong)), Decision::kNeedsVerification);

  // A success is, for those exact credentials (whatever the scheme's case).
  EXPECT_EQ(auth.CheckCached(std::string_view(good)), Decision::kNeedsVerification);
  EXPECT_TRUE(auth.Verify(good));
  EXPECT_EQ(auth.CheckCached(std::string_view(good)), Decision::kAllowed);
  EXPECT_EQ(auth.CheckCached(std::string_view(Header("prometheus", "U*U", "basic"))), Decision::kAllowed);
  EXPECT_EQ(auth.CheckCached(std::string_view(wrong)), Decision::kNeedsVerification);
  EXPECT_EQ(auth.CheckCached(std::string_view(Header("alice", "U*U"))), Decision::kNeedsVerification);
  EXPECT_TRUE(auth.Verify(good));  // again: still true, still one entry

  EXPECT_TRUE(auth.Verify(Header("alice", "secret")));
  EXPECT_EQ(auth.CheckCached(std::string_view(Header("alice", "secret"))), Decision::kAllowed);
}

TEST(BasicAuthTest, UnknownUserGoesThroughVerificationAndIsDenied) {
  BasicAuthenticator auth(Users{{"prometheus", kOpenBsdVector}});
  // Not denied by CheckCached: that would answer faster for unknown users.
  const std::string stranger = Header("mallory", "U*U");
  EXPECT_EQ(auth.CheckCached(std::string_view(stranger)), Decision::kNeedsVerification);
  EXPECT_FALSE(auth.Verify(stranger));
  EXPECT_EQ(auth.CheckCached(std::string_view(stranger)), Decision::kNeedsVerification);
  // Nor is an empty user name, or one that differs only in case.
  EXPECT_FALSE(auth.Verify(Header("", "U*U")));
  EXPECT_FALSE(auth.Verify(Header("Prometheus", "U*U")));
}

// CPU time of this thread, which other processes on the machine do not inflate.
std::chrono::nanoseconds ThreadCpuTime() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

template <typename F>
std::chrono::nanoseconds CpuTimeOf(F&& f) {
  const auto start = ThreadCpuTime();
  f();
  return ThreadCpuTime() - start;
}

TEST(BasicAuthTest, UnknownUserCostsABcryptAtTheHighestConfiguredCost) {
  // Cost 9 is 32 times the work of cost 4: without a dummy hash, or with one
  // at the first (cheapest) user's cost, an unknown user would be far faster.
  BasicAuthenticator auth(
      Users{{"a-cheap", MintHash("pw", "$2b$", 4)}, {"b-slow", MintHash("pw", "$2y$", 9)}});
  const auto known = CpuTimeOf([&] { EXPECT_FALSE(auth.Verify(Header("b-slow", "wrong"))); });
  const auto unknown = CpuTimeOf([&] { EXPECT_FALSE(auth.Verify(Header("mallory", "wrong"))); });
  EXPECT_GT(unknown, known / 4) << "known " << known.count() << " ns, unknown " << unknown.count() << " ns";
}

TEST(BasicAuthTest, UserWithAnInvalidHashNeverPasses) {
  BasicAuthenticator auth(Users{{"broken", "ga3B1/aPyo5qQ"}});
  EXPECT_EQ(auth.CheckCached(std::string_view(Header("broken", "x"))), Decision::kNeedsVerification);
  EXPECT_FALSE(auth.Verify(Header("broken", "x")));
  EXPECT_FALSE(auth.Verify(Header("nobody", "x")));
}

TEST(BasicAuthTest, CacheDropsTheLeastRecentlyVerified) {
  const std::size_t n = BasicAuthenticator::kCacheEntries + 1;
  Users users;
  for (std::size_t i = 0; i < n; ++i) users["u" + std::to_string(i)] = MintHash("pw-" + std::to_string(i));
  BasicAuthenticator auth(users);
  auto header = [](std::size_t i) { return Header("u" + std::to_string(i), "pw-" + std::to_string(i)); };
  auto cached = [&](std::size_t i) { return auth.CheckCached(std::string_view(header(i))); };

  // Fill the cache with u0..u63, then verify u0 again: u1 is now the oldest.
  for (std::size_t i = 0; i + 1 < n; ++i) ASSERT_TRUE(auth.Verify(header(i))) << i;
  for (std::size_t i = 0; i + 1 < n; ++i) EXPECT_EQ(cached(i), Decision::kAllowed) << i;
  ASSERT_TRUE(auth.Verify(header(0)));
  ASSERT_TRUE(auth.Verify(header(n - 1)));
  EXPECT_EQ(cached(n - 1), Decision::kAllowed);
  EXPECT_EQ(cached(0), Decision::kAllowed);
  EXPECT_EQ(cached(1), Decision::kNeedsVerification);
  for (std::size_t i = 2; i < n; ++i) EXPECT_EQ(cached(i), Decision::kAllowed) << i;
  // u1 comes back by verifying, which drops the next oldest, u2.
  ASSERT_TRUE(auth.Verify(header(1)));
  EXPECT_EQ(cached(1), Decision::kAllowed);
  EXPECT_EQ(cached(2), Decision::kNeedsVerification);
}

TEST(BasicAuthTest, ConcurrentChecksAndVerifications) {
  Users users;
  for (int i = 0; i < 4; ++i) users["u" + std::to_string(i)] = MintHash("pw");
  BasicAuthenticator auth(users);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&auth, t] {
      const std::string header = Header("u" + std::to_string(t), "pw");
      for (int round = 0; round < 3; ++round) {
        EXPECT_TRUE(auth.Verify(header));
        EXPECT_EQ(auth.CheckCached(std::string_view(header)), Decision::kAllowed);
        EXPECT_FALSE(auth.Verify(Header("u" + std::to_string(t), "nope")));
      }
    });
  }
  for (auto& thread : threads) thread.join();
}

}  // namespace
}  // namespace lde::http
