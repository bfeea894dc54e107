#include "probe/lync_flow.h"

#include <map>

#include "discovery/document_parser.h"
#include "discovery/http_leg.h"
#include "discovery/oauth_challenge.h"
#include "discovery/url.h"
#include "model/budgets.h"
#include "probe/endpoint_check.h"
#include "probe/http_fetch.h"
#include "probe/http_leg_policy.h"
#include "probe/lookup.h"
#include "probe/ucwa_signin.h"

namespace lde::probe {
namespace {

// UCWA clients ask for JSON; Lync 2013 desktop and MS-OCDISCWS clients for
// this XML type. Both must work (reference/lync-discovery.md section 2.3).
constexpr const char* kAcceptJson = "application/json";
constexpr const char* kAcceptXml = "application/vnd.microsoft.rtc.autodiscover+xml;v=1";
// 10, the bound Microsoft's own monitor uses.
constexpr int kMaxRedirects = static_cast<int>(model::budget::kRedirects.value);

struct Fetch {
  Hop hop;
  std::optional<model::HttpObservation> http;
  std::string address;  // the server's address ("" when DNS failed): the source of the links it names
};

class Walk {
 public:
  Walk(const config::DeploymentConfig& deployment, model::Network network, const StoreList& stores,
       const ProbeEnv& env, const Deadline& deadline, model::ProbeResult& result)
      : deployment_(deployment),
        network_(network),
        stores_(stores),
        env_(env),
        deadline_(deadline),
        result_(result) {
    const auto& net = network_ == model::Network::kInternal ? deployment.internal : deployment.external;
    resolver_ = net.resolver;
    port_ = net.port;
    http_port_ = net.http_port;
    obs_.report.network = network_;
  }

  NetworkObservation Run() {
    auto document = Discover();
    if (document) FollowUserLink(*document);
    SignInIfConfigured();
    ObserveHttpLegs();
    return std::move(obs_);
  }

 private:
  std::string RootTarget() const {
    std::string target = "/";
    if (!deployment_.sip_uri.empty()) target += "?sipuri=" + deployment_.sip_uri;
    return target;
  }

  void RecordDns(const model::DnsOutcome& dns) {
    for (const auto& known : result_.dns) {
      if (known.host == dns.host && known.resolver == dns.resolver) return;
    }
    result_.dns.push_back(dns);
  }

  // Resolve, connect to the first address, handshake, optional GET; then
  // the same on every other address of the name (when judging: the XML
  // flavour is an observation of the first node only).
  // `named_by`: the address of the server whose answer named `url` (nullopt
  // for the discovery names, which come from the config); a server may not
  // send the probe to link-local, metadata or (unless itself on loopback)
  // loopback addresses.
  Fetch FetchUrl(model::Stage stage, model::Role role, const discovery::Url& url,
                 const std::optional<std::string>& named_by, const char* accept, bool judge_chain = true) {
    Fetch fetch;
    fetch.hop.stage = stage;
    fetch.hop.host = url.host;
    auto dns = Lookup(env_, resolver_, url.host, deadline_);
    RecordDns(dns);
    if (!dns.success) {
      fetch.hop.failure = model::StepFailure{model::LyncStep(stage, model::Step::kDns), dns.failure->reason,
                                             url.host + ": " + dns.failure->detail};
      fetch.hop.fallback = true;
      return fetch;
    }
    EndpointCheckSpec spec = UrlCheckSpec(url, dns.addresses.front(), role, stores_, resolver_, named_by);
    spec.judge_chain = judge_chain;
    fetch.address = spec.endpoint.address;
    if (accept != nullptr) {
      http_client::HttpRequest request;
      request.host_header = http_client::HostHeader(url.host, url.port, spec.use_tls);
      request.target = url.path_and_query;
      request.headers.emplace_back("Accept", accept);
      spec.request = request;
    }
    auto report = CheckEndpoint(spec, env_, deadline_);
    report.network = network_;
    if (report.http) fetch.http = *report.http;  // the report keeps its own
    if (report.failure) {
      fetch.hop.failure =
          model::StepFailure{model::LyncStep(stage, report.failure->step), report.failure->reason,
                             url.host + ": " + report.failure->detail};
      fetch.hop.fallback = true;
    }
    fetch.hop.endpoint = Record(role, url.port, std::move(report));
    if (!judge_chain) return fetch;
    for (std::size_t i = 1; i < dns.addresses.size(); ++i) {
      EndpointCheckSpec node = spec;
      node.endpoint.address = dns.addresses[i];
      auto node_report = CheckEndpoint(node, env_, deadline_);
      node_report.network = network_;
      fetch.hop.nodes.push_back(Record(role, url.port, std::move(node_report)));
    }
    return fetch;
  }

