#pragma once

#include <cstdint>
#include <string>

namespace lde::testing::detail {

// A free UDP port on 127.0.0.1 (bound, read back, released).
std::uint16_t FreeUdpPort();

// A UDP socket bound to 127.0.0.1:<free port>, close-on-exec; sets *port.
// Throws std::runtime_error naming `owner` if it cannot bind.
int BindLoopbackUdp(const char* owner, std::uint16_t* port);

// Sends one hand-built DNS query (RFC 1035 section 4.1) for `name` type A to
// 127.0.0.1:`port` and waits up to `wait_ms` for any reply with our id.
bool AnswersDns(std::uint16_t port, const std::string& name, int wait_ms);

}  // namespace lde::testing::detail
