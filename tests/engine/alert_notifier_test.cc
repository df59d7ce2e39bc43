#include "engine/alert_notifier.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <thread>

#include "tests/notifiers/capture_server.h"

namespace tocsin::engine {
namespace {

using notifiers::testing::CaptureServer;

rules::Alert Firing(std::string name, int64_t fired_at) {
  rules::Alert a;
  a.state = rules::AlertState::kFiring;
  a.labels = {{"alertname", std::move(name)}, {"severity", "page"}};
  a.annotations = {{"summary", "it <broke>"}};
  a.active_at = fired_at - 60000;
  a.fired_at = fired_at;
  a.valid_until = fired_at + 240000;
  return a;
}

datasource::DatasourceConfig Am(const CaptureServer& s) {
  datasource::DatasourceConfig c;
  c.url = "http://127.0.0.1:" + std::to_string(s.port());
  c.timeout = std::chrono::seconds(2);
  return c;
}

bool WaitFor(const std::function<bool()>& done) {
  for (int i = 0; i < 300; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return done();
}

TEST(AlertNotifierTest, RouterAlertsOfARuleShareTheirGeneratorUrl) {
  OutgoingAlert a;
  a.labels = {{"alertname", "Down"}, {"instance", "a"}};
  a.annotations = {{"description", ""}, {"summary", "a is down"}};
  a.starts_at_ms = 1000;
  a.generator_url = "http://tocsin:9099/graph?g0.expr=up+%3D%3D+0&g0.tab=1";
  OutgoingAlert b = a;
  b.labels = {{"alertname", "Down"}, {"instance", "b"}};
  OutgoingAlert other = a;
  other.generator_url = "http://tocsin:9099/graph?g0.expr=other&g0.tab=1";

  notifiers::Alert ra = ToRouterAlert(a);
  EXPECT_EQ(ra.generator_url.view(), a.generator_url);
  EXPECT_EQ(ra.annotations.size(), 2u) << "empty values are kept";
  EXPECT_EQ(ra.annotations.Get("summary"), "a is down");
  EXPECT_EQ(ra.starts_at, notifiers::FromUnixMillis(1000));
  notifiers::Alert rb = ToRouterAlert(b, ra.generator_url);
  EXPECT_EQ(rb.generator_url.view().data(), ra.generator_url.view().data());
  notifiers::Alert ro = ToRouterAlert(other, rb.generator_url);
  EXPECT_EQ(ro.generator_url.view(), other.generator_url);
}

TEST(AlertNotifierTest, PostsPrometheusBodiesToEveryAlertmanager) {
  CaptureServer am1, am2;
  AlertNotifierOptions o;
  o.external_url = "http://tocsin:9099";
  o.external_labels = {{"replica", "a"}, {"severity", "ignored"}};
  o.alertmanagers = {Am(am1), Am(am2)};
  auto n = AlertNotifier::Make(std::move(o));
  ASSERT_TRUE(n.ok()) << n.status().message();
  rules::Alert resolved = Firing("Resolved", 1700000000000);
  resolved.resolved_at = 1700000100000;
  (*n)->Send("up == 0", {Firing("Down", 1700000000123), resolved});
  ASSERT_TRUE(WaitFor([&] {
    return am1.requests().size() == 1 && am2.requests().size() == 1;
  }));
  const auto r = am1.requests()[0];
  EXPECT_EQ(r.method, "POST");
  EXPECT_EQ(r.target, "/api/v2/alerts");
  EXPECT_EQ(r.headers.at("content-type"), "application/json");
  EXPECT_EQ(r.body, am2.requests()[0].body);
  EXPECT_EQ(
      r.body,
      "[{\"annotations\":{\"summary\":\"it \\u003cbroke\\u003e\"},"
      "\"endsAt\":\"2023-11-14T22:17:20.123Z\","
      "\"startsAt\":\"2023-11-14T22:13:20.123Z\","
      "\"generatorURL\":\"http://tocsin:9099/"
      "graph?g0.expr=up+%3D%3D+0\\u0026g0.tab=1\","
      "\"labels\":{\"alertname\":\"Down\",\"replica\":\"a\",\"severity\":"
      "\"page\"}},"
      "{\"annotations\":{\"summary\":\"it \\u003cbroke\\u003e\"},"
      "\"endsAt\":\"2023-11-14T22:15:00.000Z\","
      "\"startsAt\":\"2023-11-14T22:13:20.000Z\","
      "\"generatorURL\":\"http://tocsin:9099/"
      "graph?g0.expr=up+%3D%3D+0\\u0026g0.tab=1\","
      "\"labels\":{\"alertname\":\"Resolved\",\"replica\":\"a\",\"severity\":"
      "\"page\"}}]");
  EXPECT_TRUE(WaitFor([&] { return (*n)->stats()[0]->sent == 2; }));
}

TEST(AlertNotifierTest, SendsInBatchesOf64AndCountsFailures) {
  CaptureServer am;
  am.Script({500});
  AlertNotifierOptions o;
  o.alertmanagers = {Am(am)};
  auto n = AlertNotifier::Make(std::move(o));
  ASSERT_TRUE(n.ok());
  std::vector<rules::Alert> alerts;
  for (int i = 0; i < 100; ++i) {
    alerts.push_back(Firing("A" + std::to_string(i), 1700000000000));
  }
  (*n)->Send("x", alerts);
  (*n)->Stop(std::chrono::seconds(5));
  auto requests = am.requests();
  ASSERT_EQ(requests.size(), 2u);  // the failed batch is not retried
  EXPECT_EQ(boost::json::parse(requests[0].body).as_array().size(), 64u);
  EXPECT_EQ(boost::json::parse(requests[1].body).as_array().size(), 36u);
  EXPECT_EQ((*n)->stats()[0]->errors, 64u);
  EXPECT_EQ((*n)->stats()[0]->sent, 36u);
}

TEST(AlertNotifierTest, AFullQueueDropsTheOldestAlerts) {
  AlertNotifierOptions o;
  o.queue_capacity = 10;
  CaptureServer am;
  for (int i = 0; i < 4; ++i) am.Script({CaptureServer::kSlow});
  o.alertmanagers = {Am(am)};
  auto n = AlertNotifier::Make(std::move(o));
  ASSERT_TRUE(n.ok());
  for (int i = 0; i < 5; ++i) {
    (*n)->Send("x", std::vector<rules::Alert>(8, Firing("A", 1700000000000)));
  }
  EXPECT_GE((*n)->dropped(), 20u);
  EXPECT_LE((*n)->queue_length(), 10u);
}

TEST(AlertNotifierTest, ReplayedTimesAreMappedToRealTime) {
  CaptureServer am;
  AlertNotifierOptions o;
  o.alertmanagers = {Am(am)};
  // Recorded time 1700000000000 is now; 60 recorded seconds pass per second.
  o.clock = EvalClock::Replay(1700000000000, 60);
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  auto n = AlertNotifier::Make(std::move(o));
  ASSERT_TRUE(n.ok());
  rules::Alert a = Firing("A", 1700000000000 + 600000);  // 10 recorded min
  (*n)->Send("x", {a});
  ASSERT_TRUE(WaitFor([&] { return am.requests().size() == 1; }));
  auto alert = boost::json::parse(am.requests()[0].body).as_array()[0];
  notifiers::Time starts;
  ASSERT_TRUE(notifiers::ParseRfc3339(
      std::string(alert.at("startsAt").as_string()), &starts));
  // 10 recorded minutes are 10 real seconds after now.
  EXPECT_NEAR(static_cast<double>(notifiers::UnixMillis(starts) - now), 10000,
              1000);
}

}  // namespace
}  // namespace tocsin::engine
