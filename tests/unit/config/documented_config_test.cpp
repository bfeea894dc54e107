// The configurations the project documents must load: config/example.yml,
// config/default.yml and the README's Configuration block. Their one CA
// file lives in /etc on a real host; here it points at a test file.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "config/config_loader.h"
#include "config/web_config_loader.h"

namespace lde::config {
namespace {

const std::string kSourceDir = LDE_SOURCE_DIR;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string WithTestCaFile(std::string yaml) {
  const std::string documented = "/etc/lyncdiscover_exporter/corp-root.pem";
  const std::string here = kSourceDir + "/tests/data/config/corp-root.pem";
  for (auto pos = yaml.find(documented); pos != std::string::npos; pos = yaml.find(documented, pos)) {
    yaml.replace(pos, documented.size(), here);
  }
  return yaml;
}

std::string ReadmeConfigurationBlock() {
  std::string readme = ReadFile(kSourceDir + "/README.md");
  auto section = readme.find("## Configuration");
  auto start = readme.find("```yaml\n", section);
  auto end = readme.find("```", start + 8);
  if (section == std::string::npos || start == std::string::npos || end == std::string::npos) return "";
  return readme.substr(start + 8, end - start - 8);
}

void ExpectLoads(const std::string& name, const std::string& yaml) {
  SCOPED_TRACE(name);
  ASSERT_FALSE(yaml.empty());
  auto loaded = ParseConfigText(WithTestCaFile(yaml), name, kSourceDir + "/config");
  for (const auto& error : loaded.errors) ADD_FAILURE() << error;
  EXPECT_TRUE(loaded.ok());
}

TEST(DocumentedConfigTest, ExampleFileLoads) {
  ExpectLoads("config/example.yml", ReadFile(kSourceDir + "/config/example.yml"));
}

TEST(DocumentedConfigTest, DefaultFileLoads) {
  ExpectLoads("config/default.yml", ReadFile(kSourceDir + "/config/default.yml"));
}

TEST(DocumentedConfigTest, ReadmeConfigurationBlockLoadsWithEveryDocumentedSection) {
  std::string block = ReadmeConfigurationBlock();
  ExpectLoads("README.md", block);
  auto loaded = ParseConfigText(WithTestCaFile(block), "README.md", kSourceDir);
  ASSERT_TRUE(loaded.ok());
  EXPECT_FALSE(loaded.config->targets.empty());
  EXPECT_FALSE(loaded.config->deployments.empty());
  EXPECT_FALSE(loaded.config->profiles.empty());
  EXPECT_FALSE(loaded.config->resolvers.empty());
}

// The README's web config example uses every section; its files live on the
// reader's machine, so the only errors allowed are files that cannot be read.
TEST(DocumentedConfigTest, ReadmeWebConfigExampleIsValidApartFromItsFiles) {
  std::string readme = ReadFile(kSourceDir + "/README.md");
  auto section = readme.find("### Securing the endpoints");
  auto start = readme.find("```yaml\n", section);
  auto end = readme.find("```", start + 8);
  ASSERT_NE(section, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  auto loaded = ParseWebConfigText(readme.substr(start + 8, end - start - 8), "README.md", kSourceDir);
  EXPECT_EQ(loaded.errors.size(), 3u);  // cert_file, key_file, client_ca_file
  for (const auto& error : loaded.errors) EXPECT_NE(error.find("cannot read"), std::string::npos) << error;
}

}  // namespace
}  // namespace lde::config
