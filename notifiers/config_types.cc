#include "notifiers/config_types.h"

#include <algorithm>
#include <cctype>

#include "promql/go_format.h"

namespace tocsin::notifiers {
namespace {

Status UrlError(std::string_view text, std::string_view why) {
  return Status::InvalidArgument("parse " + promql::GoQuote(text) + ": " +
                                 std::string(why));
}

bool IsSchemeChar(char c, bool first) {
  if (std::isalpha(static_cast<unsigned char>(c))) return true;
  if (first) return false;
  return std::isdigit(static_cast<unsigned char>(c)) || c == '+' || c == '-' ||
         c == '.';
}

// Go's validity check for characters of a host name (parseHost/unescape in
// encodeHost mode), simplified to the ASCII set Go accepts.
bool ValidHostChar(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  if (static_cast<unsigned char>(c) >= 0x80) return true;
  return std::string_view("-._~!$&'()*+,;=:[]%").find(c) !=
         std::string_view::npos;
}

}  // namespace

Result<Url> ParseAnyUrl(std::string_view text) {
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return UrlError(text, "net/url: invalid control character in URL");
    }
  }
  Url u;
  u.text = std::string(text);
  std::string_view rest = text;
  // Fragment and query do not take part in the checks below.
  if (size_t h = rest.find('#'); h != std::string_view::npos) {
    rest = rest.substr(0, h);
  }
  size_t i = 0;
  while (i < rest.size() && IsSchemeChar(rest[i], i == 0)) ++i;
  if (i < rest.size() && rest[i] == ':') {
    if (i == 0) return UrlError(text, "missing protocol scheme");
    u.scheme = std::string(rest.substr(0, i));
    std::transform(u.scheme.begin(), u.scheme.end(), u.scheme.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    rest = rest.substr(i + 1);
  } else if (!rest.empty() && rest[0] == ':') {
    return UrlError(text, "missing protocol scheme");
  }
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    rest = rest.substr(0, q);
  }
  if (rest.substr(0, 2) != "//") return u;
  rest.remove_prefix(2);
  std::string_view authority = rest.substr(0, rest.find('/'));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  std::string_view host = authority;
  std::string_view port;
  if (!host.empty() && host[0] == '[') {
    size_t close = host.find(']');
    if (close == std::string_view::npos) {
      return UrlError(text, "missing ']' in host");
    }
    port = host.substr(close + 1);
    if (!port.empty() && port[0] != ':') {
      return UrlError(text,
                      "invalid port " + promql::GoQuote(port) + " after host");
    }
  } else if (size_t colon = host.rfind(':'); colon != std::string_view::npos) {
    port = host.substr(colon);
    host = host.substr(0, colon);
  }
  if (!port.empty()) {
    for (char c : port.substr(1)) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        return UrlError(
            text, "invalid port " + promql::GoQuote(port) + " after host");
      }
    }
  }
  for (char c : host) {
    if (!ValidHostChar(c)) {
      return UrlError(text, "invalid character " +
                                promql::GoQuote(std::string(1, c)) +
                                " in host name");
    }
  }
  u.host = std::string(authority);
  return u;
}

Result<Url> ParseHttpUrl(std::string_view text) {
  auto u = ParseAnyUrl(text);
  if (!u.ok()) return u;
  if (u->scheme != "http" && u->scheme != "https") {
    return Status::InvalidArgument("unsupported scheme " +
                                   promql::GoQuote(u->scheme) + " for URL");
  }
  if (u->host.empty()) return Status::InvalidArgument("missing host for URL");
  return u;
}

Result<HostPort> ParseHostPort(std::string_view text) {
  HostPort hp;
  if (text.empty()) return hp;
  auto addr_error = [&](std::string_view why) {
    return Status::InvalidArgument("address " + std::string(text) + ": " +
                                   std::string(why));
  };
  std::string_view host, port;
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) {
    return addr_error("missing port in address");
  }
  if (text[0] == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) {
      return addr_error("missing ']' in address");
    }
    if (close + 1 == text.size()) return addr_error("missing port in address");
    if (close + 1 != colon) {
      return addr_error(text[close + 1] == ':' ? "too many colons in address"
                                               : "missing port in address");
    }
    host = text.substr(1, close - 1);
  } else {
    host = text.substr(0, colon);
    if (host.find(':') != std::string_view::npos) {
      return addr_error("too many colons in address");
    }
  }
  if (host.find('[') != std::string_view::npos ||
      host.find(']') != std::string_view::npos) {
    return addr_error(host.find('[') != std::string_view::npos
                          ? "unexpected '[' in address"
                          : "unexpected ']' in address");
  }
  port = text.substr(colon + 1);
  if (port.empty()) {
    return Status::InvalidArgument("address " + promql::GoQuote(text) +
                                   ": port cannot be empty");
  }
  hp.host = std::string(host);
  hp.port = std::string(port);
  return hp;
}

std::string JoinDir(std::string_view dir, std::string_view path) {
  if (path.empty() || path[0] == '/' || dir.empty()) return std::string(path);
  std::string out(dir);
  if (out.back() != '/') out += '/';
  out += path;
  return out;
}

void ResolveTlsConfigPaths(std::string_view dir, TlsConfig& c) {
  c.ca_file = JoinDir(dir, c.ca_file);
  c.cert_file = JoinDir(dir, c.cert_file);
  c.key_file = JoinDir(dir, c.key_file);
}

void ResolveHttpConfigPaths(std::string_view dir, HttpConfig& c) {
  ResolveTlsConfigPaths(dir, c.tls_config);
  if (c.basic_auth) {
    c.basic_auth->password_file = JoinDir(dir, c.basic_auth->password_file);
  }
  if (c.authorization) {
    c.authorization->credentials_file =
        JoinDir(dir, c.authorization->credentials_file);
  }
  if (c.oauth2) {
    c.oauth2->client_secret_file = JoinDir(dir, c.oauth2->client_secret_file);
    ResolveTlsConfigPaths(dir, c.oauth2->tls_config);
  }
}

}  // namespace tocsin::notifiers
