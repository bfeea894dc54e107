#include "metrics/text_format.h"

#include <array>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

#include "metrics/label_values.h"

namespace lde::metrics {
namespace {

std::string_view TypeName(prometheus::MetricType type) {
  switch (type) {
    case prometheus::MetricType::Counter:
      return "counter";
    case prometheus::MetricType::Gauge:
      return "gauge";
    case prometheus::MetricType::Summary:
      return "summary";
    case prometheus::MetricType::Histogram:
      return "histogram";
    case prometheus::MetricType::Untyped:
      break;
  }
  return "untyped";
}

constexpr bool NeedsEscape(char c) { return c == '\\' || c == '"' || c == '\n'; }

// A branch-free count the compiler vectorises: label values are mostly plain.
std::size_t CountEscapes(std::string_view value) {
  std::size_t count = 0;
  for (const char c : value) count += NeedsEscape(c) ? 1 : 0;
  return count;
}

// Per byte value: kEscaped if the text format escapes it (\\, \", \n);
// kNotPlain if BoundLabelValue may have to change it (anything but printable
// ASCII and line feed: controls, DEL, every byte of a UTF-8 sequence).
constexpr unsigned char kEscaped = 1;
constexpr unsigned char kNotPlain = 2;
constexpr auto kByteClass = [] {
  std::array<unsigned char, 256> table{};
  for (int c = 0; c < 256; ++c) {
    if (NeedsEscape(static_cast<char>(c))) table[c] |= kEscaped;
    if ((c < 0x20 && c != '\n') || c >= 0x7F) table[c] |= kNotPlain;
  }
  return table;
}();

// A label value as written: `value` itself, escapes counted in the same
// pass, when it is plain and within budget (nearly always); else its
// BoundLabelValue form, written into `scratch`.
struct WrittenValue {
  std::string_view text;
  std::size_t escapes = 0;
};

// True when no byte of the eight in `w` needs a look: none is escaped, a
// control, DEL or outside ASCII. Word-at-a-time (the "has less than" and
// "has zero byte" tricks): a flagged word may be a false alarm only when it
// also holds a byte that truly needs a look, and then the bytewise pass
// decides, so the answer is never wrong.
constexpr bool WordIsPlain(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  auto has_zero = [](std::uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  const std::uint64_t flagged = (w & kHigh) | ((w - kOnes * 0x20) & ~w & kHigh) |
                                has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\')) |
                                has_zero(w ^ (kOnes * 0x7F));
  return flagged == 0;
}

// Nearly every label value (names, addresses, hex digests) is plain printable
// ASCII: those are recognised eight bytes at a time.
bool IsPlainWithinBudget(std::string_view value) {
  if (value.size() > model::budget::kLabelValueBytes.value) return false;
  std::size_t i = 0;
  for (; i + 8 <= value.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, value.data() + i, sizeof w);
    if (!WordIsPlain(w)) return false;
  }
  for (; i < value.size(); ++i) {
    if (kByteClass[static_cast<unsigned char>(value[i])] != 0) return false;
  }
  return true;
}

WrittenValue ToWrite(std::string_view value, std::string& scratch) {
  if (IsPlainWithinBudget(value)) return {value, 0};
  std::size_t escapes = 0;
  unsigned char seen = 0;
  for (const char c : value) {
    const unsigned char cls = kByteClass[static_cast<unsigned char>(c)];
    escapes += cls & kEscaped;
    seen |= cls;
  }
  if ((seen & kNotPlain) == 0 && value.size() <= model::budget::kLabelValueBytes.value)
    return {value, escapes};
  const std::string_view bounded = BoundLabelValue(value, scratch);
  return {bounded, bounded.data() == value.data() ? escapes : CountEscapes(bounded)};
}

void AppendEscaped(std::string& out, WrittenValue value) {
  if (value.escapes == 0) {
    out.append(value.text);
    return;
  }
  std::size_t run = 0;  // start of the bytes not copied yet
  for (std::size_t i = 0; i < value.text.size(); ++i) {
    const char c = value.text[i];
    if (!NeedsEscape(c)) continue;
    out.append(value.text.data() + run, i - run);
    out.push_back('\\');
    out.push_back(c == '\n' ? 'n' : c);
    run = i + 1;
  }
  out.append(value.text.data() + run, value.text.size() - run);
}

// "-d.ddddddddddddddde-308" is 23 bytes, the longest "%.16g" result.
using ValueBuffer = char[32];

std::string_view FormatSampleValue(double value, ValueBuffer& buf) {
  if (std::isnan(value)) return "Nan";
  if (std::isinf(value)) return value < 0 ? "-Inf" : "+Inf";
  // Integers below 1e15 (counts, status codes, 0/1, whole unix seconds)
  // print the same digits under "%.16g" and are exact in a double; -0 is
  // excluded because "%.16g" keeps its sign.
  if (std::abs(value) < 1e15 && value == std::trunc(value) && !(value == 0 && std::signbit(value))) {
    return {buf, std::to_chars(buf, buf + sizeof buf, static_cast<std::int64_t>(value)).ptr};
  }
  // TextSerializer streams the double with precision max_digits10 - 1 (16)
  // and the default float field, which is "%.*g"; to_chars with a precision
  // is specified as that printf conversion in the C locale
  // ([charconv.to.chars]), without a locale lookup per sample.
  constexpr int kPrecision = std::numeric_limits<double>::max_digits10 - 1;
  return {buf, std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, kPrecision).ptr};
}

// AppendSeriesKey for a key with a value to bound or escape: piece by piece.
void AppendKeyWithChangedValues(std::string& out, std::string_view name, std::span<const LabelRef> labels) {
  out.append(name);
  char separator = '{';
  for (const LabelRef& label : labels) {
    out.push_back(separator);
    out.append(label.name).append("=\"");
    if (label.verbatim) {
      out.append(label.value);
    } else {
      AppendLabelValue(out, label.value);
    }
    out.push_back('"');
    separator = ',';
  }
  out.push_back('}');
}

}  // namespace

