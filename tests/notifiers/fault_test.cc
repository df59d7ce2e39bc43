// Receivers that fail: one that answers 500, closes the connection, is
// slower than the flush deadline, or is merely slow. Each attempt reports
// a retryable failure where Alertmanager retries; through the router, the
// failing receiver is retried with backoff until it answers, and never
// holds up a healthy receiver. Runs on real time against capture servers
// on 127.0.0.1.

#include <gtest/gtest.h>

#include <thread>

#include "notifiers/config.h"
#include "notifiers/router.h"
#include "notifiers/scheduler.h"
#include "notifiers/webhook_notifier.h"
#include "tests/notifiers/capture_server.h"

namespace tocsin::notifiers::testing {
namespace {

AlertPtr OneAlert() {
  auto a = std::make_shared<Alert>();
  a->labels = promql::Labels::FromVector({{"alertname", "F"}});
  a->starts_at = SystemClock().Now();
  a->ComputeFingerprint();
  return a;
}

TEST(Faults, EachFailureOfOneAttempt) {
  struct Case {
    const char* name;
    int script;
    int deadline_ms;
    bool ok, retry;
  };
  const std::vector<Case> cases = {
      {"500", 500, 3000, false, true},
      {"503", 503, 3000, false, true},
      {"404", 404, 3000, false, false},
      {"closed", CaptureServer::kClose, 3000, false, true},
      {"timeout", CaptureServer::kSlow, 300, false, true},
      {"slow", CaptureServer::kSlow, 5000, true, false},
  };
  for (const Case& c : cases) {
    CaptureServer sink;
    sink.Script({c.script});
    WebhookConfig wc;
    wc.url = ParseHttpUrl(sink.Url("/hook")).value();
    WebhookNotifier n(wc, "http://am", &SystemClock());
    Time now = SystemClock().Now();
    NotifyRequest req{"r", "{}:{}", promql::Labels(), now,
                      now + Millis(c.deadline_ms)};
    auto start = std::chrono::steady_clock::now();
    NotifyResult r = n.Notify(req, {OneAlert()});
    double took =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    EXPECT_EQ(r.status.ok(), c.ok) << c.name << ": " << r.status.message();
    EXPECT_EQ(r.retry, c.retry) << c.name;
    // Nobody waits past the deadline.
    EXPECT_LT(took, c.deadline_ms / 1000.0 + 0.5) << c.name;
  }
}

TEST(Faults, FailingReceiverIsRetriedAndDoesNotHoldUpOthers) {
  CaptureServer flaky, hanging, healthy;
  flaky.Script({500, CaptureServer::kClose, 502});
  hanging.Script({CaptureServer::kSlow, CaptureServer::kSlow,
                  CaptureServer::kSlow, CaptureServer::kSlow});
  std::string yaml = R"(
route:
  receiver: healthy
  group_by: [alertname]
  group_wait: 200ms
  group_interval: 1m
  routes:
  - {receiver: flaky, continue: true}
  - {receiver: hanging, continue: true}
  - {receiver: healthy}
receivers:
- name: flaky
  webhook_configs: [{url: ')" +
                     flaky.Url("/f") + R"('}]
- name: hanging
  webhook_configs: [{url: ')" +
                     hanging.Url("/h") + R"('}]
- name: healthy
  webhook_configs: [{url: ')" +
                     healthy.Url("/ok") + R"('}]
)";
  auto cfg = LoadConfig(yaml, "t.yml");
  ASSERT_TRUE(cfg.ok()) << cfg.status().message();
  RealScheduler scheduler(4);
  RouterOptions options;
  options.retry.initial = Millis(100);
  options.retry.randomization = 0;
  Router router(&scheduler, BuiltinNotifierFactory("http://am", &SystemClock()),
                options);
  ASSERT_TRUE(router.Open().ok());
  ASSERT_TRUE(router.ApplyConfig(std::move(cfg).value()).ok());
  auto start = std::chrono::system_clock::now();
  Alert a;
  a.labels = promql::Labels::FromVector({{"alertname", "F"}});
  ASSERT_TRUE(router.PostAlerts({a}).ok());
  for (int i = 0;
       i < 60 && (healthy.requests().empty() || flaky.requests().size() < 4);
       ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(healthy.requests().size(), 1u);
  double healthy_after =
      std::chrono::duration<double>(healthy.requests()[0].at - start).count();
  EXPECT_LT(healthy_after, 1.0) << "the healthy receiver waited";
  // 500, closed, 502, then 200: four attempts, the body the same each time.
  ASSERT_EQ(flaky.requests().size(), 4u);
  for (const auto& r : flaky.requests()) {
    EXPECT_EQ(r.body, flaky.requests()[0].body);
  }
  EXPECT_GE(hanging.requests().size(), 1u);
  router.Stop();
  scheduler.Shutdown();
}

}  // namespace
}  // namespace tocsin::notifiers::testing
