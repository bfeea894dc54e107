#include "http/gzip.h"

#include <sstream>

#include "Poco/DeflatingStream.h"
#include "common/ascii.h"
#include "common/http_syntax.h"
#include "http/accept.h"

namespace lde::http {

bool AcceptsGzip(std::optional<std::string_view> accept_encoding) {
  if (!accept_encoding) return false;
  std::optional<double> gzip_q, star_q;
  std::string_view rest = *accept_encoding;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = TrimOws(rest.substr(0, comma));
    auto semi = item.find(';');
    std::string_view coding = TrimOws(item.substr(0, semi));
    double q = semi == std::string_view::npos ? 1 : QValue(item.substr(semi + 1));
    if (EqualsIgnoreAsciiCase(coding, "gzip") || EqualsIgnoreAsciiCase(coding, "x-gzip"))
      gzip_q = q;
    else if (coding == "*")
      star_q = q;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (gzip_q) return *gzip_q > 0;
  return star_q && *star_q > 0;
}

std::string GzipCompress(std::string_view data) {
  std::ostringstream out;
  {
    Poco::DeflatingOutputStream gzip(out, Poco::DeflatingStreamBuf::STREAM_GZIP, /*level=*/1);
    gzip.write(data.data(), static_cast<std::streamsize>(data.size()));
    gzip.close();
  }
  return std::move(out).str();
}

}  // namespace lde::http
