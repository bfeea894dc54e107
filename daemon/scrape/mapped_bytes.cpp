#include "scrape/mapped_bytes.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <new>
#include <utility>

namespace lde::scrape {
namespace {

std::size_t PageSize() {
  static const std::size_t page = [] {
    const long size = sysconf(_SC_PAGESIZE);
    return size > 0 ? static_cast<std::size_t>(size) : std::size_t{4096};
  }();
  return page;
}

std::size_t RoundUpToPages(std::size_t bytes) {
  const std::size_t page = PageSize();
  return (bytes + page - 1) / page * page;
}

}  // namespace

MappedBytes::MappedBytes(std::string_view bytes) {
  if (bytes.empty()) return;
  const std::size_t mapped = RoundUpToPages(bytes.size());
  void* pages = mmap(nullptr, mapped, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (pages == MAP_FAILED) throw std::bad_alloc();
  std::memcpy(pages, bytes.data(), bytes.size());
  // Read-only from here: a stray write into kept pieces faults at once
  // instead of corrupting every later scrape. Failing that is harmless.
  mprotect(pages, mapped, PROT_READ);
  data_ = static_cast<char*>(pages);
  size_ = bytes.size();
}

MappedBytes::~MappedBytes() { Release(); }

MappedBytes::MappedBytes(MappedBytes&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedBytes& MappedBytes::operator=(MappedBytes&& other) noexcept {
  if (this != &other) {
    Release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

std::size_t MappedBytes::mapped_size() const { return data_ == nullptr ? 0 : RoundUpToPages(size_); }

void MappedBytes::Release() {
  if (data_ != nullptr) munmap(data_, RoundUpToPages(size_));
  data_ = nullptr;
  size_ = 0;
}

}  // namespace lde::scrape
