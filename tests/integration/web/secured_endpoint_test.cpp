// The exporter's HTTP surface secured by --web.config.file, through the built
// binary and real clients: curl (TLS, basic auth, client certificates,
// protocol versions, security headers), SIGHUP reloads of the web config,
// start-up and --config.check refusals, and Debian's Prometheus scraping over
// TLS with a client certificate and basic auth.

#include <gtest/gtest.h>
#include <signal.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "integration/web/web_fixture.h"
#include "support/daemon/daemon_process.h"
#include "support/prometheus/prometheus_server.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;

constexpr const char* kCurl = "/usr/bin/curl";
constexpr const char* kRealmHeader = "Basic realm=\"lyncdiscover_exporter\", charset=\"UTF-8\"";
constexpr const char* kPlainHttpOnTlsBody = "Client sent an HTTP request to an HTTPS server.\n";
// curl's exit codes this file expects by name.
constexpr int kCurlPeerFailedVerification = 60;

// What one curl run returned: its exit code, and the last response it got
// (status 0 when there was none, e.g. a failed handshake).
struct CurlReply {
  int exit_code = -1;
  std::string status_line;
  int status = 0;
  std::multimap<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string err;  // curl's stderr (-sS: the error; -v: the trace)

  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? "" : it->second;
  }
  std::size_t HeaderCount(const std::string& lower_name) const { return headers.count(lower_name); }
  std::string Describe() const {
    return "curl exit " + std::to_string(exit_code) + ", status " + std::to_string(status) +
           "\nstderr: " + err + "\nbody: " + body;
  }
};

// Runs curl with the response head dumped in front of the body (-D -), no
// proxy, no ~/.curlrc, and a bounded time (curl's own 10 s, ours 20 s).
CurlReply Curl(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {kCurl, "-q", "-sS", "--noproxy", "*", "--max-time", "10", "-D", "-"};
  argv.insert(argv.end(), args.begin(), args.end());
  CommandResult run = RunCommand(argv, seconds(20));
  CurlReply reply;
  reply.exit_code = run.exit_code;
  reply.err = run.err;
  std::string out = run.out;
  // Skip interim (1xx) heads; keep the last head and what follows it.
  while (out.rfind("HTTP/", 0) == 0) {
    std::size_t end = out.find("\r\n\r\n");
    if (end == std::string::npos) break;
    std::string head = out.substr(0, end);
    out.erase(0, end + 4);
    reply.headers.clear();
    std::size_t eol = head.find("\r\n");
    reply.status_line = head.substr(0, eol);
    std::smatch m;
    static const std::regex kStatus("^HTTP/[0-9.]+ ([0-9]{3})");
    reply.status = std::regex_search(reply.status_line, m, kStatus) ? std::stoi(m[1].str()) : 0;
    std::size_t pos = eol == std::string::npos ? head.size() : eol + 2;
    while (pos < head.size()) {
      std::size_t next = head.find("\r\n", pos);
      if (next == std::string::npos) next = head.size();
      std::string line = head.substr(pos, next - pos);
      pos = next + 2;
      std::size_t colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::size_t value_start = line.find_first_not_of(" \t", colon + 1);
      reply.headers.emplace(name, value_start == std::string::npos ? "" : line.substr(value_start));
    }
    if (reply.status >= 200) break;
  }
  reply.body = out;
  return reply;
}

std::vector<std::string> DaemonArgs(const WebLab& lab, const std::string& web_config) {
  return {DaemonBinary(), "--config.file=" + lab.config_file(), "--web.listen-address=127.0.0.1:0",
          "--web.config.file=" + web_config};
}

// SIGTERM, and a clean exit: under the sanitizers this also shows that the
// paths exercised leaked nothing (LeakSanitizer runs at exit).
void StopCleanly(DaemonProcess& daemon) {
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.WaitForExit(seconds(15)), 0) << daemon.Stderr();
}

// tls_server_config with the lab's server certificate (relative names: the
// loader resolves them against web.yml's directory), plus `extra` lines
// indented under it.
std::string TlsSection(const std::string& extra = "") {
  return "tls_server_config:\n"
         "  cert_file: server.pem\n"
         "  key_file: server.key\n" +
         extra;
}

std::string UsersSection(const std::vector<std::pair<std::string, std::string>>& users) {
  std::string text = "basic_auth_users:\n";
  for (const auto& [user, password] : users) {
    text += "  " + user + ": '" + WebLab::BcryptHash(password) + "'\n";
  }
  return text;
}

