#include "http/gzip.h"

#include <charconv>
#include <sstream>

#include "Poco/DeflatingStream.h"
#include "common/ascii.h"
#include "common/http_syntax.h"

namespace lde::http {
namespace {

// The q-value of one list element ("gzip;q=0.5"); 1 when absent, 0 for a
// malformed one (RFC 9110 12.4.2: "0" to "1" with up to three decimals).
double QValue(std::string_view params) {
  while (!params.empty()) {
    auto semi = params.find(';');
    std::string_view param = TrimOws(params.substr(0, semi));
    if (param.size() > 2 && AsciiLowerChar(param[0]) == 'q' && param[1] == '=') {
      std::string_view number = param.substr(2);
      double q = 0;
      auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), q);
      if (ec != std::errc() || end != number.data() + number.size() || q < 0 || q > 1) return 0;
      return q;
    }
    if (semi == std::string_view::npos) break;
    params.remove_prefix(semi + 1);
  }
  return 1;
}

}  // namespace

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
