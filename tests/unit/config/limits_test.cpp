// The budgets on hostile input (model/budgets.h): the configurable ones load
// and validate like every other key, and the README's Limits table states
// exactly the budgets, defaults and keys the code has.

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "model/budgets.h"

namespace lde::config {
namespace {

namespace budget = model::budget;

ConfigLoadResult Parse(const std::string& yaml) {
  return ParseConfigText(yaml, "test.yaml", LDE_CONFIG_TEST_DATA_DIR);
}

TEST(MaxAddressesPerNameTest, DefaultsToTheBudget) {
  ConfigLoadResult result = Parse("global: {}\n");
  ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
  EXPECT_EQ(result.config->global.max_addresses_per_name, budget::kAddressesPerName.value);
  EXPECT_EQ(result.config->global.max_addresses_per_name, 16u);
  EXPECT_EQ(result.config->global.max_body_bytes, budget::kBodyBytes.value);
}

TEST(MaxAddressesPerNameTest, AcceptsTheWholeRange) {
  for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{16}, std::size_t{256}}) {
    SCOPED_TRACE(n);
    ConfigLoadResult result = Parse("global:\n  max_addresses_per_name: " + std::to_string(n) + "\n");
    ASSERT_TRUE(result.ok()) << ::testing::PrintToString(result.errors);
    EXPECT_EQ(result.config->global.max_addresses_per_name, n);
  }
}

TEST(MaxAddressesPerNameTest, RejectsValuesOutsideTheRangeWithTheLine) {
  struct Case {
    const char* yaml;
    const char* error;
  } cases[] = {
      {"global:\n  max_addresses_per_name: 0\n",
       "test.yaml:2: global.max_addresses_per_name: 0 is out of range 1-256"},
      {"global:\n  max_addresses_per_name: 257\n",
       "test.yaml:2: global.max_addresses_per_name: 257 is out of range 1-256"},
      {"global:\n  max_addresses_per_name: -1\n",
       "test.yaml:2: global.max_addresses_per_name: -1 is out of range 1-256"},
      {"global:\n  max_addresses_per_name: 99999999999999999999\n",
       "test.yaml:2: global.max_addresses_per_name: 99999999999999999999 is out of range 1-256"},
      {"global:\n  max_addresses_per_name: many\n",
       "test.yaml:2: global.max_addresses_per_name: expected an integer, got \"many\""},
      {"global:\n  max_addresses_per_name: [16]\n",
       "test.yaml:2: global.max_addresses_per_name: expected an integer, got a sequence"},
      {"global:\n  max_adresses_per_name: 16\n",
       "test.yaml:2: global: unknown key \"max_adresses_per_name\" (expected one of: interval, timeout, "
       "concurrency, max_body_bytes, max_addresses_per_name, vantage, shard, networks)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.yaml);
    ConfigLoadResult result = Parse(c.yaml);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.errors, std::vector<std::string>{c.error});
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && s.front() == ' ') s.erase(0, 1);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// The cells of every row of the first table under "## Limits".
std::vector<std::vector<std::string>> ReadmeLimitsRows() {
  const std::string readme = ReadFile(std::string(LDE_SOURCE_DIR) + "/README.md");
  std::size_t pos = readme.find("\n## Limits\n");
  if (pos == std::string::npos) return {};
  pos = readme.find("\n|---", pos);  // the header's separator line
  if (pos == std::string::npos) return {};
  pos = readme.find('\n', pos + 1) + 1;
  std::vector<std::vector<std::string>> rows;
  while (pos < readme.size() && readme[pos] == '|') {
    const std::size_t end = readme.find('\n', pos);
    const std::string line = readme.substr(pos, end - pos);
    std::vector<std::string> cells;
    for (std::size_t start = 1; start < line.size();) {
      const std::size_t bar = line.find('|', start);
      if (bar == std::string::npos) break;
      cells.push_back(Trim(line.substr(start, bar - start)));
      start = bar + 1;
    }
    rows.push_back(cells);
    pos = end + 1;
  }
  return rows;
}

TEST(ReadmeLimitsTest, TheTableListsEveryBudgetWithItsDefaultAndKey) {
  const auto rows = ReadmeLimitsRows();
  ASSERT_FALSE(rows.empty()) << "README.md has no \"## Limits\" table";
  std::set<std::string> documented;
  for (const auto& row : rows) {
    ASSERT_GE(row.size(), 4u);
    documented.insert(row[0]);
  }
  std::set<std::string> budgets;
  for (const budget::Budget& b : budget::kBudgets) {
    SCOPED_TRACE(std::string(b.name));
    budgets.insert(std::string(b.name));
    const std::vector<std::string>* row = nullptr;
    for (const auto& r : rows) {
      if (r[0] == b.name) row = &r;
    }
    ASSERT_NE(row, nullptr) << "no README row for this budget";
    EXPECT_EQ((*row)[1], std::to_string(b.value) + " " + std::string(b.unit));
    if (b.config_key.empty()) {
      EXPECT_EQ((*row)[2], "");
    } else {
      EXPECT_EQ((*row)[2], "`" + std::string(b.config_key) + "` (" + std::to_string(b.min) + "-" +
                               std::to_string(b.max) + ")");
    }
  }
  EXPECT_EQ(documented, budgets) << "every row of the table is a budget of model/budgets.h";
}

}  // namespace
}  // namespace lde::config
