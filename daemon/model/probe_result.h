#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "model/boxed.h"
#include "model/chain_report.h"
#include "model/discovery_document.h"
#include "model/interned_text.h"
#include "model/observations.h"
#include "model/vocabulary.h"

namespace lde::model {

// The first thing that went wrong in a probe step. `step` and `reason` become
// metric labels (lyncdiscover_probe_failure_info), so both are enums with one
// spelling each (model/vocabulary.h); `detail` is free text for logs and /status.
struct StepFailure {
  Step step = Step::kDns;
  Reason reason = Reason::kInternal;
  std::string detail;

  bool operator==(const StepFailure&) const = default;
};

struct DnsOutcome {
  InternedText host;
  InternedText resolver;  // resolver view name, "system" for the default
  bool success = false;
  std::vector<std::string> addresses;  // numeric, in answer order; at most max_addresses_per_name
  Boxed<StepFailure> failure;          // out of line: most lookups succeed
  Duration elapsed{};
  std::size_t addresses_skipped = 0;  // answer addresses beyond the budget: neither kept nor probed

  bool operator==(const DnsOutcome&) const = default;
};

// One rule of one policy that one presented certificate breaks.
struct PolicyViolation {
  std::string policy;        // config::PolicyConfig::name
  std::size_t position = 0;  // in the presented chain, 0 = leaf
  PolicyRule rule = PolicyRule::kRejectSha1;
  std::string detail;

  bool operator==(const PolicyViolation&) const = default;
};

// The names a Lync endpoint's certificate must carry for the job it does
// (reference/lync-discovery.md section 5), and those its leaf lacks as DNS
// SANs. Reported only: a name missing for another SIP domain of the
// deployment breaks that domain's users, not this probe's phones, so it
// never changes a verdict.
struct SanReport {
  // The role whose names were required: discovery_external for everything
  // the reverse proxy that answers lyncdiscover.<d> serves (same address and
  // port), discovery_internal for the Front End, web_external for web
  // services elsewhere.
  Role judged_as = Role::kNone;
  std::vector<std::string> required;  // lower case, no trailing dot; at most budget::kRequiredNames
  std::vector<std::string> missing;   // those the leaf does not cover, in `required` order
  std::size_t names_dropped = 0;      // required names beyond that budget, not checked

  bool operator==(const SanReport&) const = default;
};

// Everything observed and judged about one address of one host. Held for
// every endpoint until the next probe, so the parts most endpoints lack are
// Boxed (out of line, a pointer while absent).
struct EndpointReport {
  Role role = Role::kNone;           // kNone for plain targets
  Network network = Network::kNone;  // kNone for plain targets
  Endpoint endpoint;
  std::optional<TlsObservation> tls;
  Boxed<HttpObservation> http;       // HTTPS and Lync endpoints only: out of line
  std::optional<ChainReport> chain;  // present whenever a handshake completed
  // Present when the presented chain lacked an issuer and an AIA fetch was due.
  Boxed<IssuerFetchReport> issuer_fetch;
  // Every violation of the policies this endpoint was judged by (the
  // target's; for a Lync endpoint, each certificate-validating profile's),
  // not only the first: a dashboard shows them all.
  std::vector<PolicyViolation> policy_violations;
  // When this endpoint (target, role, network, host, port, address) was
  // first seen presenting its current leaf by this instance: a rotation
  // moves it (results/leaf_history.h). Unset without a leaf.
  std::optional<SysTime> leaf_since;
  Boxed<StepFailure> failure;  // first failed step on this endpoint
  // Lync endpoints with a chain whose role asks for names (not oauth).
  Boxed<SanReport> san;

  bool operator==(const EndpointReport&) const = default;
};

// Per device profile: would a phone with this profile sign in on this network?
struct ProfileVerdict {
  std::string profile;
  bool ready = false;
  std::optional<StepFailure> failure;  // the first step that breaks it
  // The node (server address) the failure was met at; "" when it was met at
  // no address (DNS, a missing challenge, an invalid href).
  std::string failure_address = {};
  // The leg of the discovery name that led this profile's path to its
  // discovery document; unset when the path broke before the document.
  std::optional<DiscoveryLeg> leg = {};

  bool operator==(const ProfileVerdict&) const = default;
};

// The plain-HTTP discovery leg of one discovery name on one network:
// observed and reported for every name; the walk follows it only where a
// phone would (HTTPS failed without a certificate rejection).
struct HttpLegReport {
  std::string host;  // lyncdiscover.<d> or lyncdiscoverinternal.<d>
  int status = 0;    // 0: no answer
  HttpLeg leads_to = HttpLeg::kUnreachable;
  std::string location;  // the https URL it leads to, when it names one
  std::string detail;    // why it is unusable or unreachable

  bool operator==(const HttpLegReport&) const = default;
};

// How long one step of the authenticated sign-in took (attempted steps only).
struct UcwaStepTime {
  UcwaStep step = UcwaStep::kToken;
  Duration elapsed{};

  bool operator==(const UcwaStepTime&) const = default;
};

// The authenticated UCWA sign-in on one network (a deployment with `auth`):
// token, user resource, application created and deleted. Never holds the
// token or the password.
struct UcwaSignin {
  bool success = false;
  UcwaStep failed_step = UcwaStep::kToken;  // meaningful when !success
  Reason reason = Reason::kOk;              // meaningful when !success
  std::string detail;                       // why, for logs and /status
  std::vector<UcwaStepTime> steps;          // in order, those attempted
  // It stopped before the credentials would have gone to a server no trust
  // store vouches for (probe/credential_guard.h): unknown, not refused, for
  // a phone that validates no certificate.
  bool credentials_withheld = false;

  bool operator==(const UcwaSignin&) const = default;
};

// The Lync flow on one network (internal or external).
struct NetworkReport {
  Network network = Network::kNone;  // internal | external
  bool discovery_success = false;
  std::string discovery_host;        // the name whose document was used
  std::vector<DiscoveryLink> links;  // links of the final (post-redirect) document
  bool oauth_challenge = false;      // the user link answered 401 + MsRtcOAuth
  std::string oauth_href;
  std::vector<std::string>
      auth_schemes;  // WWW-Authenticate schemes the user link offered (budget::kAuthSchemes)
  std::size_t auth_schemes_dropped = 0;       // offered beyond that budget, not kept
  std::optional<bool> xml_discovery_success;  // the XML flavour of the final document parsed
  std::vector<HttpLegReport> http_legs;       // one per discovery name of this network
  // Present when the deployment has `auth` and the walk reached the OAuth
  // challenge, or failed before it (then failed at step token).
  std::optional<UcwaSignin> signin = std::nullopt;
  std::vector<ProfileVerdict> verdicts;
  // The leg the walk's discovery document came over: http when it was the
  // plain-HTTP leg of discovery_host (its HTTPS having failed); unset
  // without a document.
  std::optional<DiscoveryLeg> discovery_leg = {};

  bool operator==(const NetworkReport&) const = default;
};

struct ProbeResult {
  std::string target;
  std::string kind;  // "tls", "https" or "lync"
  SysTime started{};
  Duration duration{};
  bool success = false;
  std::vector<DnsOutcome> dns;
  std::vector<EndpointReport> endpoints;
  Boxed<StepFailure> failure;           // target-level failure (e.g. dns); out of line: most probes succeed
  std::vector<NetworkReport> networks;  // Lync deployments only
  std::vector<std::string> log;         // this probe's log lines, for /status

  bool operator==(const ProbeResult&) const = default;
};

}  // namespace lde::model