std::string Url(std::uint16_t port, const std::string& path = "/metrics",
                const std::string& scheme = "https") {
  return scheme + "://127.0.0.1:" + std::to_string(port) + path;
}

TEST(SecuredEndpointTest, TlsAndBasicAuthGuardTheMetrics) {
  WebLab lab;
  std::string web = lab.WriteFile("web.yml", TlsSection() + UsersSection({{"prometheus", "s3cret"}}));
  DaemonProcess daemon(DaemonArgs(lab, web));
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  EXPECT_TRUE(daemon.WaitForLine(std::regex("msg=\"http server listening\" .*tls=true"), seconds(1)))
      << daemon.Stderr();
  const std::string url = Url(*port);
  const std::string ca = lab.Path("ca.pem");

  CurlReply anonymous = Curl({"--cacert", ca, url});
  ASSERT_EQ(anonymous.exit_code, 0) << anonymous.Describe();
  EXPECT_EQ(anonymous.status, 401) << anonymous.Describe();
  EXPECT_EQ(anonymous.Header("www-authenticate"), kRealmHeader);
  EXPECT_EQ(anonymous.body.find("lyncdiscover_exporter_build_info"), std::string::npos);

  CurlReply wrong = Curl({"--cacert", ca, "-u", "prometheus:wrong", url});
  EXPECT_EQ(wrong.exit_code, 0) << wrong.Describe();
  EXPECT_EQ(wrong.status, 401) << wrong.Describe();
  EXPECT_EQ(wrong.Header("www-authenticate"), kRealmHeader);

  CurlReply stranger = Curl({"--cacert", ca, "-u", "mallory:s3cret", url});
  EXPECT_EQ(stranger.status, 401) << stranger.Describe();

  CurlReply right = Curl({"--cacert", ca, "-u", "prometheus:s3cret", url});
  ASSERT_EQ(right.exit_code, 0) << right.Describe();
  EXPECT_EQ(right.status, 200) << right.Describe();
  EXPECT_NE(right.body.find("lyncdiscover_exporter_build_info{"), std::string::npos) << right.body;
  EXPECT_EQ(right.Header("www-authenticate"), "");
  // A verified password is cached; the cache must not let a wrong one in.
  EXPECT_EQ(Curl({"--cacert", ca, "-u", "prometheus:wrong", url}).status, 401);
  // Every path is behind the password, not only the metrics.
  EXPECT_EQ(Curl({"--cacert", ca, Url(*port, "/status")}).status, 401);
  EXPECT_EQ(Curl({"--cacert", ca, "-u", "prometheus:s3cret", Url(*port, "/status")}).status, 200);
  // /probe too, before anything about the name is looked at: a stranger
  // learns neither whether a name is configured nor how the query parses.
  EXPECT_EQ(Curl({"--cacert", ca, Url(*port, "/probe?target=corp-app")}).status, 401);
  EXPECT_EQ(Curl({"--cacert", ca, Url(*port, "/probe?target=%zz")}).status, 401);
  CurlReply probe = Curl({"--cacert", ca, "-u", "prometheus:s3cret", Url(*port, "/probe?target=corp-app")});
  EXPECT_EQ(probe.status, 404) << probe.Describe();  // this lab configures no target
  EXPECT_EQ(probe.body, "unknown target \"corp-app\": not in the configuration\n");

  // Without the lab's CA, curl's default trust store cannot verify the
  // server: the handshake fails and no HTTP is exchanged.
  CurlReply untrusted = Curl({url});
  EXPECT_EQ(untrusted.exit_code, kCurlPeerFailedVerification) << untrusted.Describe();
  EXPECT_EQ(untrusted.status, 0);

  // Plain HTTP on the TLS port: Go's answer, then an orderly close (the
  // server reads what the client sent before closing, so no reset can
  // destroy the answer: curl exits 0).
  CurlReply plain = Curl({Url(*port, "/metrics", "http")});
  EXPECT_EQ(plain.exit_code, 0) << plain.Describe();
  EXPECT_EQ(plain.status_line, "HTTP/1.0 400 Bad Request") << plain.Describe();
  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(plain.body, kPlainHttpOnTlsBody);

  // Still serving after the failed handshake and the plain-HTTP client, and
  // both were counted.
  CurlReply after = Curl({"--cacert", ca, "-u", "prometheus:s3cret", url});
  ASSERT_EQ(after.status, 200) << after.Describe() << daemon.Stderr();
  EXPECT_TRUE(std::regex_search(
      after.body,
      std::regex(
          "\nlyncdiscover_exporter_http_connections_dropped_total\\{reason=\"plain_http_on_tls\"\\} 1\n")))
      << after.body;
  EXPECT_TRUE(std::regex_search(
      after.body,
      std::regex(
          "\nlyncdiscover_exporter_http_connections_dropped_total\\{reason=\"tls_handshake\"\\} [1-9]")))
      << after.body;

  StopCleanly(daemon);
}

