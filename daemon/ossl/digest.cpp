#include "ossl/digest.h"

#include <openssl/evp.h>

namespace lde::ossl {
namespace {

// Fetched on first use, kept for the process (EVP_MD is reference-counted
// and safe to share between threads once fetched).
const EVP_MD* Sha256Md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

}  // namespace

struct Sha256::State {
  EVP_MD_CTX* ctx = nullptr;
  bool ok = false;
};

Sha256::Sha256() : state_(new State) {
  state_->ctx = EVP_MD_CTX_new();
  state_->ok = state_->ctx != nullptr && Sha256Md() != nullptr &&
               EVP_DigestInit_ex2(state_->ctx, Sha256Md(), nullptr) == 1;
}

Sha256::~Sha256() {
  EVP_MD_CTX_free(state_->ctx);
  delete state_;
}

Sha256& Sha256::Update(const void* data, std::size_t size) {
  if (state_->ok && size > 0) state_->ok = EVP_DigestUpdate(state_->ctx, data, size) == 1;
  return *this;
}

Sha256& Sha256::Update(std::string_view bytes) { return Update(bytes.data(), bytes.size()); }

std::optional<Sha256Digest> Sha256::Final() {
  Sha256Digest out{};
  unsigned int len = 0;
  if (!state_->ok || EVP_DigestFinal_ex(state_->ctx, out.data(), &len) != 1 || len != out.size()) {
    state_->ok = false;
    return std::nullopt;
  }
  state_->ok = false;  // finished: a second Final fails rather than hash nothing
  return out;
}

std::optional<Sha256Digest> Sha256Of(const void* data, std::size_t size) {
  return Sha256().Update(data, size).Final();
}

}  // namespace lde::ossl
