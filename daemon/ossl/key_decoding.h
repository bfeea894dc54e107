#pragma once

// How this process turns the public key of a certificate into an EVP_PKEY.
//
// OpenSSL 3.0 decodes every certificate's SubjectPublicKeyInfo, while it
// parses the certificate, by building a decoder context from scratch
// (OSSL_DECODER_CTX_new_for_pkey: every key manager and decoder of every
// provider is listed, matched and chained, under the providers' locks). That
// is three quarters of d2i_X509, and a quarter of the daemon's CPU per probe
// (perf of the resident daemon on 100 distinct ECDSA leaves): libssl parses
// the server's chain on every handshake, and x509/ parses what its memo has
// not seen. OpenSSL 3.1 and later cache these contexts; 3.0 does not.
//
// x509_pubkey_decode takes OpenSSL's own built-in ASN.1 method instead (the
// 1.1.1 path, no decoder) when an ENGINE supplies the key type's
// EVP_PKEY_METHOD. UseBuiltInKeyMethods registers one that supplies, for RSA
// and EC keys, exactly OpenSSL's built-in methods (EVP_PKEY_meth_find): the
// same arithmetic, reached without the decoder. Keys OpenSSL's built-in
// methods do not cover (RSA-PSS, DSA, Ed25519, ...) keep the provider path.
// The results are the same either way (tests/unit/ossl compares facts,
// verdicts and handshakes on both paths); d2i_X509 of a P-256 leaf costs
// about a quarter of what it did.
//
// Process-wide and permanent (ENGINE registration cannot be undone safely
// while other threads may hold such keys): call once at start-up, before any
// thread probes. Idempotent. Returns false (and changes nothing) when the
// OpenSSL build has no ENGINE support or registration fails; everything then
// works as before, only slower.

namespace lde::ossl {

bool UseBuiltInKeyMethods();

// Whether UseBuiltInKeyMethods succeeded in this process.
bool BuiltInKeyMethodsInUse();

}  // namespace lde::ossl
