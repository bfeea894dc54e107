// LoadConfigFile refuses what is not a config file to read (a device, a FIFO,
// a directory, something huge) with one clear error, before reading it: the
// same bounded read as the web config (config/bounded_file.h).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "config/config_loader.h"

namespace lde::config {
namespace {

namespace fs = std::filesystem;

class ConfigFileReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("config_read_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  fs::path dir_;
};

TEST_F(ConfigFileReadTest, WhatIsNotARegularFileIsRefusedUnread) {
  const std::string fifo = (dir_ / "fifo.yml").string();
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  struct Case {
    std::string path;
    std::string error;
  } cases[] = {
      // /dev/zero would never end; a FIFO without a writer would block the
      // open (and a reload with it) forever.
      {"/dev/zero", "/dev/zero: cannot read config file: not a regular file"},
      {fifo, fifo + ": cannot read config file: not a regular file"},
      {dir_.string(), dir_.string() + ": cannot read config file: is a directory"},
      {"/dev/null", "/dev/null: cannot read config file: not a regular file"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path);
    ConfigLoadResult result = LoadConfigFile(c.path);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.errors, std::vector<std::string>{c.error});
  }
}

TEST_F(ConfigFileReadTest, FileOverFourMebibytesIsRefused) {
  ASSERT_EQ(kMaxConfigBytes, 4u * 1024 * 1024);
  // A YAML comment of exactly the limit is read (and parsed); one byte more is not.
  const std::string at_limit = Write("limit.yml", "#" + std::string(kMaxConfigBytes - 2, 'x') + "\n");
  ConfigLoadResult read = LoadConfigFile(at_limit);
  for (const auto& error : read.errors) EXPECT_EQ(error.find("larger than"), std::string::npos) << error;
  const std::string over = Write("big.yml", "#" + std::string(kMaxConfigBytes - 1, 'x') + "\n");
  ConfigLoadResult result = LoadConfigFile(over);
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.errors, std::vector<std::string>{over + ": config file is larger than 4194304 bytes"});
}

TEST_F(ConfigFileReadTest, ASymlinkToARegularFileIsRead) {
  const std::string target = Write("real.yml", "global:\n  interval: 30s\n");
  const std::string link = (dir_ / "link.yml").string();
  fs::create_symlink(target, link);
  ConfigLoadResult result = LoadConfigFile(link);
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  EXPECT_EQ(result.config->global.interval, std::chrono::seconds(30));
  EXPECT_EQ(result.config->source_path, link);
}

}  // namespace
}  // namespace lde::config
