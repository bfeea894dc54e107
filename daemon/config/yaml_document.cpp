#include "config/yaml_document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <optional>
#include <sstream>

namespace lde::config::detail {
namespace {

// yaml-cpp 0.7's LoadAll never returns on some malformed streams: a stray
// "," at the top level is a null document that consumes no token, so it
// yields null documents forever and allocates until the OOM killer ends the
// daemon (jbeder/yaml-cpp#1040, fixed upstream after 0.7 by PR #1319); Load
// returns that null document as if the text were empty. So the documents are
// read one at a time with an event handler, stopping when a document starts
// where the last one did. The same handler builds the first document's
// YamlTree; later documents are only counted, to be reported.
class DocumentBuilder final : public YAML::EventHandler {
 public:
  static constexpr int kMaxDocuments = 1 << 20;

  struct Shape {
    int documents = 0;
    std::optional<YAML::Mark> stall;  // where the parser stopped consuming
    int second_root_line = 0;         // 1-based line of the second document's root node
  };

  explicit DocumentBuilder(YamlTree& tree) : tree_(tree) {}

  Shape Read(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    Shape shape;
    std::optional<int> last_start;
    // Every document consumes at least one token of a bounded text, so the
    // cap is only a second line of defence.
    while (shape.documents < kMaxDocuments && parser.HandleNextDocument(*this)) {
      if (last_start && *last_start == start_.pos) {
        shape.stall = start_;
        return shape;
      }
      last_start = start_.pos;
      if (++shape.documents == 2) shape.second_root_line = root_.line + 1;
    }
    tree_.ShrinkToFit();
    return shape;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    start_ = mark;
    root_seen_ = false;
    building_ = documents_started_++ == 0;
  }
  void OnDocumentEnd() override { building_ = false; }
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (Root(mark)) Add(tree_.AddNull(Line(mark)), anchor);
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // The parser has resolved the anchor (it throws on an unknown one), so
    // the alias is the anchored node itself, as YAML::Load makes it.
    if (Root(mark) && anchor < anchors_.size()) Add(anchors_[anchor], YAML::NullAnchor);
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    if (Root(mark)) Add(tree_.AddScalar(Line(mark), value), anchor);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    if (Root(mark)) Open(YamlKind::kSequence, mark, anchor);
  }
  void OnSequenceEnd() override { Close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    if (Root(mark)) Open(YamlKind::kMap, mark, anchor);
  }
  void OnMapEnd() override { Close(); }

 private:
  struct Frame {
    std::uint32_t node;
    YamlKind kind;
    std::vector<std::uint32_t> children;
  };

  static int Line(const YAML::Mark& mark) { return mark.is_null() || mark.line < 0 ? 0 : mark.line + 1; }

  // Notes the document's root; true while the first document is built.
  bool Root(const YAML::Mark& mark) {
    if (!root_seen_) root_ = mark;
    root_seen_ = true;
    return building_;
  }

  void Anchor(std::uint32_t node, YAML::anchor_t anchor) {
    if (anchor == YAML::NullAnchor) return;
    if (anchors_.size() <= anchor) anchors_.resize(anchor + 1, 0);
    anchors_[anchor] = node;
  }

  void Add(std::uint32_t node, YAML::anchor_t anchor) {
    Anchor(node, anchor);
    if (!open_.empty()) open_.back().children.push_back(node);
  }

  void Open(YamlKind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    std::uint32_t node = tree_.OpenContainer(kind, Line(mark));
    Anchor(node, anchor);  // before the children: an alias inside may name it
    open_.push_back({node, kind, {}});
  }

  void Close() {
    if (!building_ || open_.empty()) return;
    Frame done = std::move(open_.back());
    open_.pop_back();
    // yaml-cpp pairs every key with a value (an empty one is a null event);
    // a pair cut short would otherwise shift every later entry.
    if (done.kind == YamlKind::kMap && done.children.size() % 2 != 0)
      done.children.push_back(tree_.AddNull(0));
    tree_.CloseContainer(done.node, done.children);
    if (!open_.empty()) open_.back().children.push_back(done.node);
  }

  YamlTree& tree_;
  std::vector<Frame> open_;
  std::vector<std::uint32_t> anchors_;  // anchor id -> node
  int documents_started_ = 0;
  bool building_ = false;
  YAML::Mark start_ = YAML::Mark::null_mark();
  YAML::Mark root_ = YAML::Mark::null_mark();
  bool root_seen_ = false;
};

}  // namespace

SingleDocument LoadSingleDocument(const std::string& text, Diagnostics& diag) {
  SingleDocument doc;
  try {
    DocumentBuilder builder(doc.tree);
    const DocumentBuilder::Shape shape = builder.Read(text);
    if (shape.stall) {
      const std::size_t pos = static_cast<std::size_t>(shape.stall->pos);
      const unsigned char c = pos < text.size() ? static_cast<unsigned char>(text[pos]) : 0;
      diag.Add(shape.stall->line + 1,
               c > 0x20 && c < 0x7f ? std::string("invalid YAML: unexpected '") + static_cast<char>(c) + "'"
                                    : std::string("invalid YAML: unexpected token"));
      return doc;
    }
    if (shape.documents > 1) {
      diag.Add(shape.second_root_line,
               "the file must hold one YAML document, found " + std::to_string(shape.documents));
      return doc;
    }
    doc.empty = shape.documents == 0;
    doc.ok = true;
  } catch (const YAML::Exception& e) {
    diag.Add(e.mark.is_null() ? 0 : e.mark.line + 1, "invalid YAML: " + e.msg);
  }
  return doc;
}

}  // namespace lde::config::detail
