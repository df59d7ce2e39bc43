#include "promql/parser/lexer.h"

#include <cstdio>

#include "go/unicode.h"
#include "promql/go_format.h"

namespace tocsin::promql {
namespace {

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kHexDigits = "0123456789abcdefABCDEF";

bool IsSpace(int32_t r) {
  return r == ' ' || r == '\t' || r == '\n' || r == '\r';
}
bool IsEndOfLine(int32_t r) { return r == '\r' || r == '\n'; }
bool IsDigit(int32_t r) { return r >= '0' && r <= '9'; }
bool IsAlpha(int32_t r) {
  return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z');
}
bool IsAlphaNumeric(int32_t r) { return IsAlpha(r) || IsDigit(r); }

// Go's strconv.IsPrint, via GoQuote: a rune is printable when quoting
// leaves it as it is.
bool IsPrintRune(int32_t r) {
  if (r == '"' || r == '\\') return true;
  std::string s;
  go::AppendRune(s, r);
  return GoQuote(s) == "\"" + s + "\"";
}

// Go's %#U: "U+0041 'A'".
std::string UnicodeFormat(int32_t r) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "U+%04X", static_cast<unsigned>(r));
  std::string out = buf;
  if (r >= 0 && r <= 0x10FFFF && IsPrintRune(r)) {
    out += " '";
    go::AppendRune(out, r);
    out += "'";
  }
  return out;
}

int DigitValue(int32_t ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return 16;
}

struct Keyword {
  std::string_view word;
  TokenType type;
};
constexpr Keyword kKeywords[] = {
    {"and", TokenType::kLand},
    {"or", TokenType::kLor},
    {"unless", TokenType::kLunless},
    {"atan2", TokenType::kAtan2},
    {"sum", TokenType::kSum},
    {"avg", TokenType::kAvg},
    {"count", TokenType::kCount},
    {"min", TokenType::kMin},
    {"max", TokenType::kMax},
    {"group", TokenType::kGroup},
    {"stddev", TokenType::kStddev},
    {"stdvar", TokenType::kStdvar},
    {"topk", TokenType::kTopk},
    {"bottomk", TokenType::kBottomk},
    {"count_values", TokenType::kCountValues},
    {"quantile", TokenType::kQuantile},
    {"offset", TokenType::kOffset},
    {"by", TokenType::kBy},
    {"without", TokenType::kWithout},
    {"on", TokenType::kOn},
    {"ignoring", TokenType::kIgnoring},
    {"group_left", TokenType::kGroupLeft},
    {"group_right", TokenType::kGroupRight},
    {"bool", TokenType::kBool},
    {"start", TokenType::kStart},
    {"end", TokenType::kEnd},
    {"inf", TokenType::kNumber},
    {"nan", TokenType::kNumber},
};

// Keywords match case-insensitively; returns false for other words.
bool LookupKeyword(std::string_view word, TokenType* type) {
  char lower[16];
  if (word.size() > sizeof(lower)) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  std::string_view w(lower, word.size());
  for (const auto& k : kKeywords) {
    if (k.word == w) {
      *type = k.type;
      return true;
    }
  }
  return false;
}

// The fixed texts of tokens that Prometheus's ItemTypeStr names; nullptr
// for the others (identifiers, literals, `@`, ...).
const char* FixedTokenText(TokenType t) {
  switch (t) {
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
    case TokenType::kSemicolon:
      return ";";
    case TokenType::kBlank:
      return "_";
    case TokenType::kTimes:
      return "x";
    case TokenType::kSpace:
      return "<space>";
    case TokenType::kAt:
    case TokenType::kEOF:
    case TokenType::kError:
    case TokenType::kComment:
    case TokenType::kIdentifier:
    case TokenType::kMetricIdentifier:
    case TokenType::kNumber:
    case TokenType::kString:
    case TokenType::kDuration:
      return nullptr;
    default:
      return "";  // operators, aggregators, keywords
  }
}

