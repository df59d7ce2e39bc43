#include "engine/go_json_syntax.h"

#include <cctype>

#include "promql/go_format.h"

namespace tocsin::engine {
namespace {

constexpr int kMaxDepth = 10000;

// Go's quoteChar: 'x', with ' and " special-cased.
std::string QuoteChar(char c) {
  if (c == '\'') return "'\\''";
  if (c == '"') return "'\"'";
  std::string q = promql::GoQuote(std::string_view(&c, 1));
  return "'" + q.substr(1, q.size() - 2) + "'";
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  std::string Value(int depth) {
    SkipSpace();
    if (pos_ >= s_.size()) return "unexpected EOF";
    if (depth > kMaxDepth) return "exceeded max depth";
    char c = s_[pos_];
    switch (c) {
      case '{':
        return Object(depth);
      case '[':
        return Array(depth);
      case '"':
        return String();
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (c == '-' || (c >= '0' && c <= '9')) return Number();
        return Bad(c, "looking for beginning of value");
    }
  }

  size_t pos() const { return pos_; }

 private:
  static std::string Bad(char c, const char* context) {
    return "invalid character " + QuoteChar(c) + " " + context;
  }
  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' ||
                                s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  // Skips space and returns the next character, or 0 at the end.
  char Next() {
    SkipSpace();
    return pos_ < s_.size() ? s_[pos_] : 0;
  }

  std::string Object(int depth) {
    ++pos_;
    if (Next() == '}') return ++pos_, "";
    for (;;) {
      char c = Next();
      if (c == 0) return "unexpected EOF";
      if (c != '"') return Bad(c, "looking for beginning of object key string");
      if (std::string e = String(); !e.empty()) return e;
      c = Next();
      if (c == 0) return "unexpected EOF";
      if (c != ':') return Bad(c, "after object key");
      ++pos_;
      if (std::string e = Value(depth + 1); !e.empty()) return e;
      c = Next();
      if (c == 0) return "unexpected EOF";
      ++pos_;
      if (c == '}') return "";
      if (c != ',') return Bad(c, "after object key:value pair");
    }
  }

  std::string Array(int depth) {
    ++pos_;
    if (Next() == ']') return ++pos_, "";
    for (;;) {
      if (std::string e = Value(depth + 1); !e.empty()) return e;
      char c = Next();
      if (c == 0) return "unexpected EOF";
      ++pos_;
      if (c == ']') return "";
      if (c != ',') return Bad(c, "after array element");
    }
  }

  std::string String() {
    ++pos_;
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return "";
      if (static_cast<unsigned char>(c) < 0x20) {
        return Bad(c, "in string literal");
      }
      if (c != '\\') continue;
      if (pos_ >= s_.size()) break;
      char e = s_[pos_++];
      if (e == 'u') {
        for (int i = 0; i < 4; ++i, ++pos_) {
          if (pos_ >= s_.size()) return "unexpected EOF";
          if (!std::isxdigit(static_cast<unsigned char>(s_[pos_]))) {
            return Bad(s_[pos_], "in \\u hexadecimal character escape");
          }
        }
      } else if (std::string_view("\"\\/bfnrt").find(e) ==
                 std::string_view::npos) {
        return Bad(e, "in string escape code");
      }
    }
    return "unexpected EOF";
  }

  std::string Literal(std::string_view word) {
    for (size_t i = 0; i < word.size(); ++i, ++pos_) {
      if (pos_ >= s_.size()) return "unexpected EOF";
      if (s_[pos_] != word[i]) {
        return Bad(s_[pos_], ("in literal " + std::string(word) +
                              " (expecting " + QuoteChar(word[i]) + ")")
                                 .c_str());
      }
    }
    return "";
  }

  std::string Number() {
    auto digit = [&] {
      return pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9';
    };
    auto need_digit = [&]() -> std::string {
      if (pos_ >= s_.size()) return "unexpected EOF";
      if (!digit()) return Bad(s_[pos_], "in numeric literal");
      return "";
    };
    if (s_[pos_] == '-') {
      ++pos_;
      if (std::string e = need_digit(); !e.empty()) return e;
    }
    if (s_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit()) ++pos_;
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (std::string e = need_digit(); !e.empty()) return e;
      while (digit()) ++pos_;
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (std::string e = need_digit(); !e.empty()) return e;
      while (digit()) ++pos_;
    }
    return "";
  }

  std::string_view s_;
  size_t pos_ = 0;
};

}  // namespace

std::string CheckGoJsonSyntax(std::string_view text, size_t* end) {
  Scanner scanner(text);
  std::string err = scanner.Value(0);
  if (err.empty() && end != nullptr) *end = scanner.pos();
  return err;
}

}  // namespace tocsin::engine
