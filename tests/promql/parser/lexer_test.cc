// The lexer's token stream and its errors, in expression and in series
// description mode.

#include "promql/parser/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tocsin::promql {
namespace lexer_test {

std::string TypeName(TokenType t) {
  switch (t) {
    case TokenType::kEOF:
      return "EOF";
    case TokenType::kError:
      return "ERROR";
    case TokenType::kComment:
      return "COMMENT";
    case TokenType::kIdentifier:
      return "ID";
    case TokenType::kMetricIdentifier:
      return "METRIC_ID";
    case TokenType::kNumber:
      return "NUM";
    case TokenType::kString:
      return "STR";
    case TokenType::kDuration:
      return "DUR";
    case TokenType::kLeftParen:
      return "(";
    case TokenType::kRightParen:
      return ")";
    case TokenType::kLeftBrace:
      return "{";
    case TokenType::kRightBrace:
      return "}";
    case TokenType::kLeftBracket:
      return "[";
    case TokenType::kRightBracket:
      return "]";
    case TokenType::kComma:
      return ",";
    case TokenType::kEql:
      return "=";
    case TokenType::kColon:
      return ":";
    case TokenType::kBlank:
      return "_";
    case TokenType::kTimes:
      return "TIMES";
    case TokenType::kSpace:
      return "SPACE";
    case TokenType::kAt:
      return "@";
    default:
      if (IsOperatorToken(t)) return "OP";
      if (IsAggregatorToken(t)) return "AGGR";
      if (IsKeywordToken(t)) return "KW";
      if (t == TokenType::kStart || t == TokenType::kEnd) return "PRE";
      return "?";
  }
}

// "TYPE:text@pos" for each token up to and including EOF or an error.
std::vector<std::string> Lex(std::string_view input, bool series = false) {
  Lexer lexer(input, series);
  std::vector<std::string> out;
  for (int i = 0; i < 100; ++i) {
    Token t = lexer.Next();
    out.push_back(TypeName(t.type) + ":" + std::string(t.val) + "@" +
                  std::to_string(t.pos));
    if (t.type == TokenType::kEOF || t.type == TokenType::kError) break;
  }
  return out;
}

using Tokens = std::vector<std::string>;

struct LexCase {
  const char* input;
  Tokens tokens;
  bool series = false;
};

const LexCase kCases[] = {
    {"", {"EOF:@0"}},
    {"  ", {"EOF:@2"}},
    {",", {",:,@0", "EOF:@1"}},
    {"()", {"(:(@0", "):)@1", "EOF:@2"}},
    {"1", {"NUM:1@0", "EOF:@1"}},
    {"4.23", {"NUM:4.23@0", "EOF:@4"}},
    {".3", {"NUM:.3@0", "EOF:@2"}},
    {"5.", {"NUM:5.@0", "EOF:@2"}},
    {"nan", {"NUM:nan@0", "EOF:@3"}},
    {"InF", {"NUM:InF@0", "EOF:@3"}},
    {"0x1F", {"NUM:0x1F@0", "EOF:@4"}},
    {"1e-3", {"NUM:1e-3@0", "EOF:@4"}},
    {"1E+3", {"NUM:1E+3@0", "EOF:@4"}},
    {"infinity", {"ID:infinity@0", "EOF:@8"}},
    {"5m", {"DUR:5m@0", "EOF:@2"}},
    {"1h30m", {"DUR:1h30m@0", "EOF:@5"}},
    {"10ms", {"DUR:10ms@0", "EOF:@4"}},
    {"1y2w", {"DUR:1y2w@0", "EOF:@4"}},
    {"5mm", {"ERROR:bad number or duration syntax: \"5mm\"@0"}},
    {"0o17", {"ERROR:bad number or duration syntax: \"0\"@0"}},
    {"\"a\\\"b\"", {"STR:\"a\\\"b\"@0", "EOF:@6"}},
    {"'a'", {"STR:'a'@0", "EOF:@3"}},
    {"`a\nb`", {"STR:`a\nb`@0", "EOF:@5"}},
    {"\"a\nb\"", {"ERROR:unterminated quoted string@0"}},
    {"`abc", {"ERROR:unterminated raw string@0"}},
    {"\"\\z\"", {"ERROR:unknown escape sequence U+007A 'z'@0"}},
    {"\"\\x4g\"", {"ERROR:illegal character U+0067 'g' in escape sequence@0"}},
    {"\"\\uD800\"",
     {"ERROR:escape sequence is an invalid Unicode code point@0"}},
    {"\"\\", {"ERROR:escape sequence not terminated@0"}},
    {"\"\xff\"", {"ERROR:invalid UTF-8 rune@0"}},
    {"foo", {"ID:foo@0", "EOF:@3"}},
    {"foo:bar", {"METRIC_ID:foo:bar@0", "EOF:@7"}},
    {":foo", {"METRIC_ID::foo@0", "EOF:@4"}},
    {"sum", {"AGGR:sum@0", "EOF:@3"}},
    {"COUNT_VALUES", {"AGGR:COUNT_VALUES@0", "EOF:@12"}},
    {"by", {"KW:by@0", "EOF:@2"}},
    {"group_left", {"KW:group_left@0", "EOF:@10"}},
    {"and Or UNLESS atan2",
     {"OP:and@0", "OP:Or@4", "OP:UNLESS@7", "OP:atan2@14", "EOF:@19"}},
    {"start end", {"PRE:start@0", "PRE:end@6", "EOF:@9"}},
    {"+ - * / % ^ == != < <= > >=",
     {"OP:+@0", "OP:-@2", "OP:*@4", "OP:/@6", "OP:%@8", "OP:^@10", "OP:==@12",
      "OP:!=@15", "OP:<@18", "OP:<=@20", "OP:>@23", "OP:>=@25", "EOF:@27"}},
    {"@ 10", {"@:@@0", "NUM:10@2", "EOF:@4"}},
    {"=", {"=:=@0", "EOF:@1"}},
    {"=~", {"ERROR:unexpected character after '=': '~'@0"}},
    {"!x", {"ERROR:unexpected character after '!': 'x'@0"}},
    {"!", {"ERROR:unexpected character after '!': '\xef\xbf\xbd'@0"}},
    {"~", {"ERROR:unexpected character: '~'@0"}},
    {"\xc3\xa9", {"ERROR:unexpected character: '\xc3\xa9'@0"}},
    {"# c\nfoo", {"COMMENT:# c@0", "ID:foo@4", "EOF:@7"}},
    {"{a=\"b\",c!~'d'}",
     {"{:{@0", "ID:a@1", "=:=@2", "STR:\"b\"@3", ",:,@6", "ID:c@7", "OP:!~@8",
      "STR:'d'@10", "}:}@13", "EOF:@14"}},
    {"{a=~\"b\", on!=\"\"}",
     {"{:{@0", "ID:a@1", "OP:=~@2", "STR:\"b\"@4", ",:,@7", "ID:on@9",
      "OP:!=@11", "STR:\"\"@13", "}:}@15", "EOF:@16"}},
    {"{a:b}",
     {"{:{@0", "ID:a@1", "ERROR:unexpected character inside braces: ':'@2"}},
    {"{a!b}",
     {"{:{@0", "ID:a@1",
      "ERROR:unexpected character after '!' inside braces: 'b'@2"}},
    {"{{", {"{:{@0", "ERROR:unexpected left brace '{'@1"}},
    {"{a",
     {"{:{@0", "ID:a@1", "ERROR:unexpected end of input inside braces@2"}},
    {"}", {"ERROR:unexpected character: '}'@0"}},
    {"[5m]", {"[:[@0", "DUR:5m@1", "]:]@3", "EOF:@4"}},
    {"[ 5m ]", {"[:[@0", "DUR:5m@2", "]:]@5", "EOF:@6"}},
    {"[5m:1m]", {"[:[@0", "DUR:5m@1", ":::@3", "DUR:1m@4", "]:]@6", "EOF:@7"}},
    {"[5m:]", {"[:[@0", "DUR:5m@1", ":::@3", "]:]@4", "EOF:@5"}},
    {"[5m:x]", {"[:[@0", "DUR:5m@1", ":::@3", "ERROR:unexpected colon 'x'@4"}},
    {"[5]", {"[:[@0", "ERROR:missing unit character in duration@1"}},
    {"[5x]", {"[:[@0", "ERROR:bad duration syntax: \"5\"@1"}},
    {"[[", {"[:[@0", "ERROR:missing unit character in duration@1"}},
    {"[5m[", {"[:[@0", "DUR:5m@1", "ERROR:unexpected left bracket '['@3"}},
    {"]", {"ERROR:unexpected right bracket ']'@0"}},
    {"[5m", {"[:[@0", "DUR:5m@1", "ERROR:unclosed left bracket@3"}},
    {"(", {"(:(@0", "ERROR:unclosed left parenthesis@1"}},
    {")", {"ERROR:unexpected right parenthesis ')'@1"}},
    // Series descriptions.
    {"foo 1 2",
     {"ID:foo@0", "SPACE: @3", "NUM:1@4", "SPACE: @5", "NUM:2@6", "EOF:@7"},
     true},
    {"{a=\"b\"} 1+2x3 _x2 stale -Inf",
     {"{:{@0",      "ID:a@1",      "=:=@2",      "STR:\"b\"@3", "}:}@6",
      "SPACE: @7",  "NUM:1@8",     "OP:+@9",     "NUM:2@10",    "TIMES:x@11",
      "NUM:3@12",   "SPACE: @13",  "_:_@14",     "TIMES:x@15",  "NUM:2@16",
      "SPACE: @17", "ID:stale@18", "SPACE: @23", "OP:-@24",     "NUM:Inf@25",
      "EOF:@28"},
     true},
    {"foo{a=\"b\"}  0x10",
     {"ID:foo@0", "{:{@3", "ID:a@4", "=:=@5", "STR:\"b\"@6", "}:}@9",
      "SPACE: @10", "NUM:0@12", "TIMES:x@13", "NUM:10@14", "EOF:@16"},
     true},
    {"foo 1,2",
     {"ID:foo@0", "SPACE: @3", "NUM:1@4",
      "ERROR:unexpected character in series sequence: ','@5"},
     true},
    {"foo 1a",
     {"ID:foo@0", "SPACE: @3", "ERROR:bad number syntax: \"1\"@4"},
     true},
};

TEST(LexerTest, Tokens) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.input);
    EXPECT_EQ(Lex(c.input, c.series), c.tokens);
  }
}

