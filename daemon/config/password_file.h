#pragma once

// Reading the test account's password for the authenticated UCWA sign-in
// (a deployment's `auth.password_file`): the one place that decides whether
// a file is private enough to hold a secret.

#include <sys/types.h>

#include <cstddef>
#include <string>

#include "common/result.h"

namespace lde::config {

// A password is one line; anything near this is not one.
inline constexpr std::size_t kMaxPasswordFileBytes = 4096;

// The password in `path`: a regular file owned by `owner` (the daemon's
// effective uid) with no group or other permission bits, of at most
// kMaxPasswordFileBytes, holding one line (a trailing "\n" or "\r\n" is
// stripped; an empty password or a second line is refused). Errors are
// kConfig and name the file and, for a permission problem, its mode and
// owner; they never quote the content. Never throws.
Result<std::string> ReadPasswordFile(const std::string& path, uid_t owner);

}  // namespace lde::config
