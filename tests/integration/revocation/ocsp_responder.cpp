#include "ocsp_responder.h"

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "support/certs/revocation_factory.h"
#include "support/daemon/daemon_process.h"

// Set by CMake (find_program); RunCommand execs a path, not a name.
#ifndef LDE_OPENSSL_BIN
#define LDE_OPENSSL_BIN "/usr/bin/openssl"
#endif

namespace lde::testing {
namespace {

TlsTestServerOptions PlainHttp(const std::string& bind_address, HttpHandler handler) {
  TlsTestServerOptions options;
  options.tls = false;
  options.bind_address = bind_address;
  options.handler = std::move(handler);
  return options;
}

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string MakeTempDir() {
  char tmpl[] = "/tmp/lde-ocsp-XXXXXX";
  if (mkdtemp(tmpl) == nullptr) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

std::string HttpResponse(int status, const std::string& content_type, const std::string& body) {
  return "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Error") +
         "\r\nContent-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace

OcspResponder::OcspResponder(const MintedCert& ca, const MintedCert& signer, const std::string& bind_address,
                             int next_update_minutes)
    : dir_(MakeTempDir()),
      bind_address_(bind_address),
      next_update_minutes_(next_update_minutes),
      server_(PlainHttp(bind_address, [this](const std::string& raw) { return Respond(raw); })) {
  WriteFile(dir_ + "/ca.pem", ca.pem);
  WriteFile(dir_ + "/rsigner.pem", signer.pem);
  WriteFile(dir_ + "/rkey.pem", signer.key_pem);
  std::lock_guard<std::mutex> lock(mutex_);
  WriteIndex();
}

OcspResponder::~OcspResponder() {
  server_.Stop();  // no request in flight reads dir_ after this
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void OcspResponder::SetStatus(const MintedCert& cert, Status status) {
  std::string serial = SerialHex(cert);
  // openssl's index holds serials as BN_bn2hex writes them: upper case.
  std::transform(serial.begin(), serial.end(), serial.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::lock_guard<std::mutex> lock(mutex_);
  index_[serial] = {status, "/CN=test-" + serial};
  WriteIndex();
}

void OcspResponder::ServeFixed(std::optional<model::Der> answer) {
  std::lock_guard<std::mutex> lock(mutex_);
  fixed_ = std::move(answer);
}

std::string OcspResponder::Url() const {
  return "http://" + bind_address_ + ":" + std::to_string(server_.port()) + "/";
}

int OcspResponder::Requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

std::string OcspResponder::LastError() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

void OcspResponder::WriteIndex() {
  // ca(1)'s index format: status, expiry, revocation date[,reason], serial,
  // file name, subject; tab-separated. The dates are never compared here.
  std::string text;
  for (const auto& [serial, entry] : index_) {
    const bool revoked = entry.first == Status::kRevoked;
    text += std::string(revoked ? "R" : "V") + "\t491231235959Z\t" +
            (revoked ? "240101000000Z,keyCompromise" : "") + "\t" + serial + "\tunknown\t" + entry.second +
            "\n";
  }
  WriteFile(dir_ + "/index.txt", text);
}

std::string OcspResponder::Respond(const std::string& raw_request) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++requests_;
  if (fixed_) {
    return HttpResponse(200, "application/ocsp-response", std::string(fixed_->begin(), fixed_->end()));
  }
  const std::size_t head_end = raw_request.find("\r\n\r\n");
  if (raw_request.rfind("POST ", 0) != 0 || head_end == std::string::npos) {
    return HttpResponse(405, "text/plain", "POST an OCSP request");
  }
  const std::string request = dir_ + "/request.der";
  const std::string response = dir_ + "/response.der";
  WriteFile(request, raw_request.substr(head_end + 4));
  std::filesystem::remove(response);
  CommandResult run =
      RunCommand({LDE_OPENSSL_BIN, "ocsp", "-index", dir_ + "/index.txt", "-CA", dir_ + "/ca.pem", "-rsigner",
                  dir_ + "/rsigner.pem", "-rkey", dir_ + "/rkey.pem", "-nmin",
                  std::to_string(next_update_minutes_), "-reqin", request, "-respout", response},
                 std::chrono::seconds(10));
  std::string body = ReadFile(response);
  if (run.exit_code != 0 || body.empty()) {
    last_error_ = "openssl ocsp exit " + std::to_string(run.exit_code) + ": " + run.err;
    return HttpResponse(500, "text/plain", last_error_);
  }
  return HttpResponse(200, "application/ocsp-response", body);
}

}  // namespace lde::testing
