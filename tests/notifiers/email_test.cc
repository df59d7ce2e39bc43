// The email integration against a real SMTP server (aiosmtpd on
// 127.0.0.1): the envelope, the headers and the MIME body Alertmanager 0.25
// sends; STARTTLS, TLS from the first byte, client certificates and
// certificate checks; AUTH PLAIN, LOGIN and CRAM-MD5 picked as Alertmanager
// picks them; and the failures (server down, closing mid-dialogue, never
// answering, rejecting a recipient or the message, require_tls without
// STARTTLS) with Alertmanager's words and retry decisions. The default
// HTML template renders what Alertmanager's email.tmpl renders.
//
// Skipped when Debian's python3-aiosmtpd (or the openssl command, for the
// TLS cases) is missing.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "notifiers/config.h"
#include "notifiers/default_templates.h"
#include "notifiers/email_notifier.h"
#include "notifiers/router.h"
#include "notifiers/scheduler.h"
#include "notifiers/template_expander.h"
#include "notifiers/webhook_notifier.h"
#include "tests/notifiers/smtp_sink.h"

namespace tocsin::notifiers::testing {
namespace {

constexpr const char* kDefaultTmpl =
    "/usr/share/prometheus/alertmanager/default.tmpl";
constexpr const char* kEmailTmpl =
    "/usr/share/prometheus/alertmanager/email.tmpl";

#define REQUIRE_SINK()                                         \
  if (!SmtpSinkAvailable()) {                                  \
    GTEST_SKIP() << "/usr/bin/python3 cannot import aiosmtpd " \
                    "(python3-aiosmtpd)";                      \
  }
#define REQUIRE_TLS_SINK()                                       \
  REQUIRE_SINK();                                                \
  if (!OpensslAvailable()) GTEST_SKIP() << "no openssl command"; \
  ASSERT_TRUE(TestCertificates::Get().ok) << "openssl req failed"

AlertPtr MakeAlert(
    std::vector<promql::Label> labels, Annotations ann, int64_t start,
    int64_t end = 0,
    std::string generator_url = "http://prom:9090/graph?g0.expr=up&g0.tab=1") {
  auto a = std::make_shared<Alert>();
  a->labels = promql::Labels::FromVector(std::move(labels));
  a->annotations = std::move(ann);
  a->starts_at = FromUnixSeconds(start);
  if (end != 0) a->ends_at = FromUnixSeconds(end);
  a->generator_url = std::move(generator_url);
  a->ComputeFingerprint();
  return a;
}

std::vector<AlertPtr> DiskAlerts() {
  int64_t t = UnixSeconds(SystemClock().Now()) - 60;
  return {MakeAlert({{"alertname", "Disk"}, {"instance", "a:1"}},
                    {{"summary", "disk <full> & \"more\""}}, t),
          MakeAlert({{"alertname", "Disk"}, {"instance", "b:1"}}, {}, t)};
}

// The first email integration of `yaml`'s first receiver; {SMARTHOST},
// {CA}, {CERT} and {KEY} stand for the sink's address and the test
// certificates.
struct Email {
  Config config;
  std::unique_ptr<EmailNotifier> notifier;
};

std::string Substitute(std::string yaml, const std::string& smarthost) {
  const TestCertificates& c = TestCertificates::Get();
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t p = yaml.find(from); p != std::string::npos;
         p = yaml.find(from, p + to.size())) {
      yaml.replace(p, from.size(), to);
    }
  };
  replace("{SMARTHOST}", smarthost);
  replace("{CA}", c.server_cert);
  replace("{CERT}", c.client_cert);
  replace("{KEY}", c.client_key);
  return yaml;
}

Email MakeEmail(const std::string& yaml, const std::string& smarthost) {
  Email e;
  auto cfg = LoadConfig(Substitute(yaml, smarthost), "t.yml");
  // Ends the test (gtest reports the exception) instead of going on
  // without a notifier.
  if (!cfg.ok()) throw std::runtime_error(cfg.status().message());
  e.config = std::move(cfg).value();
  auto t = BuildNotifierTemplate(e.config);
  if (!t.ok()) throw std::runtime_error(t.status().message());
  e.notifier = std::make_unique<EmailNotifier>(
      e.config.receivers[0].email_configs[0], *t, "http://am.example:9093",
      &SystemClock());
  return e;
}