TEST(LexerTest, KeepsReturningEofAfterTheEnd) {
  Lexer lexer("foo");
  EXPECT_EQ(lexer.Next().type, TokenType::kIdentifier);
  EXPECT_EQ(lexer.Next().type, TokenType::kEOF);
  EXPECT_EQ(lexer.Next().type, TokenType::kEOF);
  Lexer broken("~ foo");
  EXPECT_EQ(broken.Next().type, TokenType::kError);
  EXPECT_EQ(broken.Next().type, TokenType::kEOF);
}

TEST(LexerTest, TokenDescriptions) {
  struct {
    Token token;
    const char* desc;
  } cases[] = {
      {{TokenType::kEOF, 0, ""}, "end of input"},
      {{TokenType::kIdentifier, 0, "foo"}, "identifier \"foo\""},
      {{TokenType::kMetricIdentifier, 0, "a:b"}, "metric identifier \"a:b\""},
      {{TokenType::kNumber, 0, "1"}, "number \"1\""},
      {{TokenType::kDuration, 0, "5m"}, "duration \"5m\""},
      {{TokenType::kString, 0, "\"abc\""}, "string \"\\\"abc\\\"\""},
      {{TokenType::kString, 0, "\"abcdefghijkl\""},
       "string \"\\\"abcdefghi\"..."},
      {{TokenType::kMul, 0, "*"}, "<op:*>"},
      {{TokenType::kLand, 0, "AND"}, "<op:AND>"},
      {{TokenType::kSum, 0, "sum"}, "<aggr:sum>"},
      {{TokenType::kBy, 0, "by"}, "<by>"},
      {{TokenType::kStart, 0, "start"}, "\"start\""},
      {{TokenType::kLeftParen, 0, "("}, "\"(\""},
      {{TokenType::kEql, 0, "="}, "\"=\""},
      {{TokenType::kAt, 0, "@"}, "\"<Item 57385>\" <op:@>"},
  };
  for (const auto& c : cases) EXPECT_EQ(TokenDescription(c.token), c.desc);
}

TEST(LexerTest, QuoteRune) {
  EXPECT_EQ(QuoteRune('a'), "'a'");
  EXPECT_EQ(QuoteRune('\''), "'\\''");
  EXPECT_EQ(QuoteRune('"'), "'\"'");
  EXPECT_EQ(QuoteRune('\n'), "'\\n'");
  EXPECT_EQ(QuoteRune(1), "'\\x01'");
  EXPECT_EQ(QuoteRune(-1), "'\xef\xbf\xbd'");
}

}  // namespace lexer_test
}  // namespace tocsin::promql
