// The status page as a person sees it: the built daemon probes the lab's
// healthy and enterprise-fe deployments; Debian's chromium, headless, loads
// GET / and GET /status?target=... and dumps the DOM it built from them; the
// test reads the readiness matrix, the order of the targets and the probe
// log from that DOM, checks that the browser reported no Content Security
// Policy violation (so the style sheet's hash matches and nothing was
// blocked), and keeps screenshots under LDE_ARTIFACTS_DIR.
//
// Skipped, saying why, only when chromium is not installed. Every chromium
// run is bounded: `timeout` kills its whole process group after 60 s, and
// RunCommand gives up at 90 s.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <regex>

#include "support/daemon/daemon_process.h"
#include "support/lab/lab_fixture.h"

namespace lde::testing {
namespace {

using std::chrono::seconds;

const std::string kEnterprise = LabDomain("enterprise-fe");
const std::string kHealthy = LabDomain("healthy");

// The first executable `name` on PATH (RunCommand execs without a search).
std::optional<std::string> FindOnPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = dirs.substr(start, end - start) + "/" + name;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return std::nullopt;
}

// $LDE_CHROMIUM, else chromium (Debian) or chromium-browser on PATH.
std::optional<std::string> FindChromium() {
  if (const char* chosen = std::getenv("LDE_CHROMIUM"); chosen && *chosen) return std::string(chosen);
  if (auto found = FindOnPath("chromium")) return found;
  return FindOnPath("chromium-browser");
}

class BrowserEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    chromium_ = FindChromium();
    if (!chromium_) return;  // each test skips, saying why; no lab is started
    std::filesystem::remove_all(LDE_BROWSER_PROFILE);
    LabFixture::Spec spec;
    spec.scenarios = "healthy,enterprise-fe";
    spec.dir = LDE_LAB_DIR;
    spec.targets = LabPlainTargets();
    spec.targets.push_back(kHealthy);
    spec.targets.push_back(kEnterprise);
    ASSERT_EQ(lab_.Start(spec), "");
    port_ = lab_.port();
  }
  void TearDown() override { lab_.Stop(); }

  static const std::optional<std::string>& chromium() { return chromium_; }
  static std::string Url(const std::string& path) {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  static std::uint16_t port() { return port_; }

 private:
  LabFixture lab_;
  static inline std::optional<std::string> chromium_;
  static inline std::uint16_t port_ = 0;
};

#define SKIP_WITHOUT_CHROMIUM()                                                                        \
  if (!BrowserEnvironment::chromium())                                                                 \
  GTEST_SKIP()                                                                                         \
      << "chromium is not installed (apt-get install chromium; scripts/install-deps.sh installs it), " \
         "so the status page was not checked in a browser"

// Runs headless chromium on `url` with `extra` flags; bounded as above.
CommandResult Chromium(const std::vector<std::string>& extra, const std::string& url) {
  static const std::string kTimeout = FindOnPath("timeout").value_or("/usr/bin/timeout");  // coreutils
  std::vector<std::string> args = {kTimeout,
                                   "--kill-after=5",
                                   "60",
                                   *BrowserEnvironment::chromium(),
                                   "--headless",
                                   "--disable-gpu",
                                   "--no-sandbox",
                                   "--no-first-run",
                                   "--no-default-browser-check",
                                   "--disable-extensions",
                                   "--disable-background-networking",
                                   "--disable-dev-shm-usage",
                                   "--no-proxy-server",
                                   "--hide-scrollbars",
                                   "--enable-logging=stderr",
                                   std::string("--user-data-dir=") + LDE_BROWSER_PROFILE};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(url);
  CommandResult result = RunCommand(args, seconds(90));
  EXPECT_EQ(result.exit_code, 0) << (result.exit_code == 124 ? "chromium hung and was killed\n" : "")
                                 << result.err;
  // Chromium logs every CSP violation as a console message: none means the
  // style sheet's hash matched and nothing on the page was blocked.
  EXPECT_EQ(result.err.find("Content Security Policy"), std::string::npos) << result.err;
  return result;
}

std::string DumpDom(const std::string& path) {
  return Chromium({"--dump-dom"}, BrowserEnvironment::Url(path)).out;
}

// The text a person reads in a piece of HTML: tags become spaces, the
// entities the page uses are decoded, runs of whitespace become one space.
std::string Text(const std::string& html) {
  std::string text = std::regex_replace(html, std::regex("<[^>]*>"), " ");
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}, {"&amp;", "&"}}) {
    text = std::regex_replace(text, std::regex(entity), c);
  }
  text = std::regex_replace(text, std::regex("\\s+"), " ");
  auto first = text.find_first_not_of(' ');
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

