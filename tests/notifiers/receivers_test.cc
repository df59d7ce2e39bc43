// Slack and PagerDuty integrations: tocsin's built-in templates render what
// Alertmanager 0.25's default.tmpl (from Debian's prometheus-alertmanager
// package) renders on the same data, the bodies are encoded as Alertmanager
// encodes them, and delivery retries as Alertmanager's Retrier does (5xx,
// 429 for v2, 403 for v1).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "notifiers/config.h"
#include "notifiers/default_templates.h"
#include "notifiers/pagerduty_notifier.h"
#include "notifiers/slack_notifier.h"
#include "notifiers/template_expander.h"
#include "tests/notifiers/capture_server.h"

namespace tocsin::notifiers::testing {
namespace {

// Alertmanager 0.25's own default templates, as Debian's
// prometheus-alertmanager package installs them.
constexpr const char* kReferenceTmpl =
    "/usr/share/prometheus/alertmanager/default.tmpl";

AlertPtr MakeAlert(std::vector<promql::Label> labels, Annotations ann,
                   int64_t start, int64_t end = 0) {
  auto a = std::make_shared<Alert>();
  a->labels = promql::Labels::FromVector(std::move(labels));
  a->annotations = std::move(ann);
  a->starts_at = FromUnixSeconds(start);
  if (end != 0) a->ends_at = FromUnixSeconds(end);
  a->generator_url = "http://prom:9090/graph?g0.expr=up";
  a->ComputeFingerprint();
  return a;
}

std::vector<NotificationData> DataSets() {
  const int64_t t = 1704888000;
  Time now = FromUnixSeconds(t + 60);
  std::vector<NotificationData> out;
  auto disk1 =
      MakeAlert({{"alertname", "Disk"}, {"instance", "a"}, {"job", "node"}},
                {{"summary", "disk full"}}, t);
  auto disk2 = MakeAlert(
      {{"alertname", "Disk"}, {"instance", "b"}, {"job", "node"}},
      {{"description", "x & <y>"}, {"summary", "disk full"}}, t, t + 30);
  auto cpu = MakeAlert({{"alertname", "Cpu"}}, {}, t, t + 10);
  auto group = promql::Labels::FromVector({{"alertname", "Disk"}});
  out.push_back(BuildNotificationData("team X/ops", group, {disk1, disk2},
                                      "http://am:9093", now));
  out.push_back(BuildNotificationData("r", group, {disk2}, "http://am", now));
  out.push_back(BuildNotificationData("r", promql::Labels(), {cpu, disk1},
                                      "http://am", now));
  out.push_back(BuildNotificationData(
      "r", promql::Labels::FromVector({{"alertname", "Cpu"}}), {cpu}, "", now));
  return out;
}

TEST(DefaultTemplates, RenderAsAlertmanagersDefaults) {
  if (!std::filesystem::exists(kReferenceTmpl)) {
    GTEST_SKIP() << "no reference templates at " << kReferenceTmpl;
  }
  std::ifstream in(kReferenceTmpl);
  std::stringstream ref_text;
  ref_text << in.rdbuf();
  auto ref = tmpl::AlertmanagerTemplate::Create({ref_text.str()}, {});
  ASSERT_TRUE(ref.ok()) << ref.status().message();
  auto ours = tmpl::AlertmanagerTemplate::Create({DefaultTemplatesText()}, {});
  ASSERT_TRUE(ours.ok()) << ours.status().message();
  const char* names[] = {"__alertmanager",
                         "__alertmanagerURL",
                         "__subject",
                         "__description",
                         "slack.default.title",
                         "slack.default.username",
                         "slack.default.fallback",
                         "slack.default.callbackid",
                         "slack.default.pretext",
                         "slack.default.titlelink",
                         "slack.default.iconemoji",
                         "slack.default.iconurl",
                         "slack.default.text",
                         "slack.default.footer",
                         "pagerduty.default.description",
                         "pagerduty.default.client",
                         "pagerduty.default.clientURL"};
  int compared = 0;
  for (const NotificationData& d : DataSets()) {
    tmpl::Value v = TemplateValue(d);
    for (const char* name : names) {
      auto want = ref->ExecuteNamed(name, v);
      auto got = ours->ExecuteNamed(name, v);
      ASSERT_TRUE(want.ok()) << name << ": " << want.status().message();
      ASSERT_TRUE(got.ok()) << name << ": " << got.status().message();
      EXPECT_EQ(*got, *want) << name;
      ++compared;
    }
    // The alert list is executed on .Alerts, .Alerts.Firing, .Alerts.Resolved.
    for (const char* expr : {".Alerts", ".Alerts.Firing", ".Alerts.Resolved"}) {
      std::string text =
          std::string("{{ template \"pagerduty.default.instances\" ") + expr +
          " }}";
      auto want = ref->ExecuteText(text, v);
      auto got = ours->ExecuteText(text, v);
      ASSERT_TRUE(want.ok() && got.ok());
      EXPECT_EQ(*got, *want) << expr;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 4 * 20);
}

Config LoadOrDie(const std::string& yaml) {
  auto cfg = LoadConfig(yaml, "t.yml");
  EXPECT_TRUE(cfg.ok()) << cfg.status().message();
  return std::move(cfg).value();
}

TEST(PagerdutyNotifier, V1BodyAsAlertmanagerEncodesIt) {
  Config cfg = LoadOrDie(R"(
route: {receiver: p}
receivers:
- name: p
  pagerduty_configs: [{service_key: 'sk'}]
)");
  auto t = BuildNotifierTemplate(cfg);
  ASSERT_TRUE(t.ok());
  PagerdutyNotifier n(cfg.receivers[0].pagerduty_configs[0], *t, "http://am",
                      &SystemClock());
  ASSERT_TRUE(n.v1());
  NotificationData d = DataSets()[3];  // Cpu, resolved
  auto body = n.Body(d, "{}:{alertname=\"Cpu\"}");
  ASSERT_TRUE(body.ok()) << body.status().message();
  std::string key = Sha256Hex("{}:{alertname=\"Cpu\"}");
  EXPECT_EQ(
      *body,
      R"({"service_key":"sk","incident_key":")" + key +
          R"(","event_type":"resolve","description":"[RESOLVED] Cpu ","event_action":"","payload":null,"details":{"firing":"","num_firing":"0","num_resolved":"1","resolved":"Labels:\n - alertname = Cpu\nAnnotations:\nSource: http://prom:9090/graph?g0.expr=up\n"}})"
          "\n");
  // notify.Key.Hash of a known key.
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(PagerdutyNotifier, RetriesAsAlertmanagersRetrier) {
  Config cfg = LoadOrDie(R"(
route: {receiver: p}
receivers:
- name: p
  pagerduty_configs: [{routing_key: 'rk', url: 'http://127.0.0.1:1/x'}]
)");
  auto t = BuildNotifierTemplate(cfg);
  ASSERT_TRUE(t.ok());
  struct Case {
    int status;
    bool ok, retry;
  };
  for (const Case& c : std::vector<Case>{{202, true, false},
                                         {429, false, true},
                                         {500, false, true},
                                         {400, false, false}}) {
    CaptureServer sink;
    sink.Script({c.status});
    PagerdutyConfig pc = cfg.receivers[0].pagerduty_configs[0];
    ASSERT_TRUE(ParseHttpUrl(sink.Url("/pd")).ok());
    pc.url = ParseHttpUrl(sink.Url("/pd")).value();
    PagerdutyNotifier n(pc, *t, "http://am", &SystemClock());
    NotifyRequest req{"p", "{}:{}", promql::Labels(), SystemClock().Now(),
                      SystemClock().Now() + Seconds(5)};
    NotifyResult r = n.Notify(req, {MakeAlert({{"a", "b"}}, {}, 1)});
    EXPECT_EQ(r.status.ok(), c.ok) << c.status;
    EXPECT_EQ(r.retry, c.retry) << c.status;
    ASSERT_EQ(sink.requests().size(), 1u);
    EXPECT_EQ(sink.requests()[0].headers.at("content-type"),
              "application/json");
  }
}

TEST(PagerdutyNotifier, V1EventsGoToTheReceiversUrlWhenItGivesOne) {
  CaptureServer sink;
  Config cfg = LoadOrDie(R"(
route: {receiver: p}
receivers:
- name: p
  pagerduty_configs:
  - service_key: 'sk'
    url: ')" + sink.Url("/pagerduty") + R"('
- name: q
  pagerduty_configs: [{service_key: 'sk'}]
)");
  auto t = BuildNotifierTemplate(cfg);
  ASSERT_TRUE(t.ok());
  // Alertmanager 0.25 would post to events.pagerduty.com here.
  PagerdutyNotifier n(cfg.receivers[0].pagerduty_configs[0], *t, "http://am",
                      &SystemClock());
  ASSERT_TRUE(n.v1());
  NotifyRequest req{"p", "{}:{}", promql::Labels(), SystemClock().Now(),
                    SystemClock().Now() + Seconds(5)};
  NotifyResult r = n.Notify(req, {MakeAlert({{"a", "b"}}, {}, 1)});
  EXPECT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(sink.requests().size(), 1u);
  EXPECT_EQ(sink.requests()[0].target, "/pagerduty");
  EXPECT_NE(sink.requests()[0].body.find("\"service_key\":\"sk\""),
            std::string::npos);
  // Without a url of its own, v1 keeps PagerDuty's v1 endpoint.
  EXPECT_FALSE(cfg.receivers[1].pagerduty_configs[0].url_in_receiver);
  EXPECT_TRUE(cfg.receivers[0].pagerduty_configs[0].url_in_receiver);
}

TEST(SlackNotifier, TemplateErrorsFailWithoutRetry) {
  Config cfg = LoadOrDie(R"(
route: {receiver: s}
receivers:
- name: s
  slack_configs: [{api_url: 'http://127.0.0.1:1/s', title: '{{ .Nope.Deeper }}'}]
)");
  auto t = BuildNotifierTemplate(cfg);
  ASSERT_TRUE(t.ok());
  SlackNotifier n(cfg.receivers[0].slack_configs[0], *t, "http://am",
                  &SystemClock());
  NotifyRequest req{"s", "{}:{}", promql::Labels(), SystemClock().Now(),
                    SystemClock().Now() + Seconds(5)};
  NotifyResult r = n.Notify(req, {MakeAlert({{"a", "b"}}, {}, 1)});
  EXPECT_FALSE(r.status.ok());
  EXPECT_FALSE(r.retry);
}

TEST(TruncateInRunes, CutsAtRunesWithAnEllipsis) {
  bool cut = false;
  EXPECT_EQ(TruncateInRunes("abc", 3, &cut), "abc");
  EXPECT_FALSE(cut);
  EXPECT_EQ(TruncateInRunes("abcd", 3, &cut), "ab\xE2\x80\xA6");
  EXPECT_TRUE(cut);
  EXPECT_EQ(TruncateInRunes("\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9", 3, &cut),
            "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
}

}  // namespace
}  // namespace tocsin::notifiers::testing