TEST(SecuredEndpointTest, RequireAndVerifyClientCertAdmitsOnlyTheClientCasCertificates) {
  WebLab lab;
  std::string web = lab.WriteFile("web.yml", TlsSection("  client_auth_type: RequireAndVerifyClientCert\n"
                                                        "  client_ca_file: client-ca.pem\n"));
  DaemonProcess daemon(DaemonArgs(lab, web));
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  const std::string url = Url(*port);
  const std::vector<std::string> good = {"--cacert", lab.Path("ca.pem"),     "--cert", lab.Path("client.pem"),
                                         "--key",    lab.Path("client.key"), url};
  auto expect_good_client_served = [&](const std::string& when) {
    CurlReply reply = Curl(good);
    EXPECT_EQ(reply.exit_code, 0) << when << ": " << reply.Describe();
    EXPECT_EQ(reply.status, 200) << when << ": " << reply.Describe();
    EXPECT_NE(reply.body.find("lyncdiscover_exporter_build_info{"), std::string::npos) << when;
  };

  expect_good_client_served("first");

  // No client certificate: the server aborts the handshake with an alert
  // (TLS 1.3: after curl's Finished, so curl may see it on its first read).
  CurlReply none = Curl({"--cacert", lab.Path("ca.pem"), url});
  EXPECT_NE(none.exit_code, 0) << none.Describe();
  EXPECT_EQ(none.status, 0) << none.Describe();
  EXPECT_EQ(none.body, "");
  expect_good_client_served("after a client without a certificate");

  // A certificate from a CA the server does not know.
  CurlReply rogue = Curl(
      {"--cacert", lab.Path("ca.pem"), "--cert", lab.Path("rogue.pem"), "--key", lab.Path("rogue.key"), url});
  EXPECT_NE(rogue.exit_code, 0) << rogue.Describe();
  EXPECT_EQ(rogue.status, 0) << rogue.Describe();
  EXPECT_EQ(rogue.body, "");
  expect_good_client_served("after a rogue certificate");

  // The same, forced to TLS 1.2, where the refusal comes inside the handshake.
  CurlReply rogue12 = Curl({"--tls-max", "1.2", "--cacert", lab.Path("ca.pem"), "--cert",
                            lab.Path("rogue.pem"), "--key", lab.Path("rogue.key"), url});
  EXPECT_NE(rogue12.exit_code, 0) << rogue12.Describe();
  EXPECT_EQ(rogue12.status, 0) << rogue12.Describe();
  expect_good_client_served("after a rogue certificate over TLS 1.2");
  StopCleanly(daemon);
}

TEST(SecuredEndpointTest, MinVersionTls13RefusesTls12Clients) {
  WebLab lab;
  const std::string ca = lab.Path("ca.pem");
  {
    // Control: the default minimum (TLS 1.2) lets the same curl in, so the
    // refusal below is min_version's doing and not curl's.
    std::string web = lab.WriteFile("default.yml", TlsSection());
    DaemonProcess daemon(DaemonArgs(lab, web));
    auto port = daemon.WaitForPort(seconds(20));
    ASSERT_TRUE(port) << daemon.Stderr();
    CurlReply tls12 = Curl({"-v", "--tls-max", "1.2", "--cacert", ca, Url(*port)});
    EXPECT_EQ(tls12.exit_code, 0) << tls12.Describe();
    EXPECT_EQ(tls12.status, 200);
    EXPECT_NE(tls12.err.find("SSL connection using TLSv1.2"), std::string::npos) << tls12.err;
    StopCleanly(daemon);
  }

  std::string web = lab.WriteFile("web.yml", TlsSection("  min_version: TLS13\n"));
  DaemonProcess daemon(DaemonArgs(lab, web));
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();

  CurlReply tls12 = Curl({"--tls-max", "1.2", "--cacert", ca, Url(*port)});
  EXPECT_NE(tls12.exit_code, 0) << tls12.Describe();
  EXPECT_EQ(tls12.status, 0) << tls12.Describe();

  CurlReply tls13 = Curl({"-v", "--cacert", ca, Url(*port)});
  EXPECT_EQ(tls13.exit_code, 0) << tls13.Describe();
  EXPECT_EQ(tls13.status, 200) << tls13.Describe();
  EXPECT_NE(tls13.err.find("SSL connection using TLSv1.3"), std::string::npos) << tls13.err;
  StopCleanly(daemon);
}

