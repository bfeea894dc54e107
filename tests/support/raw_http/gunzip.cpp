#include "support/raw_http/gunzip.h"

#include <zlib.h>

#include <stdexcept>

namespace lde::testing {

std::string Gunzip(const std::string& data) {
  // zlib checks what a lenient decoder might not: the trailer's CRC-32 and
  // length, and that the member ends where the data does.
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("gunzip: inflateInit2 failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buffer[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buffer);
    z.avail_out = sizeof buffer;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buffer, sizeof buffer - z.avail_out);
  }
  const bool whole = rc == Z_STREAM_END && z.avail_in == 0;
  inflateEnd(&z);
  if (!whole) throw std::runtime_error("gunzip: not one whole, valid gzip member");
  return out;
}

}  // namespace lde::testing