// A deployment's readiness table in the DOM of GET /.
std::string DeploymentBlock(const std::string& dom, const std::string& target) {
  std::string head = "<div class=\"deployment\"><h3><a href=\"/status?target=" + target + "\">";
  auto start = dom.find(head);
  if (start == std::string::npos) return "";
  auto end = dom.find("</table>", start);
  return dom.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The text of one matrix cell.
std::optional<std::string> Cell(const std::string& block, const std::string& network,
                                const std::string& profile) {
  std::smatch m;
  std::regex cell("<td class=\"[a-z]+\" data-network=\"" + network + "\" data-profile=\"" + profile +
                  "\">([\\s\\S]*?)</td>");
  if (!std::regex_search(block, m, cell)) return std::nullopt;
  return Text(m[1].str());
}

bool IsPng(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  char magic[8] = {};
  in.read(magic, sizeof magic);
  return in && std::string(magic, 8) == "\x89PNG\r\n\x1a\n";
}

TEST(StatusPageInBrowserTest, ReadinessMatrixReadsAsOnCall) {
  SKIP_WITHOUT_CHROMIUM();
  std::string dom = DumpDom("/");
  ASSERT_NE(dom.find("<h2>Mobile sign-in readiness</h2>"), std::string::npos) << dom;
  EXPECT_EQ(dom.find("<script"), std::string::npos);

  // The Lync 5.4 case: unmanaged phones lack the enterprise root inside.
  std::string enterprise = DeploymentBlock(dom, kEnterprise);
  ASSERT_FALSE(enterprise.empty()) << dom;
  auto broken = Cell(enterprise, "internal", "unmanaged");
  ASSERT_TRUE(broken) << enterprise;
  EXPECT_TRUE(std::regex_search(*broken, std::regex("^NOT READY discovery_tls: unknown_issuer ")))
      << "the cell reads: " << *broken;
  EXPECT_NE(broken->find("unable to get local issuer certificate"), std::string::npos) << *broken;
  for (const char* network : {"internal", "external"}) {
    for (const char* profile : {"unmanaged", "managed", "legacy-5.3"}) {
      if (std::string(network) == "internal" && std::string(profile) == "unmanaged") continue;
      SCOPED_TRACE(std::string(network) + "/" + profile);
      EXPECT_EQ(Cell(enterprise, network, profile), "ready");
      EXPECT_EQ(Cell(DeploymentBlock(dom, kHealthy), network, profile), "ready");
    }
  }
  EXPECT_EQ(Cell(DeploymentBlock(dom, kHealthy), "internal", "unmanaged"), "ready");
  EXPECT_EQ(DeploymentBlock(dom, kHealthy).find("NOT READY"), std::string::npos);

  // Failing first: enterprise-fe heads the list of targets, then the rest by name.
  std::vector<std::size_t> rows;
  for (const std::string& target :
       {kEnterprise, std::string("healthy-fe-tls"), std::string("healthy-webext"), kHealthy}) {
    rows.push_back(dom.find("<tr><td><a href=\"/status?target=" + target + "\">"));
    ASSERT_NE(rows.back(), std::string::npos) << target;
  }
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end()));
  auto summary_start = dom.find("<section id=\"summary\">");
  ASSERT_NE(summary_start, std::string::npos);
  std::string summary =
      Text(dom.substr(summary_start, dom.find("</section>", summary_start) - summary_start));
  EXPECT_NE(summary.find("Targets 1 failing 3 ok"), std::string::npos) << summary;
  EXPECT_NE(summary.find("last reload succeeded at"), std::string::npos) << summary;
}

TEST(StatusPageInBrowserTest, TargetPageShowsCertificatesAndTheProbeLog) {
  SKIP_WITHOUT_CHROMIUM();
  std::string dom = DumpDom("/status?target=" + kEnterprise);
  EXPECT_NE(dom.find("<title>" + kEnterprise + " - lyncdiscover_exporter</title>"), std::string::npos) << dom;
  auto log = dom.find("<pre class=\"log\">");
  ASSERT_NE(log, std::string::npos) << dom;
  std::string log_text = Text(dom.substr(log, dom.find("</pre>", log) - log));
  EXPECT_NE(log_text.find("step=discovery_tls reason=unknown_issuer"), std::string::npos) << log_text;
  // The Front End's certificate, issued by the enterprise CA, and its trust per store.
  std::string text = Text(dom);
  EXPECT_TRUE(std::regex_search(
      text, std::regex(R"(lyncdiscoverinternal\.enterprise-fe\.lab\.test:9443 127\.0\.\d+\.\d+)")))
      << text;
  EXPECT_NE(text.find("public: unknown_issuer"), std::string::npos);
  EXPECT_NE(text.find("enterprise: ok"), std::string::npos);

  // A browser asking for plain /status gets the page; tools keep the JSON.
  std::string status = DumpDom("/status");
  EXPECT_NE(status.find("<title>lyncdiscover_exporter status</title>"), std::string::npos);
  HttpReply json = HttpCall(BrowserEnvironment::port(), "GET", "/status");
  EXPECT_EQ(json.status, 200);
  EXPECT_EQ(json.body.rfind("{", 0), 0u) << json.body.substr(0, 200);
  HttpReply unknown = HttpCall(BrowserEnvironment::port(), "GET", "/status?target=no.such.target");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_NE(unknown.body.find("no.such.target"), std::string::npos);
}

TEST(StatusPageInBrowserTest, ScreenshotsAreKept) {
  SKIP_WITHOUT_CHROMIUM();
  std::filesystem::create_directories(LDE_ARTIFACTS_DIR);
  struct Shot {
    std::string file, path;
  } shots[] = {{"status_page.png", "/"}, {"status_page_target.png", "/status?target=" + kEnterprise}};
  for (const auto& shot : shots) {
    std::string file = std::string(LDE_ARTIFACTS_DIR) + "/" + shot.file;
    std::filesystem::remove(file);
    Chromium({"--screenshot=" + file, "--window-size=1280,2000"}, BrowserEnvironment::Url(shot.path));
    ASSERT_TRUE(std::filesystem::exists(file)) << file;
    EXPECT_TRUE(IsPng(file)) << file;
    EXPECT_GT(std::filesystem::file_size(file), 20000u) << file << " looks blank";
    std::cout << "screenshot of " << shot.path << ": " << file << std::endl;
    RecordProperty(shot.file.substr(0, shot.file.find('.')), file);
  }
}

}  // namespace
}  // namespace lde::testing

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new lde::testing::BrowserEnvironment);
  return RUN_ALL_TESTS();
}
