// The ENGINE API is deprecated in OpenSSL 3.0 but present (Debian builds it);
// it is the only public switch to the built-in key methods, see the header.
#define OPENSSL_SUPPRESS_DEPRECATED

#include "ossl/key_decoding.h"

#include <openssl/evp.h>
#include <openssl/opensslconf.h>

#ifndef OPENSSL_NO_ENGINE
#include <openssl/engine.h>
#endif

#include <atomic>
#include <mutex>

namespace lde::ossl {
namespace {

std::atomic<bool> in_use{false};

#ifndef OPENSSL_NO_ENGINE

// RSA and EC: what certificates on the web and in enterprise PKIs carry. Not
// RSA-PSS: libssl checks PSS parameters through the provider path.
constexpr int kKeyTypes[] = {EVP_PKEY_RSA, EVP_PKEY_EC};

// ENGINE_PKEY_METHS_PTR: with pmeth null, list the key types; else hand out
// the method for `nid`. The built-in methods are static and never freed.
int BuiltInMethods(ENGINE*, EVP_PKEY_METHOD** pmeth, const int** nids, int nid) {
  if (pmeth == nullptr) {
    *nids = kKeyTypes;
    return static_cast<int>(std::size(kKeyTypes));
  }
  for (int type : kKeyTypes) {
    if (type == nid) {
      *pmeth = const_cast<EVP_PKEY_METHOD*>(EVP_PKEY_meth_find(nid));
      return *pmeth != nullptr ? 1 : 0;
    }
  }
  *pmeth = nullptr;
  return 0;
}

bool Register() {
  ENGINE* engine = ENGINE_new();
  if (engine == nullptr) return false;
  // ENGINE_add puts it in OpenSSL's engine list, which keeps a reference
  // (the method table does not) and frees it in OPENSSL_cleanup at exit.
  bool ok = ENGINE_set_id(engine, "lde-builtin-keys") == 1 &&
            ENGINE_set_name(engine, "OpenSSL built-in RSA and EC key methods") == 1 &&
            ENGINE_set_pkey_meths(engine, BuiltInMethods) == 1 && ENGINE_add(engine) == 1 &&
            ENGINE_register_pkey_meths(engine) == 1;
  ENGINE_free(engine);  // ours; the list's stays
  return ok;
}

#else

bool Register() { return false; }

#endif

}  // namespace

bool UseBuiltInKeyMethods() {
  static std::once_flag once;
  std::call_once(once, [] { in_use = Register(); });
  return in_use;
}

bool BuiltInKeyMethodsInUse() { return in_use; }

}  // namespace lde::ossl
