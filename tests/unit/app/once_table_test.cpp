// RenderOnceTable over hand-built results. The table is read back by column
// positions taken from its header line, which also checks the alignment.
#include "app/once_table.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace lde::app {
namespace {

using std::chrono::days;
using std::chrono::hours;
using Results = std::vector<std::shared_ptr<const model::ProbeResult>>;
using Cells = std::map<std::string, std::string>;

const SysTime kNow = SysTime() + days(20000);

// One table: the header line, then rows until an empty line or the end.
struct Table {
  std::vector<std::string> columns;
  std::vector<Cells> rows;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string TrimRight(std::string s) {
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}

// Reads the table whose header starts at lines[first].
Table ReadTable(const std::vector<std::string>& lines, std::size_t first) {
  Table table;
  const std::string& header = lines.at(first);
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] != ' ' && (i == 0 || header[i - 1] == ' ')) {
      starts.push_back(i);
      std::size_t end = header.find(' ', i);
      table.columns.push_back(header.substr(i, end == std::string::npos ? std::string::npos : end - i));
    }
  }
  for (std::size_t l = first + 1; l < lines.size() && !lines[l].empty(); ++l) {
    Cells cells;
    for (std::size_t c = 0; c < starts.size(); ++c) {
      const std::string& line = lines[l];
      std::string cell;
      if (starts[c] < line.size()) {
        std::size_t len = c + 1 < starts.size() ? starts[c + 1] - starts[c] : std::string::npos;
        cell = line.substr(starts[c], len);
        // A cell never runs into the next column: two spaces separate them.
        if (c + 1 < starts.size() && starts[c + 1] <= line.size()) {
          EXPECT_EQ(line.substr(starts[c + 1] - 2, 2), "  ") << line;
        }
      }
      cells[table.columns[c]] = TrimRight(cell);
    }
    table.rows.push_back(cells);
  }
  return table;
}

std::size_t FindLine(const std::vector<std::string>& lines, const std::string& text) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i] == text) return i;
  }
  return std::string::npos;
}

model::CertFacts Leaf(SysTime not_after) {
  model::CertFacts leaf;
  leaf.subject = "CN=a.contoso.test";
  leaf.not_after = not_after;
  return leaf;
}

model::ChainReport Chain(std::vector<model::CertFacts> certs, std::vector<model::TrustVerdict> trust,
                         bool hostname, bool complete, bool ordered) {
  model::ChainReport chain;
  chain.certs.assign(certs.begin(), certs.end());
  chain.trust = std::move(trust);
  chain.hostname_match = hostname;
  chain.complete = complete;
  chain.ordered = ordered;
  return chain;
}

model::EndpointReport Endpoint(std::string host, std::string address,
                               std::optional<model::ChainReport> chain) {
  model::EndpointReport e;
  e.endpoint = model::Endpoint{std::move(host), std::move(address), 443};
  e.chain = std::move(chain);
  return e;
}

std::shared_ptr<const model::ProbeResult> TlsOk() {
  auto r = std::make_shared<model::ProbeResult>();
  r->target = "tls-ok";
  r->kind = "tls";
  r->success = true;
  r->endpoints.push_back(Endpoint("a.contoso.test", "192.0.2.1",
                                  Chain({Leaf(kNow + days(10) + hours(12)), Leaf(kNow + days(1000))},
                                        {{"public", model::TrustReason::kOk, 0, ""},
                                         {"corp", model::TrustReason::kUnknownIssuer, 20, ""}},
                                        true, true, true)));
  return r;
}

std::shared_ptr<const model::ProbeResult> DnsFail() {
  auto r = std::make_shared<model::ProbeResult>();
  r->target = "dns-fail";
  r->kind = "https";
  r->failure = model::StepFailure{model::Step::kDns, model::Reason::kNxdomain, "no such name"};
  return r;
}

std::shared_ptr<const model::ProbeResult> Lync() {
  auto r = std::make_shared<model::ProbeResult>();
  r->target = "contoso.test";
  r->kind = "lync";
  auto expired = Endpoint(
      "lyncdiscover.contoso.test", "2001:db8::1",
      Chain({Leaf(kNow - days(2))}, {{"public", model::TrustReason::kExpired, 10, ""}}, false, false, false));
  expired.role = model::Role::kDiscoveryExternal;
  expired.network = model::Network::kExternal;
  r->endpoints.push_back(expired);
  auto refused = Endpoint("web.contoso.test", "192.0.2.7", std::nullopt);
  refused.role = model::Role::kWebExternal;
  refused.network = model::Network::kExternal;
  refused.failure = model::StepFailure{model::Step::kConnect, model::Reason::kConnectionRefused, "refused"};
  r->endpoints.push_back(refused);
  model::NetworkReport external;
  external.network = model::Network::kExternal;
  external.verdicts.push_back({"modern", false,
                               model::StepFailure{model::Step::kDiscoveryTls, model::Reason::kExpired,
                                                  "lyncdiscover.contoso.test: public: expired"}});
  external.verdicts.push_back({"legacy", true, std::nullopt});
  r->networks.push_back(external);
  return r;
}

