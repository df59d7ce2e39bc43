// Go's strconv behaviours behind template formatting. Float expectations
// are Go 1.19's (printf %v %.3e %.10f %.5g %.17g %.0f %E, checked with
// amtool).

#include "go/strconv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>

namespace tocsin::go {
namespace {

struct FloatCase {
  double v;
  std::string shortest_g, e3, f10, g5, g17, f0, upper_e;
};

class FormatFloatTest : public testing::TestWithParam<FloatCase> {};

TEST_P(FormatFloatTest, MatchesGo) {
  const FloatCase& c = GetParam();
  EXPECT_EQ(FormatFloat(c.v, 'g', -1), c.shortest_g);
  EXPECT_EQ(FormatFloat(c.v, 'e', 3), c.e3);
  EXPECT_EQ(FormatFloat(c.v, 'f', 10), c.f10);
  EXPECT_EQ(FormatFloat(c.v, 'g', 5), c.g5);
  EXPECT_EQ(FormatFloat(c.v, 'g', 17), c.g17);
  EXPECT_EQ(FormatFloat(c.v, 'f', 0), c.f0);
  EXPECT_EQ(FormatFloat(c.v, 'E', 6), c.upper_e);
}

INSTANTIATE_TEST_SUITE_P(
    Values, FormatFloatTest,
    testing::Values(
        FloatCase{0.1, "0.1", "1.000e-01", "0.1000000000", "0.1",
                  "0.10000000000000001", "0", "1.000000E-01"},
        FloatCase{1.0 / 3, "0.3333333333333333", "3.333e-01", "0.3333333333",
                  "0.33333", "0.33333333333333331", "0", "3.333333E-01"},
        FloatCase{2.0 / 3, "0.6666666666666666", "6.667e-01", "0.6666666667",
                  "0.66667", "0.66666666666666663", "1", "6.666667E-01"},
        FloatCase{5e-324, "5e-324", "4.941e-324", "0.0000000000", "4.9407e-324",
                  "4.9406564584124654e-324", "0", "4.940656E-324"},
        FloatCase{123456789.0, "1.23456789e+08", "1.235e+08",
                  "123456789.0000000000", "1.2346e+08", "123456789",
                  "123456789", "1.234568E+08"},
        FloatCase{0.000012345, "1.2345e-05", "1.234e-05", "0.0000123450",
                  "1.2345e-05", "1.2345e-05", "0", "1.234500E-05"},
        FloatCase{100, "100", "1.000e+02", "100.0000000000", "100", "100",
                  "100", "1.000000E+02"},
        FloatCase{1e20, "1e+20", "1.000e+20",
                  "100000000000000000000.0000000000", "1e+20", "1e+20",
                  "100000000000000000000", "1.000000E+20"},
        FloatCase{12345678.9, "1.23456789e+07", "1.235e+07",
                  "12345678.9000000004", "1.2346e+07", "12345678.9", "12345679",
                  "1.234568E+07"},
        FloatCase{2.5, "2.5", "2.500e+00", "2.5000000000", "2.5", "2.5", "2",
                  "2.500000E+00"},
        FloatCase{-1.5e-10, "-1.5e-10", "-1.500e-10", "-0.0000000001",
                  "-1.5e-10", "-1.5e-10", "-0", "-1.500000E-10"}));

TEST(FormatFloatTest, HugeAndSpecialValues) {
  EXPECT_EQ(FormatFloat(1e100, 'f', 0),
            "100000000000000001590289110975991804683608085639452813897813275"
            "57747838772170381060813469985856815104");
  EXPECT_EQ(FormatFloat(std::numeric_limits<double>::max(), 'g', -1),
            "1.7976931348623157e+308");
  EXPECT_EQ(FormatFloat(std::nan(""), 'g', 4), "NaN");
  EXPECT_EQ(FormatFloat(HUGE_VAL, 'f', 2), "+Inf");
  EXPECT_EQ(FormatFloat(-HUGE_VAL, 'e', -1), "-Inf");
  EXPECT_EQ(FormatFloat(0, 'e', -1), "0e+00");
  EXPECT_EQ(FormatFloat(-0.0, 'g', -1), "-0");
  EXPECT_EQ(FormatFloat(100000, 'g', 4), "1e+05");
  EXPECT_EQ(FormatFloat(1234.5, 'g', 4), "1234");
  EXPECT_EQ(FormatFloat(1, 'g', 0), "1");
  EXPECT_EQ(FormatFloat(1e21, 'g', -1), "1e+21");
  EXPECT_EQ(FormatFloat(16.666666666666668, 'g', -1), "16.666666666666668");
}

TEST(FormatIntTest, Bases) {
  EXPECT_EQ(FormatInt(-255, 16), "-ff");
  EXPECT_EQ(FormatInt(std::numeric_limits<int64_t>::min(), 10),
            "-9223372036854775808");
  EXPECT_EQ(FormatUint(5, 2), "101");
  EXPECT_EQ(FormatUint(0, 36), "0");
}

TEST(QuoteTest, Escapes) {
  EXPECT_EQ(Quote("a\"b\\c\n\t\x01\x7f"), "\"a\\\"b\\\\c\\n\\t\\x01\\x7f\"");
  EXPECT_EQ(Quote("\xC3\xA9\xE2\x80\x8B"), "\"\xC3\xA9\\u200b\"");
  EXPECT_EQ(Quote("\xFF"), "\"\\xff\"");
  EXPECT_EQ(QuoteToASCII("\xC3\xA9\xF0\x9F\x98\x80"), "\"\\u00e9\\U0001f600\"");
  EXPECT_EQ(QuoteRune('\''), "'\\''");
  EXPECT_EQ(QuoteRune('"'), "'\"'");
  EXPECT_TRUE(CanBackquote("a b\tc"));
  EXPECT_FALSE(CanBackquote("a`b"));
  EXPECT_FALSE(CanBackquote("a\nb"));
}

TEST(ParseFloatTest, GoSyntaxAndErrors) {
  EXPECT_EQ(*ParseFloat("1_000.5"), 1000.5);
  EXPECT_EQ(*ParseFloat("0x1p-2"), 0.25);
  EXPECT_EQ(*ParseFloat("-Inf"), -HUGE_VAL);
  EXPECT_EQ(*ParseFloat("infinity"), HUGE_VAL);
  EXPECT_TRUE(std::isnan(*ParseFloat("NaN")));
  EXPECT_EQ(*ParseFloat("1e-400"), 0.0);
  EXPECT_EQ(ParseFloat("abc").status().message(),
            "strconv.ParseFloat: parsing \"abc\": invalid syntax");
  EXPECT_EQ(ParseFloat("1e400").status().message(),
            "strconv.ParseFloat: parsing \"1e400\": value out of range");
  EXPECT_FALSE(ParseFloat("").ok());
  EXPECT_FALSE(ParseFloat("1_").ok());
  EXPECT_FALSE(ParseFloat("+nan").ok());
  EXPECT_FALSE(ParseFloat("0x1").ok());
}

TEST(ParseIntTest, BasePrefixes) {
  EXPECT_EQ(*ParseInt("0x1F"), 31);
  EXPECT_EQ(*ParseInt("017"), 15);
  EXPECT_EQ(*ParseInt("0o17"), 15);
  EXPECT_EQ(*ParseInt("-0b101"), -5);
  EXPECT_EQ(*ParseInt("1_000"), 1000);
  EXPECT_FALSE(ParseInt("089").ok());
  EXPECT_FALSE(ParseInt("_1").ok());
  EXPECT_EQ(ParseInt("9223372036854775808").status().message(),
            "strconv.ParseInt: parsing \"9223372036854775808\": value out of "
            "range");
  EXPECT_EQ(*ParseInt("-9223372036854775808"),
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(*ParseUint("18446744073709551615"),
            std::numeric_limits<uint64_t>::max());
}

TEST(UnquoteTest, Literals) {
  EXPECT_EQ(*Unquote("\"a\\tb\\u00e9\""), "a\tb\xC3\xA9");
  EXPECT_EQ(*Unquote("`a\\t\r\nb`"), "a\\t\nb");
  EXPECT_FALSE(Unquote("\"a\\'\"").ok());
  EXPECT_EQ(*UnquoteCharLiteral("'a'"), 'a');
  EXPECT_EQ(*UnquoteCharLiteral("'\\n'"), '\n');
  EXPECT_EQ(*UnquoteCharLiteral("'\\x41'"), 0x41);
  EXPECT_EQ(*UnquoteCharLiteral("'\\u00e9'"), 0xE9);
  EXPECT_EQ(*UnquoteCharLiteral("'\xC3\xA9'"), 0xE9);
  EXPECT_EQ(*UnquoteCharLiteral("'\\101'"), 'A');
  EXPECT_EQ(UnquoteCharLiteral("'ab'").status().message(),
            "malformed character constant: 'ab'");
  EXPECT_EQ(UnquoteCharLiteral("'\\q'").status().message(), "invalid syntax");
  EXPECT_FALSE(UnquoteCharLiteral("'\\\"'").ok());
}

constexpr double kInf = std::numeric_limits<double>::infinity();
const double kNaN = std::numeric_limits<double>::quiet_NaN();

struct ParseCase {
  const char* text;
  std::optional<double> want;
};

class ParseFloatTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseFloatTest, AcceptsWhatGoAccepts) {
  const ParseCase& c = GetParam();
  Result<double> got = ParseFloat(c.text);
  ASSERT_EQ(got.ok(), c.want.has_value()) << '"' << c.text << '"';
  if (got.ok()) {
    bool same =
        std::isnan(*c.want)
            ? std::isnan(*got)
            : *c.want == *got && std::signbit(*c.want) == std::signbit(*got);
    EXPECT_TRUE(same) << c.text;
  }
}

// Accepted values were confirmed with Prometheus 2.42 through
// histogram_quantile over buckets with these `le` values (ParseFloat reads
// `le`).
INSTANTIATE_TEST_SUITE_P(
    Valid, ParseFloatTest,
    ::testing::Values(
        ParseCase{"1", 1}, ParseCase{"+1", 1}, ParseCase{"-0", -0.0},
        ParseCase{".5", 0.5}, ParseCase{"5.", 5}, ParseCase{"1e308", 1e308},
        ParseCase{"1e-320", 1e-320}, ParseCase{"1e-400", 0},
        ParseCase{"4.9e-324", 4.9e-324}, ParseCase{"1_0", 10},
        ParseCase{"1e1_0", 1e10}, ParseCase{"1e+1_0", 1e10},
        ParseCase{"0x_1_2p0", 18}, ParseCase{"0x1p-1080", 0},
        ParseCase{"0x.8p1", 1}, ParseCase{"0x1P2", 4}, ParseCase{"0X1p2", 4},
        ParseCase{"0x1p1_0", 1024}, ParseCase{"0x1.8p1", 3},
        ParseCase{"0x1.fffffffffffffp1023", 1.7976931348623157e308},
        ParseCase{"inf", kInf}, ParseCase{"+inf", kInf},
        ParseCase{"-INF", -kInf}, ParseCase{"Infinity", kInf},
        ParseCase{"+InFiNiTy", kInf}, ParseCase{"nan", kNaN},
        ParseCase{"NaN", kNaN}));

INSTANTIATE_TEST_SUITE_P(
    Invalid, ParseFloatTest,
    ::testing::Values(
        ParseCase{"", std::nullopt}, ParseCase{"+", std::nullopt},
        ParseCase{"-", std::nullopt}, ParseCase{".", std::nullopt},
        ParseCase{"e1", std::nullopt}, ParseCase{"1e", std::nullopt},
        ParseCase{"1e+", std::nullopt}, ParseCase{"1.2.3", std::nullopt},
        ParseCase{"  1", std::nullopt}, ParseCase{"1 ", std::nullopt},
        ParseCase{"1d", std::nullopt}, ParseCase{"_1", std::nullopt},
        ParseCase{"1_", std::nullopt}, ParseCase{"1__0", std::nullopt},
        ParseCase{"1_.5", std::nullopt}, ParseCase{"1._5", std::nullopt},
        ParseCase{"0x", std::nullopt}, ParseCase{"0x1", std::nullopt},
        ParseCase{"0x1e", std::nullopt}, ParseCase{"00x1p0", std::nullopt},
        ParseCase{"0b101", std::nullopt}, ParseCase{"0o17", std::nullopt},
        ParseCase{"1e0x1", std::nullopt}, ParseCase{"infinit", std::nullopt},
        ParseCase{"+nan", std::nullopt}, ParseCase{"-nan", std::nullopt},
        // Out of range (Go's ErrRange).
        ParseCase{"1e309", std::nullopt}, ParseCase{"-1e309", std::nullopt},
        ParseCase{"0x1p1024", std::nullopt}));

}  // namespace
}  // namespace tocsin::go
