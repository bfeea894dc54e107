#include "load/load_options.h"

#include <cstdlib>
#include <sstream>

namespace lde::bench {
namespace {

bool ParseInt(const std::string& text, int low, int high, int* out) {
  char* end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || v < low || v > high) return false;
  *out = static_cast<int>(v);
  return true;
}

std::vector<std::string> SplitKinds(const std::string& text) {
  if (text == "both") return {"https", "tls"};
  return {text};
}

}  // namespace

std::string LoadUsage() {
  return "usage: probe_load [--targets M] [--rounds K] [--servers N] [--concurrency C]\n"
         "                  [--kind https|tls|both] [--key rsa|ec] [--timeout S] [--max-seconds S]\n"
         "                  [--nginx PATH] [--nginx-workers W] [--blackbox PATH|--no-blackbox] [--keep-dir]\n"
         "Defaults: M=500 K=3 N=4 C=16 kind=both key=rsa timeout=5 max-seconds=120 (per side), W=1.\n"
         "Loopback only (127.0.0.1). Bounds: M<=10000, K<=20, C<=256, max-seconds<=600.\n";
}

bool ParseLoadOptions(int argc, char** argv, LoadOptions* o, std::string* error) {
  struct IntFlag {
    const char* name;
    int* value;
    int low, high;
  };
  const IntFlag int_flags[] = {
      {"--targets", &o->targets, 1, 10000},        {"--rounds", &o->rounds, 1, 20},
      {"--servers", &o->servers, 1, 64},           {"--nginx-workers", &o->nginx_workers, 1, 4},
      {"--concurrency", &o->concurrency, 1, 256},  {"--timeout", &o->timeout_s, 1, 30},
      {"--max-seconds", &o->max_seconds, 10, 600},
  };
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      *error = LoadUsage();
      return false;
    }
    if (flag == "--no-blackbox") {
      o->blackbox_path.clear();
      continue;
    }
    if (flag == "--keep-dir") {
      o->keep_dir = true;
      continue;
    }
    if (i + 1 >= argc) {
      *error = flag + ": missing value\n" + LoadUsage();
      return false;
    }
    const std::string value = argv[++i];
    bool known = false;
    for (const auto& f : int_flags) {
      if (flag != f.name) continue;
      known = true;
      if (!ParseInt(value, f.low, f.high, f.value)) {
        std::ostringstream msg;
        msg << flag << ": expected an integer in " << f.low << ".." << f.high << ", got \"" << value
            << "\"\n";
        *error = msg.str();
        return false;
      }
    }
    if (known) continue;
    if (flag == "--kind" && (value == "https" || value == "tls" || value == "both")) {
      o->kinds = SplitKinds(value);
    } else if (flag == "--key" && ParseKeyName(value, &o->key)) {
    } else if (flag == "--nginx") {
      o->nginx_path = value;
    } else if (flag == "--blackbox") {
      o->blackbox_path = value;
    } else {
      *error = "unknown or invalid: " + flag + " " + value + "\n" + LoadUsage();
      return false;
    }
  }
  return true;
}

}  // namespace lde::bench
