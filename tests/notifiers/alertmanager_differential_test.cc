// Differential test against the real Alertmanager 0.25: the same timed
// scenarios (grouping, group_wait / group_interval, resolving, inhibition
// with and without equal labels, continue, silences, send_resolved,
// resolve_timeout, Slack and PagerDuty bodies, email) are played against
// `prometheus-alertmanager` and against `tocsin router`, both as processes
// fed through the Alertmanager API v2, in real time, with every receiver
// pointed at a capture server on 127.0.0.1 (an aiosmtpd SMTP server for
// email). Both must post the same bodies, in the same order, within a
// second of each other; emails must have the same envelope, session
// (STARTTLS, AUTH), headers and MIME parts, once the values that differ
// by nature (Message-Id, Date, the multipart boundary, the order of the
// headers, which is random in Alertmanager) are set aside.
//
// Skipped when prometheus-alertmanager is not installed; the email
// scenario is skipped when python3-aiosmtpd or openssl is missing.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <mutex>
#include <regex>
#include <set>
#include <thread>

#include "notifiers/clock.h"
#include "notifiers/http_client.h"
#include "tests/notifiers/capture_server.h"
#include "tests/notifiers/smtp_sink.h"

namespace tocsin::notifiers::testing {
namespace {

constexpr const char* kAlertmanager = "/usr/bin/prometheus-alertmanager";
constexpr const char* kExternalUrl = "http://am.example:9093";

struct PostedAlert {
  std::vector<std::pair<std::string, std::string>> labels;
  double starts = 0;  // seconds after the scenario's start
  double ends = -1;   // < 0: no end
};

struct Step {
  double at;  // seconds after the start
  std::vector<PostedAlert> alerts;
  // A silence on alertname=<silence_name> from `at` for `silence_for` s.
  std::string silence_name;
  double silence_for = 0;
};

struct Scenario {
  std::string name;
  std::string config;  // "{URL}" stands for the webhook URL
  std::vector<Step> steps;
  double duration;
  bool fuzzy_ends = false;  // ends set by resolve_timeout differ in ms
  // Receivers send email: "{SMTP}" is an SMTP server's address (STARTTLS
  // with the certificate "{CA}", AUTH as alice / s3cret).
  bool smtp = false;
};

// A port nothing listens on, never the same twice: the scenarios run
// concurrently, and the kernel may hand a port that one scenario just
// closed to the next.
int FreePort() {
  static std::mutex mu;
  static std::set<int> given;
  while (true) {
    int port = CaptureServer().port();
    std::lock_guard<std::mutex> lock(mu);
    if (given.insert(port).second) return port;
  }
}

std::string Rfc(std::chrono::system_clock::time_point base, double offset) {
  return FormatRfc3339(std::chrono::time_point_cast<Duration>(base) +
                       Duration(static_cast<int64_t>(offset * 1e9)));
}

std::string AlertsJson(const std::vector<PostedAlert>& alerts,
                       std::chrono::system_clock::time_point base) {
  std::string out = "[";
  for (size_t i = 0; i < alerts.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"labels\":{";
    for (size_t k = 0; k < alerts[i].labels.size(); ++k) {
      if (k > 0) out += ',';
      out += "\"" + alerts[i].labels[k].first + "\":\"" +
             alerts[i].labels[k].second + "\"";
    }
    out += "},\"startsAt\":\"" + Rfc(base, alerts[i].starts) + "\"";
    if (alerts[i].ends >= 0) {
      out += ",\"endsAt\":\"" + Rfc(base, alerts[i].ends) + "\"";
    }
    out += "}";
  }
  return out + "]";
}

struct Outcome {
  std::vector<CapturedRequest> alertmanager;
  std::vector<CapturedRequest> tocsin;
  std::vector<ReceivedMail> alertmanager_mails;
  std::vector<ReceivedMail> tocsin_mails;
  std::chrono::system_clock::time_point base;
  std::string error;
};

// A server process (Alertmanager or `tocsin router`) on a free port.
struct Server {
  pid_t pid = -1;
  std::string url;
};

// Starts `binary` with Alertmanager's flags for config `config` and storage
// `storage`, and waits until it is ready.
Result<Server> Spawn(const char* binary, const std::vector<std::string>& pre,
                     const std::string& config, const std::string& storage,
                     const std::string& log_path) {
  std::string listen = "127.0.0.1:" + std::to_string(FreePort());
  // Everything the child needs is prepared before fork(): other scenarios'
  // threads may hold the allocator's locks.
  std::vector<std::string> args = pre;
  args.push_back("--config.file=" + config);
  args.push_back("--storage.path=" + storage);
  args.push_back("--web.listen-address=" + listen);
  args.push_back("--cluster.listen-address=");
  args.push_back(std::string("--web.external-url=") + kExternalUrl + "/");
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary));
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    ::execv(binary, argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  Server server{pid, "http://" + listen};
  for (int i = 0; i < 100; ++i) {
    // Ready, and really this child: it still runs and its status page is
    // an Alertmanager's (not another server's that took the port).
    auto r = SendHttp({"GET", server.url + "/api/v2/status", {}, ""},
                      HttpConfig(), Seconds(1));
    if (r.ok() && r->status == 200 &&
        r->body.find("\"versionInfo\"") != std::string::npos &&
        ::waitpid(pid, nullptr, WNOHANG) == 0) {
      return server;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return Status::Unavailable(std::string(binary) + " did not become ready");
}

void Post(const std::vector<Server>& servers, const std::string& path,
          const std::string& body) {
  for (const Server& s : servers) {
    (void)SendHttp(
        {"POST", s.url + path, {{"Content-Type", "application/json"}}, body},
        HttpConfig(), Seconds(2));
  }
}

// Plays the scenario against Alertmanager and `tocsin router`, both as
// processes fed through their HTTP APIs.
Outcome Play(const Scenario& sc) {
  Outcome out;
  std::string dir = ::testing::TempDir() + "tocsin_amdiff_" + sc.name + "_" +
                    std::to_string(::getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir + "/am");
  std::filesystem::create_directories(dir + "/tocsin");
  CaptureServer am_sink, tocsin_sink;
  std::unique_ptr<SmtpSink> am_smtp, tocsin_smtp;
  if (sc.smtp) {
    SinkOptions o;
    o.starttls = true;
    o.auth = "alice:s3cret";
    o.smtputf8 = true;
    am_smtp = std::make_unique<SmtpSink>(o);
    tocsin_smtp = std::make_unique<SmtpSink>(o);
    if (!am_smtp->ok() || !tocsin_smtp->ok()) {
      out.error = "the SMTP servers did not start";
      return out;
    }
  }
  // {URL} is the webhook URL; {BASE} the capture server's root, for
  // receivers that post elsewhere (/slack, /pd); {SMTP} the SMTP server.
  auto with_url = [&](const std::string& url, const SmtpSink* smtp) {
    std::string base = url.substr(0, url.size() - std::string("/hook").size());
    std::string c = std::regex_replace(
        std::regex_replace(sc.config, std::regex("\\{URL\\}"), url),
        std::regex("\\{BASE\\}"), base);
    if (smtp != nullptr) {
      c = std::regex_replace(c, std::regex("\\{SMTP\\}"), smtp->address());
      c = std::regex_replace(c, std::regex("\\{CA\\}"),
                             TestCertificates::Get().server_cert);
    }
    return c;
  };
  std::ofstream(dir + "/am.yml")
      << with_url(am_sink.Url("/hook"), am_smtp.get());
  std::ofstream(dir + "/tocsin.yml")
      << with_url(tocsin_sink.Url("/hook"), tocsin_smtp.get());
  auto am =
      Spawn(kAlertmanager, {}, dir + "/am.yml", dir + "/am", dir + "/am.log");
  auto tc = Spawn(TOCSIN_BINARY, {"router"}, dir + "/tocsin.yml",
                  dir + "/tocsin", dir + "/tocsin.log");
  if (!am.ok() || !tc.ok()) {
    out.error = am.ok() ? tc.status().message() : am.status().message();
    for (auto* s : {&am, &tc}) {
      if (!s->ok()) continue;
      ::kill((*s)->pid, SIGKILL);
      ::waitpid((*s)->pid, nullptr, 0);
    }
    return out;
  }
  std::vector<Server> servers = {*am, *tc};
  // Whole seconds, so that startsAt values are short and equal on both.
  auto base = std::chrono::floor<std::chrono::seconds>(
                  std::chrono::system_clock::now()) +
              std::chrono::seconds(1);
  out.base = base;
  for (const Step& step : sc.steps) {
    std::this_thread::sleep_until(
        base + std::chrono::milliseconds(static_cast<int64_t>(step.at * 1000)));
    if (!step.silence_name.empty()) {
      Post(servers, "/api/v2/silences",
           R"({"matchers":[{"name":"alertname","value":")" + step.silence_name +
               R"(","isRegex":false,"isEqual":true}],"startsAt":")" +
               Rfc(base, step.at) + R"(","endsAt":")" +
               Rfc(base, step.at + step.silence_for) +
               R"(","createdBy":"test","comment":"diff"})");
    }
    if (!step.alerts.empty()) {
      Post(servers, "/api/v2/alerts", AlertsJson(step.alerts, base));
    }
  }
  std::this_thread::sleep_until(
      base +
      std::chrono::milliseconds(static_cast<int64_t>(sc.duration * 1000)));
  for (const Server& s : servers) {
    ::kill(s.pid, SIGTERM);
    ::waitpid(s.pid, nullptr, 0);
  }
  out.alertmanager = am_sink.requests();
  out.tocsin = tocsin_sink.requests();
  if (sc.smtp) {
    out.alertmanager_mails = am_smtp->Mails();
    out.tocsin_mails = tocsin_smtp->Mails();
  }
  std::filesystem::remove_all(dir);
  return out;
}

