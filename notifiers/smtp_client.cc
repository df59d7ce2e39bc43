#include "notifiers/smtp_client.h"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <cctype>
#include <sstream>

#include "notifiers/http_client.h"
#include "notifiers/mime_message.h"
#include "notifiers/tls_context.h"

namespace tocsin::notifiers {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using ErrorCode = boost::system::error_code;

namespace {

// A server line longer than this ends the conversation (Go has no limit;
// tocsin does not let a peer fill its memory).
constexpr size_t kMaxLine = 1 << 20;

std::string Endpoint(const tcp::endpoint& e) {
  std::ostringstream out;
  out << e;
  return out.str();
}

// Go's lower-case errno texts ("connection refused").
std::string ErrnoText(const ErrorCode& ec) {
  std::string m = ec.message();
  if (!m.empty()) m[0] = static_cast<char>(std::tolower(m[0]));
  return m;
}

bool IsTimeout(const ErrorCode& ec) {
  return ec == beast::error::timeout || ec == net::error::timed_out;
}

bool IsEof(const ErrorCode& ec) {
  return ec == net::error::eof || ec == ssl::error::stream_truncated;
}

// A failed certificate check in the words of Go's crypto/x509 where it
// has them.
Status VerifyError(long verify, const std::string& server_name) {
  switch (verify) {
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return Status::Unavailable(
          "x509: certificate signed by unknown authority");
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return Status::Unavailable("x509: certificate is not valid for " +
                                 server_name);
    case X509_V_ERR_CERT_HAS_EXPIRED:
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return Status::Unavailable(
          "x509: certificate has expired or is not yet valid");
    default:
      return Status::Unavailable(std::string("x509: ") +
                                 X509_verify_cert_error_string(verify));
  }
}

// textproto.DotWriter: a leading "." doubled, lone LFs sent as CRLF, and
// the terminating ".\r\n" after a line end.
std::string DotStuff(std::string_view data) {
  std::string out;
  out.reserve(data.size() + data.size() / 64 + 8);
  enum { kBeginLine, kData, kCr } state = kBeginLine;
  for (char c : data) {
    if (state == kBeginLine) {
      state = kData;
      if (c == '.') out += '.';
    }
    if (state == kCr) {
      state = c == '\n' ? kBeginLine : kData;
    } else if (c == '\r') {
      state = kCr;
    } else if (c == '\n') {
      out += '\r';
      state = kBeginLine;
    }
    out += c;
  }
  if (state == kData) out += "\r\n";
  if (state == kCr) out += '\n';
  out += ".\r\n";
  return out;
}

}  // namespace

struct SmtpClient::Impl {
  net::io_context ioc;
  beast::tcp_stream tcp{ioc};
  std::unique_ptr<ssl::context> ctx;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream&>> tls;
  std::string local, remote;  // "127.0.0.1:5000", for errors

  // Every operation on the connection ends by `deadline`: Arm before
  // starting it, then Run until it finished or timed out.
  void Arm(Time deadline) {
    tcp.expires_after(std::max(deadline - SystemClock().Now(), Duration(0)));
  }
  void Run() {
    ioc.restart();
    ioc.run();
  }

