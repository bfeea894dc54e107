#include "probe/ucwa_signin.h"

#include <array>
#include <cstdio>
#include <optional>
#include <random>

#include "discovery/redirect_policy.h"
#include "discovery/ucwa_resources.h"
#include "http_client/request.h"
#include "model/budgets.h"
#include "probe/credential_guard.h"
#include "probe/endpoint_check.h"
#include "probe/lookup.h"

namespace lde::probe {
namespace {

constexpr const char* kJson = "application/json";
constexpr const char* kForm = "application/x-www-form-urlencoded;charset=UTF-8";
constexpr int kMaxRedirects = static_cast<int>(model::budget::kRedirects.value);

// A fresh version 4 UUID: every sign-in is a new endpoint to the pool.
std::string NewEndpointId() {
  std::random_device random;
  std::array<unsigned char, 16> b{};
  for (auto& byte : b) byte = static_cast<unsigned char>(random() & 0xff);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
                b[15]);
  return out;
}

// One exchange's outcome: the answer, or why there was none.
struct Answer {
  std::optional<model::HttpObservation> http;
  std::optional<discovery::UcwaFailure> failure;
  std::string address;  // the server that answered: the source of the links it names
};

class Signin {
 public:
  Signin(const SigninStart& start, const StoreList& stores, const ProbeEnv& env, const Deadline& deadline,
         const SigninRecorder& recorder)
      : start_(start), stores_(stores), env_(env), deadline_(deadline), recorder_(recorder) {}

  SigninObservation Run() {
    if (Step(model::UcwaStep::kToken, [this] { return Token(); }) &&
        Step(model::UcwaStep::kUser, [this] { return User(); }) &&
        Step(model::UcwaStep::kApplications, [this] { return CreateApplication(); })) {
      Step(model::UcwaStep::kDelete, [this] { return DeleteApplication(); });
    }
    obs_.report.success = !failed_;
    return std::move(obs_);
  }

 private:
  // Runs one step, timing it; false (and the failure recorded) ends the sign-in.
  template <typename F>
  bool Step(model::UcwaStep step, F run) {
    const SteadyTime begin = env_.clock->SteadyNow();
    std::optional<discovery::UcwaFailure> failure = run();
    obs_.report.steps.push_back(model::UcwaStepTime{step, env_.clock->SteadyNow() - begin});
    if (!failure) return true;
    failed_ = true;
    obs_.report.failed_step = step;
    obs_.report.reason = failure->reason;
    obs_.report.detail = Scrub(std::move(failure->detail));
    return false;
  }

  // No detail may carry the secrets, whatever a server echoed.
  std::string Scrub(std::string text) const {
    for (const std::string* secret : {&token_, &start_.auth->password}) {
      if (secret->empty()) continue;
      for (auto at = text.find(*secret); at != std::string::npos; at = text.find(*secret, at)) {
        text.replace(at, secret->size(), "<redacted>");
      }
    }
    return text;
  }

  static discovery::UcwaFailure Fail(model::Reason reason, std::string detail) {
    return discovery::UcwaFailure{reason, std::move(detail)};
  }

  // Resolve, connect (address policy against `named_by`), handshake and
  // judge the chain (once per endpoint), send `request`.
  Answer Exchange(model::Stage stage, model::Role role, const discovery::Url& url,
                  const std::string& named_by, http_client::HttpRequest request) {
    Answer answer;
    auto dns = Lookup(env_, start_.resolver, url.host, deadline_);
    recorder_.dns(dns);
    if (!dns.success) {
      answer.failure = Fail(dns.failure ? dns.failure->reason : model::Reason::kDnsError,
                            url.host + ": " + (dns.failure ? dns.failure->detail : "no address"));
      return answer;
    }
    EndpointCheckSpec spec =
        UrlCheckSpec(url, dns.addresses.front(), role, stores_, start_.resolver, named_by);
    spec.judge_chain = !recorder_.seen(role, spec.endpoint.address, url.port);
    spec.credentials = true;  // the password or the bearer token
    request.host_header = http_client::HostHeader(url.host, url.port, spec.use_tls);
    request.target = url.path_and_query;
    spec.request = std::move(request);
    answer.address = spec.endpoint.address;
    auto report = CheckEndpoint(spec, env_, deadline_);
    report.network = start_.network;
    if (report.http) answer.http = std::move(*report.http);
    if (answer.http) {
      // The endpoint keeps the status only: the answers carry the token.
      model::HttpObservation kept;
      kept.status = answer.http->status;
      kept.reason = answer.http->reason;
      kept.elapsed = answer.http->elapsed;
      report.http = std::move(kept);
    }
    if (report.failure) {
      answer.failure = Fail(report.failure->reason, url.host + ": " + report.failure->detail);
      answer.http.reset();
      if (CredentialsWithheld(report)) obs_.report.credentials_withheld = true;
    }
    if (spec.judge_chain) {
      Hop hop;
      hop.stage = stage;
      hop.host = url.host;
      hop.endpoint = recorder_.endpoint(role, url.port, std::move(report));
      obs_.hops.push_back(std::move(hop));
    }
    return answer;
  }

  http_client::HttpRequest Authorized(std::string method) const {
    http_client::HttpRequest request;
    request.method = std::move(method);
    request.headers.emplace_back("Accept", kJson);
    request.headers.emplace_back("Authorization", "Bearer " + token_);
    return request;
  }