  // The index of `report` in result_.endpoints: one report per (role,
  // address, port) and network, so a redirect loop or a second request to
  // the same server does not duplicate metric series (the first is kept).
  std::size_t Record(model::Role role, std::uint16_t port, model::EndpointReport report) {
    auto [seen, added] =
        seen_.try_emplace(SeenKey(role, report.endpoint.address, port), result_.endpoints.size());
    if (added) result_.endpoints.push_back(std::move(report));
    return seen->second;
  }

  static std::string SeenKey(model::Role role, const std::string& address, std::uint16_t port) {
    return std::string(model::RoleName(role)) + "|" + address + "|" + std::to_string(port);
  }

  void Fail(model::Step step, model::Reason reason, std::string detail) {
    obs_.hops.back().failure = model::StepFailure{step, reason, std::move(detail)};
    obs_.hops.back().fallback = false;
  }

  static model::Reason ParseReason(const model::HttpObservation& http) {
    auto type = http.Header("Content-Type").value_or("");
    // A reverse proxy's forms login or a captive portal answers 200 HTML.
    return type.rfind("text/html", 0) == 0 ? model::Reason::kHtmlPage : model::Reason::kInvalidDocument;
  }

  std::vector<std::string> DiscoveryNames() const {
    std::vector<std::string> names;
    if (network_ == model::Network::kInternal) names.push_back("lyncdiscoverinternal." + deployment_.domain);
    names.push_back("lyncdiscover." + deployment_.domain);
    return names;
  }

  // The plain-HTTP leg of every discovery name (MS-OCDISCWS 3.1.5.2; the
  // reverse proxy's port 80 bridged to the pool): reported whatever HTTPS
  // did. A name whose leg the walk asked is not asked again.
  void ObserveHttpLegs() {
    for (const auto& name : DiscoveryNames()) {
      auto asked = legs_asked_.find(name);
      obs_.report.http_legs.push_back(asked != legs_asked_.end() ? asked->second.report
                                                                 : AskHttpLeg(name).report);
    }
  }

  struct LegAnswer {
    model::HttpLegReport report;
    std::optional<model::HttpObservation> http;  // the answer, when there was one
  };

  LegAnswer AskHttpLeg(const std::string& name) {
    const std::string text = HttpLegUrl(name).ToString();
    LegAnswer answer;
    auto http = HttpGet(text, kAcceptJson, resolver_, env_.config->global.max_body_bytes, env_, deadline_);
    if (!http.ok()) {
      answer.report.host = name;
      answer.report.detail = http.error().detail;
      return answer;
    }
    answer.report = discovery::ClassifyHttpLeg(name, http.value(), text);
    answer.http = std::move(http).value();
    return answer;
  }

  discovery::Url HttpLegUrl(const std::string& name) const {
    return discovery::Url{"http", name, http_port_, RootTarget()};
  }

  // The phone's move when a name's HTTPS root failed without a certificate
  // rejection (those are judged per profile: lync_verdict.cpp): the same
  // name over plain HTTP. `server` is the name's address (the HTTPS hop's:
  // same name, same resolver), the source of the links its answer names.
  // Returns false when the leg leads nowhere a phone can use: the name then
  // fails as its HTTPS did, and no hop is added. Else the leg is a hop
  // (http_leg) and `document` is where following it ended.
  bool FollowHttpLeg(const std::string& name, model::Role role, const std::string& server,
                     std::optional<model::DiscoveryDocument>& document) {
    LegAnswer answer = AskHttpLeg(name);
    legs_asked_[name] = answer;
    const model::HttpLeg leads_to = answer.report.leads_to;
    if (!HttpLegLeadsOn(leads_to)) return false;
    Hop hop;
    hop.stage = model::Stage::kDiscovery;
    hop.host = name;
    hop.http_leg = true;
    obs_.hops.push_back(std::move(hop));
    leg_ = model::DiscoveryLeg::kHttp;
    const discovery::Url url = HttpLegUrl(name);
    discovery::RedirectTracker tracker(kMaxRedirects);
    (void)tracker.Visit(url.ToString());
    if (leads_to != model::HttpLeg::kHttpsRedirect) {
      // A Redirect document (followed only into the SIP domain: it came
      // over http) or a document of its own, used as it is.
      document = ReadDocument(name, role, url, *answer.http, server, std::nullopt, tracker);
      return true;
    }
    // The full Location, not the report's (cut to the label budget).
    auto next = discovery::ParseUrl(answer.http->Header("Location").value_or(""));
    if (!next.ok()) {
      Fail(model::Step::kDiscoveryRedirect, model::Reason::kInvalidDocument,
           "bad Location: " + next.error().detail);
      return true;
    }
    auto fetch = FollowRedirect(role, url, next.value(), server, tracker);
    if (fetch)
      document = ReadDocument(name, role, next.value(), *fetch->http, fetch->address, server, tracker);
    return true;
  }

