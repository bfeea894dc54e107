#include "integration/fault_matrix/fault_lab.h"

#include <Poco/DeflatingStream.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

namespace lde::testing {
namespace {

using namespace std::chrono_literals;

constexpr char kPlainHost[] = "fault.test";
constexpr char kManyHost[] = "many.fault.test";
constexpr char kLoopHost[] = "loop.fault.test";
// The Lync rows, each a domain <label>.fault.test of its own.
constexpr const char* kLyncLabels[] = {"healthy-lync",   "gzip-bomb",    "json-bomb",          "xml-bomb",
                                       "thirty-k-links", "auth-schemes", "redirect-link-local"};

std::string LyncHost(const std::string& label) { return "lyncdiscover." + label + ".fault.test"; }

std::string Header(const std::string& raw, const std::string& name) {
  const std::string key = "\r\n" + name + ": ";
  auto at = raw.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  return raw.substr(at, raw.find("\r\n", at) - at);
}

std::string Path(const std::string& raw) {
  auto first = raw.find(' ');
  auto second = raw.find(' ', first + 1);
  return raw.substr(first + 1, second - first - 1);
}

std::string Response(const std::string& status, const std::string& content_type, const std::string& body,
                     const std::string& extra_headers = "") {
  return "HTTP/1.1 " + status + "\r\nContent-Type: " + content_type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra_headers +
         "Connection: close\r\n\r\n" + body;
}

std::string JsonRoot(const std::string& host) {
  return R"({"_links":{"self":{"href":"https://)" + host + R"(/"},"user":{"href":"https://)" + host +
         R"(/user"},"xframe":{"href":"https://)" + host + R"(/xframe"}}})";
}

std::string XmlRoot(const std::string& host) {
  return R"(<?xml version="1.0" encoding="utf-8"?><AutodiscoverResponse AccessLocation="External"><Root>)"
         R"(<Link token="User" href="https://)" +
         host + R"(/user" /></Root></AutodiscoverResponse>)";
}

std::string OauthChallenge(const std::string& host) {
  return "MsRtcOAuth href=\"https://" + host + "/oauth\",grant_type=\"password\"";
}

// What a Lync row's server answers: the root document in either flavour,
// then the user link. Each row replaces the part it makes hostile.
struct LyncAnswers {
  std::function<std::string(const std::string& host)> json = [](const std::string& host) {
    return Response("200 OK", "application/json", JsonRoot(host));
  };
  std::function<std::string(const std::string& host)> xml = [](const std::string& host) {
    return Response("200 OK", "application/vnd.microsoft.rtc.autodiscover+xml; charset=utf-8", XmlRoot(host));
  };
  std::function<std::string(const std::string& host)> user = [](const std::string& host) {
    return Response("401 Unauthorized", "text/plain", "",
                    "WWW-Authenticate: " + OauthChallenge(host) + "\r\n");
  };
};

HttpHandler Serve(LyncAnswers answers) {
  return [answers = std::move(answers)](const std::string& raw) {
    const std::string host = Header(raw, "Host");
    if (Path(raw).starts_with("/user")) return answers.user(host);
    if (Header(raw, "Accept").find("autodiscover+xml") != std::string::npos) return answers.xml(host);
    return answers.json(host);
  };
}

// 64 MiB of zeros, gzipped (about 64 KB): harmless unless decompressed.
std::string GzipBomb() {
  std::ostringstream out;
  Poco::DeflatingOutputStream gzip(out, Poco::DeflatingStreamBuf::STREAM_GZIP, 9);
  const std::string zeros(1 << 20, '\0');
  for (int i = 0; i < 64; ++i) gzip.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
  gzip.close();
  return out.str();
}

// 30,000 links, a few bytes each.
std::string ThirtyThousandLinks(const std::string& host) {
  std::string doc = R"({"_links":{"self":{"href":"https://)" + host + R"(/"})";
  for (int i = 0; i < 30000; ++i)
    doc += ",\"l" + std::to_string(i) + "\":{\"href\":\"/" + std::to_string(i) + "\"}";
  return doc + "}}";
}

