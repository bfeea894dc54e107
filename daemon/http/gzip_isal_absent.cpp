#include "http/gzip_engine.h"

namespace lde::http {

// This build has no ISA-L (libisal-dev was not found): zlib does it all.
std::unique_ptr<DeflateEngine> MakeIsalEngine(DeflateFormat) { return nullptr; }

bool IsalEngineBuilt() { return false; }

}  // namespace lde::http
