#include "daemon/daemon_options.h"

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

bool ParseIntList(const std::string& text, int low, int high, std::vector<int>* out) {
  std::vector<int> values;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    int v = 0;
    if (!ParseInt(item, low, high, &v) || values.size() >= 8) return false;
    values.push_back(v);
  }
  if (values.empty()) return false;
  *out = values;
  return true;
}

bool ParseKinds(const std::string& text, std::vector<std::string>* out) {
  if (text == "both" || text == "tls,https") {
    *out = {"tls", "https"};
  } else if (text == "https,tls") {
    *out = {"https", "tls"};
  } else if (text == "tls" || text == "https" || text == "mix") {
    *out = {text};
  } else {
    return false;
  }
  return true;
}

}  // namespace

std::string DaemonLoadUsage() {
  return "usage: daemon_load [--targets N] [--key ec|rsa|mix] [--kind tls|https|both|mix]\n"
         "                   [--deployments M [--dnsmasq PATH]]\n"
         "                   [--concurrency 8,64] [--repeats R] [--interval S] [--scrape-interval S]\n"
         "                   [--window S] [--timeout S] [--stime-seconds S | --no-stime] [--rsa-key-pool K]\n"
         "                   [--issuing-cas N] [--crl-bytes B]\n"
         "                   [--tls 1.2|1.3]\n"
         "                   [--max-seconds S] [--min-success F] [--daemon PATH] [--nginx PATH]\n"
         "                   [--blackbox PATH | --no-blackbox | --blackbox-if-installed]\n"
         "                   [--openssl PATH] [--json FILE] [--keep-dir] [--rtt-ms D [--proxy PATH]]\n"
         "Defaults: N=100 key=mix kind=both concurrency=8,64 R=3 interval=5 scrape-interval=5 window=20\n"
         "timeout=5 stime-seconds=5 rsa-key-pool=8 tls=1.3 (the farm offers TLS 1.2 and 1.3) "
         "max-seconds=3600 min-success=0.99.\n"
         "--rtt-ms D (1..1000): the daemon and blackbox probe through delay_proxy, D ms per round trip.\n"
         "--issuing-cas N (1..1000): N issuing CAs per key type shared by the targets in turn\n"
         "(default 0: each target its own, so no certificate is presented twice).\n"
         "--crl-bytes B (1..1048576): each leaf names a CRL URL of its own whose server answers B bytes\n"
         "of junk (the probes read and reject it; negative answers are cached for a while).\n"
         "--kind mix: one window of both kinds (even targets https, odd tls).\n"
         "--deployments M (0..2000): M Lync deployments on a dnsmasq view, probed beside the targets\n"
         "(blackbox is then skipped: it has no Lync flow).\n"
         "Loopback only (127.0.0.1). Bounds: N<=10000, deployments<=2000, concurrency<=256, R<=10, "
         "max-seconds<=14400.\n";
}

bool ParseDaemonLoadOptions(int argc, char** argv, DaemonLoadOptions* o, std::string* error) {
  struct IntFlag {
    const char* name;
    int* value;
    int low, high;
  };
  const IntFlag int_flags[] = {
      {"--targets", &o->targets, 1, 10000},
      {"--repeats", &o->repeats, 1, 10},
      {"--interval", &o->interval_s, 1, 300},
      {"--scrape-interval", &o->scrape_interval_s, 1, 300},
      {"--window", &o->window_s, 2, 600},
      {"--timeout", &o->timeout_s, 1, 30},
      {"--stime-seconds", &o->stime_seconds, 1, 60},
      {"--rsa-key-pool", &o->rsa_key_pool, 2, 64},
      {"--issuing-cas", &o->issuing_cas, 0, 1000},
      {"--crl-bytes", &o->crl_bytes, 0, 1 << 20},
      {"--max-seconds", &o->max_seconds, 10, 14400},
      {"--rtt-ms", &o->rtt_ms, 0, 1000},
      {"--deployments", &o->deployments, 0, 2000},
  };
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      *error = DaemonLoadUsage();
      return false;
    }
    if (flag == "--no-blackbox") {
      o->blackbox_path.clear();
      continue;
    }
    if (flag == "--blackbox-if-installed") {
      o->blackbox_optional = true;
      continue;
    }
    if (flag == "--no-stime") {
      o->openssl_path.clear();
      continue;
    }
    if (flag == "--keep-dir") {
      o->keep_dir = true;
      continue;
    }
    if (i + 1 >= argc) {
      *error = flag + ": missing value\n" + DaemonLoadUsage();
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
    char* end = nullptr;
    if (flag == "--concurrency" && ParseIntList(value, 1, 256, &o->concurrencies)) {
    } else if (flag == "--kind" && ParseKinds(value, &o->kinds)) {
    } else if (flag == "--key" && ParseKeyMix(value, &o->key)) {
    } else if (flag == "--min-success" && (o->min_success = std::strtod(value.c_str(), &end), *end == '\0') &&
               o->min_success >= 0 && o->min_success <= 1) {
    } else if (flag == "--tls" && (value == "1.2" || value == "1.3")) {
      o->tls_protocols = value == "1.2" ? "TLSv1.2" : "TLSv1.2 TLSv1.3";
    } else if (flag == "--daemon") {
      o->daemon_path = value;
    } else if (flag == "--proxy") {
      o->proxy_path = value;
    } else if (flag == "--dnsmasq") {
      o->dnsmasq_path = value;
    } else if (flag == "--nginx") {
      o->nginx_path = value;
    } else if (flag == "--blackbox") {
      o->blackbox_path = value;
    } else if (flag == "--openssl") {
      o->openssl_path = value;
    } else if (flag == "--json") {
      o->json_path = value;
    } else {
      *error = "unknown or invalid: " + flag + " " + value + "\n" + DaemonLoadUsage();
      return false;
    }
  }
  if (o->timeout_s > o->interval_s) {
    *error = "--timeout must not exceed --interval (the daemon refuses such a config)\n";
    return false;
  }
  return true;
}

}  // namespace lde::bench
