#pragma once

// Deadline-bounded primitives on a non-blocking socket, shared by plain and
// TLS connections. Internal to tls/.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/deadline.h"
#include "common/result.h"

namespace lde::tls {

// strerror_r text plus the errno name's number, e.g. "Connection reset by peer (errno 104)".
std::string ErrnoText(int err);

// Waits until `fd` is ready for `events` (POLLIN and/or POLLOUT); errors and
// hang-ups count as ready so the next call reports them. kTimeout (naming
// `what`) when the deadline passes first.
std::optional<Error> WaitReady(int fd, short events, const Deadline& d, std::string_view what);

// One recv(), waiting for data within the deadline. 0 means orderly EOF.
// An expired deadline is kTimeout even when data is waiting.
// Errors: kTimeout, kConnectError (reset and other socket errors).
Result<std::size_t> RecvSome(int fd, char* buf, std::size_t len, const Deadline& d);

// Sends all of `data` within the deadline (checked before every send). Uses
// MSG_NOSIGNAL: a peer that has gone away gives kConnectError, never a
// process-killing SIGPIPE.
Result<std::size_t> SendAll(int fd, std::string_view data, const Deadline& d);

}  // namespace lde::tls
