#include "load/delay_proxy_process.h"

#include <fstream>
#include <map>
#include <thread>

namespace lde::bench {

Result<std::unique_ptr<DelayProxyProcess>> DelayProxyProcess::Start(const DelayProxySpec& spec) {
  const std::string upstream_file = spec.dir + "/proxy-upstream.txt";
  const std::string out_file = spec.dir + "/proxy-ports.txt";
  const std::string log = spec.dir + "/delay-proxy.log";
  {
    std::ofstream up(upstream_file);
    for (auto port : spec.upstream_ports) up << port << "\n";
  }
  auto child = ChildProcess::Spawn(
      {spec.proxy_path, "--rtt-ms", std::to_string(spec.rtt_ms), "--upstream-ports", upstream_file,
       "--ports-out", out_file, "--max-seconds", std::to_string(spec.max_seconds)},
      log);
  if (!child.ok()) return child.error();
  // The proxy writes its port list aside and renames it when every port
  // listens: the file's existence is the readiness signal.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10) +
                       std::chrono::milliseconds(spec.upstream_ports.size());
  while (std::chrono::steady_clock::now() < give_up && child.value().Running()) {
    std::ifstream in(out_file);
    if (in) {
      std::map<std::uint16_t, std::uint16_t> by_upstream;
      unsigned listen = 0, upstream = 0;
      while (by_upstream.size() < 65536 && in >> listen >> upstream) {
        by_upstream[static_cast<std::uint16_t>(upstream)] = static_cast<std::uint16_t>(listen);
      }
      std::vector<std::uint16_t> ports;
      for (auto up : spec.upstream_ports) {
        auto it = by_upstream.find(up);
        if (it == by_upstream.end())
          return MakeError(ErrorKind::kConfig, "delay_proxy: " + out_file + " lacks an upstream port");
        ports.push_back(it->second);
      }
      return std::unique_ptr<DelayProxyProcess>(
          new DelayProxyProcess(std::move(ports), std::move(child).value(), log));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // no readiness pipe: poll the file
  }
  return MakeError(ErrorKind::kConfig, "delay_proxy did not come up; see " + log);
}

}  // namespace lde::bench
