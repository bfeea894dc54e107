// lde_lab_ucwa_standin: a stand-in for a Lync pool's UCWA web services, for
// the lab's authenticated sign-in (plain HTTP behind the lab's nginx, which
// terminates TLS). It answers what a phone asks after the anonymous walk:
//   POST /WebTicket/oauthtoken    password grant -> 200 {access_token, token_type Bearer},
//                                 400 {"error":"invalid_grant"} for anything but the test account
//   GET  <any other path>         the user resource for a valid bearer token (401 otherwise),
//                                 _links.applications on the Host it was asked for
//   POST /ucwa/oauth/v1/applications        201 {_links.self.href: .../applications/<id>}
//                                           (403 on an app-fails listener)
//   DELETE /ucwa/oauth/v1/applications/<id> 204, 404 for an unknown id
//
// Usage: lde_lab_ucwa_standin --user LOCALPART --password-file FILE ADDR:PORT[=app-fails] ...
//   The test account is LOCALPART@<any domain> with the password in FILE
//   (one line, mode 0600). ADDR is numeric IPv4. A listener marked
//   =app-fails refuses to create applications, as a pool that does not
//   allow the cross-domain request.
// Bounds: at most 64 connections (the oldest is dropped), 16 KiB of request,
// 5 s per connection, 1024 live tokens and applications (oldest forgotten).
// Standard library and POSIX only. Exits 0 on SIGTERM/SIGINT.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fd.h"

namespace lde::lab {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxConnections = 64;
constexpr std::size_t kMaxRequestBytes = 16 * 1024;
constexpr auto kConnectionTime = std::chrono::seconds(5);
constexpr std::size_t kMaxLive = 1024;
constexpr const char* kUserPath = "/Autodiscover/AutodiscoverService.svc/root/oauth/user";
constexpr const char* kApplicationsPath = "/ucwa/oauth/v1/applications";

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded value.
std::string FormDecode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> ParseForm(std::string_view body) {
  std::map<std::string, std::string> out;
  while (!body.empty()) {
    auto amp = body.find('&');
    std::string_view pair = body.substr(0, amp);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos) out[FormDecode(pair.substr(0, eq))] = FormDecode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    body.remove_prefix(amp + 1);
  }
  return out;
}

std::string RandomHex(std::size_t bytes) {
  std::string out;
  std::ifstream random("/dev/urandom", std::ios::binary);
  static const char* kHex = "0123456789abcdef";
  for (std::size_t i = 0; i < bytes; ++i) {
    const auto b = static_cast<unsigned char>(random.get());
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

// A Host value fit to echo into a URL: host[:port] characters only.
bool SafeHost(std::string_view host) {
  if (host.empty() || host.size() > 255) return false;
  for (char c : host) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == ':' || c == '[' || c == ']';
    if (!ok) return false;
  }
  return true;
}

struct Request {
  std::string method;
  std::string path;                            // without the query
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

struct Response {
  int status = 404;
  std::string body;
  std::string type = "application/json";
};

// Bounded FIFO sets: the oldest is forgotten past kMaxLive.
class Live {
 public:
  void Add(const std::string& key, std::string value = "") {
    if (order_.size() >= kMaxLive) {
      values_.erase(order_.front());
      order_.pop_front();
    }
    order_.push_back(key);
    values_[key] = std::move(value);
  }
  bool Has(const std::string& key) const { return values_.count(key) != 0; }
  bool Remove(const std::string& key) { return values_.erase(key) != 0; }

 private:
  std::deque<std::string> order_;
  std::map<std::string, std::string> values_;
};

class Standin {
 public:
  Standin(std::string user, std::string password) : user_(Lower(user)), password_(std::move(password)) {}

  Response Handle(const Request& req, bool app_fails) {
    const std::string path = Lower(req.path);
    if (path == "/webticket/oauthtoken") return Token(req);
    const std::string token = Bearer(req);
    if (!tokens_.Has(token)) return {401, R"({"code":"Unauthorized","message":"No valid bearer token."})"};
    if (path == kApplicationsPath) {
      if (req.method != "POST") return {405, ""};
      if (app_fails) {
        return {403, R"({"code":"Forbidden","message":"Service does not allow a cross domain request."})"};
      }
      const std::string id = RandomHex(8);
      applications_.Add(id, token);
      return {201, std::string(R"({"culture":"en-US","userAgent":"standin","_links":{"self":{"href":")") +
                       kApplicationsPath + "/" + id + R"("}}})"};
    }
    if (path.rfind(std::string(kApplicationsPath) + "/", 0) == 0) {
      if (req.method != "DELETE") return {405, ""};
      const std::string id = path.substr(std::strlen(kApplicationsPath) + 1);
      return applications_.Remove(id) ? Response{204, "", ""} : Response{404, R"({"code":"NotFound"})"};
    }
    if (req.method != "GET") return {405, ""};
    // The user resource, whatever path nginx handed over.
    auto host = req.headers.find("host");
    if (host == req.headers.end() || !SafeHost(host->second)) return {400, R"({"code":"BadRequest"})"};
    const std::string base = "https://" + host->second;
    return {200, R"({"_links":{"self":{"href":")" + base + kUserPath + R"("},"applications":{"href":")" +
                     base + kApplicationsPath + R"("},"xframe":{"href":")" + base +
                     R"(/Autodiscover/XFrame/XFrame.html"}}})"};
  }

 private:
  static std::string Bearer(const Request& req) {
    auto it = req.headers.find("authorization");
    if (it == req.headers.end() || Lower(it->second.substr(0, 7)) != "bearer ") return "";
    return it->second.substr(7);
  }

  Response Token(const Request& req) {
    if (req.method != "POST") return {405, ""};
    auto form = ParseForm(req.body);
    if (form["grant_type"] != "password") return {400, R"({"error":"unsupported_grant_type"})"};
    const std::string username = Lower(form["username"]);
    const auto at = username.find('@');
    if (at == std::string::npos || username.substr(0, at) != user_ || form["password"] != password_) {
      return {400, R"({"error":"invalid_grant"})"};
    }
    const std::string token = "cwt=" + RandomHex(24);
    tokens_.Add(token);
    return {200, R"({"access_token":")" + token +
                     R"(","expires_in":28799,"ms_rtc_identityscope":"local","token_type":"Bearer"})"};
  }

  std::string user_;
  std::string password_;
  Live tokens_;
  Live applications_;
};