// Go's %.10q: the first ten runes, quoted.
std::string QuoteTruncated(std::string_view s, int runes) {
  int i = 0;
  for (int n = 0; n < runes && i < static_cast<int>(s.size()); ++n) {
    i += go::DecodeRune(s, i).size;
  }
  return GoQuote(s.substr(0, i));
}

// Prometheus's Item.String().
std::string TokenString(const Token& t) {
  if (t.type == TokenType::kEOF) return "EOF";
  if (t.type == TokenType::kError) return std::string(t.val);
  if (t.type == TokenType::kIdentifier ||
      t.type == TokenType::kMetricIdentifier) {
    return GoQuote(t.val);
  }
  if (IsKeywordToken(t.type)) return "<" + std::string(t.val) + ">";
  if (IsOperatorToken(t.type)) return "<op:" + std::string(t.val) + ">";
  if (IsAggregatorToken(t.type)) return "<aggr:" + std::string(t.val) + ">";
  if (t.val.size() > 10) return QuoteTruncated(t.val, 10) + "...";
  return GoQuote(t.val);
}

// Prometheus's ItemType.desc().
std::string TypeDescription(TokenType t) {
  switch (t) {
    case TokenType::kError:
      return "error";
    case TokenType::kEOF:
      return "end of input";
    case TokenType::kComment:
      return "comment";
    case TokenType::kIdentifier:
      return "identifier";
    case TokenType::kMetricIdentifier:
      return "metric identifier";
    case TokenType::kString:
      return "string";
    case TokenType::kNumber:
      return "number";
    case TokenType::kDuration:
      return "duration";
    case TokenType::kAt:
      return "\"<Item 57385>\"";
    default:
      return "\"?\"";
  }
}

}  // namespace

std::string QuoteRune(int32_t rune) {
  if (rune < 0 || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) {
    rune = go::kRuneError;
  }
  if (rune == '\'') return "'\\''";
  if (rune == '"') return "'\"'";
  std::string encoded;
  go::AppendRune(encoded, rune);
  std::string q = GoQuote(encoded);
  q.front() = '\'';
  q.back() = '\'';
  return q;
}

std::string TokenDescription(const Token& token) {
  if (FixedTokenText(token.type) != nullptr) return TokenString(token);
  if (token.type == TokenType::kEOF) return TypeDescription(token.type);
  return TypeDescription(token.type) + " " + TokenString(token);
}

int32_t Lexer::NextRune() {
  if (pos_ >= static_cast<int>(input_.size())) {
    width_ = 0;
    return kEof;
  }
  go::DecodedRune d = go::DecodeRune(input_, pos_);
  width_ = d.size;
  pos_ += width_;
  return d.rune;
}

int32_t Lexer::PeekRune() {
  int32_t r = NextRune();
  Backup();
  return r;
}

bool Lexer::Accept(std::string_view valid) {
  int32_t r = NextRune();
  if (r >= 0 && r < 0x80 && valid.find(static_cast<char>(r)) != valid.npos) {
    return true;
  }
  Backup();
  return false;
}

void Lexer::AcceptRun(std::string_view valid) {
  while (Accept(valid)) {
  }
}

void Lexer::SkipSpaces() {
  while (IsSpace(PeekRune())) NextRune();
  start_ = pos_;
}

bool Lexer::Emit(Token* tok, TokenType type) {
  tok->type = type;
  tok->pos = start_;
  tok->val = input_.substr(start_, pos_ - start_);
  start_ = pos_;
  return true;
}

bool Lexer::Error(Token* tok, std::string message) {
  error_ = std::move(message);
  tok->type = TokenType::kError;
  tok->pos = start_;
  tok->val = error_;
  state_ = State::kDone;
  return true;
}

