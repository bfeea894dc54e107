#include "support/raw_http/gunzip.h"

#include <sstream>

#include "Poco/InflatingStream.h"
#include "Poco/StreamCopier.h"

namespace lde::testing {

std::string Gunzip(const std::string& data) {
  std::istringstream in(data);
  Poco::InflatingInputStream gunzip(in, Poco::InflatingStreamBuf::STREAM_GZIP);
  std::string out;
  Poco::StreamCopier::copyToString(gunzip, out);
  return out;
}

}  // namespace lde::testing
