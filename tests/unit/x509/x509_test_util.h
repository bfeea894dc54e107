#pragma once

// Shared by the x509 tests: a fixed `now` and certificates dated around it.

#include <chrono>
#include <string>

#include "common/clock.h"
#include "support/certs/cert_factory.h"

namespace lde::x509::test {

// 2031-03-15 12:00:00 UTC: far from the wall clock on purpose, so a test
// that forgets to pass `now` fails instead of passing by luck.
inline const SysTime kNow =
    std::chrono::sys_days{std::chrono::year{2031} / 3 / 15} + std::chrono::hours(12);
constexpr std::chrono::hours kDay{24};

inline testing::CertSpec LeafSpec(const std::string& host) {
  testing::CertSpec spec;
  spec.common_name = host;
  spec.dns_names = {host};
  spec.not_before = kNow - kDay;
  spec.not_after = kNow + 90 * kDay;
  return spec;
}

inline testing::CertSpec CaSpec(const std::string& name) {
  testing::CertSpec spec;
  spec.common_name = name;
  spec.is_ca = true;
  spec.not_before = kNow - 30 * kDay;
  spec.not_after = kNow + 3650 * kDay;
  return spec;
}

}  // namespace lde::x509::test
