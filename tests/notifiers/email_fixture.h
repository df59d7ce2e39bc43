// Shared by the email tests: alerts, an email notifier made from a config
// snippet pointed at a test SMTP server, one delivery attempt, and the
// skip conditions (python3-aiosmtpd, openssl).

#ifndef TOCSIN_TESTS_NOTIFIERS_EMAIL_FIXTURE_H_
#define TOCSIN_TESTS_NOTIFIERS_EMAIL_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "notifiers/config.h"
#include "notifiers/email_notifier.h"
#include "notifiers/template_expander.h"
#include "tests/notifiers/smtp_sink.h"

namespace tocsin::notifiers::testing {

#define REQUIRE_SINK()                                         \
  if (!SmtpSinkAvailable()) {                                  \
    GTEST_SKIP() << "/usr/bin/python3 cannot import aiosmtpd " \
                    "(python3-aiosmtpd)";                      \
  }
#define REQUIRE_TLS_SINK()                                       \
  REQUIRE_SINK();                                                \
  if (!OpensslAvailable()) GTEST_SKIP() << "no openssl command"; \
  ASSERT_TRUE(TestCertificates::Get().ok) << "openssl req failed"

inline AlertPtr MakeAlert(
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

inline std::vector<AlertPtr> DiskAlerts() {
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

inline std::string Substitute(std::string yaml, const std::string& smarthost) {
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

inline Email MakeEmail(const std::string& yaml, const std::string& smarthost) {
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

inline NotifyResult Send(EmailNotifier& n, int deadline_ms = 10000,
                         std::vector<AlertPtr> alerts = DiskAlerts()) {
  Time now = SystemClock().Now();
  NotifyRequest req{"team-mail", "{}:{alertname=\"Disk\"}",
                    promql::Labels::FromVector({{"alertname", "Disk"}}), now,
                    now + Millis(deadline_ms)};
  return n.Notify(req, alerts);
}

inline std::string Config1(
    const std::string& email_fields,
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

}  // namespace tocsin::notifiers::testing

#endif  // TOCSIN_TESTS_NOTIFIERS_EMAIL_FIXTURE_H_