// 14,000 distinct three-letter schemes, then the MsRtcOAuth challenge: one
// header line under the client's 64 KiB header budget.
std::string FourteenThousandSchemes(const std::string& host) {
  std::string value;
  for (int i = 0; i < 14000; ++i) {
    value += static_cast<char>('a' + i / 676);
    value += static_cast<char>('a' + i / 26 % 26);
    value += static_cast<char>('a' + i % 26);
    value += ',';
  }
  return value + OauthChallenge(host);
}

std::string PlainOk(const std::string& body) { return Response("200 OK", "text/plain", body); }

}  // namespace

FaultLab::FaultLab() {
  char tmpl[] = "/tmp/lde-faults-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;

  CertSpec ca;
  ca.common_name = "Fault Root CA";
  ca.is_ca = true;
  root_ = MintSelfSigned(ca);
  ca.common_name = "Fault Issuing CA";
  intermediate_ = MintSigned(ca, root_);
  CertSpec leaf;
  leaf.common_name = kPlainHost;
  leaf.dns_names = {kPlainHost, kManyHost, kLoopHost};
  for (const char* label : kLyncLabels) leaf.dns_names.push_back(LyncHost(label));
  leaf_ = MintSigned(leaf, intermediate_);
  std::ofstream(dir_ + "/lab-root.pem") << root_.pem;

  // Healthy, beside every hostile row.
  TlsTestServerOptions healthy;
  healthy.handler = [](const std::string&) { return PlainOk("ok"); };
  AddPlain({kHealthyTarget, "", ""}, Tls(healthy));

  // Transport and TLS.
  TlsTestServerOptions behaviour;
  behaviour.behaviour = ServerBehaviour::kStallAfterAccept;
  AddPlain({"silent-accept", "tls", "timeout"}, Tls(behaviour));
  behaviour.behaviour = ServerBehaviour::kSilenceAfterServerHello;
  AddPlain({"silent-after-hello", "tls", "timeout"}, Tls(behaviour));
  behaviour.behaviour = ServerBehaviour::kResetDuringHandshake;
  AddPlain({"reset-handshake", "tls", "connect_error"}, Tls(behaviour));  // ECONNRESET
  behaviour.behaviour = ServerBehaviour::kGarbage;
  AddPlain({"plain-http-on-tls", "tls", "tls_handshake"}, Tls(behaviour));
  behaviour.behaviour = ServerBehaviour::kHandshakeBytePerSegment;
  behaviour.pace = 2ms;  // ~2.5 KB of handshake: longer than the timeout
  AddPlain({"byte-per-segment", "tls", "timeout"}, Tls(behaviour));

  // HTTP framing.
  auto streaming = [&](std::string head, std::string unit, std::chrono::microseconds pace) {
    return Tls(StreamingServer(std::move(head), std::move(unit), pace, /*tls=*/true));
  };
  AddPlain({"drip-body", "http", "timeout"},
           streaming("HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n", "x", 100ms));
  AddPlain({"chunk-extension-drip", "http", "timeout"},
           streaming("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                     "1;e=" + std::string(3996, 'a') + "\r\nx\r\n", 100ms));
  AddPlain({"endless-headers", "http", "http_protocol"},
           streaming("HTTP/1.1 200 OK\r\n", "X-Filler: yes\r\n", 100us));
  AddPlain({"huge-header-line", "http", "http_protocol"},
           streaming("HTTP/1.1 200 OK\r\nX-Huge: ", std::string(1024, 'a'), 1ms));
  AddPlain({"content-length-lies", "http", "timeout"},
           streaming("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly the start", "", 100ms));

  // DNS: 4,000 A records for one name (none listening: refused at once),
  // and a CNAME loop.
  std::vector<DnsRecord> records;
  DnsRecord many{kManyHost, {}};
  for (int i = 0; i < kManyAddresses; ++i)
    many.addresses.push_back("127.1." + std::to_string(i / 250) + "." + std::to_string(i % 250 + 1));
  records.push_back(std::move(many));
  for (const char* label : kLyncLabels) records.push_back({LyncHost(label), {"127.0.0.1"}});
  std::string dns_error;
  dnsmasq_ = DnsmasqServer::Start(records, {}, &dns_error);
  if (!dnsmasq_) throw std::runtime_error(dns_error);
  cname_loop_ = std::make_unique<CnameLoopServer>();
  const std::string any_port = std::to_string(servers_.front()->port());
  plain_.push_back({{"many-addresses", "connect", "connection_refused"},
                    "https://" + std::string(kManyHost) + ":" + any_port + "/",
                    "faults"});
  plain_.push_back({{"cname-loop", "dns", "nxdomain"},
                    "https://" + std::string(kLoopHost) + ":" + any_port + "/",
                    "loop"});

  // Certificates.
  {
    std::vector<MintedCert> cas = MintCaChain("Fault Long", 48);  // + leaf = 50 certificates
    CertSpec long_leaf;
    long_leaf.common_name = kPlainHost;
    long_leaf.dns_names = {kPlainHost};
    MintedCert minted = MintSigned(long_leaf, cas.back());
    TlsTestServerOptions options;
    options.cert_chain_pem = minted.pem;
    for (auto it = cas.rbegin(); it != cas.rend(); ++it) options.cert_chain_pem += it->pem;
    options.key_pem = minted.key_pem;
    AddPlain({"chain-50", "certificate", "chain_truncated"}, options);
    std::ofstream(dir_ + "/long-root.pem") << cas.front().pem;
  }
  {
    CertSpec big = leaf;
    for (int i = 0; i < 5000; ++i)
      big.dns_names.push_back("san-" + std::to_string(10000 + i) + ".fault.test");
    AddPlain({"san-5000", "", ""}, Tls(TlsTestServerOptions{}, MintSigned(big, intermediate_), true));
  }
  {
    TlsTestServerOptions bomb;
    bomb.tls = false;
    bomb.handler = [](const std::string&) {
      return Response("200 OK", "application/pkix-crl", std::string(2 << 20, 'J'));
    };
    servers_.push_back(std::make_unique<TlsTestServer>(bomb));
    CertSpec crl_leaf = leaf;
    crl_leaf.crl_urls = {"http://127.0.0.1:" + std::to_string(servers_.back()->port()) + "/bomb.crl"};
    AddPlain({"crl-bomb", "", ""}, Tls(TlsTestServerOptions{}, MintSigned(crl_leaf, intermediate_), true));
  }
  {
    TlsTestServerOptions junk;
    junk.tls = false;
    junk.handler = [](const std::string&) { return Response("200 OK", "application/pkix-cert", "junk"); };
    servers_.push_back(std::make_unique<TlsTestServer>(junk));
    CertSpec aia_leaf = leaf;
    aia_leaf.ca_issuer_urls = {"http://127.0.0.1:" + std::to_string(servers_.back()->port()) + "/issuer.crt"};
    // The intermediate left out: only the AIA URL could supply it, and it
    // serves junk.
    AddPlain({"aia-junk", "certificate", "unknown_issuer"},
             Tls(TlsTestServerOptions{}, MintSigned(aia_leaf, intermediate_), false));
  }

  // The Lync flow.
  AddLync({kHealthyLync, "", ""}, "healthy-lync", Serve({}));
  {
    LyncAnswers gzip;
    const std::string bomb = GzipBomb();
    gzip.json = [bomb](const std::string&) {
      return Response("200 OK", "application/json", bomb, "Content-Encoding: gzip\r\n");
    };
    AddLync({"gzip-bomb", "discovery_parse", "invalid_document"}, "gzip-bomb", Serve(gzip));
  }
  {
    LyncAnswers nested;
    nested.json = [](const std::string&) {
      return Response("200 OK", "application/json", std::string(200000, '['));
    };
    AddLync({"json-bomb", "discovery_parse", "invalid_document"}, "json-bomb", Serve(nested));
  }
  {
    LyncAnswers nested;
    nested.xml = [](const std::string&) {
      std::string doc = "<AutodiscoverResponse>";
      for (int i = 0; i < 100000; ++i) doc += "<a>";
      return Response("200 OK", "application/vnd.microsoft.rtc.autodiscover+xml", doc);
    };
    AddLync({"xml-bomb", "", ""}, "xml-bomb", Serve(nested));
  }
  {
    LyncAnswers links;
    links.json = [](const std::string& host) {
      return Response("200 OK", "application/json", ThirtyThousandLinks(host));
    };
    AddLync({"thirty-k-links", "discovery_parse", "invalid_document"}, "thirty-k-links", Serve(links));
  }
  {
    LyncAnswers schemes;
    schemes.user = [](const std::string& host) {
      return Response("401 Unauthorized", "text/plain", "",
                      "WWW-Authenticate: " + FourteenThousandSchemes(host) + "\r\n");
    };
    AddLync({"auth-schemes", "", ""}, "auth-schemes", Serve(schemes));
  }
  {
    LyncAnswers redirect;
    redirect.json = [](const std::string& host) {
      return Response("200 OK", "application/json",
                      R"({"_links":{"self":{"href":"https://)" + host +
                          R"(/"},"redirect":{"href":"https://169.254.169.254/latest/meta-data/"}}})");
    };
    AddLync({"redirect-link-local", "redirect_connect", "address_refused"}, "redirect-link-local",
            Serve(redirect));
  }
}

