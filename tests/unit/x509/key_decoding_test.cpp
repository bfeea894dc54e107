// ossl::UseBuiltInKeyMethods changes how every later certificate's key is
// decoded, for the whole process: this test has a binary of its own, and
// judges certificates first on OpenSSL's provider path, then switches, then
// judges the same kinds of certificates again.
#include "ossl/key_decoding.h"

#include <gtest/gtest.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#include <string>
#include <vector>

#include "support/certs/cert_specs.h"
#include "x509/certificate.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace lde::ossl {
namespace {

using lde::testing::CaSpec;
using lde::testing::CertSpec;
using lde::testing::LeafSpec;
using lde::testing::MintedCert;
using lde::testing::MintSelfSigned;
using lde::testing::MintSigned;

const SysTime kNow = lde::testing::kTestNow;
using Key = CertSpec::Key;

// Whether OpenSSL decoded this certificate's key through a provider (the
// decoder path) rather than a built-in method.
bool KeyFromProvider(const model::Der& der) {
  const unsigned char* p = der.data();
  X509* cert = d2i_X509(nullptr, &p, static_cast<long>(der.size()));
  if (cert == nullptr) return false;
  const EVP_PKEY* key = X509_get0_pubkey(cert);
  bool provided = key != nullptr && EVP_PKEY_get0_provider(key) != nullptr;
  X509_free(cert);
  return provided;
}

// What the daemon reads off a root -> intermediate -> leaf chain whose three
// certificates all have key type `key`: everything but serials, dates and
// fingerprints, which differ between two mintings.
struct Judgement {
  std::vector<std::string> facts;
  bool verified = false;
  int verify_error = 0;
  bool leaf_issued_by_intermediate = false;
  bool intermediate_issued_by_leaf = true;
  bool operator==(const Judgement&) const = default;
};

struct Chain {
  MintedCert root, intermediate, leaf;
};

Chain Mint(Key key) {
  CertSpec root_spec = CaSpec("KD Root");
  root_spec.key = key;
  CertSpec intermediate_spec = CaSpec("KD Intermediate");
  intermediate_spec.key = key;
  CertSpec leaf_spec = LeafSpec("kd.test");
  leaf_spec.key = key;
  MintedCert root = MintSelfSigned(root_spec);
  MintedCert intermediate = MintSigned(intermediate_spec, root);
  MintedCert leaf = MintSigned(leaf_spec, intermediate);
  return Chain{root, intermediate, leaf};
}

Judgement Judge(const Chain& chain) {
  const MintedCert& root = chain.root;
  const MintedCert& intermediate = chain.intermediate;
  const MintedCert& leaf = chain.leaf;
  Judgement j;
  for (const MintedCert* cert : {&leaf, &intermediate, &root}) {
    auto facts = x509::DecodeCertificate(cert->der);
    if (!facts.ok()) {
      j.facts.push_back("error: " + facts.error().detail);
      continue;
    }
    const model::CertFacts& f = facts.value();
    j.facts.push_back(f.subject + "|" + f.key_type + "|" + std::to_string(f.key_bits) + "|" +
                      f.signature_algorithm + "|" + (f.is_ca ? "ca" : "leaf"));
  }
  auto store = x509::TrustStore::FromPem("kd", root.pem);
  if (store.ok()) {
    x509::VerifyOutcome out = x509::VerifyChain({leaf.der, intermediate.der}, *store.value(), kNow);
    j.verified = out.ok;
    j.verify_error = out.error;
  }
  j.leaf_issued_by_intermediate = x509::IsIssuedBy(leaf.der, intermediate.der);
  j.intermediate_issued_by_leaf = x509::IsIssuedBy(intermediate.der, leaf.der);
  return j;
}

TEST(KeyDecodingTest, BuiltInMethodsJudgeEveryKeyTypeAsTheProvidersDo) {
  const std::vector<Key> keys = {Key::kEcP256,  Key::kEcP384,  Key::kEcP192, Key::kRsa2048,
                                 Key::kRsa1024, Key::kDsa1024, Key::kEd25519};
  ASSERT_FALSE(BuiltInKeyMethodsInUse());
  // Everything is minted first: with the built-in methods, OpenSSL's legacy
  // key generation does not know NIST curve names ("P-256"), which the test
  // factory uses (libssl asks for "prime256v1", and keeps working).
  std::vector<Chain> judged_before, judged_after;
  for (Key key : keys) {
    judged_before.push_back(Mint(key));
    judged_after.push_back(Mint(key));
  }
  std::vector<Judgement> before;
  for (const Chain& chain : judged_before) before.push_back(Judge(chain));
  const MintedCert ec_before = MintSelfSigned(CaSpec("EC before"));
  CertSpec rsa_spec = CaSpec("RSA");
  rsa_spec.key = Key::kRsa2048;
  const MintedCert rsa = MintSelfSigned(rsa_spec);
  CertSpec ed_spec = CaSpec("Ed25519");
  ed_spec.key = Key::kEd25519;
  const MintedCert ed25519 = MintSelfSigned(ed_spec);
  CertSpec dsa_spec = CaSpec("DSA");
  dsa_spec.key = Key::kDsa1024;
  const MintedCert dsa = MintSelfSigned(dsa_spec);
  EXPECT_TRUE(KeyFromProvider(ec_before.der));

  ASSERT_TRUE(UseBuiltInKeyMethods()) << "this OpenSSL build has no ENGINE support";
  EXPECT_TRUE(UseBuiltInKeyMethods());  // idempotent
  EXPECT_TRUE(BuiltInKeyMethodsInUse());
  EXPECT_FALSE(KeyFromProvider(ec_before.der));  // the same bytes, decoded the other way now

  for (std::size_t i = 0; i < keys.size(); ++i) {
    SCOPED_TRACE("key type #" + std::to_string(i));
    Judgement after = Judge(judged_after[i]);
    EXPECT_EQ(after.facts, before[i].facts);
    EXPECT_EQ(after.verified, before[i].verified);
    EXPECT_EQ(after.verify_error, before[i].verify_error);
    EXPECT_TRUE(after.leaf_issued_by_intermediate);
    EXPECT_FALSE(after.intermediate_issued_by_leaf);
    EXPECT_EQ(after, before[i]);
  }
  // Every chain above verified: the comparison is of working judgements.
  for (const Judgement& j : before) EXPECT_TRUE(j.verified) << j.facts.front();
  // Only RSA and EC keys left the provider path.
  EXPECT_FALSE(KeyFromProvider(rsa.der));
  EXPECT_TRUE(KeyFromProvider(ed25519.der));
  EXPECT_TRUE(KeyFromProvider(dsa.der));
}

}  // namespace
}  // namespace lde::ossl