const char* StatusText(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Payload Too Large";
    default:
      return "Error";
  }
}

std::string Serialize(const Response& r) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + StatusText(r.status) + "\r\n";
  if (!r.type.empty() && !r.body.empty()) out += "Content-Type: " + r.type + "; charset=utf-8\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n" + r.body;
  return out;
}

// A complete request in `buf`, or nothing yet; `bad` when it can never be one.
std::optional<Request> TryParse(const std::string& buf, bool& bad) {
  const auto end = buf.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  Request req;
  std::istringstream head(buf.substr(0, end));
  std::string line;
  std::getline(head, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::istringstream first(line);
  std::string target, version;
  first >> req.method >> target >> version;
  if (req.method.empty() || target.empty() || target[0] != '/') {
    bad = true;
    return std::nullopt;
  }
  req.path = target.substr(0, target.find('?'));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.erase(0, 1);
    req.headers[Lower(line.substr(0, colon))] = value;
  }
  std::size_t length = 0;
  if (auto it = req.headers.find("content-length"); it != req.headers.end()) {
    const auto [p, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), length);
    if (ec != std::errc() || length > kMaxRequestBytes) {
      bad = true;
      return std::nullopt;
    }
  }
  if (buf.size() < end + 4 + length) return std::nullopt;
  req.body = buf.substr(end + 4, length);
  return req;
}

struct Connection {
  Fd fd;
  bool app_fails = false;
  Clock::time_point deadline;
  std::string in;
  std::string out;
  std::size_t sent = 0;
};

struct Listener {
  std::string text;
  Fd fd;
  bool app_fails = false;
};

std::optional<Listener> Listen(std::string text) {
  Listener l;
  const std::string suffix = "=app-fails";
  if (text.size() > suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
    l.app_fails = true;
    text.resize(text.size() - suffix.size());
  }
  l.text = text;
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  int port = 0;
  const auto [p, ec] = std::from_chars(text.data() + colon + 1, text.data() + text.size(), port);
  if (ec != std::errc() || p != text.data() + text.size() || port < 1 || port > 65535) return std::nullopt;
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(static_cast<std::uint16_t>(port));
  if (inet_pton(AF_INET, text.substr(0, colon).c_str(), &sin.sin_addr) != 1) return std::nullopt;
  l.fd = Fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  const int one = 1;
  setsockopt(l.fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (!l.fd.valid() || bind(l.fd.get(), reinterpret_cast<const sockaddr*>(&sin), sizeof sin) != 0 ||
      listen(l.fd.get(), 64) != 0) {
    std::fprintf(stderr, "ucwa_standin: cannot listen on %s: %s\n", text.c_str(), std::strerror(errno));
    return std::nullopt;
  }
  return l;
}

// The password file: regular, the caller's own, mode 0600 or stricter, one line.
std::optional<std::string> ReadPassword(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || (st.st_mode & 077) != 0 || st.st_size > 4096) {
    std::fprintf(stderr, "ucwa_standin: %s must be a regular file of mode 0600, at most 4 KiB\n",
                 path.c_str());
    return std::nullopt;
  }
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) {
    std::fprintf(stderr, "ucwa_standin: %s is empty\n", path.c_str());
    return std::nullopt;
  }
  return line;
}

