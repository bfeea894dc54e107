#pragma once

// Every metric this exporter publishes: name, help, type and label set. The
// names and labels are a contract with dashboards and alert rules: add, never
// rename. blackbox_exporter names are reused where the meaning is the same
// (probe_success, probe_duration_seconds, probe_ssl_earliest_cert_expiry,
// probe_tls_version_info) so existing alert rules carry over.
//
// Label-set decision for endpoint-level series: they ALWAYS carry
// {target, endpoint, address, role, network}. `role` is EndpointReport.role
// (a Lync endpoint's job: discovery_internal, web_external, ...) and
// `network` the network it was reached from (internal | external); both are
// "" for plain TLS/HTTPS targets. The same reverse proxy is met from both
// networks, so without `network` the two would be one series. One label set per family keeps PromQL joins
// simple, and it keeps two Lync roles that probe the same host:port and address from rendering as duplicate
// series. `endpoint` is "host:port", `address` the IP actually connected to.
//
// Label VALUES of step, reason, role and network come from the enums of
// model/vocabulary.h and their one spelling each (StepName, ReasonName,
// RoleName, NetworkName, in model/vocabulary.cpp): probe logs and /status
// spell them too, and must not depend on metrics/. README "Steps and reasons"
// lists them; tests/unit/model/vocabulary_readme_test.cpp keeps the two in step.

#include <string_view>

#include "model/vocabulary.h"
#include "prometheus/metric_type.h"

