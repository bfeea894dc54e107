#include "config/yaml_tree.h"

#include <stdexcept>

namespace lde::config::detail {
namespace {

// Offsets are 32-bit: the config file is bounded far below this
// (model/budgets.h, kConfigFileBytes), but the tree says so itself rather
// than wrap.
std::uint32_t Narrow(std::size_t value) {
  if (value > UINT32_MAX) throw std::length_error("YAML document too large");
  return static_cast<std::uint32_t>(value);
}

}  // namespace

YamlKind YamlNode::kind() const { return tree_ ? tree_->nodes_[index_].kind : YamlKind::kNull; }

int YamlNode::line() const { return tree_ ? tree_->nodes_[index_].line : 0; }

std::string_view YamlNode::Scalar() const {
  if (!IsScalar()) return {};
  const YamlTree::Node& node = tree_->nodes_[index_];
  return std::string_view(tree_->text_).substr(node.begin, node.count);
}

std::size_t YamlNode::size() const {
  switch (kind()) {
    case YamlKind::kSequence:
      return tree_->nodes_[index_].count;
    case YamlKind::kMap:
      return tree_->nodes_[index_].count / 2;
    default:
      return 0;
  }
}

YamlNode YamlNode::Child(std::size_t i) const {
  const YamlTree::Node& node = tree_->nodes_[index_];
  return YamlNode(tree_, tree_->children_[node.begin + i]);
}

YamlNode YamlNode::Item(std::size_t i) const { return IsSequence() && i < size() ? Child(i) : YamlNode(); }

YamlNode YamlNode::Key(std::size_t i) const { return IsMap() && i < size() ? Child(2 * i) : YamlNode(); }

YamlNode YamlNode::Value(std::size_t i) const {
  return IsMap() && i < size() ? Child(2 * i + 1) : YamlNode();
}

std::uint32_t YamlTree::AddScalar(int line, std::string_view text) {
  std::uint32_t index = Narrow(nodes_.size());
  nodes_.push_back({YamlKind::kScalar, line, Narrow(text_.size()), Narrow(text.size())});
  text_.append(text);
  return index;
}

std::uint32_t YamlTree::AddNull(int line) {
  std::uint32_t index = Narrow(nodes_.size());
  nodes_.push_back({YamlKind::kNull, line, 0, 0});
  return index;
}

std::uint32_t YamlTree::OpenContainer(YamlKind kind, int line) {
  std::uint32_t index = Narrow(nodes_.size());
  nodes_.push_back({kind, line, 0, 0});
  return index;
}

void YamlTree::CloseContainer(std::uint32_t node, const std::vector<std::uint32_t>& children) {
  nodes_[node].begin = Narrow(children_.size());
  nodes_[node].count = Narrow(children.size());
  children_.insert(children_.end(), children.begin(), children.end());
}

std::size_t YamlTree::HeapBytes() const {
  return nodes_.capacity() * sizeof(Node) + children_.capacity() * sizeof(std::uint32_t) + text_.capacity();
}

void YamlTree::ShrinkToFit() {
  nodes_.shrink_to_fit();
  children_.shrink_to_fit();
  text_.shrink_to_fit();
}

}  // namespace lde::config::detail