std::string Normalize(std::string body, bool fuzzy_ends) {
  if (!fuzzy_ends) return body;
  return std::regex_replace(body, std::regex(R"re("endsAt":"(?!0001)[^"]*")re"),
                            "\"endsAt\":\"*\"");
}

// Notifications per group key, in order: the bodies must agree.
void Compare(const Scenario& sc, const Outcome& o) {
  ASSERT_TRUE(o.error.empty()) << o.error;
  // Receiver and group key: siblings without matchers share a route key,
  // so only both together name a group. Slack and PagerDuty bodies name
  // neither: their path, title or dedup key tell their groups apart.
  auto key_of = [](const CapturedRequest& r) {
    std::smatch m, rcv, other;
    std::regex_search(r.body, m,
                      std::regex(R"re("groupKey":"((?:[^"\\]|\\.)*)")re"));
    std::regex_search(r.body, rcv,
                      std::regex(R"re(^\{"receiver":"([^"]*)")re"));
    std::regex_search(
        r.body, other,
        std::regex(R"re("(?:dedup_key|incident_key|title)":"([^"]*)")re"));
    return r.target + " " + (rcv.size() > 1 ? rcv[1].str() : std::string()) +
           " " + (m.size() > 1 ? m[1].str() : std::string()) +
           (other.size() > 1 ? other[1].str() : std::string());
  };
  std::map<std::string, std::vector<const CapturedRequest*>> am, tc;
  for (const auto& r : o.alertmanager) am[key_of(r)].push_back(&r);
  for (const auto& r : o.tocsin) tc[key_of(r)].push_back(&r);
  std::vector<std::string> am_keys, tc_keys;
  for (const auto& [k, v] : am) am_keys.push_back(k);
  for (const auto& [k, v] : tc) tc_keys.push_back(k);
  ASSERT_EQ(tc_keys, am_keys) << sc.name << ": the same groups notified";
  for (const auto& [key, am_list] : am) {
    const auto& tc_list = tc[key];
    ASSERT_EQ(tc_list.size(), am_list.size()) << sc.name << " " << key;
    for (size_t i = 0; i < am_list.size(); ++i) {
      EXPECT_EQ(Normalize(tc_list[i]->body, sc.fuzzy_ends),
                Normalize(am_list[i]->body, sc.fuzzy_ends))
          << sc.name << " " << key << " #" << i;
      double dt = std::chrono::duration<double>(tc_list[i]->at - am_list[i]->at)
                      .count();
      EXPECT_LT(std::abs(dt), 1.0)
          << sc.name << " " << key << " #" << i << " is " << dt << "s apart";
    }
  }
}

// A received email with what differs by nature set aside: Message-Id and
// Date (checked for their shape), the boundary, the order of the headers.
std::string NormalizeMail(const ReceivedMail& m) {
  ParsedMail p(m.data);
  std::string boundary = p.Boundary();
  EXPECT_EQ(boundary.size(), 60u) << boundary;
  std::vector<std::string> headers;
  for (auto [name, value] : p.headers) {
    if (name == "Content-Type") {
      value = std::regex_replace(value, std::regex("boundary=.*"),
                                 "boundary=BOUNDARY");
    }
    if (name == "Message-Id") {
      EXPECT_TRUE(std::regex_match(value, std::regex(R"(<\d+\.\d+@.+>)")))
          << value;
      value = "*";
    }
    if (name == "Date") {
      EXPECT_TRUE(std::regex_match(
          value, std::regex(R"([A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} )"
                            R"(\d{2}:\d{2}:\d{2} [-+]\d{4})")))
          << value;
      value = "*";
    }
    headers.push_back(name + ": " + value);
  }
  std::sort(headers.begin(), headers.end());
  std::string out = "helo " + m.helo + "\ntls " + std::to_string(m.tls) +
                    "\nauth " + m.auth + " " + m.auth_mechanism +
                    "\nmail from " + m.mail_from;
  for (const auto& o : m.mail_options) out += " " + o;
  for (const auto& r : m.rcpt) out += "\nrcpt " + r;
  out += "\n";
  for (const auto& h : headers) out += h + "\n";
  std::string body = p.body;
  EXPECT_FALSE(boundary.empty());
  for (size_t at = body.find(boundary);
       !boundary.empty() && at != std::string::npos;
       at = body.find(boundary, at)) {
    body.replace(at, boundary.size(), "BOUNDARY");
  }
  return out + "\n" + body;
}

// Emails per recipients and subject, in order: the same messages at the
// same times.
void CompareMails(const Scenario& sc, const Outcome& o) {
  auto key_of = [](const ReceivedMail& m) {
    std::string k;
    for (const auto& r : m.rcpt) k += r + ",";
    return k + " " + ParsedMail(m.data).Header("Subject");
  };
  std::map<std::string, std::vector<const ReceivedMail*>> am, tc;
  for (const auto& m : o.alertmanager_mails) am[key_of(m)].push_back(&m);
  for (const auto& m : o.tocsin_mails) tc[key_of(m)].push_back(&m);
  std::vector<std::string> am_keys, tc_keys;
  for (const auto& [k, v] : am) am_keys.push_back(k);
  for (const auto& [k, v] : tc) tc_keys.push_back(k);
  ASSERT_EQ(tc_keys, am_keys) << sc.name << ": the same emails";
  for (const auto& [key, am_list] : am) {
    const auto& tc_list = tc[key];
    ASSERT_EQ(tc_list.size(), am_list.size()) << sc.name << " " << key;
    for (size_t i = 0; i < am_list.size(); ++i) {
      EXPECT_EQ(NormalizeMail(*tc_list[i]), NormalizeMail(*am_list[i]))
          << sc.name << " " << key << " #" << i;
      double dt = tc_list[i]->at - am_list[i]->at;
      EXPECT_LT(std::abs(dt), 1.5)
          << sc.name << " " << key << " #" << i << " is " << dt << "s apart";
    }
  }
}

std::vector<Scenario> Scenarios() {
  std::vector<Scenario> out;
  out.push_back({"grouping",
                 R"(
route:
  receiver: r
  group_by: [alertname]
  group_wait: 2s
  group_interval: 4s
  repeat_interval: 1h
receivers:
- name: r
  webhook_configs: [{url: '{URL}'}]
)",
                 {{0,
                   {{{{"alertname", "A"}, {"i", "1"}}, 0, -1},
                    {{{"alertname", "B"}, {"i", "1"}}, 0, -1}}},
                  {3, {{{{"alertname", "A"}, {"i", "2"}}, 0, -1}}},
                  {7, {{{{"alertname", "A"}, {"i", "1"}}, 0, 7}}}},
                 13.5});
  out.push_back(
      {"inhibition_continue",
       R"(
route:
  receiver: default
  group_by: [alertname, severity]
  group_wait: 2s
  group_interval: 3s
  routes:
  - matchers: [severity="critical"]
    receiver: pager
    continue: true
  - matchers: [severity=~"critical|warning"]
    receiver: chat
receivers:
- name: default
  webhook_configs: [{url: '{URL}'}]
- name: pager
  webhook_configs: [{url: '{URL}'}]
- name: chat
  webhook_configs: [{url: '{URL}'}]
inhibit_rules:
- source_matchers: [severity="critical"]
  target_matchers: [severity="warning"]
  equal: [alertname, instance]
)",
       {{0,
         {{{{"alertname", "X"}, {"severity", "critical"}, {"instance", "1"}},
           0,
           -1},
          {{{"alertname", "X"}, {"severity", "warning"}, {"instance", "1"}},
           0,
           -1},
          {{{"alertname", "X"}, {"severity", "warning"}, {"instance", "2"}},
           0,
           -1},
          {{{"alertname", "Y"}, {"severity", "critical"}}, 0, -1},
          {{{"alertname", "Y"}, {"severity", "warning"}}, 0, -1}}},
        {4,
         {{{{"alertname", "X"}, {"severity", "critical"}, {"instance", "1"}},
           0,
           4}}}},
       12.5});
  out.push_back(
      {"silences",
       R"(
route:
  receiver: r
  group_by: [alertname]
  group_wait: 2s
  group_interval: 4s
receivers:
- name: r
  webhook_configs: [{url: '{URL}'}]
)",
       {{0, {}, "S", 4.5},
        {0.2, {{{{"alertname", "S"}}, 0, -1}, {{{"alertname", "T"}}, 0, -1}}}},
       11.5});
  out.push_back({"send_resolved_and_timeout",
                 R"(
global:
  resolve_timeout: 3s
route:
  receiver: quiet
  group_by: [alertname]
  group_wait: 2s
  group_interval: 3s
  routes:
  - receiver: loud
    continue: true
  - receiver: quiet
receivers:
- name: loud
  webhook_configs: [{url: '{URL}'}]
- name: quiet
  webhook_configs: [{url: '{URL}', send_resolved: false}]
)",
                 {{0, {{{{"alertname", "U"}}, 0, -1}}}},
                 9.5,
                 true});
  out.push_back({"slack_and_pagerduty",
                 R"(
global:
  slack_api_url: '{BASE}/slack'
route:
  receiver: chat
  group_by: [alertname, job]
  group_wait: 2s
  group_interval: 3s
  routes:
  - matchers: [severity="page"]
    receiver: pager
    continue: true
  - receiver: chat
receivers:
- name: chat
  slack_configs:
  - channel: '#alerts'
    send_resolved: true
  - api_url: '{BASE}/slack2'
    channel: '#custom'
    title: '{{ .CommonLabels.alertname }} on {{ .CommonLabels.job }}'
    text: '{{ range .Alerts }}{{ .Labels.instance }} {{ .StartsAt }}{{ "\n" }}{{ end }}'
    fields: [{title: sev, value: '{{ .CommonLabels.severity }}'}, {title: n, value: '{{ len .Alerts }}', short: true}]
    actions: [{type: button, text: 'Runbook', url: 'http://rb/{{ .GroupLabels.alertname }}'}]
    icon_emoji: ':fire:'
    link_names: true
- name: pager
  pagerduty_configs:
  - routing_key: 'rk-123'
    url: '{BASE}/pd'
    details: {team: '{{ .CommonLabels.team }}'}
    links: [{href: 'http://dash/{{ .GroupLabels.alertname }}', text: dash}]
    images: [{src: '', alt: skipped}]
    class: '{{ .CommonLabels.job }}'
)",
                 {{0,
                   {{{{"alertname", "Disk"},
                      {"job", "node"},
                      {"instance", "a:1"},
                      {"severity", "page"},
                      {"team", "infra"}},
                     0,
                     -1},
                    {{{"alertname", "Disk"},
                      {"job", "node"},
                      {"instance", "b:1"},
                      {"severity", "page"},
                      {"team", "infra"}},
                     0,
                     -1},
                    {{{"alertname", "Cpu & <Load>"}, {"job", "api"}}, 0, -1}}},
                  {4,
                   {{{{"alertname", "Disk"},
                      {"job", "node"},
                      {"instance", "a:1"},
                      {"severity", "page"},
                      {"team", "infra"}},
                     0,
                     4},
                    {{{"alertname", "Disk"},
                      {"job", "node"},
                      {"instance", "b:1"},
                      {"severity", "page"},
                      {"team", "infra"}},
                     0,
                     4}}}},
                 9.5});
  Scenario email{"email",
                 R"(
global:
  smtp_smarthost: '{SMTP}'
  smtp_from: 'Alertmanager <am@example.org>'
  smtp_hello: tocsin-diff.example
  smtp_auth_username: alice
  smtp_auth_password: s3cret
route:
  receiver: mail
  group_by: [alertname]
  group_wait: 2s
  group_interval: 3s
receivers:
- name: mail
  email_configs:
  - to: 'ops@example.org, "On Call" <oncall@example.org>'
    send_resolved: true
    tls_config: {ca_file: '{CA}'}
    headers: {X-Team: "Ops T\u00EBam", reply-to: 'noreply@example.org'}
    text: |-
      {{ .Alerts.Firing | len }} firing, {{ .Alerts.Resolved | len }} resolved
      {{ range .Alerts }}{{ .Labels.instance }} = {{ .Annotations.summary }} {{ .StartsAt }}
      {{ end }}
  - to: 'second@example.org'
    tls_config: {ca_file: '{CA}'}
)",
                 {{0,
                   {{{{"alertname", "Disk & <Space>"},
                      {"instance", "a:1"},
                      {"severity", "page"}},
                     0,
                     -1},
                    {{{"alertname", "Disk & <Space>"},
                      {"instance", "b:1"},
                      {"severity", "page"}},
                     0,
                     -1}}},
                  {4,
                   {{{{"alertname", "Disk & <Space>"},
                      {"instance", "a:1"},
                      {"severity", "page"}},
                     0,
                     4}}}},
                 8.5};
  email.smtp = true;
  out.push_back(email);
  // An unchanged group is sent again once repeat_interval has passed, at
  // the next group_interval tick.
  out.push_back({"repeat_interval",
                 R"(
route:
  receiver: r
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 5s
receivers:
- name: r
  webhook_configs: [{url: '{URL}'}]
)",
                 {{0, {{{{"alertname", "R"}}, 0, -1}}},
                  {6, {{{{"alertname", "R"}}, 0, -1}}}},
                 14.5});
  // Time intervals: a route muted all the time and one never active
  // deliver nothing; the third does.
  out.push_back({"time_intervals",
                 R"(
route:
  receiver: open
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  routes:
  - receiver: muted
    continue: true
    mute_time_intervals: [always]
  - receiver: inactive
    continue: true
    active_time_intervals: [long_ago]
  - receiver: open
time_intervals:
- name: always
  time_intervals:
  - times: [{start_time: '00:00', end_time: '24:00'}]
- name: long_ago
  time_intervals:
  - years: ['1999']
receivers:
- name: open
  webhook_configs: [{url: '{URL}'}]
- name: muted
  webhook_configs: [{url: '{URL}'}]
- name: inactive
  webhook_configs: [{url: '{URL}'}]
)",
                 {{0, {{{{"alertname", "T"}, {"i", "1"}}, 0, -1}}},
                  {2, {{{{"alertname", "T"}, {"i", "2"}}, 0, -1}}}},
                 7.5});
  return out;
}

TEST(AlertmanagerDifferential, SameNotificationsAtTheSameTimes) {
  if (::access(kAlertmanager, X_OK) != 0) {
    GTEST_SKIP() << kAlertmanager << " is not installed";
  }
  std::vector<Scenario> scenarios;
  for (Scenario& sc : Scenarios()) {
    if (sc.smtp && (!SmtpSinkAvailable() || !OpensslAvailable() ||
                    !TestCertificates::Get().ok)) {
      std::cout << sc.name
                << ": skipped (needs python3-aiosmtpd and "
                   "openssl)\n";
      continue;
    }
    scenarios.push_back(std::move(sc));
  }
  std::vector<Outcome> outcomes(scenarios.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < scenarios.size(); ++i) {
    threads.emplace_back([&, i] { outcomes[i] = Play(scenarios[i]); });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < scenarios.size(); ++i) {
    SCOPED_TRACE(scenarios[i].name);
    EXPECT_FALSE(outcomes[i].alertmanager.empty() &&
                 outcomes[i].alertmanager_mails.empty())
        << "Alertmanager sent nothing: the scenario tests nothing";
    std::cout << scenarios[i].name << ": Alertmanager "
              << outcomes[i].alertmanager.size() +
                     outcomes[i].alertmanager_mails.size()
              << " notifications, tocsin "
              << outcomes[i].tocsin.size() + outcomes[i].tocsin_mails.size()
              << "\n";
    Compare(scenarios[i], outcomes[i]);
    CompareMails(scenarios[i], outcomes[i]);
  }
}

}  // namespace
}  // namespace tocsin::notifiers::testing
