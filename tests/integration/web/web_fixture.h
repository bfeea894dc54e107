#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "support/certs/cert_factory.h"

namespace lde::testing {

// A temporary directory with a probe config that has no targets (the tests
// here are about the web surface, not probing), a server PKI for 127.0.0.1
// and a separate client PKI, written as PEM files:
//   ca.pem                 the server's root (what a scraper trusts)
//   server.pem, server.key the leaf for 127.0.0.1 and localhost + intermediate
//   client-ca.pem          the root that signs client certificates
//   client.pem, client.key a client certificate (CN prometheus)
//   rogue.pem, rogue.key   a client certificate from an unknown CA
class WebLab {
 public:
  WebLab();
  ~WebLab();
  WebLab(const WebLab&) = delete;
  WebLab& operator=(const WebLab&) = delete;

  const std::string& dir() const { return dir_; }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::string WriteFile(const std::string& name, const std::string& text) const;
  const std::string& config_file() const { return config_file_; }

  // A bcrypt hash ($2b$, cost 4: fast tests) of `password`.
  static std::string BcryptHash(const std::string& password);

 private:
  std::string dir_;
  std::string config_file_;
};

// The daemon binary under test (set by CMake).
inline std::string DaemonBinary() { return LDE_DAEMON_BINARY; }

}  // namespace lde::testing