  std::optional<model::DiscoveryDocument> Discover() {
    for (const auto& name : DiscoveryNames()) {
      model::Role role = name.rfind("lyncdiscoverinternal.", 0) == 0 ? model::Role::kDiscoveryInternal
                                                                     : model::Role::kDiscoveryExternal;
      discovery::Url url{"https", name, port_, RootTarget()};
      Fetch fetch = FetchUrl(model::Stage::kDiscovery, role, url, std::nullopt, kAcceptJson);
      obs_.hops.push_back(fetch.hop);
      const std::size_t https_hop = obs_.hops.size() - 1;
      leg_ = model::DiscoveryLeg::kHttps;
      if (!fetch.hop.failure) {
        if (fetch.http->status != 200) {
          obs_.hops.back().failure =
              model::StepFailure{model::Step::kDiscoveryHttp, model::Reason::kHttpStatus,
                                 name + " answered " + std::to_string(fetch.http->status)};
          obs_.hops.back().fallback = true;
          // A server that refuses the JSON Accept (a proxy's 406) may still
          // serve the XML flavour: "serves only XML" is not "dead".
          CheckXmlFlavour(role, url, std::nullopt);
        } else {
          discovery::RedirectTracker tracker(kMaxRedirects);
          (void)tracker.Visit(url.ToString());
          auto document = ReadDocument(name, role, url, *fetch.http, fetch.address, std::nullopt, tracker);
          // Only a root that is no document ends the walk here short of the
          // plain-HTTP leg: a redirect the root named is the phone's way on.
          const bool root_unparsable = obs_.hops.size() - 1 == https_hop && obs_.hops[https_hop].failure &&
                                       obs_.hops[https_hop].failure->step == model::Step::kDiscoveryParse;
          if (document || !root_unparsable) return document;
        }
      }
      std::optional<model::DiscoveryDocument> document;
      if (TriesHttpLeg(obs_.hops[https_hop]) && FollowHttpLeg(name, role, fetch.address, document))
        return document;
      if (!obs_.hops[https_hop].fallback) return std::nullopt;
    }
    return std::nullopt;
  }

  // Parses the answer from `url` (served by `served_by`, named by `named_by`:
  // nobody for a root) and follows redirect links to the final document;
  // document_server_ is then the address that served it. `tracker` has
  // visited `url`.
  std::optional<model::DiscoveryDocument> ReadDocument(const std::string& name, model::Role role,
                                                       discovery::Url url, model::HttpObservation http,
                                                       std::string served_by,
                                                       std::optional<std::string> named_by,
                                                       discovery::RedirectTracker& tracker) {
    for (;;) {
      auto document = discovery::ParseDiscoveryDocument(http.body, http.Header("Content-Type").value_or(""),
                                                        url.ToString());
      if (!document.ok()) {
        Fail(model::Step::kDiscoveryParse, ParseReason(http), url.host + ": " + document.error().detail);
        CheckXmlFlavour(role, url, named_by);  // observed whatever JSON did
        return std::nullopt;
      }
      if (!document.value().IsRedirect()) {
        obs_.report.discovery_success = true;
        obs_.report.discovery_host = name;
        obs_.report.links = document.value().links;
        CheckXmlFlavour(role, url, named_by);
        document_server_ = served_by;
        obs_.document_hop = obs_.hops.size() - 1;
        obs_.report.discovery_leg = leg_;
        return std::move(document).value();
      }
      auto next = discovery::ParseUrl(*document.value().Link("redirect"));
      if (!next.ok()) {
        Fail(model::Step::kDiscoveryRedirect, model::Reason::kInvalidDocument,
             "bad redirect href: " + next.error().detail);
        return std::nullopt;
      }
      auto fetch = FollowRedirect(role, url, next.value(), served_by, tracker);
      if (!fetch) return std::nullopt;
      url = next.value();
      http = *fetch->http;
      named_by = std::move(served_by);
      served_by = fetch->address;
    }
  }

