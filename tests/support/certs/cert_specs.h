#pragma once

// A fixed `now` for certificate tests, and specs dated around it.

#include <chrono>
#include <string>

#include "common/clock.h"
#include "support/certs/cert_factory.h"

namespace lde::testing {

// 2031-03-15 12:00:00 UTC: far from the wall clock on purpose, so a test
// that forgets to pass `now` fails instead of passing by luck.
inline const SysTime kTestNow =
    std::chrono::sys_days{std::chrono::year{2031} / 3 / 15} + std::chrono::hours(12);
constexpr std::chrono::hours kDay{24};

inline CertSpec LeafSpec(const std::string& host) {
  CertSpec spec;
  spec.common_name = host;
  spec.dns_names = {host};
  spec.not_before = kTestNow - kDay;
  spec.not_after = kTestNow + 90 * kDay;
  return spec;
}

inline CertSpec CaSpec(const std::string& name) {
  CertSpec spec;
  spec.common_name = name;
  spec.is_ca = true;
  spec.not_before = kTestNow - 30 * kDay;
  spec.not_after = kTestNow + 3650 * kDay;
  return spec;
}

}  // namespace lde::testing
