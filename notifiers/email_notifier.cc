#include "notifiers/email_notifier.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "go/strconv.h"
#include "notifiers/mail_address.h"
#include "notifiers/mime_message.h"
#include "notifiers/tls_context.h"

namespace tocsin::notifiers {
namespace {

constexpr const char* kDefaultSubject =
    R"({{ template "email.default.subject" . }})";

NotifyResult Retry(const std::string& what, const Status& s) {
  return NotifyResult::Retry(
      Status::WithCode(s.code(), what + ": " + s.message()));
}

NotifyResult Fail(const std::string& what, const Status& s) {
  return NotifyResult::Fail(
      Status::WithCode(s.code(), what + ": " + s.message()));
}

std::string Hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "localhost.localdomain";
  return buf;
}

uint64_t RandomUint64() {
  thread_local std::mt19937_64 engine(std::random_device{}());
  return engine();
}

std::string TrimSpace(std::string s) {
  const char* kSpace = " \t\r\n\v\f";
  s.erase(0, s.find_first_not_of(kSpace));
  s.erase(s.find_last_not_of(kSpace) + 1);
  return s;
}

// Sends QUIT when the conversation ends, however it ends.
class QuitOnExit {
 public:
  explicit QuitOnExit(SmtpClient& c) : c_(c) {}
  ~QuitOnExit() { (void)c_.Quit(); }

 private:
  SmtpClient& c_;
};

}  // namespace

EmailNotifier::EmailNotifier(EmailConfig config,
                             std::shared_ptr<const NotifierTemplate> t,
                             std::string external_url, const Clock* clock)
    : config_(std::move(config)),
      tmpl_(std::move(t)),
      external_url_(std::move(external_url)),
      clock_(clock),
      hostname_(Hostname()) {
  auto has = [&](const std::string& name) {
    for (const auto& [k, v] : config_.headers) {
      if (k == name) return true;
    }
    return false;
  };
  if (!has("Subject")) config_.headers.emplace_back("Subject", kDefaultSubject);
  if (!has("To")) config_.headers.emplace_back("To", config_.to);
  if (!has("From")) config_.headers.emplace_back("From", config_.from);
  std::sort(config_.headers.begin(), config_.headers.end());
}

