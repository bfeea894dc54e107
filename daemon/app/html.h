#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/budgets.h"

namespace lde::app {

// Text for HTML element content or a double-quoted attribute value, from
// bytes a remote peer may have chosen (a certificate subject, an href, an
// error detail). Repaired and bounded as a label value is
// (metrics::BoundLabelValue: control characters shown as Control Pictures,
// C1 controls and ill-formed UTF-8 as U+FFFD, at most `max_bytes` ending with
// "…[truncated N bytes]"), then & < > " ' written as character references,
// so the result can neither open a tag nor leave an attribute, and is valid
// UTF-8 without the characters HTML5 forbids in a document.
std::string HtmlText(std::string_view text,
                     std::size_t max_bytes = model::budget::kStatusPageValueBytes.value);

}  // namespace lde::app
