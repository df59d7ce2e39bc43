#include "datasource/auth.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tocsin::datasource {
namespace {

Result<std::string> ReadSecretFile(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::InvalidArgument("unable to read " + std::string(what) +
                                   " file " + path + ": " +
                                   std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  std::string s = std::move(text).str();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' ||
                        s.back() == ' ' || s.back() == '\t')) {
    s.pop_back();
  }
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Status ValidateAuth(const DatasourceConfig& config) {
  if (config.has_basic_auth && config.has_authorization) {
    return Status::InvalidArgument(
        "at most one of basic_auth and authorization must be configured");
  }
  if (config.has_basic_auth && !config.basic_auth.password.empty() &&
      !config.basic_auth.password_file.empty()) {
    return Status::InvalidArgument(
        "at most one of basic_auth password & password_file must be "
        "configured");
  }
  if (config.has_authorization) {
    const Authorization& a = config.authorization;
    if (!a.credentials.empty() && !a.credentials_file.empty()) {
      return Status::InvalidArgument(
          "at most one of authorization credentials & credentials_file must "
          "be configured");
    }
    if (EqualsIgnoreCase(a.type, "basic")) {
      return Status::InvalidArgument(
          "authorization type cannot be set to \"basic\", use \"basic_auth\" "
          "instead");
    }
  }
  return Status::OK();
}

Result<std::optional<std::string>> AuthorizationHeader(
    const DatasourceConfig& config) {
  if (config.has_basic_auth) {
    const BasicAuth& b = config.basic_auth;
    std::string password = b.password;
    if (!b.password_file.empty()) {
      auto p = ReadSecretFile(b.password_file, "password");
      if (!p.ok()) return p.status();
      password = std::move(p).value();
    }
    return std::optional<std::string>("Basic " +
                                      Base64Encode(b.username + ":" + password));
  }
  if (config.has_authorization) {
    const Authorization& a = config.authorization;
    std::string credentials = a.credentials;
    if (!a.credentials_file.empty()) {
      auto c = ReadSecretFile(a.credentials_file, "credentials");
      if (!c.ok()) return c.status();
      credentials = std::move(c).value();
    }
    std::string type = a.type.empty() ? "Bearer" : a.type;
    return std::optional<std::string>(type + " " + credentials);
  }
  return std::optional<std::string>();
}

std::string Base64Encode(std::string_view data) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(data[i])) << 16) |
                 (uint32_t(uint8_t(data[i + 1])) << 8) | uint8_t(data[i + 2]);
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t n = uint32_t(uint8_t(data[i])) << 16;
    if (rest == 2) n |= uint32_t(uint8_t(data[i + 1])) << 8;
    out += kAlphabet[n >> 18];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace tocsin::datasource