  // Go's net.OpError text: "read tcp 127.0.0.1:5000->127.0.0.1:25: ...".
  Status OpError(const char* op, const ErrorCode& ec) const {
    std::string prefix =
        std::string(op) + " tcp " + local + "->" + remote + ": ";
    if (IsTimeout(ec)) return Status::Timeout(prefix + "i/o timeout");
    if (IsEof(ec)) return Status::Unavailable("EOF");
    if (ec.category() == net::error::get_ssl_category()) {
      return Status::Unavailable("tls: " + ec.message());
    }
    return Status::Unavailable(prefix + op + ": " + ErrnoText(ec));
  }
};

SmtpClient::SmtpClient(std::string server_name, Time deadline)
    : server_name_(std::move(server_name)),
      deadline_(deadline),
      impl_(std::make_unique<Impl>()) {}

SmtpClient::~SmtpClient() = default;

Status SmtpClient::Connect(const std::string& host, const std::string& port) {
  std::string address = host.find(':') != std::string::npos
                            ? "[" + host + "]:" + port
                            : host + ":" + port;
  // The resolver's answer lives on the heap: a lookup that outlives the
  // deadline completes after this function returned.
  struct Lookup {
    ErrorCode ec;
    tcp::resolver::results_type endpoints;
    bool done = false;
  };
  auto lookup = std::make_shared<Lookup>();
  tcp::resolver resolver(impl_->ioc);
  resolver.async_resolve(host, port,
                         [lookup](ErrorCode e, tcp::resolver::results_type r) {
                           lookup->ec = e;
                           lookup->endpoints = std::move(r);
                           lookup->done = true;
                         });
  impl_->ioc.restart();
  impl_->ioc.run_for(std::chrono::duration_cast<std::chrono::milliseconds>(
      std::max(deadline_ - SystemClock().Now(), Duration(0))));
  if (!lookup->done) {
    return Status::Timeout("dial tcp " + address + ": i/o timeout");
  }
  if (lookup->ec || lookup->endpoints.empty()) {
    bool unknown = lookup->ec == net::error::host_not_found ||
                   lookup->ec == net::error::host_not_found_try_again ||
                   !lookup->ec;
    return Status::Unavailable(
        "dial tcp: lookup " + host + ": " +
        (unknown ? std::string("no such host") : ErrnoText(lookup->ec)));
  }
  ErrorCode ec;
  tcp::endpoint connected;
  impl_->Arm(deadline_);
  impl_->tcp.async_connect(lookup->endpoints,
                           [&](ErrorCode e, const tcp::endpoint& ep) {
                             ec = e;
                             connected = ep;
                           });
  impl_->Run();
  if (IsTimeout(ec)) {
    return Status::Timeout("dial tcp " + address + ": i/o timeout");
  }
  if (ec) {
    return Status::Unavailable("dial tcp " + address +
                               ": connect: " + ErrnoText(ec));
  }
  impl_->remote = Endpoint(connected);
  ErrorCode ignored;
  impl_->local = Endpoint(impl_->tcp.socket().local_endpoint(ignored));
  return Status::OK();
}

Status SmtpClient::HandshakeTls(const TlsConfig& tls,
                                const std::string& server_name) {
  impl_->ctx = std::make_unique<ssl::context>(ssl::context::tls_client);
  Status s = ConfigureTls(*impl_->ctx, tls);
  if (!s.ok()) return s;
  impl_->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream&>>(
      impl_->tcp, *impl_->ctx);
  SSL* native = impl_->tls->native_handle();
  ErrorCode not_ip;
  net::ip::make_address(server_name, not_ip);
  // As Go does: no SNI for an IP address, whose certificate must name it
  // among its IP addresses.
  if (not_ip) SSL_set_tlsext_host_name(native, server_name.c_str());
  if (!tls.insecure_skip_verify) {
    if (not_ip) {
      SSL_set1_host(native, server_name.c_str());
    } else {
      X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(native),
                                    server_name.c_str());
    }
  }
  ErrorCode ec;
  impl_->Arm(deadline_);
  impl_->tls->async_handshake(ssl::stream_base::client,
                              [&](ErrorCode e) { ec = e; });
  impl_->Run();
  if (ec) {
    long verify = SSL_get_verify_result(native);
    if (verify != X509_V_OK) return VerifyError(verify, server_name);
    if (IsTimeout(ec) || IsEof(ec) ||
        ec.category() != net::error::get_ssl_category()) {
      return impl_->OpError("read", ec);
    }
    return Status::Unavailable("tls: " + ec.message());
  }
  encrypted_ = true;
  buffer_.clear();  // nothing sent in the clear is read after TLS starts
  return Status::OK();
}

Status SmtpClient::ReadGreeting() {
  Status s = ReadReply(220).status();
  greeted_ = s.ok();
  return s;
}

Status SmtpClient::Write(std::string_view data) {
  ErrorCode ec;
  auto done = [&](ErrorCode e, size_t) { ec = e; };
  impl_->Arm(deadline_);
  if (impl_->tls) {
    net::async_write(*impl_->tls, net::buffer(data.data(), data.size()), done);
  } else {
    net::async_write(impl_->tcp, net::buffer(data.data(), data.size()), done);
  }
  impl_->Run();
  if (ec) return impl_->OpError("write", ec);
  return Status::OK();
}

