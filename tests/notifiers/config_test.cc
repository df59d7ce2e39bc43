#include "notifiers/config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace tocsin::notifiers {
namespace {

// The seed document's Alertmanager config, unchanged.
constexpr const char* kSeed = R"(global:
  resolve_timeout: 5m
  slack_api_url: 'https://hooks.slack.com/services/YOUR/WEBHOOK/URL'

route:
  group_by: ['alertname', 'severity']
  group_wait: 10s
  group_interval: 10s
  repeat_interval: 12h
  receiver: 'default'
  routes:
    # Critical alerts -> PagerDuty + Slack
    - match:
        severity: critical
      receiver: 'pagerduty-critical'
      continue: true

    - match:
        severity: critical
      receiver: 'slack-critical'

    # Warning alerts -> Slack only
    - match:
        severity: warning
      receiver: 'slack-warning'

receivers:
  - name: 'default'
    slack_configs:
      - channel: '#sergas-alerts'
        title: 'Sergas Alert'
        text: '{{ range .Alerts }}{{ .Annotations.description }}{{ end }}'

  - name: 'pagerduty-critical'
    pagerduty_configs:
      - service_key: 'YOUR_PAGERDUTY_KEY'
        description: '{{ .CommonAnnotations.summary }}'

  - name: 'slack-critical'
    slack_configs:
      - channel: '#sergas-critical'
        color: 'danger'
        title: '🚨 CRITICAL: {{ .GroupLabels.alertname }}'
        text: |
          *Summary:* {{ .CommonAnnotations.summary }}
          *Description:* {{ .CommonAnnotations.description }}
          *Severity:* {{ .CommonLabels.severity }}

  - name: 'slack-warning'
    slack_configs:
      - channel: '#sergas-warnings'
        color: 'warning'
        title: '⚠️ WARNING: {{ .GroupLabels.alertname }}'
        text: '{{ .CommonAnnotations.description }}'

inhibit_rules:
  # Inhibit warning if critical is firing
  - source_match:
      severity: 'critical'
    target_match:
      severity: 'warning'
    equal: ['alertname', 'instance']
)";

