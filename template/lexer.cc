#include "template/lexer.h"

#include <algorithm>

#include "go/strconv.h"
#include "go/unicode.h"

namespace tocsin::tmpl {
namespace {

constexpr std::string_view kLeftDelim = "{{";
constexpr std::string_view kRightDelim = "}}";
constexpr std::string_view kLeftComment = "/*";
constexpr std::string_view kRightComment = "*/";
constexpr std::string_view kSpaceChars = " \t\r\n";
constexpr size_t kTrimMarkerLen = 2;  // "-" plus one space
constexpr int32_t kEOF = -1;

bool IsSpaceRune(int32_t r) {
  return r == ' ' || r == '\t' || r == '\r' || r == '\n';
}

bool IsAlphaNumeric(int32_t r) {
  return r == '_' || (r >= 0 && (go::IsLetter(r) || go::IsDigit(r)));
}

bool HasLeftTrimMarker(std::string_view s) {
  return s.size() >= 2 && s[0] == '-' && IsSpaceRune(s[1]);
}

bool HasRightTrimMarker(std::string_view s) {
  return s.size() >= 2 && IsSpaceRune(s[0]) && s[1] == '-';
}

size_t RightTrimLength(std::string_view s) {
  size_t end = s.find_last_not_of(kSpaceChars);
  return end == std::string_view::npos ? s.size() : s.size() - end - 1;
}

size_t LeftTrimLength(std::string_view s) {
  size_t start = s.find_first_not_of(kSpaceChars);
  return start == std::string_view::npos ? s.size() : start;
}

int CountNewlines(std::string_view s) {
  return static_cast<int>(std::count(s.begin(), s.end(), '\n'));
}

// fmt's %#U: U+0041 'A'.
std::string FormatUnicode(int32_t r) {
  std::string hex = go::FormatUint(static_cast<uint32_t>(r), 16);
  for (char& c : hex) c = static_cast<char>(std::toupper(c));
  while (hex.size() < 4) hex.insert(hex.begin(), '0');
  std::string s = "U+" + hex;
  if (go::IsPrint(r)) {
    s += " '";
    go::AppendRune(s, r);
    s += '\'';
  }
  return s;
}

ItemType KeywordType(std::string_view word) {
  static const std::pair<std::string_view, ItemType> kKeywords[] = {
      {".", ItemType::kDot},
      {"block", ItemType::kBlock},
      {"break", ItemType::kBreak},
      {"continue", ItemType::kContinue},
      {"define", ItemType::kDefine},
      {"else", ItemType::kElse},
      {"end", ItemType::kEnd},
      {"if", ItemType::kIf},
      {"range", ItemType::kRange},
      {"nil", ItemType::kNil},
      {"template", ItemType::kTemplate},
      {"with", ItemType::kWith},
  };
  for (const auto& [name, type] : kKeywords) {
    if (name == word) return type;
  }
  return ItemType::kError;
}

}  // namespace

std::string Item::String() const {
  if (type == ItemType::kEOF) return "EOF";
  if (type == ItemType::kError) return error;
  if (type > ItemType::kKeyword) return "<" + std::string(val) + ">";
  if (go::RuneCount(val) > 10) {
    size_t end = 0;
    for (int n = 0; n < 10; ++n) end += go::DecodeRune(val, end).size;
    return go::Quote(val.substr(0, end)) + "...";
  }
  return go::Quote(val);
}

Lexer::Lexer(std::string_view input, bool break_ok, bool continue_ok)
    : input_(input), break_ok_(break_ok), continue_ok_(continue_ok) {}

int32_t Lexer::NextRune() {
  if (pos_ >= input_.size()) {
    at_eof_ = true;
    return kEOF;
  }
  go::DecodedRune d = go::DecodeRune(input_, pos_);
  pos_ += d.size;
  if (d.rune == '\n') ++line_;
  return d.rune;
}

int32_t Lexer::Peek() {
  int32_t r = NextRune();
  Backup();
  return r;
}

void Lexer::Backup() {
  if (!at_eof_ && pos_ > 0) {
    go::DecodedRune d = go::DecodeLastRune(input_, pos_);
    pos_ -= d.size;
    if (d.rune == '\n') --line_;
  }
}

Item Lexer::ThisItem(ItemType t) {
  Item i;
  i.type = t;
  i.pos = start_;
  i.val = input_.substr(start_, pos_ - start_);
  i.line = start_line_;
  start_ = pos_;
  start_line_ = line_;
  return i;
}

void Lexer::Ignore() {
  line_ += CountNewlines(input_.substr(start_, pos_ - start_));
  start_ = pos_;
  start_line_ = line_;
}

bool Lexer::Accept(std::string_view valid) {
  int32_t r = NextRune();
  if (r >= 0 && r < 0x80 &&
      valid.find(static_cast<char>(r)) != std::string_view::npos) {
    return true;
  }
  Backup();
  return false;
}

void Lexer::AcceptRun(std::string_view valid) {
  while (Accept(valid)) {
  }
}

bool Lexer::Errorf(Item* out, std::string message) {
  out->type = ItemType::kError;
  out->pos = start_;
  out->val = {};
  out->error = std::move(message);
  out->line = start_line_;
  state_ = State::kDone;
  return true;
}

Item Lexer::Next() {
  Item item;
  if (state_ == State::kDone) {
    item.type = ItemType::kEOF;
    item.pos = pos_;
    item.line = start_line_;
    return item;
  }
  if (paren_error_) {
    Errorf(&item, "unexpected right paren U+0029 ')'");
    return item;
  }
  state_ = inside_action_ ? State::kInsideAction : State::kText;
  for (;;) {
    bool emitted = false;
    switch (state_) {
      case State::kText:
        emitted = LexText(&item);
        break;
      case State::kLeftDelim:
        emitted = LexLeftDelim(&item);
        break;
      case State::kComment:
        emitted = LexComment(&item);
        break;
      case State::kRightDelim:
        emitted = LexRightDelim(&item);
        break;
      case State::kInsideAction:
        emitted = LexInsideAction(&item);
        break;
      case State::kSpace:
        emitted = LexSpace(&item);
        break;
      case State::kIdentifier:
        emitted = LexIdentifier(&item);
        break;
      case State::kField:
        emitted = LexFieldOrVariable(&item, ItemType::kField);
        break;
      case State::kVariable:
        if (AtTerminator()) {
          item = ThisItem(ItemType::kVariable);
          emitted = true;
        } else {
          emitted = LexFieldOrVariable(&item, ItemType::kVariable);
        }
        break;
      case State::kChar:
        emitted = LexChar(&item);
        break;
      case State::kNumber:
        emitted = LexNumber(&item);
        break;
      case State::kQuote:
        emitted = LexQuote(&item);
        break;
      case State::kRawQuote:
        emitted = LexRawQuote(&item);
        break;
      case State::kDone:
        return item;
    }
    if (emitted) return item;
  }
}

bool Lexer::LexText(Item* out) {
  size_t x = input_.find(kLeftDelim, pos_);
  if (x != std::string_view::npos) {
    if (x > pos_) {
      pos_ = x;
      size_t trim = 0;
      size_t delim_end = pos_ + kLeftDelim.size();
      if (HasLeftTrimMarker(input_.substr(delim_end))) {
        trim = RightTrimLength(input_.substr(start_, pos_ - start_));
      }
      pos_ -= trim;
      line_ += CountNewlines(input_.substr(start_, pos_ - start_));
      Item i = ThisItem(ItemType::kText);
      pos_ += trim;
      Ignore();
      if (!i.val.empty()) {
        *out = i;
        return true;
      }
    }
    state_ = State::kLeftDelim;
    return false;
  }
  pos_ = input_.size();
  if (pos_ > start_) {
    line_ += CountNewlines(input_.substr(start_, pos_ - start_));
    *out = ThisItem(ItemType::kText);
    return true;
  }
  *out = ThisItem(ItemType::kEOF);
  return true;
}

bool Lexer::LexLeftDelim(Item* out) {
  pos_ += kLeftDelim.size();
  bool trim = HasLeftTrimMarker(input_.substr(pos_));
  size_t after_marker = trim ? kTrimMarkerLen : 0;
  if (input_.substr(pos_ + after_marker).starts_with(kLeftComment)) {
    pos_ += after_marker;
    Ignore();
    state_ = State::kComment;
    return false;
  }
  Item i = ThisItem(ItemType::kLeftDelim);
  inside_action_ = true;
  pos_ += after_marker;
  Ignore();
  paren_depth_ = 0;
  *out = i;
  return true;
}

bool Lexer::LexComment(Item* out) {
  pos_ += kLeftComment.size();
  size_t x = input_.find(kRightComment, pos_);
  if (x == std::string_view::npos) return Errorf(out, "unclosed comment");
  pos_ = x + kRightComment.size();
  auto [delim, trim] = AtRightDelim();
  if (!delim) return Errorf(out, "comment ends before closing delimiter");
  line_ += CountNewlines(input_.substr(start_, pos_ - start_));
  ThisItem(ItemType::kComment);
  if (trim) pos_ += kTrimMarkerLen;
  pos_ += kRightDelim.size();
  if (trim) pos_ += LeftTrimLength(input_.substr(pos_));
  Ignore();
  state_ = State::kText;
  return false;
}

std::pair<bool, bool> Lexer::AtRightDelim() {
  std::string_view rest = input_.substr(pos_);
  if (HasRightTrimMarker(rest) &&
      rest.substr(kTrimMarkerLen).starts_with(kRightDelim)) {
    return {true, true};
  }
  if (rest.starts_with(kRightDelim)) return {true, false};
  return {false, false};
}

bool Lexer::LexRightDelim(Item* out) {
  bool trim = AtRightDelim().second;
  if (trim) {
    pos_ += kTrimMarkerLen;
    Ignore();
  }
  pos_ += kRightDelim.size();
  Item i = ThisItem(ItemType::kRightDelim);
  if (trim) {
    pos_ += LeftTrimLength(input_.substr(pos_));
    Ignore();
  }
  inside_action_ = false;
  *out = i;
  return true;
}

bool Lexer::LexInsideAction(Item* out) {
  if (AtRightDelim().first) {
    if (paren_depth_ == 0) {
      state_ = State::kRightDelim;
      return false;
    }
    return Errorf(out, "unclosed left paren");
  }
  int32_t r = NextRune();
  if (r == kEOF) return Errorf(out, "unclosed action");
  if (IsSpaceRune(r)) {
    Backup();
    state_ = State::kSpace;
    return false;
  }
  switch (r) {
    case '=':
      *out = ThisItem(ItemType::kAssign);
      return true;
    case ':':
      if (NextRune() != '=') return Errorf(out, "expected :=");
      *out = ThisItem(ItemType::kDeclare);
      return true;
    case '|':
      *out = ThisItem(ItemType::kPipe);
      return true;
    case '"':
      state_ = State::kQuote;
      return false;
    case '`':
      state_ = State::kRawQuote;
      return false;
    case '$':
      state_ = State::kVariable;
      return false;
    case '\'':
      state_ = State::kChar;
      return false;
    case '(':
      ++paren_depth_;
      *out = ThisItem(ItemType::kLeftParen);
      return true;
    case ')':
      // As Go does, the parenthesis is emitted before the error is.
      *out = ThisItem(ItemType::kRightParen);
      if (--paren_depth_ < 0) paren_error_ = true;
      return true;
  }
  if (r == '.') {
    if (pos_ < input_.size()) {
      char c = input_[pos_];
      if (c < '0' || c > '9') {
        state_ = State::kField;
        return false;
      }
    }
    Backup();
    state_ = State::kNumber;
    return false;
  }
  if (r == '+' || r == '-' || (r >= '0' && r <= '9')) {
    Backup();
    state_ = State::kNumber;
    return false;
  }
  if (IsAlphaNumeric(r)) {
    Backup();
    state_ = State::kIdentifier;
    return false;
  }
  if (r < 0x80 && go::IsPrint(r)) {
    *out = ThisItem(ItemType::kChar);
    return true;
  }
  return Errorf(out, "unrecognized character in action: " + FormatUnicode(r));
}

bool Lexer::LexSpace(Item* out) {
  int spaces = 0;
  while (IsSpaceRune(Peek())) {
    NextRune();
    ++spaces;
  }
  std::string_view rest = input_.substr(pos_ - 1);
  if (HasRightTrimMarker(rest) &&
      rest.substr(kTrimMarkerLen).starts_with(kRightDelim)) {
    Backup();
    if (spaces == 1) {
      state_ = State::kRightDelim;
      return false;
    }
  }
  *out = ThisItem(ItemType::kSpace);
  return true;
}

bool Lexer::LexIdentifier(Item* out) {
  for (;;) {
    int32_t r = NextRune();
    if (IsAlphaNumeric(r)) continue;
    Backup();
    std::string_view word = input_.substr(start_, pos_ - start_);
    if (!AtTerminator())
      return Errorf(out, "bad character " + FormatUnicode(r));
    ItemType key = KeywordType(word);
    if (key > ItemType::kKeyword) {
      if ((key == ItemType::kBreak && !break_ok_) ||
          (key == ItemType::kContinue && !continue_ok_)) {
        key = ItemType::kIdentifier;
      }
      *out = ThisItem(key);
    } else if (word[0] == '.') {
      *out = ThisItem(ItemType::kField);
    } else if (word == "true" || word == "false") {
      *out = ThisItem(ItemType::kBool);
    } else {
      *out = ThisItem(ItemType::kIdentifier);
    }
    return true;
  }
}

bool Lexer::LexFieldOrVariable(Item* out, ItemType type) {
  if (AtTerminator()) {
    *out = ThisItem(type == ItemType::kVariable ? ItemType::kVariable
                                                : ItemType::kDot);
    return true;
  }
  int32_t r;
  for (;;) {
    r = NextRune();
    if (!IsAlphaNumeric(r)) {
      Backup();
      break;
    }
  }
  if (!AtTerminator()) return Errorf(out, "bad character " + FormatUnicode(r));
  *out = ThisItem(type);
  return true;
}

bool Lexer::AtTerminator() {
  int32_t r = Peek();
  if (IsSpaceRune(r)) return true;
  switch (r) {
    case kEOF:
    case '.':
    case ',':
    case '|':
    case ':':
    case ')':
    case '(':
      return true;
  }
  return r == kRightDelim[0];
}

bool Lexer::LexChar(Item* out) {
  for (;;) {
    int32_t r = NextRune();
    if (r == '\\') {
      int32_t n = NextRune();
      if (n != kEOF && n != '\n') continue;
      return Errorf(out, "unterminated character constant");
    }
    if (r == kEOF || r == '\n') {
      return Errorf(out, "unterminated character constant");
    }
    if (r == '\'') break;
  }
  *out = ThisItem(ItemType::kCharConstant);
  return true;
}

bool Lexer::ScanNumber() {
  Accept("+-");
  std::string_view digits = "0123456789_";
  if (Accept("0")) {
    if (Accept("xX")) {
      digits = "0123456789abcdefABCDEF_";
    } else if (Accept("oO")) {
      digits = "01234567_";
    } else if (Accept("bB")) {
      digits = "01_";
    }
  }
  AcceptRun(digits);
  if (Accept(".")) AcceptRun(digits);
  if (digits.size() == 11 && Accept("eE")) {
    Accept("+-");
    AcceptRun("0123456789_");
  }
  if (digits.size() == 23 && Accept("pP")) {
    Accept("+-");
    AcceptRun("0123456789_");
  }
  Accept("i");
  if (IsAlphaNumeric(Peek())) {
    NextRune();
    return false;
  }
  return true;
}

bool Lexer::LexNumber(Item* out) {
  auto bad = [&] {
    return Errorf(out, "bad number syntax: " +
                           go::Quote(input_.substr(start_, pos_ - start_)));
  };
  if (!ScanNumber()) return bad();
  int32_t sign = Peek();
  if (sign == '+' || sign == '-') {
    if (!ScanNumber() || input_[pos_ - 1] != 'i') return bad();
    *out = ThisItem(ItemType::kComplex);
    return true;
  }
  *out = ThisItem(ItemType::kNumber);
  return true;
}

bool Lexer::LexQuote(Item* out) {
  for (;;) {
    int32_t r = NextRune();
    if (r == '\\') {
      int32_t n = NextRune();
      if (n != kEOF && n != '\n') continue;
      return Errorf(out, "unterminated quoted string");
    }
    if (r == kEOF || r == '\n')
      return Errorf(out, "unterminated quoted string");
    if (r == '"') break;
  }
  *out = ThisItem(ItemType::kString);
  return true;
}

bool Lexer::LexRawQuote(Item* out) {
  for (;;) {
    int32_t r = NextRune();
    if (r == kEOF) return Errorf(out, "unterminated raw quoted string");
    if (r == '`') break;
  }
  *out = ThisItem(ItemType::kRawString);
  return true;
}

}  // namespace tocsin::tmpl