  // One redirect from `from` (served by `served_by`) to `next`, taken as a
  // phone takes it: only into the SIP domain when `from` came over http
  // (MS-OCDISCWS: a client must not follow it elsewhere), never in a loop
  // or past the budget, and answering 200. nullopt once the failure is
  // recorded on the hops.
  std::optional<Fetch> FollowRedirect(model::Role role, const discovery::Url& from,
                                      const discovery::Url& next, const std::string& served_by,
                                      discovery::RedirectTracker& tracker) {
    if (!discovery::RedirectAllowed(from, next, deployment_.domain)) {
      Fail(model::Step::kDiscoveryRedirect, model::Reason::kRedirectNotAllowed,
           "redirect over http to " + next.host + ", outside " + deployment_.domain);
      return std::nullopt;
    }
    if (auto visit = tracker.Visit(next.ToString()); !visit.ok()) {
      Fail(model::Step::kDiscoveryRedirect, model::ReasonOf(visit.error().kind), visit.error().detail);
      return std::nullopt;
    }
    Fetch fetch = FetchUrl(model::Stage::kRedirect, role, next, served_by, kAcceptJson);
    fetch.hop.fallback = false;  // past the first answer, there is no next name to try
    obs_.hops.push_back(fetch.hop);
    if (fetch.hop.failure) return std::nullopt;
    if (fetch.http->status != 200) {
      Fail(model::Step::kRedirectHttp, model::Reason::kHttpStatus,
           next.host + " answered " + std::to_string(fetch.http->status));
      return std::nullopt;
    }
    return fetch;
  }

  // The same document in the MS-OCDISCWS XML flavour, recorded only: a phone
  // uses JSON, but Lync desktop clients and older tools read XML. Asked of
  // the final document's URL, and of every URL whose JSON answer was not a
  // document (refused or unparsable), so the last URL asked is reported.
  void CheckXmlFlavour(model::Role role, const discovery::Url& url,
                       const std::optional<std::string>& named_by) {
    // The same server was judged for the JSON request: observe only.
    Fetch fetch = FetchUrl(model::Stage::kDiscovery, role, url, named_by, kAcceptXml, /*judge_chain=*/false);
    bool ok = false;
    if (!fetch.hop.failure && fetch.http && fetch.http->status == 200) {
      ok = discovery::ParseDiscoveryDocument(fetch.http->body,
                                             fetch.http->Header("Content-Type").value_or(""), url.ToString())
               .ok();
    }
    obs_.report.xml_discovery_success = ok;
  }

  void FollowUserLink(const model::DiscoveryDocument& document) {
    auto href = document.Link("user");
    if (!href) {
      Fail(model::Step::kDiscoveryParse, model::Reason::kNoUserLink,
           "the discovery document has no user link");
      return;
    }
    auto url = discovery::ParseUrl(*href);
    if (!url.ok()) {
      Fail(model::Step::kDiscoveryParse, model::Reason::kInvalidDocument,
           "bad user href: " + url.error().detail);
      return;
    }
    Fetch fetch =
        FetchUrl(model::Stage::kWeb, model::Role::kWebExternal, url.value(), document_server_, kAcceptJson);
    fetch.hop.fallback = false;
    obs_.hops.push_back(fetch.hop);
    if (fetch.hop.failure) return;
    auto challenge = discovery::ParseWwwAuthenticate(fetch.http->HeaderValues("WWW-Authenticate"));
    obs_.report.auth_schemes = challenge.schemes;
    obs_.report.auth_schemes_dropped = challenge.schemes_dropped;
    if (fetch.http->status != 401) {
      // 200 HTML here is a reverse proxy's forms login in front of the web services.
      bool login_page = fetch.http->status == 200 && ParseReason(*fetch.http) == model::Reason::kHtmlPage;
      Fail(model::Step::kWebHttp, login_page ? model::Reason::kHtmlPage : model::Reason::kHttpStatus,
           url.value().host + " answered " + std::to_string(fetch.http->status) +
               " to the anonymous user request");
      return;
    }
    if (!challenge.present) {
      std::string offered;
      for (const auto& s : challenge.schemes) offered += (offered.empty() ? "" : ", ") + s;
      Fail(model::Step::kOAuthChallenge, model::Reason::kMissing,
           "401 without MsRtcOAuth; offered: " + (offered.empty() ? "none" : offered));
      return;
    }
    obs_.report.oauth_challenge = true;
    obs_.report.oauth_href = challenge.href;
    user_url_ = url.value();
    web_server_ = fetch.address;
    CheckOAuthHost(url.value(), challenge.href, fetch.hop, fetch.address);
  }

