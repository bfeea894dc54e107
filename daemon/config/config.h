#pragma once

// The validated configuration. Produced only by LoadConfigFile /
// ParseConfigText (config_loader.h, which documents the defaults); immutable
// once built and shared as std::shared_ptr<const Config>.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "config/instance.h"
#include "model/budgets.h"

namespace lde::config {

struct GlobalConfig {
  Duration interval = std::chrono::seconds(60);
  Duration timeout = std::chrono::seconds(10);
  int concurrency = 16;
  std::size_t max_body_bytes = model::budget::kBodyBytes.value;  // discovery documents are tiny
  // Addresses probed per resolved name; the rest are counted, not probed.
  std::size_t max_addresses_per_name = model::budget::kAddressesPerName.value;
  // Vantage, shard and networks of this instance (instance.h).
  InstanceConfig instance;
};

struct TrustStoreConfig {
  std::string name;
  bool system = false;                // include the OS bundle
  std::vector<std::string> ca_files;  // PEM files, absolute after loading
};

struct ResolverConfig {
  std::string name;
  struct Server {
    std::string address;  // numeric IPv4/IPv6
    std::uint16_t port = 53;
    bool operator==(const Server&) const = default;
  };
  std::vector<Server> servers;  // empty = the system resolver
};

// The cryptography and naming rules a certificate chain must meet beyond
// trust and hostname: what a client enforces (Apple HT210176 for iOS 13+ /
// macOS 10.15+; OpenSSL's and the phones' own minimums). Profiles and plain
// targets both use one, by name. 0 / false = rule off. Each rule's name is
// its key, the `rule` label of lyncdiscover_cert_policy_violation.
struct PolicyConfig {
  std::string name;                      // "" for a profile's inline rules
  bool reject_sha1 = false;              // SHA-1 and older digests below the anchor fail
  int min_rsa_bits = 0;                  // RSA keys below fail
  int min_ec_bits = 0;                   // EC keys on smaller curves fail
  bool reject_dsa = false;               // DSA keys fail
  bool san_required = false;             // the name must be a DNS SAN; CN ignored
  int max_validity_days = 0;             // leaves from 2019-07-01 on
  bool require_server_auth_eku = false;  // leaves from 2019-07-01 on

  bool operator==(const PolicyConfig&) const = default;
};

// What every target and profile uses unless it names another: what current
// clients enforce on any chain (no MD5/SHA-1 signatures below the anchor,
// RSA >= 2048, EC >= 256 bits, no DSA). A config may redefine it.
inline constexpr std::string_view kDefaultPolicyName = "default";
// No rules at all: for a target whose weak cryptography is known and accepted.
inline constexpr std::string_view kNoPolicyName = "none";
PolicyConfig BuiltInDefaultPolicy();

enum class TargetScheme { kTls, kHttps };

struct TargetConfig {
  std::string name;
  // The URL as written is not kept: scheme, host, port and path are what is
  // probed, and messages quote the file (10,000 targets: 0.5 MB).
  TargetScheme scheme = TargetScheme::kTls;
  std::string host;                       // from the URL; IPv6 without brackets
  std::uint16_t port = 0;                 // from the URL or the scheme default
  std::string path = "/";                 // https only, with query
  std::string resolver;                   // "" = system resolver
  std::vector<std::string> trust_stores;  // names; every one is judged
                                          // default: ["public"] if defined, else all
  std::string server_name;                // SNI / expected hostname; defaults to host
                                          // (the loader fills it in; lower case, no trailing dot)
  PolicyConfig policy = {};               // resolved by the loader from `policy` (default "default")
  int line = 0;                           // where it was declared, for messages
};

// Issue 3: Lync deployments and device profiles.
struct ProfileConfig {
  std::string name;
  std::vector<std::string> trust_stores;  // union of anchors
  bool validate_certificates = true;      // false: clients before 5.4
  // Judged only when validate_certificates is true. The loader starts from
  // the named `policy` (default "default") and applies the profile's inline
  // rule keys over it.
  PolicyConfig policy = {};
};

struct NetworkConfig {
  bool enabled = false;  // the key is present in the file (even empty)
  std::string resolver;  // "" = system resolver
  std::uint16_t port = 443;
  std::uint16_t http_port = 80;  // the plain-HTTP discovery leg (followed where a phone would)
};

// A test account for the authenticated UCWA sign-in. The password is read
// from `password_file` at every (re)load (config/password_file.h) and lives
// only here and on the probe's stack: nothing renders a DeploymentConfig.
struct AuthConfig {
  std::string username;       // user@domain, as the token endpoint wants it
  std::string password_file;  // absolute after loading
  std::string password;       // the file's one line; secret, never logged

  bool operator==(const AuthConfig&) const = default;
};

struct DeploymentConfig {
  std::string domain;
  std::string name;  // `target` label; defaults to the domain
  // Every SIP domain the deployment's reverse proxy and Front End serve:
  // `domain` first, then `sip_domains` in file order; lower case, no
  // trailing dot, each once, at most budget::kSipDomains. Only `domain` is
  // walked; the others are names the certificates must carry. Filled in by
  // the loader; empty in a hand-built config means just `domain`.
  std::vector<std::string> sip_domains;
  std::string sip_uri;     // optional, sent as ?sipuri=
  NetworkConfig internal;  // lyncdiscoverinternal.<domain>
  NetworkConfig external;  // lyncdiscover.<domain>
  std::vector<std::string> trust_stores;
  std::vector<std::string> profiles;
  int line = 0;
  std::optional<AuthConfig> auth = std::nullopt;  // sign in with a test account
};

struct Config {
  GlobalConfig global;
  std::vector<TrustStoreConfig> trust_stores;
  std::vector<ResolverConfig> resolvers;
  std::vector<TargetConfig> targets;
  std::vector<PolicyConfig> policies;  // as declared; the built-ins are not listed
  std::vector<ProfileConfig> profiles;
  std::vector<DeploymentConfig> deployments;
  std::string source_path;  // the file it came from, "" if from a string

  const TrustStoreConfig* FindTrustStore(const std::string& name) const;
  const ResolverConfig* FindResolver(const std::string& name) const;
  const ProfileConfig* FindProfile(const std::string& name) const;
  // A declared policy, else the built-in of that name; nullopt if neither.
  std::optional<PolicyConfig> FindPolicy(const std::string& name) const;
};

}  // namespace lde::config
