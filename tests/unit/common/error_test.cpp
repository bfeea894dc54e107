// ErrorKindName: the names are a metrics contract (the `reason` label).
#include "common/error.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace lde {
namespace {

TEST(ErrorKindNameTest, StableNames) {
  struct Case {
    ErrorKind kind;
    const char* name;
  } cases[] = {
      {ErrorKind::kConfig, "config"},
      {ErrorKind::kDnsNxdomain, "nxdomain"},
      {ErrorKind::kDnsError, "dns_error"},
      {ErrorKind::kConnectRefused, "connection_refused"},
      {ErrorKind::kConnectError, "connect_error"},
      {ErrorKind::kTimeout, "timeout"},
      {ErrorKind::kTlsHandshake, "tls_handshake"},
      {ErrorKind::kHttpProtocol, "http_protocol"},
      {ErrorKind::kHttpStatus, "http_status"},
      {ErrorKind::kBodyTooLarge, "body_too_large"},
      {ErrorKind::kDiscoveryParse, "discovery_parse"},
      {ErrorKind::kCertificateParse, "certificate_parse"},
      {ErrorKind::kRedirectLoop, "redirect_loop"},
      {ErrorKind::kAddressRefused, "address_refused"},
      {ErrorKind::kInternal, "internal"},
  };
  std::set<std::string> seen;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(ErrorKindName(c.kind), c.name);
    EXPECT_TRUE(seen.insert(c.name).second) << "duplicate name";
  }
}

TEST(ErrorKindNameTest, OutOfRangeValueIsInternal) {
  EXPECT_EQ(ErrorKindName(static_cast<ErrorKind>(999)), "internal");
}

}  // namespace
}  // namespace lde
