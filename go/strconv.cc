#include "go/strconv.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "go/unicode.h"

namespace tocsin::go {
namespace {

// Decimal digits of |v| without trailing zeros: |v| = 0.digits * 10^point.
// Zero has no digits and point 0, as in Go's decimal slices.
struct Decimal {
  std::string digits;
  int point = 0;
};

// mode 's': shortest; 'e': `n` significant digits; 'f': `n` decimals.
Decimal ToDecimal(double v, char mode, int n) {
  char buf[1100];
  std::to_chars_result res;
  double a = std::fabs(v);
  if (mode == 's') {
    res =
        std::to_chars(buf, buf + sizeof(buf), a, std::chars_format::scientific);
  } else if (mode == 'e') {
    res = std::to_chars(buf, buf + sizeof(buf), a,
                        std::chars_format::scientific, n - 1);
  } else {
    res = std::to_chars(buf, buf + sizeof(buf), a, std::chars_format::fixed, n);
  }
  std::string_view s(buf, res.ptr - buf);
  Decimal d;
  if (mode == 'f') {
    size_t dot = s.find('.');
    std::string_view ip = s.substr(0, dot);
    std::string all(ip);
    if (dot != std::string_view::npos) all.append(s.substr(dot + 1));
    size_t lead = 0;
    while (lead < all.size() && all[lead] == '0') ++lead;
    d.point = static_cast<int>(ip.size()) - static_cast<int>(lead);
    d.digits = all.substr(lead);
  } else {
    size_t e = s.find('e');
    for (char c : s.substr(0, e)) {
      if (c != '.') d.digits += c;
    }
    int exp = 0;
    std::from_chars(s.data() + e + (s[e + 1] == '+' ? 2 : 1),
                    s.data() + s.size(), exp);
    d.point = exp + 1;
  }
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
  if (d.digits.empty()) d.point = 0;
  return d;
}

void AppendExponent(std::string& out, char fmt, int exp) {
  out += fmt;
  out += exp < 0 ? '-' : '+';
  if (exp < 0) exp = -exp;
  if (exp < 10) out += '0';
  out += std::to_string(exp);
}

void FormatE(std::string& out, const Decimal& d, int prec, char fmt) {
  out += d.digits.empty() ? '0' : d.digits[0];
  if (prec > 0) {
    out += '.';
    int nd = static_cast<int>(d.digits.size());
    int i = 1;
    int m = std::min(nd, prec + 1);
    if (i < m) {
      out.append(d.digits, i, m - i);
      i = m;
    }
    for (; i <= prec; ++i) out += '0';
  }
  AppendExponent(out, fmt, d.digits.empty() ? 0 : d.point - 1);
}

void FormatF(std::string& out, const Decimal& d, int prec) {
  int nd = static_cast<int>(d.digits.size());
  if (d.point > 0) {
    int m = std::min(nd, d.point);
    out.append(d.digits, 0, m);
    for (; m < d.point; ++m) out += '0';
  } else {
    out += '0';
  }
  if (prec > 0) {
    out += '.';
    for (int i = 1; i <= prec; ++i) {
      int j = d.point + i - 1;
      out += (j >= 0 && j < nd) ? d.digits[j] : '0';
    }
  }
}

int Lower(char c) { return c | 0x20; }

// Go's underscoreOK: underscores only between digits or after a base prefix.
bool UnderscoreOK(std::string_view s) {
  char saw = '^';
  size_t i = 0;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  bool hex = false;
  if (s.size() >= 2 && s[0] == '0' &&
      (Lower(s[1]) == 'b' || Lower(s[1]) == 'o' || Lower(s[1]) == 'x')) {
    i = 2;
    saw = '0';
    hex = Lower(s[1]) == 'x';
  }
  for (; i < s.size(); ++i) {
    char c = s[i];
    if ((c >= '0' && c <= '9') || (hex && Lower(c) >= 'a' && Lower(c) <= 'f')) {
      saw = '0';
      continue;
    }
    if (c == '_') {
      if (saw != '0') return false;
      saw = '_';
      continue;
    }
    if (saw == '_') return false;
    saw = '!';
  }
  return saw != '_';
}

Status SyntaxError(const char* fn, std::string_view s) {
  return Status::InvalidArgument(std::string("strconv.") + fn + ": parsing " +
                                 Quote(s) + ": invalid syntax");
}

Status RangeError(const char* fn, std::string_view s) {
  return Status::InvalidArgument(std::string("strconv.") + fn + ": parsing " +
                                 Quote(s) + ": value out of range");
}

bool EqualFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// Validates Go's float literal syntax (decimal or hexadecimal mantissa).
bool ValidFloatSyntax(std::string_view s) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  bool hex = false;
  if (i + 1 < s.size() && s[i] == '0' && Lower(s[i + 1]) == 'x') {
    hex = true;
    i += 2;
  }
  bool digits = false, dot = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') continue;
    if (c == '.') {
      if (dot) return false;
      dot = true;
      continue;
    }
    bool is_digit =
        (c >= '0' && c <= '9') || (hex && Lower(c) >= 'a' && Lower(c) <= 'f');
    if (!is_digit) break;
    digits = true;
  }
  if (!digits) return false;
  if (i < s.size() && Lower(s[i]) == (hex ? 'p' : 'e')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    bool exp_digits = false;
    for (; i < s.size(); ++i) {
      if (s[i] == '_') continue;
      if (s[i] < '0' || s[i] > '9') break;
      exp_digits = true;
    }
    if (!exp_digits) return false;
  } else if (hex) {
    return false;  // hexadecimal mantissas need a 'p' exponent
  }
  return i == s.size();
}

