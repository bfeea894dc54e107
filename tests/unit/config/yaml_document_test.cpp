// The compact YAML tree must read every document exactly as yaml-cpp's own
// YAML::Load does (kinds, scalar text, lines, order, aliases), since the
// loaders' diagnostics quote its lines; and keep the guards against yaml-cpp's
// failure modes.

#include "config/yaml_document.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "config/diagnostics.h"

namespace lde::config::detail {
namespace {

namespace fs = std::filesystem;

struct Loaded {
  SingleDocument doc;
  std::vector<std::string> errors;
};

Loaded Load(const std::string& text) {
  Diagnostics diag("t.yaml");
  Loaded out{LoadSingleDocument(text, diag), {}};
  out.errors = diag.Take();
  return out;
}

YamlKind KindOf(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      return YamlKind::kScalar;
    case YAML::NodeType::Sequence:
      return YamlKind::kSequence;
    case YAML::NodeType::Map:
      return YamlKind::kMap;
    default:
      return YamlKind::kNull;
  }
}

// Walks both trees side by side; `depth` bounds the walk through aliases
// that make a cycle.
void ExpectSame(const YAML::Node& want, YamlNode got, const std::string& path, int depth = 0) {
  if (depth > 32) return;
  ASSERT_EQ(got.kind(), KindOf(want)) << path;
  if (!want.IsNull()) {
    EXPECT_EQ(got.line(), want.Mark().line + 1) << path;
  }
  if (want.IsScalar()) {
    EXPECT_EQ(got.Scalar(), want.Scalar()) << path;
  }
  if (want.IsSequence()) {
    ASSERT_EQ(got.size(), want.size()) << path;
    for (std::size_t i = 0; i < want.size(); ++i) {
      ExpectSame(want[i], got.Item(i), path + "[" + std::to_string(i) + "]", depth + 1);
    }
  }
  if (want.IsMap()) {
    ASSERT_EQ(got.size(), want.size()) << path;
    std::size_t i = 0;
    for (auto it = want.begin(); it != want.end(); ++it, ++i) {
      ExpectSame(it->first, got.Key(i), path + ".key" + std::to_string(i), depth + 1);
      ExpectSame(it->second, got.Value(i), path + ".value" + std::to_string(i), depth + 1);
    }
  }
}

void ExpectSameAsYamlCpp(const std::string& text, const std::string& what) {
  Loaded loaded = Load(text);
  ASSERT_TRUE(loaded.doc.ok) << what << ": " << (loaded.errors.empty() ? "" : loaded.errors[0]);
  ExpectSame(YAML::Load(text), loaded.doc.root(), what);
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(YamlDocumentTest, EveryConfigInTheRepositoryReadsAsYamlCppReadsIt) {
  int compared = 0;
  for (const char* dir : {LDE_CONFIG_TEST_DATA_DIR, LDE_WEB_CONFIG_TEST_DATA_DIR, LDE_SOURCE_DIR "/config"}) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      const std::string name = entry.path().filename().string();
      const std::string ext = entry.path().extension().string();
      if (ext != ".yaml" && ext != ".yml") continue;
      const std::string text = ReadFile(entry.path());
      Loaded loaded = Load(text);
      if (!loaded.doc.ok || loaded.doc.empty) continue;  // the bad-YAML files: tested below
      ExpectSame(YAML::Load(text), loaded.doc.root(), name);
      ++compared;
    }
  }
  EXPECT_GE(compared, 15);
}

TEST(YamlDocumentTest, BlockAndFlowStylesNullsAndQuotingReadAsYamlCppReadsThem) {
  ExpectSameAsYamlCpp(
      "a: 1\n"
      "b:\n"
      "c: ~\n"
      "d: null\n"
      "e: 'null'\n"
      "f: \"two\\nlines\"\n"
      "g: [x, {y: z}, [], {}]\n"
      "h:\n"
      "  - one\n"
      "  -\n"
      "  - k: v\n"
      "    l: |\n"
      "      literal\n"
      "      block\n"
      "? complex\n"
      ": value\n"
      "a: duplicate keys are both kept\n",
      "styles");
}

