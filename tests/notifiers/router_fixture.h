// A router on a fake clock with recording notifiers, for the dispatcher and
// pipeline tests: every receiver's integrations deliver to one
// RecordingNotifier per receiver name.

#ifndef TOCSIN_TESTS_NOTIFIERS_ROUTER_FIXTURE_H_
#define TOCSIN_TESTS_NOTIFIERS_ROUTER_FIXTURE_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "notifiers/config.h"
#include "notifiers/recording_notifier.h"
#include "notifiers/router.h"
#include "notifiers/scheduler.h"

namespace tocsin::notifiers::testing {

// 2024-01-10T12:00:00Z, a Wednesday.
inline Time T0() { return FromUnixSeconds(1704888000); }

class RouterFixture : public ::testing::Test {
 protected:
  RouterFixture() : scheduler_(T0()) {}
  ~RouterFixture() override {
    if (router_) router_->Stop();
  }

  // Loads `yaml` and starts a router with it (storage in `storage` if
  // given). Fails the test on a bad config.
  void Start(const std::string& yaml, const std::string& storage = "") {
    auto cfg = LoadConfig(yaml, "test.yml");
    ASSERT_TRUE(cfg.ok()) << cfg.status().message();
    RouterOptions options;
    options.storage_path = storage;
    options.retry.randomization = 0;  // deterministic backoff
    router_ = std::make_unique<Router>(
        &scheduler_,
        [this](const Config&, const ReceiverConfig& r,
               const IntegrationConfig&) -> Result<std::shared_ptr<Notifier>> {
          return std::shared_ptr<Notifier>(Recorder(r.name));
        },
        options);
    ASSERT_TRUE(router_->Open().ok());
    Status s = router_->ApplyConfig(std::move(cfg).value());
    ASSERT_TRUE(s.ok()) << s.message();
  }

  std::shared_ptr<RecordingNotifier> Recorder(const std::string& receiver) {
    auto& n = notifiers_[receiver];
    if (!n)
      n = std::make_shared<RecordingNotifier>(&scheduler_.clock(), receiver);
    return n;
  }

  // An alert with `labels` ("a=b" strings) starting now (or at `starts`),
  // without an end unless given.
  static Alert MakeAlert(
      std::vector<std::pair<std::string, std::string>> labels,
      Time starts = kZeroTime, Time ends = kZeroTime) {
    Alert a;
    std::vector<promql::Label> ls;
    for (auto& [k, v] : labels) ls.push_back({k, v});
    a.labels = promql::Labels::FromVector(std::move(ls));
    a.starts_at = starts;
    a.ends_at = ends;
    return a;
  }

  void Post(std::vector<Alert> alerts) {
    Status s = router_->PostAlerts(std::move(alerts));
    ASSERT_TRUE(s.ok()) << s.message();
  }

  // Advances the fake clock by `seconds`, firing due timers.
  void Advance(double seconds) {
    scheduler_.Advance(Duration(static_cast<int64_t>(seconds * 1e9)));
  }
  void AdvanceTo(Time t) { scheduler_.AdvanceTo(t); }
  // Seconds since T0 of a recorded notification.
  static double At(const RecordedNotification& n) {
    return std::chrono::duration<double>(n.at - T0()).count();
  }
  // The delivery times (seconds since T0) of `receiver`.
  std::vector<double> Times(const std::string& receiver) {
    std::vector<double> out;
    for (const auto& n : Recorder(receiver)->delivered()) out.push_back(At(n));
    return out;
  }

  FakeScheduler scheduler_;
  std::map<std::string, std::shared_ptr<RecordingNotifier>> notifiers_;
  std::unique_ptr<Router> router_;
};

}  // namespace tocsin::notifiers::testing

#endif  // TOCSIN_TESTS_NOTIFIERS_ROUTER_FIXTURE_H_
