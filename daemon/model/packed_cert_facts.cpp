#include "model/packed_cert_facts.h"

#include <cstring>
#include <limits>
#include <stdexcept>

namespace lde::model {
namespace {

constexpr std::size_t kOffsetBytes = sizeof(std::uint32_t);

std::uint32_t Narrow(std::size_t n) {
  if (n > std::numeric_limits<std::uint32_t>::max())
    throw std::length_error("certificate facts exceed 4 GiB");
  return static_cast<std::uint32_t>(n);
}

}  // namespace

PackedCertFacts::PackedCertFacts(const CertFacts& facts)
    : not_before_(facts.not_before), not_after_(facts.not_after), key_bits_(facts.key_bits) {
  const std::string* singles[kSingles] = {&facts.subject,    &facts.issuer,      &facts.serial_hex,
                                          &facts.sha256_hex, &facts.common_name, &facts.signature_algorithm,
                                          &facts.key_type};
  const std::vector<std::string>* lists[kLists] = {&facts.dns_names, &facts.ip_addresses, &facts.ocsp_urls,
                                                   &facts.ca_issuer_urls, &facts.crl_urls};
  std::size_t strings = kSingles;
  std::size_t text = 0;
  for (const std::string* s : singles) text += s->size();
  for (std::size_t l = 0; l < kLists; ++l) {
    list_first_[l] = Narrow(strings);
    strings += lists[l]->size();
    for (const std::string& s : *lists[l]) text += s.size();
  }
  list_first_[kLists] = Narrow(strings);
  block_size_ = Narrow(strings * kOffsetBytes + text);
  block_ = std::make_unique_for_overwrite<char[]>(block_size_);

  char* ends = block_.get();
  char* chars = ends + strings * kOffsetBytes;
  std::uint32_t end = 0;
  auto append = [&](const std::string& s) {
    std::memcpy(chars + end, s.data(), s.size());
    end += static_cast<std::uint32_t>(s.size());
    std::memcpy(ends, &end, kOffsetBytes);
    ends += kOffsetBytes;
  };
  for (const std::string* s : singles) append(*s);
  for (const auto* list : lists)
    for (const std::string& s : *list) append(s);

  flags_ =
      static_cast<std::uint8_t>((facts.self_issued ? kSelfIssued : 0) | (facts.is_ca ? kIsCa : 0) |
                                (facts.eku_server_auth ? kEkuServerAuth : 0) | (facts.has_eku ? kHasEku : 0));
}

std::string_view PackedCertFacts::Text(std::uint32_t index) const {
  const char* base = block_.get();
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  if (index > 0) std::memcpy(&begin, base + (index - 1) * kOffsetBytes, kOffsetBytes);
  std::memcpy(&end, base + index * kOffsetBytes, kOffsetBytes);
  return {base + std::size_t{list_first_[kLists]} * kOffsetBytes + begin, end - begin};
}

CertFacts PackedCertFacts::Unpack() const {
  CertFacts facts;
  facts.subject = subject();
  facts.issuer = issuer();
  facts.serial_hex = serial_hex();
  facts.sha256_hex = sha256_hex();
  facts.dns_names = dns_names().ToVector();
  facts.ip_addresses = ip_addresses().ToVector();
  facts.common_name = common_name();
  facts.not_before = not_before_;
  facts.not_after = not_after_;
  facts.self_issued = self_issued();
  facts.is_ca = is_ca();
  facts.signature_algorithm = signature_algorithm();
  facts.key_type = key_type();
  facts.key_bits = key_bits_;
  facts.eku_server_auth = eku_server_auth();
  facts.has_eku = has_eku();
  facts.ocsp_urls = ocsp_urls().ToVector();
  facts.ca_issuer_urls = ca_issuer_urls().ToVector();
  facts.crl_urls = crl_urls().ToVector();
  return facts;
}

bool PackedCertFacts::operator==(const PackedCertFacts& other) const {
  // The packing is a function of the facts: equal facts, equal blocks.
  return not_before_ == other.not_before_ && not_after_ == other.not_after_ && key_bits_ == other.key_bits_ &&
         flags_ == other.flags_ && block_size_ == other.block_size_ &&
         std::equal(std::begin(list_first_), std::end(list_first_), std::begin(other.list_first_)) &&
         std::memcmp(block_.get(), other.block_.get(), block_size_) == 0;
}

}  // namespace lde::model