TEST(SecuredEndpointTest, ConfiguredSecurityHeadersAreOnEveryResponse) {
  WebLab lab;
  std::string web = lab.WriteFile("web.yml", TlsSection() + UsersSection({{"prometheus", "s3cret"}}) +
                                                 "http_server_config:\n"
                                                 "  headers:\n"
                                                 "    X-Frame-Options: deny\n"
                                                 "    Strict-Transport-Security: max-age=31536000\n"
                                                 "    X-Content-Type-Options: nosniff\n");
  DaemonProcess daemon(DaemonArgs(lab, web));
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  const std::string ca = lab.Path("ca.pem");

  struct Case {
    std::string what;
    std::vector<std::string> args;
    int status;
  };
  const std::vector<Case> cases = {
      {"metrics", {"-u", "prometheus:s3cret", Url(*port)}, 200},
      {"landing page", {"-u", "prometheus:s3cret", Url(*port, "/")}, 200},
      {"unauthenticated", {Url(*port)}, 401},
      {"unknown path", {"-u", "prometheus:s3cret", Url(*port, "/nope")}, 404},
      {"wrong method", {"-u", "prometheus:s3cret", "-X", "POST", Url(*port)}, 405},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"--cacert", ca};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CurlReply reply = Curl(args);
    ASSERT_EQ(reply.exit_code, 0) << c.what << ": " << reply.Describe();
    EXPECT_EQ(reply.status, c.status) << c.what << ": " << reply.Describe();
    EXPECT_EQ(reply.Header("x-frame-options"), "deny") << c.what;
    EXPECT_EQ(reply.Header("strict-transport-security"), "max-age=31536000") << c.what;
    EXPECT_EQ(reply.Header("x-content-type-options"), "nosniff") << c.what;
    EXPECT_EQ(reply.HeaderCount("x-frame-options"), 1u) << c.what;
    EXPECT_EQ(reply.HeaderCount("strict-transport-security"), 1u) << c.what;
  }
  StopCleanly(daemon);
}

