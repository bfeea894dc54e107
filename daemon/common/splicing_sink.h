#pragma once

#include <memory>

#include "common/byte_sink.h"

namespace lde {

// Bytes made for a SplicingSink apart from it (on another thread), already
// in the sink's own form (compressed, for gzip).
class Segment {
 public:
  virtual ~Segment() = default;
};

// Makes segments for the SplicingSink that made it: what is written since
// the last Cut becomes one segment. One thread at a time.
class SegmentWriter : public ByteSink {
 public:
  virtual std::unique_ptr<Segment> Cut() = 0;
};

// A sink whose output may be made in parts on several threads and joined
// in order: the expensive part of writing into it (compressing) runs where
// the bytes are made, and joining costs a copy of the result. A ByteSink
// that is one says so through ByteSink::Splicing.
class SplicingSink {
 public:
  virtual ~SplicingSink() = default;
  // A writer whose segments this sink can splice, for use on another thread.
  virtual std::unique_ptr<SegmentWriter> NewSegmentWriter() = 0;
  // Appends a segment made by one of this sink's writers: the output is as
  // if the segment's bytes had been written here. On the sink's own thread.
  virtual void Splice(std::unique_ptr<Segment> segment) = 0;
};

}  // namespace lde
