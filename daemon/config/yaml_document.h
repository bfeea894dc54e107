#pragma once

// Loading the one YAML document of a configuration text with yaml-cpp 0.7's
// event parser into a YamlTree, guarded against its known failure modes.
// Shared by the loaders in config/.

#include <string>

#include "config/diagnostics.h"
#include "config/yaml_tree.h"

namespace lde::config::detail {

struct SingleDocument {
  bool ok = false;    // false: the problem was reported to diag
  bool empty = true;  // no document at all (empty text, only comments)
  YamlTree tree;      // the document when ok and not empty

  YamlNode root() const { return tree.root(); }
};

// Reports malformed YAML (with its line), more than one document, and a
// stream on which yaml-cpp stops consuming input. Never throws.
SingleDocument LoadSingleDocument(const std::string& text, Diagnostics& diag);

}  // namespace lde::config::detail
