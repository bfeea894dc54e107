#pragma once

// The facts of one certificate as results hold them: every string in one
// block. A CertFacts value is eight strings and five vectors of strings, ten
// or more allocations spread over the heap (690 bytes a certificate by
// heaptrack at 10,000 targets, where results hold 20,000 of them), and
// rendering a scrape reads six of those strings per certificate, each a cache
// miss. Packed, a certificate is two allocations whose text lies side by
// side. Immutable: built from a CertFacts, read through views.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "model/cert_facts.h"

namespace lde::model {

class PackedCertFacts;

// One of the certificate's lists of strings (names, addresses, URLs), read in
// place: views into the owning PackedCertFacts, valid while it lives.
class TextList {
 public:
  class Iterator {
   public:
    using iterator_category = std::random_access_iterator_tag;
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = std::string_view;

    Iterator() = default;
    std::string_view operator*() const;
    std::string_view operator[](difference_type n) const { return *(*this + n); }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++index_;
      return old;
    }
    Iterator& operator--() {
      --index_;
      return *this;
    }
    Iterator operator--(int) {
      Iterator old = *this;
      --index_;
      return old;
    }
    Iterator& operator+=(difference_type n) {
      index_ += static_cast<std::uint32_t>(n);
      return *this;
    }
    Iterator& operator-=(difference_type n) {
      index_ -= static_cast<std::uint32_t>(n);
      return *this;
    }
    friend Iterator operator+(Iterator it, difference_type n) { return it += n; }
    friend Iterator operator+(difference_type n, Iterator it) { return it += n; }
    friend Iterator operator-(Iterator it, difference_type n) { return it -= n; }
    friend difference_type operator-(const Iterator& a, const Iterator& b) {
      return static_cast<difference_type>(a.index_) - static_cast<difference_type>(b.index_);
    }
    friend bool operator==(const Iterator& a, const Iterator& b) { return a.index_ == b.index_; }
    friend auto operator<=>(const Iterator& a, const Iterator& b) { return a.index_ <=> b.index_; }

   private:
    friend class TextList;
    Iterator(const PackedCertFacts* facts, std::uint32_t index) : facts_(facts), index_(index) {}
    const PackedCertFacts* facts_ = nullptr;
    std::uint32_t index_ = 0;  // of the string in the block
  };

  Iterator begin() const { return {facts_, first_}; }
  Iterator end() const { return {facts_, first_ + count_}; }
  std::size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  std::string_view operator[](std::size_t i) const { return begin()[static_cast<std::ptrdiff_t>(i)]; }
  std::string_view front() const { return (*this)[0]; }
  std::string_view back() const { return (*this)[count_ - 1]; }
  // A copy that outlives the facts (or goes where strings are asked for).
  std::vector<std::string> ToVector() const { return {begin(), end()}; }

  friend bool operator==(const TextList& list, const std::vector<std::string>& strings) {
    return list.size() == strings.size() && std::equal(list.begin(), list.end(), strings.begin());
  }

 private:
  friend class PackedCertFacts;
  TextList(const PackedCertFacts* facts, std::uint32_t first, std::uint32_t count)
      : facts_(facts), first_(first), count_(count) {}
  const PackedCertFacts* facts_;
  std::uint32_t first_;
  std::uint32_t count_;
};

class PackedCertFacts {
 public:
  // Throws std::length_error when the text exceeds 4 GiB (never: a
  // certificate is at most the 1 MiB a Certificate message may carry).
  explicit PackedCertFacts(const CertFacts& facts);
  PackedCertFacts(const PackedCertFacts&) = delete;
  PackedCertFacts& operator=(const PackedCertFacts&) = delete;

  // The facts as a value again (tests, editors of examples).
  CertFacts Unpack() const;

  // As CertFacts names them.
  std::string_view subject() const { return Text(kSubject); }
  std::string_view issuer() const { return Text(kIssuer); }
  std::string_view serial_hex() const { return Text(kSerial); }
  std::string_view sha256_hex() const { return Text(kSha256); }
  std::string_view common_name() const { return Text(kCommonName); }
  std::string_view signature_algorithm() const { return Text(kSignatureAlgorithm); }
  std::string_view key_type() const { return Text(kKeyType); }
  TextList dns_names() const { return List(kDnsNames); }
  TextList ip_addresses() const { return List(kIpAddresses); }
  TextList ocsp_urls() const { return List(kOcspUrls); }
  TextList ca_issuer_urls() const { return List(kCaIssuerUrls); }
  TextList crl_urls() const { return List(kCrlUrls); }
  SysTime not_before() const { return not_before_; }
  SysTime not_after() const { return not_after_; }
  int key_bits() const { return key_bits_; }
  bool self_issued() const { return (flags_ & kSelfIssued) != 0; }
  bool is_ca() const { return (flags_ & kIsCa) != 0; }
  bool eku_server_auth() const { return (flags_ & kEkuServerAuth) != 0; }
  bool has_eku() const { return (flags_ & kHasEku) != 0; }

  // Where the text lies: one block, so a reader about to walk many
  // certificates can fetch it ahead.
  const void* text_block() const { return block_.get(); }
  // Bytes held beyond the object itself (tests of the packing).
  std::size_t block_bytes() const { return block_size_; }

  bool operator==(const PackedCertFacts& other) const;

 private:
  friend class TextList::Iterator;

  // The single strings, in block order; then the lists, in this order.
  enum Single : std::uint32_t {
    kSubject,
    kIssuer,
    kSerial,
    kSha256,
    kCommonName,
    kSignatureAlgorithm,
    kKeyType,
    kSingles
  };
  enum ListName : std::uint32_t { kDnsNames, kIpAddresses, kOcspUrls, kCaIssuerUrls, kCrlUrls, kLists };
  enum Flag : std::uint8_t { kSelfIssued = 1, kIsCa = 2, kEkuServerAuth = 4, kHasEku = 8 };

  // String `index` of the block: its end offsets come first (one uint32
  // each), then the text, each string right after the one before it.
  std::string_view Text(std::uint32_t index) const;
  TextList List(ListName list) const {
    return {this, list_first_[list], list_first_[list + 1] - list_first_[list]};
  }

  std::unique_ptr<char[]> block_;
  std::uint32_t block_size_ = 0;
  std::uint32_t list_first_[kLists + 1] = {};  // index of each list's first string; the last: all strings
  SysTime not_before_{};
  SysTime not_after_{};
  std::int32_t key_bits_ = 0;
  std::uint8_t flags_ = 0;
};

inline std::string_view TextList::Iterator::operator*() const { return facts_->Text(index_); }

}  // namespace lde::model