void AppendFamilyHeader(std::string& out, const MetricDef& def) {
  if (!def.help.empty()) {
    out.append("# HELP ").append(def.name).append(" ").append(def.help).append("\n");
  }
  out.append("# TYPE ").append(def.name).append(" ").append(TypeName(def.type)).append("\n");
}

std::size_t FamilyHeaderSize(const MetricDef& def) {
  std::size_t size = 0;
  if (!def.help.empty()) size += 9 + def.name.size() + def.help.size();  // "# HELP " " " "\n"
  return size + 9 + def.name.size() + TypeName(def.type).size();         // "# TYPE " " " "\n"
}

void AppendSeriesKey(std::string& out, std::string_view name, std::span<const LabelRef> labels) {
  if (labels.empty()) {
    out.append(name);
    return;
  }
  // Nearly every key is all plain values: sized first, then copied in with
  // one resize instead of four appends per label (each a capacity check and
  // a terminator); this function is a scrape's largest symbol after deflate.
  std::size_t size = name.size() + 1;  // '}'
  for (const LabelRef& label : labels) {
    if (!label.verbatim && !IsPlainWithinBudget(label.value)) {
      AppendKeyWithChangedValues(out, name, labels);
      return;
    }
    size += 4 + label.name.size() + label.value.size();  // separator, '=', quotes
  }
  const std::size_t start = out.size();
  out.resize(start + size);
  char* at = out.data() + start;
  auto copy = [&at](std::string_view text) {
    std::memcpy(at, text.data(), text.size());
    at += text.size();
  };
  copy(name);
  char separator = '{';
  for (const LabelRef& label : labels) {
    assert(WrittenAsIs(label.value));
    *at++ = separator;
    copy(label.name);
    *at++ = '=';
    *at++ = '"';
    copy(label.value);
    *at++ = '"';
    separator = ',';
  }
  *at++ = '}';
  assert(at == out.data() + out.size());
}

std::size_t SeriesKeySize(std::string_view name, std::span<const LabelRef> labels) {
  std::size_t size = name.size();
  if (labels.empty()) return size;
  std::string scratch;
  for (const LabelRef& label : labels) {
    // separator ('{' or ','), name, '=', quotes, escaped value
    const WrittenValue value = label.verbatim ? WrittenValue{label.value, 0} : ToWrite(label.value, scratch);
    size += 4 + label.name.size() + value.text.size() + value.escapes;
  }
  return size + 1;  // '}'
}

bool WrittenAsIs(std::string_view value) { return IsPlainWithinBudget(value); }

void AppendLabelValue(std::string& out, std::string_view value) {
  std::string scratch;  // only written for a value BoundLabelValue changes
  AppendEscaped(out, ToWrite(value, scratch));
}

void AppendSampleValue(std::string& out, double value) {
  ValueBuffer buf;
  out.append(FormatSampleValue(value, buf));
}

std::size_t SampleValueSize(double value) {
  ValueBuffer buf;
  return FormatSampleValue(value, buf).size();
}

}  // namespace lde::metrics