TEST(YamlDocumentTest, AliasesAreTheAnchoredNode) {
  const std::string text =
      "defaults: &d {policy: strict, resolver: corp}\n"
      "name: &n web\n"
      "targets:\n"
      "  - *d\n"
      "  - {name: *n}\n";
  ExpectSameAsYamlCpp(text, "aliases");
  Loaded loaded = Load(text);
  YamlNode targets = loaded.doc.root().Value(2);
  EXPECT_EQ(targets.Item(0).Value(1).Scalar(), "corp");
  EXPECT_EQ(targets.Item(1).Value(0).Scalar(), "web");
}

TEST(YamlDocumentTest, AnAliasOfItsOwnAncestorIsACycleNotAHang) {
  Loaded loaded = Load("a: &self\n  b: *self\n");
  ASSERT_TRUE(loaded.doc.ok);
  YamlNode a = loaded.doc.root().Value(0);
  ASSERT_TRUE(a.IsMap());
  YamlNode b = a.Value(0);
  ASSERT_TRUE(b.IsMap());
  EXPECT_EQ(b.Value(0).line(), a.line());
}

TEST(YamlDocumentTest, OutOfRangeAndWrongKindAccessReadsAsNull) {
  Loaded loaded = Load("- a\n- b\n");
  YamlNode root = loaded.doc.root();
  EXPECT_TRUE(root.Item(2).IsNull());
  EXPECT_TRUE(root.Key(0).IsNull());
  EXPECT_TRUE(root.Item(0).Item(0).IsNull());
  EXPECT_EQ(root.Item(0).size(), 0u);
  EXPECT_EQ(root.Scalar(), "");
  YamlNode absent;
  EXPECT_TRUE(absent.IsNull());
  EXPECT_EQ(absent.line(), 0);
  EXPECT_EQ(absent.size(), 0u);
}

TEST(YamlDocumentTest, EmptyAndCommentOnlyTextsAreEmptyDocuments) {
  for (const std::string text : {"", "# only a comment\n", "\n\n"}) {
    Loaded loaded = Load(text);
    EXPECT_TRUE(loaded.doc.ok) << text;
    EXPECT_TRUE(loaded.doc.empty) << text;
    EXPECT_TRUE(loaded.doc.root().IsNull()) << text;
    EXPECT_TRUE(loaded.errors.empty()) << text;
  }
}

TEST(YamlDocumentTest, BadStreamsAreOneErrorWithTheirLine) {
  struct Case {
    std::string text;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"a: 1\n---\nb: 2\n", "t.yaml:3: the file must hold one YAML document, found 2"},
      {"a: 1\n,\n", "t.yaml:2: invalid YAML: end of map not found"},
      {"# stalls yaml-cpp's LoadAll\n,\n", "t.yaml:2: invalid YAML: unexpected ','"},
      {"a: [1, 2\n", "t.yaml:2: invalid YAML: end of sequence flow not found"},
      {"a: *nowhere\n", "t.yaml:1: invalid YAML: the referenced anchor is not defined"},
      // yaml-cpp's depth guard (2,000 levels) names it "bad file"
      {"a: " + std::string(3000, '[') + std::string(3000, ']') + "\n", "t.yaml:1: invalid YAML: bad file"},
  };
  for (const auto& c : cases) {
    Loaded loaded = Load(c.text);
    EXPECT_FALSE(loaded.doc.ok) << c.text.substr(0, 20);
    ASSERT_EQ(loaded.errors.size(), 1u) << c.text.substr(0, 20);
    EXPECT_NE(loaded.errors[0].find(c.error), std::string::npos) << loaded.errors[0];
  }
}

TEST(YamlDocumentTest, TheTreeIsAFewBytesPerByteOfYaml) {
  // 2,000 targets as an operator writes them: the tree is held through the
  // whole parse, so its size is the loader's peak.
  std::string text = "targets:\n";
  for (int i = 0; i < 2000; ++i) {
    text += "  - name: web-" + std::to_string(i) + "\n    url: https://web-" + std::to_string(i) +
            ".example.net:8443/health\n    trust_stores: [public, corp]\n    policy: strict\n";
  }
  Loaded loaded = Load(text);
  ASSERT_TRUE(loaded.doc.ok);
  ASSERT_EQ(loaded.doc.root().Value(0).size(), 2000u);
  EXPECT_EQ(loaded.doc.root().Value(0).Item(1999).Value(1).Scalar(),
            "https://web-1999.example.net:8443/health");
  EXPECT_LT(loaded.doc.tree.HeapBytes(), 3 * text.size());
}

}  // namespace
}  // namespace lde::config::detail
