// delay_proxy: the bench's own WAN on loopback (see load/delay_proxy.h). A
// program of its own, started by daemon_load as a child, so its CPU never
// counts as the daemon's.
//
//   delay_proxy --rtt-ms D --upstream-ports FILE --ports-out FILE
//               [--max-connections N] [--buffer-bytes B] [--max-seconds S]
//
// FILE holds one upstream port per line (at most 10,000). The proxy binds
// one 127.0.0.1 port per line and, once every one listens, writes
// "listen_port upstream_port" lines to --ports-out (written aside and
// renamed, so a reader sees all of it or nothing): its readiness signal.
// Ends on SIGTERM or SIGINT, or after --max-seconds, printing its counters.

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "load/delay_proxy.h"

namespace {

std::atomic<bool> g_stop{false};

constexpr std::uint32_t kFirstPort = 20000;
constexpr std::uint32_t kLastPort = 32767;

void OnSignal(int) { g_stop.store(true); }

bool ParseLong(const char* text, long low, long high, long* out) {
  char* end = nullptr;
  long v = std::strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || v < low || v > high) return false;
  *out = v;
  return true;
}

// Raises the descriptor limit to what the routes and connections need, up
// to the hard limit; lowers max_connections to what fits under it.
bool FitDescriptors(std::size_t routes, lde::bench::DelayProxyOptions* o) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return false;
  const rlim_t slack = 64;
  const rlim_t need = routes + 2 * o->max_connections + slack;
  if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < need) {
    if (lim.rlim_max < routes + slack + 2 * 16) return false;
    o->max_connections = (lim.rlim_max - routes - slack) / 2;
    std::cerr << "delay_proxy: the descriptor limit " << lim.rlim_max << " allows " << o->max_connections
              << " connections\n";
  }
  lim.rlim_cur = std::min<rlim_t>(lim.rlim_max, routes + 2 * o->max_connections + slack);
  return setrlimit(RLIMIT_NOFILE, &lim) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  lde::bench::DelayProxyOptions o;
  std::string upstream_file, out_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    long v = 0;
    if (flag == "--rtt-ms" && ParseLong(argv[i + 1], 0, 10000, &v)) {
      o.rtt = std::chrono::milliseconds(v);
    } else if (flag == "--max-connections" && ParseLong(argv[i + 1], 1, 65536, &v)) {
      o.max_connections = static_cast<std::size_t>(v);
    } else if (flag == "--buffer-bytes" && ParseLong(argv[i + 1], 4096, 64 << 20, &v)) {
      o.max_buffered_bytes = static_cast<std::size_t>(v);
    } else if (flag == "--max-seconds" && ParseLong(argv[i + 1], 1, 86400, &v)) {
      o.max_seconds = std::chrono::seconds(v);
    } else if (flag == "--upstream-ports") {
      upstream_file = argv[i + 1];
    } else if (flag == "--ports-out") {
      out_file = argv[i + 1];
    } else {
      std::cerr << "delay_proxy: unknown or invalid: " << flag << " " << argv[i + 1] << "\n";
      return 2;
    }
  }
  if (upstream_file.empty() || out_file.empty() || argc % 2 == 0) {
    std::cerr << "usage: delay_proxy --rtt-ms D --upstream-ports FILE --ports-out FILE\n"
                 "                   [--max-connections N] [--buffer-bytes B] [--max-seconds S]\n";
    return 2;
  }
  std::vector<std::uint16_t> upstream;
  std::ifstream in(upstream_file);
  long port = 0;
  std::string line;
  while (upstream.size() <= 10000 && std::getline(in, line)) {
    if (!ParseLong(line.c_str(), 1, 65535, &port)) {
      std::cerr << "delay_proxy: " << upstream_file << ": not a port: \"" << line << "\"\n";
      return 2;
    }
    upstream.push_back(static_cast<std::uint16_t>(port));
  }
  if (upstream.empty() || upstream.size() > 10000) {
    std::cerr << "delay_proxy: " << upstream_file << ": expected 1 to 10000 ports\n";
    return 2;
  }
  if (!FitDescriptors(upstream.size(), &o)) {
    std::cerr << "delay_proxy: cannot raise RLIMIT_NOFILE far enough for " << upstream.size() << " ports\n";
    return 2;
  }
  signal(SIGTERM, OnSignal);
  signal(SIGINT, OnSignal);
  signal(SIGPIPE, SIG_IGN);

  lde::bench::DelayProxy proxy(o);
  std::string error;
  const std::string tmp = out_file + ".tmp";
  {
    std::ofstream out(tmp);
    // Ports are taken in order from 20000, below Linux's ephemeral range
    // (32768-60999): bind(0) scans that range for a free port, which turns
    // quadratic once nginx and the proxy hold 10,000 ports each of it
    // (6,144 binds took 20 s), and leaves fewer ports for the probes'
    // outgoing connections. Bounded: the candidate only moves up.
    std::uint32_t candidate = kFirstPort;
    for (auto up : upstream) {
      int fd = -1;
      std::uint16_t listen_port = 0;
      for (; fd < 0 && candidate <= kLastPort; ++candidate) {
        listen_port = static_cast<std::uint16_t>(candidate);
        fd = lde::bench::ListenLoopback(&listen_port, &error);
        if (fd < 0 && errno != EADDRINUSE) break;
      }
      if (fd < 0 || !proxy.AddRoute(fd, up, &error)) {
        std::cerr << "delay_proxy: " << error << "\n";
        return 1;
      }
      out << listen_port << " " << up << "\n";
    }
  }
  if (std::rename(tmp.c_str(), out_file.c_str()) != 0) {
    std::cerr << "delay_proxy: cannot write " << out_file << "\n";
    return 1;
  }
  std::cerr << "delay_proxy: " << upstream.size() << " routes, rtt " << o.rtt.count() << " ms, at most "
            << o.max_connections << " connections\n";
  const bool ok = proxy.Run(g_stop, &error);
  const auto& s = proxy.stats();
  std::cerr << "delay_proxy: accepted=" << s.accepted << " closed=" << s.closed << " aborted=" << s.aborted
            << " refused=" << s.refused << " upstream_failed=" << s.upstream_failed
            << " bytes_up=" << s.bytes_up << " bytes_down=" << s.bytes_down << "\n";
  if (!ok) std::cerr << "delay_proxy: " << error << "\n";
  return ok ? 0 : 1;
}
