#include "config/yaml_document.h"

#include <yaml-cpp/eventhandler.h>

#include <optional>
#include <sstream>

namespace lde::config::detail {
namespace {

// yaml-cpp 0.7's LoadAll never returns on some malformed streams: a stray
// "," at the top level is a null document that consumes no token, so it
// yields null documents forever and allocates until the OOM killer ends the
// daemon (jbeder/yaml-cpp#1040, fixed upstream after 0.7 by PR #1319); Load
// returns that null document as if the text were empty. So the documents are
// first counted with an event handler that keeps nothing, stopping when a
// document starts where the last one did.
class DocumentScanner final : public YAML::EventHandler {
 public:
  static constexpr int kMaxDocuments = 1 << 20;

  struct Shape {
    int documents = 0;
    std::optional<YAML::Mark> stall;  // where the parser stopped consuming
    int second_root_line = 0;         // 1-based line of the second document's root node
  };

  static Shape Scan(const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentScanner scanner;
    Shape shape;
    std::optional<int> last_start;
    // Every document consumes at least one token of a bounded text, so the
    // cap is only a second line of defence.
    while (shape.documents < kMaxDocuments && parser.HandleNextDocument(scanner)) {
      if (last_start && *last_start == scanner.start_.pos) {
        shape.stall = scanner.start_;
        return shape;
      }
      last_start = scanner.start_.pos;
      if (++shape.documents == 2) shape.second_root_line = scanner.root_.line + 1;
    }
    return shape;
  }

  void OnDocumentStart(const YAML::Mark& mark) override {
    start_ = mark;
    root_seen_ = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { Root(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { Root(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t, const std::string&) override {
    Root(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Root(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Root(mark);
  }
  void OnMapEnd() override {}

 private:
  void Root(const YAML::Mark& mark) {
    if (!root_seen_) root_ = mark;
    root_seen_ = true;
  }

  YAML::Mark start_ = YAML::Mark::null_mark();
  YAML::Mark root_ = YAML::Mark::null_mark();
  bool root_seen_ = false;
};

}  // namespace

SingleDocument LoadSingleDocument(const std::string& text, Diagnostics& diag) {
  SingleDocument doc;
  try {
    const DocumentScanner::Shape shape = DocumentScanner::Scan(text);
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
    if (shape.documents == 1) {
      doc.root = YAML::Load(text);
      doc.empty = false;
    }
    doc.ok = true;
  } catch (const YAML::Exception& e) {
    diag.Add(e.mark.is_null() ? 0 : e.mark.line + 1, "invalid YAML: " + e.msg);
  }
  return doc;
}

}  // namespace lde::config::detail
