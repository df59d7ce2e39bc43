// The webhook integration: the JSON body byte for byte as Alertmanager 0.25
// posts it (golden bodies captured from it), delivery over HTTP to a
// capture server, status handling and authentication.

#include <gtest/gtest.h>

#include "notifiers/http_client.h"
#include "notifiers/notification_data.h"
#include "notifiers/router.h"
#include "notifiers/webhook_notifier.h"
#include "tests/notifiers/capture_server.h"

namespace tocsin::notifiers::testing {
namespace {

// Captured from Alertmanager 0.25 (receiver "team.x", external URL
// http://am.example:9093/) for the alerts built by GoldenAlerts().
constexpr const char* kGoldenFiring =
    R"({"receiver":"team\\.x","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"HighErrorRate","instance":"a:9090","job":"app","severity":"critical"},"annotations":{"description":"other","summary":"Error \u003c5%\u003e \u0026 rising"},"startsAt":"2024-01-10T12:00:01Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom:9090/graph","fingerprint":"04866a52d59a6ef4"},{"status":"firing","labels":{"alertname":"HighErrorRate","instance":"b:9090","job":"app","severity":"critical"},"annotations":{"description":"é ünïcode \u2028 sep","summary":"Error \u003c5%\u003e \u0026 rising"},"startsAt":"2024-01-10T12:00:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom:9090/graph?g0.expr=up\u0026g0.tab=1","fingerprint":"f40b33d6ca4c57f1"}],"groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{"alertname":"HighErrorRate","job":"app","severity":"critical"},"commonAnnotations":{"summary":"Error \u003c5%\u003e \u0026 rising"},"externalURL":"http://am.example:9093","version":"4","groupKey":"{}:{alertname=\"HighErrorRate\"}","truncatedAlerts":0})"
    "\n";
constexpr const char* kGoldenResolved =
    R"({"receiver":"team\\.x","status":"firing","alerts":[{"status":"resolved","labels":{"alertname":"HighErrorRate","instance":"a:9090","job":"app","severity":"critical"},"annotations":{"description":"other","summary":"Error \u003c5%\u003e \u0026 rising"},"startsAt":"2024-01-10T12:00:01Z","endsAt":"2024-01-10T12:05:00Z","generatorURL":"http://prom:9090/graph","fingerprint":"04866a52d59a6ef4"},{"status":"firing","labels":{"alertname":"HighErrorRate","instance":"b:9090","job":"app","severity":"critical"},"annotations":{"description":"é ünïcode \u2028 sep","summary":"Error \u003c5%\u003e \u0026 rising"},"startsAt":"2024-01-10T12:00:00.123456789Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom:9090/graph?g0.expr=up\u0026g0.tab=1","fingerprint":"f40b33d6ca4c57f1"}],"groupLabels":{"alertname":"HighErrorRate"},"commonLabels":{"alertname":"HighErrorRate","job":"app","severity":"critical"},"commonAnnotations":{"summary":"Error \u003c5%\u003e \u0026 rising"},"externalURL":"http://am.example:9093","version":"4","groupKey":"{}:{alertname=\"HighErrorRate\"}","truncatedAlerts":0})"
    "\n";

Time At(const char* rfc3339) {
  Time t;
  EXPECT_TRUE(ParseRfc3339(rfc3339, &t));
  return t;
}

std::vector<Alert> GoldenAlerts() {
  Alert b;
  b.labels = promql::Labels{{"alertname", "HighErrorRate"},
                            {"severity", "critical"},
                            {"instance", "b:9090"},
                            {"job", "app"}};
  b.annotations = {{"description", "é ünïcode \u2028 sep"},
                   {"summary", "Error <5%> & rising"}};
  b.starts_at = At("2024-01-10T12:00:00.123456789Z");
  b.generator_url = "http://prom:9090/graph?g0.expr=up&g0.tab=1";
  Alert a;
  a.labels = promql::Labels{{"alertname", "HighErrorRate"},
                            {"severity", "critical"},
                            {"instance", "a:9090"},
                            {"job", "app"}};
  a.annotations = {{"description", "other"},
                   {"summary", "Error <5%> & rising"}};
  a.starts_at = At("2024-01-10T12:00:01Z");
  a.generator_url = "http://prom:9090/graph";
  for (Alert* x : {&a, &b}) x->ComputeFingerprint();
  return {a, b};
}

TEST(Webhook, BodyMatchesAlertmanagerByteForByte) {
  std::vector<Alert> alerts = GoldenAlerts();
  std::vector<AlertPtr> ptrs;
  for (const Alert& a : alerts) ptrs.push_back(std::make_shared<Alert>(a));
  promql::Labels group{{"alertname", "HighErrorRate"}};
  Time now = At("2024-01-10T12:06:00Z");
  auto data = BuildNotificationData("team.x", group, ptrs,
                                    "http://am.example:9093", now);
  EXPECT_EQ(WebhookMessageJson(data, R"({}:{alertname="HighErrorRate"})", 0),
            kGoldenFiring);
  auto resolved = std::make_shared<Alert>(alerts[0]);
  resolved->ends_at = At("2024-01-10T12:05:00Z");
  ptrs[0] = resolved;
  data = BuildNotificationData("team.x", group, ptrs, "http://am.example:9093",
                               now);
  EXPECT_EQ(WebhookMessageJson(data, R"({}:{alertname="HighErrorRate"})", 0),
            kGoldenResolved);
}