namespace lde::metrics {

struct MetricDef {
  std::string_view name;
  std::string_view help;
  prometheus::MetricType type;
};

namespace label {
inline constexpr std::string_view kTarget = "target";
inline constexpr std::string_view kEndpoint = "endpoint";
inline constexpr std::string_view kAddress = "address";
inline constexpr std::string_view kRole = "role";
inline constexpr std::string_view kStep = "step";
inline constexpr std::string_view kReason = "reason";
inline constexpr std::string_view kResult = "result";
inline constexpr std::string_view kHost = "host";
inline constexpr std::string_view kResolver = "resolver";
inline constexpr std::string_view kVersion = "version";
inline constexpr std::string_view kRevision = "revision";
inline constexpr std::string_view kCompiler = "compiler";
inline constexpr std::string_view kPosition = "position";
inline constexpr std::string_view kSubject = "subject";
inline constexpr std::string_view kIssuer = "issuer";
inline constexpr std::string_view kSerial = "serial";
inline constexpr std::string_view kSha256 = "sha256";
inline constexpr std::string_view kDnsNames = "dnsnames";
inline constexpr std::string_view kKeyType = "key_type";
inline constexpr std::string_view kSignatureAlgorithm = "signature_algorithm";
inline constexpr std::string_view kTrustStore = "trust_store";
inline constexpr std::string_view kNetwork = "network";
inline constexpr std::string_view kProfile = "profile";
inline constexpr std::string_view kLeg = "leg";
inline constexpr std::string_view kPolicy = "policy";
inline constexpr std::string_view kRule = "rule";
inline constexpr std::string_view kRel = "rel";
inline constexpr std::string_view kHref = "href";
inline constexpr std::string_view kScheme = "scheme";
inline constexpr std::string_view kStatus = "status";
inline constexpr std::string_view kHandler = "handler";
inline constexpr std::string_view kCode = "code";
inline constexpr std::string_view kName = "name";
inline constexpr std::string_view kKind = "kind";
inline constexpr std::string_view kUrl = "url";
inline constexpr std::string_view kShard = "shard";
inline constexpr std::string_view kNetworks = "networks";
inline constexpr std::string_view kSelection = "selection";
// Appended to every series of an instance with a vantage (global.vantage).
inline constexpr std::string_view kVantage = "vantage";
}  // namespace label

// Values of the `result` label of kProbesTotal.
inline constexpr std::string_view kResultSuccess = "success";
inline constexpr std::string_view kResultFailure = "failure";

// Values of the `selection` label of kTargets (config::Selection).
inline constexpr std::string_view kSelectionProbed = "probed";
inline constexpr std::string_view kSelectionOtherShard = "other_shard";
inline constexpr std::string_view kSelectionNetworkExcluded = "network_excluded";

using prometheus::MetricType;

// ---- Per target: {target} ------------------------------------------------
inline constexpr MetricDef kProbeSuccess{
    "probe_success", "Whether the last probe of the target succeeded (1) or not (0).", MetricType::Gauge};
inline constexpr MetricDef kProbeDurationSeconds{
    "probe_duration_seconds", "How long the last probe of the target took, in seconds.", MetricType::Gauge};
inline constexpr MetricDef kProbeLastRunTimestampSeconds{
    "lyncdiscover_probe_last_run_timestamp_seconds",
    "When the last probe of the target finished (start + duration), unix seconds.", MetricType::Gauge};
// {target, result} result = success|failure; both are always present.
inline constexpr MetricDef kProbesTotal{"lyncdiscover_exporter_probes_total",
                                        "Completed probes of the target since it was configured, by result.",
                                        MetricType::Counter};
// {target} runs not started because the previous run of the target was still going.
inline constexpr MetricDef kProbeRunsSkippedTotal{
    "lyncdiscover_exporter_probe_runs_skipped_total",
    "Scheduled probe runs skipped because the previous run of the target was still running.",
    MetricType::Counter};
// {target} runs that ended by throwing (a bug; the error log has the message).
inline constexpr MetricDef kProbeErrorsTotal{
    "lyncdiscover_exporter_probe_errors_total",
    "Probe runs of the target that ended with an unexpected exception instead of a result.",
    MetricType::Counter};

// {target, endpoint, address, role, network, step, reason} value 1. One series per
// failed endpoint, plus one with endpoint="" address="" role="" network="" for a
// target-level failure (e.g. DNS).
inline constexpr MetricDef kProbeFailureInfo{
    "lyncdiscover_probe_failure_info",
    "The first step that failed and why (reason), per endpoint; endpoint=\"\" for the target.",
    MetricType::Gauge};

// ---- DNS: {target, host, resolver} ----------------------------------------
inline constexpr MetricDef kDnsLookupSuccess{
    "lyncdiscover_dns_lookup_success",
    "Whether resolving the host through the resolver view returned addresses.", MetricType::Gauge};
inline constexpr MetricDef kDnsLookupSeconds{
    "lyncdiscover_dns_lookup_seconds", "How long resolving the host took, in seconds.", MetricType::Gauge};
// Addresses of the answer beyond global.max_addresses_per_name: neither
// probed nor kept (a hostile server must not choose the number of series).
// 0 when all were kept, and for a failed lookup.
inline constexpr MetricDef kDnsAddressesSkipped{
    "lyncdiscover_dns_addresses_skipped",
    "Addresses of the DNS answer beyond max_addresses_per_name, neither probed nor kept.", MetricType::Gauge};

// ---- Per endpoint: {target, endpoint, address, role, network} -------------
inline constexpr MetricDef kSslEarliestCertExpiry{
    "probe_ssl_earliest_cert_expiry", "Earliest notAfter in the presented certificate chain, unix seconds.",
    MetricType::Gauge};
// + {version} ("TLS 1.3"), value 1.
inline constexpr MetricDef kTlsVersionInfo{"probe_tls_version_info", "The negotiated TLS version.",
                                           MetricType::Gauge};
// + {position} (0 = leaf), for every presented certificate.
inline constexpr MetricDef kCertNotAfterTimestampSeconds{
    "lyncdiscover_cert_not_after_timestamp_seconds",
    "notAfter of the presented certificate at this position (0 = leaf), unix seconds.", MetricType::Gauge};
inline constexpr MetricDef kCertNotBeforeTimestampSeconds{
    "lyncdiscover_cert_not_before_timestamp_seconds",
    "notBefore of the presented certificate at this position (0 = leaf), unix seconds.", MetricType::Gauge};
// + {position, subject, issuer, serial, sha256, dnsnames, key_type,
// signature_algorithm}, value 1. dnsnames is comma-joined and comma-wrapped
// (",a.example,b.example,") so a PromQL regex can match one name:
// dnsnames=~".*,a\\.example,.*". "" if none. key_type is OpenSSL's key type in
// lower case (rsa, ec, dsa, ed25519, ...), signature_algorithm OpenSSL's long
// name (sha256WithRSAEncryption, ecdsa-with-SHA256, ...).
inline constexpr MetricDef kCertInfo{"lyncdiscover_cert_info",
                                     "Identity of the presented certificate at this position, value 1.",
                                     MetricType::Gauge};
// + {position}: the size of the certificate's public key in bits (RSA modulus,
// EC field size), so weak keys are one query without parsing labels. Not
// "_bits": promtool's lint wants bytes for that unit, and key sizes are
// quoted in bits everywhere else.
inline constexpr MetricDef kCertKeySize{
    "lyncdiscover_cert_key_size", "Public key size of the presented certificate at this position, in bits.",
    MetricType::Gauge};
// + {policy, position, rule}: value 1 per rule of a policy that the
// certificate at this position breaks (every one, not only the first).
inline constexpr MetricDef kCertPolicyViolation{
    "lyncdiscover_cert_policy_violation",
    "A rule of the named certificate policy that the presented certificate at this position breaks, value 1.",
    MetricType::Gauge};
// + {trust_store, reason}: 1 with reason="ok", else 0 with a TrustReasonName.
inline constexpr MetricDef kChainTrusted{
    "lyncdiscover_chain_trusted",
    "Whether the presented chain verifies against the trust store (1) or not (0), and why.",
    MetricType::Gauge};
inline constexpr MetricDef kCertHostnameMatch{
    "lyncdiscover_cert_hostname_match",
    "Whether the leaf certificate matches the expected host name (RFC 6125).", MetricType::Gauge};
// + {name}, value 1: a name the leaf must carry for the endpoint's Lync job
// and lacks as a DNS SAN (the CN never counts; a wildcard covers one
// left-most label). The reverse proxy that answers lyncdiscover.<d>, and
// every endpoint at its address and port: lyncdiscover.<d> for every SIP
// domain of the deployment and the web services names it serves; the Front
// End: lyncdiscoverinternal.<d> and lyncdiscover.<d> for every SIP domain;
// other web services: their own name. Reported only, never a verdict: a name
// missing for another SIP domain breaks that domain's users, not this
// probe's (SanReport in model/probe_result.h).
inline constexpr MetricDef kCertSanMissing{
    "lyncdiscover_cert_san_missing",
    "A name the leaf certificate must carry for its Lync role but lacks as a DNS SAN, value 1.",
    MetricType::Gauge};
inline constexpr MetricDef kChainComplete{
    "lyncdiscover_chain_complete", "Whether the server presented every intermediate certificate needed.",
    MetricType::Gauge};
inline constexpr MetricDef kChainOrdered{"lyncdiscover_chain_ordered",
                                         "Whether each presented certificate is issued by the next one.",
                                         MetricType::Gauge};
// + {status} (fetched|no_url|unavailable|invalid|address_refused), value 1:
// only for an endpoint whose chain lacked an issuer, so an AIA fetch was due.
inline constexpr MetricDef kAiaFetchStatus{"lyncdiscover_aia_fetch_status",
                                           "Outcome of fetching the missing issuer from the AIA caIssuers "
                                           "URL of the last presented certificate, value 1.",
                                           MetricType::Gauge};
// + {status} (none|good|revoked|unknown|invalid), value 1: the OCSP staple of
// the leaf as judged at the probe's time (invalid = undecodable,
// unsuccessful, badly signed, for another certificate, or stale).
inline constexpr MetricDef kOcspStapleStatus{
    "lyncdiscover_ocsp_staple_status",
    "Status of the OCSP response the server stapled for its leaf certificate, value 1.", MetricType::Gauge};
// Only for a validly signed staple that has a nextUpdate.
inline constexpr MetricDef kOcspNextUpdateTimestampSeconds{
    "lyncdiscover_ocsp_next_update_timestamp_seconds",
    "nextUpdate of the valid stapled OCSP response, unix seconds.", MetricType::Gauge};
// + {position, status} (not_checked|good|revoked|unavailable|invalid), value 1,
// for every presented certificate. unavailable (the CRL could not be fetched)
// never fails trust: phones soft-fail.
inline constexpr MetricDef kCrlStatus{
    "lyncdiscover_crl_status",
    "CRL status of the presented certificate at this position (0 = leaf), value 1.", MetricType::Gauge};
// + {position}, only for a CRL that verified and has a nextUpdate.
inline constexpr MetricDef kCrlNextUpdateTimestampSeconds{
    "lyncdiscover_crl_next_update_timestamp_seconds",
    "nextUpdate of the CRL that covers the presented certificate at this position, unix seconds.",
    MetricType::Gauge};
// + {position, status} (not_checked|good|revoked|unknown|unavailable|invalid),
// value 1, for every presented certificate: a live query to the OCSP
// responder its AIA names (the leaf only without a valid staple). Only
// revoked fails trust; unavailable, unknown and invalid are reported, as
// clients soft-fail.
inline constexpr MetricDef kOcspStatus{
    "lyncdiscover_ocsp_status",
    "Status of the presented certificate at this position (0 = leaf) from a live query to its OCSP "
    "responder, value 1.",
    MetricType::Gauge};
// + {position}, only for a valid live answer that has a nextUpdate.
inline constexpr MetricDef kOcspResponseNextUpdateTimestampSeconds{
    "lyncdiscover_ocsp_response_next_update_timestamp_seconds",
    "nextUpdate of the valid live OCSP answer for the presented certificate at this position, unix seconds.",
    MetricType::Gauge};
// + {position, kind} (crl|ocsp|ca_issuers): 1 when the URL the certificate at
// this position names answered with what it is for (a CRL that decoded, an
// OCSP answer that verified, a certificate), 0 when it was tried and failed
// (unreachable, timeout, HTTP status, junk, address_refused). Absent when
// the certificate names no such http URL or it was not tried (caIssuers is
// fetched only for a chain that lacks an issuer). Cached outcomes count.
inline constexpr MetricDef kRevocationUrlUp{
    "lyncdiscover_revocation_url_up",
    "Whether the CRL, OCSP or caIssuers URL named by the presented certificate at this position answered "
    "with a valid object (1) or failed (0).",
    MetricType::Gauge};
// + {position, kind, url}, value 1: the URL lyncdiscover_revocation_url_up
// reports on (the one that answered, else the first that failed), for a
// join; one per (position, kind).
inline constexpr MetricDef kRevocationUrlInfo{
    "lyncdiscover_revocation_url_info",
    "The URL that lyncdiscover_revocation_url_up reports on for this position and kind, value 1.",
    MetricType::Gauge};
// {target, host, role}: 1 when every address (node) of `host` met in this
// role presented the same leaf (by SHA-256), 0 when they differ; only where
// at least one handshake completed. A pool half rotated is 0.
inline constexpr MetricDef kCertConsistent{
    "lyncdiscover_cert_consistent",
    "Whether every node (address) behind this host presented the same leaf certificate.", MetricType::Gauge};
// Endpoint set. When this instance first saw the endpoint present its
// current leaf: a rotation moves it; the exporter's start is the earliest.
inline constexpr MetricDef kCertLastChangeTimestampSeconds{
    "lyncdiscover_cert_last_change_timestamp_seconds",
    "When this endpoint was first seen presenting its current leaf certificate (a rotation moves it), unix "
    "seconds.",
    MetricType::Gauge};
inline constexpr MetricDef kTlsHandshakeSeconds{
    "lyncdiscover_tls_handshake_seconds", "How long the TLS handshake took, in seconds.", MetricType::Gauge};
inline constexpr MetricDef kHttpStatusCode{"lyncdiscover_http_status_code",
                                           "HTTP status code of the endpoint's reply.", MetricType::Gauge};
inline constexpr MetricDef kHttpDurationSeconds{
    "lyncdiscover_http_duration_seconds",
    "How long the HTTP exchange took (request sent to body read), in seconds.", MetricType::Gauge};

// ---- Lync, per network: {target, network} ---------------------------------
inline constexpr MetricDef kDiscoverySuccess{
    "lyncdiscover_discovery_success", "Whether a usable autodiscover document was fetched on this network.",
    MetricType::Gauge};
// + {rel, href}, value 1: links of the final (post-redirect) document.
inline constexpr MetricDef kDiscoveryLinkInfo{
    "lyncdiscover_discovery_link_info", "A link of the autodiscover document, value 1.", MetricType::Gauge};
// {target, network, host, result}: the HTTP status of the plain-HTTP
// discovery leg of `host` (0: no answer); result = model::HttpLegName
// (redirect, https_redirect, document, unusable, unreachable). Observed for
// every name; lyncdiscover_discovery_leg_used says when a phone followed it.
inline constexpr MetricDef kDiscoveryHttpLegStatusCode{
    "lyncdiscover_discovery_http_leg_status_code",
    "HTTP status of the plain-HTTP discovery request to this name (0: no answer), and where it leads.",
    MetricType::Gauge};
// {target, network, profile, leg}: 1 for the leg (model::DiscoveryLegName:
// https, http) of the discovery name whose answer led this profile's path
// to its discovery document, 0 for the other; absent when the path broke
// before a document.
inline constexpr MetricDef kDiscoveryLegUsed{
    "lyncdiscover_discovery_leg_used",
    "Whether this profile's path reached its discovery document over this leg (https, or the plain-HTTP "
    "leg after HTTPS failed).",
    MetricType::Gauge};
// Whether the last discovery URL asked for the MS-OCDISCWS XML flavour
// (the final document's, or one whose JSON answer was refused or no
// document) parsed in it; absent when no URL answered (Lync desktop clients
// read XML).
inline constexpr MetricDef kDiscoveryXmlSuccess{
    "lyncdiscover_discovery_xml_success", "Whether the discovery document also parsed in its XML flavour.",
    MetricType::Gauge};
// + {scheme}, value 1: every WWW-Authenticate scheme the user link offered.
inline constexpr MetricDef kUserAuthSchemeInfo{"lyncdiscover_user_auth_scheme_info",
                                               "An authentication scheme offered by the anonymous user "
                                               "request (MsRtcOAuth, Bearer, NTLM, ...), value 1.",
                                               MetricType::Gauge};
// Challenges of that answer whose scheme was not kept: only the first
// budget::kAuthSchemes distinct schemes get a series. 0 when none was
// dropped (and when the user link was never fetched).
inline constexpr MetricDef kUserAuthSchemesDropped{
    "lyncdiscover_user_auth_schemes_dropped",
    "WWW-Authenticate challenges of the anonymous user request beyond the kept schemes, not kept.",
    MetricType::Gauge};
inline constexpr MetricDef kUcwaOauthChallenge{
    "lyncdiscover_ucwa_oauth_challenge", "Whether the user link answered 401 with an MsRtcOAuth challenge.",
    MetricType::Gauge};
// {target, network, profile}
inline constexpr MetricDef kMobileSigninReady{
    "lyncdiscover_mobile_signin_ready",
    "Whether a device with this profile would get as far as sign-in on this network.", MetricType::Gauge};
// {target, network, profile, step, reason, address}, value 1, for verdicts
// that failed; address: the node the failure was met at ("" for none).
inline constexpr MetricDef kSigninFailureInfo{
    "lyncdiscover_signin_failure_info",
    "The first step that breaks sign-in for this profile and why, value 1.", MetricType::Gauge};
// {target, network}: only for deployments with `auth` (a test account).
inline constexpr MetricDef kUcwaSigninSuccess{
    "lyncdiscover_ucwa_signin_success",
    "Whether the test account signed in (token, user resource, application created and deleted).",
    MetricType::Gauge};
// {target, network, step, reason}, value 1, when the sign-in failed; step =
// model::UcwaStepName (token, user, applications, delete).
inline constexpr MetricDef kUcwaSigninFailureInfo{"lyncdiscover_ucwa_signin_failure_info",
                                                  "The sign-in step that failed and why, value 1.",
                                                  MetricType::Gauge};
// {target, network, step}: every step the sign-in attempted.
inline constexpr MetricDef kUcwaSigninStepDurationSeconds{"lyncdiscover_ucwa_signin_step_duration_seconds",
                                                          "How long each attempted sign-in step took.",
                                                          MetricType::Gauge};

// ---- The exporter itself -------------------------------------------------
// {version, revision, compiler}, value 1. revision is the short git commit
// ("unknown" outside a git checkout), compiler e.g. "GNU 12.2.0".
inline constexpr MetricDef kBuildInfo{"lyncdiscover_exporter_build_info",
                                      "Version, git revision and compiler of lyncdiscover_exporter, value 1.",
                                      MetricType::Gauge};
inline constexpr MetricDef kConfigLastReloadSuccessful{"lyncdiscover_exporter_config_last_reload_successful",
                                                       "Whether the last configuration (re)load succeeded.",
                                                       MetricType::Gauge};
inline constexpr MetricDef kConfigLastReloadSuccessTimestampSeconds{
    "lyncdiscover_exporter_config_last_reload_success_timestamp_seconds",
    "When the configuration was last loaded successfully, unix seconds.", MetricType::Gauge};

// {shard, networks}, value 1: "I/N" ("1/1" unsharded) and the Lync networks
// probed from this instance ("internal,external", "external", ...).
inline constexpr MetricDef kInstanceInfo{
    "lyncdiscover_exporter_instance_info",
    "This instance's shard of the configured names and the Lync networks it probes, value 1.",
    MetricType::Gauge};
// {selection}: probed, other_shard, network_excluded; all three always. Over
// the shards of one configuration, sum(...{selection="probed"}) is the
// number of names configured.
inline constexpr MetricDef kTargets{
    "lyncdiscover_exporter_targets",
    "Configured targets and deployments: probed by this instance, left to other shards, or with none of "
    "their networks probed here.",
    MetricType::Gauge};

// ---- The exporter's own HTTP server ------------------------------------------
inline constexpr MetricDef kHttpConnectionsOpen{"lyncdiscover_exporter_http_connections_open",
                                                "Connections to the exporter's HTTP server open now.",
                                                MetricType::Gauge};
// {reason}: client_limit, server_limit, request_timeout, write_timeout,
// tls_handshake, plain_http_on_tls; every reason, zeros included.
inline constexpr MetricDef kHttpConnectionsDroppedTotal{
    "lyncdiscover_exporter_http_connections_dropped_total",
    "Connections the exporter's HTTP server closed before finishing with them, by reason.",
    MetricType::Counter};
// {handler, code}: handler is the route path, or "other" for requests
// refused before routing (bad request, unauthorized, unknown path).
inline constexpr MetricDef kHttpRequestsTotal{
    "lyncdiscover_exporter_http_requests_total",
    "Requests answered by the exporter's HTTP server, by handler and status code.", MetricType::Counter};

// ---- The exporter's process (no labels) ------------------------------------
// Names, help texts and types of client_golang's process collector, so the
// usual dashboards and alerts for exporters work here too; process_threads
// as the Rust clients name it (client_golang has go_threads instead).
// Omitted together when /proc cannot be read.
inline constexpr MetricDef kProcessCpuSecondsTotal{
    "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", MetricType::Counter};
inline constexpr MetricDef kProcessOpenFds{"process_open_fds", "Number of open file descriptors.",
                                           MetricType::Gauge};
inline constexpr MetricDef kProcessMaxFds{"process_max_fds", "Maximum number of open file descriptors.",
                                          MetricType::Gauge};
inline constexpr MetricDef kProcessVirtualMemoryBytes{"process_virtual_memory_bytes",
                                                      "Virtual memory size in bytes.", MetricType::Gauge};
// RLIMIT_AS soft limit; 2^64-1 (RLIM64_INFINITY) when unlimited, as procfs
// reports it to client_golang.
inline constexpr MetricDef kProcessVirtualMemoryMaxBytes{
    "process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.",
    MetricType::Gauge};
inline constexpr MetricDef kProcessResidentMemoryBytes{"process_resident_memory_bytes",
                                                       "Resident memory size in bytes.", MetricType::Gauge};
inline constexpr MetricDef kProcessStartTimeSeconds{"process_start_time_seconds",
                                                    "Start time of the process since unix epoch in seconds.",
                                                    MetricType::Gauge};
inline constexpr MetricDef kProcessThreads{"process_threads", "Number of OS threads in the process.",
                                           MetricType::Gauge};

}  // namespace lde::metrics
