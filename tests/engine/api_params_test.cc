#include "engine/api_params.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "promql/go_format.h"

namespace tocsin::engine {
namespace {

struct TimeCase {
  const char* input;
  int64_t ms;
};

TEST(ParseApiTimeTest, Accepts) {
  const TimeCase cases[] = {
      {"1435781451.781", 1435781451781},
      {"1435781451", 1435781451000},
      {"1.5", 1500},
      {"-1.5", -1500},
      {"-0.001", -1},
      {"0", 0},
      {"1e9", 1000000000000},
      {"+12", 12000},
      {".5", 500},
      {"0x10p0", 16000},
      // Fractions are rounded to milliseconds the way Prometheus does it.
      {"1.0005", 1000},
      {"1.0015", 1002},
      {"1.9999", 2000},
      {"1.2344", 1234},
      // Go's float syntax: underscores between digits, hex with an exponent.
      {"1_700_000_000", 1700000000000},
      {"0x1p4", 16000},
      {"2015-07-01T20:10:51.781Z", 1435781451781},
      {"2015-07-01T20:10:51Z", 1435781451000},
      {"2015-07-01T22:10:51.781+02:00", 1435781451781},
      {"2015-07-01T18:40:51.781-01:30", 1435781451781},
      {"2015-07-01T20:10:51.7819999Z", 1435781451781},
      {"2015-07-01T20:10:51,5Z", 1435781451500},
      {"1970-01-01T00:00:00Z", 0},
      {"1969-12-31T23:59:59.999Z", -1},
      {"2000-02-29T00:00:00Z", 951782400000},
      {"2015-07-01T2:10:51Z", 1435716651000},
      {"-292273086-05-16T16:47:06Z", -9223309901257974000},
      {"292277025-08-18T07:12:54.999999999Z", 9223309901257974999},
  };
  for (const auto& c : cases) {
    auto t = ParseApiTime(c.input);
    ASSERT_TRUE(t.ok()) << c.input << ": " << t.status().message();
    EXPECT_EQ(t->ToMillis(), c.ms) << c.input;
  }
}

TEST(ParseApiTimeTest, KeepsNanoseconds) {
  auto t = ParseApiTime("2015-07-01T20:10:51.123456789Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->sec, 1435781451);
  EXPECT_EQ(t->nsec, 123456789);
  auto f = ParseApiTime("-1.25");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->sec, -2);
  EXPECT_EQ(f->nsec, 750000000);
}

TEST(ParseApiTimeTest, Rejects) {
  const char* cases[] = {
      "",
      "abc",
      "1e400",
      "_1",
      " 1",
      "1 ",
      "0x10",
      "2015-07-01",
      "2015-07-01T20:10:51",
      "2015-07-01 20:10:51Z",
      "2015-02-29T00:00:00Z",
      "2015-13-01T00:00:00Z",
      "2015-07-01T24:00:00Z",
      "2015-07-01T20:60:00Z",
      "2015-07-01T20:10:60Z",
      "2015-07-01T20:10:51.Z",
      "2015-07-01T20:10:51z",
      "2015-07-01T20:10:51+0200",
      "2015-07-01T20:10:51Zjunk",
      "15-07-01T20:10:51Z",
  };
  for (const char* input : cases) {
    auto t = ParseApiTime(input);
    EXPECT_FALSE(t.ok()) << input;
    if (!t.ok()) {
      EXPECT_EQ(t.status().message(), "cannot parse " + promql::GoQuote(input) +
                                          " to a valid timestamp");
    }
  }
}

TEST(ParseApiTimeTest, ErrorQuotesLikeGo) {
  auto t = ParseApiTime("a\"b\n");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "cannot parse \"a\\\"b\\n\" to a valid timestamp");
}

TEST(ParseApiDurationTest, Accepts) {
  const std::pair<const char*, int64_t> cases[] = {
      {"30", 30'000'000'000},  {"0.5", 500'000'000},
      {"1e-3", 1'000'000},     {"0", 0},
      {"-1", -1'000'000'000},  {"0.0001", 100'000},
      {"5m", 300'000'000'000}, {"1h30m", 5'400'000'000'000},
      {"10ms", 10'000'000},    {"1d", 86'400'000'000'000},
  };
  for (const auto& [input, ns] : cases) {
    auto d = ParseApiDuration(input);
    ASSERT_TRUE(d.ok()) << input << ": " << d.status().message();
    EXPECT_EQ(*d, ns) << input;
  }
}

TEST(ParseApiDurationTest, Rejects) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "cannot parse \"\" to a valid duration"},
      {"abc", "cannot parse \"abc\" to a valid duration"},
      {"5 m", "cannot parse \"5 m\" to a valid duration"},
      {"1e10", "cannot parse \"1e10\" to a valid duration. It overflows int64"},
      {"-1e10",
       "cannot parse \"-1e10\" to a valid duration. It overflows int64"},
  };
  for (const auto& [input, message] : cases) {
    auto d = ParseApiDuration(input);
    ASSERT_FALSE(d.ok()) << input;
    EXPECT_EQ(d.status().message(), message);
  }
}

TEST(SubTimesTest, SaturatesLikeGo) {
  ApiTime a{10, 500'000'000}, b{8, 750'000'000};
  EXPECT_EQ(SubTimes(a, b), 1'750'000'000);
  EXPECT_EQ(SubTimes(b, a), -1'750'000'000);
  EXPECT_EQ(SubTimes(ApiMaxTime(), ApiMinTime()),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(SubTimes(ApiMinTime(), ApiMaxTime()),
            std::numeric_limits<int64_t>::min());
}

TEST(ApiTimeTest, FromUnixNormalizes) {
  EXPECT_EQ(ApiTime::FromUnix(1, -1), (ApiTime{0, 999'999'999}));
  EXPECT_EQ(ApiTime::FromUnix(1, 2'500'000'000), (ApiTime{3, 500'000'000}));
  EXPECT_EQ(ApiTime::FromUnix(-1, -500'000'000).ToMillis(), -1500);
}

}  // namespace
}  // namespace tocsin::engine
