// The formatting of each kind of value: padding, booleans, integers in
// every base, floats, strings, quoted strings and pointers.

#include "template/go_fmt_printer.h"

#include <cstdio>

#include "go/strconv.h"
#include "go/unicode.h"

namespace tocsin::tmpl::fmt_internal {
namespace {

// Go's %x of a float: hexadecimal mantissa and a binary exponent of at
// least two digits ("0x1.8p+01").
std::string HexFloat(double v, bool upper) {
  char tmp[64];
  std::snprintf(tmp, sizeof(tmp), "%a", v);
  std::string s(tmp);
  size_t p = s.find('p');
  if (p != std::string::npos && p + 2 < s.size() + 1) {
    std::string exp = s.substr(p + 2);
    if (exp.size() < 2) s = s.substr(0, p + 2) + "0" + exp;
  }
  if (upper) {
    for (char& c : s) c = static_cast<char>(std::toupper(c));
  }
  return s;
}

}  // namespace

void Printer::WritePadding(int n) {
  if (n <= 0) return;
  buf_.append(n, f_.zero ? '0' : ' ');
}

void Printer::Pad(std::string_view s) {
  if (!f_.wid_present || f_.wid == 0) {
    buf_.append(s);
    return;
  }
  int width = f_.wid - static_cast<int>(go::RuneCount(s));
  if (!f_.minus) {
    WritePadding(width);
    buf_.append(s);
  } else {
    buf_.append(s);
    WritePadding(width);
  }
}

void Printer::FmtBool(bool b, int32_t verb) {
  if (verb == 't' || verb == 'v') {
    PadString(b ? "true" : "false");
  } else {
    BadVerb(Value::Bool(b), verb);
  }
}

void Printer::FmtIntegerBase(uint64_t u, int base, bool is_signed, int32_t verb,
                             std::string_view digits) {
  bool negative = is_signed && static_cast<int64_t>(u) < 0;
  if (negative) u = 0 - u;
  int prec = 0;
  if (f_.prec_present) {
    prec = f_.prec;
    if (prec == 0 && u == 0) {
      bool old_zero = f_.zero;
      f_.zero = false;
      WritePadding(f_.wid);
      f_.zero = old_zero;
      return;
    }
  } else if (f_.zero && f_.wid_present) {
    prec = f_.wid;
    if (negative || f_.plus || f_.space) --prec;
  }
  std::string num;
  do {
    num.insert(num.begin(), digits[u % base]);
    u /= base;
  } while (u > 0);
  while (static_cast<int>(num.size()) < prec) num.insert(num.begin(), '0');
  if (f_.sharp) {
    switch (base) {
      case 2:
        num.insert(0, "0b");
        break;
      case 8:
        if (num[0] != '0') num.insert(num.begin(), '0');
        break;
      case 16:
        num.insert(0, 1, digits[16]);
        num.insert(num.begin(), '0');
        break;
    }
  }
  if (verb == 'O') num.insert(0, "0o");
  if (negative) {
    num.insert(num.begin(), '-');
  } else if (f_.plus) {
    num.insert(num.begin(), '+');
  } else if (f_.space) {
    num.insert(num.begin(), ' ');
  }
  bool old_zero = f_.zero;
  f_.zero = false;
  Pad(num);
  f_.zero = old_zero;
}

void Printer::FmtC(uint64_t c) {
  int32_t r = c > static_cast<uint64_t>(go::kMaxRune) ? go::kRuneError
                                                      : static_cast<int32_t>(c);
  std::string s;
  go::AppendRune(s, r);
  Pad(s);
}

void Printer::FmtQc(uint64_t c) {
  int32_t r = c > static_cast<uint64_t>(go::kMaxRune) ? go::kRuneError
                                                      : static_cast<int32_t>(c);
  std::string q = go::QuoteRune(r);
  if (f_.plus) {
    // QuoteRuneToASCII: escape everything outside ASCII.
    std::string raw;
    go::AppendRune(raw, r);
    q = go::QuoteToASCII(raw);
    q.front() = q.back() = '\'';
    if (r == '\'') q = "'\\''";
    if (r == '"') q = "'\"'";
  }
  Pad(q);
}

void Printer::FmtUnicode(uint64_t u) {
  std::string hex = go::FormatUint(u, 16);
  for (char& c : hex) c = static_cast<char>(std::toupper(c));
  int prec = 4;
  if (f_.prec_present && f_.prec > 4) prec = f_.prec;
  while (static_cast<int>(hex.size()) < prec) hex.insert(hex.begin(), '0');
  std::string s = "U+" + hex;
  if (f_.sharp && u <= static_cast<uint64_t>(go::kMaxRune) &&
      go::IsPrint(static_cast<int32_t>(u))) {
    s += " '";
    go::AppendRune(s, static_cast<int32_t>(u));
    s += '\'';
  }
  bool old_zero = f_.zero;
  f_.zero = false;
  Pad(s);
  f_.zero = old_zero;
}

void Printer::FmtInteger(uint64_t u, bool is_signed, int32_t verb) {
  switch (verb) {
    case 'v':
    case 'd':
      FmtIntegerBase(u, 10, is_signed, verb, kLowerDigits);
      break;
    case 'b':
      FmtIntegerBase(u, 2, is_signed, verb, kLowerDigits);
      break;
    case 'o':
    case 'O':
      FmtIntegerBase(u, 8, is_signed, verb, kLowerDigits);
      break;
    case 'x':
      FmtIntegerBase(u, 16, is_signed, verb, kLowerDigits);
      break;
    case 'X':
      FmtIntegerBase(u, 16, is_signed, verb, kUpperDigits);
      break;
    case 'c':
      FmtC(u);
      break;
    case 'q':
      FmtQc(u);
      break;
    case 'U':
      FmtUnicode(u);
      break;
    default:
      BadVerb(Value::Int(static_cast<int64_t>(u)), verb);
  }
}

void Printer::FmtFloatWith(double v, char verb, int prec) {
  if (f_.prec_present) prec = f_.prec;
  std::string num;
  if (verb == 'x' || verb == 'X') {
    num = HexFloat(v, verb == 'X');
  } else {
    num = go::FormatFloat(v, verb, prec);
  }
  if (num[0] != '-' && num[0] != '+') num.insert(num.begin(), '+');
  if (f_.space && num[0] == '+' && !f_.plus) num[0] = ' ';
  if (num[1] == 'I' || num[1] == 'N') {
    bool old_zero = f_.zero;
    f_.zero = false;
    if (num[1] == 'N' && !f_.space && !f_.plus) num.erase(0, 1);
    Pad(num);
    f_.zero = old_zero;
    return;
  }
  if (f_.sharp && verb != 'b') {
    int digits = 0;
    if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') {
      digits = prec < 0 ? 6 : prec;
    }
    std::string tail;
    bool has_point = false, saw_nonzero = false;
    for (size_t i = 1; i < num.size(); ++i) {
      char c = num[i];
      if (c == '.') {
        has_point = true;
      } else if (c == 'p' || c == 'P' ||
                 ((c == 'e' || c == 'E') && verb != 'x' && verb != 'X')) {
        tail = num.substr(i);
        num.resize(i);
        break;
      } else {
        if (c != '0') saw_nonzero = true;
        if (saw_nonzero) --digits;
      }
    }
    if (!has_point) {
      if (num.size() == 2 && num[1] == '0') --digits;
      num += '.';
    }
    for (; digits > 0; --digits) num += '0';
    num += tail;
  }
  if (f_.plus || num[0] != '+') {
    if (f_.zero && f_.wid_present && f_.wid > static_cast<int>(num.size())) {
      buf_ += num[0];
      WritePadding(f_.wid - static_cast<int>(num.size()));
      buf_.append(num, 1);
      return;
    }
    Pad(num);
    return;
  }
  Pad(std::string_view(num).substr(1));
}

