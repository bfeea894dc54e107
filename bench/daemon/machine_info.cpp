#include "daemon/machine_info.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "load/child_process.h"

namespace lde::bench {
namespace {

// The first line a command prints (stdout or stderr), "" when it cannot run.
std::string FirstLine(const std::vector<std::string>& argv, const std::string& out_file) {
  if (argv.empty() || access(argv[0].c_str(), X_OK) != 0) return "";
  std::remove(out_file.c_str());
  auto child = ChildProcess::Spawn(argv, out_file);
  if (!child.ok()) return "";
  rusage ignored{};
  child.value().WaitExit(std::chrono::seconds(10), &ignored);
  std::ifstream in(out_file);
  std::string line;
  std::getline(in, line);
  return line;
}

std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  for (int i = 0; i < 10000 && std::getline(in, line); ++i) {
    if (line.rfind("model name", 0) != 0) continue;
    auto colon = line.find(':');
    return colon == std::string::npos ? line : line.substr(colon + 2);
  }
  return "unknown";
}

}  // namespace

void ReadLoad(double (&load)[3]) {
  if (getloadavg(load, 3) != 3) load[0] = load[1] = load[2] = -1;
}

MachineInfo ReadMachineInfo(const std::string& dir, const std::string& openssl_path,
                            const std::string& nginx_path, const std::string& blackbox_path,
                            const std::string& daemon_path) {
  MachineInfo m;
  m.nproc = static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN));
  m.cpu_model = CpuModel();
  utsname u{};
  uname(&u);
  m.kernel = std::string(u.sysname) + " " + u.release + " " + u.machine;
  ReadLoad(m.load_before);
  const std::string out = dir + "/version.txt";
  m.openssl = FirstLine({openssl_path, "version"}, out);
  m.nginx = FirstLine({nginx_path, "-v"}, out);
  m.blackbox = blackbox_path.empty() ? "not used" : FirstLine({blackbox_path, "--version"}, out);
  m.daemon = FirstLine({daemon_path, "--version"}, out);
  return m;
}

}  // namespace lde::bench
