// Go string helpers: case mapping, escapers, host/port handling and regexp
// replacement. Expectations are Go 1.19's behaviour.

#include "template/go_strings.h"

#include <gtest/gtest.h>

#include "go/unicode.h"
#include "template/go_regexp.h"

namespace tocsin::tmpl {
namespace {

TEST(CaseTest, UpperLowerTitle) {
  EXPECT_EQ(ToUpper("abc \xC3\xA9 \xC3\x9F"), "ABC \xC3\x89 \xC3\x9F");
  EXPECT_EQ(ToLower("\xC3\x80"
                    "BC"),
            "\xC3\xA0"
            "bc");
  // Invalid UTF-8 becomes U+FFFD once anything is mapped.
  EXPECT_EQ(ToUpper("a\xFF"), "A\xEF\xBF\xBD");
  EXPECT_EQ(StringsTitle("hello wORLD foo_bar-baz o'neil"),
            "Hello WORLD Foo_bar-Baz O'Neil");
  EXPECT_EQ(CasesTitle("hello wORLD foo_bar foo-bar foo.bar a..b o'neil"),
            "Hello World Foo_bar Foo-Bar Foo.bar A..B O'neil");
  EXPECT_EQ(CasesTitle("instance:9090 x,y 1abc"), "Instance:9090 X,Y 1Abc");
}

TEST(EscapeTest, HTMLAndJS) {
  EXPECT_EQ(HTMLEscapeString("<a href='x'>&\"\0"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&#34;");
  EXPECT_EQ(HTMLEscapeString(std::string("a\0b", 3)),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(JSEscapeString("<a>\"'\\&=\xC3\xA9\x01"),
            "\\u003Ca\\u003E\\\"\\'\\\\\\u0026\\u003D\xC3\xA9\\u0001");
}

TEST(EscapeTest, URLs) {
  EXPECT_EQ(QueryEscape("a b&c/d?\xC3\xA9~"), "a+b%26c%2Fd%3F%C3%A9~");
  EXPECT_EQ(PathEscape("a b/c?d=e"), "a%20b%2Fc%3Fd=e");
}

TEST(HostPortTest, SplitJoinAndIP) {
  auto hp = SplitHostPort("host:9100");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "host");
  EXPECT_EQ(hp->port, "9100");
  hp = SplitHostPort("[::1]:80");
  ASSERT_TRUE(hp);
  EXPECT_EQ(hp->host, "::1");
  EXPECT_FALSE(SplitHostPort("host"));
  EXPECT_FALSE(SplitHostPort("a:b:c"));
  EXPECT_FALSE(SplitHostPort("[::1]"));
  EXPECT_FALSE(SplitHostPort("[::1]x:80"));
  EXPECT_EQ(JoinHostPort("::1", "80"), "[::1]:80");
  EXPECT_EQ(JoinHostPort("h", "80"), "h:80");
  EXPECT_TRUE(IsIP("1.2.3.4"));
  EXPECT_TRUE(IsIP("::1"));
  EXPECT_TRUE(IsIP("::ffff:1.2.3.4"));
  EXPECT_FALSE(IsIP("1.2.3.04"));
  EXPECT_FALSE(IsIP("1.2.3"));
  EXPECT_FALSE(IsIP("host.example.com"));
  EXPECT_FALSE(IsIP("fe80::1%eth0"));
}

TEST(RegexpTest, ReplaceAllExpandsLikeGo) {
  EXPECT_EQ(
      *RegexpReplaceAllString("(a)(b)?", "ab a", "[$1|$2|$3|${1}x|$1x|$$|$"),
      "[a|b||ax||$|$ [a|||ax||$|$");
  EXPECT_EQ(*RegexpReplaceAllString("x*", "abc", "-"), "-a-b-c-");
  EXPECT_EQ(*RegexpReplaceAllString("a*", "baaac", "-"), "-b-c-");
  EXPECT_EQ(*RegexpReplaceAllString("", "h\xC3\xA9", "-"), "-h-\xC3\xA9-");
  EXPECT_EQ(*RegexpReplaceAllString("(?P<host>[^:]+):(?P<port>\\d+)", "h:80",
                                    "${port}@${host}"),
            "80@h");
  EXPECT_EQ(RegexpReplaceAllString("[", "abc", "x").status().message(),
            "regexp: Compile(`[`): error parsing regexp: missing closing ]: "
            "`[`");
  EXPECT_EQ(RegexpReplaceAllString("a\n(", "x", "y").status().message(),
            "regexp: Compile(\"a\\n(\"): error parsing regexp: missing "
            "closing ): `a\n(`");
}

TEST(RegexpTest, MatchIsUnanchored) {
  EXPECT_TRUE(*RegexpMatchString("b", "abc"));
  EXPECT_FALSE(*RegexpMatchString("^b", "abc"));
  EXPECT_EQ(RegexpMatchString("a**", "x").status().message(),
            "error parsing regexp: invalid nested repetition operator: `**`");
  EXPECT_EQ(QuoteMeta("a.b+c*(d)[e]{f}|g^h$i\\j?"),
            "a\\.b\\+c\\*\\(d\\)\\[e\\]\\{f\\}\\|g\\^h\\$i\\\\j\\?");
}

TEST(UnicodeTest, ClassesAndCases) {
  EXPECT_TRUE(go::IsLetter(0xE9));
  EXPECT_TRUE(go::IsLetter(0x65E5));
  EXPECT_FALSE(go::IsLetter('1'));
  EXPECT_TRUE(go::IsDigit(0x0663));  // ARABIC-INDIC DIGIT THREE
  EXPECT_TRUE(go::IsSpace(0x2003));
  EXPECT_TRUE(go::IsSpace(0x85));
  EXPECT_FALSE(go::IsPrint(0x200B));
  EXPECT_TRUE(go::IsPrint(0x1F600));
  EXPECT_EQ(go::ToUpper(0x1C6), 0x1C4);
  EXPECT_EQ(go::ToTitle(0x1C6), 0x1C5);
  EXPECT_EQ(go::ToLower(0x1C5), 0x1C6);
  EXPECT_EQ(go::ToUpper(0x101), 0x100);  // alternating upper/lower range
  EXPECT_EQ(go::ToLower(0x100), 0x101);
  EXPECT_EQ(go::ToUpper(0x3C3), 0x3A3);
  EXPECT_EQ(go::ToLower(0x130), 'i');
  EXPECT_EQ(go::RuneCount("h\xC3\xA9\xFF"), 3u);
  EXPECT_FALSE(go::ValidUTF8("\xED\xA0\x80"));  // surrogate
  go::DecodedRune d = go::DecodeLastRune("a\xC3\xA9", 3);
  EXPECT_EQ(d.rune, 0xE9);
  EXPECT_EQ(d.size, 2);
}

}  // namespace
}  // namespace tocsin::tmpl