TEST(SecuredEndpointTest, SighupReloadsTheWebConfigAndKeepsTheLastGoodOne) {
  WebLab lab;
  std::string web = lab.WriteFile("web.yml", TlsSection() + UsersSection({{"alice", "alice-pw"}}));
  DaemonProcess daemon(DaemonArgs(lab, web));
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();
  const std::string ca = lab.Path("ca.pem");
  auto status_as = [&](const std::string& credentials) {
    CurlReply reply = Curl({"--cacert", ca, "-u", credentials, Url(*port)});
    EXPECT_EQ(reply.exit_code, 0) << reply.Describe();
    return reply.status;
  };
  EXPECT_EQ(status_as("alice:alice-pw"), 200);
  EXPECT_EQ(status_as("bob:bob-pw"), 401);

  // A good new file: bob replaces alice.
  lab.WriteFile("web.yml", TlsSection() + UsersSection({{"bob", "bob-pw"}}));
  std::size_t mark = daemon.LineCount();
  daemon.Signal(SIGHUP);
  auto loaded = daemon.WaitForLine(std::regex("msg=\"web configuration loaded\""), seconds(10), mark);
  ASSERT_TRUE(loaded) << daemon.Stderr();
  EXPECT_NE(loaded->find("basic_auth_users=1"), std::string::npos) << *loaded;
  EXPECT_NE(loaded->find("tls=true"), std::string::npos) << *loaded;
  EXPECT_EQ(status_as("alice:alice-pw"), 401);
  EXPECT_EQ(status_as("bob:bob-pw"), 200);

  // Broken files: each reload fails, says where, and bob keeps working.
  const std::size_t loads_so_far = daemon.CountLines(std::regex("msg=\"web configuration loaded\""));
  struct Broken {
    std::string what, text;
    std::string error;  // what the logged error says, line number first
  };
  const std::vector<Broken> broken = {
      {"an unknown key", TlsSection() + UsersSection({{"carol", "carol-pw"}}) + "no_such_key: true\n",
       "web.yml:6: unknown top-level key"},
      {"a missing key_file",
       "tls_server_config:\n  cert_file: server.pem\n" + UsersSection({{"carol", "carol-pw"}}),
       "web.yml:1: tls_server_config: key_file or key is required"},
      {"a key file that does not exist",
       "tls_server_config:\n  cert_file: server.pem\n  key_file: gone.key\n",
       "web.yml:3: tls_server_config.key_file: cannot read"},
      {"an invalid bcrypt hash", TlsSection() + "basic_auth_users:\n  carol: plaintext\n",
       "web.yml:5: basic_auth_users.carol: is not a bcrypt hash"},
      // Valid YAML, refused only when the TLS context is built.
      {"a key that does not match the certificate",
       "tls_server_config:\n  cert_file: server.pem\n  key_file: client.key\n" +
           UsersSection({{"carol", "carol-pw"}}),
       "certificate and key do not match"},
  };
  for (const auto& [what, text, expected_error] : broken) {
    lab.WriteFile("web.yml", text);
    mark = daemon.LineCount();
    daemon.Signal(SIGHUP);
    ASSERT_TRUE(daemon.WaitForLine(std::regex("reload failed, keeping the previous configuration"),
                                   seconds(10), mark))
        << what << "\n"
        << daemon.Stderr();
    // Logged before the reload's verdict.
    auto error = daemon.WaitForLine(std::regex("msg=\"web configuration error\""), seconds(1), mark);
    ASSERT_TRUE(error) << what << "\n" << daemon.Stderr();
    EXPECT_NE(error->find("file=" + web), std::string::npos) << what << ": " << *error;
    EXPECT_NE(error->find(expected_error), std::string::npos) << what << ": " << *error;
    EXPECT_EQ(daemon.CountLines(std::regex("msg=\"web configuration loaded\"")), loads_so_far) << what;
    EXPECT_EQ(status_as("bob:bob-pw"), 200) << what;
    EXPECT_EQ(status_as("carol:carol-pw"), 401) << what;
    EXPECT_EQ(status_as("alice:alice-pw"), 401) << what;
  }

  // The failed reloads show in the exporter's own metric, and a good file
  // afterwards clears it.
  CurlReply metrics = Curl({"--cacert", ca, "-u", "bob:bob-pw", Url(*port)});
  EXPECT_NE(metrics.body.find("\nlyncdiscover_exporter_config_last_reload_successful 0\n"), std::string::npos)
      << metrics.body;
  lab.WriteFile("web.yml", TlsSection() + UsersSection({{"carol", "carol-pw"}}));
  mark = daemon.LineCount();
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForLine(std::regex("msg=\"web configuration loaded\""), seconds(10), mark))
      << daemon.Stderr();
  EXPECT_EQ(status_as("bob:bob-pw"), 401);
  metrics = Curl({"--cacert", ca, "-u", "carol:carol-pw", Url(*port)});
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("\nlyncdiscover_exporter_config_last_reload_successful 1\n"), std::string::npos)
      << metrics.body;

  StopCleanly(daemon);
}