void Printer::FmtFloat(double v, int32_t verb) {
  switch (verb) {
    case 'v':
      FmtFloatWith(v, 'g', -1);
      break;
    case 'b':
    case 'g':
    case 'G':
    case 'x':
    case 'X':
      FmtFloatWith(v, static_cast<char>(verb), -1);
      break;
    case 'f':
    case 'e':
    case 'E':
      FmtFloatWith(v, static_cast<char>(verb), 6);
      break;
    case 'F':
      FmtFloatWith(v, 'f', 6);
      break;
    default:
      BadVerb(Value::Float(v), verb);
  }
}

std::string_view Printer::Truncate(std::string_view s) const {
  if (!f_.prec_present) return s;
  int n = f_.prec;
  for (size_t i = 0; i < s.size(); i += go::DecodeRune(s, i).size) {
    if (--n < 0) return s.substr(0, i);
  }
  return s;
}

void Printer::FmtS(std::string_view s) { Pad(Truncate(s)); }

void Printer::FmtSx(std::string_view s, std::string_view digits) {
  int length = static_cast<int>(s.size());
  if (f_.prec_present && f_.prec < length) length = f_.prec;
  int width = 2 * length;
  if (width > 0) {
    if (f_.space) {
      if (f_.sharp) width *= 2;
      width += length - 1;
    } else if (f_.sharp) {
      width += 2;
    }
  } else {
    if (f_.wid_present) WritePadding(f_.wid);
    return;
  }
  if (f_.wid_present && f_.wid > width && !f_.minus) {
    WritePadding(f_.wid - width);
  }
  if (f_.sharp) {
    buf_ += '0';
    buf_ += digits[16];
  }
  for (int i = 0; i < length; ++i) {
    if (f_.space && i > 0) {
      buf_ += ' ';
      if (f_.sharp) {
        buf_ += '0';
        buf_ += digits[16];
      }
    }
    unsigned char c = s[i];
    buf_ += digits[c >> 4];
    buf_ += digits[c & 0xF];
  }
  if (f_.wid_present && f_.wid > width && f_.minus) {
    WritePadding(f_.wid - width);
  }
}

