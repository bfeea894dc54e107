#include "x509/openssl_handles.h"

#include <ctime>
#include <limits>

#include "x509/parsed_certificate_cache.h"

namespace lde::x509 {

ossl::X509Ptr ParseDer(const unsigned char* data, std::size_t size) {
  if (data == nullptr || size == 0 || size > static_cast<std::size_t>(std::numeric_limits<long>::max())) {
    return nullptr;
  }
  std::string key(reinterpret_cast<const char*>(data), size);
  auto& cache = detail::ParsedCertificateCache::Shared();
  if (X509* cached = cache.Find(key)) return ossl::X509Ptr(cached);
  const unsigned char* p = data;
  ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(size)));
  if (!cert || p != data + size) return nullptr;
  cache.Insert(std::move(key), cert.get());
  return cert;
}

std::optional<SysTime> Asn1TimeToSysTime(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string NameToString(const X509_NAME* name) {
  ossl::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace lde::x509
