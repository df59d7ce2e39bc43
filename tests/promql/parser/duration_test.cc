// Prometheus durations (model.Duration): parsing and printing.

#include <gtest/gtest.h>

#include "promql/parser/parser.h"

namespace tocsin::promql {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

TEST(DurationTest, Parses) {
  struct {
    const char* input;
    int64_t ms;
  } cases[] = {
      {"0", 0},
      {"0s", 0},
      {"10ms", 10},
      {"1s", kSecond},
      {"5m", 5 * kMinute},
      {"1h30m", kHour + 30 * kMinute},
      {"90m", 90 * kMinute},
      {"1d", kDay},
      {"1w", 7 * kDay},
      {"1y", 365 * kDay},
      {"1y2w3d4h5m6s7ms", 365 * kDay + 14 * kDay + 3 * kDay + 4 * kHour +
                              5 * kMinute + 6 * kSecond + 7},
      {"1m1ms", kMinute + 1},
      {"007s", 7 * kSecond},
      {"292y", 292 * 365 * kDay},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto d = ParseDuration(c.input);
    ASSERT_TRUE(d.ok()) << d.status().message();
    EXPECT_EQ(*d, c.ms);
  }
}

TEST(DurationTest, Rejects) {
  struct {
    const char* input;
    const char* error;
  } cases[] = {
      {"", "empty duration string"},
      {"x", "not a valid duration string: \"x\""},
      {"5", "not a valid duration string: \"5\""},
      {"1.5h", "not a valid duration string: \"1.5h\""},
      {"5m1h", "not a valid duration string: \"5m1h\""},
      {"1h1h", "not a valid duration string: \"1h1h\""},
      {"-5m", "not a valid duration string: \"-5m\""},
      {"5M", "not a valid duration string: \"5M\""},
      {"1hs", "not a valid duration string: \"1hs\""},
      {"5m ", "not a valid duration string: \"5m \""},
      {"300y", "duration out of range"},
      {"200y200y", "not a valid duration string: \"200y200y\""},
      {"200y5000w", "duration out of range"},
      {"99999999999999999999s", "duration out of range"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    auto d = ParseDuration(c.input);
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.status().message(), c.error);
  }
}

TEST(DurationTest, Formats) {
  struct {
    int64_t ms;
    const char* text;
  } cases[] = {
      {0, "0s"},
      {1, "1ms"},
      {999, "999ms"},
      {kSecond, "1s"},
      {1500, "1s500ms"},
      {5 * kMinute, "5m"},
      {90 * kMinute, "1h30m"},
      {kDay, "1d"},
      {7 * kDay, "1w"},
      {14 * kDay, "2w"},
      {8 * kDay, "8d"},
      {365 * kDay, "1y"},
      {366 * kDay, "366d"},
      {730 * kDay, "2y"},
      {371 * kDay, "53w"},
      {kDay + kHour + kMinute + kSecond + 1, "1d1h1m1s1ms"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(FormatDuration(c.ms), c.text);
    auto back = ParseDuration(c.text);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, c.ms);
  }
}

}  // namespace
}  // namespace tocsin::promql
