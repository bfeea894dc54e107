// One case per kind of mistake: each snippet must produce exactly one error,
// on the given line, containing the given text.

#include <gtest/gtest.h>

#include <string>

#include "config/config_loader.h"

namespace lde::config {
namespace {

struct ErrorCase {
  const char* what;
  const char* yaml;
  int line;
  const char* message;
};

const ErrorCase kCases[] = {
    // Malformed YAML, and the shape of the document.
    {"malformed yaml", "global:\n  interval: [60s\n", 3, "invalid YAML: end of sequence flow not found"},
    {"bad indentation", "global:\n  interval: 60s\n timeout: 5s\n", 3, "invalid YAML"},
    {"scalar root", "just text\n", 1, "the top level must be a mapping of sections, got a scalar"},
    {"sequence root", "- a\n", 1, "the top level must be a mapping of sections, got a sequence"},
    {"two documents", "global: {}\n---\nglobal: {}\n", 3, "must hold one YAML document"},
    // Unknown and duplicate keys at every level.
    {"unknown top-level key", "global: {}\ntarget: []\n", 2, "unknown top-level key \"target\""},
    {"unknown global key", "global:\n  interval: 60s\n  intervall: 30s\n", 3,
     "global: unknown key \"intervall\""},
    {"unknown trust store key", "trust_stores:\n  public: {system: true, ca_file: x}\n", 2,
     "trust_stores.public: unknown key \"ca_file\""},
    {"unknown resolver key", "resolvers:\n  corp: {server: []}\n", 2,
     "resolvers.corp: unknown key \"server\""},
    {"unknown target key", "targets:\n  - name: a\n    url: tls://a.test:1\n    sni: a\n", 4,
     "targets[0]: unknown key \"sni\""},
    {"unknown profile key", "profiles:\n  p: {validate: false}\n", 2, "profiles.p: unknown key \"validate\""},
    {"unknown deployment key", "deployments:\n  - domain: c.test\n    external: {}\n    sipuri: a@c.test\n",
     4, "deployments[0]: unknown key \"sipuri\""},
    {"unknown network key", "deployments:\n  - domain: c.test\n    external: {prot: 443}\n", 3,
     "deployments[0].external: unknown key \"prot\""},
    // The instance's share (global.vantage, shard, networks).
    {"bad vantage", "global:\n  vantage: in side\n", 2,
     "global.vantage: may hold only letters, digits, '_', '.' and '-'"},
    {"shard without a slash", "global:\n  shard: 2\n", 2, "global.shard: expected I/N, as 1/3, got \"2\""},
    {"shard index beyond its count", "global:\n  shard: 3/2\n", 2,
     "global.shard: I must be between 1 and N, got \"3/2\""},
    {"shard count zero", "global:\n  shard: 0/0\n", 2, "global.shard: N must be between 1 and 1024"},
    {"unknown network", "global:\n  networks: [external, dmz]\n", 2,
     "global.networks: unknown network \"dmz\"; expected internal or external"},
    {"network twice", "global:\n  networks: [external, external]\n", 2,
     "global.networks: \"external\" is listed twice"},
    {"no network", "global:\n  networks: []\n", 2,
     "global.networks: name at least one of internal, external"},
    {"duplicate key", "global:\n  interval: 60s\n  interval: 30s\n", 3, "global: duplicate key \"interval\""},
    {"duplicate store", "trust_stores:\n  a: {system: true}\n  a: {system: true}\n", 3,
     "trust_stores: duplicate key \"a\""},
    {"non-scalar key", "global:\n  [a]: 1\n", 2, "global: keys must be strings"},
    // Wrong types.
    {"section not a mapping", "global: 60s\n", 1, "global: expected a mapping, got a scalar"},
    {"targets not a list", "targets: {name: a}\n", 1, "targets: expected a list of targets, got a mapping"},
    {"deployments not a list", "deployments: contoso.test\n", 1,
     "deployments: expected a list of deployments, got a scalar"},
    {"target not a mapping", "targets:\n  - tls://a.test:1\n", 2,
     "targets[0]: expected a mapping, got a scalar"},
    {"empty target", "targets:\n  -\n  - {name: b, url: 'tls://b.test:1'}\n", 1, "targets[0]: is empty"},
    {"string expected", "targets:\n  - name: [a]\n    url: tls://a.test:1\n", 2,
     "targets[0].name: expected a string, got a sequence"},
    {"empty value", "targets:\n  - name:\n    url: tls://a.test:1\n", 2,
     "targets[0].name: has no value (expected a string)"},
    {"empty string", "targets:\n  - name: ''\n    url: tls://a.test:1\n", 2,
     "targets[0].name: must not be empty"},
    {"bool expected", "trust_stores:\n  public: {system: maybe}\n", 2,
     "trust_stores.public.system: expected true or false, got \"maybe\""},
    {"integer expected", "global: {concurrency: 1.5}\n", 1,
     "global.concurrency: expected an integer, got \"1.5\""},
    {"list expected", "targets:\n  - {name: a, url: 'tls://a.test:1', trust_stores: public}\n", 2,
     "targets[0].trust_stores: expected a list, got a scalar"},
    {"list item not a string",
     "targets:\n  - name: a\n    url: tls://a.test:1\n    trust_stores: [[public]]\n", 4,
     "targets[0].trust_stores[0]: expected a string, got a sequence"},
    {"control character in name", "targets:\n  - {name: \"a\\tb\", url: 'tls://a.test:1'}\n", 2,
     "targets[0].name: must not contain control characters"},
    // Missing required keys.
    {"target without url", "targets:\n  - name: a\n", 2, "targets[0]: missing required key \"url\""},
    {"target without name", "targets:\n  - url: tls://a.test:1\n", 2,
     "targets[0]: missing required key \"name\""},
    {"deployment without domain", "deployments:\n  - external: {}\n", 2,
     "deployments[0]: missing required key \"domain\""},
    // References.
    {"unknown trust store", "targets:\n  - {name: a, url: 'tls://a.test:1', trust_stores: [corp]}\n", 2,
     "targets[0].trust_stores: unknown trust store \"corp\" (defined: public)"},
    {"trust store listed twice",
     "targets:\n  - name: a\n    url: tls://a.test:1\n    trust_stores:\n"
     "      - public\n      - public\n",
     6, "\"public\" is listed twice"},
    {"empty trust store list", "targets:\n  - {name: a, url: 'tls://a.test:1', trust_stores: []}\n", 2,
     "targets[0].trust_stores: must name at least one trust store"},
    {"unknown resolver", "targets:\n  - {name: a, url: 'tls://a.test:1', resolver: corp}\n", 2,
     "targets[0].resolver: unknown resolver \"corp\" (none are defined)"},
    {"unknown network resolver",
     "resolvers: {dns: {}}\ndeployments:\n  - domain: c.test\n"
     "    internal: {resolver: corp}\n",
     4, "unknown resolver \"corp\" (defined: dns)"},
    {"unknown profile", "deployments:\n  - domain: c.test\n    external: {}\n    profiles: [managed]\n", 4,
     "deployments[0].profiles: unknown profile \"managed\" (none are defined)"},
    {"unknown store in profile", "profiles:\n  p: {trust_stores: [corp]}\n", 2,
     "profiles.p.trust_stores: unknown trust store \"corp\""},
    {"profile validating against nothing", "profiles:\n  p: {trust_stores: []}\n", 2,
     "profiles.p.trust_stores: must name at least one trust store"},
    // Device rules of a profile.
    {"san_required not a bool", "profiles:\n  p: {san_required: SAN}\n", 2,
     "profiles.p.san_required: expected true or false, got \"SAN\""},
    {"reject_sha1 a list", "profiles:\n  p:\n    reject_sha1: [true]\n", 3,
     "profiles.p.reject_sha1: expected true or false, got a sequence"},
    {"require_server_auth_eku not a bool", "profiles:\n  p: {require_server_auth_eku: 1x}\n", 2,
     "profiles.p.require_server_auth_eku: expected true or false, got \"1x\""},
    {"min_rsa_bits not an integer", "profiles:\n  p: {min_rsa_bits: 2k}\n", 2,
     "profiles.p.min_rsa_bits: expected an integer, got \"2k\""},
    {"min_rsa_bits 0", "profiles:\n  p: {min_rsa_bits: 0}\n", 2,
     "profiles.p.min_rsa_bits: 0 is out of range 1-16384"},
    {"min_rsa_bits too big", "profiles:\n  p:\n    min_rsa_bits: 16385\n", 3,
     "profiles.p.min_rsa_bits: 16385 is out of range 1-16384"},
    {"min_rsa_bits negative", "profiles:\n  p: {min_rsa_bits: -2048}\n", 2, "-2048 is out of range 1-16384"},
    {"min_ec_bits too big", "profiles:\n  p: {min_ec_bits: 1025}\n", 2,
     "profiles.p.min_ec_bits: 1025 is out of range 1-1024"},
    {"reject_dsa not a bool", "policies:\n  p: {reject_dsa: dsa}\n", 2,
     "policies.p.reject_dsa: expected true or false, got \"dsa\""},
    {"policy rule misspelt", "policies:\n  p: {min_rsa_bit: 2048}\n", 2, "min_rsa_bit"},
    {"policy not a mapping", "policies:\n  p: [reject_sha1]\n", 2, "policies.p"},
    {"policy named none", "policies:\n  none: {reject_sha1: true}\n", 2,
     "policies.none: the name \"none\" is reserved"},
    {"policy name invalid", "policies:\n  \"a b\": {reject_sha1: true}\n", 2, "invalid name \"a b\""},
    {"profile names unknown policy", "profiles:\n  p: {policy: strict}\n", 2,
     "profiles.p.policy: unknown policy \"strict\""},
    {"target names unknown policy",
     "targets:\n  - name: a\n    url: tls://a.example.test:443\n    policy: strict\n", 4,
     "targets[0].policy: unknown policy \"strict\""},
    {"target policy a list", "targets:\n  - {name: a, url: \"tls://a.example.test:443\", policy: [a]}\n", 2,
     "targets[0].policy"},
    {"max_validity_days 0", "profiles:\n  p: {max_validity_days: 0}\n", 2,
     "profiles.p.max_validity_days: 0 is out of range 1-36500"},
    {"max_validity_days a duration", "profiles:\n  p: {max_validity_days: 825d}\n", 2,
     "profiles.p.max_validity_days: expected an integer, got \"825d\""},
    {"max_validity_days overflow", "profiles:\n  p: {max_validity_days: 99999999999999999999}\n", 2,
     "is out of range 1-36500"},
    {"invalid store name", "trust_stores:\n  'my store': {system: true}\n", 2, "invalid name \"my store\""},
    {"reserved resolver name", "resolvers:\n  system: {}\n", 2, "the name \"system\" is reserved"},
    // URLs.
    {"url scheme", "targets:\n  - {name: a, url: 'http://a.test/'}\n", 2, "unsupported scheme \"http\""},
    {"url missing host", "targets:\n  - {name: a, url: 'https:///x'}\n", 2, "missing host"},
    {"url missing port", "targets:\n  - {name: a, url: 'tls://a.test'}\n", 2, "a tls:// URL needs a port"},
    {"url bad port", "targets:\n  - {name: a, url: 'tls://a.test:x'}\n", 2, "port \"x\" is not a number"},
    {"url port 0", "targets:\n  - {name: a, url: 'tls://a.test:0'}\n", 2, "port 0 is out of range 1-65535"},
    {"url port too big", "targets:\n  - {name: a, url: 'tls://a.test:65536'}\n", 2,
     "port 65536 is out of range 1-65535"},
    {"url userinfo", "targets:\n  - {name: a, url: 'https://me@a.test/'}\n", 2,
     "userinfo (user@) is not allowed"},
    {"duplicate target name",
     "targets:\n  - {name: a, url: 'tls://a.test:1'}\n"
     "  - {name: a, url: 'tls://b.test:1'}\n",
     3, "duplicate target name \"a\" (first declared on line 2)"},
    {"bad server_name", "targets:\n  - {name: a, url: 'tls://a.test:1', server_name: 'a b'}\n", 2,
     "targets[0].server_name: invalid host name \"a b\""},
    // Global settings.
    {"bad duration", "global: {interval: 1 minute}\n", 1, "global.interval: invalid duration \"1 minute\""},
    {"unitless duration", "global: {timeout: 10}\n", 1, "global.timeout: invalid duration \"10\""},
    {"negative duration", "global: {timeout: -1s}\n", 1, "global.timeout: invalid duration \"-1s\""},
    {"overflowing duration", "global: {interval: 300y}\n", 1, "global.interval: invalid duration \"300y\""},
    {"zero duration", "global: {interval: 0s}\n", 1, "global.interval: must be greater than zero"},
    {"timeout above interval", "global:\n  interval: 30s\n  timeout: 31s\n", 3,
     "global.timeout (31s) must not be longer than global.interval (30s)"},
    {"timeout above default interval", "global:\n  timeout: 2m\n", 2,
     "global.timeout (2m) must not be longer than global.interval (1m)"},
    {"interval below default timeout", "global:\n  interval: 5s\n", 2,
     "global.timeout (10s) must not be longer than global.interval (5s)"},
    {"concurrency 0", "global: {concurrency: 0}\n", 1, "global.concurrency: 0 is out of range 1-4096"},
    {"concurrency too big", "global: {concurrency: 4097}\n", 1,
     "global.concurrency: 4097 is out of range 1-4096"},
    {"concurrency overflow", "global: {concurrency: 99999999999999999999}\n", 1, "is out of range 1-4096"},
    {"max_body_bytes 0", "global: {max_body_bytes: 0}\n", 1, "global.max_body_bytes: 0 is out of range"},
    // Trust stores.
    {"missing ca file", "trust_stores:\n  corp:\n    ca_files: [nope.pem]\n", 3,
     "trust_stores.corp.ca_files[0]: cannot read CA file"},
    {"ca file is a directory", "trust_stores:\n  corp:\n    ca_files: ['/']\n", 3,
     "cannot read CA file /: is a directory"},
    {"store without anchors", "trust_stores:\n  corp: {system: false}\n", 2,
     "trust_stores.corp: has no trust anchors: set system: true or list ca_files"},
    // Resolvers.
    {"resolver server is a name", "resolvers:\n  corp: {servers: [dns.corp.test]}\n", 2,
     "resolvers.corp.servers[0]: \"dns.corp.test\" is not a numeric IP address"},
    {"resolver server bad port", "resolvers:\n  corp:\n    servers:\n      - 192.0.2.1:70000\n", 4,
     "resolvers.corp.servers[0]: port 70000 is out of range"},
    // Deployments.
    {"bad domain", "deployments:\n  - {domain: 'contoso..test', external: {}}\n", 2,
     "deployments[0].domain: invalid domain name \"contoso..test\""},
    {"ip as domain", "deployments:\n  - {domain: 192.0.2.1, external: {}}\n", 2,
     "invalid domain name \"192.0.2.1\""},
    {"no network", "deployments:\n  - domain: contoso.test\n", 2,
     "deployments[0]: probes no network: add `internal:`, `external:` or both"},
    {"network port 0", "deployments:\n  - domain: c.test\n    external: {port: 0}\n", 3,
     "deployments[0].external.port: 0 is out of range 1-65535"},
    {"bad sip_uri", "deployments:\n  - {domain: c.test, external: {}, sip_uri: 'monitor'}\n", 2,
     "deployments[0].sip_uri: expected user@domain, got \"monitor\""},
    {"bad sip domain",
     "deployments:\n  - domain: c.test\n    external: {}\n    sip_domains:\n"
     "      - b.test\n      - 'bad_domain.test'\n",
     6, "deployments[0].sip_domains[1]: invalid domain name \"bad_domain.test\""},
    {"wildcard sip domain", "deployments:\n  - {domain: c.test, external: {}, sip_domains: ['*.c.test']}\n",
     2, "deployments[0].sip_domains[0]: invalid domain name \"*.c.test\""},
    {"sip_domains not a list",
     "deployments:\n  - domain: c.test\n    external: {}\n    sip_domains: b.test\n", 4,
     "deployments[0].sip_domains: expected a list, got a scalar"},
    {"deployment name collides with target",
     "targets:\n  - {name: contoso, url: 'tls://a.test:1'}\ndeployments:\n  - domain: c.test\n"
     "    name: contoso\n    external: {}\n",
     5, "name \"contoso\" is already used by the target on line 2"},
    {"deployment domain collides with target",
     "targets:\n  - {name: c.test, url: 'tls://a.test:1'}\ndeployments:\n  - domain: c.test\n"
     "    external: {}\n",
     4, "set `name` to tell them apart"},
    {"two deployments, one name",
     "deployments:\n  - {domain: c.test, external: {}}\n  - {domain: C.test, internal: {}}\n", 3,
     "name \"c.test\" is already used by the deployment on line 2"},
};

TEST(ConfigLoaderErrorsTest, EachMistakeIsOneErrorWithLineAndText) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.what);
    ConfigLoadResult result = ParseConfigText(c.yaml, "case.yaml", LDE_CONFIG_TEST_DATA_DIR);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.config, nullptr);
    ASSERT_EQ(result.errors.size(), 1u) << ::testing::PrintToString(result.errors);
    const std::string prefix = "case.yaml:" + std::to_string(c.line) + ": ";
    EXPECT_TRUE(result.errors[0].starts_with(prefix)) << result.errors[0] << "\nwanted " << prefix;
    EXPECT_NE(result.errors[0].find(c.message), std::string::npos) << result.errors[0];
  }
}

}  // namespace
}  // namespace lde::config
