// Go's fmt verbs over template values. Expected strings are what Go 1.19
// prints (checked with amtool's template renderer).

#include "template/go_fmt.h"

#include <gtest/gtest.h>

#include "template/alertmanager.h"

namespace tocsin::tmpl {
namespace {

Value S(std::string s) { return Value::String(std::move(s)); }
Value I(int64_t i) { return Value::Int(i); }
Value F(double f) { return Value::Float(f); }
Value B(bool b) { return Value::Bool(b); }

struct SprintfCase {
  std::string format;
  std::vector<Value> args;
  std::string want;
};

class SprintfTest : public testing::TestWithParam<SprintfCase> {};

TEST_P(SprintfTest, FormatsLikeGo) {
  const SprintfCase& c = GetParam();
  EXPECT_EQ(Sprintf(c.format, c.args), c.want) << c.format;
}

INSTANTIATE_TEST_SUITE_P(
    Verbs, SprintfTest,
    testing::Values(
        SprintfCase{"%s|%d|%v|%t|%q|%%",
                    {S("s"), I(42), F(1.5), B(true), S("q\"")},
                    "s|42|1.5|true|\"q\\\"\"|%"},
        SprintfCase{
            "%6.2f|%-8.3e|%+g|%#o|%x|% x|%#v",
            {F(3.14159), F(1234.5), F(5), I(8), S("h\xC3\xA9"), I(-1), S("s")},
            "  3.14|1.234e+03|+5|010|68c3a9|-1|\"s\""},
        SprintfCase{
            "%.3s|%.0f|%.1f|%.1f|%.1f|%.0f|%.0f",
            {S("abcdef"), F(0.5), F(0.05), F(0.25), F(0.35), F(1.5), F(2.5)},
            "abc|0|0.1|0.2|0.3|2|2"},
        SprintfCase{
            "%e|%.0e|%g|%g|%g|%g|%G",
            {F(0), F(5), F(1e-4), F(1e-5), F(123456), F(1234567), F(1e-7)},
            "0.000000e+00|5e+00|0.0001|1e-05|123456|1.234567e+06|1E-07"},
        SprintfCase{
            "%d|%5d|%-5d|%05d|%x|%o|%b|%c|%U",
            {I(-42), I(-42), I(-42), I(-42), I(-42), I(-42), I(-42), I(9731),
             I(9731)},
            "-42|  -42|-42  |-0042|-2a|-52|-101010|\xE2\x98\x83|U+2603"},
        SprintfCase{"%t|%v|%5t|%d",
                    {B(true), B(false), B(true), B(true)},
                    "true|false| true|%!d(bool=true)"},
        SprintfCase{"%q|%x|%X",
                    {F(0.5), F(1.5), F(1.5)},
                    "%!q(float64=0.5)|0x1.8p+00|0X1.8P+00"},
        SprintfCase{"%!|%z", {I(1)}, "%!!(int=1)|%!z(MISSING)"},
        SprintfCase{"%v %v %v %v",
                    {F(1e-7), F(123456789012.0), F(0.000123), F(-0.0)},
                    "1e-07 1.23456789012e+11 0.000123 -0"},
        SprintfCase{"%08.3f|%-08.3f|%+08.3f|% 8.3f|%8.3v",
                    {F(-3.5), F(3.5), F(3.5), F(3.5), F(3.5)},
                    "-003.500|3.500   |+003.500|   3.500|     3.5"},
        SprintfCase{"%.2v|%10v|%-10v|",
                    {F(3.14159), S("x"), F(2.5)},
                    "3.1|         x|2.5       |"},
        SprintfCase{"%s %d", {S("a")}, "a %!d(MISSING)"},
        SprintfCase{"%s",
                    {S("a"), I(1), F(2.5), S("b"), Value()},
                    "a%!(EXTRA int=1, float64=2.5, string=b, <nil>)"},
        SprintfCase{"abc%", {}, "abc%!(NOVERB)"},
        SprintfCase{"[%*d][%-*d][%.*f]",
                    {I(5), I(42), I(5), I(42), I(2), F(3.14159)},
                    "[   42][42   ][3.14]"},
        SprintfCase{"%*d", {S("x"), I(42)}, "%!(BADWIDTH)42"},
        SprintfCase{"%[2]s %[1]s %[3]d", {S("a"), S("b"), I(1)}, "b a 1"},
        SprintfCase{"%[5]s", {S("a")}, "%!s(BADINDEX)"},
        SprintfCase{"%d %v %s",
                    {Value(), Value(), Value()},
                    "%!d(<nil>) <nil> %!s(<nil>)"},
        SprintfCase{"%#g %#.3g %#f %#v",
                    {F(1), F(1), F(1), F(1)},
                    "1.00000 1.00 1.000000 1"},
        SprintfCase{"[%5s][%-4s]",
                    {S("\xC3\xA9"), S("\xE6\x97\xA5\xE6\x9C\xAC")},
                    "[    \xC3\xA9][\xE6\x97\xA5\xE6\x9C\xAC  ]"},
        SprintfCase{"%x %X % x %#x %.2s %5.1s %+q %#q",
                    {S("hi"), S("hi"), S("hi"), S("hi"), S("hello"), S("hello"),
                     S("\xC3\xA9"), S("a`b")},
                    "6869 6869 68 69 0x6869 he     h \"\\u00e9\" \"a`b\""},
        SprintfCase{"%v %v %v",
                    {F(1.0 / 0.0), F(-1.0 / 0.0), F(0.0 / 0.0)},
                    "+Inf -Inf NaN"},
        SprintfCase{"%5.1f|%-6v|%06.2f",
                    {F(-1.0 / 0.0), F(0.0 / 0.0), F(1.0 / 0.0)},
                    " -Inf|NaN   |  +Inf"}));

TEST(SprintTest, SpacesBetweenNonStrings) {
  std::vector<Value> args = {I(1), I(2),    S("a"), S("b"),
                             I(3), B(true), Value()};
  EXPECT_EQ(Sprint(args), "1 2ab3 true <nil>");
  EXPECT_EQ(Sprintln(args), "1 2 a b 3 true <nil>\n");
}

TEST(SprintTest, Composites) {
  Value kv = KVValue({{"b", "2"}, {"a", "1"}});
  Value list = Value::StringList({"x", "y"});
  Value pair = Value::Struct(PairType(), {S("n"), S("v")});
  std::vector<Value> args = {kv, list, pair};
  EXPECT_EQ(Sprint(args), "map[a:1 b:2] [x y] {n v}");
  EXPECT_EQ(Sprintf("%+v|%d|%T|%T", std::vector<Value>{pair, list, kv, list}),
            "{Name:n Value:v}|[%!d(string=x) %!d(string=y)]|template.KV|"
            "[]string");
}

TEST(SprintTest, StringerTypes) {
  GoTime t = GoTime::FromUnixMilli(1709287200123);
  Value v = TimeValue(t);
  std::string out;
  AppendPrint(out, v);
  EXPECT_EQ(out, "2024-03-01 10:00:00.123 +0000 UTC");
  EXPECT_EQ(Sprintf("%q", std::vector<Value>{v}),
            "\"2024-03-01 10:00:00.123 +0000 UTC\"");
}

TEST(SprintTest, PointersPrintWithAmpersandUnlessIndirected) {
  AmData d;
  d.receiver = "r";
  d.status = "firing";
  Value v = AmDataValue(d, /*pointer=*/true);
  std::string direct, indirect;
  AppendPrint(direct, v);
  AppendPrintIndirect(indirect, v);
  EXPECT_EQ(direct, "&{r firing [] map[] map[] map[] }");
  EXPECT_EQ(indirect, "{r firing [] map[] map[] map[] }");
}

}  // namespace
}  // namespace tocsin::tmpl