Status SmtpClient::ReadLine(std::string* line) {
  while (true) {
    size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      size_t end = nl > 0 && buffer_[nl - 1] == '\r' ? nl - 1 : nl;
      line->assign(buffer_, 0, end);
      buffer_.erase(0, nl + 1);
      return Status::OK();
    }
    if (buffer_.size() > kMaxLine) {
      return Status::Unavailable("smtp: server line too long");
    }
    char buf[4096];
    size_t n = 0;
    ErrorCode ec;
    auto done = [&](ErrorCode e, size_t k) {
      ec = e;
      n = k;
    };
    impl_->Arm(deadline_);
    if (impl_->tls) {
      impl_->tls->async_read_some(net::buffer(buf), done);
    } else {
      impl_->tcp.async_read_some(net::buffer(buf), done);
    }
    impl_->Run();
    buffer_.append(buf, n);
    if (ec) {
      // A last line without its line end still counts, as in bufio.
      if (IsEof(ec) && !buffer_.empty()) {
        line->swap(buffer_);
        buffer_.clear();
        if (!line->empty() && line->back() == '\r') line->pop_back();
        return Status::OK();
      }
      return impl_->OpError("read", ec);
    }
  }
}

// textproto.Reader.ReadResponse.
Result<SmtpClient::Reply> SmtpClient::ReadReply(int expect) {
  auto parse = [](const std::string& line, int want, Reply* r,
                  bool* continued) -> Status {
    if (line.size() < 4 || (line[3] != ' ' && line[3] != '-')) {
      return Status::Unavailable("short response: " + line);
    }
    *continued = line[3] == '-';
    int code = 0;
    for (int i = 0; i < 3; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(line[i]))) {
        return Status::Unavailable("invalid response code: " + line);
      }
      code = code * 10 + (line[i] - '0');
    }
    if (code < 100)
      return Status::Unavailable("invalid response code: " + line);
    r->code = code;
    r->message = line.substr(4);
    bool mismatch = (want >= 1 && want < 10 && code / 100 != want) ||
                    (want >= 10 && want < 100 && code / 10 != want) ||
                    (want >= 100 && code != want);
    if (mismatch)
      return Status::Execution(line.substr(0, 3) + " " + r->message);
    return Status::OK();
  };
  std::string line;
  Status s = ReadLine(&line);
  if (!s.ok()) return s;
  Reply reply;
  bool continued = false;
  Status err = parse(line, expect, &reply, &continued);
  bool multi = continued;
  while (continued) {
    s = ReadLine(&line);
    if (!s.ok()) return s;
    Reply more;
    if (!parse(line, 0, &more, &continued).ok() || more.code != reply.code) {
      reply.message += "\n" + line;
      continued = true;
      continue;
    }
    reply.message += "\n" + more.message;
  }
  if (!err.ok()) {
    if (multi && !reply.message.empty()) {
      char code[8];
      std::snprintf(code, sizeof code, "%03d", reply.code);
      return Status::Execution(code + (" " + reply.message));
    }
    return err;
  }
  return reply;
}

Result<SmtpClient::Reply> SmtpClient::Cmd(int expect, const std::string& line) {
  Status s = Write(line + "\r\n");
  if (!s.ok()) return s;
  return ReadReply(expect);
}

Status SmtpClient::Ehlo() {
  auto r = Cmd(250, "EHLO " + local_name_);
  if (!r.ok()) return r.status();
  std::map<std::string, std::string> ext;
  std::string_view msg = r->message;
  size_t nl = msg.find('\n');
  // The first line greets; each further line is "KEYWORD params".
  while (nl != std::string_view::npos) {
    msg.remove_prefix(nl + 1);
    nl = msg.find('\n');
    std::string_view line = msg.substr(0, nl);
    size_t sp = line.find(' ');
    if (sp == std::string_view::npos) {
      ext[std::string(line)] = "";
    } else {
      ext[std::string(line.substr(0, sp))] = std::string(line.substr(sp + 1));
    }
  }
  auth_.clear();
  if (auto it = ext.find("AUTH"); it != ext.end()) {
    std::string_view mechs = it->second;
    while (true) {
      size_t sp = mechs.find(' ');
      auth_.emplace_back(mechs.substr(0, sp));
      if (sp == std::string_view::npos) break;
      mechs.remove_prefix(sp + 1);
    }
  }
  ext_ = std::move(ext);
  return Status::OK();
}

