#pragma once

#include <sys/socket.h>

#include <string>

namespace lde::http {

struct PeerAddress {
  std::string text;  // "192.0.2.7", "2001:db8::1" (IPv4-mapped IPv6 shown as IPv4)
  // What per-client limits count by: the IPv4 address, or the IPv6 /64 a
  // single client can trivially spread its connections over.
  std::string limit_key;
};

// From accept()'s address; "unknown" for families other than IPv4/IPv6.
PeerAddress DescribePeer(const sockaddr_storage& address);

}  // namespace lde::http
