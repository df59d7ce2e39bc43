// The PromQL lexer: Prometheus 2.42's tokens, states and error texts.
//
// A Lexer walks its input once and hands out one Token per Next() call. It
// keeps the same state Prometheus's lexer keeps (open parentheses, braces
// and brackets, whether a subquery colon was seen) so that it produces the
// same tokens and the same errors at the same positions. Tokens point into
// the input; nothing is allocated per character. After an error token or
// the end of input, Next() keeps returning kEOF.
//
// A Lexer is not thread-safe; use one per parse.

#ifndef TOCSIN_PROMQL_PARSER_LEXER_H_
#define TOCSIN_PROMQL_PARSER_LEXER_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace tocsin::promql {

enum class TokenType : uint8_t {
  kEOF,
  kError,
  kComment,
  kIdentifier,
  kMetricIdentifier,
  kNumber,
  kString,
  kDuration,
  kLeftParen,
  kRightParen,
  kLeftBrace,
  kRightBrace,
  kLeftBracket,
  kRightBracket,
  kComma,
  kEql,  // `=`, only inside braces
  kColon,
  kSemicolon,
  kBlank,  // `_` in series descriptions
  kTimes,  // `x` in series descriptions
  kSpace,  // whitespace in series descriptions

  // Operators.
  kAdd,
  kDiv,
  kEqlc,  // `==`
  kEqlRegex,
  kGte,
  kGtr,
  kLand,
  kLor,
  kLss,
  kLte,
  kLunless,
  kMod,
  kMul,
  kNeq,
  kNeqRegex,
  kPow,
  kSub,
  kAt,
  kAtan2,

  // Aggregators.
  kAvg,
  kBottomk,
  kCount,
  kCountValues,
  kGroup,
  kMax,
  kMin,
  kQuantile,
  kStddev,
  kStdvar,
  kSum,
  kTopk,

  // Keywords.
  kBool,
  kBy,
  kGroupLeft,
  kGroupRight,
  kIgnoring,
  kOffset,
  kOn,
  kWithout,

  // `@` modifier preprocessors.
  kStart,
  kEnd,
};

inline bool IsOperatorToken(TokenType t) {
  return t >= TokenType::kAdd && t <= TokenType::kAtan2;
}
inline bool IsAggregatorToken(TokenType t) {
  return t >= TokenType::kAvg && t <= TokenType::kTopk;
}
inline bool IsKeywordToken(TokenType t) {
  return t >= TokenType::kBool && t <= TokenType::kWithout;
}

struct Token {
  TokenType type = TokenType::kEOF;
  int pos = 0;  // byte offset of the first character
  // The token's text as written; for kError the error message.
  std::string_view val;

  int end() const { return pos + static_cast<int>(val.size()); }
};

// How Prometheus names a token in "unexpected ..." errors: `<op:*>`,
// `identifier "foo"`, `"("`, `end of input`, ...
std::string TokenDescription(const Token& token);

// Go's %q of a single rune ('x', '\n', '\u00a0'); negative runes (end of
// input) print as the replacement character.
std::string QuoteRune(int32_t rune);

class Lexer {
 public:
  // `series_description` selects the lexing rules for promtool's series
  // notation (`metric{labels} 1+2x3 _ stale`).
  explicit Lexer(std::string_view input, bool series_description = false)
      : input_(input), series_desc_(series_description) {}
  Lexer(const Lexer&) = delete;
  Lexer& operator=(const Lexer&) = delete;

  Token Next();

  std::string_view input() const { return input_; }

 private:
  enum class State {
    kStatements,
    kValueSequence,
    kDuration,
    kDone,
  };
  static constexpr int32_t kEof = -1;

  // Each step either produces a token (returns true) or changes state.
  bool LexStatements(Token* tok);
  bool LexInsideBraces(Token* tok);
  bool LexValueSequence(Token* tok);
  bool LexDuration(Token* tok);
  bool LexNumberOrDuration(Token* tok);
  bool LexString(Token* tok, char quote);
  bool LexRawString(Token* tok);
  bool LexEscape(Token* tok, char quote);
  bool LexKeywordOrIdentifier(Token* tok);
  bool LexIdentifier(Token* tok);
  bool LexComment(Token* tok);

  int32_t NextRune();
  int32_t PeekRune();
  void Backup() { pos_ -= width_; }
  bool Accept(std::string_view valid);
  void AcceptRun(std::string_view valid);
  bool ScanNumber();
  bool AcceptRemainingDuration();
  void SkipSpaces();

  bool Emit(Token* tok, TokenType type);
  // Produces an error token at the start of the current token; the lexer
  // then stops.
  bool Error(Token* tok, std::string message);

  std::string_view input_;
  int pos_ = 0;    // next byte to read
  int start_ = 0;  // start of the current token
  int width_ = 0;  // byte width of the last rune read
  State state_ = State::kStatements;
  int paren_depth_ = 0;
  bool brace_open_ = false;
  bool bracket_open_ = false;
  bool got_colon_ = false;
  bool series_desc_ = false;
  std::string error_;  // the message an error token points to
};

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_PARSER_LEXER_H_