NotifyResult Send(EmailNotifier& n, int deadline_ms = 10000,
                  std::vector<AlertPtr> alerts = DiskAlerts()) {
  Time now = SystemClock().Now();
  NotifyRequest req{"team-mail", "{}:{alertname=\"Disk\"}",
                    promql::Labels::FromVector({{"alertname", "Disk"}}), now,
                    now + Millis(deadline_ms)};
  return n.Notify(req, alerts);
}

std::string Config1(const std::string& email_fields,
                    const std::string& from = "Alertmanager <am@example.org>") {
  return R"(
route: {receiver: team-mail}
receivers:
- name: team-mail
  email_configs:
  - smarthost: '{SMARTHOST}'
    from: ')" +
         from + "'\n" + email_fields;
}

TEST(EmailTemplates, DefaultHtmlAndSubjectRenderAsAlertmanagers) {
  if (!std::filesystem::exists(kDefaultTmpl) ||
      !std::filesystem::exists(kEmailTmpl)) {
    GTEST_SKIP() << "no reference templates in /usr/share/prometheus";
  }
  auto read = [](const char* path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  auto ref = tmpl::AlertmanagerTemplate::Create(
      {read(kDefaultTmpl), read(kEmailTmpl)}, {});
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  auto ours = tmpl::AlertmanagerTemplate::Create({DefaultTemplatesText()}, {});
  ASSERT_TRUE(ours.ok()) << ours.status().message();

  const int64_t t = 1704888000;
  Time now = FromUnixSeconds(t + 60);
  auto a1 = MakeAlert({{"alertname", "Disk"}, {"instance", "a"}},
                      {{"summary", "disk <full> & \"x\""}}, t);
  auto a2 = MakeAlert({{"alertname", "Disk"}, {"instance", "b"}},
                      {{"description", "javascript:alert(1)"}}, t, t + 30);
  auto a3 =
      MakeAlert({{"alertname", "Cpu"}}, {}, t, t + 10, "javascript:alert(1)");
  auto group = promql::Labels::FromVector({{"alertname", "Disk"}});
  std::vector<NotificationData> sets = {
      BuildNotificationData("team X/ops", group, {a1, a2}, "http://am:9093",
                            now),
      BuildNotificationData("r", group, {a1}, "http://am", now),
      BuildNotificationData("r", group, {a2}, "http://am", now),
      BuildNotificationData("r", promql::Labels(), {a3, a1}, "", now),
      BuildNotificationData("r", promql::Labels(), {}, "http://am", now)};
  int compared = 0;
  for (const NotificationData& d : sets) {
    tmpl::Value v = TemplateValue(d);
    for (const char* text : {R"({{ template "email.default.html" . }})",
                             R"({{ template "email.default.subject" . }})"}) {
      auto want = ref->ExecuteHTML(text, v);
      auto got = ours->ExecuteHTML(text, v);
      ASSERT_TRUE(want.ok()) << want.status().message();
      ASSERT_TRUE(got.ok()) << got.status().message();
      EXPECT_EQ(*got, *want) << text;
      ++compared;
    }
    auto want =
        ref->ExecuteText(R"({{ template "email.default.subject" . }})", v);
    auto got =
        ours->ExecuteText(R"({{ template "email.default.subject" . }})", v);
    ASSERT_TRUE(want.ok() && got.ok());
    EXPECT_EQ(*got, *want);
  }
  EXPECT_EQ(compared, 10);
}

TEST(EmailMessage, HeadersAndPartsAsAlertmanagerWritesThem) {
  Email e = MakeEmail(Config1(R"(    to: 'ops@example.org'
    headers: {X-Team: "Ops T\u00EBam", subject: 'Alert {{ .CommonLabels.alertname }}'}
    text: "{{ .CommonLabels.alertname }}\nfiring: {{ len .Alerts.Firing }} "
    html: '<b>{{ .CommonLabels.alertname }}</b>'
)"),
                      "127.0.0.1:25");
  ::setenv("TZ", "UTC", 1);
  ::tzset();
  NotificationData d = BuildNotificationData(
      "team-mail", promql::Labels::FromVector({{"alertname", "Disk"}}),
      DiskAlerts(), "http://am", SystemClock().Now());
  auto m = e.notifier->Message(d, FromUnixNanos(1704888000123456789), "B0");
  ASSERT_TRUE(m.ok()) << m.status().message();
  ParsedMail p(*m);
  std::vector<std::string> names;
  for (const auto& [k, v] : p.headers) names.push_back(k);
  EXPECT_EQ(names, (std::vector<std::string>{"From", "Subject", "To", "X-Team",
                                             "Message-Id", "Date",
                                             "Content-Type", "MIME-Version"}));
  EXPECT_EQ(p.Header("From"), "Alertmanager <am@example.org>");
  EXPECT_EQ(p.Header("To"), "ops@example.org");
  EXPECT_EQ(p.Header("Subject"), "Alert Disk");
  EXPECT_EQ(p.Header("X-Team"), "=?utf-8?q?Ops_T=C3=ABam?=");
  EXPECT_EQ(p.Header("Message-Id").rfind("<1704888000123456789.", 0), 0u);
  EXPECT_EQ(p.Header("Date"), "Wed, 10 Jan 2024 12:00:00 +0000");
  EXPECT_EQ(p.Header("Content-Type"), "multipart/alternative;  boundary=B0");
  EXPECT_EQ(p.Header("MIME-Version"), "1.0");
  EXPECT_EQ(p.body,
            "--B0\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
            "Disk\r\nfiring: 2=20\r\n"
            "--B0\r\nContent-Transfer-Encoding: quoted-printable\r\n"
            "Content-Type: text/html; charset=UTF-8\r\n\r\n"
            "<b>Disk</b>\r\n--B0--\r\n");
  // A Message-Id of the config's own replaces the generated one.
  Email own = MakeEmail(Config1(R"(    to: 'ops@example.org'
    headers: {message-id: '<x@y>'}
)"),
                        "127.0.0.1:25");
  auto m2 = own.notifier->Message(d, SystemClock().Now(), "B1");
  ASSERT_TRUE(m2.ok());
  EXPECT_EQ(ParsedMail(*m2).Header("Message-Id"), "<x@y>");
  EXPECT_EQ(m2->find("Message-Id:"), m2->rfind("Message-Id:"));
}

TEST(EmailDelivery, PlainSmtpEnvelopeAndMessage) {
  REQUIRE_SINK();
  SinkOptions o;
  o.smtputf8 = true;
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  Email e = MakeEmail(
      Config1(
          R"(    to: 'ops@example.org, "Jane Doe" <jane@example.org>, team: a@x.org;'
    hello: tocsin.example
    require_tls: false
)"),
      sink.address());
  NotifyResult r = Send(*e.notifier);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_TRUE(sink.WaitFor(1, std::chrono::seconds(10)));
  ReceivedMail m = sink.Mails()[0];
  EXPECT_EQ(m.helo, "tocsin.example");
  EXPECT_FALSE(m.tls);
  EXPECT_EQ(m.mail_from, "am@example.org");
  EXPECT_EQ(m.mail_options,
            (std::vector<std::string>{"BODY=8BITMIME", "SMTPUTF8"}));
  EXPECT_EQ(m.rcpt, (std::vector<std::string>{"ops@example.org",
                                              "jane@example.org", "a@x.org"}));
  ParsedMail p(m.data);
  EXPECT_EQ(p.Header("Subject"), "[FIRING:2] Disk ");
  EXPECT_EQ(p.Header("To"),
            "ops@example.org, \"Jane Doe\" <jane@example.org>, team: a@x.org;");
  EXPECT_EQ(p.Header("From"), "Alertmanager <am@example.org>");
  auto parts = p.Parts();
  ASSERT_EQ(parts.size(), 1u);  // no text template: HTML only
  EXPECT_EQ(parts[0].content_type, "text/html; charset=UTF-8");
  EXPECT_EQ(parts[0].encoding, "quoted-printable");
  EXPECT_NE(parts[0].decoded.find("disk &lt;full&gt; &amp; &#34;more&#34;"),
            std::string::npos);
  EXPECT_NE(parts[0].decoded.find(
                "http://am.example:9093/#/alerts?receiver=team-mail"),
            std::string::npos);
  // Quoted-printable lines stay within 76 characters.
  std::istringstream lines(parts[0].raw);
  std::string line;
  while (std::getline(lines, line)) EXPECT_LE(line.size(), 77u) << line;
}

TEST(EmailDelivery, StartTlsAndAuthPlainWithIdentity) {
  REQUIRE_TLS_SINK();
  SinkOptions o;
  o.starttls = true;
  o.auth = "alice:s3cret";
  o.auth_require_tls = true;
  o.auth_exclude = {"LOGIN"};
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  Email e = MakeEmail(Config1(R"(    to: 'ops@example.org'
    auth_username: alice
    auth_password: s3cret
    auth_identity: alice
    tls_config: {ca_file: '{CA}'}
)"),
                      sink.address());
  NotifyResult r = Send(*e.notifier);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_TRUE(sink.WaitFor(1, std::chrono::seconds(10)));
  ReceivedMail m = sink.Mails()[0];
  EXPECT_TRUE(m.tls);
  EXPECT_EQ(m.auth, "alice");
  EXPECT_EQ(m.auth_mechanism, "PLAIN");
  EXPECT_EQ(m.helo, "localhost");  // the global smtp_hello default
}

TEST(EmailDelivery, AuthPicksTheServersFirstUsableMechanism) {
  REQUIRE_TLS_SINK();
  struct Case {
    const char* name;
    std::string cram_secret;  // the server offers CRAM-MD5 when set
    std::string fields;
    std::string mechanism;  // "" when no AUTH happens
  };
  const std::vector<Case> cases = {
      // aiosmtpd offers "CRAM-MD5 LOGIN PLAIN" (or "LOGIN PLAIN"); like
      // Alertmanager, tocsin takes the first it has credentials for.
      {"login first", "", "auth_username: alice\n    auth_password: s3cret\n",
       "LOGIN"},
      {"cram with secret", "shh",
       "auth_username: alice\n    auth_secret: shh\n    auth_password: "
       "s3cret\n",
       "CRAM-MD5"},
      {"cram without secret", "shh",
       "auth_username: alice\n    auth_password: s3cret\n", "LOGIN"},
      {"no username", "", "auth_password: s3cret\n", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    SinkOptions o;
    o.starttls = true;
    o.auth = "alice:s3cret";
    o.cram_secret = c.cram_secret;
    SmtpSink sink(o);
    ASSERT_TRUE(sink.ok());
    Email e = MakeEmail(Config1("    to: 'ops@example.org'\n    " + c.fields +
                                "    tls_config: {ca_file: '{CA}'}\n"),
                        sink.address());
    NotifyResult r = Send(*e.notifier);
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    ASSERT_TRUE(sink.WaitFor(1, std::chrono::seconds(10)));
    EXPECT_EQ(sink.Mails()[0].auth_mechanism, c.mechanism);
  }
  // aiosmtpd's own LOGIN challenges ("User Name\0") are not the usual
  // "Username:": Alertmanager's LOGIN gives up, and so does tocsin.
  SinkOptions o;
  o.starttls = true;
  o.auth = "alice:s3cret";
  o.aiosmtpd_login_challenges = true;
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  Email e = MakeEmail(Config1("    to: 'ops@example.org'\n"
                              "    auth_username: alice\n"
                              "    auth_password: s3cret\n"
                              "    tls_config: {ca_file: '{CA}'}\n"),
                      sink.address());
  NotifyResult r = Send(*e.notifier);
  EXPECT_EQ(r.status.message(),
            "*email.loginAuth auth: unexpected server challenge");
  EXPECT_TRUE(r.retry);
}

TEST(EmailDelivery, PasswordFileAndAuthFailures) {
  REQUIRE_TLS_SINK();
  SinkOptions o;
  o.starttls = true;
  o.auth = "alice:s3cret";
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  std::string file = ::testing::TempDir() + "tocsin_smtp_password";
  std::ofstream(file) << "s3cret\n";
  Email good = MakeEmail(Config1("    to: 'ops@example.org'\n"
                                 "    auth_username: alice\n"
                                 "    auth_password_file: '" +
                                 file +
                                 "'\n"
                                 "    tls_config: {ca_file: '{CA}'}\n"),
                         sink.address());
  NotifyResult r = Send(*good.notifier);
  EXPECT_TRUE(r.status.ok()) << r.status.message();

  Email wrong = MakeEmail(Config1(R"(    to: 'ops@example.org'
    auth_username: alice
    auth_password: not-the-password
    tls_config: {ca_file: '{CA}'}
)"),
                          sink.address());
  r = Send(*wrong.notifier);
  EXPECT_EQ(r.status.message(),
            "*email.loginAuth auth: 535 5.7.8 Authentication credentials "
            "invalid");
  EXPECT_TRUE(r.retry);

  Email missing = MakeEmail(Config1(R"(    to: 'ops@example.org'
    auth_username: alice
    auth_password_file: /nonexistent/pw
    tls_config: {ca_file: '{CA}'}
)"),
                            sink.address());
  r = Send(*missing.notifier);
  EXPECT_EQ(r.status.message(),
            "find auth mechanism: could not read /nonexistent/pw: open "
            "/nonexistent/pw: no such file or directory; could not read "
            "/nonexistent/pw: open /nonexistent/pw: no such file or "
            "directory");
  EXPECT_TRUE(r.retry);
  ASSERT_TRUE(sink.WaitFor(1, std::chrono::seconds(5)));
  EXPECT_EQ(sink.Mails().size(), 1u);
}

TEST(EmailDelivery, PlainAuthNeedsTlsExceptOnLocalhost) {
  REQUIRE_SINK();
  SinkOptions o;
  o.auth = "alice:s3cret";
  o.auth_exclude = {"LOGIN"};
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  // 127.0.0.1 counts as localhost: PLAIN without TLS is allowed there.
  Email local = MakeEmail(Config1(R"(    to: 'ops@example.org'
    require_tls: false
    auth_username: alice
    auth_password: s3cret
)"),
                          sink.address());
  NotifyResult r = Send(*local.notifier);
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_TRUE(sink.WaitFor(1, std::chrono::seconds(10)));
  EXPECT_EQ(sink.Mails()[0].auth_mechanism, "PLAIN");
  // Anywhere else the password is never sent in the clear, nor to a
  // server of another name.
  auto plain = PlainAuth("", "alice", "s3cret", "mail.example");
  EXPECT_EQ(plain->Start({"mail.example", false, {"PLAIN"}}).status().message(),
            "unencrypted connection");
  EXPECT_EQ(plain->Start({"other.example", true, {"PLAIN"}}).status().message(),
            "wrong host name");
  auto start = plain->Start({"mail.example", true, {"PLAIN"}});
  ASSERT_TRUE(start.ok());
  EXPECT_EQ(start->first, "PLAIN");
  EXPECT_EQ(start->second, std::string("\0alice\0s3cret", 13));
}

TEST(EmailDelivery, TlsChecks) {
  REQUIRE_TLS_SINK();
  SinkOptions o;
  o.starttls = true;
  o.require_client_cert = true;
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  struct Case {
    const char* name;
    std::string tls;
    std::string error;  // "" for success
  };
  const std::vector<Case> cases = {
      {"client certificate",
       "{ca_file: '{CA}', cert_file: '{CERT}', "
       "key_file: '{KEY}'}",
       ""},
      {"server name",
       "{ca_file: '{CA}', server_name: localhost, "
       "cert_file: '{CERT}', key_file: '{KEY}'}",
       ""},
      {"insecure",
       "{insecure_skip_verify: true, cert_file: '{CERT}', "
       "key_file: '{KEY}'}",
       ""},
      {"unknown authority", "{cert_file: '{CERT}', key_file: '{KEY}'}",
       "send STARTTLS command: x509: certificate signed by unknown "
       "authority"},
      {"wrong name",
       "{ca_file: '{CA}', server_name: other.example, "
       "cert_file: '{CERT}', key_file: '{KEY}'}",
       "send STARTTLS command: x509: certificate is not valid for "
       "other.example"},
      {"bad CA file", "{ca_file: /nonexistent/ca.pem}",
       "parse TLS configuration: unable to use specified CA cert "
       "/nonexistent/ca.pem"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Email e = MakeEmail(
        Config1("    to: 'ops@example.org'\n    tls_config: " + c.tls + "\n"),
        sink.address());
    NotifyResult r = Send(*e.notifier);
    if (c.error.empty()) {
      EXPECT_TRUE(r.status.ok()) << r.status.message();
    } else {
      EXPECT_EQ(r.status.message(), c.error);
      EXPECT_EQ(r.retry, c.name != std::string("bad CA file"));
    }
  }
  // Without a client certificate the server refuses the handshake.
  Email e = MakeEmail(Config1("    to: 'ops@example.org'\n"
                              "    tls_config: {ca_file: '{CA}'}\n"),
                      sink.address());
  NotifyResult r = Send(*e.notifier);
  EXPECT_FALSE(r.status.ok());
  EXPECT_TRUE(r.retry);
  EXPECT_EQ(sink.Mails().size(), 3u);
}

TEST(EmailDelivery, ImplicitTlsFromTheFirstByte) {
  REQUIRE_TLS_SINK();
  SinkOptions o;
  o.implicit_tls = true;
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  // The notifier speaks TLS from the first byte on port 465 only; the
  // client does it on any port.
  Time deadline = SystemClock().Now() + Seconds(10);
  SmtpClient c("127.0.0.1", deadline);
  TlsConfig tls;
  tls.ca_file = TestCertificates::Get().server_cert;
  ASSERT_TRUE(c.Connect("127.0.0.1", std::to_string(sink.port())).ok());
  Status s = c.HandshakeTls(tls, "127.0.0.1");
  ASSERT_TRUE(s.ok()) << s.message();
  ASSERT_TRUE(c.ReadGreeting().ok());
  ASSERT_TRUE(c.Hello("tocsin").ok());
  EXPECT_FALSE(c.Extension("STARTTLS"));
  ASSERT_TRUE(c.Mail("am@example.org").ok());
  ASSERT_TRUE(c.Rcpt("ops@example.org").ok());
  ASSERT_TRUE(c.Data().ok());
  ASSERT_TRUE(c.WriteData("Subject: x\r\n\r\n.leading dot\nlone LF\r\n").ok());
  ASSERT_TRUE(c.Quit().ok());
  ASSERT_TRUE(sink.WaitFor(1, std::chrono::seconds(10)));
  ReceivedMail m = sink.Mails()[0];
  EXPECT_TRUE(m.tls);
  EXPECT_EQ(m.data, "Subject: x\r\n\r\n.leading dot\r\nlone LF\r\n");

  // Through the notifier on port 465, when this machine lets the test
  // listen there; require_tls (the default) needs no STARTTLS then.
  o.port = 465;
  SmtpSink sink465(o);
  if (!sink465.ok()) {
    std::cout << "port 465 unavailable here; the notifier's port-465 case "
                 "was not run\n";
    return;
  }
  Email e = MakeEmail(Config1("    to: 'ops@example.org'\n"
                              "    tls_config: {ca_file: '{CA}'}\n"),
                      "127.0.0.1:465");
  NotifyResult r = Send(*e.notifier);
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_TRUE(sink465.WaitFor(1, std::chrono::seconds(10)));
  EXPECT_TRUE(sink465.Mails()[0].tls);
}

// A scripted server for failures aiosmtpd does not produce: it accepts
// one connection, sends `greeting` (if any), answers `replies` to the
// first lines it reads, then closes after reading one more line (or, with
// `hang`, waits).
class ScriptedServer {
 public:
  ScriptedServer(std::string greeting, std::vector<std::string> replies,
                 bool hang)
      : greeting_(std::move(greeting)),
        replies_(std::move(replies)),
        hang_(hang) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  void Serve() {
    int c = ::accept(fd_, nullptr, nullptr);
    if (c < 0) return;
    if (!greeting_.empty()) {
      ::send(c, greeting_.data(), greeting_.size(), MSG_NOSIGNAL);
    }
    std::string in;
    char buf[1024];
    for (const std::string& reply : replies_) {
      while (in.find('\n') == std::string::npos) {
        ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        in.append(buf, static_cast<size_t>(n));
      }
      in.erase(0, in.find('\n') + 1);
      ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL);
    }
    while (hang_ && !stop_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // Read the client's next command before closing, so that it sees the
    // connection end (EOF), not a reset for unread data.
    while (!hang_ && in.find('\n') == std::string::npos) {
      ssize_t n = ::recv(c, buf, sizeof buf, 0);
      if (n <= 0) break;
      in.append(buf, static_cast<size_t>(n));
    }
    ::close(c);
  }

  int fd_ = -1;
  int port_ = 0;
  std::string greeting_;
  std::vector<std::string> replies_;
  bool hang_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

TEST(EmailFaults, EachFailureWithAlertmanagersWords) {
  const std::string fields =
      "    to: 'ops@example.org'\n"
      "    require_tls: false\n";
  auto run = [&](const std::string& smarthost, int deadline_ms) {
    Email e = MakeEmail(Config1(fields), smarthost);
    auto start = std::chrono::steady_clock::now();
    NotifyResult r = Send(*e.notifier, deadline_ms);
    double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    EXPECT_LT(took, deadline_ms / 1000.0 + 0.5) << "waited past the deadline";
    return r;
  };
  int down_port;
  {
    ScriptedServer closed("", {}, false);
    down_port = std::stoi(closed.address().substr(10));
  }
  NotifyResult r = run("127.0.0.1:" + std::to_string(down_port), 3000);
  EXPECT_EQ(r.status.message(),
            "establish connection to server: dial tcp "
            "127.0.0.1:" +
                std::to_string(down_port) + ": connect: connection refused");
  EXPECT_TRUE(r.retry);

  {
    ScriptedServer mute("", {}, true);  // accepts, never says a word
    r = run(mute.address(), 1000);
    EXPECT_EQ(
        r.status.message().rfind("create SMTP client: read tcp 127.0.0.1:", 0),
        0u)
        << r.status.message();
    EXPECT_NE(r.status.message().find("->" + mute.address() + ": i/o timeout"),
              std::string::npos)
        << r.status.message();
    EXPECT_TRUE(r.retry);
  }
  {
    ScriptedServer closes("220 hi\r\n", {}, false);  // closes at EHLO
    r = run(closes.address(), 3000);
    EXPECT_EQ(r.status.message(), "send EHLO command: EOF");
    EXPECT_TRUE(r.retry);
  }
  {
    // EHLO answered, then the connection drops at MAIL FROM.
    ScriptedServer drops("220 hi\r\n", {"250-hi\r\n250 8BITMIME\r\n"}, false);
    r = run(drops.address(), 3000);
    EXPECT_EQ(r.status.message(), "send MAIL command: EOF");
    EXPECT_TRUE(r.retry);
  }
  {
    ScriptedServer stalls("220 hi\r\n", {"250 hi\r\n"}, true);
    r = run(stalls.address(), 1000);
    EXPECT_NE(r.status.message().find("send MAIL command: read tcp"),
              std::string::npos)
        << r.status.message();
    EXPECT_TRUE(r.retry);
  }
  {
    ScriptedServer busy("421 4.3.2 busy\r\n", {}, false);
    r = run(busy.address(), 3000);
    EXPECT_EQ(r.status.message(), "create SMTP client: 421 4.3.2 busy");
  }
  {
    // EHLO refused, HELO refused too: the HELO answer is the error.
    ScriptedServer old("220 hi\r\n",
                       {"502 5.5.1 no EHLO\r\n", "501-no\r\n501 HELO\r\n"},
                       false);
    r = run(old.address(), 3000);
    EXPECT_EQ(r.status.message(), "send EHLO command: 501 no\nHELO");
  }
}

TEST(EmailFaults, RejectionsAndRequireTls) {
  REQUIRE_SINK();
  SinkOptions o;
  o.reject_rcpt = {"bad@example.org"};
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  Email rcpt = MakeEmail(Config1(R"(    to: 'ops@example.org, bad@example.org'
    require_tls: false
)"),
                         sink.address());
  NotifyResult r = Send(*rcpt.notifier);
  EXPECT_EQ(r.status.message(),
            "send RCPT command: 550 5.1.1 <bad@example.org>: Recipient "
            "address rejected");
  EXPECT_TRUE(r.retry);

  // require_tls (the default) and no STARTTLS offered.
  Email tls = MakeEmail(Config1("    to: 'ops@example.org'\n"), sink.address());
  r = Send(*tls.notifier);
  EXPECT_EQ(r.status.message(), "'require_tls' is true (default) but \"" +
                                    sink.address() +
                                    "\" does not advertise the STARTTLS "
                                    "extension");
  EXPECT_TRUE(r.retry);

  // Errors in the config's templates or addresses are final, and nothing
  // is sent.
  struct Case {
    std::string fields, error;
    std::string from = "am@example.org";
  };
  const std::vector<Case> cases = {
      {"    to: 'not an address'\n",
       "parse 'to' addresses: mail: no angle-addr"},
      {"    to: 'ops@example.org'\n",
       "must be exactly one 'from' address (got: 2)", "a@b.c, d@e.f"},
      {"    to: 'ops@example.org'\n",
       "parse 'from' addresses: mail: no address", "{{ .CommonLabels.nope }}"},
      {"    to: '{{ .Nope }}'\n",
       "execute 'to' template: template: :1:3: executing \"\" at <.Nope>: "
       "can't evaluate field Nope in type *template.Data"},
      {"    to: 'ops@example.org'\n    headers: {Subject: '{{ .Nope }}'}\n",
       "execute \"Subject\" header template: template: :1:3: executing \"\" "
       "at <.Nope>: can't evaluate field Nope in type *template.Data"},
      {"    to: 'ops@example.org'\n    text: '{{ nope }}'\n",
       "execute text template: template: :1: function \"nope\" not "
       "defined"},
  };
  for (const Case& c : cases) {
    Email e = MakeEmail(Config1(c.fields + "    require_tls: false\n", c.from),
                        sink.address());
    r = Send(*e.notifier);
    EXPECT_EQ(r.status.message(), c.error);
    EXPECT_FALSE(r.retry) << c.error;
  }
  EXPECT_TRUE(sink.Mails().empty());

  SinkOptions reject;
  reject.reject_data = "554 5.6.0 Message rejected";
  SmtpSink rejecting(reject);
  ASSERT_TRUE(rejecting.ok());
  Email data = MakeEmail(Config1("    to: 'ops@example.org'\n"
                                 "    require_tls: false\n"),
                         rejecting.address());
  r = Send(*data.notifier);
  EXPECT_EQ(r.status.message(), "delivery failure: 554 5.6.0 Message rejected");
  EXPECT_TRUE(r.retry);
}

TEST(EmailFaults, SecretsStayOutOfErrorsAndStatus) {
  REQUIRE_SINK();
  SinkOptions o;
  o.auth = "alice:right";
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  Email e = MakeEmail(Config1(R"(    to: 'ops@example.org'
    require_tls: false
    auth_username: alice
    auth_password: hunter2-password
    auth_secret: hunter2-secret
)"),
                      sink.address());
  NotifyResult r = Send(*e.notifier);
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.status.message().find("hunter2"), std::string::npos)
      << r.status.message();
  const EmailConfig& ec = e.config.receivers[0].email_configs[0];
  EXPECT_EQ(ec.auth_password.ToString(), "<secret>");
  EXPECT_EQ(ec.auth_secret.ToString(), "<secret>");
}

TEST(EmailRouter, AFailedDeliveryIsRetriedUntilAccepted) {
  REQUIRE_SINK();
  SinkOptions o;
  o.fail_first = 2;  // 451 twice, then accepted
  SmtpSink sink(o);
  ASSERT_TRUE(sink.ok());
  std::string yaml = R"(
global:
  smtp_smarthost: ')" +
                     sink.address() +
                     R"('
  smtp_from: am@example.org
  smtp_require_tls: false
route:
  receiver: mail
  group_by: [alertname]
  group_wait: 200ms
  group_interval: 1m
receivers:
- name: mail
  email_configs: [{to: ops@example.org}]
)";
  auto cfg = LoadConfig(yaml, "t.yml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  RealScheduler scheduler(4);
  RouterOptions options;
  options.retry.initial = Millis(100);
  options.retry.randomization = 0;
  Router router(
      &scheduler,
      BuiltinNotifierFactory("http://am.example:9093", &SystemClock()),
      options);
  ASSERT_TRUE(router.Open().ok());
  ASSERT_TRUE(router.ApplyConfig(std::move(cfg).value()).ok());
  Alert a;
  a.labels = promql::Labels::FromVector({{"alertname", "Retry"}});
  ASSERT_TRUE(router.PostAlerts({a}).ok());
  ASSERT_TRUE(sink.WaitFor(1, std::chrono::seconds(20)));
  router.Stop();
  scheduler.Shutdown();
  std::vector<ReceivedMail> mails = sink.Mails();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(ParsedMail(mails[0].data).Header("Subject"), "[FIRING:1] Retry ");
}

}  // namespace
}  // namespace tocsin::notifiers::testing