TEST(SecuredEndpointTest, ABrokenWebConfigStopsTheStartAndFailsTheCheck) {
  WebLab lab;
  // Line 6 is the unknown key.
  std::string broken =
      lab.WriteFile("broken.yml", TlsSection() + UsersSection({{"bob", "bob-pw"}}) + "no_such_key: true\n");
  std::string good = lab.WriteFile("web.yml", TlsSection() + UsersSection({{"bob", "bob-pw"}}));

  DaemonProcess daemon(DaemonArgs(lab, broken));
  ASSERT_EQ(daemon.WaitForExit(seconds(15)), 2) << daemon.Stderr();
  std::string log = daemon.Stderr();
  EXPECT_NE(log.find(broken + ":6:"), std::string::npos) << log;
  EXPECT_NE(log.find("no_such_key"), std::string::npos) << log;
  EXPECT_EQ(log.find("http server listening"), std::string::npos) << log;

  CommandResult check = RunCommand(
      {DaemonBinary(), "--config.check", "--config.file=" + lab.config_file(), "--web.config.file=" + broken},
      seconds(20));
  EXPECT_EQ(check.exit_code, 2) << check.out << check.err;
  EXPECT_NE(check.err.find(broken + ":6:"), std::string::npos) << check.err;
  EXPECT_NE(check.err.find("no_such_key"), std::string::npos) << check.err;

  // The check loads the certificate too, as the daemon would.
  std::string mismatched = lab.WriteFile(
      "mismatched.yml", "tls_server_config:\n  cert_file: server.pem\n  key_file: client.key\n");
  check = RunCommand({DaemonBinary(), "--config.check", "--config.file=" + lab.config_file(),
                      "--web.config.file=" + mismatched},
                     seconds(20));
  EXPECT_EQ(check.exit_code, 2) << check.out << check.err;
  EXPECT_NE(check.err.find(mismatched), std::string::npos) << check.err;

  check = RunCommand(
      {DaemonBinary(), "--config.check", "--config.file=" + lab.config_file(), "--web.config.file=" + good},
      seconds(20));
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find(good + ": ok (TLS, 1 basic auth users)"), std::string::npos) << check.out;
}

TEST(SecuredEndpointTest, PrometheusScrapesOverTlsWithAClientCertificateAndBasicAuth) {
  WebLab lab;
  std::string web = lab.WriteFile("web.yml", TlsSection("  client_auth_type: RequireAndVerifyClientCert\n"
                                                        "  client_ca_file: client-ca.pem\n") +
                                                 UsersSection({{"prometheus", "s3cret"}}));
  DaemonProcess daemon(DaemonArgs(lab, web));
  auto port = daemon.WaitForPort(seconds(20));
  ASSERT_TRUE(port) << daemon.Stderr();

  PrometheusServer prometheus(lab.dir());
  const std::string started = prometheus.Start(
      "global:\n"
      "  scrape_interval: 1s\n"
      "  scrape_timeout: 1s\n"
      "scrape_configs:\n"
      "  - job_name: lde\n"
      "    scheme: https\n"
      "    basic_auth:\n"
      "      username: prometheus\n"
      "      password: s3cret\n"
      "    tls_config:\n"
      "      ca_file: " +
      lab.Path("ca.pem") +
      "\n"
      "      cert_file: " +
      lab.Path("client.pem") +
      "\n"
      "      key_file: " +
      lab.Path("client.key") +
      "\n"
      "    static_configs:\n"
      "      - targets: ['127.0.0.1:" +
      std::to_string(*port) + "']\n");
  ASSERT_EQ(started, "");

  // Prometheus' first scrape comes within one interval of the target's
  // discovery; poll its API (bounded) until it reports the target up.
  auto one_sample_is = [](const std::function<bool(double)>& wanted) {
    return [wanted](const std::vector<PromSample>& s) { return s.size() == 1 && wanted(s[0].value); };
  };
  auto up =
      prometheus.WaitFor("up{job=\"lde\"}", one_sample_is([](double v) { return v == 1; }), seconds(60));
  ASSERT_TRUE(up.met) << "prometheus never scraped the exporter successfully\n"
                      << Describe(up.last) << prometheus.Describe() << daemon.Stderr();
  // A real exposition body arrived: one of the exporter's own series is
  // stored (from the same scrape that set up to 1).
  EXPECT_EQ(prometheus.FirstValue("lyncdiscover_exporter_build_info{job=\"lde\"}"), "1");
  // The exporter counted Prometheus' scrapes as served: TLS, the client
  // certificate, the password and the route all passed. A scrape's body
  // cannot count that scrape, so this shows from the second one on.
  auto served = prometheus.WaitFor(
      "lyncdiscover_exporter_http_requests_total{job=\"lde\",handler=\"/metrics\",code=\"200\"}",
      one_sample_is([](double v) { return v >= 1.0; }), seconds(60));
  ASSERT_TRUE(served.met) << Describe(served.last) << prometheus.Describe();
  // And nothing else: no refused or failed request from Prometheus.
  auto refused = prometheus.Query("lyncdiscover_exporter_http_requests_total{job=\"lde\",code!=\"200\"}");
  ASSERT_TRUE(refused.ok()) << refused.error().detail;
  EXPECT_TRUE(refused.value().empty()) << Describe(refused.value());
  // Stopped while Prometheus may hold a keep-alive connection to it.
  StopCleanly(daemon);
}

}  // namespace
}  // namespace lde::testing
