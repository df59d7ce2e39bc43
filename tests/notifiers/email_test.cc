// The email integration against a real SMTP server (aiosmtpd on
// 127.0.0.1): the envelope, the headers and the MIME body Alertmanager 0.25
// sends; STARTTLS, TLS from the first byte, client certificates and
// certificate checks; AUTH PLAIN, LOGIN and CRAM-MD5 picked as Alertmanager
// picks them. The default HTML template renders what Alertmanager's
// email.tmpl renders.
//
// Skipped when Debian's python3-aiosmtpd (or the openssl command, for the
// TLS cases) is missing.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "notifiers/default_templates.h"
#include "tests/notifiers/email_fixture.h"

namespace tocsin::notifiers::testing {
namespace {

constexpr const char* kDefaultTmpl =
    "/usr/share/prometheus/alertmanager/default.tmpl";
constexpr const char* kEmailTmpl =
    "/usr/share/prometheus/alertmanager/email.tmpl";

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
  std::filesystem::remove(file);
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

}  // namespace
}  // namespace tocsin::notifiers::testing
