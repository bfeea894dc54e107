#pragma once

// `openssl s_time -new` as the floor of a full TLS handshake on this
// machine: one client process making new connections (no resumption, no
// verification, no HTTP) to one farm port for a fixed time. Its CPU comes
// from wait4's rusage of the child (user+sys), divided by the connections
// it reports.
//
// With a `www` path, `s_time -new -www PATH`: each connection also sends
// `GET PATH HTTP/1.0` and reads the answer to the end, which is what an
// HTTPS probe does after its handshake (it also reads the server's TLS 1.3
// session tickets, which a bare handshake never does). The aim is
// against the bare handshake; this is the like-for-like beside it.

#include <cstdint>
#include <string>

#include "common/result.h"
#include "load/cpu_usage.h"

namespace lde::bench {

struct STimeResult {
  std::string key;  // "ec" | "rsa": the key of the port's leaf
  std::string www;  // empty: the bare handshake; else the path each connection GETs
  int repeat = 0;
  int concurrency = 0;  // the pair it belongs to
  std::uint64_t connections = 0;
  CpuTimes cpu;

  double CpuMsPerHandshake() const {
    return connections == 0 ? 0 : cpu.total_s() * 1000.0 / static_cast<double>(connections);
  }
};

// `log_path` must not exist yet (kInternal otherwise): the connection count
// is read from the first report in it.
// Errors: kConfig (openssl missing or it did not report), kTimeout, kInternal.
Result<STimeResult> RunSTime(const std::string& openssl_path, std::uint16_t port, int seconds,
                             const std::string& log_path, const std::string& www = "");

}  // namespace lde::bench