TEST(RenderOnceTableTest, EndpointRows) {
  std::string out = RenderOnceTable({TlsOk(), DnsFail(), Lync()}, kNow);
  auto lines = Lines(out);
  auto table = ReadTable(lines, 0);
  EXPECT_EQ(table.columns, (std::vector<std::string>{"TARGET", "ROLE", "ENDPOINT", "ADDRESS", "DAYS_LEFT",
                                                     "TRUST", "HOSTNAME", "CHAIN", "RESULT"}));
  ASSERT_EQ(table.rows.size(), 4u) << out;
  EXPECT_EQ(table.rows[0], (Cells{{"TARGET", "tls-ok"},
                                  {"ROLE", ""},
                                  {"ENDPOINT", "a.contoso.test:443"},
                                  {"ADDRESS", "192.0.2.1"},
                                  {"DAYS_LEFT", "10.5"},
                                  {"TRUST", "public=ok corp=unknown_issuer"},
                                  {"HOSTNAME", "ok"},
                                  {"CHAIN", "complete"},
                                  {"RESULT", "ok"}}));
  EXPECT_EQ(table.rows[1], (Cells{{"TARGET", "dns-fail"},
                                  {"ROLE", ""},
                                  {"ENDPOINT", ""},
                                  {"ADDRESS", ""},
                                  {"DAYS_LEFT", "-"},
                                  {"TRUST", "-"},
                                  {"HOSTNAME", "-"},
                                  {"CHAIN", "-"},
                                  {"RESULT", "FAIL dns:nxdomain"}}));
  EXPECT_EQ(table.rows[2], (Cells{{"TARGET", "contoso.test"},
                                  {"ROLE", "external/discovery_external"},
                                  {"ENDPOINT", "lyncdiscover.contoso.test:443"},
                                  {"ADDRESS", "2001:db8::1"},
                                  {"DAYS_LEFT", "-2.0"},
                                  {"TRUST", "public=expired"},
                                  {"HOSTNAME", "mismatch"},
                                  {"CHAIN", "incomplete,unordered"},
                                  {"RESULT", "WARN untrusted:expired,hostname_mismatch"}}));
  EXPECT_EQ(table.rows[3], (Cells{{"TARGET", "contoso.test"},
                                  {"ROLE", "external/web_external"},
                                  {"ENDPOINT", "web.contoso.test:443"},
                                  {"ADDRESS", "192.0.2.7"},
                                  {"DAYS_LEFT", "-"},
                                  {"TRUST", "-"},
                                  {"HOSTNAME", "-"},
                                  {"CHAIN", "-"},
                                  {"RESULT", "FAIL connect:connection_refused"}}));
}

// A Lync endpoint every store trusts but that breaks a policy is not "ok".
TEST(RenderOnceTableTest, LyncEndpointResultNamesPolicyViolations) {
  auto r = std::make_shared<model::ProbeResult>(*Lync());
  auto& e = r->endpoints[0];
  e.chain = Chain({Leaf(kNow + days(30))}, {{"public", model::TrustReason::kOk, 0, ""}}, true, true, true);
  e.policy_violations = {{"default", 1, model::PolicyRule::kRejectSha1, "SHA-1"}};
  auto table = ReadTable(Lines(RenderOnceTable({r}, kNow)), 0);
  EXPECT_EQ(table.rows.at(0).at("RESULT"), "WARN reject_sha1@1");
  e.policy_violations.clear();
  table = ReadTable(Lines(RenderOnceTable({r}, kNow)), 0);
  EXPECT_EQ(table.rows.at(0).at("RESULT"), "ok");
}

// A narrow terminal: every line fits, the widest cells are cut with "~",
// short columns stay whole; wide mode (0) keeps everything.
TEST(RenderOnceTableTest, FitsTheTerminalWidth) {
  auto r = std::make_shared<model::ProbeResult>(*Lync());
  r->networks[0].verdicts[0].failure->detail = std::string(300, 'd');
  const Results results{TlsOk(), DnsFail(), r};
  const std::string wide = RenderOnceTable(results, kNow, 0);
  std::size_t longest = 0;
  for (const auto& line : Lines(wide)) longest = std::max(longest, line.size());
  EXPECT_GT(longest, 300u);
  const std::string narrow = RenderOnceTable(results, kNow, 100);
  for (const auto& line : Lines(narrow)) EXPECT_LE(line.size(), 100u) << line;
  auto lines = Lines(narrow);
  auto endpoints = ReadTable(lines, 0);
  EXPECT_EQ(endpoints.rows.at(1).at("TARGET"), "dns-fail");
  std::size_t matrix = FindLine(lines, "Mobile sign-in readiness:");
  ASSERT_NE(matrix, std::string::npos) << narrow;
  auto readiness = ReadTable(lines, matrix + 1);
  EXPECT_EQ(readiness.rows.at(0).at("READY"), "NO");
  const std::string& detail = readiness.rows.at(0).at("DETAIL");
  EXPECT_EQ(detail.back(), '~') << detail;
  EXPECT_EQ(detail.substr(0, 10), std::string(10, 'd'));
}

