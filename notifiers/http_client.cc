#include "notifiers/http_client.h"

#include <openssl/ssl.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "notifiers/tls_context.h"

namespace tocsin::notifiers {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string host_header;
  std::string path;  // path and query
  std::string userinfo;
};

Result<Target> SplitUrl(std::string_view url) {
  auto parsed = ParseHttpUrl(url);
  if (!parsed.ok()) return parsed.status();
  Target t;
  t.tls = parsed->scheme == "https";
  std::string_view rest = url.substr(url.find("://") + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  std::string_view path =
      slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (size_t h = path.find('#'); h != std::string_view::npos) {
    path = path.substr(0, h);
  }
  t.path = path.empty() || path[0] == '?' ? "/" + std::string(path)
                                          : std::string(path);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    t.userinfo = std::string(authority.substr(0, at));
    authority = authority.substr(at + 1);
  }
  t.host_header = std::string(authority);
  size_t colon = authority.rfind(':');
  size_t bracket = authority.rfind(']');
  if (colon != std::string_view::npos &&
      (bracket == std::string_view::npos || colon > bracket)) {
    t.host = std::string(authority.substr(0, colon));
    t.port = std::string(authority.substr(colon + 1));
  } else {
    t.host = std::string(authority);
  }
  if (t.port.empty()) t.port = t.tls ? "443" : "80";
  if (!t.host.empty() && t.host.front() == '[') {
    t.host = t.host.substr(1, t.host.size() - 2);
  }
  return t;
}

bool ReadSecretFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buf;
  buf << in.rdbuf();
  *out = buf.str();
  while (!out->empty() &&
         (out->back() == '\n' || out->back() == '\r' || out->back() == ' ')) {
    out->pop_back();
  }
  return true;
}

// The Authorization header of `config`, or "" for none.
Result<std::string> AuthorizationHeader(const HttpConfig& config,
                                        const Target& target) {
  if (config.oauth2) {
    return Status::InvalidArgument("oauth2 is not supported by tocsin yet");
  }
  if (config.basic_auth) {
    std::string password = config.basic_auth->password.Reveal();
    if (!config.basic_auth->password_file.empty() &&
        !ReadSecretFile(config.basic_auth->password_file, &password)) {
      return Status::InvalidArgument(
          "unable to read basic auth password file " +
          config.basic_auth->password_file);
    }
    return "Basic " + Base64(config.basic_auth->username + ":" + password);
  }
  if (config.authorization) {
    std::string credentials = config.authorization->credentials.Reveal();
    if (!config.authorization->credentials_file.empty() &&
        !ReadSecretFile(config.authorization->credentials_file, &credentials)) {
      return Status::InvalidArgument(
          "unable to read authorization credentials file " +
          config.authorization->credentials_file);
    }
    return config.authorization->type + " " + credentials;
  }
  if (!target.userinfo.empty()) return "Basic " + Base64(target.userinfo);
  return std::string();
}

Status FromError(const boost::system::error_code& ec, const char* what) {
  if (ec == beast::error::timeout || ec == net::error::timed_out) {
    return Status::Timeout(std::string(what) + ": context deadline exceeded");
  }
  return Status::Unavailable(std::string(what) + ": " + ec.message());
}

// One exchange over `stream` (a tcp_stream or an ssl_stream over one).
template <typename Stream>
Result<HttpResponse> Exchange(Stream& stream, beast::tcp_stream& lowest,
                              net::io_context& ioc,
                              const http::request<http::string_body>& req,
                              std::chrono::nanoseconds budget) {
  lowest.expires_after(budget);
  boost::system::error_code ec;
  bool done = false;
  http::async_write(stream, req, [&](boost::system::error_code e, size_t) {
    ec = e;
    done = true;
  });
  ioc.restart();
  ioc.run();
  if (!done || ec) return FromError(ec, "write");
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::async_read(stream, buffer, res,
                   [&](boost::system::error_code e, size_t) { ec = e; });
  ioc.restart();
  ioc.run();
  if (ec) return FromError(ec, "read");
  return HttpResponse{static_cast<int>(res.result_int()), res.body()};
}

}  // namespace

std::string Base64(std::string_view data) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  while (i + 2 < data.size()) {
    uint32_t v = (static_cast<uint8_t>(data[i]) << 16) |
                 (static_cast<uint8_t>(data[i + 1]) << 8) |
                 static_cast<uint8_t>(data[i + 2]);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
    i += 3;
  }
  if (i < data.size()) {
    uint32_t v = static_cast<uint8_t>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<uint8_t>(data[i + 1]) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < data.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

Result<HttpResponse> SendHttp(const HttpRequest& request,
                              const HttpConfig& config, Duration timeout) {
  Time deadline = SystemClock().Now() + timeout;
  auto target = SplitUrl(request.url);
  if (!target.ok()) return target.status();
  auto auth = AuthorizationHeader(config, *target);
  if (!auth.ok()) return auth.status();

  http::request<http::string_body> req;
  req.method(http::string_to_verb(request.method));
  req.target(target->path);
  req.version(11);
  req.set(http::field::host, target->host_header);
  req.set(http::field::user_agent, kUserAgent);
  if (!auth->empty()) req.set(http::field::authorization, *auth);
  for (const auto& [k, v] : request.headers) req.set(k, v);
  req.body() = request.body;
  req.prepare_payload();

  auto budget = [&] {
    return std::max(deadline - SystemClock().Now(), Duration(0));
  };
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream tcp_stream(ioc);
  boost::system::error_code ec;
  // Resolved on this thread, which may block: an asynchronous lookup would
  // start a thread of its own for every request (and still wait for the
  // lookup when the request is abandoned).
  tcp::resolver::results_type endpoints =
      resolver.resolve(target->host, target->port, ec);
  if (endpoints.empty() || budget() <= Duration(0)) {
    return ec ? FromError(ec, "dial")
              : Status::Timeout("dial: context deadline exceeded");
  }
  tcp_stream.expires_after(budget());
  tcp_stream.async_connect(endpoints, [&](boost::system::error_code e,
                                          const tcp::endpoint&) { ec = e; });
  ioc.restart();
  ioc.run();
  if (ec) return FromError(ec, "dial");

  if (!target->tls) return Exchange(tcp_stream, tcp_stream, ioc, req, budget());

  ssl::context ctx(ssl::context::tls_client);
  Status s = ConfigureTls(ctx, config.tls_config);
  if (!s.ok()) return s;
  beast::ssl_stream<beast::tcp_stream&> tls(tcp_stream, ctx);
  std::string server_name = config.tls_config.server_name.empty()
                                ? target->host
                                : config.tls_config.server_name;
  SSL_set_tlsext_host_name(tls.native_handle(), server_name.c_str());
  if (!config.tls_config.insecure_skip_verify) {
    tls.set_verify_callback(ssl::host_name_verification(server_name));
  }
  tcp_stream.expires_after(budget());
  tls.async_handshake(ssl::stream_base::client,
                      [&](boost::system::error_code e) { ec = e; });
  ioc.restart();
  ioc.run();
  if (ec) return FromError(ec, "tls handshake");
  return Exchange(tls, tcp_stream, ioc, req, budget());
}

}  // namespace tocsin::notifiers