void AppendQuotedRune(std::string& out, int32_t r, int width,
                      std::string_view raw, char quote, bool ascii_only) {
  static const char kHex[] = "0123456789abcdef";
  if (width == 1 && r == kRuneError) {
    unsigned char b = raw[0];
    out += "\\x";
    out += kHex[b >> 4];
    out += kHex[b & 0xF];
    return;
  }
  if (r == quote || r == '\\') {
    out += '\\';
    out += static_cast<char>(r);
    return;
  }
  if (ascii_only) {
    if (r < 0x80 && IsPrint(r)) {
      out += static_cast<char>(r);
      return;
    }
  } else if (IsPrint(r)) {
    AppendRune(out, r);
    return;
  }
  switch (r) {
    case '\a':
      out += "\\a";
      return;
    case '\b':
      out += "\\b";
      return;
    case '\f':
      out += "\\f";
      return;
    case '\n':
      out += "\\n";
      return;
    case '\r':
      out += "\\r";
      return;
    case '\t':
      out += "\\t";
      return;
    case '\v':
      out += "\\v";
      return;
  }
  if (r < ' ' || r == 0x7F) {
    out += "\\x";
    out += kHex[(r >> 4) & 0xF];
    out += kHex[r & 0xF];
    return;
  }
  if (r > kMaxRune || (r >= 0xD800 && r <= 0xDFFF)) r = kRuneError;
  int n = r < 0x10000 ? 4 : 8;
  out += r < 0x10000 ? "\\u" : "\\U";
  for (int s = (n - 1) * 4; s >= 0; s -= 4) out += kHex[(r >> s) & 0xF];
}

std::string QuoteWith(std::string_view s, char quote, bool ascii_only) {
  std::string out;
  out.reserve(s.size() + 2);
  out += quote;
  for (size_t i = 0; i < s.size();) {
    DecodedRune d = DecodeRune(s, i);
    AppendQuotedRune(out, d.rune, d.size, s.substr(i), quote, ascii_only);
    i += d.size;
  }
  out += quote;
  return out;
}

}  // namespace

std::string FormatFloat(double v, char fmt, int prec) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::string out;
  if (std::signbit(v)) out += '-';
  bool shortest = prec < 0;
  char lower = static_cast<char>(fmt | 0x20);
  if (lower == 'f') {
    if (shortest) {
      Decimal d = ToDecimal(v, 's', 0);
      FormatF(out, d, std::max(static_cast<int>(d.digits.size()) - d.point, 0));
    } else {
      FormatF(out, ToDecimal(v, 'f', prec), prec);
    }
    return out;
  }
  Decimal d;
  if (shortest) {
    d = ToDecimal(v, 's', 0);
  } else if (lower == 'e') {
    d = ToDecimal(v, 'e', prec + 1);
  } else {
    if (prec == 0) prec = 1;
    d = ToDecimal(v, 'e', prec);
  }
  int nd = static_cast<int>(d.digits.size());
  if (lower == 'e') {
    FormatE(out, d, shortest ? std::max(nd - 1, 0) : prec, fmt);
    return out;
  }
  // 'g' / 'G'
  if (shortest) prec = nd;
  int eprec = prec;
  if (eprec > nd && nd >= d.point) eprec = nd;
  if (shortest) eprec = 6;
  int exp = d.point - 1;
  if (exp < -4 || exp >= eprec) {
    if (prec > nd) prec = nd;
    FormatE(out, d, prec - 1, fmt == 'g' ? 'e' : 'E');
    return out;
  }
  if (prec > d.point) prec = nd;
  FormatF(out, d, std::max(prec - d.point, 0));
  return out;
}

