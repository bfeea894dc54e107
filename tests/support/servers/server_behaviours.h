#pragma once

// What the test server does with one accepted connection. Internal to
// tests/support/servers.

#include <openssl/ssl.h>

#include <functional>
#include <string>

#include "support/servers/tls_test_server.h"

namespace lde::testing::detail {

// Every wait is capped by this as well as by the stop signal, so a worker
// can never hang a test run.
inline constexpr int kSafetyTimeoutMs = 10000;

struct ConnectionEnv {
  int fd = -1;             // blocking socket; the caller closes it
  int wake_fd = -1;        // readable once the server is stopping
  SSL_CTX* ctx = nullptr;  // null for plain servers
  const TlsTestServerOptions* options = nullptr;
  std::function<void(std::string)> record_request;
};

// Runs options->behaviour on env.fd. For kResetDuringHandshake it leaves
// SO_LINGER 0 set, so the caller's close() sends the RST.
void RunBehaviour(const ConnectionEnv& env);

}  // namespace lde::testing::detail
