#include "promql/number_text.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tocsin::promql {
namespace {

TEST(NumberText, TextFloat) {
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
      {"Inf", INFINITY},
      {"+inf", INFINITY},
      {"-Infinity", -INFINITY},
      // Out of range, hexadecimal and underscores: errors, as the text
      // exposition parser gives.
      {"1e400", std::nullopt},
      {"-1e400", std::nullopt},
      {"0x1p4", std::nullopt},
      {"0x10", std::nullopt},
      {"1_000", std::nullopt},
      {"", std::nullopt},
      {".", std::nullopt},
      {"1e", std::nullopt},
      {"1.2.3", std::nullopt},
      {"+NaN", std::nullopt},
      {"abc", std::nullopt},
      {"1 ", std::nullopt},
      {"--1", std::nullopt},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ParseTextFloat(c.in), c.want) << c.in;
  }
  EXPECT_TRUE(std::isnan(*ParseTextFloat("NaN")));
  EXPECT_TRUE(std::isnan(*ParseTextFloat("nan")));
}

TEST(NumberText, NumbersTryIntegersFirst) {
  struct Case {
    const char* in;
    std::optional<double> want;
  };
  const Case cases[] = {
      {"0", 0},
      {"42", 42},
      {"-42", -42},
      {"010", 8},  // octal
      {"0x1F", 31},
      {"0o17", 15},
      {"0b101", 5},
      {"1_000", 1000},
      {"08", 8},  // not octal: read as a float
      {"1.5", 1.5},
      {"0x1p-2", 0.25},
      {"9223372036854775807", 9223372036854775807.0},
      {"1e400", std::nullopt},
      {"x", std::nullopt},
      {"", std::nullopt},
  };
  for (const Case& c : cases) {
    Result<double> got = ParseNumber(c.in);
    ASSERT_EQ(got.ok(), c.want.has_value()) << c.in;
    if (got.ok()) {
      EXPECT_EQ(*got, *c.want) << c.in;
    }
  }
  EXPECT_EQ(ParseNumber("x").status().message(),
            "error parsing number: strconv.ParseFloat: parsing \"x\": invalid "
            "syntax");
  EXPECT_EQ(ParseNumber("1e400").status().message(),
            "error parsing number: strconv.ParseFloat: parsing \"1e400\": "
            "value out of range");
}

}  // namespace
}  // namespace tocsin::promql
