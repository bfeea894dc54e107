#include "analysis/required_names.h"

#include <algorithm>

#include "common/ascii.h"
#include "x509/hostname.h"

namespace lde::analysis {
namespace {

// Lower case without the trailing dot of an absolute name.
std::string Normalised(std::string_view name) {
  std::string out = AsciiLowerCopy(name);
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

void AddName(std::string name, std::vector<std::string>& out) {
  if (name.empty() || std::find(out.begin(), out.end(), name) != out.end()) return;
  out.push_back(std::move(name));
}

}  // namespace

std::vector<std::string> RequiredNames(std::span<const std::string> sip_domains, model::Role role,
                                       std::span<const std::string> web_hosts) {
  std::vector<std::string> out;
  for (const std::string& domain : sip_domains) {
    const std::string d = Normalised(domain);
    if (d.empty()) continue;
    if (role == model::Role::kDiscoveryInternal) AddName("lyncdiscoverinternal." + d, out);
    if (role == model::Role::kDiscoveryInternal || role == model::Role::kDiscoveryExternal) {
      AddName("lyncdiscover." + d, out);
    }
  }
  if (role == model::Role::kDiscoveryExternal || role == model::Role::kWebExternal) {
    for (const std::string& host : web_hosts) AddName(Normalised(host), out);
  }
  return out;
}

std::vector<std::string> MissingNames(const model::Der& leaf, std::span<const std::string> required) {
  return x509::UnmatchedHostnames(leaf, required, x509::HostnameMode::kSanOnly);
}

}  // namespace lde::analysis
