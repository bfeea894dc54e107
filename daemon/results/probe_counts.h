#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lde::results {

struct ProbeCount {
  std::uint64_t success = 0;
  std::uint64_t failure = 0;
  bool operator==(const ProbeCount&) const = default;
};

// The probe counts of every target a snapshot covers, sorted by target.
// The names are shared with the ResultStore they came from, until its set
// of targets changes: a scrape copies 16 bytes per target instead of every
// name (at 11,000 targets that copy was 516 KiB of the scrape's peak).
// Immutable once made; cheap to move.
class ProbeCounts {
 public:
  using Names = std::vector<std::string>;

  ProbeCounts() = default;
  // `counts[i]` belongs to `(*names)[i]`; `names` is sorted. Where one is
  // longer than the other, what it has beyond the shorter is left out.
  ProbeCounts(std::shared_ptr<const Names> names, std::vector<ProbeCount> counts);
  // Made by hand (tests, one-off renders): sorted here by target, so the
  // order does not depend on the caller.
  ProbeCounts(std::initializer_list<std::pair<std::string, ProbeCount>> by_target);

  std::size_t size() const { return counts_.size(); }
  bool empty() const { return counts_.empty(); }
  std::string_view target(std::size_t i) const { return (*names_)[i]; }
  const ProbeCount& count(std::size_t i) const { return counts_[i]; }
  // The list of names itself (null for a default-made one), so a reader
  // that keeps names from one snapshot to the next can share it with the
  // store instead of copying it. It may list more names than size().
  const std::shared_ptr<const Names>& names() const { return names_; }

  // Iterates as {target, count} pairs, by value.
  class Iterator {
   public:
    Iterator(const ProbeCounts* counts, std::size_t i) : counts_(counts), i_(i) {}
    std::pair<std::string_view, ProbeCount> operator*() const {
      return {counts_->target(i_), counts_->count(i_)};
    }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return i_ == other.i_; }

   private:
    const ProbeCounts* counts_;
    std::size_t i_;
  };
  Iterator begin() const { return {this, 0}; }
  Iterator end() const { return {this, size()}; }

 private:
  std::shared_ptr<const Names> names_;
  std::vector<ProbeCount> counts_;
};

}  // namespace lde::results
