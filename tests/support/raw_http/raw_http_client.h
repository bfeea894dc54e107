#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace lde::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;                            // de-chunked when the response was chunked
  std::size_t chunks = 0;                      // chunks read, the last (empty) one included
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
};

// One TCP connection to 127.0.0.1:port from a chosen loopback source
// address, driven byte by byte. Every wait is bounded; failures are
// reported as values, never thrown, so a test can assert on them.
class RawHttpClient {
 public:
  explicit RawHttpClient(std::uint16_t port, const std::string& source = "127.0.0.1",
                         const std::string& server = "127.0.0.1");
  ~RawHttpClient();
  RawHttpClient(const RawHttpClient&) = delete;
  RawHttpClient& operator=(const RawHttpClient&) = delete;

  bool connected() const { return fd_ >= 0; }
  bool Send(const std::string& bytes);
  // Reads one response (Content-Length framed, chunked, or until close); nullopt on
  // timeout, close before a whole response, or garbage.
  std::optional<RawResponse> ReadResponse(std::chrono::milliseconds timeout);
  // True when the server closes the connection (EOF or reset) within
  // `timeout`; bytes it sends meanwhile are discarded.
  bool WaitForClose(std::chrono::milliseconds timeout);
  // Everything the server sends until it closes (bounded by timeout and 1 MiB).
  std::string ReadUntilClose(std::chrono::milliseconds timeout);

 private:
  bool Fill(std::chrono::steady_clock::time_point until);
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

// GET `path` on a fresh connection with Host set; nullopt when no response.
std::optional<RawResponse> RawGet(std::uint16_t port, const std::string& path,
                                  const std::string& extra_headers = "",
                                  const std::string& source = "127.0.0.1",
                                  std::chrono::milliseconds timeout = std::chrono::seconds(5));

}  // namespace lde::testing
