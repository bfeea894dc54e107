#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/deadline.h"
#include "common/result.h"
#include "config/config.h"

namespace lde::dns {

// Resolves a host name to its addresses within a deadline.
//
// Resolve returns every A and AAAA address as a numeric string: IPv4 first,
// then IPv6, duplicates removed, otherwise in answer order (no RFC 6724
// sorting: every address is probed as its own endpoint). An IP literal
// ("192.0.2.1", "2001:db8::1" or "[2001:db8::1]") is returned at once, in
// canonical inet_ntop form, without a query.
//
// Errors: kDnsNxdomain when the name does not exist ("no such host") or has
// no address ("no A or AAAA record"); kTimeout when the deadline passes or the
// servers never answer; kDnsError for anything else (SERVFAIL, refused,
// malformed reply), with c-ares' text.
//
// Thread-safe: Resolve may be called concurrently; each call uses its own
// c-ares channel.
class Resolver {
 public:
  virtual ~Resolver();
  virtual Result<std::vector<std::string>> Resolve(const std::string& host,
                                                   const Deadline& deadline) const = 0;
  // The view's name for logs and labels: "system" for the default resolver.
  virtual const std::string& name() const = 0;
};

// c-ares with the system's settings: /etc/resolv.conf (servers, search
// domains, ndots) and /etc/hosts, so "localhost" resolves. Named "system".
std::unique_ptr<Resolver> MakeSystemResolver();

// c-ares asking only `servers`: no /etc/hosts, no search domains (names are
// queried as written); "localhost" is 127.0.0.1 and ::1 without a query
// (RFC 6761 section 6.3). With no servers it behaves as MakeSystemResolver but
// keeps `name` (a config view that names no servers means "the system").
std::unique_ptr<Resolver> MakeServerResolver(std::string name,
                                             std::vector<config::ResolverConfig::Server> servers);

}  // namespace lde::dns
