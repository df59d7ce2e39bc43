#include "notifiers/silences.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include "notifiers/alert.h"
#include "notifiers/nflog.h"

namespace tocsin::notifiers {
namespace {

Time T(int64_t s) { return FromUnixSeconds(1704888000 + s); }

Silence Make(std::vector<SilenceMatcher> ms, Time start, Time end) {
  Silence s;
  s.matchers = std::move(ms);
  s.starts_at = start;
  s.ends_at = end;
  s.created_by = "me";
  s.comment = "c";
  return s;
}

TEST(Silences, CreateUpdateInPlaceOrReplace) {
  FakeClock clock(T(0));
  Silences s(&clock, Seconds(3600));
  auto id = s.Set(Make({{MatchType::kEqual, "a", "b"}}, T(-10), T(100)));
  ASSERT_TRUE(id.ok()) << id.status().message();
  auto got = s.Get(*id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->starts_at, T(0)) << "a start in the past becomes now";
  EXPECT_EQ(SilenceStateAt(*got, clock.Now()), SilenceState::kActive);
  int v = s.Version();

  // Same matchers and start, later end: updated in place.
  Silence upd = *got;
  upd.ends_at = T(200);
  auto same = s.Set(upd);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(*same, *id);
  EXPECT_EQ(s.Get(*id)->ends_at, T(200));
  EXPECT_GT(s.Version(), v);

  // Different matchers: the old one is expired, a new id is made.
  Silence changed = *s.Get(*id);
  changed.matchers = {{MatchType::kRegexMatch, "a", "b.*"}};
  auto other = s.Set(changed);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*other, *id);
  clock.Advance(Seconds(1));
  EXPECT_EQ(SilenceStateAt(*s.Get(*id), clock.Now()), SilenceState::kExpired);
  EXPECT_EQ(s.CountState(SilenceState::kActive), 1u);