TEST(Config, SeedLoadsUnchanged) {
  auto cfg = LoadConfig(kSeed, "seed.yml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  EXPECT_EQ(cfg->global.resolve_timeout_ms, 5 * 60 * 1000);
  EXPECT_EQ(cfg->route.receiver, "default");
  EXPECT_EQ(cfg->route.group_by,
            (std::vector<std::string>{"alertname", "severity"}));
  EXPECT_EQ(cfg->route.group_wait_ms, 10000);
  EXPECT_EQ(cfg->route.repeat_interval_ms, 12 * 3600 * 1000);
  ASSERT_EQ(cfg->route.routes.size(), 3u);
  EXPECT_TRUE(cfg->route.routes[0].continue_);
  EXPECT_EQ(MatchersToString(cfg->route.routes[0].matchers),
            R"({severity="critical"})");
  ASSERT_EQ(cfg->receivers.size(), 4u);
  const ReceiverConfig* pd = cfg->FindReceiver("pagerduty-critical");
  ASSERT_NE(pd, nullptr);
  ASSERT_EQ(pd->pagerduty_configs.size(), 1u);
  const PagerdutyConfig& p = pd->pagerduty_configs[0];
  EXPECT_EQ(p.service_key.Reveal(), "YOUR_PAGERDUTY_KEY");
  EXPECT_EQ(p.service_key.ToString(), "<secret>");
  EXPECT_TRUE(p.send_resolved);
  EXPECT_EQ(p.url.text, "https://events.pagerduty.com/v2/enqueue");
  EXPECT_EQ(p.details.size(), 4u);  // the default details
  const ReceiverConfig* slack = cfg->FindReceiver("slack-critical");
  ASSERT_NE(slack, nullptr);
  const SlackConfig& s = slack->slack_configs[0];
  EXPECT_FALSE(s.send_resolved);
  EXPECT_EQ(s.color, "danger");
  ASSERT_TRUE(s.api_url.has_value());
  EXPECT_EQ(s.api_url->host, "hooks.slack.com");
  EXPECT_EQ(s.username, R"({{ template "slack.default.username" . }})");
  ASSERT_EQ(cfg->inhibit_rules.size(), 1u);
  EXPECT_EQ(cfg->inhibit_rules[0].equal,
            (std::vector<std::string>{"alertname", "instance"}));
}

struct ErrorCase {
  const char* name;
  const char* yaml;
  const char* error;  // the full message, positions included
};

TEST(Config, ValidationErrorsWithPositions) {
  const ErrorCase cases[] = {
      {"unknown field",
       "route:\n  receiver: x\n  foo: 1\nreceivers:\n- name: x\n",
       "yaml: unmarshal errors:\n  f.yml:3:3: field foo not found in type "
       "config.plain"},
      {"undefined receiver",
       "route:\n  receiver: x\n  routes:\n  - receiver: nope\nreceivers:\n- "
       "name: x\n",
       R"(f.yml:4:15: undefined receiver "nope" used in route)"},
      {"duplicate receiver",
       "route:\n  receiver: x\nreceivers:\n- name: x\n- name: x\n",
       R"(f.yml:5:3: notification config name "x" is not unique)"},
      {"bad duration",
       "route:\n  receiver: x\n  group_wait: 5x\nreceivers:\n- name: x\n",
       R"(f.yml:3:15: not a valid duration string: "5x")"},
      {"bad matcher",
       "route:\n  receiver: x\n  routes:\n  - matchers: ['a=\"b']\n    "
       "receiver: "
       "x\nreceivers:\n- name: x\n",
       R"(f.yml:4:16: matcher value contains unescaped double quote: "b)"},
      {"email without to",
       "route:\n  receiver: x\nreceivers:\n- name: x\n  email_configs:\n  - "
       "from: a@b\n",
       "f.yml:6:5: missing to address in email config"},
      {"smtp_from missing",
       "global:\n  smtp_smarthost: h:25\nroute:\n  receiver: x\nreceivers:\n- "
       "name: x\n  email_configs:\n  - to: a@b\n",
       "f.yml:8:5: no global SMTP from set"},
      {"slack api_url missing",
       "route:\n  receiver: x\nreceivers:\n- name: x\n  slack_configs:\n  - "
       "channel: c\n",
       "f.yml:6:5: no global Slack API URL set either inline or in a file"},
      {"several type errors",
       "route:\n  receiver: x\n  continue: maybe\n  group_by: {a: b}\n"
       "receivers:\n- name: x\n",
       "yaml: unmarshal errors:\n"
       "  f.yml:3:13: cannot unmarshal !!str `maybe` into bool\n"
       "  f.yml:4:13: cannot unmarshal !!map into []string"},
      {"continue in root",
       "route:\n  receiver: x\n  continue: true\nreceivers:\n- name: x\n",
       "f.yml:2:3: cannot have continue in root route"},
      {"empty file", "", "f.yml: no route provided in config"},
      {"no route", "receivers:\n- name: x\n", "f.yml: no routes provided"},
      {"undefined time interval",
       "route:\n  receiver: x\n  routes:\n  - receiver: x\n    "
       "active_time_intervals: [a, b]\nreceivers:\n- name: x\ntime_intervals:\n"
       "- name: a\n",
       R"(f.yml:5:32: undefined time interval "b" used in route)"},
      {"bad weekday",
       "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- name: "
       "a\n  time_intervals:\n  - weekdays: [monday, funday]\n",
       "f.yml:8:24: funday is not a valid weekday"},
      {"unknown zone",
       "route:\n  receiver: x\nreceivers:\n- name: x\ntime_intervals:\n- name: "
       "a\n  time_intervals:\n  - location: Nowhere/City\n",
       "f.yml:8:15: unknown time zone Nowhere/City"},
      {"pagerduty key",
       "route:\n  receiver: x\nreceivers:\n- name: x\n  pagerduty_configs:\n  "
       "- client: c\n",
       "f.yml:6:5: missing service or routing key in PagerDuty config"},
      {"webhook scheme",
       "route:\n  receiver: x\nreceivers:\n- name: x\n  webhook_configs:\n  - "
       "url: ftp://h/x\n",
       R"(f.yml:6:10: unsupported scheme "ftp" for URL)"},
      {"repeated map key",
       "route:\n  receiver: x\n  routes:\n  - receiver: x\n    match:\n      "
       "a: b\n      a: c\nreceivers:\n- name: x\n",
       "yaml: unmarshal errors:\n  f.yml:7:7: key \"a\" already set in map"},
      {"invalid equal label",
       "route:\n  receiver: x\nreceivers:\n- name: x\ninhibit_rules:\n- equal: "
       "[ok, 'not-ok']\n",
       R"(f.yml:6:15: "not-ok" is not a valid label name)"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.name);
    auto cfg = LoadConfig(c.yaml, "f.yml");
    ASSERT_FALSE(cfg.ok());
    EXPECT_EQ(cfg.status().message(), c.error);
  }
}

TEST(Config, GlobalsFlowIntoReceivers) {
  const char* yaml = R"(
global:
  smtp_smarthost: 'mail.example.com:587'
  smtp_from: alerts@example.com
  smtp_auth_username: u
  smtp_auth_password: p
  smtp_require_tls: false
  http_config:
    bearer_token: tok
route:
  receiver: r
receivers:
- name: r
  email_configs:
  - to: a@example.com
    headers: {subject: S, x-custom-header: v}
  - to: b@example.com
    smarthost: other:25
    require_tls: true
  webhook_configs:
  - url: http://127.0.0.1:9999/hook
    send_resolved: false
)";
  auto cfg = LoadConfig(yaml, "g.yml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  const ReceiverConfig& r = cfg->receivers[0];
  ASSERT_EQ(r.email_configs.size(), 2u);
  EXPECT_EQ(r.email_configs[0].smarthost.ToString(), "mail.example.com:587");
  EXPECT_EQ(r.email_configs[0].from, "alerts@example.com");
  EXPECT_EQ(r.email_configs[0].auth_password.Reveal(), "p");
  EXPECT_FALSE(r.email_configs[0].require_tls);
  EXPECT_EQ(r.email_configs[0].headers,
            (StringPairs{{"Subject", "S"}, {"X-Custom-Header", "v"}}));
  EXPECT_EQ(r.email_configs[1].smarthost.ToString(), "other:25");
  EXPECT_TRUE(r.email_configs[1].require_tls);
  ASSERT_EQ(r.webhook_configs.size(), 1u);
  EXPECT_FALSE(r.webhook_configs[0].send_resolved);
  ASSERT_TRUE(r.webhook_configs[0].http_config.has_value());
  ASSERT_TRUE(r.webhook_configs[0].http_config->authorization.has_value());
  EXPECT_EQ(r.webhook_configs[0].http_config->authorization->type, "Bearer");
  EXPECT_EQ(
      r.webhook_configs[0].http_config->authorization->credentials.Reveal(),
      "tok");
}

TEST(Config, RelativePathsResolveAgainstTheConfigDirectory) {
  std::string dir = ::testing::TempDir() + "tocsin_config_test";
  std::string cmd = "mkdir -p " + dir;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string path = dir + "/am.yml";
  std::ofstream(path) << "route:\n  receiver: r\nreceivers:\n- name: r\n"
                         "  slack_configs:\n  - api_url_file: secret.txt\n"
                         "templates: ['tmpl/*.tmpl', '/abs/x.tmpl']\n";
  auto cfg = LoadConfigFile(path);
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  EXPECT_EQ(cfg->templates,
            (std::vector<std::string>{dir + "/tmpl/*.tmpl", "/abs/x.tmpl"}));
  auto missing = LoadConfigFile(dir + "/missing.yml");
  EXPECT_FALSE(missing.ok());
}

}  // namespace
}  // namespace tocsin::notifiers
