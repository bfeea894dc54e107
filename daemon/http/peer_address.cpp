#include "http/peer_address.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>

namespace lde::http {

PeerAddress DescribePeer(const sockaddr_storage& address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    return {text, text};
  }
  if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
      in_addr v4{};
      std::memcpy(&v4, v6.sin6_addr.s6_addr + 12, sizeof v4);
      inet_ntop(AF_INET, &v4, text, sizeof text);
      return {text, text};
    }
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    in6_addr prefix = v6.sin6_addr;
    std::memset(prefix.s6_addr + 8, 0, 8);
    char key[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, &prefix, key, sizeof key);
    return {text, std::string(key) + "/64"};
  }
  return {"unknown", "unknown"};
}

}  // namespace lde::http
