// The daemon in one process: a recording replayed 600 times faster than
// real time, rules, the built-in router delivering to a webhook, and an
// external Alertmanager, all on 127.0.0.1.

#include "engine/daemon.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/engine/test_http_client.h"
#include "tests/notifiers/capture_server.h"

namespace tocsin::engine {
namespace {

using notifiers::testing::CaptureServer;
namespace json = boost::json;

constexpr const char* kRules = R"(groups:
  - name: api
    interval: 30s
    rules:
      - record: job:errors:sum
        expr: sum by (job) (errors)
      - alert: Errors
        expr: job:errors:sum > 0
        for: 1m
        labels: {severity: page}
        annotations: {summary: "{{ $labels.job }} fails"}
)";

class DaemonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tocsin_daemon_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    {
      std::ofstream rec(dir_ / "rec.om");
      for (int64_t t = 0; t <= 7200; t += 15) {
        rec << "errors{job=\"api\"} " << (t < 600 ? 0 : 2) << " "
            << 1700000000 + t << "\n";
      }
      rec << "# EOF\n";
    }
    Write("rules.yml", kRules);
    Write("am.yml",
          "route:\n  receiver: hook\n  group_wait: 1s\n"
          "  group_by: [alertname]\nreceivers:\n  - name: hook\n"
          "    webhook_configs:\n      - url: " +
              webhook_.Url("/hook") + "\n");
    Write("tocsin.yml",
          "global:\n  evaluation_interval: 30s\n"
          "  external_labels: {replica: a}\n"
          "datasource:\n  series_files: [rec.om]\n  replay: {speed: 600}\n"
          "rule_files: [rules.yml]\n"
          "alerting:\n  alertmanager_config: am.yml\n  alertmanagers:\n"
          "    - url: http://127.0.0.1:" +
              std::to_string(external_am_.port()) + "\n");
    DaemonOptions o;
    o.config_file = (dir_ / "tocsin.yml").string();
    o.listen_address = "127.0.0.1:0";
    o.storage_path = (dir_ / "data").string();
    o.external_url = "http://tocsin.example:9099";
    o.shutdown_timeout = std::chrono::milliseconds(500);
    auto d = Daemon::Start(o);
    ASSERT_TRUE(d.ok()) << d.status().message();
    daemon_ = std::move(d).value();
  }
  void TearDown() override {
    daemon_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
  }

  testing_http::Client::Response Get(const std::string& target) {
    testing_http::Client c(daemon_->port());
    c.Send(testing_http::GetRequest(target));
    return c.Read();
  }
  testing_http::Client::Response Post(const std::string& target) {
    testing_http::Client c(daemon_->port());
    c.Send("POST " + target +
           " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n");
    return c.Read();
  }

  // Polls until `done` holds (at most 10 s).
  bool Eventually(const std::function<bool()>& done) {
    for (int i = 0; i < 500; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return done();
  }

  json::array FiringAlerts() {
    auto r = Get("/api/v1/alerts");
    json::array out;
    if (r.status != 200) return out;
    const json::value body = json::parse(r.body);
    for (const auto& a : body.at("data").at("alerts").as_array()) {
      if (a.at("state") == "firing") out.push_back(a);
    }
    return out;
  }

  std::filesystem::path dir_;
  CaptureServer webhook_;
  CaptureServer external_am_;
  std::unique_ptr<Daemon> daemon_;
};

