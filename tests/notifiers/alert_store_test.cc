#include "notifiers/alert_store.h"

#include <gtest/gtest.h>

#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace tocsin::notifiers {
namespace {

Alert MakeAlert(std::string_view instance, int64_t starts, int64_t ends) {
  Alert a;
  a.labels = promql::Labels{{"alertname", "Down"},
                            {"instance", std::string(instance)}};
  a.annotations = {{"summary", std::string(instance) + " is down"}};
  a.generator_url = "http://prometheus:9090/graph?g0.expr=up%3D%3D0";
  a.starts_at = FromUnixSeconds(starts);
  a.ends_at = FromUnixSeconds(ends);
  a.updated_at = FromUnixSeconds(starts);
  return a;
}

TEST(AlertStore, MergesReSentAlertsAndTellsSubscribers) {
  Marker marker;
  AlertStore store(&marker);
  std::vector<AlertPtr> seen;
  store.Subscribe([&](const std::vector<AlertPtr>& a) {
    seen.insert(seen.end(), a.begin(), a.end());
  });
  store.Put({MakeAlert("a:9100", 100, 340), MakeAlert("b:9100", 100, 340)});
  Alert again = MakeAlert("a:9100", 110, 400);
  again.updated_at = FromUnixSeconds(115);
  again.ComputeFingerprint();
  store.Put({again});
  EXPECT_EQ(store.size(), 2u);
  ASSERT_EQ(seen.size(), 3u);
  AlertPtr a = store.Get(again.fingerprint);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->starts_at, FromUnixSeconds(100)) << "the earliest start stays";
  EXPECT_EQ(a->ends_at, FromUnixSeconds(400));
  EXPECT_EQ(seen.back(), a);
  EXPECT_EQ(store.GC(FromUnixSeconds(350)), 1u) << "b ended at 340";
  EXPECT_EQ(store.size(), 1u);
}

TEST(AlertStore, AReSentAlertSharesTheStoredVersionsStrings) {
  Marker marker;
  AlertStore store(&marker);
  Alert first = MakeAlert("a:9100", 100, 340);
  first.ComputeFingerprint();
  store.Put({first});
  AlertPtr before = store.Get(first.fingerprint);
  store.Put({MakeAlert("a:9100", 100, 400)});
  AlertPtr after = store.Get(first.fingerprint);
  ASSERT_NE(before, after);
  EXPECT_EQ(after->ends_at, FromUnixSeconds(400));
  EXPECT_EQ(after->labels[0].name.data(), before->labels[0].name.data());
  EXPECT_EQ(after->annotations[0].value.data(),
            before->annotations[0].value.data());
  EXPECT_EQ(after->generator_url.view().data(),
            before->generator_url.view().data());
  // Changed annotations are not shared.
  Alert changed = MakeAlert("a:9100", 100, 460);
  changed.annotations = {{"summary", "still down"}};
  store.Put({changed});
  EXPECT_EQ(store.Get(first.fingerprint)->annotations.Get("summary"),
            "still down");
}

TEST(AlertStore, EveryStoreOfAnAlertGetsAHigherVersion) {
  AlertStore store(nullptr);
  store.Put({MakeAlert("a:9100", 100, 340), MakeAlert("b:9100", 100, 340)});
  Alert a = MakeAlert("a:9100", 100, 400);
  a.ComputeFingerprint();
  uint64_t first = store.Get(a.fingerprint)->version;
  store.Put({a});
  EXPECT_GT(store.Get(a.fingerprint)->version, first);
}

// Puts from several threads at once: a subscriber that keeps, of two
// versions of an alert, the one that Supersedes the other ends up with
// what the store holds.
TEST(AlertStore, SubscribersOfParallelPutsKeepTheStoredVersions) {
  AlertStore store(nullptr);
  std::mutex mu;
  std::map<uint64_t, AlertPtr> kept;
  store.Subscribe([&](const std::vector<AlertPtr>& alerts) {
    std::lock_guard<std::mutex> lock(mu);
    for (const AlertPtr& a : alerts) {
      AlertPtr& slot = kept[a->fingerprint];
      if (slot == nullptr || Supersedes(*a, *slot)) slot = a;
    }
  });
  constexpr int kThreads = 4, kRounds = 200, kAlerts = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        std::vector<Alert> batch;
        for (int i = 0; i < kAlerts; ++i) {
          batch.push_back(MakeAlert("host" + std::to_string(i), 100,
                                    1000 + r * kThreads + t));
        }
        store.Put(std::move(batch));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  ASSERT_EQ(kept.size(), size_t{kAlerts});
  for (const auto& [fp, a] : kept) EXPECT_EQ(a, store.Get(fp));
}

}  // namespace
}  // namespace tocsin::notifiers
