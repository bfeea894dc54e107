// A deployment's `auth` block and its password file: the file must be the
// daemon's alone, one bounded line; every refusal names the file (and its
// mode), never its content.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config_loader.h"
#include "config/password_file.h"

namespace lde::config {
namespace {

namespace fs = std::filesystem;

constexpr const char* kSecret = "s3cret-Pa55word";

class AuthConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/lde-auth-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& content, mode_t mode = 0600) {
    const std::string path = dir_ + "/" + name;
    {
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << content;
    }
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path;
  }

  ConfigLoadResult Parse(const std::string& auth_yaml) {
    const std::string yaml =
        "deployments:\n  - domain: c.test\n    external: {}\n    auth: " + auth_yaml + "\n";
    return ParseConfigText(yaml, "auth.yaml", dir_);
  }

  static std::string Joined(const ConfigLoadResult& r) {
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    return all;
  }

  std::string dir_;
};

TEST_F(AuthConfigTest, ReadsTheUsernameAndTheOneLinePassword) {
  Write("pw", std::string(kSecret) + "\n");
  auto result = Parse("{username: alice@c.test, password_file: pw}");
  ASSERT_TRUE(result.ok()) << Joined(result);
  ASSERT_EQ(result.config->deployments.size(), 1u);
  const auto& auth = result.config->deployments[0].auth;
  ASSERT_TRUE(auth.has_value());
  EXPECT_EQ(auth->username, "alice@c.test");
  EXPECT_EQ(auth->password_file, dir_ + "/pw");  // relative to the config's directory
  EXPECT_EQ(auth->password, kSecret);
}

TEST_F(AuthConfigTest, NoAuthBlockMeansNoSignin) {
  auto result = ParseConfigText("deployments:\n  - domain: c.test\n    external: {}\n", "a.yaml", dir_);
  ASSERT_TRUE(result.ok()) << Joined(result);
  EXPECT_FALSE(result.config->deployments[0].auth.has_value());
}

TEST_F(AuthConfigTest, CarriageReturnAndNewlineAreStripped) {
  Write("pw", std::string(kSecret) + "\r\n");
  auto result = Parse("{username: alice@c.test, password_file: pw}");
  ASSERT_TRUE(result.ok()) << Joined(result);
  EXPECT_EQ(result.config->deployments[0].auth->password, kSecret);
}

TEST_F(AuthConfigTest, AReloadReadsTheFileAgain) {
  Write("pw", "first\n");
  auto first = Parse("{username: alice@c.test, password_file: pw}");
  ASSERT_TRUE(first.ok()) << Joined(first);
  Write("pw", "second\n");
  auto second = Parse("{username: alice@c.test, password_file: pw}");
  ASSERT_TRUE(second.ok()) << Joined(second);
  EXPECT_EQ(first.config->deployments[0].auth->password, "first");
  EXPECT_EQ(second.config->deployments[0].auth->password, "second");
}

TEST_F(AuthConfigTest, AFileOthersCanReadIsRefusedWithItsModeNotItsContent) {
  const std::string path = Write("pw", std::string(kSecret) + "\n", 0640);
  auto result = Parse("{username: alice@c.test, password_file: pw}");
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), 1u) << Joined(result);
  const std::string& error = result.errors[0];
  EXPECT_NE(error.find("auth.yaml:4: deployments[0].auth.password_file: password file " + path),
            std::string::npos)
      << error;
  EXPECT_NE(error.find("mode 0640"), std::string::npos) << error;
  EXPECT_EQ(error.find(kSecret), std::string::npos) << error;
}

TEST_F(AuthConfigTest, WorldReadableIsRefusedToo) {
  Write("pw", std::string(kSecret) + "\n", 0604);
  auto result = Parse("{username: alice@c.test, password_file: pw}");
  ASSERT_EQ(result.errors.size(), 1u) << Joined(result);
  EXPECT_NE(result.errors[0].find("mode 0604"), std::string::npos) << result.errors[0];
}

