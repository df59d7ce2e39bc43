#include "notifiers/alert_store.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tocsin::notifiers
