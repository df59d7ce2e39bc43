// A blocking SMTP client (RFC 5321) for the email receiver, with the
// dialogue and the error texts of Go's net/smtp, which Alertmanager 0.25
// uses: the 220 greeting, EHLO (HELO when EHLO is refused) and the
// extensions it lists, STARTTLS (RFC 3207) or TLS from the first byte,
// AUTH (RFC 4954) through an SmtpAuth mechanism (smtp_auth.h),
// MAIL FROM (with BODY=8BITMIME and SMTPUTF8 when offered), RCPT TO, DATA
// with dot-stuffing, and QUIT.
//
// Errors read as Go's: a reply with an unexpected code is "550 5.1.1 no
// such user" (all lines of a multi-line reply, joined by "\n"), a closed
// connection "EOF", socket errors "read tcp 127.0.0.1:5000->127.0.0.1:25:
// read: connection reset by peer". Every operation ends by the deadline
// given at construction ("... i/o timeout" after it); Go's client has no
// deadline of its own.
//
// An SmtpClient is one connection, used by one thread at a time.

#ifndef TOCSIN_NOTIFIERS_SMTP_CLIENT_H_
#define TOCSIN_NOTIFIERS_SMTP_CLIENT_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "notifiers/clock.h"
#include "notifiers/config_types.h"
#include "notifiers/smtp_auth.h"
#include "promql/status.h"

namespace tocsin::notifiers {

class SmtpClient {
 public:
  // `server_name` is the smarthost's host, given to AUTH mechanisms.
  SmtpClient(std::string server_name, Time deadline);
  ~SmtpClient();
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  // Opens a TCP connection to host:port ("dial tcp 127.0.0.1:25: connect:
  // connection refused").
  Status Connect(const std::string& host, const std::string& port);
  // TLS from the first byte (port 465), verifying the server as `tls`
  // says, with `server_name` for SNI and the certificate check. A bad
  // tls_config is kInvalidArgument.
  Status HandshakeTls(const TlsConfig& tls, const std::string& server_name);
  // Reads the 220 greeting (smtp.NewClient).
  Status ReadGreeting();

  // EHLO `local_name`, HELO when that is refused (smtp.Client.Hello).
  Status Hello(const std::string& local_name);
  // Whether the server listed `name` after EHLO, and its parameters
  // (smtp.Client.Extension; says hello as "localhost" first if needed).
  bool Extension(std::string_view name, std::string* param = nullptr);
  // STARTTLS, the TLS handshake, then EHLO again.
  Status StartTls(const TlsConfig& tls, const std::string& server_name);
  Status Auth(SmtpAuth& auth);
  Status Mail(const std::string& from);
  Status Rcpt(const std::string& to);
  // DATA (the server must answer 354).
  Status Data();
  // After Data(): `message` dot-stuffed (lone LFs sent as CRLF), the final
  // ".", and the server's verdict on the message.
  Status WriteData(std::string_view message);
  // QUIT; does nothing before the greeting or a second time.
  Status Quit();

  bool tls() const { return encrypted_; }

 private:
  struct Impl;
  struct Reply {
    int code = 0;
    std::string message;
  };
  Status EnsureHello();
  Status Ehlo();
  Status Helo();
  // Sends `line` and reads the reply, which must have `expect` as code
  // (three digits), first digits (one or two) or anything (0).
  Result<Reply> Cmd(int expect, const std::string& line);
  Result<Reply> ReadReply(int expect);
  Status ReadLine(std::string* line);
  Status Write(std::string_view data);

  std::string server_name_;
  Time deadline_;
  std::unique_ptr<Impl> impl_;
  bool encrypted_ = false;
  std::string buffer_;  // received, not yet read
  bool did_hello_ = false;
  bool quit_ = false;
  bool greeted_ = false;
  Status hello_error_;
  std::string local_name_ = "localhost";
  std::optional<std::map<std::string, std::string>> ext_;
  std::vector<std::string> auth_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_SMTP_CLIENT_H_
