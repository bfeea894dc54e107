#pragma once

// A real OCSP responder for tests: `openssl ocsp` answers every request,
// from an index.txt of certificate statuses, signed with a chosen key.
//
// `openssl ocsp -port` (OpenSSL 3.0) takes a port number only and listens on
// every address, and tests may listen on 127.0.0.0/8 only. So the HTTP side
// is a TlsTestServer (plain, on a loopback address, listening before the
// constructor returns: no readiness poll needed), and each POSTed request is
// handed to a one-shot `openssl ocsp -reqin ... -respout ...` process, which
// looks the serial up, copies the nonce and signs, exactly as its -port mode
// would. Requests are answered one at a time. Test support: set-up failures
// throw std::runtime_error.

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "model/observations.h"
#include "support/certs/cert_factory.h"
#include "support/servers/tls_test_server.h"

namespace lde::testing {

class OcspResponder {
 public:
  enum class Status { kValid, kRevoked };  // a certificate not in the index is "unknown"

  // Answers for certificates issued by `ca`, signing with `signer` (`ca`
  // itself, a responder it delegated to, or one it did not); nextUpdate is
  // thisUpdate + `next_update_minutes` (-nmin).
  OcspResponder(const MintedCert& ca, const MintedCert& signer, const std::string& bind_address = "127.0.0.1",
                int next_update_minutes = 5);
  ~OcspResponder();
  OcspResponder(const OcspResponder&) = delete;
  OcspResponder& operator=(const OcspResponder&) = delete;

  // Lists `cert` in the index (rewritten at once; read per request).
  void SetStatus(const MintedCert& cert, Status status);
  // Answers every request with these bytes instead of asking openssl (a
  // stale or forged answer); nullopt goes back to openssl.
  void ServeFixed(std::optional<model::Der> answer);

  // "http://<bind_address>:<port>/"
  std::string Url() const;
  // Requests answered so far (an answer served from the probe's cache is none).
  int Requests() const;
  // What openssl said when it last failed ("" if it never did).
  std::string LastError() const;

 private:
  std::string Respond(const std::string& raw_request);
  void WriteIndex();  // mutex_ held

  std::string dir_;
  std::string bind_address_;
  int next_update_minutes_;
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<Status, std::string>> index_;  // serial (upper hex) -> status, subject
  std::optional<model::Der> fixed_;
  int requests_ = 0;
  std::string last_error_;
  TlsTestServer server_;  // last: stopped before what Respond reads goes away
};

}  // namespace lde::testing
