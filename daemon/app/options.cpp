#include "app/options.h"

#include <functional>
#include <map>

namespace lde::app {

std::string UsageText() {
  // "Usage:" and "Options:" are what help2man(1) reads as the manual page's
  // SYNOPSIS and OPTIONS (packaging/cpack.cmake writes the page from this).
  return R"(Usage: lyncdiscover_exporter [flags]

Probes TLS/HTTPS endpoints and Lync / Skype for Business autodiscover as a
phone does, and serves the results as Prometheus metrics.

Options:
  --config.file=PATH         configuration file (default /etc/lyncdiscover_exporter/config.yml)
  --config.check             validate the configuration and exit (0 valid, 2 invalid)
  --web.listen-address=ADDR  where to serve (default :9863, every IPv4 and IPv6 address;
                             "127.0.0.1:9863", "[::1]:9863"); repeat to listen on several
  --web.config.file=PATH     TLS and basic authentication for the endpoints, in the
                             exporter-toolkit format (tls_server_config, basic_auth_users,
                             http_server_config.headers, rate_limit); re-read on reload
  --web.telemetry-path=PATH  where the metrics are served (default /metrics)
  --web.enable-lifecycle     allow POST /-/reload and /-/quit (off: 403; SIGHUP always reloads)
  --vantage=NAME             add vantage="NAME" to every series (where this instance
                             probes from: inside, outside, a site); replaces global.vantage
  --shard=I/N                probe only shard I of N of the targets and deployments, split
                             by name as Prometheus' hashmod splits them; replaces global.shard
  --networks=LIST            the Lync networks probed from here: internal, external or
                             internal,external (an outside instance: external); replaces
                             global.networks
  --once                     probe every target once, print the results, exit
                             (0 all probes succeeded, 1 some failed, 2 configuration error)
  --target=NAME              with --once: probe only this target or deployment (its
                             configured name); repeat for several
  --output=table|wide|json   format of --once output (default table: fits the terminal,
                             long cells trimmed with "~"; wide: never trimmed)
  --log.level=debug|info|warn|error   (default info)
  --log.format=logfmt|json   (default logfmt)
  --version                  print the version and exit
  --help                     print this text and exit
)";
}

ParsedOptions ParseOptions(const std::vector<std::string>& args) {
  ParsedOptions parsed;
  Options& o = parsed.options;
  using Setter = std::function<void(const std::string&)>;
  const std::map<std::string, Setter> valued = {
      {"config.file", [&](const std::string& v) { o.config_file = v; }},
      {"web.listen-address", [&](const std::string& v) { o.listen_addresses.push_back(v); }},
      {"web.config.file", [&](const std::string& v) { o.web_config_file = v; }},
      {"web.telemetry-path",
       [&](const std::string& v) {
         if (v.empty() || v.front() != '/' || v.find_first_of("?# ") != std::string::npos)
           parsed.errors.push_back("--web.telemetry-path must be a path starting with '/', not '" + v + "'");
         else
           o.telemetry_path = v;
       }},
      {"vantage",
       [&](const std::string& v) {
         if (std::string problem = config::VantageProblem(v); !problem.empty())
           parsed.errors.push_back("--vantage " + problem);
         else
           o.instance.vantage = v;
       }},
      {"shard",
       [&](const std::string& v) {
         auto shard = config::ParseShard(v);
         if (shard.ok())
           o.instance.shard = shard.value();
         else
           parsed.errors.push_back("--shard: " + shard.error().detail);
       }},
      {"networks",
       [&](const std::string& v) {
         // Empty items ("external,") are kept, so ParseNetworks reports them.
         std::vector<std::string> names;
         for (std::size_t start = 0;;) {
           const std::size_t comma = v.find(',', start);
           names.push_back(v.substr(start, comma - start));
           if (comma == std::string::npos) break;
           start = comma + 1;
         }
         auto networks = config::ParseNetworks(names);
         if (networks.ok())
           o.instance.networks = networks.value();
         else
           parsed.errors.push_back("--networks: " + networks.error().detail);
       }},
      {"target", [&](const std::string& v) { o.once_targets.push_back(v); }},
      {"output",
       [&](const std::string& v) {
         if (v == "table")
           o.output = OutputFormat::kTable;
         else if (v == "wide")
           o.output = OutputFormat::kWide;
         else if (v == "json")
           o.output = OutputFormat::kJson;
         else
           parsed.errors.push_back("--output must be table, wide or json, not '" + v + "'");
       }},
      {"log.level",
       [&](const std::string& v) {
         if (!ParseLogLevel(v, &o.log_level))
           parsed.errors.push_back("--log.level must be debug, info, warn or error, not '" + v + "'");
       }},
      {"log.format",
       [&](const std::string& v) {
         if (!ParseLogFormat(v, &o.log_format))
           parsed.errors.push_back("--log.format must be logfmt or json, not '" + v + "'");
       }},
  };
  const std::map<std::string, bool*> switches = {{"config.check", &o.config_check},
                                                 {"once", &o.once},
                                                 {"help", &o.help},
                                                 {"version", &o.version},
                                                 {"web.enable-lifecycle", &o.enable_lifecycle}};

  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h") {
      o.help = true;
      continue;
    }
    if (arg.rfind("--", 0) != 0) {
      parsed.errors.push_back("unexpected argument '" + arg + "'");
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    }
    if (auto s = switches.find(name); s != switches.end()) {
      if (value && *value != "true" && *value != "false") {
        parsed.errors.push_back("--" + name + " takes no value");
      } else {
        *s->second = !value || *value == "true";
      }
      continue;
    }
    auto v = valued.find(name);
    if (v == valued.end()) {
      parsed.errors.push_back("unknown flag '--" + name + "'");
      continue;
    }
    if (!value) {
      if (i + 1 >= args.size()) {
        parsed.errors.push_back("--" + name + " needs a value");
        continue;
      }
      value = args[++i];
    }
    v->second(*value);
  }
  if (o.listen_addresses.empty()) o.listen_addresses.push_back(kDefaultListenAddress);
  if (!o.once_targets.empty() && !o.once) parsed.errors.push_back("--target only applies to --once");
  for (const char* taken : {"/", "/status", "/probe", "/-/healthy", "/-/ready", "/-/reload", "/-/quit"}) {
    if (o.telemetry_path == taken) {
      parsed.errors.push_back("--web.telemetry-path cannot be " + o.telemetry_path +
                              ", which serves another page");
    }
  }
  return parsed;
}

}  // namespace lde::app
