#pragma once

#include <map>
#include <string>
#include <vector>

#include "dns/resolver.h"

namespace lde::dns {

// A DNS view with fixed answers: a name → addresses table, no network.
//
// Why it exists: a probe meets names that only a zone could answer
// (lyncdiscoverinternal.<d>, the web and OAuth hosts the documents name). A
// test that runs the real probe path against in-process servers on
// 127.0.0.x needs those names to resolve where it says, and some not to
// resolve at all, without a DNS server. Resolver is already the seam
// (ResolverSet takes any Resolver, ProbeEnv takes any ResolverSet), so this
// is just one more implementation of it; production never builds one.
//
// Answers follow the Resolver contract: an IP literal comes back at once in
// canonical form; a listed name (compared case-insensitively, a trailing dot
// ignored) gets its addresses in the order given; an unlisted name, or one
// listed with no address, fails with kDnsNxdomain, as "no such host" and "no
// A or AAAA record" do; an expired deadline fails with kTimeout, as a server
// that never answered would.
//
// Immutable after construction: Resolve may be called from any thread.
class StaticResolver final : public Resolver {
 public:
  using Table = std::map<std::string, std::vector<std::string>>;

  // `name` is the view's name as a ResolverSet finds it: "system" for the
  // default view, or a config `resolvers:` name.
  StaticResolver(std::string name, const Table& table);

  Result<std::vector<std::string>> Resolve(const std::string& host, const Deadline& deadline) const override;
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  Table table_;  // keys in lower case, without a trailing dot
};

}  // namespace lde::dns