TEST_F(DaemonTest, EvaluatesServesAndDelivers) {
  EXPECT_TRUE(Eventually([&] { return Get("/-/ready").status == 200; }));
  EXPECT_EQ(Get("/-/healthy").status, 200);

  // Errors start 10 recorded minutes in (1 s of real time) and the alert
  // fires a minute later.
  ASSERT_TRUE(Eventually([&] { return FiringAlerts().size() == 1; }));
  json::value alert = FiringAlerts()[0];
  EXPECT_EQ(json::serialize(alert.at("labels")),
            R"({"alertname":"Errors","job":"api","severity":"page"})");
  EXPECT_EQ(json::serialize(alert.at("annotations")),
            R"({"summary":"api fails"})");
  EXPECT_EQ(alert.at("value"), "2e+00");

  auto rules = json::parse(Get("/api/v1/rules").body);
  const json::value group = rules.at("data").at("groups").at(0);
  EXPECT_EQ(group.at("name"), "api");
  EXPECT_EQ(group.at("interval").to_number<double>(), 30);
  EXPECT_EQ(group.at("rules").at(0).at("type"), "recording");
  EXPECT_EQ(group.at("rules").at(0).at("health"), "ok");
  EXPECT_EQ(group.at("rules").at(1).at("state"), "firing");
  EXPECT_EQ(group.at("rules").at(1).at("duration").to_number<double>(), 60);
  EXPECT_EQ(Get("/api/v1/rules?type=record").body.find("\"type\":\"alerting\""),
            std::string::npos);
  EXPECT_EQ(Get("/api/v1/rules?type=x").status, 400);

  // The rules' own series are queryable.
  auto q = Get("/api/v1/query?query=job:errors:sum");
  EXPECT_NE(q.body.find("\"job:errors:sum\""), std::string::npos) << q.body;

  // The external Alertmanager gets Prometheus's body, with the external
  // labels; the built-in router delivers to its webhook.
  ASSERT_TRUE(Eventually([&] { return !external_am_.requests().empty(); }));
  const json::array posted =
      json::parse(external_am_.requests()[0].body).as_array();
  EXPECT_EQ(posted[0].at("labels").at("replica"), "a");
  EXPECT_EQ(posted[0].at("generatorURL"),
            "http://tocsin.example:9099/graph?g0.expr=job%3Aerrors%3Asum+%3E+0"
            "&g0.tab=1");
  ASSERT_TRUE(Eventually([&] { return !webhook_.requests().empty(); }));
  auto notification = json::parse(webhook_.requests()[0].body);
  EXPECT_EQ(notification.at("status"), "firing");
  EXPECT_EQ(notification.at("alerts").at(0).at("labels").at("alertname"),
            "Errors");
  EXPECT_EQ(Get("/api/v2/alerts").status, 200);

  auto metrics = Get("/metrics").body;
  for (const char* m :
       {"prometheus_rule_group_iterations_total{rule_group=",
        "prometheus_notifications_sent_total{alertmanager=",
        "tocsin_alerts{state=\"firing\"} 1", "alertmanager_notifications_total",
        "tocsin_config_last_reload_successful 1"}) {
    EXPECT_NE(metrics.find(m), std::string::npos) << m << "\n" << metrics;
  }
}

TEST_F(DaemonTest, ABrokenReloadKeepsTheRunningRules) {
  ASSERT_TRUE(Eventually([&] { return FiringAlerts().size() == 1; }));
  const json::value active_at = FiringAlerts()[0].at("activeAt");
  Write("rules.yml",
        "groups:\n  - name: api\n    rules:\n      - alert: X\n"
        "        expr: sum(\n");
  auto r = Post("/-/reload");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("rules.yml"), std::string::npos) << r.body;
  EXPECT_NE(Get("/metrics").body.find("tocsin_config_last_reload_successful 0"),
            std::string::npos);
  EXPECT_EQ(FiringAlerts().size(), 1u);  // old rules, state kept

  // A fixed file: the changed group keeps the alert's state (the alert
  // stays active since the same instant; a reset one would start over).
  Write("rules.yml", std::string(kRules) +
                         "      - alert: Another\n        expr: vector(1)\n");
  r = Post("/-/reload");
  EXPECT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(Eventually([&] { return FiringAlerts().size() == 2; }));
  for (const json::value& a : FiringAlerts()) {
    if (a.at("labels").at("alertname") == "Errors") {
      EXPECT_EQ(a.at("activeAt"), active_at);
    }
  }
}

}  // namespace
}  // namespace tocsin::engine