  // Unknown ids are an error.
  Silence unknown = changed;
  unknown.id = "nope";
  EXPECT_EQ(s.Set(unknown).status().message(), "silence not found");
  EXPECT_EQ(s.Expire("nope").message(), "silence not found");
}

TEST(Silences, ExpirePendingAndActive) {
  FakeClock clock(T(0));
  Silences s(&clock, Seconds(3600));
  auto pending = s.Set(Make({{MatchType::kEqual, "a", "b"}}, T(50), T(100)));
  auto active = s.Set(Make({{MatchType::kEqual, "a", "c"}}, T(0), T(100)));
  ASSERT_TRUE(pending.ok() && active.ok());
  clock.Advance(Seconds(10));
  ASSERT_TRUE(s.Expire(*pending).ok());
  ASSERT_TRUE(s.Expire(*active).ok());
  EXPECT_EQ(s.Get(*pending)->starts_at, T(10));
  EXPECT_EQ(s.Get(*pending)->ends_at, T(10));
  EXPECT_EQ(s.Get(*active)->ends_at, T(10));
  EXPECT_TRUE(s.Expire(*active).ok()) << "expiring twice is fine";
  // Kept for the retention after their end, then collected.
  clock.Set(T(10 + 3599));
  EXPECT_EQ(s.GC(), 0u);
  clock.Set(T(10 + 3600));
  EXPECT_EQ(s.GC(), 2u);
  EXPECT_FALSE(s.Get(*active).ok());
}

TEST(Silences, ValidationMessages) {
  FakeClock clock(T(0));
  Silences s(&clock, Seconds(3600));
  struct Case {
    Silence silence;
    const char* error;
  };
  const Case cases[] = {
      {Make({}, T(0), T(10)), "silence invalid: at least one matcher required"},
      {Make({{MatchType::kEqual, "a", ""}}, T(0), T(10)),
       "silence invalid: at least one matcher must not match the empty string"},
      {Make({{MatchType::kRegexMatch, "a", "x*"}}, T(0), T(10)),
       "silence invalid: at least one matcher must not match the empty string"},
      {Make({{MatchType::kEqual, "1a", "x"}}, T(0), T(10)),
       "silence invalid: invalid label matcher 0: invalid label name \"1a\""},
      {Make({{MatchType::kEqual, "a", "x"}, {MatchType::kRegexMatch, "b", "("}},
            T(0), T(10)),
       "silence invalid: invalid label matcher 1: invalid regular expression "
       "\"(\": error parsing regexp: missing closing ): `(`"},
      {Make({{MatchType::kEqual, "a", "x"}}, T(20), T(10)),
       "silence invalid: end time must not be before start time"},
      {Make({{MatchType::kEqual, "a", "x"}}, T(0), kZeroTime),
       "silence invalid: invalid zero end timestamp"},
  };
  for (const Case& c : cases) {
    auto r = s.Set(c.silence);
    ASSERT_FALSE(r.ok()) << c.error;
    EXPECT_EQ(r.status().message(), c.error);
  }
  // A negative matcher alongside a non-empty one is fine.
  EXPECT_TRUE(s.Set(Make({{MatchType::kNotEqual, "a", ""},
                          {MatchType::kEqual, "b", "x"}},
                         T(0), T(10)))
                  .ok());
}

TEST(Silences, SilencerMarksActiveAndPending) {
  FakeClock clock(T(0));
  Silences s(&clock, Seconds(3600));
  Marker marker;
  Silencer silencer(&s, &marker);
  promql::Labels labels{{"alertname", "A"}, {"job", "api"}};
  EXPECT_FALSE(silencer.Mutes(labels));
  auto active =
      s.Set(Make({{MatchType::kRegexMatch, "job", "api|web"}}, T(0), T(100)));
  auto pending =
      s.Set(Make({{MatchType::kEqual, "alertname", "A"}}, T(50), T(100)));
  auto other =
      s.Set(Make({{MatchType::kEqual, "alertname", "B"}}, T(0), T(100)));
  ASSERT_TRUE(active.ok() && pending.ok() && other.ok());
  EXPECT_TRUE(silencer.Mutes(labels));
  AlertStatus st = marker.Status(LabelsFingerprint(labels));
  EXPECT_EQ(st.state, AlertState::kSuppressed);
  EXPECT_EQ(st.silenced_by, (std::vector<std::string>{*active}));
  EXPECT_EQ(st.pending_silences, (std::vector<std::string>{*pending}));
  clock.Set(T(101));
  EXPECT_FALSE(silencer.Mutes(labels));
  EXPECT_EQ(marker.Status(LabelsFingerprint(labels)).state,
            AlertState::kActive);
}

std::string TempDir(const std::string& name) {
  std::string dir = ::testing::TempDir() + "tocsin_" + name + "_" +
                    std::to_string(::getpid());
  std::string cmd = "rm -rf " + dir;
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return dir;
}

TEST(Silences, SurviveARestartWithoutASnapshot) {
  std::string dir = TempDir("silences");
  FakeClock clock(T(0));
  std::string id;
  {
    Silences s(&clock, Seconds(3600));
    ASSERT_TRUE(s.Open(dir).ok());
    auto r = s.Set(Make({{MatchType::kEqual, "a", "b"}}, T(0), T(100)));
    ASSERT_TRUE(r.ok());
    id = *r;
    auto gone = s.Set(Make({{MatchType::kEqual, "a", "c"}}, T(0), T(10)));
    ASSERT_TRUE(gone.ok());
    ASSERT_TRUE(s.Expire(*gone).ok());
    // Destroyed without Compact(): only the write-ahead log has them.
  }
  Silences s(&clock, Seconds(3600));
  ASSERT_TRUE(s.Open(dir).ok());
  clock.Set(T(1));  // an expired silence is active at its very end
  auto got = s.Get(id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->comment, "c");
  EXPECT_EQ(got->matchers,
            (std::vector<SilenceMatcher>{{MatchType::kEqual, "a", "b"}}));
  EXPECT_EQ(s.CountState(SilenceState::kActive), 1u);
  EXPECT_EQ(s.CountState(SilenceState::kExpired), 1u);
  // A snapshot, more changes, and a torn write at the end of the log.
  ASSERT_TRUE(s.Compact().ok());
  ASSERT_TRUE(s.Expire(id).ok());
  {
    FILE* f = std::fopen((dir + "/silences.wal").c_str(), "ab");
    ASSERT_NE(f, nullptr);
    std::fwrite("\x20\x00\x00", 1, 3, f);
    std::fclose(f);
  }
  clock.Set(T(2));
  Silences again(&clock, Seconds(3600));
  ASSERT_TRUE(again.Open(dir).ok());
  EXPECT_EQ(again.CountState(SilenceState::kExpired), 2u);
  auto more = again.Set(Make({{MatchType::kEqual, "x", "y"}}, T(0), T(100)));
  ASSERT_TRUE(more.ok());
  Silences third(&clock, Seconds(3600));
  ASSERT_TRUE(third.Open(dir).ok());
  EXPECT_TRUE(third.Get(*more).ok()) << "appends after the torn tail survive";
  // Past their retention, stored silences are not loaded.
  clock.Set(T(100 + 3600));
  Silences late(&clock, Seconds(3600));
  ASSERT_TRUE(late.Open(dir).ok());
  EXPECT_FALSE(late.Get(id).ok());
}

TEST(NotificationLog, LogQueryExpireAndPersist) {
  std::string dir = TempDir("nflog");
  FakeClock clock(T(0));
  NflogReceiver r{"team", "webhook", 0};
  {
    NotificationLog log(&clock, Seconds(120 * 3600));
    ASSERT_TRUE(log.Open(dir).ok());
    ASSERT_TRUE(log.Log(r, "{}:{a=\"b\"}", {1, 2}, {3}, Seconds(600)).ok());
    auto e = log.Query("{}:{a=\"b\"}", r);
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(e->timestamp, T(0));
    EXPECT_EQ(e->expires_at, T(600)) << "2 x repeat_interval, under retention";
    EXPECT_TRUE(e->IsFiringSubset({2, 1}));
    EXPECT_FALSE(e->IsFiringSubset({1, 4}));
    EXPECT_TRUE(e->IsResolvedSubset({}));
    EXPECT_FALSE(log.Query("{}:{a=\"b\"}", {"team", "webhook", 1}).has_value());
  }
  NotificationLog log(&clock, Seconds(120 * 3600));
  ASSERT_TRUE(log.Open(dir).ok());
  auto e = log.Query("{}:{a=\"b\"}", r);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->firing_alerts, (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(e->resolved_alerts, (std::vector<uint64_t>{3}));
  clock.Set(T(600));
  EXPECT_EQ(log.GC(), 1u);
  EXPECT_FALSE(log.Query("{}:{a=\"b\"}", r).has_value());
}

}  // namespace
}  // namespace tocsin::notifiers
