#pragma once

// Reads a file of tests/data (LDE_TEST_DATA_DIR is set by bench/CMakeLists.txt).

#include <fstream>
#include <sstream>
#include <string>

namespace lde::bench {

inline std::string ReadTestData(const std::string& relative_path) {
  std::ifstream in(std::string(LDE_TEST_DATA_DIR) + "/" + relative_path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace lde::bench
