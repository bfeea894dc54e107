#include "config/password_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace lde::config {
namespace {

std::string Octal(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace

Result<std::string> ReadPasswordFile(const std::string& path, uid_t owner) {
  const std::string what = "password file " + path;
  auto fail = [&what](const std::string& detail) {
    return MakeError(ErrorKind::kConfig, what + ": " + detail);
  };
  // O_NONBLOCK: a FIFO must not wait for a writer (refused below, unread).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return fail(std::string("cannot read: ") + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(std::string("cannot read: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) return fail("not a regular file");
  // The same rule as ssh's private keys: a secret others can read (or
  // replace) is not the daemon's alone.
  if (st.st_uid != owner) {
    return fail("owned by uid " + std::to_string(st.st_uid) + ", not by the daemon's user (uid " +
                std::to_string(owner) + ")");
  }
  if ((st.st_mode & 077) != 0) {
    return fail("mode " + Octal(st.st_mode) + " lets group or others in; chmod 600 it");
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxPasswordFileBytes) {
    return fail("larger than " + std::to_string(kMaxPasswordFileBytes) + " bytes");
  }
  std::string text;
  char buf[1024];
  while (text.size() <= kMaxPasswordFileBytes) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  // Wipe the copy on the stack: it held the secret.
  std::memset(buf, 0, sizeof buf);
  if (text.size() > kMaxPasswordFileBytes) {
    return fail("larger than " + std::to_string(kMaxPasswordFileBytes) + " bytes");
  }
  if (!text.empty() && text.back() == '\n') text.pop_back();
  if (!text.empty() && text.back() == '\r') text.pop_back();
  if (text.empty()) return fail("is empty");
  if (text.find_first_of("\r\n") != std::string::npos) return fail("holds more than one line");
  return text;
}

}  // namespace lde::config
