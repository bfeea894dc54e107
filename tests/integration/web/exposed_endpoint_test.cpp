// The daemon's HTTP surface as a stranger on the network meets it: a siege
// of slow and idle connections must not keep a scraper from /metrics, the
// lifecycle endpoints do nothing without --web.enable-lifecycle, and the
// endpoints every exporter serves are there.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "integration/web/web_fixture.h"
#include "support/daemon/daemon_process.h"
#include "support/raw_http/gunzip.h"
#include "support/raw_http/raw_http_client.h"

namespace lde::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::vector<std::string> BaseArgs(const WebLab& lab) {
  return {DaemonBinary(), "--config.file=" + lab.config_file(), "--web.listen-address=127.0.0.1:0"};
}

// Opens a connection from 127.0.0.1 that the test then drives by hand; -1
// when the connect fails.
int OpenConnection(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0) return fd;
  if (fd >= 0) ::close(fd);
  return -1;
}

// True when the server has closed `fd` (EOF or error pending).
bool ClosedByServer(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  char c;
  return ::recv(fd, &c, 1, MSG_DONTWAIT) <= 0;
}

// 200 connections that send their request head one byte a second each, and
// 40 that connect and say nothing, all from 127.0.0.1; a connection the
// server closes is opened again, so the pressure stays for `duration`.
// Bounded: it stops at `duration` or after kMaxReopens reconnects.
class Siege {
 public:
  static constexpr int kSlow = 200, kIdle = 40, kMaxReopens = 20000;

  Siege(std::uint16_t port, std::chrono::milliseconds duration) : port_(port) {
    thread_ = std::thread([this, duration] { Run(duration); });
  }
  ~Siege() {
    stop_ = true;
    thread_.join();
  }
  int reopens() const { return reopens_; }
  int bytes_sent() const { return bytes_; }

 private:
  void Run(std::chrono::milliseconds duration) {
    const std::string head = "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n\r\n";
    std::vector<int> slow(kSlow, -1), idle(kIdle, -1);
    std::vector<std::size_t> progress(kSlow, 0);
    auto end = Clock::now() + duration;
    for (int tick = 0; !stop_ && Clock::now() < end && reopens_ < kMaxReopens; ++tick) {
      for (int& fd : idle) Keep(fd);
      // Each tick (100 ms) a tenth of the slow connections send one byte.
      for (int i = tick % 10; i < kSlow; i += 10) {
        Keep(slow[i], &progress[i]);
        if (slow[i] < 0) continue;
        char byte = head[progress[i] % head.size()];
        if (::send(slow[i], &byte, 1, MSG_NOSIGNAL) == 1) {
          ++progress[i];
          ++bytes_;
        }
      }
      std::this_thread::sleep_for(100ms);  // the attack's pace, not synchronisation
    }
    for (int fd : slow)
      if (fd >= 0) ::close(fd);
    for (int fd : idle)
      if (fd >= 0) ::close(fd);
  }
  // (Re)opens a connection the server has closed.
  void Keep(int& fd, std::size_t* progress = nullptr) {
    if (fd >= 0 && !ClosedByServer(fd)) return;
    if (fd >= 0) {
      ::close(fd);
      ++reopens_;
    }
    fd = OpenConnection(port_);
    if (progress) *progress = 0;
  }

  std::uint16_t port_;
  std::atomic<bool> stop_{false};
  std::atomic<int> reopens_{0}, bytes_{0};
  std::thread thread_;
};

TEST(ExposedEndpointTest, SlowAndIdleConnectionsDoNotKeepAScraperFromMetrics) {
  WebLab lab;
  DaemonProcess daemon(BaseArgs(lab));
  auto port = daemon.WaitForPort(20s);
  ASSERT_TRUE(port) << daemon.Stderr();

  // The scraper from another address must be served within 1 s every time.
  // One sharing the attacker's address shares its connection quota: it is
  // served when its request is in before the flood's newer connections
  // need room, which is most of the time, and that is all it is promised.
  int served = 0, same_address = 0, same_address_served = 0;
  Clock::duration worst{};
  {
    // Longer than the server's 5 s request deadline, so slow connections
    // are also cut off and come back during the run.
    Siege siege(*port, 8s);
    auto end = Clock::now() + 7500ms;
    for (int i = 0; i < 200 && Clock::now() < end; ++i) {
      bool other_address = i % 2 == 0;
      auto started = Clock::now();
      auto reply = RawGet(*port, "/metrics", "", other_address ? "127.0.0.2" : "127.0.0.1", 1s);
      auto took = Clock::now() - started;
      if (other_address) {
        worst = std::max(worst, took);
        ASSERT_TRUE(reply) << "no answer within 1 s after " << served << " scrapes";
        EXPECT_EQ(reply->status, 200);
        EXPECT_LT(took, 1s);
        ++served;
      } else {
        ++same_address;
        if (reply && reply->status == 200 && took < 1s) ++same_address_served;
      }
      std::this_thread::sleep_for(50ms);  // a scraper's pace
    }
    EXPECT_GT(siege.bytes_sent(), 1000);
    EXPECT_GT(siege.reopens(), 0);
  }
  EXPECT_GE(same_address_served * 10, same_address * 8) << same_address_served << " of " << same_address;
  EXPECT_GE(served, 25);
  auto metrics = RawGet(*port, "/metrics");
  ASSERT_TRUE(metrics);
  // The siege crossed the per-client limit, and the server says so in its
  // own metrics. (Its slow connections were made room for before their
  // request deadline; that deadline is crossed in the server's unit tests.)
  std::smatch m;
  ASSERT_TRUE(std::regex_search(metrics->body, m,
                                std::regex("dropped_total\\{reason=\"client_limit\"\\} ([0-9.e+]+)")));
  EXPECT_GT(std::stod(m[1]), 0);
  RecordProperty("worst_scrape_ms",
                 static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(worst).count()));
}