Token Lexer::Next() {
  Token tok;
  for (;;) {
    bool done = false;
    switch (state_) {
      case State::kStatements:
        done = brace_open_ ? LexInsideBraces(&tok) : LexStatements(&tok);
        break;
      case State::kValueSequence:
        done = LexValueSequence(&tok);
        break;
      case State::kDuration:
        state_ = State::kStatements;
        done = LexDuration(&tok);
        break;
      case State::kDone:
        tok.type = TokenType::kEOF;
        tok.pos = start_;
        tok.val = input_.substr(start_, pos_ - start_);
        return tok;
    }
    if (done) return tok;
  }
}

bool Lexer::LexComment(Token* tok) {
  pos_ += 1;  // '#'
  int32_t r = NextRune();
  while (!IsEndOfLine(r) && r != kEof) r = NextRune();
  Backup();
  return Emit(tok, TokenType::kComment);
}

bool Lexer::LexStatements(Token* tok) {
  if (pos_ < static_cast<int>(input_.size()) && input_[pos_] == '#') {
    return LexComment(tok);
  }
  int32_t r = NextRune();
  switch (r) {
    case kEof:
      if (paren_depth_ != 0) return Error(tok, "unclosed left parenthesis");
      if (bracket_open_) return Error(tok, "unclosed left bracket");
      Emit(tok, TokenType::kEOF);
      state_ = State::kDone;
      return true;
    case ',':
      return Emit(tok, TokenType::kComma);
    case '*':
      return Emit(tok, TokenType::kMul);
    case '/':
      return Emit(tok, TokenType::kDiv);
    case '%':
      return Emit(tok, TokenType::kMod);
    case '+':
      return Emit(tok, TokenType::kAdd);
    case '-':
      return Emit(tok, TokenType::kSub);
    case '^':
      return Emit(tok, TokenType::kPow);
    case '@':
      return Emit(tok, TokenType::kAt);
    case '=': {
      int32_t t = PeekRune();
      if (t == '=') {
        NextRune();
        return Emit(tok, TokenType::kEqlc);
      }
      if (t == '~') {
        return Error(tok, "unexpected character after '=': " + QuoteRune(t));
      }
      return Emit(tok, TokenType::kEql);
    }
    case '!': {
      int32_t t = NextRune();
      if (t == '=') return Emit(tok, TokenType::kNeq);
      return Error(tok, "unexpected character after '!': " + QuoteRune(t));
    }
    case '<':
      if (PeekRune() == '=') {
        NextRune();
        return Emit(tok, TokenType::kLte);
      }
      return Emit(tok, TokenType::kLss);
    case '>':
      if (PeekRune() == '=') {
        NextRune();
        return Emit(tok, TokenType::kGte);
      }
      return Emit(tok, TokenType::kGtr);
    case '"':
    case '\'':
      return LexString(tok, static_cast<char>(r));
    case '`':
      return LexRawString(tok);
    case '(':
      ++paren_depth_;
      return Emit(tok, TokenType::kLeftParen);
    case ')':
      Emit(tok, TokenType::kRightParen);
      if (--paren_depth_ < 0) {
        return Error(tok, "unexpected right parenthesis " + QuoteRune(r));
      }
      return true;
    case '{':
      brace_open_ = true;
      return Emit(tok, TokenType::kLeftBrace);
    case '[':
      if (bracket_open_) {
        return Error(tok, "unexpected left bracket " + QuoteRune(r));
      }
      got_colon_ = false;
      Emit(tok, TokenType::kLeftBracket);
      if (IsSpace(PeekRune())) SkipSpaces();
      bracket_open_ = true;
      state_ = State::kDuration;
      return true;
    case ']':
      if (!bracket_open_) {
        return Error(tok, "unexpected right bracket " + QuoteRune(r));
      }
      bracket_open_ = false;
      return Emit(tok, TokenType::kRightBracket);
    default:
      break;
  }
  if (IsSpace(r)) {
    SkipSpaces();
    return false;
  }
  if (IsDigit(r) || (r == '.' && IsDigit(PeekRune()))) {
    Backup();
    return LexNumberOrDuration(tok);
  }
  if (IsAlpha(r) || r == ':') {
    if (!bracket_open_) {
      Backup();
      return LexKeywordOrIdentifier(tok);
    }
    if (got_colon_) return Error(tok, "unexpected colon " + QuoteRune(r));
    got_colon_ = true;
    return Emit(tok, TokenType::kColon);
  }
  return Error(tok, "unexpected character: " + QuoteRune(r));
}