std::string FormatUint(uint64_t v, int base) {
  static const char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyz";
  if (v == 0) return "0";
  char buf[65];
  int i = 65;
  while (v > 0) {
    buf[--i] = kDigits[v % base];
    v /= base;
  }
  return std::string(buf + i, 65 - i);
}

std::string FormatInt(int64_t v, int base) {
  if (v < 0) {
    return "-" + FormatUint(static_cast<uint64_t>(0) - static_cast<uint64_t>(v),
                            base);
  }
  return FormatUint(static_cast<uint64_t>(v), base);
}

std::string Quote(std::string_view s) { return QuoteWith(s, '"', false); }

std::string QuoteToASCII(std::string_view s) { return QuoteWith(s, '"', true); }

std::string QuoteRune(int32_t r) {
  std::string raw;
  AppendRune(raw, r);
  std::string out = "'";
  if (r > kMaxRune || r < 0 || (r >= 0xD800 && r <= 0xDFFF)) r = kRuneError;
  AppendQuotedRune(out, r, static_cast<int>(raw.size()), raw, '\'', false);
  out += '\'';
  return out;
}

bool CanBackquote(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    DecodedRune d = DecodeRune(s, i);
    i += d.size;
    if (d.size > 1) {
      if (d.rune == 0xFEFF) return false;
      continue;
    }
    if (d.rune == kRuneError) return false;
    if ((d.rune < ' ' && d.rune != '\t') || d.rune == '`' || d.rune == 0x7F) {
      return false;
    }
  }
  return true;
}

Result<double> ParseFloat(std::string_view s) {
  std::string_view body = s;
  bool neg = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (EqualFold(body, "inf") || EqualFold(body, "infinity")) {
    return neg ? -HUGE_VAL : HUGE_VAL;
  }
  if (EqualFold(s, "nan")) return std::nan("");
  if (!ValidFloatSyntax(s)) return SyntaxError("ParseFloat", s);
  if (s.find('_') != std::string_view::npos && !UnderscoreOK(s)) {
    return SyntaxError("ParseFloat", s);
  }
  std::string clean;
  for (char c : s) {
    if (c != '_') clean += c;
  }
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(clean.c_str(), &end);
  if (errno == ERANGE && std::isinf(v)) return RangeError("ParseFloat", s);
  return v;
}

Result<uint64_t> ParseUint(std::string_view s) {
  if (s.empty()) return SyntaxError("ParseUint", s);
  std::string_view body = s;
  int base = 10;
  if (body[0] == '0') {
    if (body.size() >= 3 && Lower(body[1]) == 'b') {
      base = 2, body.remove_prefix(2);
    } else if (body.size() >= 3 && Lower(body[1]) == 'o') {
      base = 8, body.remove_prefix(2);
    } else if (body.size() >= 3 && Lower(body[1]) == 'x') {
      base = 16, body.remove_prefix(2);
    } else {
      base = 8, body.remove_prefix(1);
    }
  }
  uint64_t v = 0;
  bool underscores = false, overflow = false;
  for (char c : body) {
    int d;
    if (c == '_') {
      underscores = true;
      continue;
    } else if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (Lower(c) >= 'a' && Lower(c) <= 'z') {
      d = Lower(c) - 'a' + 10;
    } else {
      return SyntaxError("ParseUint", s);
    }
    if (d >= base) return SyntaxError("ParseUint", s);
    if (v > (UINT64_MAX - d) / base) overflow = true;
    v = v * base + d;
  }
  if (underscores && !UnderscoreOK(s)) return SyntaxError("ParseUint", s);
  if (overflow) return RangeError("ParseUint", s);
  return v;
}

Result<int64_t> ParseInt(std::string_view s) {
  if (s.empty()) return SyntaxError("ParseInt", s);
  std::string_view body = s;
  bool neg = false;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  Result<uint64_t> u = ParseUint(body);
  if (!u.ok()) {
    bool range = u.status().message().ends_with("out of range");
    return range ? RangeError("ParseInt", s) : SyntaxError("ParseInt", s);
  }
  uint64_t cutoff = uint64_t{1} << 63;
  if (!neg && *u >= cutoff) return RangeError("ParseInt", s);
  if (neg && *u > cutoff) return RangeError("ParseInt", s);
  return neg ? static_cast<int64_t>(0 - *u) : static_cast<int64_t>(*u);
}

