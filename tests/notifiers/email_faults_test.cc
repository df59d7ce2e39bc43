// Email delivery that fails: a server that is down, closes mid-dialogue,
// never answers, refuses EHLO and HELO, rejects a recipient or the
// message, or offers no STARTTLS while require_tls; template and address
// errors. Each failure reads as Alertmanager 0.25's and is retried where
// Alertmanager retries it; through the router, a rejected message is
// retried with backoff until it is accepted. Secrets stay out of errors.
//
// Skipped, where a real SMTP server is needed, when Debian's
// python3-aiosmtpd is missing.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "notifiers/router.h"
#include "notifiers/scheduler.h"
#include "notifiers/webhook_notifier.h"
#include "tests/notifiers/email_fixture.h"

namespace tocsin::notifiers::testing {
namespace {

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