FaultLab::~FaultLab() {
  servers_.clear();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

TlsTestServerOptions FaultLab::Tls(TlsTestServerOptions options) const {
  return Tls(std::move(options), leaf_, true);
}

TlsTestServerOptions FaultLab::Tls(TlsTestServerOptions options, const MintedCert& leaf,
                                   bool with_intermediate) const {
  options.tls = true;
  options.cert_chain_pem = with_intermediate ? PemBundle({&leaf, &intermediate_}) : leaf.pem;
  options.key_pem = leaf.key_pem;
  return options;
}

void FaultLab::AddPlain(FaultRow row, TlsTestServerOptions options, const std::string& host,
                        const std::string& resolver) {
  servers_.push_back(std::make_unique<TlsTestServer>(std::move(options)));
  plain_.push_back(
      {std::move(row), "https://" + host + ":" + std::to_string(servers_.back()->port()) + "/", resolver});
}

void FaultLab::AddLync(FaultRow row, const std::string& label, HttpHandler handler) {
  TlsTestServerOptions options = Tls(TlsTestServerOptions{});
  options.handler = std::move(handler);
  servers_.push_back(std::make_unique<TlsTestServer>(std::move(options)));
  lync_.push_back({std::move(row), label + ".fault.test", servers_.back()->port()});
}

std::vector<std::string> FaultLab::AllTargets() const {
  std::vector<std::string> names;
  for (const auto& t : plain_) names.push_back(t.row.target);
  for (const auto& d : lync_) names.push_back(d.row.target);
  return names;
}

const FaultRow* FaultLab::Row(const std::string& target) const {
  for (const auto& t : plain_)
    if (t.row.target == target) return &t.row;
  for (const auto& d : lync_)
    if (d.row.target == target) return &d.row;
  return nullptr;
}

bool FaultLab::IsLync(const std::string& target) const {
  for (const auto& d : lync_)
    if (d.row.target == target) return true;
  return false;
}

std::string FaultLab::WriteConfig(const std::string& file_name) const {
  std::string text = "global: {interval: " + std::to_string(kInterval.count()) +
                     "s, timeout: " + std::to_string(kTimeout.count()) +
                     "s, concurrency: 64, max_body_bytes: 2097152}\n"
                     "trust_stores:\n"
                     "  lab: {system: false, ca_files: [" +
                     dir_ +
                     "/lab-root.pem]}\n"
                     "  long: {system: false, ca_files: [" +
                     dir_ +
                     "/long-root.pem]}\n"
                     "resolvers:\n"
                     "  faults: {servers: [\"127.0.0.1:" +
                     std::to_string(dnsmasq_->port()) +
                     "\"]}\n"
                     "  loop: {servers: [\"127.0.0.1:" +
                     std::to_string(cname_loop_->port()) +
                     "\"]}\n"
                     "profiles:\n"
                     "  " +
                     std::string(kPhoneProfile) +
                     ": {trust_stores: [lab]}\n"
                     "targets:\n";
  for (const auto& t : plain_) {
    const bool long_chain = t.row.target == "chain-50";
    text += "  - {name: " + t.row.target + ", url: \"" + t.url + "\"" +
            (t.resolver.empty() ? ", server_name: fault.test" : ", resolver: " + t.resolver) +
            ", trust_stores: [" + (long_chain ? "long" : "lab") + "]}\n";
  }
  text += "deployments:\n";
  for (const auto& d : lync_) {
    text += "  - {domain: " + d.domain + ", name: " + d.row.target +
            ", external: {resolver: faults, port: " + std::to_string(d.port) +
            "}, trust_stores: [lab], profiles: [" + kPhoneProfile + "]}\n";
  }
  const std::string path = dir_ + "/" + file_name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace lde::testing
