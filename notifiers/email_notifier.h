// The email integration (Alertmanager's notify/email): one message per
// notification over SMTP to the smarthost, in Alertmanager 0.25's
// dialogue and format.
//
// The dialogue: TLS from the first byte when the smarthost's port is 465;
// EHLO with `hello`; STARTTLS when `require_tls` (failing when the server
// does not offer it); AUTH when the server offers it and `auth_username`
// is set, with the first of the server's mechanisms tocsin has credentials
// for (CRAM-MD5 with `auth_secret`, PLAIN with `auth_password` or
// `auth_password_file` and `auth_identity`, LOGIN); MAIL FROM the one
// `from` address, RCPT TO every `to` address (both templates, parsed as
// RFC 5322 address lists), DATA, QUIT.
//
// The message: the headers (From, To, Subject "{{ template
// "email.default.subject" . }}" unless given, and the config's own),
// executed as templates and Q-encoded when not plain ASCII, written in
// name order; Message-Id <unixnano.random@hostname> unless given; Date
// (RFC 1123 with numeric zone); a multipart/alternative body with a
// text/plain part when `text` is set and a text/html part (`html`, by
// default "email.default.html", with HTML escaping), both
// quoted-printable.
//
// Failures read as Alertmanager's ("send RCPT command: 550 5.1.1 ...").
// Network and SMTP failures are retried; template errors, bad addresses
// and a bad tls_config are not. Unlike Alertmanager 0.25, the server's
// answer to the message itself is checked ("delivery failure: ..."), a
// template error sends nothing (0.25 sends an empty or headers-only
// message), STARTTLS is not asked for on port 465, whose connection is
// already encrypted, and a password file's surrounding white space is
// dropped, as later Alertmanager versions do. Passwords and secrets are
// never part of an error.
//
// Thread-safe: each Notify uses its own connection.

#ifndef TOCSIN_NOTIFIERS_EMAIL_NOTIFIER_H_
#define TOCSIN_NOTIFIERS_EMAIL_NOTIFIER_H_

#include <memory>
#include <string>
#include <vector>

#include "notifiers/config_receivers.h"
#include "notifiers/notifier.h"
#include "notifiers/smtp_client.h"
#include "notifiers/template_expander.h"

namespace tocsin::notifiers {

class EmailNotifier : public Notifier {
 public:
  EmailNotifier(EmailConfig config, std::shared_ptr<const NotifierTemplate> t,
                std::string external_url, const Clock* clock);
  NotifyResult Notify(const NotifyRequest& request,
                      const std::vector<AlertPtr>& alerts) override;

  // The message's headers and body as sent after DATA, for `data` at
  // `now` with the multipart `boundary`; fails on a template error.
  Result<std::string> Message(const NotificationData& data, Time now,
                              const std::string& boundary) const;

 private:
  // The AUTH mechanism for the server's `mechanisms` (space-separated), or
  // null to send without authenticating.
  Result<std::unique_ptr<SmtpAuth>> ChooseAuth(
      const std::string& mechanisms) const;
  Result<std::string> Password() const;
  // Connects, says hello, secures and authenticates the connection.
  NotifyResult Open(SmtpClient& client, bool implicit_tls);

  EmailConfig config_;
  std::shared_ptr<const NotifierTemplate> tmpl_;
  std::string external_url_;
  const Clock* clock_;
  std::string hostname_;
};

}  // namespace tocsin::notifiers

#endif  // TOCSIN_NOTIFIERS_EMAIL_NOTIFIER_H_