  // The token endpoint is the phone's next stop: its certificate matters too.
  // `web_server`: the address that sent the challenge, the source of `href`.
  void CheckOAuthHost(const discovery::Url& user_url, const std::string& href, const Hop& web_hop,
                      const std::string& web_server) {
    auto url = discovery::ParseUrl(href);
    if (!url.ok()) {
      obs_.hops.push_back(Hop{
          model::Stage::kOAuth, href, std::nullopt,
          model::StepFailure{model::Step::kOAuthChallenge, model::Reason::kInvalidHref, url.error().detail},
          false});
      return;
    }
    if (url.value().host == user_url.host && url.value().port == user_url.port) {
      obs_.hops.push_back(Hop{model::Stage::kOAuth, url.value().host, web_hop.endpoint, std::nullopt, false});
      return;
    }
    Fetch fetch = FetchUrl(model::Stage::kOAuth, model::Role::kOAuth, url.value(), web_server, nullptr);
    fetch.hop.fallback = false;
    obs_.hops.push_back(fetch.hop);
  }

  // A deployment with `auth` goes on as a phone does (probe/ucwa_signin.h);
  // a walk that ended before the challenge fails the sign-in's first step.
  void SignInIfConfigured() {
    if (!deployment_.auth) return;
    if (!user_url_) {
      obs_.report.signin = model::UcwaSignin{false,
                                             model::UcwaStep::kToken,
                                             model::Reason::kMissing,
                                             "the walk ended before the OAuth challenge",
                                             {}};
      return;
    }
    SigninStart start{&*deployment_.auth,     deployment_.domain, network_,    resolver_,
                      obs_.report.oauth_href, *user_url_,         web_server_, document_server_};
    SigninRecorder recorder;
    recorder.dns = [this](const model::DnsOutcome& dns) { RecordDns(dns); };
    recorder.endpoint = [this](model::Role role, std::uint16_t port, model::EndpointReport report) {
      return Record(role, port, std::move(report));
    };
    recorder.seen = [this](model::Role role, const std::string& address, std::uint16_t port) {
      return seen_.contains(SeenKey(role, address, port));
    };
    auto signin = SignIn(start, stores_, env_, deadline_, recorder);
    obs_.report.signin = std::move(signin.report);
    for (auto& hop : signin.hops) obs_.hops.push_back(std::move(hop));
  }

  const config::DeploymentConfig& deployment_;
  model::Network network_;
  const StoreList& stores_;
  const ProbeEnv& env_;
  const Deadline& deadline_;
  model::ProbeResult& result_;
  std::string resolver_;
  std::uint16_t port_ = 443;
  std::uint16_t http_port_ = 80;
  NetworkObservation obs_;
  std::map<std::string, std::size_t> seen_;
  std::string document_server_;  // the address that served the final discovery document
  model::DiscoveryLeg leg_ = model::DiscoveryLeg::kHttps;  // of the name being walked
  std::map<std::string, LegAnswer> legs_asked_;            // plain-HTTP legs the walk asked, by name
  std::optional<discovery::Url> user_url_;                 // the user link that sent the MsRtcOAuth challenge
  std::string web_server_;                                 // the address that sent it
};

}  // namespace

NetworkObservation ObserveNetwork(const config::DeploymentConfig& deployment, model::Network network,
                                  const StoreList& stores, const ProbeEnv& env, const Deadline& deadline,
                                  model::ProbeResult& result) {
  return Walk(deployment, network, stores, env, deadline, result).Run();
}

}  // namespace lde::probe
