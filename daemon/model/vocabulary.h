#pragma once

#include <array>
#include <string_view>

#include "common/error.h"
#include "model/chain_report.h"

namespace lde::model {

// The words operators alert on: the `step`, `reason`, `network` and `role`
// label values (lyncdiscover_probe_failure_info, lyncdiscover_signin_failure_info,
// every endpoint series), the same words in probe logs and /status. As enums a
// typo cannot become a new label value, and kAll* lists every value so the
// README test (tests/unit/model/vocabulary_readme_test.cpp) can check each
// one is documented. Spellings are a metrics contract: add, never rename.

// The probe step that failed. Plain targets use kDns..kHttp; a Lync walk
// uses <stage>_<what> (LyncStep) plus three steps of its own.
enum class Step {
  kDns,
  kConnect,
  kTls,
  kCertificate,  // the handshake completed but no store trusts the chain, or the name does not match
  kHttp,
  kDiscoveryDns,
  kDiscoveryConnect,
  kDiscoveryTls,
  kDiscoveryHttp,
  kRedirectDns,
  kRedirectConnect,
  kRedirectTls,
  kRedirectHttp,
  kWebDns,
  kWebConnect,
  kWebTls,
  kWebHttp,
  kOAuthDns,
  kOAuthConnect,
  kOAuthTls,
  kOAuthHttp,
  kDiscoveryParse,     // the discovery document is not one a phone accepts
  kDiscoveryRedirect,  // a redirect link the phone would not follow
  kOAuthChallenge,     // the user link did not answer with a usable MsRtcOAuth challenge
  kUcwaSignin,         // the authenticated sign-in (a deployment with `auth`) failed
};

inline constexpr std::array kAllSteps{
    Step::kDns,
    Step::kConnect,
    Step::kTls,
    Step::kCertificate,
    Step::kHttp,
    Step::kDiscoveryDns,
    Step::kDiscoveryConnect,
    Step::kDiscoveryTls,
    Step::kDiscoveryHttp,
    Step::kRedirectDns,
    Step::kRedirectConnect,
    Step::kRedirectTls,
    Step::kRedirectHttp,
    Step::kWebDns,
    Step::kWebConnect,
    Step::kWebTls,
    Step::kWebHttp,
    Step::kOAuthDns,
    Step::kOAuthConnect,
    Step::kOAuthTls,
    Step::kOAuthHttp,
    Step::kDiscoveryParse,
    Step::kDiscoveryRedirect,
    Step::kOAuthChallenge,
    Step::kUcwaSignin,
};

// Where a Lync walk is: the first half of its <stage>_<what> steps, and what
// a profile verdict walks through.
enum class Stage { kDiscovery, kRedirect, kWeb, kOAuth };

inline constexpr std::array kAllStages{Stage::kDiscovery, Stage::kRedirect, Stage::kWeb, Stage::kOAuth};

// Why a step failed.
enum class Reason {
  // ErrorKind (common/error.h), every one: ReasonOf(ErrorKind) is exact.
  kConfig,
  kNxdomain,
  kDnsError,
  kConnectionRefused,
  kConnectError,
  kTimeout,
  kTlsHandshake,
  kHttpProtocol,
  kHttpStatus,
  kBodyTooLarge,
  kDiscoveryParse,
  kCertificateParse,
  kRedirectLoop,
  kAddressRefused,
  kInternal,
  // TrustReason (model/chain_report.h), every one.
  kOk,
  kExpired,
  kNotYetValid,
  kUnknownIssuer,
  kSelfSigned,
  kIncompleteChain,
  kRevoked,
  kOther,
  kChainTruncated,
  // The certificate, judged beyond trust.
  kHostnameMismatch,
  // A profile's device rules (probe/lync_verdict.cpp).
  kSanMissing,
  kWeakKey,
  kWeakSignature,
  kValidityTooLong,
  kNoServerAuthEku,
  // The Lync walk (probe/lync_flow.cpp).
  kHtmlPage,  // a login page or captive portal answered
  kInvalidDocument,
  kNoUserLink,
  kRedirectNotAllowed,
  kMissing,  // no MsRtcOAuth challenge
  kInvalidHref,
  // The authenticated UCWA sign-in (probe/ucwa_signin.cpp).
  kInvalidGrant,        // the token endpoint refused the test account's password
  kOAuthError,          // the token endpoint answered another OAuth error (the detail names it)
  kNoApplicationsLink,  // the user resource names no applications link
  kNoApplicationLink,   // the created application names no self link
};

inline constexpr std::array kAllReasons{
    Reason::kConfig,
    Reason::kNxdomain,
    Reason::kDnsError,
    Reason::kConnectionRefused,
    Reason::kConnectError,
    Reason::kTimeout,
    Reason::kTlsHandshake,
    Reason::kHttpProtocol,
    Reason::kHttpStatus,
    Reason::kBodyTooLarge,
    Reason::kDiscoveryParse,
    Reason::kCertificateParse,
    Reason::kRedirectLoop,
    Reason::kAddressRefused,
    Reason::kInternal,
    Reason::kOk,
    Reason::kExpired,
    Reason::kNotYetValid,
    Reason::kUnknownIssuer,
    Reason::kSelfSigned,
    Reason::kIncompleteChain,
    Reason::kRevoked,
    Reason::kOther,
    Reason::kChainTruncated,
    Reason::kHostnameMismatch,
    Reason::kSanMissing,
    Reason::kWeakKey,
    Reason::kWeakSignature,
    Reason::kValidityTooLong,
    Reason::kNoServerAuthEku,
    Reason::kHtmlPage,
    Reason::kInvalidDocument,
    Reason::kNoUserLink,
    Reason::kRedirectNotAllowed,
    Reason::kMissing,
    Reason::kInvalidHref,
    Reason::kInvalidGrant,
    Reason::kOAuthError,
    Reason::kNoApplicationsLink,
    Reason::kNoApplicationLink,
};

// The network a Lync walk ran on; kNone ("") on plain targets' endpoints.
enum class Network { kNone, kInternal, kExternal };

inline constexpr std::array kAllNetworks{Network::kNone, Network::kInternal, Network::kExternal};

// What a Lync endpoint was for; kNone ("") on plain targets. A redirect hop
// keeps the role of the discovery name it started from.
enum class Role { kNone, kDiscoveryInternal, kDiscoveryExternal, kWebExternal, kOAuth };

inline constexpr std::array kAllRoles{Role::kNone, Role::kDiscoveryInternal, Role::kDiscoveryExternal,
                                      Role::kWebExternal, Role::kOAuth};

// Where the plain-HTTP discovery leg (http://lyncdiscover[internal].<d>/,
// the reverse proxy's port 80 bridged to the pool's 8080) leads: a 200
// Redirect document (MS-OCDISCWS 3.1.5.2), a 30x to an https URL, a 200
// document of its own, an answer that is none of these, or no answer.
enum class HttpLeg { kRedirect, kHttpsRedirect, kDocument, kUnusable, kUnreachable };

inline constexpr std::array kAllHttpLegs{HttpLeg::kRedirect, HttpLeg::kHttpsRedirect, HttpLeg::kDocument,
                                         HttpLeg::kUnusable, HttpLeg::kUnreachable};

// The leg of a discovery name whose answer led a phone to its discovery
// document: the HTTPS root, or the plain-HTTP leg a phone follows when
// HTTPS failed without a certificate rejection (label `leg` of
// lyncdiscover_discovery_leg_used).
enum class DiscoveryLeg { kHttps, kHttp };

inline constexpr std::array kAllDiscoveryLegs{DiscoveryLeg::kHttps, DiscoveryLeg::kHttp};

// The steps of the authenticated UCWA sign-in, in order: POST the password
// grant to the OAuth href, GET the user resource with the bearer token, POST
// an application to its applications link, DELETE that application. Label
// `step` of the lyncdiscover_ucwa_signin_* series.
enum class UcwaStep { kToken, kUser, kApplications, kDelete };

inline constexpr std::array kAllUcwaSteps{UcwaStep::kToken, UcwaStep::kUser, UcwaStep::kApplications,
                                          UcwaStep::kDelete};

// A rule of a certificate policy (config::PolicyConfig), spelled as its
// config key: label `rule` of lyncdiscover_cert_policy_violation.
enum class PolicyRule {
  kRejectSha1,
  kMinRsaBits,
  kMinEcBits,
  kRejectDsa,
  kSanRequired,
  kMaxValidityDays,
  kRequireServerAuthEku,
};

inline constexpr std::array kAllPolicyRules{PolicyRule::kRejectSha1,          PolicyRule::kMinRsaBits,
                                            PolicyRule::kMinEcBits,           PolicyRule::kRejectDsa,
                                            PolicyRule::kSanRequired,         PolicyRule::kMaxValidityDays,
                                            PolicyRule::kRequireServerAuthEku};

// The one spelling of each value: label values, log fields and /status JSON.
std::string_view StepName(Step step);
std::string_view StageName(Stage stage);
std::string_view ReasonName(Reason reason);
std::string_view NetworkName(Network network);
std::string_view RoleName(Role role);
std::string_view HttpLegName(HttpLeg leg);
std::string_view DiscoveryLegName(DiscoveryLeg leg);
std::string_view UcwaStepName(UcwaStep step);
std::string_view PolicyRuleName(PolicyRule rule);

Reason ReasonOf(ErrorKind kind);
Reason ReasonOf(TrustReason reason);
// The failure reason a violated rule gives: weak_signature, weak_key,
// san_missing, validity_too_long or no_server_auth_eku.
Reason ReasonOf(PolicyRule rule);

// <stage>_<what>: `what` is the plain step an endpoint check failed at (dns,
// connect, tls, http). A Lync walk judges certificates per profile as
// <stage>_tls, so kCertificate composes to <stage>_tls too.
Step LyncStep(Stage stage, Step what);

}  // namespace lde::model
