#pragma once

#include <string>
#include <vector>

namespace lde::config::detail {

// Collects every validation error as "<source>:<line>: <message>" so that a
// user sees all problems of a file at once. Line 0 means "no line".
class Diagnostics {
 public:
  explicit Diagnostics(std::string source) : source_(std::move(source)) {}

  void Add(int line, const std::string& message);
  bool empty() const { return entries_.empty(); }
  // The messages ordered by line (stable), formatted for display.
  std::vector<std::string> Take();

 private:
  struct Entry {
    int line;
    std::string text;
  };
  std::string source_;
  std::vector<Entry> entries_;
};

}  // namespace lde::config::detail
