#include "datasource/endpoint.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <charconv>

namespace tocsin::datasource {
namespace {

Status Invalid(std::string_view what, std::string_view url,
               std::string_view why) {
  return Status::InvalidArgument("invalid " + std::string(what) + " URL \"" +
                                 std::string(url) + "\": " + std::string(why));
}

}  // namespace

Result<Endpoint> ParseEndpoint(std::string_view url, std::string_view what) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return Invalid(what, url, parsed.error().message());
  const boost::urls::url_view& u = *parsed;
  Endpoint e;
  std::string scheme(u.scheme());
  for (char& c : scheme) c = static_cast<char>(std::tolower(c));
  if (scheme == "https") {
    e.tls = true;
  } else if (scheme != "http") {
    return Invalid(what, url, "the scheme must be http or https");
  }
  if (u.has_userinfo()) {
    return Invalid(what, url,
                   "credentials belong in basic_auth, not in the URL");
  }
  if (u.has_query() || u.has_fragment()) {
    return Invalid(what, url, "a query string or fragment is not allowed");
  }
  e.host = u.host_address();
  if (e.host.empty()) return Invalid(what, url, "no host");
  if (u.has_port()) {
    std::string_view p = u.port();
    unsigned port = 0;
    auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
    if (ec != std::errc() || ptr != p.data() + p.size() || port == 0 ||
        port > 65535) {
      return Invalid(what, url, "invalid port");
    }
    e.port = static_cast<uint16_t>(port);
  } else {
    e.port = e.tls ? 443 : 80;
  }
  e.path_prefix = std::string(u.encoded_path());
  while (!e.path_prefix.empty() && e.path_prefix.back() == '/') {
    e.path_prefix.pop_back();
  }
  std::string host_in_url(u.encoded_host_and_port());
  e.host_header = host_in_url;
  e.base_url = scheme + "://" + host_in_url + e.path_prefix;
  return e;
}

std::string QueryEscape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size() + s.size() / 4);
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace tocsin::datasource
