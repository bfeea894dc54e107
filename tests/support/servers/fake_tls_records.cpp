#include "support/servers/fake_tls_records.h"

#include <cstdint>

namespace lde::testing::detail {
namespace {

void Put16(std::string& out, std::size_t v) {
  out += static_cast<char>((v >> 8) & 0xff);
  out += static_cast<char>(v & 0xff);
}

void Put24(std::string& out, std::size_t v) {
  out += static_cast<char>((v >> 16) & 0xff);
  Put16(out, v);
}

// A handshake message: type, uint24 length, body (RFC 5246 §7.4).
std::string Handshake(std::uint8_t type, const std::string& body) {
  std::string out(1, static_cast<char>(type));
  Put24(out, body.size());
  return out + body;
}

}  // namespace

namespace {

// A valid TLS 1.2 ServerHello handshake message.
std::string ServerHelloMessage() {
  std::string hello;
  Put16(hello, 0x0303);      // server_version TLS 1.2, no supported_versions
  hello.append(32, '\x5a');  // random (not the RFC 8446 downgrade sentinel)
  hello += '\0';             // empty session_id: a new session
  Put16(hello, 0xc02f);      // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
  hello += '\0';             // compression: null
  Put16(hello, 5);           // extensions
  Put16(hello, 0xff01);      // renegotiation_info (RFC 5746), which OpenSSL 3 expects
  Put16(hello, 1);
  hello += '\0';
  return Handshake(2, hello);
}

std::string HandshakeRecord(const std::string& payload) {
  std::string record = "\x16\x03\x03";
  Put16(record, payload.size());
  return record + payload;
}

}  // namespace

std::string ServerHelloWithGarbageCertificate() {
  const std::string garbage(64, '\x42');  // 'B' x 64: not a DER SEQUENCE
  std::string entry;
  Put24(entry, garbage.size());
  entry += garbage;
  std::string certificate;
  Put24(certificate, entry.size());
  certificate += entry;
  return HandshakeRecord(ServerHelloMessage() + Handshake(11, certificate));
}

std::string ServerHelloOnly() { return HandshakeRecord(ServerHelloMessage()); }

std::string NonTlsGarbage() { return "HTTP/1.1 400 Bad Request\r\nContent-Length: 14\r\n\r\nthis isn't TLS"; }

}  // namespace lde::testing::detail
