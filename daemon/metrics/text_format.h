#pragma once

// The pieces of the Prometheus text exposition format 0.0.4 that this
// exporter writes, spelled byte for byte as prometheus-cpp 1.0.1's
// TextSerializer spells them, so RenderText's output does not depend on the
// writer behind it. Each Append has a Size twin giving the number of bytes
// it appends, so a render can size its text before writing it.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "metrics/names.h"
#include "metrics/series_sink.h"

namespace lde::metrics {

// "# HELP name help\n" (only when there is a help text, written verbatim as
// TextSerializer writes it) and "# TYPE name gauge\n".
void AppendFamilyHeader(std::string& out, const MetricDef& def);
std::size_t FamilyHeaderSize(const MetricDef& def);

// What identifies a series: `name` alone, or name{a="x",b="y"} with the
// labels in the order given, each value written by AppendLabelValue (a
// verbatim one copied as it is). Equal text means an equal list of bounded
// label values, because the escaping is reversible.
void AppendSeriesKey(std::string& out, std::string_view name, std::span<const LabelRef> labels);
std::size_t SeriesKeySize(std::string_view name, std::span<const LabelRef> labels);

// A label value between its quotes: first bounded and repaired as
// BoundLabelValue does (label_values.h: at most budget::kLabelValueBytes,
// controls and ill-formed UTF-8 replaced), then backslash, double quote and
// line feed are escaped (\\, \", \n); every other byte, UTF-8 included,
// passes as is. One pass over a value that needs neither.
void AppendLabelValue(std::string& out, std::string_view value);

// True when AppendLabelValue writes `value` unchanged: within the budget,
// printable ASCII (line feed aside) without backslash or double quote. Such
// a value may go in a LabelRef marked verbatim.
bool WrittenAsIs(std::string_view value);

// A sample value: "Nan", "+Inf", "-Inf", else printf's "%.16g" in the C
// locale (1, 0.05, 1704067200, 1e-07, 123456789.1234568, -0).
void AppendSampleValue(std::string& out, double value);
std::size_t SampleValueSize(double value);

}  // namespace lde::metrics
