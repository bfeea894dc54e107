#include "dns/ares_lookup.h"

#include <ares.h>
#include <netinet/in.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "common/ip_literal.h"
#include "dns/address_list.h"

namespace lde::dns::detail {
namespace {

struct ChannelDeleter {
  void operator()(ares_channel channel) const { ares_destroy(channel); }
};
using ChannelPtr = std::unique_ptr<std::remove_pointer_t<ares_channel>, ChannelDeleter>;

struct QueryState {
  bool done = false;
  int status = ARES_SUCCESS;
  AddressList addresses;
};

void OnAddrInfo(void* arg, int status, int /*timeouts*/, ares_addrinfo* result) {
  auto* state = static_cast<QueryState*>(arg);
  state->done = true;
  state->status = status;
  if (result == nullptr) return;
  for (ares_addrinfo_node* node = result->nodes; node != nullptr; node = node->ai_next) {
    if (node->ai_family == AF_INET) {
      state->addresses.Add(AF_INET, &reinterpret_cast<sockaddr_in*>(node->ai_addr)->sin_addr);
    } else if (node->ai_family == AF_INET6) {
      state->addresses.Add(AF_INET6, &reinterpret_cast<sockaddr_in6*>(node->ai_addr)->sin6_addr);
    }
  }
  ares_freeaddrinfo(result);
}

// A per-try timeout that lets each server be tried about twice inside the
// deadline (c-ares doubles it on each round), within 100 ms .. 2 s.
int PerTryTimeoutMs(const Deadline& deadline, std::size_t servers) {
  int per_try = deadline.RemainingMillis() / static_cast<int>(2 * std::max<std::size_t>(servers, 1));
  return std::clamp(per_try, 100, 2000);
}

Result<ChannelPtr> MakeChannel(const std::vector<config::ResolverConfig::Server>& servers,
                               const Deadline& deadline) {
  ares_options options{};
  int mask = 0;
  char lookups[] = "b";  // DNS only: a view's servers, never /etc/hosts
  if (!servers.empty()) {
    options.lookups = lookups;
    options.ndots = 0;          // query names as written ...
    options.domains = nullptr;  // ... and never append search domains
    options.ndomains = 0;
    options.flags = ARES_FLAG_NOSEARCH;
    options.timeout = PerTryTimeoutMs(deadline, servers.size());
    options.tries = 2;
    mask = ARES_OPT_LOOKUPS | ARES_OPT_NDOTS | ARES_OPT_DOMAINS | ARES_OPT_FLAGS | ARES_OPT_TIMEOUTMS |
           ARES_OPT_TRIES;
  }
  ares_channel raw = nullptr;
  int rc = ares_init_options(&raw, &options, mask);
  ChannelPtr channel(raw);
  if (rc != ARES_SUCCESS) {
    return MakeError(ErrorKind::kDnsError, std::string("c-ares init: ") + ares_strerror(rc));
  }
  if (servers.empty()) return channel;
  std::vector<ares_addr_port_node> nodes(servers.size());
  for (std::size_t i = 0; i < servers.size(); ++i) {
    ares_addr_port_node& node = nodes[i];
    node.next = i + 1 < nodes.size() ? &nodes[i + 1] : nullptr;
    node.udp_port = servers[i].port;
    node.tcp_port = servers[i].port;
    const std::optional<IpAddress> ip = ParseIpLiteral(servers[i].address);
    if (!ip) {
      return MakeError(ErrorKind::kDnsError,
                       "DNS server \"" + servers[i].address + "\" is not a numeric address");
    }
    node.family = ip->v6 ? AF_INET6 : AF_INET;
    if (ip->v6) {
      std::memcpy(&node.addr.addr6, ip->bytes.data(), sizeof node.addr.addr6);
    } else {
      std::memcpy(&node.addr.addr4, ip->bytes.data(), sizeof node.addr.addr4);
    }
  }
  rc = ares_set_servers_ports(channel.get(), nodes.data());
  if (rc != ARES_SUCCESS) {
    return MakeError(ErrorKind::kDnsError, std::string("c-ares servers: ") + ares_strerror(rc));
  }
  return channel;
}

// Waits for c-ares' sockets or its next timeout, whichever is first, but never
// past the deadline, then lets c-ares process what happened.
Result<bool> Step(ares_channel channel, const Deadline& deadline) {
  ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
  int bits = ares_getsock(channel, sockets, ARES_GETSOCK_MAXNUM);
  pollfd fds[ARES_GETSOCK_MAXNUM];
  nfds_t count = 0;
  for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
    short events = 0;
    if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
    if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
    if (events == 0) continue;
    fds[count++] = pollfd{sockets[i], events, 0};
  }
  int remaining_ms = deadline.RemainingMillis();
  timeval max_wait{remaining_ms / 1000, static_cast<suseconds_t>(remaining_ms % 1000) * 1000};
  timeval buffer{};
  timeval* wait = ares_timeout(channel, &max_wait, &buffer);
  int wait_ms = static_cast<int>(wait->tv_sec * 1000 + (wait->tv_usec + 999) / 1000);
  int ready = poll(fds, count, wait_ms);
  if (ready < 0) {
    if (errno == EINTR) return true;
    return MakeError(ErrorKind::kDnsError, std::string("poll: ") + std::strerror(errno));
  }
  if (ready == 0) {
    ares_process_fd(channel, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timeouts only
    return true;
  }
  for (nfds_t i = 0; i < count; ++i) {
    if (fds[i].revents == 0) continue;
    bool readable = (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
    bool writable = (fds[i].revents & POLLOUT) != 0;
    ares_process_fd(channel, readable ? fds[i].fd : ARES_SOCKET_BAD, writable ? fds[i].fd : ARES_SOCKET_BAD);
  }
  return true;
}

Error StatusError(int status, const std::string& host) {
  switch (status) {
    case ARES_ENOTFOUND:
      return MakeError(ErrorKind::kDnsNxdomain, host + ": no such host");
    case ARES_ENODATA:
      return MakeError(ErrorKind::kDnsNxdomain, host + ": no A or AAAA record");
    case ARES_ETIMEOUT:
      return MakeError(ErrorKind::kTimeout,
                       host + ": DNS servers did not answer (" + std::string(ares_strerror(status)) + ")");
    default:
      return MakeError(ErrorKind::kDnsError, host + ": " + ares_strerror(status));
  }
}

}  // namespace

Result<std::vector<std::string>> AresLookup(const std::string& host,
                                            const std::vector<config::ResolverConfig::Server>& servers,
                                            const Deadline& deadline) {
  auto timeout = [&host] { return MakeError(ErrorKind::kTimeout, host + ": DNS lookup ran out of time"); };
  if (deadline.Expired()) return timeout();
  auto channel = MakeChannel(servers, deadline);
  if (!channel) return channel.error();
  QueryState state;
  ares_addrinfo_hints hints{};
  hints.ai_family = AF_UNSPEC;      // A and AAAA
  hints.ai_flags = ARES_AI_NOSORT;  // keep answer order; no probing connects
  ares_getaddrinfo(channel.value().get(), host.c_str(), nullptr, &hints, OnAddrInfo, &state);
  // Bounded by the deadline: every pass waits at most until it.
  while (!state.done) {
    if (deadline.Expired()) {
      ares_cancel(channel.value().get());  // runs OnAddrInfo with ARES_ECANCELLED
      return timeout();
    }
    auto stepped = Step(channel.value().get(), deadline);
    if (!stepped) {
      ares_cancel(channel.value().get());
      return stepped.error();
    }
  }
  if (state.status != ARES_SUCCESS) return StatusError(state.status, host);
  if (state.addresses.empty()) return StatusError(ARES_ENODATA, host);
  return state.addresses.Take();
}

}  // namespace lde::dns::detail