TEST(Webhook, CommonLabelsAndStatus) {
  auto mk = [](promql::Labels l, Annotations an, Time ends) {
    auto a = std::make_shared<Alert>();
    a->labels = std::move(l);
    a->annotations = std::move(an);
    a->ends_at = ends;
    a->ComputeFingerprint();
    return AlertPtr(a);
  };
  Time now = FromUnixSeconds(1000);
  auto d = BuildNotificationData(
      "r", {},
      {mk({{"a", "1"}, {"b", "2"}}, {{"x", ""}, {"y", "1"}},
          FromUnixSeconds(10)),
       mk({{"a", "1"}, {"b", "3"}}, {{"y", "1"}}, FromUnixSeconds(20))},
      "", now);
  EXPECT_EQ(d.status, "resolved");
  EXPECT_EQ(d.common_labels, (KeyValues{{"a", "1"}}));
  // A missing annotation compares equal to an empty one, as in Go.
  EXPECT_EQ(d.common_annotations, (KeyValues{{"x", ""}, {"y", "1"}}));
  EXPECT_EQ(QuoteMeta("a.b*c[d]"), R"(a\.b\*c\[d\])");
}

TEST(Webhook, CheckHttpStatus) {
  EXPECT_TRUE(CheckHttpStatus(200, "u", "").status.ok());
  EXPECT_TRUE(CheckHttpStatus(204, "u", "").status.ok());
  NotifyResult r = CheckHttpStatus(503, "http://x/y", "busy");
  EXPECT_TRUE(r.retry);
  EXPECT_EQ(r.status.message(), "unexpected status code 503: http://x/y: busy");
  r = CheckHttpStatus(404, "http://x/y", "");
  EXPECT_FALSE(r.retry);
  EXPECT_EQ(r.status.message(), "unexpected status code 404: http://x/y");
}

TEST(Webhook, DeliversThroughTheRouterOverHttp) {
  CaptureServer server;
  server.Script({500});  // the first attempt fails and is retried
  FakeScheduler scheduler(At("2024-01-10T12:06:00Z"));
  RouterOptions options;
  options.retry.randomization = 0;
  Router router(
      &scheduler,
      BuiltinNotifierFactory("http://am.example:9093", &scheduler.clock()),
      options);
  ASSERT_TRUE(router.Open().ok());
  std::string yaml = R"(
route:
  receiver: 'team.x'
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2m
receivers:
- name: 'team.x'
  webhook_configs:
  - url: )" + server.Url("/hook?x=1") +
                     R"(
    http_config:
      basic_auth: {username: user, password: pass}
)";
  auto cfg = LoadConfig(yaml, "wh.yml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  ASSERT_TRUE(router.ApplyConfig(std::move(cfg).value()).ok());
  ASSERT_TRUE(router.PostAlerts(GoldenAlerts()).ok());
  scheduler.RunDue();             // old alerts: flushed at once, fails
  scheduler.Advance(Seconds(1));  // the retry after 0.5s succeeds
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 2u);
  for (const auto& r : reqs) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/hook?x=1");
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
    EXPECT_EQ(r.headers.at("user-agent"), "Alertmanager/0.25.0");
    EXPECT_EQ(r.headers.at("authorization"), "Basic " + Base64("user:pass"));
    EXPECT_EQ(r.body, kGoldenFiring);
  }
  // One alert resolves; the next flush reports it.
  std::vector<Alert> again = GoldenAlerts();
  again[0].ends_at = At("2024-01-10T12:05:00Z");
  ASSERT_TRUE(router.PostAlerts({again[0]}).ok());
  scheduler.Advance(Seconds(120));
  reqs = server.requests();
  ASSERT_EQ(reqs.size(), 3u);
  EXPECT_EQ(reqs[2].body, kGoldenResolved);
  router.Stop();
}

TEST(Webhook, MaxAlertsTruncatesAndReportsIt) {
  CaptureServer server;
  WebhookConfig cfg;
  cfg.url = ParseHttpUrl(server.Url("/x")).value();
  cfg.max_alerts = 1;
  FakeClock clock(FromUnixSeconds(1000));
  WebhookNotifier n(cfg, "", &clock);
  std::vector<AlertPtr> alerts;
  for (const Alert& a : GoldenAlerts())
    alerts.push_back(std::make_shared<Alert>(a));
  NotifyRequest req{"r", "{}:{}", {}, clock.Now(), clock.Now() + Seconds(10)};
  NotifyResult r = n.Notify(req, alerts);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_NE(reqs[0].body.find(R"("truncatedAlerts":1})"), std::string::npos);
  EXPECT_EQ(reqs[0].body.find("b:9090"), std::string::npos);
}

TEST(Webhook, UnreachableReceiverIsRetryable) {
  int port;
  {
    CaptureServer closed;
    port = closed.port();
  }
  WebhookConfig cfg;
  cfg.url =
      ParseHttpUrl("http://127.0.0.1:" + std::to_string(port) + "/").value();
  FakeClock clock(FromUnixSeconds(1000));
  WebhookNotifier n(cfg, "", &clock);
  NotifyRequest req{"r", "{}:{}", {}, clock.Now(), clock.Now() + Seconds(5)};
  NotifyResult r = n.Notify(req, {});
  EXPECT_FALSE(r.status.ok());
  EXPECT_TRUE(r.retry);
}

}  // namespace
}  // namespace tocsin::notifiers::testing
