#pragma once

// Hand-built TLS records for servers that misbehave inside the protocol.
// Internal to tests/support/servers.

#include <string>

namespace lde::testing::detail {

// A TLS 1.2 handshake record holding a valid ServerHello
// (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, renegotiation_info) followed by a
// Certificate message whose only entry is not DER: the client must fail
// cleanly while parsing it.
std::string ServerHelloWithGarbageCertificate();

// The same ServerHello alone: the client then waits for a Certificate that
// never comes.
std::string ServerHelloOnly();

// Bytes that are not TLS at all (a plain HTTP answer on a TLS port).
std::string NonTlsGarbage();

}  // namespace lde::testing::detail
