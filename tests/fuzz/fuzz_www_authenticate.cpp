// Each input line is one WWW-Authenticate field value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "discovery/oauth_challenge.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> values;
  std::string text(reinterpret_cast<const char*>(data), size);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    values.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  lde::discovery::OAuthChallenge c = lde::discovery::ParseWwwAuthenticate(values);
  if (c.present) {
    bool has_scheme = false;
    for (const auto& s : c.schemes) has_scheme = has_scheme || s == "MsRtcOAuth";
    if (c.href.empty() || !has_scheme) __builtin_trap();
  } else if (!c.href.empty() || !c.grant_types.empty()) {
    __builtin_trap();
  }
  for (const auto& g : c.grant_types) {
    if (g.empty()) __builtin_trap();
  }
  return 0;
}