bool Lexer::LexInsideBraces(Token* tok) {
  if (pos_ < static_cast<int>(input_.size()) && input_[pos_] == '#') {
    return LexComment(tok);
  }
  int32_t r = NextRune();
  switch (r) {
    case kEof:
      return Error(tok, "unexpected end of input inside braces");
    case ',':
      return Emit(tok, TokenType::kComma);
    case '"':
    case '\'':
      return LexString(tok, static_cast<char>(r));
    case '`':
      return LexRawString(tok);
    case '=':
      if (NextRune() == '~') return Emit(tok, TokenType::kEqlRegex);
      Backup();
      return Emit(tok, TokenType::kEql);
    case '!': {
      int32_t nr = NextRune();
      if (nr == '~') return Emit(tok, TokenType::kNeqRegex);
      if (nr == '=') return Emit(tok, TokenType::kNeq);
      return Error(tok, "unexpected character after '!' inside braces: " +
                            QuoteRune(nr));
    }
    case '{':
      return Error(tok, "unexpected left brace " + QuoteRune(r));
    case '}':
      brace_open_ = false;
      state_ = series_desc_ ? State::kValueSequence : State::kStatements;
      return Emit(tok, TokenType::kRightBrace);
    default:
      break;
  }
  if (IsSpace(r)) {
    SkipSpaces();
    return false;
  }
  if (IsAlpha(r)) {
    Backup();
    return LexIdentifier(tok);
  }
  return Error(tok, "unexpected character inside braces: " + QuoteRune(r));
}

bool Lexer::LexValueSequence(Token* tok) {
  int32_t r = NextRune();
  if (r == kEof) {
    state_ = State::kStatements;
    return false;
  }
  if (IsSpace(r)) {
    Emit(tok, TokenType::kSpace);
    SkipSpaces();
    return true;
  }
  switch (r) {
    case '+':
      return Emit(tok, TokenType::kAdd);
    case '-':
      return Emit(tok, TokenType::kSub);
    case 'x':
      return Emit(tok, TokenType::kTimes);
    case '_':
      return Emit(tok, TokenType::kBlank);
    default:
      break;
  }
  if (IsDigit(r) || (r == '.' && IsDigit(PeekRune()))) {
    Backup();
    if (!ScanNumber()) {
      return Error(tok, "bad number syntax: " +
                            GoQuote(input_.substr(start_, pos_ - start_)));
    }
    return Emit(tok, TokenType::kNumber);
  }
  if (IsAlpha(r)) {
    Backup();
    return LexKeywordOrIdentifier(tok);
  }
  return Error(tok, "unexpected character in series sequence: " + QuoteRune(r));
}

bool Lexer::LexEscape(Token* tok, char quote) {
  int32_t ch = NextRune();
  int n;
  uint32_t base, max;
  switch (ch) {
    case 'a':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
    case 'v':
    case '\\':
      return false;
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
      n = 3, base = 8, max = 255;
      break;
    case 'x':
      ch = NextRune();
      n = 2, base = 16, max = 255;
      break;
    case 'u':
      ch = NextRune();
      n = 4, base = 16, max = 0x10FFFF;
      break;
    case 'U':
      ch = NextRune();
      n = 8, base = 16, max = 0x10FFFF;
      break;
    case kEof:
      return Error(tok, "escape sequence not terminated");
    default:
      if (ch == quote) return false;
      return Error(tok, "unknown escape sequence " + UnicodeFormat(ch));
  }
  uint32_t x = 0;
  while (n > 0) {
    auto d = static_cast<uint32_t>(DigitValue(ch));
    if (d >= base) {
      if (ch == kEof) return Error(tok, "escape sequence not terminated");
      return Error(tok, "illegal character " + UnicodeFormat(ch) +
                            " in escape sequence");
    }
    x = x * base + d;
    if (--n > 0) ch = NextRune();
  }
  if (x > max || (x >= 0xD800 && x < 0xE000)) {
    return Error(tok, "escape sequence is an invalid Unicode code point");
  }
  return false;
}

