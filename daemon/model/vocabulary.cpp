#include "model/vocabulary.h"

namespace lde::model {

std::string_view StepName(Step step) {
  switch (step) {
    case Step::kDns:
      return "dns";
    case Step::kConnect:
      return "connect";
    case Step::kTls:
      return "tls";
    case Step::kCertificate:
      return "certificate";
    case Step::kHttp:
      return "http";
    case Step::kDiscoveryDns:
      return "discovery_dns";
    case Step::kDiscoveryConnect:
      return "discovery_connect";
    case Step::kDiscoveryTls:
      return "discovery_tls";
    case Step::kDiscoveryHttp:
      return "discovery_http";
    case Step::kRedirectDns:
      return "redirect_dns";
    case Step::kRedirectConnect:
      return "redirect_connect";
    case Step::kRedirectTls:
      return "redirect_tls";
    case Step::kRedirectHttp:
      return "redirect_http";
    case Step::kWebDns:
      return "web_dns";
    case Step::kWebConnect:
      return "web_connect";
    case Step::kWebTls:
      return "web_tls";
    case Step::kWebHttp:
      return "web_http";
    case Step::kOAuthDns:
      return "oauth_dns";
    case Step::kOAuthConnect:
      return "oauth_connect";
    case Step::kOAuthTls:
      return "oauth_tls";
    case Step::kOAuthHttp:
      return "oauth_http";
    case Step::kDiscoveryParse:
      return "discovery_parse";
    case Step::kDiscoveryRedirect:
      return "discovery_redirect";
    case Step::kOAuthChallenge:
      return "oauth_challenge";
    case Step::kUcwaSignin:
      return "ucwa_signin";
  }
  return "unknown";
}

std::string_view StageName(Stage stage) {
  switch (stage) {
    case Stage::kDiscovery:
      return "discovery";
    case Stage::kRedirect:
      return "redirect";
    case Stage::kWeb:
      return "web";
    case Stage::kOAuth:
      return "oauth";
  }
  return "unknown";
}

std::string_view ReasonName(Reason reason) {
  switch (reason) {
    case Reason::kConfig:
      return "config";
    case Reason::kNxdomain:
      return "nxdomain";
    case Reason::kDnsError:
      return "dns_error";
    case Reason::kConnectionRefused:
      return "connection_refused";
    case Reason::kConnectError:
      return "connect_error";
    case Reason::kTimeout:
      return "timeout";
    case Reason::kTlsHandshake:
      return "tls_handshake";
    case Reason::kHttpProtocol:
      return "http_protocol";
    case Reason::kHttpStatus:
      return "http_status";
    case Reason::kBodyTooLarge:
      return "body_too_large";
    case Reason::kDiscoveryParse:
      return "discovery_parse";
    case Reason::kCertificateParse:
      return "certificate_parse";
    case Reason::kRedirectLoop:
      return "redirect_loop";
    case Reason::kAddressRefused:
      return "address_refused";
    case Reason::kInternal:
      return "internal";
    case Reason::kOk:
      return "ok";
    case Reason::kExpired:
      return "expired";
    case Reason::kNotYetValid:
      return "not_yet_valid";
    case Reason::kUnknownIssuer:
      return "unknown_issuer";
    case Reason::kSelfSigned:
      return "self_signed";
    case Reason::kIncompleteChain:
      return "incomplete_chain";
    case Reason::kRevoked:
      return "revoked";
    case Reason::kOther:
      return "other";
    case Reason::kChainTruncated:
      return "chain_truncated";
    case Reason::kHostnameMismatch:
      return "hostname_mismatch";
    case Reason::kSanMissing:
      return "san_missing";
    case Reason::kWeakKey:
      return "weak_key";
    case Reason::kWeakSignature:
      return "weak_signature";
    case Reason::kValidityTooLong:
      return "validity_too_long";
    case Reason::kNoServerAuthEku:
      return "no_server_auth_eku";
    case Reason::kHtmlPage:
      return "html_page";
    case Reason::kInvalidDocument:
      return "invalid_document";
    case Reason::kNoUserLink:
      return "no_user_link";
    case Reason::kRedirectNotAllowed:
      return "redirect_not_allowed";
    case Reason::kMissing:
      return "missing";
    case Reason::kInvalidHref:
      return "invalid_href";
    case Reason::kInvalidGrant:
      return "invalid_grant";
    case Reason::kOAuthError:
      return "oauth_error";
    case Reason::kNoApplicationsLink:
      return "no_applications_link";
    case Reason::kNoApplicationLink:
      return "no_application_link";
  }
  return "internal";
}

std::string_view NetworkName(Network network) {
  switch (network) {
    case Network::kNone:
      return "";
    case Network::kInternal:
      return "internal";
    case Network::kExternal:
      return "external";
  }
  return "";
}

std::string_view UcwaStepName(UcwaStep step) {
  switch (step) {
    case UcwaStep::kToken:
      return "token";
    case UcwaStep::kUser:
      return "user";
    case UcwaStep::kApplications:
      return "applications";
    case UcwaStep::kDelete:
      return "delete";
  }
  return "unknown";
}

std::string_view HttpLegName(HttpLeg leg) {
  switch (leg) {
    case HttpLeg::kRedirect:
      return "redirect";
    case HttpLeg::kHttpsRedirect:
      return "https_redirect";
    case HttpLeg::kDocument:
      return "document";
    case HttpLeg::kUnusable:
      return "unusable";
    case HttpLeg::kUnreachable:
      return "unreachable";
  }
  return "unusable";
}

std::string_view DiscoveryLegName(DiscoveryLeg leg) {
  switch (leg) {
    case DiscoveryLeg::kHttps:
      return "https";
    case DiscoveryLeg::kHttp:
      return "http";
  }
  return "https";
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kNone:
      return "";
    case Role::kDiscoveryInternal:
      return "discovery_internal";
    case Role::kDiscoveryExternal:
      return "discovery_external";
    case Role::kWebExternal:
      return "web_external";
    case Role::kOAuth:
      return "oauth";
  }
  return "";
}

