#include "notifiers/alert.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "notifiers/route.h"

namespace tocsin::notifiers {
namespace {

TEST(Alert, FingerprintsAsAlertmanagerComputesThem) {
  // Read back from Alertmanager 0.25's GET /api/v2/alerts.
  struct Case {
    promql::Labels labels;
    const char* fp;
  };
  const Case cases[] = {
      {{{"alertname", "A"}}, "d2c6efc389df0927"},
      {{{"alertname", "HighErrorRate"},
        {"severity", "critical"},
        {"team", "backend"}},
       "6fb3a2ea16e3d777"},
      {{{"a", "x"}, {"a1", "y"}, {"b", "q\"uote"}}, "066a1b89099dab91"},
      {{}, "cbf29ce484222325"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FingerprintString(LabelsFingerprint(c.labels)), c.fp);
  }
}

TEST(Alert, AlertHashTellsLabelSetsApart) {
  EXPECT_NE(AlertHash(promql::Labels{{"a", "b"}}),
            AlertHash(promql::Labels{{"a", "c"}}));
}

TEST(Alert, PrepareAppliesDefaultsAndValidates) {
  Time now = FromUnixSeconds(1000);
  Alert a;
  a.labels = promql::Labels{{"alertname", "A"}};
  ASSERT_TRUE(PrepareAlert(a, now, Seconds(300)).ok());
  EXPECT_EQ(a.starts_at, now);
  EXPECT_EQ(a.ends_at, now + Seconds(300));
  EXPECT_TRUE(a.timeout);
  EXPECT_EQ(a.updated_at, now);

  Alert ended;
  ended.labels = promql::Labels{{"alertname", "A"}};
  ended.ends_at = FromUnixSeconds(900);
  ASSERT_TRUE(PrepareAlert(ended, now, Seconds(300)).ok());
  EXPECT_EQ(ended.starts_at, FromUnixSeconds(900)) << "start defaults to end";
  EXPECT_FALSE(ended.timeout);

  struct Bad {
    promql::Labels labels;
    Annotations annotations;
    Time starts, ends;
    const char* error;
  };
  const Bad bad[] = {
      {{}, {}, kZeroTime, kZeroTime, "at least one label pair required"},
      {{{"1a", "x"}},
       {},
       kZeroTime,
       kZeroTime,
       R"(invalid label set: invalid name "1a")"},
      {{{"a", "\xff"}},
       {},
       kZeroTime,
       kZeroTime,
       R"(invalid label set: invalid value "\xff")"},
      {{{"a", "b"}},
       {{"bad-name", "x"}},
       kZeroTime,
       kZeroTime,
       R"(invalid annotations: invalid name "bad-name")"},
      {{{"a", "b"}},
       {},
       FromUnixSeconds(500),
       FromUnixSeconds(400),
       "start time must be before end time"},
  };
  for (const Bad& b : bad) {
    Alert x;
    x.labels = b.labels;
    x.annotations = b.annotations;
    x.starts_at = b.starts;
    x.ends_at = b.ends;
    Status s = PrepareAlert(x, now, Seconds(300));
    ASSERT_FALSE(s.ok()) << b.error;
    EXPECT_EQ(s.message(), b.error);
  }
}

TEST(Alert, MergeKeepsEarliestStartAndExplicitEnds) {
  Alert old;
  old.labels = promql::Labels{{"a", "b"}};
  old.starts_at = FromUnixSeconds(100);
  old.ends_at = FromUnixSeconds(500);
  old.updated_at = FromUnixSeconds(200);
  Alert next = old;
  next.starts_at = FromUnixSeconds(150);
  next.ends_at = FromUnixSeconds(400);
  next.updated_at = FromUnixSeconds(300);
  next.timeout = true;
  Alert m = MergeAlerts(old, next);
  EXPECT_EQ(m.starts_at, FromUnixSeconds(100));
  EXPECT_EQ(m.ends_at, FromUnixSeconds(500)) << "the later explicit end rules";
  EXPECT_EQ(m.updated_at, FromUnixSeconds(300));
  // A timed-out end never extends a newer one.
  old.timeout = true;
  m = MergeAlerts(old, next);
  EXPECT_EQ(m.ends_at, FromUnixSeconds(400));
  EXPECT_TRUE(ShouldMerge(old, next));
  Alert later = old;
  later.starts_at = FromUnixSeconds(600);
  later.ends_at = FromUnixSeconds(900);
  EXPECT_FALSE(ShouldMerge(old, later)) << "no overlap: replaced, not merged";
}

TEST(Alert, SortOrderIsJobInstanceThenLabels) {
  std::vector<promql::Labels> sets = {
      {{"alertname", "B"}},
      {{"alertname", "A"}, {"instance", "2"}},
      {{"alertname", "A"}, {"instance", "1"}},
      {{"job", "z"}},
      {{"job", "a"}, {"instance", "9"}},
      {{"alertname", "A"}},
      {{"alertname", "A"}, {"x", "1"}},
      {{"alertname", "A"}, {"b", "1"}},
  };
  std::vector<Alert> alerts;
  for (auto& l : sets) {
    Alert a;
    a.labels = l;
    alerts.push_back(a);
  }
  std::stable_sort(alerts.begin(), alerts.end(), AlertLess);
  std::vector<std::string> got;
  for (const Alert& a : alerts) got.push_back(LabelSetString(a.labels));
  EXPECT_EQ(got, (std::vector<std::string>{
                     R"({instance="9", job="a"})",
                     R"({job="z"})",
                     R"({alertname="A", instance="1"})",
                     R"({alertname="A", instance="2"})",
                     R"({alertname="A"})",
                     R"({alertname="B"})",
                     R"({alertname="A", x="1"})",
                     R"({alertname="A", b="1"})",
                 }));
}

TEST(Clock, Rfc3339RoundTrips) {
  Time t;
  ASSERT_TRUE(ParseRfc3339("2024-01-10T12:00:00.123456789Z", &t));
  EXPECT_EQ(FormatRfc3339(t), "2024-01-10T12:00:00.123456789Z");
  ASSERT_TRUE(ParseRfc3339("2024-01-10T13:30:00+01:30", &t));
  EXPECT_EQ(FormatRfc3339(t), "2024-01-10T12:00:00Z");
  ASSERT_TRUE(ParseRfc3339("0001-01-01T00:00:00Z", &t));
  EXPECT_TRUE(IsZero(t));
  EXPECT_EQ(FormatRfc3339(kZeroTime), "0001-01-01T00:00:00Z");
  EXPECT_EQ(FormatRfc3339(FromUnixMillis(1500)), "1970-01-01T00:00:01.5Z");
  EXPECT_FALSE(ParseRfc3339("2024-01-10 12:00:00Z", &t));
  EXPECT_FALSE(ParseRfc3339("2024-13-10T12:00:00Z", &t));
}

}  // namespace
}  // namespace tocsin::notifiers