bool Lexer::LexString(Token* tok, char quote) {
  for (;;) {
    int32_t r = NextRune();
    if (r == '\\') {
      if (LexEscape(tok, quote)) return true;
      continue;
    }
    if (r == go::kRuneError) return Error(tok, "invalid UTF-8 rune");
    if (r == kEof || r == '\n') {
      return Error(tok, "unterminated quoted string");
    }
    if (r == quote) return Emit(tok, TokenType::kString);
  }
}

bool Lexer::LexRawString(Token* tok) {
  for (;;) {
    int32_t r = NextRune();
    if (r == go::kRuneError) return Error(tok, "invalid UTF-8 rune");
    if (r == kEof) return Error(tok, "unterminated raw string");
    if (r == '`') return Emit(tok, TokenType::kString);
  }
}

bool Lexer::ScanNumber() {
  std::string_view digits = kDigits;
  // Hexadecimal is ambiguous with the `x` of series descriptions.
  if (!series_desc_ && Accept("0") && Accept("xX")) digits = kHexDigits;
  AcceptRun(digits);
  if (Accept(".")) AcceptRun(digits);
  if (Accept("eE")) {
    Accept("+-");
    AcceptRun(kDigits);
  }
  int32_t r = PeekRune();
  return (series_desc_ && r == 'x') || !IsAlphaNumeric(r);
}

bool Lexer::AcceptRemainingDuration() {
  if (!Accept("smhdwy")) return false;
  Accept("s");  // ms
  while (Accept(kDigits)) {
    AcceptRun(kDigits);
    if (!Accept("smhdw")) return false;
    Accept("s");
  }
  return !IsAlphaNumeric(NextRune());
}

bool Lexer::LexDuration(Token* tok) {
  if (ScanNumber()) return Error(tok, "missing unit character in duration");
  if (!AcceptRemainingDuration()) {
    return Error(tok, "bad duration syntax: " +
                          GoQuote(input_.substr(start_, pos_ - start_)));
  }
  Backup();
  return Emit(tok, TokenType::kDuration);
}

bool Lexer::LexNumberOrDuration(Token* tok) {
  if (ScanNumber()) return Emit(tok, TokenType::kNumber);
  if (AcceptRemainingDuration()) {
    Backup();
    return Emit(tok, TokenType::kDuration);
  }
  return Error(tok, "bad number or duration syntax: " +
                        GoQuote(input_.substr(start_, pos_ - start_)));
}

bool Lexer::LexIdentifier(Token* tok) {
  while (IsAlphaNumeric(NextRune())) {
  }
  Backup();
  return Emit(tok, TokenType::kIdentifier);
}

bool Lexer::LexKeywordOrIdentifier(Token* tok) {
  for (;;) {
    int32_t r = NextRune();
    if (IsAlphaNumeric(r) || r == ':') continue;
    Backup();
    break;
  }
  std::string_view word = input_.substr(start_, pos_ - start_);
  TokenType type;
  if (!LookupKeyword(word, &type)) {
    type = word.find(':') == word.npos ? TokenType::kIdentifier
                                       : TokenType::kMetricIdentifier;
  }
  Emit(tok, type);
  if (series_desc_) {
    state_ = PeekRune() != '{' ? State::kValueSequence : State::kStatements;
  }
  return true;
}

}  // namespace tocsin::promql
