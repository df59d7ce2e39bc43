#include "promql/go_format.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace tocsin::promql {
namespace {

// Non-finite values as Go's strconv renders them.
std::optional<std::string> FormatNonFinite(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return std::nullopt;
}

// The shortest round-trip digits of |v| and its decimal point position:
// |v| = 0.d1d2d3... * 10^point.
struct Digits {
  std::string digits;
  int point = 0;
};

Digits ShortestDigits(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), std::fabs(v),
                                 std::chars_format::scientific);
  (void)ec;
  std::string_view s(buf, end - buf);
  size_t e = s.find('e');
  Digits d;
  for (char c : s.substr(0, e)) {
    if (c != '.') d.digits += c;
  }
  int exp = std::atoi(std::string(s.substr(e + 1)).c_str());
  // Trim trailing zeros ("0" stays "0").
  while (d.digits.size() > 1 && d.digits.back() == '0') d.digits.pop_back();
  d.point = exp + 1;
  if (d.digits == "0") d.point = 1;
  return d;
}

void AppendRune(std::string& out, uint32_t r) {
  if (r < 0x80) {
    out += static_cast<char>(r);
  } else if (r < 0x800) {
    out += static_cast<char>(0xC0 | (r >> 6));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else if (r < 0x10000) {
    out += static_cast<char>(0xE0 | (r >> 12));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (r >> 18));
    out += static_cast<char>(0x80 | ((r >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((r >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (r & 0x3F));
  }
}

// Decodes one UTF-8 rune at s[i]. Returns its length, or 0 when the bytes
// are not valid UTF-8 (Go then treats the single byte as an error rune).
int DecodeRune(std::string_view s, size_t i, uint32_t* rune) {
  unsigned char c = s[i];
  if (c < 0x80) {
    *rune = c;
    return 1;
  }
  int n;
  uint32_t r, min;
  if ((c & 0xE0) == 0xC0) {
    n = 2, r = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3, r = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4, r = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (int k = 1; k < n; ++k) {
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) return 0;
    r = (r << 6) | (cc & 0x3F);
  }
  if (r < min || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) return 0;
  *rune = r;
  return n;
}

// An approximation of Go's unicode.IsPrint for runes >= 0x80: everything is
// printable except controls, format characters, separators other than the
// ASCII space, private use and non-characters.
bool IsPrintNonASCII(uint32_t r) {
  if (r >= 0x80 && r <= 0xA0) return false;
  if (r == 0xAD || r == 0x061C || r == 0x180E || r == 0xFEFF) return false;
  if (r >= 0x2000 && r <= 0x200F) return false;
  if (r >= 0x2028 && r <= 0x202F) return false;
  if (r >= 0x205F && r <= 0x206F) return false;
  if (r == 0x3000) return false;
  if (r >= 0xE000 && r <= 0xF8FF) return false;
  if (r >= 0xFFF9 && r <= 0xFFFB) return false;
  if ((r & 0xFFFE) == 0xFFFE) return false;
  if (r >= 0xF0000) return false;
  return true;
}

int Unhex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One escape sequence after a backslash at s[i] (s[i] is the character
// after the backslash). Appends the decoded bytes; returns the number of
// characters consumed, or 0 on a syntax error.
size_t UnquoteEscape(std::string_view s, size_t i, char quote,
                     std::string& out) {
  char c = s[i];
  switch (c) {
    case 'a':
      out += '\a';
      return 1;
    case 'b':
      out += '\b';
      return 1;
    case 'f':
      out += '\f';
      return 1;
    case 'n':
      out += '\n';
      return 1;
    case 'r':
      out += '\r';
      return 1;
    case 't':
      out += '\t';
      return 1;
    case 'v':
      out += '\v';
      return 1;
    case '\\':
      out += '\\';
      return 1;
    case '\'':
    case '"':
      if (c != quote) return 0;
      out += c;
      return 1;
    case 'x':
    case 'u':
    case 'U': {
      size_t n = c == 'x' ? 2 : c == 'u' ? 4 : 8;
      if (i + 1 + n > s.size()) return 0;
      uint32_t v = 0;
      for (size_t j = 0; j < n; ++j) {
        int x = Unhex(s[i + 1 + j]);
        if (x < 0) return 0;
        v = (v << 4) | x;
      }
      if (c == 'x') {
        out += static_cast<char>(v);
      } else {
        if (v > 0x10FFFF) return 0;
        AppendRune(out, v);
      }
      return 1 + n;
    }
    default:
      if (c >= '0' && c <= '7') {
        if (i + 3 > s.size()) return 0;
        uint32_t v = 0;
        for (size_t j = 0; j < 3; ++j) {
          char d = s[i + j];
          if (d < '0' || d > '7') return 0;
          v = (v << 3) | (d - '0');
        }
        if (v > 255) return 0;
        out += static_cast<char>(v);
        return 3;
      }
      return 0;
  }
}

}  // namespace

std::string FormatFloatF(double v) {
  if (auto s = FormatNonFinite(v)) return *s;
  // The shortest round-trip digits laid out without an exponent, padded
  // with zeros: 1e23 is "100000000000000000000000", as in Go.
  Digits d = ShortestDigits(v);
  std::string out;
  if (std::signbit(v)) out += '-';
  if (d.point <= 0) {
    out += "0.";
    out.append(-d.point, '0');
    out += d.digits;
  } else if (d.point >= static_cast<int>(d.digits.size())) {
    out += d.digits;
    out.append(d.point - d.digits.size(), '0');
  } else {
    out.append(d.digits, 0, d.point);
    out += '.';
    out.append(d.digits, d.point);
  }
  return out;
}

std::string FormatFloatG(double v) {
  if (auto s = FormatNonFinite(v)) return *s;
  Digits d = ShortestDigits(v);
  std::string out;
  if (std::signbit(v)) out += '-';
  int exp = d.point - 1;
  if (exp < -4 || exp >= 6) {
    out += d.digits[0];
    if (d.digits.size() > 1) {
      out += '.';
      out.append(d.digits, 1);
    }
    out += 'e';
    out += exp < 0 ? '-' : '+';
    int a = exp < 0 ? -exp : exp;
    if (a < 10) out += '0';
    out += std::to_string(a);
    return out;
  }
  if (d.point <= 0) {
    out += "0.";
    out.append(-d.point, '0');
    out += d.digits;
  } else if (static_cast<size_t>(d.point) >= d.digits.size()) {
    out += d.digits;
    out.append(d.point - d.digits.size(), '0');
  } else {
    out.append(d.digits, 0, d.point);
    out += '.';
    out.append(d.digits, d.point);
  }
  return out;
}

std::string GoQuote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size() + 2);
  out += '"';
  for (size_t i = 0; i < s.size();) {
    uint32_t r;
    int n = DecodeRune(s, i, &r);
    if (n == 0) {
      unsigned char b = s[i];
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0xF];
      ++i;
      continue;
    }
    if (r == '"' || r == '\\') {
      out += '\\';
      out += static_cast<char>(r);
    } else if (r >= 0x20 && r < 0x7F) {
      out += static_cast<char>(r);
    } else if (r >= 0x80 && IsPrintNonASCII(r)) {
      out.append(s.substr(i, n));
    } else {
      switch (r) {
        case '\a':
          out += "\\a";
          break;
        case '\b':
          out += "\\b";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\v':
          out += "\\v";
          break;
        default: {
          char buf[16];
          if (r < 0x20 || r == 0x7F) {
            std::snprintf(buf, sizeof(buf), "\\x%02x", r);
          } else if (r < 0x10000) {
            std::snprintf(buf, sizeof(buf), "\\u%04x", r);
          } else {
            std::snprintf(buf, sizeof(buf), "\\U%08x", r);
          }
          out += buf;
        }
      }
    }
    i += n;
  }
  out += '"';
  return out;
}

std::optional<std::string> GoUnquote(std::string_view literal) {
  if (literal.size() < 2) return std::nullopt;
  char quote = literal.front();
  if (quote != literal.back()) return std::nullopt;
  std::string_view s = literal.substr(1, literal.size() - 2);
  if (quote == '`') {
    if (s.find('`') != std::string_view::npos) return std::nullopt;
    return std::string(s);
  }
  if (quote != '"' && quote != '\'') return std::nullopt;
  if (s.find('\n') != std::string_view::npos) return std::nullopt;
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (c == quote) return std::nullopt;
    if (c != '\\') {
      out += c;
      ++i;
      continue;
    }
    if (i + 1 >= s.size()) return std::nullopt;
    size_t n = UnquoteEscape(s, i + 1, quote, out);
    if (n == 0) return std::nullopt;
    i += 1 + n;
  }
  return out;
}

}  // namespace tocsin::promql
