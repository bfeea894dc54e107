#include "http/stream_body.h"

#include <optional>
#include <string>

#include "http/chunked_sink.h"
#include "http/gzip.h"

namespace lde::http {

void RunBodyStream(const BodyStream& stream, BodyPipe& pipe, bool chunked, bool gzip, Logger& log,
                   std::string_view path) {
  try {
    ByteSink* sink = &pipe;
    std::optional<ChunkedSink> chunks;
    if (chunked) sink = &chunks.emplace(*sink);
    std::optional<GzipSink> zip;
    if (gzip && stream.write_gzip) {
      stream.write_gzip(*sink);  // compressed already
    } else {
      if (gzip) sink = &zip.emplace(*sink);
      stream.write(*sink);
      if (zip) zip->Finish();
    }
    if (chunks) chunks->Finish();
    pipe.Close();
  } catch (const StreamAbandoned&) {
    // The connection is gone (closed by the client, the write timeout or a
    // stop): nobody waits for the rest.
  } catch (const std::exception& e) {
    log.Warn("http response stream failed", {{"path", std::string(path)}, {"error", e.what()}});
    pipe.Fail();
  } catch (...) {
    log.Warn("http response stream failed", {{"path", std::string(path)}, {"error", "unknown exception"}});
    pipe.Fail();
  }
}

}  // namespace lde::http
