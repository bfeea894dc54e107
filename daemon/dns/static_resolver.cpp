#include "dns/static_resolver.h"

#include <string_view>
#include <utility>

#include "common/ascii.h"
#include "common/ip_literal.h"

namespace lde::dns {
namespace {

// DNS names compare case-insensitively, and "a.example." is "a.example".
std::string TableKey(std::string_view host) {
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  return AsciiLowerCopy(host);
}

}  // namespace

StaticResolver::StaticResolver(std::string name, const Table& table) : name_(std::move(name)) {
  for (const auto& [host, addresses] : table) table_[TableKey(host)] = addresses;
}

Result<std::vector<std::string>> StaticResolver::Resolve(const std::string& host,
                                                         const Deadline& deadline) const {
  if (host.empty()) return MakeError(ErrorKind::kDnsError, "empty host name");
  if (auto literal = CanonicalIpLiteral(host)) return std::vector<std::string>{*literal};
  if (deadline.Expired())
    return MakeError(ErrorKind::kTimeout, "deadline passed before " + host + " resolved");
  auto it = table_.find(TableKey(host));
  if (it == table_.end()) return MakeError(ErrorKind::kDnsNxdomain, "no such host");
  if (it->second.empty()) return MakeError(ErrorKind::kDnsNxdomain, "no A or AAAA record");
  return it->second;
}

}  // namespace lde::dns