Result<std::string> EmailNotifier::Password() const {
  if (config_.auth_password_file.empty()) {
    return config_.auth_password.Reveal();
  }
  std::ifstream in(config_.auth_password_file, std::ios::binary);
  if (!in) {
    std::string why = std::strerror(errno);
    if (!why.empty()) why[0] = static_cast<char>(std::tolower(why[0]));
    return Status::IOError("could not read " + config_.auth_password_file +
                           ": open " + config_.auth_password_file + ": " + why);
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return TrimSpace(ss.str());
}

Result<std::unique_ptr<SmtpAuth>> EmailNotifier::ChooseAuth(
    const std::string& mechanisms) const {
  const std::string& username = config_.auth_username;
  if (username.empty()) return std::unique_ptr<SmtpAuth>();
  std::string errors;
  auto add = [&](const std::string& e) {
    if (!errors.empty()) errors += "; ";
    errors += e;
  };
  std::stringstream mechs(mechanisms);
  std::string mech;
  while (std::getline(mechs, mech, ' ')) {
    if (mech == "CRAM-MD5") {
      const std::string& secret = config_.auth_secret.Reveal();
      if (secret.empty()) {
        add("missing secret for CRAM-MD5 auth mechanism");
        continue;
      }
      return CramMd5Auth(username, secret);
    }
    if (mech == "PLAIN" || mech == "LOGIN") {
      auto password = Password();
      if (!password.ok()) {
        add(password.status().message());
        continue;
      }
      if (password->empty()) {
        add("missing password for " + mech + " auth mechanism");
        continue;
      }
      if (mech == "PLAIN") {
        return PlainAuth(config_.auth_identity, username, *password,
                         config_.smarthost.host);
      }
      return LoginAuth(username, *password);
    }
  }
  if (errors.empty()) errors = "unknown auth mechanism: " + mechanisms;
  return Status::Unavailable(errors);
}

NotifyResult EmailNotifier::Open(SmtpClient& c, bool implicit_tls) {
  const HostPort& smarthost = config_.smarthost;
  const std::string server_name = config_.tls_config.server_name.empty()
                                      ? smarthost.host
                                      : config_.tls_config.server_name;
  if (implicit_tls) {
    Status s = CheckTlsConfig(config_.tls_config);
    if (!s.ok()) return Fail("parse TLS configuration", s);
    s = c.Connect(smarthost.host, smarthost.port);
    if (s.ok()) s = c.HandshakeTls(config_.tls_config, server_name);
    if (!s.ok()) return Retry("establish TLS connection to server", s);
  } else {
    Status s = c.Connect(smarthost.host, smarthost.port);
    if (!s.ok()) return Retry("establish connection to server", s);
  }
  Status s = c.ReadGreeting();
  if (!s.ok()) return Retry("create SMTP client", s);
  if (!config_.hello.empty()) {
    s = c.Hello(config_.hello);
    if (!s.ok()) return Retry("send EHLO command", s);
  }
  if (config_.require_tls && !implicit_tls) {
    if (!c.Extension("STARTTLS")) {
      return NotifyResult::Retry(
          Status::Unavailable("'require_tls' is true (default) but " +
                              go::Quote(smarthost.ToString()) +
                              " does not advertise the STARTTLS extension"));
    }
    s = CheckTlsConfig(config_.tls_config);
    if (!s.ok()) return Fail("parse TLS configuration", s);
    s = c.StartTls(config_.tls_config, server_name);
    if (!s.ok()) return Retry("send STARTTLS command", s);
  }
  std::string mechanisms;
  if (c.Extension("AUTH", &mechanisms)) {
    auto auth = ChooseAuth(mechanisms);
    if (!auth.ok()) return Retry("find auth mechanism", auth.status());
    if (*auth) {
      s = c.Auth(**auth);
      if (!s.ok()) return Retry((*auth)->TypeName() + " auth", s);
    }
  }
  return NotifyResult::Ok();
}

Result<std::string> EmailNotifier::Message(const NotificationData& data,
                                           Time now,
                                           const std::string& boundary) const {
  tmpl::Value value = TemplateValue(data);
  std::string out;
  bool has_message_id = false;
  for (const auto& [name, text] : config_.headers) {
    auto v = tmpl_->ExecuteText(text, value);
    if (!v.ok()) {
      return Status::WithCode(v.status().code(),
                              "execute " + go::Quote(name) +
                                  " header template: " + v.status().message());
    }
    out += name + ": " + QEncodeHeaderValue(*v) + "\r\n";
    has_message_id = has_message_id || name == "Message-Id";
  }
  if (!has_message_id) {
    out += "Message-Id: <" + std::to_string(UnixNanos(now)) + "." +
           std::to_string(RandomUint64()) + "@" + hostname_ + ">\r\n";
  }
  out += "Date: " + FormatRfc1123Z(now) + "\r\n";
  out += "Content-Type: multipart/alternative;  boundary=" + boundary + "\r\n";
  out += "MIME-Version: 1.0\r\n\r\n";

  MultipartWriter parts(boundary);
  if (!config_.text.empty()) {
    auto body = tmpl_->ExecuteText(config_.text, value);
    if (!body.ok()) {
      return Status::WithCode(
          body.status().code(),
          "execute text template: " + body.status().message());
    }
    parts.AddPart({{"Content-Transfer-Encoding", "quoted-printable"},
                   {"Content-Type", "text/plain; charset=UTF-8"}},
                  QuotedPrintable(*body));
  }
  if (!config_.html.empty()) {
    auto body = tmpl_->ExecuteHTML(config_.html, value);
    if (!body.ok()) {
      return Status::WithCode(
          body.status().code(),
          "execute html template: " + body.status().message());
    }
    // The preferred alternative comes last (RFC 2046, 5.1.4).
    parts.AddPart({{"Content-Transfer-Encoding", "quoted-printable"},
                   {"Content-Type", "text/html; charset=UTF-8"}},
                  QuotedPrintable(*body));
  }
  out += parts.Close();
  return out;
}

NotifyResult EmailNotifier::Notify(const NotifyRequest& request,
                                   const std::vector<AlertPtr>& alerts) {
  // The deadline is on the router's clock; the network runs on real time.
  Time deadline = SystemClock().Now() + (request.deadline - clock_->Now());
  SmtpClient c(config_.smarthost.host, deadline);
  bool implicit_tls = config_.smarthost.port == "465";
  NotifyResult r = Open(c, implicit_tls);
  if (!r.status.ok()) {
    (void)c.Quit();
    return r;
  }
  QuitOnExit quit(c);

  Time now = clock_->Now();
  NotificationData data = BuildNotificationData(
      request.receiver, request.group_labels, alerts, external_url_, now);
  Expander x(*tmpl_, data);
  std::string from = x.Text(config_.from);
  if (!x.status().ok()) return Fail("execute 'from' template", x.status());
  std::string to = x.Text(config_.to);
  if (!x.status().ok()) return Fail("execute 'to' template", x.status());

  auto from_addrs = ParseMailAddressList(from);
  if (!from_addrs.ok()) {
    return Fail("parse 'from' addresses", from_addrs.status());
  }
  if (from_addrs->size() != 1) {
    return NotifyResult::Fail(
        Status::InvalidArgument("must be exactly one 'from' address (got: " +
                                std::to_string(from_addrs->size()) + ")"));
  }
  Status s = c.Mail((*from_addrs)[0].address);
  if (!s.ok()) return Retry("send MAIL command", s);
  auto to_addrs = ParseMailAddressList(to);
  if (!to_addrs.ok()) return Fail("parse 'to' addresses", to_addrs.status());
  for (const MailAddress& a : *to_addrs) {
    s = c.Rcpt(a.address);
    if (!s.ok()) return Retry("send RCPT command", s);
  }

  // Everything is rendered before DATA: a template error sends nothing.
  auto message = Message(data, now, RandomMimeBoundary());
  if (!message.ok()) return NotifyResult::Fail(message.status());
  s = c.Data();
  if (!s.ok()) return Retry("send DATA command", s);
  s = c.WriteData(*message);
  if (!s.ok()) return Retry("delivery failure", s);
  return NotifyResult::Ok();
}

}  // namespace tocsin::notifiers