TEST_F(AuthConfigTest, EveryBadFileIsOneClearErrorWithoutTheContent) {
  struct Case {
    const char* name;
    std::string content;
    const char* message;
  };
  const Case cases[] = {
      {"empty", "", "is empty"},
      {"newline-only", "\n", "is empty"},
      {"two-lines", std::string(kSecret) + "\nsecond\n", "holds more than one line"},
      {"huge", std::string(kMaxPasswordFileBytes + 1, 'x'), "larger than 4096 bytes"},
  };
  for (const auto& c : cases) {
    Write(c.name, c.content);
    auto result = Parse(std::string("{username: alice@c.test, password_file: ") + c.name + "}");
    ASSERT_EQ(result.errors.size(), 1u) << c.name << ": " << Joined(result);
    EXPECT_NE(result.errors[0].find(c.message), std::string::npos) << c.name << ": " << result.errors[0];
    EXPECT_NE(result.errors[0].find(dir_ + "/" + c.name), std::string::npos) << result.errors[0];
    EXPECT_EQ(result.errors[0].find(kSecret), std::string::npos) << result.errors[0];
  }
}

TEST_F(AuthConfigTest, AMissingFileOrADirectoryIsRefused) {
  auto missing = Parse("{username: alice@c.test, password_file: nope}");
  ASSERT_EQ(missing.errors.size(), 1u) << Joined(missing);
  EXPECT_NE(missing.errors[0].find("password file " + dir_ + "/nope: cannot read: No such file"),
            std::string::npos)
      << missing.errors[0];
  fs::create_directory(dir_ + "/d");
  ::chmod((dir_ + "/d").c_str(), 0700);
  auto directory = Parse("{username: alice@c.test, password_file: d}");
  ASSERT_EQ(directory.errors.size(), 1u) << Joined(directory);
  EXPECT_NE(directory.errors[0].find("not a regular file"), std::string::npos) << directory.errors[0];
}

TEST_F(AuthConfigTest, AFileOfAnotherUserIsRefused) {
  const std::string path = Write("pw", std::string(kSecret) + "\n");
  auto read = ReadPasswordFile(path, ::geteuid() + 1);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().detail.find("owned by uid " + std::to_string(::geteuid())), std::string::npos)
      << read.error().detail;
  EXPECT_EQ(read.error().detail.find(kSecret), std::string::npos);
  EXPECT_TRUE(ReadPasswordFile(path, ::geteuid()).ok());
}

TEST_F(AuthConfigTest, TheBlockNeedsAUsernameAndAFile) {
  Write("pw", "x\n");
  auto no_file = Parse("{username: alice@c.test}");
  ASSERT_EQ(no_file.errors.size(), 1u) << Joined(no_file);
  EXPECT_NE(no_file.errors[0].find("password_file"), std::string::npos) << no_file.errors[0];
  auto no_user = Parse("{password_file: pw}");
  ASSERT_EQ(no_user.errors.size(), 1u) << Joined(no_user);
  EXPECT_NE(no_user.errors[0].find("username"), std::string::npos) << no_user.errors[0];
  auto bad_user = Parse("{username: alice, password_file: pw}");
  ASSERT_EQ(bad_user.errors.size(), 1u) << Joined(bad_user);
  EXPECT_NE(bad_user.errors[0].find("deployments[0].auth.username: expected user@domain, got \"alice\""),
            std::string::npos)
      << bad_user.errors[0];
  auto sip_user = Parse("{username: sip:alice@c.test, password_file: pw}");
  EXPECT_EQ(sip_user.errors.size(), 1u) << Joined(sip_user);
  auto unknown = Parse("{username: alice@c.test, password_file: pw, password: x}");
  ASSERT_EQ(unknown.errors.size(), 1u) << Joined(unknown);
  EXPECT_NE(unknown.errors[0].find("deployments[0].auth: unknown key \"password\""), std::string::npos)
      << unknown.errors[0];
}

}  // namespace
}  // namespace lde::config
