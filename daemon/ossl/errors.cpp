#include "ossl/errors.h"

#include <openssl/err.h>

namespace lde::ossl {

std::string DrainOpenSslErrors() {
  std::string text;
  const char* data = nullptr;
  int flags = 0;
  // The queue holds at most ERR_NUM_ERRORS (16) entries, so this ends.
  for (unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags); code != 0;
       code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof(buf));
    if (!text.empty()) text += "; ";
    text += buf;
    if ((flags & ERR_TXT_STRING) != 0 && data != nullptr && *data != '\0') {
      text += " (";
      text += data;
      text += ")";
    }
  }
  return text;
}

}  // namespace lde::ossl
