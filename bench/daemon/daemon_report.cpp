#include "daemon/daemon_report.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace lde::bench {
namespace {

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string Pad(const std::string& text, std::size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string JsonNumbers(const std::vector<double>& values) {
  std::ostringstream out;
  out << "[";
  for (std::size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  return out.str() + "]";
}

std::string Ratio(double v) { return v > 0 ? Fixed(v, 2) + "x" : "-"; }
std::string Ms(double v) { return v > 0 ? Fixed(v, 3) : "-"; }

}  // namespace

double Median(std::vector<double> values) {
  values.erase(std::remove(values.begin(), values.end(), 0.0), values.end());
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::vector<PairRatio> ComputeRatios(const DaemonLoadRecord& record) {
  std::vector<PairRatio> out;
  const int farm = record.ec_targets + record.rsa_targets;
  for (int c : record.options.concurrencies) {
    for (int r = 1; r <= record.options.repeats; ++r) {
      // s_time's CPU per connection, weighted by the farm's key mix; 0 when a key type lacks it.
      auto weighted = [&](bool www) {
        double ec = 0, rsa = 0;
        for (const auto& s : record.stimes) {
          if (s.concurrency != c || s.repeat != r || s.www.empty() == www) continue;
          (s.key == "ec" ? ec : rsa) = s.CpuMsPerHandshake();
        }
        if (farm > 0 && (ec > 0 || record.ec_targets == 0) && (rsa > 0 || record.rsa_targets == 0)) {
          return (ec * record.ec_targets + rsa * record.rsa_targets) / farm;
        }
        return 0.0;
      };
      const double stime = weighted(false);
      const double stime_www = weighted(true);
      std::map<std::string, CpuTimes> cpu;
      std::map<std::string, std::uint64_t> ok;
      bool any = false;
      for (const auto& kind : record.options.kinds) {
        PairRatio p{c, r, kind, 0, 0, stime, kind == "https" ? stime_www : 0};
        for (const auto& w : record.windows) {
          if (w.concurrency != c || w.repeat != r || w.kind != kind) continue;
          (w.side == "daemon" ? p.daemon_ms : p.blackbox_ms) = w.CpuMsPerOk();
          cpu[w.side] = {cpu[w.side].user_s + w.cpu.user_s, cpu[w.side].sys_s + w.cpu.sys_s};
          ok[w.side] += w.ok;
        }
        if (p.daemon_ms > 0) {
          out.push_back(p);
          any = true;
        }
      }
      if (any && record.options.kinds.size() > 1) {
        auto per_ok = [&](const std::string& side) {
          return ok[side] == 0 ? 0.0 : cpu[side].total_s() * 1000.0 / static_cast<double>(ok[side]);
        };
        out.push_back(PairRatio{c, r, "all", per_ok("daemon"), per_ok("blackbox"), stime});
      }
    }
  }
  return out;
}

void PrintMachine(std::ostream& out, const DaemonLoadRecord& rec, bool finished) {
  const auto& m = rec.machine;
  out << "machine: " << m.nproc << " CPUs (" << m.cpu_model << "), " << m.kernel << "\n"
      << "load average before: " << Fixed(m.load_before[0], 2) << " " << Fixed(m.load_before[1], 2) << " "
      << Fixed(m.load_before[2], 2);
  if (finished) {
    out << ", after: " << Fixed(m.load_after[0], 2) << " " << Fixed(m.load_after[1], 2) << " "
        << Fixed(m.load_after[2], 2);
  }
  out << "\nopenssl: " << m.openssl << "\nnginx: " << m.nginx << "\nblackbox: " << m.blackbox
      << "\ndaemon: " << m.daemon << " (" << rec.options.daemon_path << ")\n"
      << "farm: " << rec.ec_targets + rec.rsa_targets << " targets (" << rec.ec_targets << " EC P-256, "
      << rec.rsa_targets << " RSA 2048, "
      << (rec.options.issuing_cas > 0
              ? std::to_string(rec.options.issuing_cas) + " shared issuing CAs per key type"
              : std::string("an issuing CA per target"))
      << (rec.options.crl_bytes > 0
              ? ", a CRL URL per leaf answering " + std::to_string(rec.options.crl_bytes) + " bytes of junk"
              : std::string())
      << "), minted in " << Fixed(rec.mint_seconds, 1) << " s\n";
}

void PrintWindows(std::ostream& out, const DaemonLoadRecord& rec) {
  out << "\n"
      << Pad("C", 5) << Pad("rep", 4) << Pad("kind", 6) << Pad("side", 9) << Pad("probes", 8) << Pad("ok", 8)
      << Pad("expect", 8) << Pad("wall_s", 8) << Pad("cpu_s", 8) << Pad("ms/ok", 8) << Pad("user%", 6)
      << Pad("conns", 6) << Pad("RSS_MiB", 8) << Pad("HWM_MiB", 8) << "load1\n";
  for (const auto& w : rec.windows) {
    const double total = w.cpu.total_s();
    out << Pad(std::to_string(w.concurrency), 5) << Pad(std::to_string(w.repeat), 4) << Pad(w.kind, 6)
        << Pad(w.side, 9) << Pad(std::to_string(w.probes), 8) << Pad(std::to_string(w.ok), 8)
        << Pad(std::to_string(w.expected), 8) << Pad(Fixed(w.wall_s, 1), 8) << Pad(Fixed(total, 2), 8)
        << Pad(Fixed(w.CpuMsPerOk(), 3), 8) << Pad(total > 0 ? Fixed(100 * w.cpu.user_s / total, 0) : "-", 6)
        << Pad(std::to_string(w.connections), 6) << Pad(Fixed(static_cast<double>(w.rss_kib) / 1024, 1), 8)
        << Pad(Fixed(static_cast<double>(w.hwm_kib) / 1024, 1), 8) << Fixed(w.load1, 2) << "\n";
  }
  if (!rec.stimes.empty()) {
    out << "\nopenssl s_time -new (CPU of the client per handshake; -www: per handshake and GET):\n";
    for (const auto& s : rec.stimes) {
      out << "  C=" << s.concurrency << " rep " << s.repeat << " " << Pad(s.key, 4)
          << (s.www.empty() ? "" : "-www ") << s.connections << " handshakes, " << Fixed(s.cpu.total_s(), 2)
          << " s CPU, " << Fixed(s.CpuMsPerHandshake(), 3) << " ms/handshake\n";
    }
  }
}

void PrintRatios(std::ostream& out, const DaemonLoadRecord& rec, const std::vector<PairRatio>& ratios) {
  out << "\nCPU ms per successful probe, and ratios (daemon / blackbox, daemon / s_time handshake,\n"
      << "and for https daemon / s_time -www, a handshake and a GET):\n"
      << Pad("C", 5) << Pad("rep", 4) << Pad("kind", 6) << Pad("daemon", 9) << Pad("blackbox", 9)
      << Pad("d/bb", 8) << Pad("s_time", 9) << Pad("d/s_time", 9) << Pad("s_www", 9) << "d/s_www\n";
  for (const auto& p : ratios) {
    out << Pad(std::to_string(p.concurrency), 5) << Pad(std::to_string(p.repeat), 4) << Pad(p.kind, 6)
        << Pad(Ms(p.daemon_ms), 9) << Pad(Ms(p.blackbox_ms), 9) << Pad(Ratio(p.vs_blackbox()), 8)
        << Pad(Ms(p.stime_ms), 9) << Pad(Ratio(p.vs_stime()), 9) << Pad(Ms(p.stime_www_ms), 9)
        << Ratio(p.vs_stime_www()) << "\n";
  }
  out << "\nMedian over " << rec.options.repeats << " repeat(s):\n"
      << Pad("C", 5) << Pad("kind", 6) << Pad("daemon", 9) << Pad("blackbox", 9) << Pad("d/bb", 8)
      << Pad("s_time", 9) << Pad("d/s_time", 9) << Pad("s_www", 9) << "d/s_www\n";
  std::vector<std::string> kinds = rec.options.kinds;
  if (kinds.size() > 1) kinds.push_back("all");
  for (int c : rec.options.concurrencies) {
    for (const auto& kind : kinds) {
      std::vector<double> d, b, s, w, rb, rs, rw;
      for (const auto& p : ratios) {
        if (p.concurrency != c || p.kind != kind) continue;
        d.push_back(p.daemon_ms);
        b.push_back(p.blackbox_ms);
        s.push_back(p.stime_ms);
        w.push_back(p.stime_www_ms);
        rb.push_back(p.vs_blackbox());
        rs.push_back(p.vs_stime());
        rw.push_back(p.vs_stime_www());
      }
      if (d.empty()) continue;
      out << Pad(std::to_string(c), 5) << Pad(kind, 6) << Pad(Ms(Median(d)), 9) << Pad(Ms(Median(b)), 9)
          << Pad(Ratio(Median(rb)), 8) << Pad(Ms(Median(s)), 9) << Pad(Ratio(Median(rs)), 9)
          << Pad(Ms(Median(w)), 9) << Ratio(Median(rw)) << "\n";
    }
  }
  out << "Ratios are medians of the per-repeat ratios; the ms columns are medians of their own.\n";
}

void WriteJson(std::ostream& out, const DaemonLoadRecord& rec, const std::vector<PairRatio>& ratios) {
  const auto& m = rec.machine;
  const auto& o = rec.options;
  out << "{\n  \"command\": " << JsonString(rec.command) << ",\n  \"machine\": {\"nproc\": " << m.nproc
      << ", \"cpu_model\": " << JsonString(m.cpu_model) << ", \"kernel\": " << JsonString(m.kernel)
      << ", \"openssl\": " << JsonString(m.openssl) << ", \"nginx\": " << JsonString(m.nginx)
      << ", \"blackbox\": " << JsonString(m.blackbox) << ", \"daemon\": " << JsonString(m.daemon)
      << ", \"load_before\": [" << m.load_before[0] << ", " << m.load_before[1] << ", " << m.load_before[2]
      << "], \"load_after\": [" << m.load_after[0] << ", " << m.load_after[1] << ", " << m.load_after[2]
      << "]},\n  \"options\": {\"targets\": " << o.targets << ", \"key\": " << JsonString(KeyMixName(o.key))
      << ", \"interval_s\": " << o.interval_s << ", \"scrape_interval_s\": " << o.scrape_interval_s
      << ", \"window_s\": " << o.window_s << ", \"timeout_s\": " << o.timeout_s
      << ", \"repeats\": " << o.repeats << ", \"stime_seconds\": " << o.stime_seconds
      << ", \"rsa_key_pool\": " << o.rsa_key_pool << ", \"issuing_cas\": " << o.issuing_cas
      << ", \"crl_bytes\": " << o.crl_bytes << ", \"tls_protocols\": \"" << o.tls_protocols
      << "\"},\n  \"farm\": {\"ec_targets\": " << rec.ec_targets << ", \"rsa_targets\": " << rec.rsa_targets
      << ", \"mint_seconds\": " << rec.mint_seconds << "},\n  \"windows\": [";
  for (std::size_t i = 0; i < rec.windows.size(); ++i) {
    const auto& w = rec.windows[i];
    out << (i ? "," : "") << "\n    {\"side\": " << JsonString(w.side) << ", \"kind\": " << JsonString(w.kind)
        << ", \"concurrency\": " << w.concurrency << ", \"repeat\": " << w.repeat
        << ", \"wall_s\": " << w.wall_s << ", \"cpu_user_s\": " << w.cpu.user_s
        << ", \"cpu_sys_s\": " << w.cpu.sys_s << ", \"probes\": " << w.probes << ", \"ok\": " << w.ok
        << ", \"expected\": " << w.expected << ", \"scrapes\": " << w.scrapes
        << ", \"connections\": " << w.connections << ", \"rss_kib\": " << w.rss_kib
        << ", \"hwm_kib\": " << w.hwm_kib << ", \"threads\": " << w.threads
        << ", \"largest_scrape_ms\": " << w.largest_scrape_ms
        << ", \"largest_scrape_bytes\": " << w.largest_scrape_bytes
        << ", \"largest_scrape_wire_bytes\": " << w.largest_scrape_wire_bytes
        << ", \"slowest_scrape_ms\": " << w.slowest_scrape_ms
        << ", \"median_scrape_ms\": " << w.median_scrape_ms << ", \"scrape_ms\": " << JsonNumbers(w.scrape_ms)
        << ", \"scrape_cpu_ms\": " << JsonNumbers(w.scrape_cpu_ms)
        << ", \"scrape_wait_ms\": " << JsonNumbers(w.scrape_wait_ms)
        << ", \"plain_scrape_ms\": " << w.plain_scrape_ms
        << ", \"plain_scrape_max_ms\": " << w.plain_scrape_max_ms
        << ", \"plain_scrape_bytes\": " << w.plain_scrape_bytes << ", \"deployments\": " << w.deployments
        << ", \"deployment_probes\": " << w.deployment_probes << ", \"deployment_ok\": " << w.deployment_ok
        << ", \"deployment_expected\": " << w.deployment_expected << ", \"ready_series\": " << w.ready_series
        << ", \"ready_ones\": " << w.ready_ones << ", \"cpu_ms_per_ok\": " << w.CpuMsPerOk() << "}";
  }
  out << "\n  ],\n  \"s_time\": [";
  for (std::size_t i = 0; i < rec.stimes.size(); ++i) {
    const auto& s = rec.stimes[i];
    out << (i ? "," : "") << "\n    {\"key\": " << JsonString(s.key) << ", \"www\": " << JsonString(s.www)
        << ", \"concurrency\": " << s.concurrency << ", \"repeat\": " << s.repeat
        << ", \"connections\": " << s.connections << ", \"cpu_user_s\": " << s.cpu.user_s
        << ", \"cpu_sys_s\": " << s.cpu.sys_s << ", \"cpu_ms_per_handshake\": " << s.CpuMsPerHandshake()
        << "}";
  }
  out << "\n  ],\n  \"ratios\": [";
  for (std::size_t i = 0; i < ratios.size(); ++i) {
    const auto& p = ratios[i];
    out << (i ? "," : "") << "\n    {\"concurrency\": " << p.concurrency << ", \"repeat\": " << p.repeat
        << ", \"kind\": " << JsonString(p.kind) << ", \"daemon_ms\": " << p.daemon_ms
        << ", \"blackbox_ms\": " << p.blackbox_ms << ", \"stime_ms\": " << p.stime_ms
        << ", \"stime_www_ms\": " << p.stime_www_ms << ", \"daemon_vs_blackbox\": " << p.vs_blackbox()
        << ", \"daemon_vs_stime\": " << p.vs_stime() << ", \"daemon_vs_stime_www\": " << p.vs_stime_www()
        << "}";
  }
  out << "\n  ]\n}\n";
}

}  // namespace lde::bench