  // `href` resolved against `base`, parsed; a failure names `what`.
  static std::optional<discovery::Url> Resolve(const discovery::Url& base, const std::string& href,
                                               const char* what,
                                               std::optional<discovery::UcwaFailure>& failure) {
    auto absolute = discovery::ResolveReference(base.ToString(), href);
    if (!absolute.ok()) {
      failure =
          Fail(model::Reason::kInvalidHref, std::string("bad ") + what + " href: " + absolute.error().detail);
      return std::nullopt;
    }
    auto url = discovery::ParseUrl(absolute.value());
    if (!url.ok()) {
      failure =
          Fail(model::Reason::kInvalidHref, std::string("bad ") + what + " href: " + url.error().detail);
      return std::nullopt;
    }
    return url.value();
  }

  std::optional<discovery::UcwaFailure> Token() {
    auto url = discovery::ParseUrl(start_.oauth_href);
    if (!url.ok()) return Fail(model::Reason::kInvalidHref, "bad OAuth href: " + url.error().detail);
    http_client::HttpRequest request;
    request.method = "POST";
    request.headers.emplace_back("Content-Type", kForm);
    request.headers.emplace_back("Accept", kJson);
    request.body = discovery::PasswordGrantBody(start_.auth->username, start_.auth->password);
    // A token endpoint on the web services host is that host (as the walk's
    // OAuth check has it): the same endpoint, not a second one.
    const bool on_web_host =
        url.value().host == start_.user_url.host && url.value().port == start_.user_url.port;
    Answer answer = Exchange(on_web_host ? model::Stage::kWeb : model::Stage::kOAuth,
                             on_web_host ? model::Role::kWebExternal : model::Role::kOAuth, url.value(),
                             start_.web_server, std::move(request));
    if (answer.failure) return answer.failure;
    auto reply = discovery::ParseTokenReply(*answer.http);
    if (reply.failure) return reply.failure;
    token_ = std::move(reply.access_token);
    return std::nullopt;
  }

  std::optional<discovery::UcwaFailure> User() {
    discovery::Url url = start_.user_url;
    std::string named_by = start_.document_server;
    discovery::RedirectTracker tracker(kMaxRedirects);
    (void)tracker.Visit(url.ToString());
    for (;;) {
      Answer answer =
          Exchange(model::Stage::kWeb, model::Role::kWebExternal, url, named_by, Authorized("GET"));
      if (answer.failure) return answer.failure;
      auto reply = discovery::ParseUserReply(*answer.http);
      if (reply.failure) return reply.failure;
      std::optional<discovery::UcwaFailure> failure;
      if (!reply.applications_href.empty()) {
        auto applications = Resolve(url, reply.applications_href, "applications", failure);
        if (!applications) return failure;
        applications_ = *applications;
        applications_named_by_ = answer.address;
        return std::nullopt;
      }
      auto next = Resolve(url, reply.redirect_href, "redirect", failure);
      if (!next) return failure;
      if (!discovery::RedirectAllowed(url, *next, start_.domain)) {
        return Fail(model::Reason::kRedirectNotAllowed,
                    "redirect over http to " + next->host + ", outside " + start_.domain);
      }
      if (auto visit = tracker.Visit(next->ToString()); !visit.ok()) {
        return Fail(model::ReasonOf(visit.error().kind), visit.error().detail);
      }
      url = *next;
      named_by = answer.address;
    }
  }

  std::optional<discovery::UcwaFailure> CreateApplication() {
    http_client::HttpRequest request = Authorized("POST");
    request.headers.emplace_back("Content-Type", kJson);
    request.body = discovery::ApplicationRequestBody(std::string(http_client::kUserAgent), NewEndpointId());
    Answer answer = Exchange(model::Stage::kWeb, model::Role::kWebExternal, applications_,
                             applications_named_by_, std::move(request));
    if (answer.failure) return answer.failure;
    auto reply = discovery::ParseApplicationReply(*answer.http);
    if (reply.failure) return reply.failure;
    std::optional<discovery::UcwaFailure> failure;
    auto self = Resolve(applications_, reply.self_href, "application", failure);
    if (!self) return failure;
    application_ = *self;
    application_named_by_ = answer.address;
    return std::nullopt;
  }

  std::optional<discovery::UcwaFailure> DeleteApplication() {
    Answer answer = Exchange(model::Stage::kWeb, model::Role::kWebExternal, application_,
                             application_named_by_, Authorized("DELETE"));
    if (answer.failure) return answer.failure;
    return discovery::CheckDeleteReply(*answer.http);
  }

  const SigninStart& start_;
  const StoreList& stores_;
  const ProbeEnv& env_;
  const Deadline& deadline_;
  const SigninRecorder& recorder_;
  SigninObservation obs_;
  bool failed_ = false;
  std::string token_;  // this sign-in's only: dies with it
  discovery::Url applications_;
  std::string applications_named_by_;
  discovery::Url application_;
  std::string application_named_by_;
};

}  // namespace

SigninObservation SignIn(const SigninStart& start, const StoreList& stores, const ProbeEnv& env,
                         const Deadline& deadline, const SigninRecorder& recorder) {
  return Signin(start, stores, env, deadline, recorder).Run();
}

}  // namespace lde::probe
