#pragma once

#include <iosfwd>

#include "app/options.h"
#include "common/log.h"

namespace lde::app {

// --once: probe every target and deployment once (concurrently, bounded by
// global.concurrency), print the report, return the exit code:
// 0 all probes succeeded, 1 any failed, 2 configuration error.
int RunOnce(const Options& options, Logger& log, std::ostream& out);

// --config.check: the config and, when given, the web config (certificates
// and keys loaded). 0 when valid, 2 with every error printed otherwise.
int CheckConfig(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace lde::app