void Printer::FmtQ(std::string_view s) {
  s = Truncate(s);
  if (f_.sharp && go::CanBackquote(s)) {
    PadString("`" + std::string(s) + "`");
    return;
  }
  Pad(f_.plus ? go::QuoteToASCII(s) : go::Quote(s));
}

void Printer::FmtString(std::string_view s, int32_t verb) {
  switch (verb) {
    case 'v':
      if (f_.sharp_v) {
        FmtQ(s);
      } else {
        FmtS(s);
      }
      break;
    case 's':
      FmtS(s);
      break;
    case 'x':
      FmtSx(s, kLowerDigits);
      break;
    case 'X':
      FmtSx(s, kUpperDigits);
      break;
    case 'q':
      FmtQ(s);
      break;
    default:
      BadVerb(Value::String(std::string(s)), verb);
  }
}

void Printer::FmtPointer(const Value& v, int32_t verb) {
  uint64_t u = 0;
  if (!v.is_nil()) {
    u = 0xc000010000ULL +
        (reinterpret_cast<uintptr_t>(v.Fields().data()) & 0xFFFFF0);
  }
  switch (verb) {
    case 'v':
      if (u == 0) {
        PadString("<nil>");
      } else {
        PadString("0x" + go::FormatUint(u, 16));
      }
      break;
    case 'p':
      PadString("0x" + go::FormatUint(u, 16));
      break;
    case 'b':
    case 'o':
    case 'd':
    case 'x':
    case 'X':
      FmtInteger(u, false, verb);
      break;
    default:
      BadVerb(v, verb);
  }
}

}  // namespace tocsin::tmpl::fmt_internal
