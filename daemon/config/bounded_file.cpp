#include "config/bounded_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace lde::config {

Result<std::string> ReadBoundedFile(const std::string& path, std::size_t max_bytes, std::string_view what) {
  const std::string cannot_read = "cannot read " + std::string(what) + ": ";
  auto fail = [](std::string detail) { return MakeError(ErrorKind::kConfig, std::move(detail)); };
  // O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused below).
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) return fail(cannot_read + std::strerror(errno));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(cannot_read + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return fail(cannot_read + "is a directory");
  if (!S_ISREG(st.st_mode)) return fail(cannot_read + "not a regular file");
  const std::string too_big = std::string(what) + " is larger than " + std::to_string(max_bytes) + " bytes";
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) return fail(too_big);
  // The size can change after fstat: stop one byte past the bound.
  std::string text;
  char buf[16384];
  while (text.size() <= max_bytes) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(cannot_read + std::strerror(errno));
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
  }
  if (text.size() > max_bytes) return fail(too_big);
  return text;
}

}  // namespace lde::config