Status SmtpClient::Helo() {
  ext_.reset();
  return Cmd(250, "HELO " + local_name_).status();
}

Status SmtpClient::EnsureHello() {
  if (!did_hello_) {
    did_hello_ = true;
    if (!Ehlo().ok()) hello_error_ = Helo();
  }
  return hello_error_;
}

Status SmtpClient::Hello(const std::string& local_name) {
  if (local_name.find_first_of("\r\n") != std::string::npos) {
    return Status::InvalidArgument("smtp: A line must not contain CR or LF");
  }
  if (did_hello_) {
    return Status::InvalidArgument("smtp: Hello called after other methods");
  }
  local_name_ = local_name;
  return EnsureHello();
}

bool SmtpClient::Extension(std::string_view name, std::string* param) {
  if (!EnsureHello().ok() || !ext_) return false;
  std::string upper(name);
  for (char& c : upper) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  auto it = ext_->find(upper);
  if (it == ext_->end()) return false;
  if (param != nullptr) *param = it->second;
  return true;
}

Status SmtpClient::StartTls(const TlsConfig& tls,
                            const std::string& server_name) {
  Status s = EnsureHello();
  if (!s.ok()) return s;
  s = Cmd(220, "STARTTLS").status();
  if (!s.ok()) return s;
  s = HandshakeTls(tls, server_name);
  if (!s.ok()) return s;
  return Ehlo();
}

Status SmtpClient::Auth(SmtpAuth& auth) {
  Status s = EnsureHello();
  if (!s.ok()) return s;
  auto start = auth.Start({server_name_, encrypted_, auth_});
  if (!start.ok()) {
    (void)Quit();
    return start.status();
  }
  std::string line = "AUTH " + start->first;
  if (!start->second.empty()) line += " " + Base64(start->second);
  auto reply = Cmd(0, line);
  while (reply.ok()) {
    std::string msg;
    Status err;
    if (reply->code == 334) {
      auto decoded = Base64Decode(reply->message);
      if (decoded.ok()) {
        msg = std::move(decoded).value();
      } else {
        err = decoded.status();
      }
    } else if (reply->code == 235) {
      msg = reply->message;
    } else {
      char code[8];
      std::snprintf(code, sizeof code, "%03d", reply->code);
      err = Status::Execution(code + (" " + reply->message));
    }
    std::optional<std::string> resp;
    if (err.ok()) {
      auto next = auth.Next(msg, reply->code == 334);
      if (next.ok()) {
        resp = std::move(next).value();
      } else {
        err = next.status();
      }
    }
    if (!err.ok()) {
      // Cancel the exchange (RFC 4954) when the server waits for an
      // answer, then leave.
      if (reply->code == 334) (void)Cmd(501, "*");
      (void)Quit();
      return err;
    }
    if (!resp) return Status::OK();
    reply = Cmd(0, Base64(*resp));
  }
  return reply.status();
}

Status SmtpClient::Mail(const std::string& from) {
  if (from.find_first_of("\r\n") != std::string::npos) {
    return Status::InvalidArgument("smtp: A line must not contain CR or LF");
  }
  Status s = EnsureHello();
  if (!s.ok()) return s;
  std::string line = "MAIL FROM:<" + from + ">";
  if (ext_) {
    if (ext_->count("8BITMIME") != 0) line += " BODY=8BITMIME";
    if (ext_->count("SMTPUTF8") != 0) line += " SMTPUTF8";
  }
  return Cmd(250, line).status();
}

Status SmtpClient::Rcpt(const std::string& to) {
  if (to.find_first_of("\r\n") != std::string::npos) {
    return Status::InvalidArgument("smtp: A line must not contain CR or LF");
  }
  return Cmd(25, "RCPT TO:<" + to + ">").status();
}

Status SmtpClient::Data() { return Cmd(354, "DATA").status(); }

Status SmtpClient::WriteData(std::string_view message) {
  Status s = Write(DotStuff(message));
  if (!s.ok()) return s;
  return ReadReply(250).status();
}

Status SmtpClient::Quit() {
  if (quit_ || !greeted_) return Status::OK();
  quit_ = true;
  (void)EnsureHello();
  return Cmd(221, "QUIT").status();
}

}  // namespace tocsin::notifiers
