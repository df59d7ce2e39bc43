#include "notifiers/smtp_auth.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>

namespace tocsin::notifiers {
namespace {

std::string Hex(const unsigned char* data, size_t n) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kHex[data[i] >> 4];
    out += kHex[data[i] & 0x0F];
  }
  return out;
}

class PlainAuthImpl : public SmtpAuth {
 public:
  PlainAuthImpl(std::string identity, std::string username,
                std::string password, std::string host)
      : identity_(std::move(identity)),
        username_(std::move(username)),
        password_(std::move(password)),
        host_(std::move(host)) {}
  std::string TypeName() const override { return "*smtp.plainAuth"; }
  Result<std::pair<std::string, std::string>> Start(
      const SmtpServerInfo& server) override {
    bool localhost = server.name == "localhost" || server.name == "127.0.0.1" ||
                     server.name == "::1";
    if (!server.tls && !localhost) {
      return Status::Unavailable("unencrypted connection");
    }
    if (server.name != host_) return Status::Unavailable("wrong host name");
    return std::make_pair(std::string("PLAIN"),
                          identity_ + '\0' + username_ + '\0' + password_);
  }
  Result<std::optional<std::string>> Next(std::string_view,
                                          bool more) override {
    if (more) return Status::Unavailable("unexpected server challenge");
    return std::optional<std::string>();
  }

 private:
  std::string identity_, username_, password_, host_;
};

class LoginAuthImpl : public SmtpAuth {
 public:
  LoginAuthImpl(std::string username, std::string password)
      : username_(std::move(username)), password_(std::move(password)) {}
  std::string TypeName() const override { return "*email.loginAuth"; }
  Result<std::pair<std::string, std::string>> Start(
      const SmtpServerInfo&) override {
    return std::make_pair(std::string("LOGIN"), std::string());
  }
  Result<std::optional<std::string>> Next(std::string_view from_server,
                                          bool more) override {
    if (!more) return std::optional<std::string>();
    std::string lower(from_server);
    for (char& c : lower) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (lower == "username:") return std::optional<std::string>(username_);
    if (lower == "password:") return std::optional<std::string>(password_);
    return Status::Unavailable("unexpected server challenge");
  }

 private:
  std::string username_, password_;
};

class CramMd5AuthImpl : public SmtpAuth {
 public:
  CramMd5AuthImpl(std::string username, std::string secret)
      : username_(std::move(username)), secret_(std::move(secret)) {}
  std::string TypeName() const override { return "*smtp.cramMD5Auth"; }
  Result<std::pair<std::string, std::string>> Start(
      const SmtpServerInfo&) override {
    return std::make_pair(std::string("CRAM-MD5"), std::string());
  }
  Result<std::optional<std::string>> Next(std::string_view from_server,
                                          bool more) override {
    if (!more) return std::optional<std::string>();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    HMAC(EVP_md5(), secret_.data(), static_cast<int>(secret_.size()),
         reinterpret_cast<const unsigned char*>(from_server.data()),
         from_server.size(), digest, &len);
    return std::optional<std::string>(username_ + " " + Hex(digest, len));
  }

 private:
  std::string username_, secret_;
};

}  // namespace

std::unique_ptr<SmtpAuth> PlainAuth(std::string identity, std::string username,
                                    std::string password, std::string host) {
  return std::make_unique<PlainAuthImpl>(std::move(identity),
                                         std::move(username),
                                         std::move(password), std::move(host));
}

std::unique_ptr<SmtpAuth> LoginAuth(std::string username,
                                    std::string password) {
  return std::make_unique<LoginAuthImpl>(std::move(username),
                                         std::move(password));
}

std::unique_ptr<SmtpAuth> CramMd5Auth(std::string username,
                                      std::string secret) {
  return std::make_unique<CramMd5AuthImpl>(std::move(username),
                                           std::move(secret));
}

}  // namespace tocsin::notifiers
