// SMTP AUTH mechanisms (RFC 4954) as Go's net/smtp and Alertmanager
// implement them: PLAIN (RFC 4616), LOGIN and CRAM-MD5 (RFC 2195). An
// SmtpClient drives a mechanism through the server's challenges.
//
// A mechanism object serves one exchange on one thread; the factories are
// thread-safe.

#ifndef TOCSIN_NOTIFIERS_SMTP_AUTH_H_
#define TOCSIN_NOTIFIERS_SMTP_AUTH_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "promql/status.h"

namespace tocsin::notifiers {

// What an AUTH mechanism learns about the server (smtp.ServerInfo).
struct SmtpServerInfo {
  std::string name;               // the host name the client was given
  bool tls = false;               // whether the connection is encrypted
  std::vector<std::string> auth;  // the mechanisms the server offers
};

// An AUTH mechanism (smtp.Auth). Implementations never put credentials in
// their errors.
class SmtpAuth {
 public:
  virtual ~SmtpAuth() = default;
  // Go's name of the mechanism's type, which Alertmanager puts in its
  // errors ("*smtp.plainAuth").
  virtual std::string TypeName() const = 0;
  // The mechanism's name and initial response ("" for none).
  virtual Result<std::pair<std::string, std::string>> Start(
      const SmtpServerInfo& server) = 0;
  // The answer to a server challenge (`more`: a 334 reply) or to its final
  // reply; nullopt ends the exchange.
  virtual Result<std::optional<std::string>> Next(std::string_view from_server,
                                                  bool more) = 0;
};

// smtp.PlainAuth: refuses to send the password over an unencrypted
// connection unless the server is localhost, 127.0.0.1 or ::1, or to a
// server whose name is not `host`.
std::unique_ptr<SmtpAuth> PlainAuth(std::string identity, std::string username,
                                    std::string password, std::string host);
// Alertmanager's LOGIN mechanism (answers "Username:" and "Password:").
std::unique_ptr<SmtpAuth> LoginAuth(std::string username, std::string password);
// smtp.CRAMMD5Auth (RFC 2195).
std::unique_ptr<SmtpAuth> CramMd5Auth(std::string username, std::string secret);

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_SMTP_AUTH_H_
