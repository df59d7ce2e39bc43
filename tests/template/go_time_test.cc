// Go time formatting for templates. Expectations are Go 1.19's (checked with
// amtool on the same instants).

#include "template/go_time.h"

#include <gtest/gtest.h>

namespace tocsin::tmpl {
namespace {

GoTime Parse(std::string_view s) {
  Result<GoTime> t = ParseRFC3339(s);
  EXPECT_TRUE(t.ok()) << t.status().message();
  return t.ok() ? *t : GoTime();
}

struct LayoutCase {
  std::string time;
  std::string layout;
  std::string want;
};

class FormatTest : public testing::TestWithParam<LayoutCase> {};

TEST_P(FormatTest, MatchesGo) {
  const LayoutCase& c = GetParam();
  EXPECT_EQ(FormatTime(Parse(c.time), c.layout), c.want) << c.layout;
}

INSTANTIATE_TEST_SUITE_P(
    Layouts, FormatTest,
    testing::Values(
        LayoutCase{"2024-03-01T10:00:00.123Z", "Monday, 02-Jan-06 15:04:05 MST",
                   "Friday, 01-Mar-24 10:00:00 UTC"},
        LayoutCase{"2024-03-01T10:00:00.123Z", "Jan _2 2006 3:04:05.000000 pm",
                   "Mar  1 2024 10:00:00.123000 am"},
        LayoutCase{"2024-03-01T10:00:00.123Z",
                   "2006-01-02T15:04:05.999999999Z07:00",
                   "2024-03-01T10:00:00.123Z"},
        LayoutCase{"2024-03-01T10:00:00.123Z",
                   "06 1 2 __2 002 -0700 -07 Z07:00:00 ,999",
                   "24 3 1  61 061 +0000 +00 Z ,123"},
        LayoutCase{"2024-03-01T09:00:00+02:00",
                   "2006-01-02T15:04:05Z07:00 MST -07:00",
                   "2024-03-01T09:00:00+02:00 +0200 +02:00"},
        LayoutCase{"2024-12-31T23:59:59.5Z", "2006-01-02 15:04:05.0 PM Mon",
                   "2024-12-31 23:59:59.5 PM Tue"},
        LayoutCase{"2024-03-01T00:00:00Z", "3:04PM January", "12:00AM March"},
        LayoutCase{"2024-03-01T00:00:00Z", "Jant", "Jant"}));

TEST(TimeStringTest, GoStringForm) {
  EXPECT_EQ(TimeString(Parse("2024-03-01T10:00:00.123Z")),
            "2024-03-01 10:00:00.123 +0000 UTC");
  EXPECT_EQ(TimeString(Parse("2024-03-01T09:00:00+02:00")),
            "2024-03-01 09:00:00 +0200 +0200");
  EXPECT_EQ(TimeString(Parse("2024-03-01T09:00:00+00:00")),
            "2024-03-01 09:00:00 +0000 UTC");
  EXPECT_EQ(TimeString(GoTime()), "0001-01-01 00:00:00 +0000 UTC");
  EXPECT_TRUE(Parse("0001-01-01T00:00:00Z").IsZero());
  EXPECT_EQ(TimeString(GoTime::FromUnixMilli(-1500)),
            "1969-12-31 23:59:58.5 +0000 UTC");
  EXPECT_EQ(TimeString(GoTime::FromUnixNano(1)),
            "1970-01-01 00:00:00.000000001 +0000 UTC");
}

TEST(ParseRFC3339Test, RejectsMalformed) {
  EXPECT_FALSE(ParseRFC3339("2024-03-01").ok());
  EXPECT_FALSE(ParseRFC3339("2024-13-01T00:00:00Z").ok());
  EXPECT_FALSE(ParseRFC3339("2024-03-01T00:00:00").ok());
  EXPECT_FALSE(ParseRFC3339("2024-03-01T00:00:00.Z").ok());
  EXPECT_EQ(Parse("2024-03-01T00:00:00.5-01:30").UnixNano(),
            (1709251200LL + 5400) * 1000000000 + 500000000);
}

TEST(DurationTextTest, GoDurationString) {
  EXPECT_EQ(DurationText(0), "0s");
  EXPECT_EQ(DurationText(1), "1ns");
  EXPECT_EQ(DurationText(1500), "1.5\xC2\xB5s");
  EXPECT_EQ(DurationText(1500000), "1.5ms");
  EXPECT_EQ(DurationText(16200000000000), "4h30m0s");
  EXPECT_EQ(DurationText(-90500000000), "-1m30.5s");
  EXPECT_EQ(DurationText(3600000000000 * 50), "50h0m0s");
}

}  // namespace
}  // namespace tocsin::tmpl
