// Each input line is one WWW-Authenticate field value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "discovery/oauth_challenge.h"
#include "model/budgets.h"

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
  lde::discovery::WwwAuthenticateWork work;
  lde::discovery::OAuthChallenge c = lde::discovery::ParseWwwAuthenticate(values, &work);
  if (c.present) {
    bool has_scheme = false;
    for (const auto& s : c.schemes) has_scheme = has_scheme || s == "MsRtcOAuth";
    // Beyond the scheme budget the challenge is found but its scheme not kept.
    if (c.href.empty() || (!has_scheme && c.schemes_dropped == 0)) __builtin_trap();
  } else if (!c.href.empty() || !c.grant_types.empty()) {
    __builtin_trap();
  }
  for (const auto& g : c.grant_types) {
    if (g.empty()) __builtin_trap();
  }
  // The budget: at most kAuthSchemes distinct schemes, each challenge either
  // kept, a repeat of a kept one, or counted as dropped.
  constexpr std::size_t kMaxSchemes = lde::model::budget::kAuthSchemes.value;
  if (c.schemes.size() > kMaxSchemes) __builtin_trap();
  if (c.schemes_dropped > 0 && c.schemes.size() != kMaxSchemes) __builtin_trap();
  if (c.schemes.size() + c.schemes_dropped > work.challenges) __builtin_trap();
  for (std::size_t i = 0; i < c.schemes.size(); ++i) {
    if (c.schemes[i].empty()) __builtin_trap();
    for (std::size_t j = i + 1; j < c.schemes.size(); ++j) {
      if (c.schemes[i] == c.schemes[j]) __builtin_trap();
    }
  }
  // Linear work: each challenge is compared with the kept schemes only, and
  // a challenge takes at least one byte of input.
  if (work.scheme_comparisons > kMaxSchemes * work.challenges) __builtin_trap();
  if (work.challenges > size + 1) __builtin_trap();
  return 0;
}
