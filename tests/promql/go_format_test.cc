#include "promql/go_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tocsin::promql {
namespace {

struct FloatCase {
  double in;
  const char* f;  // strconv.FormatFloat(in, 'f', -1, 64)
  const char* g;  // strconv.FormatFloat(in, 'g', -1, 64) == fmt %v
};

TEST(GoFormat, Floats) {
  const double inf = std::numeric_limits<double>::infinity();
  const FloatCase cases[] = {
      {0, "0", "0"},
      {-0.0, "-0", "-0"},
      {1, "1", "1"},
      {-1.5, "-1.5", "-1.5"},
      {0.1, "0.1", "0.1"},
      {1.0 / 3, "0.3333333333333333", "0.3333333333333333"},
      {16.666666666666668, "16.666666666666668", "16.666666666666668"},
      {123456, "123456", "123456"},
      {1234567, "1234567", "1.234567e+06"},
      {1e6, "1000000", "1e+06"},
      {1e21, "1000000000000000000000", "1e+21"},
      {1e23, "100000000000000000000000", "1e+23"},
      {1.7976931348623157e308,
       "179769313486231570000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000",
       "1.7976931348623157e+308"},
      {5e-324,
       "0.0000000000000000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000000000000000000000000"
       "000000000000000000000000000000000000000000000000000000000000000000"
       "00000000000000000000000000000000000000000000000000000000000005",
       "5e-324"},
      {0.0001, "0.0001", "0.0001"},
      {0.00001, "0.00001", "1e-05"},
      {1.5e-7, "0.00000015", "1.5e-07"},
      {1e100, nullptr, "1e+100"},
      {5e-324, nullptr, "5e-324"},
      {inf, "+Inf", "+Inf"},
      {-inf, "-Inf", "-Inf"},
      {std::nan(""), "NaN", "NaN"},
  };
  for (const auto& c : cases) {
    if (c.f) {
      EXPECT_EQ(FormatFloatF(c.in), c.f) << c.in;
    }
    EXPECT_EQ(FormatFloatG(c.in), c.g) << c.in;
  }
}

TEST(GoFormat, Quote) {
  const std::pair<std::string, std::string> cases[] = {
      {"", R"("")"},
      {"abc", R"("abc")"},
      {"a\"b\\c", R"("a\"b\\c")"},
      {"\n\t\r\a\b\f\v", R"("\n\t\r\a\b\f\v")"},
      {std::string("\x01\x7f", 2), R"("\x01\x7f")"},
      {"\xff", R"("\xff")"},
      {"héllo ☺", "\"héllo ☺\""},
      {"\u2028", R"("\u2028")"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(GoQuote(in), want) << in;
}

TEST(GoFormat, QuotePromQLStringEscapesTheReplacementCharacter) {
  EXPECT_EQ(GoQuote("a\xef\xbf\xbd"), "\"a\xef\xbf\xbd\"");
  EXPECT_EQ(QuotePromQLString("a\xef\xbf\xbd"), R"("a\ufffd")");
  EXPECT_EQ(QuotePromQLString("\xef\xbf\xbd\xef\xbf\xbd\n"),
            R"("\ufffd\ufffd\n")");
  // An invalid byte stays \xNN, as GoQuote writes it.
  EXPECT_EQ(QuotePromQLString("\xef\xbf"), R"("\xef\xbf")");
  EXPECT_EQ(QuotePromQLString("plain"), GoQuote("plain"));
}

TEST(GoFormat, Unquote) {
  const std::pair<std::string, std::optional<std::string>> cases[] = {
      {R"("abc")", "abc"},
      {R"('abc')", "abc"},
      {"`a\\nb`", "a\\nb"},
      {R"("a\nb")", "a\nb"},
      {R"("\x41\101\u263a\U0001F600")", "AA☺😀"},
      {R"('a"b')", "a\"b"},
      {R"("a'b")", "a'b"},
      {R"('a\'b')", "a'b"},
      {R"("a\'b")", std::nullopt},
      {R"("abc)", std::nullopt},
      {R"("a"b")", std::nullopt},
      {R"("\q")", std::nullopt},
      {"\"a\nb\"", std::nullopt},
      {R"("\400")", std::nullopt},
      {"`a`b`", std::nullopt},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(GoUnquote(in), want) << in;
}

}  // namespace
}  // namespace tocsin::promql
