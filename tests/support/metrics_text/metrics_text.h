#pragma once

// Reads Prometheus text exposition (format 0.0.4) back into samples, so tests
// assert on series and values rather than on exact text.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace lde::testsupport {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;  // unescaped values
  double value = 0;
};

struct Exposition {
  std::vector<Sample> samples;               // in text order
  std::map<std::string, std::string> types;  // from # TYPE lines
  std::map<std::string, std::string> help;   // from # HELP lines, unescaped
};

using LabelSubset = std::vector<std::pair<std::string, std::string>>;

// Strict: a malformed line, a bad escape or a duplicate series (same name and
// label set twice) is an Error naming the line number.
Result<Exposition> ParseExposition(std::string_view text);

// The value of the first sample named `name` whose labels include every
// (label, value) in `subset`; nullopt if none.
std::optional<double> FindSample(const Exposition& exp, std::string_view name,
                                 const LabelSubset& subset = {});
// How many samples named `name` match `subset`.
std::size_t CountSeries(const Exposition& exp, std::string_view name, const LabelSubset& subset = {});
// Every sample named `name` that matches `subset`.
std::vector<Sample> FindAll(const Exposition& exp, std::string_view name, const LabelSubset& subset = {});

// Text overloads: parse first; throw std::invalid_argument if the text does
// not parse (gtest reports it as a failure with the parser's message).
std::optional<double> FindSample(std::string_view text, std::string_view name,
                                 const LabelSubset& subset = {});
std::size_t CountSeries(std::string_view text, std::string_view name, const LabelSubset& subset = {});

}  // namespace lde::testsupport