int Serve(std::vector<Listener> listeners, Standin& standin) {
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  signal(SIGPIPE, SIG_IGN);
  Fd signals(signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK));
  std::deque<Connection> conns;
  for (;;) {
    std::vector<pollfd> fds;
    fds.push_back({signals.get(), POLLIN, 0});
    for (auto& l : listeners) fds.push_back({l.fd.get(), POLLIN, 0});
    for (auto& c : conns)
      fds.push_back({c.fd.get(), static_cast<short>(c.out.empty() ? POLLIN : POLLOUT), 0});
    if (poll(fds.data(), fds.size(), 500) < 0 && errno != EINTR) return 1;
    if (fds[0].revents != 0) return 0;
    const auto now = Clock::now();
    for (std::size_t i = 0; i < conns.size(); ++i) {
      Connection& c = conns[i];
      const short ev = fds[1 + listeners.size() + i].revents;
      if (ev & (POLLERR | POLLHUP | POLLNVAL)) {
        c.fd.Reset();
        continue;
      }
      if ((ev & POLLIN) && c.out.empty()) {
        char buf[4096];
        const ssize_t n = read(c.fd.get(), buf, sizeof buf);
        if (n <= 0) {
          c.fd.Reset();
          continue;
        }
        c.in.append(buf, static_cast<std::size_t>(n));
        bool bad = false;
        auto req = TryParse(c.in, bad);
        if (bad || (!req && c.in.size() > kMaxRequestBytes)) {
          c.out = Serialize({bad ? 400 : 413, R"({"code":"BadRequest"})"});
        } else if (req) {
          c.out = Serialize(standin.Handle(*req, c.app_fails));
        }
      }
      if ((ev & POLLOUT) && !c.out.empty()) {
        const ssize_t n = write(c.fd.get(), c.out.data() + c.sent, c.out.size() - c.sent);
        if (n > 0) c.sent += static_cast<std::size_t>(n);
        if (n <= 0 || c.sent == c.out.size()) c.fd.Reset();
      }
      if (now > c.deadline) c.fd.Reset();
    }
    std::deque<Connection> alive;
    for (auto& c : conns) {
      if (c.fd.valid()) alive.push_back(std::move(c));
    }
    conns = std::move(alive);
    for (std::size_t i = 0; i < listeners.size(); ++i) {
      if (!(fds[1 + i].revents & POLLIN)) continue;
      Fd fd(accept4(listeners[i].fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
      if (!fd.valid()) continue;
      if (conns.size() >= kMaxConnections) conns.pop_front();
      Connection c;
      c.fd = std::move(fd);
      c.app_fails = listeners[i].app_fails;
      c.deadline = now + kConnectionTime;
      conns.push_back(std::move(c));
    }
  }
}

int Usage() {
  std::fprintf(
      stderr,
      "usage: lde_lab_ucwa_standin --user LOCALPART --password-file FILE ADDR:PORT[=app-fails] ...\n");
  return 1;
}

int Main(int argc, char** argv) {
  std::string user, password_file;
  std::vector<std::string> addresses;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--user" && i + 1 < argc) {
      user = argv[++i];
    } else if (arg == "--password-file" && i + 1 < argc) {
      password_file = argv[++i];
    } else if (arg.rfind("--", 0) == 0) {
      return Usage();
    } else {
      addresses.push_back(arg);
    }
  }
  if (user.empty() || password_file.empty() || addresses.empty()) return Usage();
  auto password = ReadPassword(password_file);
  if (!password) return 1;
  std::vector<Listener> listeners;
  for (const auto& a : addresses) {
    auto l = Listen(a);
    if (!l) return 1;
    std::printf("ucwa_standin: listening on %s%s\n", l->text.c_str(), l->app_fails ? " (app-fails)" : "");
    listeners.push_back(std::move(*l));
  }
  std::fflush(stdout);
  Standin standin(user, *password);
  return Serve(std::move(listeners), standin);
}

}  // namespace
}  // namespace lde::lab

int main(int argc, char** argv) { return lde::lab::Main(argc, argv); }