std::optional<UnquotedChar> UnquoteChar(std::string_view s, char quote) {
  if (s.empty()) return std::nullopt;
  auto c = static_cast<unsigned char>(s[0]);
  if (c == quote && (quote == '\'' || quote == '"')) return std::nullopt;
  if (c >= 0x80) {
    DecodedRune d = DecodeRune(s, 0);
    return UnquotedChar{d.rune, true, static_cast<size_t>(d.size)};
  }
  if (c != '\\') return UnquotedChar{c, false, 1};
  if (s.size() < 2) return std::nullopt;
  char e = s[1];
  switch (e) {
    case 'a':
      return UnquotedChar{'\a', false, 2};
    case 'b':
      return UnquotedChar{'\b', false, 2};
    case 'f':
      return UnquotedChar{'\f', false, 2};
    case 'n':
      return UnquotedChar{'\n', false, 2};
    case 'r':
      return UnquotedChar{'\r', false, 2};
    case 't':
      return UnquotedChar{'\t', false, 2};
    case 'v':
      return UnquotedChar{'\v', false, 2};
    case '\\':
      return UnquotedChar{'\\', false, 2};
    case '\'':
    case '"':
      if (e != quote) return std::nullopt;
      return UnquotedChar{e, false, 2};
    case 'x':
    case 'u':
    case 'U': {
      size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      if (s.size() < 2 + n) return std::nullopt;
      int32_t v = 0;
      for (size_t j = 0; j < n; ++j) {
        char h = s[2 + j];
        int x = (h >= '0' && h <= '9')                 ? h - '0'
                : (Lower(h) >= 'a' && Lower(h) <= 'f') ? Lower(h) - 'a' + 10
                                                       : -1;
        if (x < 0) return std::nullopt;
        v = (v << 4) | x;
      }
      if (e == 'x') return UnquotedChar{v, false, 2 + n};
      if (v > kMaxRune || (v >= 0xD800 && v <= 0xDFFF)) return std::nullopt;
      return UnquotedChar{v, true, 2 + n};
    }
    default: {
      if (e < '0' || e > '7' || s.size() < 4) return std::nullopt;
      int32_t v = 0;
      for (size_t j = 1; j <= 3; ++j) {
        if (s[j] < '0' || s[j] > '7') return std::nullopt;
        v = (v << 3) | (s[j] - '0');
      }
      if (v > 255) return std::nullopt;
      return UnquotedChar{v, false, 4};
    }
  }
}

std::optional<std::string> UnquoteBody(std::string_view body, char quote) {
  if (body.find('\n') != std::string_view::npos) return std::nullopt;
  std::string out;
  out.reserve(body.size());
  while (!body.empty()) {
    auto c = UnquoteChar(body, quote);
    if (!c) return std::nullopt;
    if (c->value < 0x80 || !c->multibyte) {
      out.push_back(static_cast<char>(c->value));
    } else {
      AppendRune(out, c->value);
    }
    body.remove_prefix(c->size);
  }
  return out;
}

Result<std::string> Unquote(std::string_view literal) {
  Status syntax = Status::InvalidArgument("invalid syntax");
  if (literal.size() < 2 || literal.front() != literal.back()) return syntax;
  char quote = literal.front();
  std::string_view body = literal.substr(1, literal.size() - 2);
  if (quote == '`') {
    if (body.find('`') != std::string_view::npos) return syntax;
    std::string out;
    for (char c : body) {
      if (c != '\r') out += c;
    }
    return out;
  }
  if (quote != '"' && quote != '\'') return syntax;
  if (quote == '\'') {
    auto c = UnquoteChar(body, quote);
    if (!c || c->size != body.size()) return syntax;
  }
  auto out = UnquoteBody(body, quote);
  if (!out) return syntax;
  return std::move(*out);
}

Result<int32_t> UnquoteCharLiteral(std::string_view literal) {
  Status syntax = Status::InvalidArgument("invalid syntax");
  if (literal.size() < 2 || literal[0] != '\'') return syntax;
  std::string_view s = literal.substr(1);
  if (s[0] == '\'') return syntax;
  auto c = UnquoteChar(s, '\'');
  if (!c) return syntax;
  if (s.substr(c->size) != "'") {
    return Status::InvalidArgument("malformed character constant: " +
                                   std::string(literal));
  }
  return c->value;
}

}  // namespace tocsin::go
