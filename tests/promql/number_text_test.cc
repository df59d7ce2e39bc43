#include "promql/number_text.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tocsin::promql {
namespace {

TEST(NumberText, GoFloat) {
  struct Case {
    const char* in;
    std::optional<double> want;
  };
  const Case cases[] = {
      {"1", 1},
      {"-2.5e3", -2500},
      {".5", 0.5},
      {"5.", 5},
      {"+0.2", 0.2},
      {"1e-400", 0},
      {"1e400", INFINITY},
      {"-1e400", -INFINITY},
      {"Inf", INFINITY},
      {"+inf", INFINITY},
      {"-Infinity", -INFINITY},
      {"", std::nullopt},
      {".", std::nullopt},
      {"1e", std::nullopt},
      {"1.2.3", std::nullopt},
      {"0x10", std::nullopt},
      {"+NaN", std::nullopt},
      {"abc", std::nullopt},
      {"1 ", std::nullopt},
      {"--1", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseGoFloat(c.in), c.want) << c.in;
  }
  EXPECT_TRUE(std::isnan(*ParseGoFloat("NaN")));
  EXPECT_TRUE(std::isnan(*ParseGoFloat("nan")));
}

TEST(NumberText, GoIntBaseZero) {
  struct Case {
    const char* in;
    std::optional<int64_t> want;
  };
  const Case cases[] = {
      {"0", 0},
      {"42", 42},
      {"-42", -42},
      {"010", 8},
      {"0x1F", 31},
      {"0o17", 15},
      {"0b101", 5},
      {"1_000", 1000},
      {"0x_1", 1},
      {"9223372036854775807", INT64_MAX},
      {"-9223372036854775808", INT64_MIN},
      {"9223372036854775808", std::nullopt},
      {"08", std::nullopt},
      {"1__0", std::nullopt},
      {"_1", std::nullopt},
      {"1_", std::nullopt},
      {"0x", std::nullopt},
      {"1.5", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseGoInt(c.in), c.want) << c.in;
  }
  // Test expectations fall back to floats where integers fail.
  EXPECT_EQ(ParseGoNumber("08"), 8);
  EXPECT_EQ(ParseGoNumber("010"), 8);
  EXPECT_EQ(ParseGoNumber("1.5"), 1.5);
  EXPECT_EQ(ParseGoNumber("x"), std::nullopt);
}

}  // namespace
}  // namespace tocsin::promql
