#include "notifiers/matcher.h"

#include <gtest/gtest.h>

namespace tocsin::notifiers {
namespace {

struct ParseCase {
  const char* input;
  const char* printed;  // MatchersToString of the result; nullptr: error
  const char* error;    // expected message when printed is nullptr
};

TEST(ParseMatchers, Table) {
  const ParseCase cases[] = {
      {R"({foo="bar"})", R"({foo="bar"})", nullptr},
      {R"({foo=~"bar.*"})", R"({foo=~"bar.*"})", nullptr},
      {R"({foo!="bar"})", R"({foo!="bar"})", nullptr},
      {R"({foo!~"bar.*"})", R"({foo!~"bar.*"})", nullptr},
      {R"({foo="bar", baz!="quux"})", R"({foo="bar",baz!="quux"})", nullptr},
      {R"({foo="bar",baz!~".*quux", derp="wat"})",
       R"({foo="bar",baz!~".*quux",derp="wat"})", nullptr},
      {R"(foo=bar,dings!=bums)", R"({foo="bar",dings!="bums"})", nullptr},
      {R"({foo = "bar", dings != "bums", })", R"({foo="bar",dings!="bums"})",
       nullptr},
      {R"(statuscode=~"5..")", R"({statuscode=~"5.."})", nullptr},
      {R"({quote="She said: \"Hi, ladies! That's gender-neutral…\""})",
       R"({quote="She said: \"Hi, ladies! That's gender-neutral…\""})",
       nullptr},
      {R"(foo=)", R"({foo=""})", nullptr},
      {R"(foo="")", R"({foo=""})", nullptr},
      {R"({foo=bar}})", R"({foo="bar}"})", nullptr},
      {R"(trickier==\\=\=\")", R"({trickier="=\\=\\=\""})", nullptr},
      {R"(trickier==\\=\=\"")", nullptr,
       R"(matcher value contains unescaped double quote: =\\=\=\"")"},
      {R"(contains_quote != "\"" , contains_comma !~ "foo,bar" , )",
       R"({contains_quote!="\"",contains_comma!~"foo,bar"})", nullptr},
      {R"(union=~"foo|bar")", R"({union=~"foo|bar"})", nullptr},
      {R"(nl="a\nb")", R"({nl="a\nb"})", nullptr},
      {R"(literal_backslash="a\b")", R"({literal_backslash="a\\b"})", nullptr},
      {R"(trailing_backslash=a\)", R"({trailing_backslash="a\\"})", nullptr},
      {R"(job="value", job="value")", R"({job="value",job="value"})", nullptr},
      {R"(a:b="c")", R"({a:b="c"})", nullptr},
      {R"({})", R"({})", nullptr},
      {R"({}  )", nullptr, "bad matcher format: }"},
      {R"(foo=~"invalid[regexp")", nullptr,
       "error parsing regexp: missing closing ]: `[regexp)$`"},
      {R"(foo=~"bar)", nullptr,
       R"(matcher value contains unescaped double quote: "bar)"},
      {R"(foo="bar"baz")", nullptr,
       R"(matcher value contains unescaped double quote: "bar"baz")"},
      {R"(foo=bar")", nullptr,
       R"(matcher value contains unescaped double quote: bar")"},
      {R"(1foo="bar")", nullptr, R"(bad matcher format: 1foo="bar")"},
      {R"(foo)", nullptr, R"(bad matcher format: foo)"},
      {R"(foo==~bar)", R"({foo="=~bar"})", nullptr},
      // ParseMatchers reads runes as Go does: an invalid byte becomes U+FFFD.
      {"foo=\"\xff\"", "{foo=\"\xEF\xBF\xBD\"}", nullptr},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.input);
    auto ms = ParseMatchers(c.input);
    if (c.printed == nullptr) {
      ASSERT_FALSE(ms.ok());
      EXPECT_EQ(ms.status().message(), c.error);
      continue;
    }
    ASSERT_TRUE(ms.ok()) << ms.status().message();
    EXPECT_EQ(MatchersToString(*ms), c.printed);
  }
}

TEST(ParseMatcher, RejectsInvalidUtf8) {
  auto m = ParseMatcher("foo=\"\xff\"");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().message(), "matcher value not valid UTF-8: \"\xff\"");
}

TEST(Matcher, MatchesAnchoredAndAbsentLabels) {
  auto labels = promql::Labels{{"job", "api-server"}, {"env", "prod"}};
  struct Case {
    const char* matcher;
    bool matches;
  };
  const Case cases[] = {
      {R"(job="api-server")", true}, {R"(job=~"api.*")", true},
      {R"(job=~"server")", false},   {R"(job!~"api")", true},
      {R"(missing="")", true},       {R"(missing=~".*")", true},
      {R"(missing!="")", false},     {R"(env!="prod")", false},
      {R"(env=~"prod|dev")", true},  {R"(env=~"PROD")", false},
      {R"(env=~"(?i)PROD")", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.matcher);
    auto m = ParseMatcher(c.matcher);
    ASSERT_TRUE(m.ok()) << m.status().message();
    EXPECT_EQ(m->Matches(labels), c.matches);
  }
}

TEST(Matcher, SortOrderIsNameValueType) {
  auto ms = ParseMatchers(R"(b="1", a!="2", a="2", a="1", a=~"2")");
  ASSERT_TRUE(ms.ok());
  SortMatchers(*ms);
  EXPECT_EQ(MatchersToString(*ms), R"({a="1",a="2",a!="2",a=~"2",b="1"})");
}

TEST(Matcher, LabelNamesAndUtf8) {
  EXPECT_TRUE(ValidLabelName("a_b9"));
  EXPECT_TRUE(ValidLabelName("_x"));
  EXPECT_FALSE(ValidLabelName("9a"));
  EXPECT_FALSE(ValidLabelName("a-b"));
  EXPECT_FALSE(ValidLabelName("a:b"));
  EXPECT_FALSE(ValidLabelName(""));
  EXPECT_TRUE(ValidUtf8("h\xc3\xa9"));
  EXPECT_FALSE(ValidUtf8("\xc3"));
  EXPECT_FALSE(ValidUtf8("\xed\xa0\x80"));  // a surrogate
  EXPECT_EQ(OpenMetricsEscape("a\"b\\c\nd\te"), "a\\\"b\\\\c\\nd\te");
}

}  // namespace
}  // namespace tocsin::notifiers
