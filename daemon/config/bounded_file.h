#pragma once

// Reading a configuration file (the config, the web config) whole, with a
// bound: the one place that refuses what is not a file of ours to read.

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace lde::config {

// The text of `path`, which must be a regular file of at most `max_bytes`.
// Otherwise an Error (kConfig) whose detail is the operator's message, with
// `what` naming the file ("config file"): "cannot read <what>: is a
// directory", "cannot read <what>: not a regular file" (a device such as
// /dev/zero, a FIFO, a socket: opened without blocking and never read),
// "cannot read <what>: <strerror>", or "<what> is larger than <max_bytes>
// bytes" (also when the file grows past the bound while being read). Never
// throws.
Result<std::string> ReadBoundedFile(const std::string& path, std::size_t max_bytes, std::string_view what);

}  // namespace lde::config