TEST(RenderOnceTableTest, ReadinessMatrix) {
  std::string out = RenderOnceTable({TlsOk(), DnsFail(), Lync()}, kNow);
  auto lines = Lines(out);
  std::size_t title = FindLine(lines, "Mobile sign-in readiness:");
  ASSERT_NE(title, std::string::npos) << out;
  EXPECT_EQ(lines.at(title - 1), "");
  auto matrix = ReadTable(lines, title + 1);
  EXPECT_EQ(matrix.columns, (std::vector<std::string>{"TARGET", "NETWORK", "PROFILE", "READY", "FAILING_STEP",
                                                      "REASON", "DETAIL"}));
  ASSERT_EQ(matrix.rows.size(), 2u) << out;
  EXPECT_EQ(matrix.rows[0], (Cells{{"TARGET", "contoso.test"},
                                   {"NETWORK", "external"},
                                   {"PROFILE", "modern"},
                                   {"READY", "NO"},
                                   {"FAILING_STEP", "discovery_tls"},
                                   {"REASON", "expired"},
                                   {"DETAIL", "lyncdiscover.contoso.test: public: expired"}}));
  EXPECT_EQ(matrix.rows[1], (Cells{{"TARGET", "contoso.test"},
                                   {"NETWORK", "external"},
                                   {"PROFILE", "legacy"},
                                   {"READY", "yes"},
                                   {"FAILING_STEP", ""},
                                   {"REASON", ""},
                                   {"DETAIL", ""}}));
}

TEST(RenderOnceTableTest, ClosingCountLine) {
  auto lines = Lines(RenderOnceTable({TlsOk(), DnsFail(), Lync()}, kNow));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines.back(), "1 probes succeeded, 2 failed");
  EXPECT_EQ(lines[lines.size() - 2], "");
}

TEST(RenderOnceTableTest, NoMatrixWithoutNetworks) {
  std::string out = RenderOnceTable({TlsOk(), DnsFail()}, kNow);
  EXPECT_EQ(out.find("readiness"), std::string::npos) << out;
  EXPECT_EQ(out.find("PROFILE"), std::string::npos) << out;
  auto lines = Lines(out);
  EXPECT_EQ(ReadTable(lines, 0).rows.size(), 2u);
  EXPECT_EQ(lines.back(), "1 probes succeeded, 1 failed");
}

TEST(RenderOnceTableTest, NoMatrixForNetworksWithoutVerdicts) {
  auto r = std::make_shared<model::ProbeResult>(*Lync());
  r->networks.front().verdicts.clear();
  std::string out = RenderOnceTable({r}, kNow);
  EXPECT_EQ(out.find("readiness"), std::string::npos) << out;
}

TEST(RenderOnceTableTest, NoResults) {
  EXPECT_EQ(RenderOnceTable({}, kNow),
            "TARGET  ROLE  ENDPOINT  ADDRESS  DAYS_LEFT  TRUST  HOSTNAME  CHAIN  RESULT\n"
            "\n"
            "0 probes succeeded, 0 failed\n");
}

TEST(RenderOnceTableTest, DaysLeftFollowsNowAndUsesTheLeaf) {
  struct Case {
    SysTime now;
    const char* days;
  } cases[] = {
      {kNow, "10.5"},
      {kNow + days(10), "0.5"},
      {kNow + days(10) + hours(12), "0.0"},
      {kNow + days(12), "-1.5"},
      {kNow - days(90), "100.5"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.days);
    auto table = ReadTable(Lines(RenderOnceTable({TlsOk()}, c.now)), 0);
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(table.rows[0]["DAYS_LEFT"], c.days);
  }
}

TEST(RenderOnceTableTest, ChainWithoutCertificatesOrVerdicts) {
  auto r = std::make_shared<model::ProbeResult>();
  r->target = "empty-chain";
  r->success = true;
  r->endpoints.push_back(Endpoint("b.contoso.test", "192.0.2.2", Chain({}, {}, true, true, false)));
  auto table = ReadTable(Lines(RenderOnceTable({r}, kNow)), 0);
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0]["DAYS_LEFT"], "-");
  EXPECT_EQ(table.rows[0]["TRUST"], "-");
  EXPECT_EQ(table.rows[0]["CHAIN"], "complete,unordered");
}

TEST(RenderOnceTableTest, TargetFailureWithEndpointsShowsTheEndpointsOnly) {
  auto r = std::make_shared<model::ProbeResult>(*TlsOk());
  r->success = false;
  r->failure = model::StepFailure{model::Step::kTls, model::Reason::kExpired, "x"};
  auto lines = Lines(RenderOnceTable({r}, kNow));
  auto table = ReadTable(lines, 0);
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0]["ENDPOINT"], "a.contoso.test:443");
  EXPECT_EQ(lines.back(), "0 probes succeeded, 1 failed");
}

}  // namespace
}  // namespace lde::app