std::string_view PolicyRuleName(PolicyRule rule) {
  switch (rule) {
    case PolicyRule::kRejectSha1:
      return "reject_sha1";
    case PolicyRule::kMinRsaBits:
      return "min_rsa_bits";
    case PolicyRule::kMinEcBits:
      return "min_ec_bits";
    case PolicyRule::kRejectDsa:
      return "reject_dsa";
    case PolicyRule::kSanRequired:
      return "san_required";
    case PolicyRule::kMaxValidityDays:
      return "max_validity_days";
    case PolicyRule::kRequireServerAuthEku:
      return "require_server_auth_eku";
  }
  return "";
}

Reason ReasonOf(PolicyRule rule) {
  switch (rule) {
    case PolicyRule::kRejectSha1:
      return Reason::kWeakSignature;
    case PolicyRule::kMinRsaBits:
    case PolicyRule::kMinEcBits:
    case PolicyRule::kRejectDsa:
      return Reason::kWeakKey;
    case PolicyRule::kSanRequired:
      return Reason::kSanMissing;
    case PolicyRule::kMaxValidityDays:
      return Reason::kValidityTooLong;
    case PolicyRule::kRequireServerAuthEku:
      return Reason::kNoServerAuthEku;
  }
  return Reason::kInternal;
}

Reason ReasonOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kConfig:
      return Reason::kConfig;
    case ErrorKind::kDnsNxdomain:
      return Reason::kNxdomain;
    case ErrorKind::kDnsError:
      return Reason::kDnsError;
    case ErrorKind::kConnectRefused:
      return Reason::kConnectionRefused;
    case ErrorKind::kConnectError:
      return Reason::kConnectError;
    case ErrorKind::kTimeout:
      return Reason::kTimeout;
    case ErrorKind::kTlsHandshake:
      return Reason::kTlsHandshake;
    case ErrorKind::kHttpProtocol:
      return Reason::kHttpProtocol;
    case ErrorKind::kHttpStatus:
      return Reason::kHttpStatus;
    case ErrorKind::kBodyTooLarge:
      return Reason::kBodyTooLarge;
    case ErrorKind::kDiscoveryParse:
      return Reason::kDiscoveryParse;
    case ErrorKind::kCertificateParse:
      return Reason::kCertificateParse;
    case ErrorKind::kRedirectLoop:
      return Reason::kRedirectLoop;
    case ErrorKind::kAddressRefused:
      return Reason::kAddressRefused;
    case ErrorKind::kInternal:
      return Reason::kInternal;
  }
  return Reason::kInternal;
}

Reason ReasonOf(TrustReason reason) {
  switch (reason) {
    case TrustReason::kOk:
      return Reason::kOk;
    case TrustReason::kExpired:
      return Reason::kExpired;
    case TrustReason::kNotYetValid:
      return Reason::kNotYetValid;
    case TrustReason::kUnknownIssuer:
      return Reason::kUnknownIssuer;
    case TrustReason::kSelfSigned:
      return Reason::kSelfSigned;
    case TrustReason::kIncompleteChain:
      return Reason::kIncompleteChain;
    case TrustReason::kRevoked:
      return Reason::kRevoked;
    case TrustReason::kOther:
      return Reason::kOther;
    case TrustReason::kChainTruncated:
      return Reason::kChainTruncated;
  }
  return Reason::kOther;
}

Step LyncStep(Stage stage, Step what) {
  // Row per stage, column per what: dns, connect, tls, http.
  static constexpr Step kTable[4][4] = {
      {Step::kDiscoveryDns, Step::kDiscoveryConnect, Step::kDiscoveryTls, Step::kDiscoveryHttp},
      {Step::kRedirectDns, Step::kRedirectConnect, Step::kRedirectTls, Step::kRedirectHttp},
      {Step::kWebDns, Step::kWebConnect, Step::kWebTls, Step::kWebHttp},
      {Step::kOAuthDns, Step::kOAuthConnect, Step::kOAuthTls, Step::kOAuthHttp},
  };
  int column = 2;  // tls: also for kCertificate, and for a step that is already a Lync one
  switch (what) {
    case Step::kDns:
      column = 0;
      break;
    case Step::kConnect:
      column = 1;
      break;
    case Step::kHttp:
      column = 3;
      break;
    default:
      break;
  }
  return kTable[static_cast<int>(stage)][column];
}

}  // namespace lde::model
