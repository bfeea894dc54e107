#include "config/diagnostics.h"

#include <algorithm>

namespace lde::config::detail {

void Diagnostics::Add(int line, const std::string& message) {
  // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict, a known false
  // positive) on `text += ":" + std::to_string(line)`.
  std::string text = source_;
  if (line > 0) {
    text += ':';
    text += std::to_string(line);
  }
  text += ": ";
  text += message;
  entries_.push_back({line, std::move(text)});
}

std::vector<std::string> Diagnostics::Take() {
  // Sections are parsed in dependency order, not file order; sort so the
  // report reads top to bottom.
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.line < b.line; });
  std::vector<std::string> out;
  out.reserve(entries_.size());
  for (auto& entry : entries_) out.push_back(std::move(entry.text));
  entries_.clear();
  return out;
}

}  // namespace lde::config::detail
