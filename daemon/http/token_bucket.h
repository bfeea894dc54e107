#pragma once

#include <algorithm>
#include <chrono>

#include "common/clock.h"
#include "model/web_config.h"

namespace lde::http {

// web config rate_limit: `burst` tokens, one more every `interval`. Not
// thread-safe (the event loop owns it). Time is passed in.
class TokenBucket {
 public:
  explicit TokenBucket(model::RateLimit limit) : limit_(limit), tokens_(limit.burst) {}

  bool enabled() const { return limit_.interval > Duration::zero() && limit_.burst > 0; }

  // Takes a token if one is there; always true when disabled.
  bool TryTake(SteadyTime now) {
    if (!enabled()) return true;
    if (!started_) {
      started_ = true;
      last_ = now;
    }
    auto earned = (now - last_) / limit_.interval;
    if (earned > 0) {
      tokens_ = static_cast<int>(std::min<long long>(limit_.burst, tokens_ + earned));
      last_ += earned * limit_.interval;
      if (tokens_ == limit_.burst) last_ = now;
    }
    if (tokens_ == 0) return false;
    --tokens_;
    return true;
  }

 private:
  model::RateLimit limit_;
  int tokens_;
  bool started_ = false;
  SteadyTime last_{};
};

}  // namespace lde::http
