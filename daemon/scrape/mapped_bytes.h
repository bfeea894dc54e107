#pragma once

// A block of bytes in pages of its own (an anonymous mmap), outside
// malloc's arena. The scrape cache's pieces are a few MiB, made again
// wholesale while results arrive (the first minute) and as they change:
// in glibc's one arena (app/heap.cpp) blocks freed and made again at other
// sizes leave holes that keep the arena's pages resident long after. Pages
// of their own go back to the system when the block is freed, at the cost
// of rounding each block up to a page.

#include <cstddef>
#include <string_view>

namespace lde::scrape {

class MappedBytes {
 public:
  MappedBytes() = default;
  // A copy of `bytes`, read-only once made. Throws std::bad_alloc when the
  // system has no pages to give. An empty block maps nothing.
  explicit MappedBytes(std::string_view bytes);
  ~MappedBytes();
  MappedBytes(MappedBytes&& other) noexcept;
  MappedBytes& operator=(MappedBytes&& other) noexcept;
  MappedBytes(const MappedBytes&) = delete;
  MappedBytes& operator=(const MappedBytes&) = delete;

  std::string_view view() const { return {data_, size_}; }
  std::size_t size() const { return size_; }
  // What the block takes of memory: its size rounded up to pages.
  std::size_t mapped_size() const;

 private:
  void Release();

  char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace lde::scrape
