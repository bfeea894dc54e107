#pragma once

// The one YAML document of a configuration, held compactly: yaml-cpp's event
// parser feeds a flat array of small nodes and one block of scalar text.
// yaml-cpp's own node tree (YAML::Load) costs 26 to 40 bytes of heap per
// byte of YAML, in many small blocks: 37 MB for the 1.4 MB config of 10,000
// targets, the daemon's peak memory at start-up and on every reload. This
// tree costs two to three bytes per byte, and the loaders only read it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lde::config::detail {

class YamlTree;

enum class YamlKind : std::uint8_t { kNull, kScalar, kSequence, kMap };

// A read-only handle on a node of a YamlTree (which must outlive it). The
// default handle is a null node with no position: an absent value.
class YamlNode {
 public:
  YamlNode() = default;

  YamlKind kind() const;
  bool IsNull() const { return kind() == YamlKind::kNull; }
  bool IsScalar() const { return kind() == YamlKind::kScalar; }
  bool IsSequence() const { return kind() == YamlKind::kSequence; }
  bool IsMap() const { return kind() == YamlKind::kMap; }

  // 1-based line where the node starts; 0 when it has none. A null value's
  // line is where the parser met the next token, so callers prefer the key's.
  int line() const;

  // The text of a scalar; empty for every other kind.
  std::string_view Scalar() const;

  // Items of a sequence, entries of a mapping; 0 for other kinds.
  std::size_t size() const;
  YamlNode Item(std::size_t i) const;   // sequence item i < size()
  YamlNode Key(std::size_t i) const;    // mapping entry i < size()
  YamlNode Value(std::size_t i) const;  // mapping entry i < size()

 private:
  friend class YamlTree;
  YamlNode(const YamlTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}
  YamlNode Child(std::size_t i) const;

  const YamlTree* tree_ = nullptr;
  std::uint32_t index_ = 0;
};

class YamlTree {
 public:
  struct Node {
    YamlKind kind = YamlKind::kNull;
    std::int32_t line = 0;    // 1-based, 0 for none
    std::uint32_t begin = 0;  // scalar: offset in text_; container: first slot in children_
    std::uint32_t count = 0;  // scalar: bytes; sequence: items; mapping: 2 x entries
  };

  YamlNode root() const { return nodes_.empty() ? YamlNode() : YamlNode(this, 0); }
  std::size_t HeapBytes() const;

  // For the builder (yaml_document.cpp): nodes are added in document order,
  // the root first; a container's children are given when it closes. An
  // alias adds no node: its parent's child slot names the anchored node.
  std::uint32_t AddScalar(int line, std::string_view text);
  std::uint32_t AddNull(int line);
  std::uint32_t OpenContainer(YamlKind kind, int line);
  void CloseContainer(std::uint32_t node, const std::vector<std::uint32_t>& children);
  void ShrinkToFit();

 private:
  friend class YamlNode;

  std::vector<Node> nodes_;
  std::vector<std::uint32_t> children_;
  std::string text_;
};

}  // namespace lde::config::detail