TEST(ExposedEndpointTest, WithoutTheLifecycleFlagAReloadFloodDoesNothing) {
  WebLab lab;
  DaemonProcess daemon(BaseArgs(lab));
  auto port = daemon.WaitForPort(20s);
  ASSERT_TRUE(port) << daemon.Stderr();
  std::regex loaded("configuration loaded");
  ASSERT_EQ(daemon.CountLines(loaded), 1u);

  RawHttpClient client(*port);
  const std::string reload = "POST /-/reload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(client.Send(reload));
    auto r = client.ReadResponse(5s);
    ASSERT_TRUE(r) << i;
    ASSERT_EQ(r->status, 403);
    EXPECT_EQ(r->body, "Lifecycle API is not enabled.\n");
  }
  // A browser page posting text/plain across origins: refused as well.
  auto cross = RawGet(*port, "/-/reload", "Origin: http://evil.example\r\n");
  ASSERT_TRUE(cross);
  EXPECT_EQ(cross->status, 405);  // GET is never a reload
  // SIGHUP always reloads; it is the one reload this test sees.
  std::size_t mark = daemon.LineCount();
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForLine(loaded, 10s, mark)) << daemon.Stderr();
  EXPECT_EQ(daemon.CountLines(loaded), 2u);
}

TEST(ExposedEndpointTest, WithTheLifecycleFlagReloadAnswersWithoutPathsAndQuitStops) {
  WebLab lab;
  auto args = BaseArgs(lab);
  args.push_back("--web.enable-lifecycle");
  DaemonProcess daemon(args);
  auto port = daemon.WaitForPort(20s);
  ASSERT_TRUE(port) << daemon.Stderr();
  RawHttpClient ok(*port);
  ASSERT_TRUE(ok.Send("POST /-/reload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto good = ok.ReadResponse(10s);
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);

  lab.WriteFile("config.yml", "global: {interval: soon}\nbogus: 1\n");
  ASSERT_TRUE(ok.Send("POST /-/reload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto bad = ok.ReadResponse(10s);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 500);
  EXPECT_EQ(bad->body, "configuration reload failed: 2 errors; the exporter's log has the details\n");
  EXPECT_EQ(bad->body.find(lab.dir()), std::string::npos);
  EXPECT_TRUE(
      daemon.WaitForLine(std::regex("configuration error.*bogus"), 5s));  // the details are in the log

  // A page elsewhere posting to us is refused even with the flag.
  RawHttpClient cross(*port);
  ASSERT_TRUE(
      cross.Send("POST /-/reload HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://evil.example\r\n"
                 "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi"));
  auto refused = cross.ReadResponse(10s);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);

  ASSERT_TRUE(ok.Send("POST /-/quit HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  auto quit = ok.ReadResponse(10s);
  ASSERT_TRUE(quit);
  EXPECT_EQ(quit->status, 200);
  EXPECT_EQ(daemon.WaitForExit(15s), 0) << daemon.Stderr();
}

TEST(ExposedEndpointTest, ServesWhatAnExporterServes) {
  WebLab lab;
  auto args = BaseArgs(lab);
  args.push_back("--web.telemetry-path=/lync/metrics");
  DaemonProcess daemon(args);
  auto port = daemon.WaitForPort(20s);
  ASSERT_TRUE(port) << daemon.Stderr();

  EXPECT_EQ(RawGet(*port, "/-/ready")->status, 200);
  EXPECT_EQ(RawGet(*port, "/-/healthy")->status, 200);
  EXPECT_EQ(RawGet(*port, "/metrics")->status, 404);
  auto plain = RawGet(*port, "/lync/metrics");
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  for (const char* name :
       {"process_cpu_seconds_total ", "process_resident_memory_bytes ", "process_virtual_memory_bytes ",
        "process_open_fds ", "process_max_fds ", "process_start_time_seconds ", "process_threads ",
        "lyncdiscover_exporter_http_connections_open "}) {
    EXPECT_NE(plain->body.find(std::string("\n") + name), std::string::npos) << name;
  }
  EXPECT_TRUE(std::regex_search(
      plain->body, std::regex("lyncdiscover_exporter_build_info\\{version=\"[^\"]+\",revision=\"[^\"]+\","
                              "compiler=\"[^\"]+\"\\} 1")))
      << plain->body.substr(0, 2000);

  auto gzipped = RawGet(*port, "/lync/metrics", "Accept-Encoding: gzip\r\n");
  ASSERT_TRUE(gzipped);
  EXPECT_EQ(gzipped->Header("content-encoding"), "gzip");
  const std::string text = lde::testing::Gunzip(gzipped->body);
  EXPECT_NE(text.find("# TYPE lyncdiscover_exporter_build_info gauge"), std::string::npos);
  EXPECT_EQ(text.back(), '\n');
}

// Thread name -> how many threads have it, from /proc.
std::map<std::string, int> ThreadNames(pid_t pid) {
  std::map<std::string, int> names;
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) ++names[name];
  }
  return names;
}

// The thread names the README's troubleshooting table lists, as top -H
// shows them: one per probe worker, and the loops and pools by name. Only
// the main thread keeps the program's name.
TEST(ExposedEndpointTest, ThreadsAreNamedForWhatTheyDo) {
  WebLab lab;
  DaemonProcess daemon(BaseArgs(lab));
  ASSERT_TRUE(daemon.WaitForPort(20s)) << daemon.Stderr();
  // Start-up may still be creating (and naming) threads after the port
  // opens: read until every name is there and no other thread is unnamed
  // (bounded).
  const std::vector<std::string> expected = {"lde-schedule",  "lde-probe", "lde-probe-now",
                                             "lde-http-loop", "lde-http",  "lde-http-wait",
                                             "lde-http-auth"};
  auto all_there = [&](std::map<std::string, int>& names) {
    return names["lyncdiscover_ex"] == 1 &&
           std::all_of(expected.begin(), expected.end(), [&](const std::string& n) { return names[n] > 0; });
  };
  std::map<std::string, int> names = ThreadNames(daemon.pid());
  for (auto end = Clock::now() + 10s; !all_there(names) && Clock::now() < end;) {
    std::this_thread::sleep_for(5ms);  // polling /proc, bounded above
    names = ThreadNames(daemon.pid());
  }
  for (const std::string& name : expected) EXPECT_GE(names[name], 1) << name;
  EXPECT_EQ(names["lde-schedule"], 1);
  EXPECT_GE(names["lde-probe"], 1);        // `concurrency` of them
  EXPECT_EQ(names["lyncdiscover_ex"], 1);  // the main thread only
}

TEST(ExposedEndpointTest, HelpListsTheWebFlags) {
  auto help = RunCommand({DaemonBinary(), "--help"}, 10s);
  EXPECT_EQ(help.exit_code, 0);
  for (const char* flag :
       {"--web.listen-address", "--web.config.file", "--web.telemetry-path", "--web.enable-lifecycle"}) {
    EXPECT_NE(help.out.find(flag), std::string::npos) << flag;
  }
}

TEST(ExposedEndpointTest, PortOnlyListensOnIpv4AndIpv6AndSeveralAddressesWork) {
  WebLab lab;
  DaemonProcess daemon({DaemonBinary(), "--config.file=" + lab.config_file(), "--web.listen-address=:0",
                        "--web.listen-address=127.0.0.1:0"});
  auto first = daemon.WaitForLine(std::regex("listening\" address=:0 port=([0-9]+)"), 20s);
  auto second = daemon.WaitForLine(std::regex("listening\" address=127.0.0.1:0 port=([0-9]+)"), 20s);
  ASSERT_TRUE(first && second) << daemon.Stderr();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*first, m, std::regex("port=([0-9]+)")));
  std::string any_port = m[1];
  ASSERT_TRUE(std::regex_search(*second, m, std::regex("port=([0-9]+)")));
  std::string v4_port = m[1];
  for (const std::string& url :
       {"http://127.0.0.1:" + any_port + "/-/healthy", "http://[::1]:" + any_port + "/-/healthy",
        "http://127.0.0.1:" + v4_port + "/-/healthy"}) {
    auto r = RunCommand(
        {"/usr/bin/curl", "-sS", "-g", "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", url},
        15s);
    EXPECT_EQ(r.out, "200") << url << ": " << r.err;
  }
}

}  // namespace
}  // namespace lde::testing
