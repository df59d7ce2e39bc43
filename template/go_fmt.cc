#include "template/go_fmt.h"

#include <cmath>
#include <cstdint>
#include <cstdio>

#include "template/go_strconv.h"
#include "template/unicode.h"

namespace tocsin::tmpl {
namespace {

constexpr std::string_view kLowerDigits = "0123456789abcdefx";
constexpr std::string_view kUpperDigits = "0123456789ABCDEFX";

bool TooLarge(int x) { return x > 1000000 || x < -1000000; }

// The flags, width and precision of one verb.
struct Spec {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  bool wid_present = false, prec_present = false;
  int wid = 0, prec = 0;
};

// Whether the value is of a predeclared type that fmt formats without
// looking for methods (bool, int, float64, string).
bool IsPredeclared(const Value& v) {
  const Type* t = v.type();
  return t == BoolType() || t == IntType() || t == Int64Type() ||
         t == Float64Type() || t == StringType();
}

class Printer {
 public:
  explicit Printer(std::string& out, bool indirect_top = false)
      : buf_(out), indirect_top_(indirect_top) {}

  void PrintArg(const Value& arg, int32_t verb);
  void DoPrintf(std::string_view format, std::span<const Value> args);
  Spec& spec() { return f_; }

 private:
  // Layout.
  void WritePadding(int n);
  void Pad(std::string_view s);
  void PadString(std::string_view s) { Pad(s); }

  // Formatting of each kind.
  void FmtBool(bool b, int32_t verb);
  void FmtInteger(uint64_t u, bool is_signed, int32_t verb);
  void FmtIntegerBase(uint64_t u, int base, bool is_signed, int32_t verb,
                      std::string_view digits);
  void FmtC(uint64_t c);
  void FmtQc(uint64_t c);
  void FmtUnicode(uint64_t u);
  void FmtFloat(double v, int32_t verb);
  void FmtFloatWith(double v, char verb, int prec);
  void FmtString(std::string_view s, int32_t verb);
  void FmtS(std::string_view s);
  void FmtSx(std::string_view s, std::string_view digits);
  void FmtQ(std::string_view s);
  void FmtPointer(const Value& v, int32_t verb);
  std::string_view Truncate(std::string_view s) const;

  bool HandleMethods(const Value& v, int32_t verb);
  void PrintValue(const Value& v, int32_t verb, int depth);
  void BadVerb(const Value& v, int32_t verb);

  std::string& buf_;
  Spec f_;
  bool erroring_ = false;
  bool indirect_top_;  // print a top-level pointer as what it points to
};

void Printer::WritePadding(int n) {
  if (n <= 0) return;
  buf_.append(n, f_.zero ? '0' : ' ');
}

void Printer::Pad(std::string_view s) {
  if (!f_.wid_present || f_.wid == 0) {
    buf_.append(s);
    return;
  }
  int width = f_.wid - static_cast<int>(RuneCount(s));
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
  int32_t r = c > static_cast<uint64_t>(kMaxRune) ? kRuneError
                                                  : static_cast<int32_t>(c);
  std::string s;
  AppendRune(s, r);
  Pad(s);
}

void Printer::FmtQc(uint64_t c) {
  int32_t r = c > static_cast<uint64_t>(kMaxRune) ? kRuneError
                                                  : static_cast<int32_t>(c);
  std::string q = QuoteRune(r);
  if (f_.plus) {
    // QuoteRuneToASCII: escape everything outside ASCII.
    std::string raw;
    AppendRune(raw, r);
    q = QuoteToASCII(raw);
    q.front() = q.back() = '\'';
    if (r == '\'') q = "'\\''";
    if (r == '"') q = "'\"'";
  }
  Pad(q);
}

void Printer::FmtUnicode(uint64_t u) {
  std::string hex = FormatUint(u, 16);
  for (char& c : hex) c = static_cast<char>(std::toupper(c));
  int prec = 4;
  if (f_.prec_present && f_.prec > 4) prec = f_.prec;
  while (static_cast<int>(hex.size()) < prec) hex.insert(hex.begin(), '0');
  std::string s = "U+" + hex;
  if (f_.sharp && u <= static_cast<uint64_t>(kMaxRune) &&
      IsPrint(static_cast<int32_t>(u))) {
    s += " '";
    AppendRune(s, static_cast<int32_t>(u));
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

void Printer::FmtFloatWith(double v, char verb, int prec) {
  if (f_.prec_present) prec = f_.prec;
  std::string num;
  if (verb == 'x' || verb == 'X') {
    num = HexFloat(v, verb == 'X');
  } else {
    num = FormatFloat(v, verb, prec);
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
  for (size_t i = 0; i < s.size(); i += DecodeRune(s, i).size) {
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
  if (f_.sharp && CanBackquote(s)) {
    PadString("`" + std::string(s) + "`");
    return;
  }
  Pad(f_.plus ? QuoteToASCII(s) : Quote(s));
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
        PadString("0x" + FormatUint(u, 16));
      }
      break;
    case 'p':
      PadString("0x" + FormatUint(u, 16));
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

bool Printer::HandleMethods(const Value& v, int32_t verb) {
  if (erroring_ || !v.valid() || !v.type()->stringer || v.is_nil()) {
    return false;
  }
  switch (verb) {
    case 'v':
    case 's':
    case 'x':
    case 'X':
    case 'q':
      if (f_.sharp_v) return false;
      FmtString(v.type()->stringer(v), verb);
      return true;
  }
  return false;
}

void Printer::BadVerb(const Value& v, int32_t verb) {
  erroring_ = true;
  buf_ += "%!";
  AppendRune(buf_, verb);
  buf_ += '(';
  if (v.valid() && !(v.is_nil() && v.kind() == Kind::kInterface)) {
    buf_ += v.type()->name;
    buf_ += '=';
    PrintArg(v, 'v');
  } else {
    buf_ += "<nil>";
  }
  buf_ += ')';
  erroring_ = false;
}

void Printer::PrintArg(const Value& arg, int32_t verb) {
  if (!arg.valid() || (arg.is_nil() && arg.kind() == Kind::kInterface)) {
    if (verb == 'T' || verb == 'v') {
      PadString("<nil>");
    } else {
      BadVerb(Value(), verb);
    }
    return;
  }
  if (verb == 'T') {
    FmtS(arg.type()->name);
    return;
  }
  if (verb == 'p') {
    FmtPointer(arg, 'p');
    return;
  }
  if (IsPredeclared(arg)) {
    PrintValue(arg, verb, 0);
    return;
  }
  if (!HandleMethods(arg, verb)) PrintValue(arg, verb, 0);
}

void Printer::PrintValue(const Value& v, int32_t verb, int depth) {
  if (depth > 0 && v.valid() && HandleMethods(v, verb)) return;
  if (!v.valid() || (v.is_nil() && v.kind() == Kind::kInterface)) {
    if (depth == 0) {
      FmtS("<invalid reflect.Value>");
    } else if (verb == 'v') {
      FmtS("<nil>");
    } else {
      BadVerb(Value(), verb);
    }
    return;
  }
  switch (v.kind()) {
    case Kind::kBool:
      FmtBool(v.AsBool(), verb);
      return;
    case Kind::kInt:
      FmtInteger(static_cast<uint64_t>(v.AsInt()), true, verb);
      return;
    case Kind::kFloat:
      FmtFloat(v.AsFloat(), verb);
      return;
    case Kind::kString:
      FmtString(v.AsString(), verb);
      return;
    case Kind::kMap: {
      buf_ += "map[";
      bool first = true;
      for (const Value::Entry& e : v.AsMap()) {
        if (!first) buf_ += ' ';
        first = false;
        PrintValue(Value::String(e.first), verb, depth + 1);
        buf_ += ':';
        PrintValue(e.second, verb, depth + 1);
      }
      buf_ += ']';
      return;
    }
    case Kind::kList: {
      buf_ += '[';
      bool first = true;
      for (const Value& item : v.AsList()) {
        if (!first) buf_ += ' ';
        first = false;
        PrintValue(item, verb, depth + 1);
      }
      buf_ += ']';
      return;
    }
    case Kind::kStruct: {
      if (v.type()->pointer) {
        if (depth != 0 || v.is_nil()) {
          FmtPointer(v, verb);
          return;
        }
        if (!indirect_top_) buf_ += '&';
      }
      buf_ += '{';
      std::vector<Value::Entry> fields;
      if (v.type()->fmt_fields) {
        fields = v.type()->fmt_fields(v);
      } else {
        std::span<const Value> values = v.Fields();
        for (size_t i = 0; i < v.type()->fields.size() && i < values.size();
             ++i) {
          fields.emplace_back(v.type()->fields[i].name, values[i]);
        }
      }
      for (size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) buf_ += ' ';
        if (f_.plus_v || f_.sharp_v) {
          buf_ += fields[i].first;
          buf_ += ':';
        }
        PrintValue(fields[i].second, verb, depth + 1);
      }
      buf_ += '}';
      return;
    }
    case Kind::kInterface:
    case Kind::kReflectValue:
      FmtS("<nil>");
      return;
  }
}

// Go's parsenum: a decimal number at s[i:end].
bool ParseNum(std::string_view s, size_t& i, size_t end, int& num) {
  num = 0;
  bool isnum = false;
  for (; i < end && s[i] >= '0' && s[i] <= '9'; ++i) {
    if (TooLarge(num)) {
      i = end;
      return false;
    }
    num = num * 10 + (s[i] - '0');
    isnum = true;
  }
  return isnum;
}

// An int argument used as a width or precision (`*`).
bool IntFromArg(std::span<const Value> args, size_t& arg_num, int& num) {
  num = 0;
  bool is_int = false;
  if (arg_num < args.size()) {
    const Value& a = args[arg_num];
    if (a.valid() && !a.is_nil() && a.kind() == Kind::kInt) {
      int64_t n = a.AsInt();
      if (n >= INT32_MIN && n <= INT32_MAX) {
        num = static_cast<int>(n);
        is_int = true;
      }
    }
    ++arg_num;
    if (TooLarge(num)) {
      num = 0;
      is_int = false;
    }
  }
  return is_int;
}

void Printer::DoPrintf(std::string_view format, std::span<const Value> args) {
  size_t end = format.size();
  size_t arg_num = 0;
  bool after_index = false;
  bool reordered = false;
  bool good_arg_num = true;
  // Go's argNumber: an optional [n] at format[i].
  auto arg_number = [&](size_t& i) -> bool {
    if (i >= end || format[i] != '[') return false;
    reordered = true;
    // parseArgNumber
    bool ok = false;
    size_t wid = 1;
    int index = 0;
    if (end - i >= 3) {
      for (size_t j = i + 1; j < end; ++j) {
        if (format[j] == ']') {
          size_t k = i + 1;
          int n;
          bool isnum = ParseNum(format, k, j, n);
          wid = j - i + 1;
          if (isnum && k == j) {
            ok = true;
            index = n - 1;
          }
          break;
        }
      }
    }
    if (ok && index >= 0 && static_cast<size_t>(index) < args.size()) {
      arg_num = index;
      i += wid;
      return true;
    }
    good_arg_num = false;
    i += wid;
    return ok;
  };
  for (size_t i = 0; i < end;) {
    good_arg_num = true;
    size_t lasti = i;
    while (i < end && format[i] != '%') ++i;
    if (i > lasti) buf_.append(format.substr(lasti, i - lasti));
    if (i >= end) break;
    ++i;
    f_ = Spec();
    bool simple_done = false;
    for (; i < end; ++i) {
      char c = format[i];
      if (c == '#') {
        f_.sharp = true;
      } else if (c == '0') {
        f_.zero = !f_.minus;
      } else if (c == '+') {
        f_.plus = true;
      } else if (c == '-') {
        f_.minus = true;
        f_.zero = false;
      } else if (c == ' ') {
        f_.space = true;
      } else {
        if (c >= 'a' && c <= 'z' && arg_num < args.size()) {
          if (c == 'v') {
            f_.sharp_v = f_.sharp;
            f_.sharp = false;
            f_.plus_v = f_.plus;
            f_.plus = false;
          }
          PrintArg(args[arg_num], c);
          ++arg_num;
          ++i;
          simple_done = true;
        }
        break;
      }
    }
    if (simple_done) continue;

    after_index = arg_number(i);
    if (i < end && format[i] == '*') {
      ++i;
      f_.wid_present = IntFromArg(args, arg_num, f_.wid);
      if (!f_.wid_present) buf_ += "%!(BADWIDTH)";
      if (f_.wid < 0) {
        f_.wid = -f_.wid;
        f_.minus = true;
        f_.zero = false;
      }
      after_index = false;
    } else {
      f_.wid_present = ParseNum(format, i, end, f_.wid);
      if (after_index && f_.wid_present) good_arg_num = false;
    }
    if (i + 1 < end && format[i] == '.') {
      ++i;
      if (after_index) good_arg_num = false;
      after_index = arg_number(i);
      if (i < end && format[i] == '*') {
        ++i;
        f_.prec_present = IntFromArg(args, arg_num, f_.prec);
        if (f_.prec < 0) {
          f_.prec = 0;
          f_.prec_present = false;
        }
        if (!f_.prec_present) buf_ += "%!(BADPREC)";
        after_index = false;
      } else {
        f_.prec_present = ParseNum(format, i, end, f_.prec);
        if (!f_.prec_present) {
          f_.prec = 0;
          f_.prec_present = true;
        }
      }
    }
    if (!after_index) after_index = arg_number(i);
    if (i >= end) {
      buf_ += "%!(NOVERB)";
      break;
    }
    DecodedRune d = DecodeRune(format, i);
    int32_t verb = d.rune;
    i += d.size;
    if (verb == '%') {
      buf_ += '%';
    } else if (!good_arg_num) {
      buf_ += "%!";
      AppendRune(buf_, verb);
      buf_ += "(BADINDEX)";
    } else if (arg_num >= args.size()) {
      buf_ += "%!";
      AppendRune(buf_, verb);
      buf_ += "(MISSING)";
    } else {
      if (verb == 'v') {
        f_.sharp_v = f_.sharp;
        f_.sharp = false;
        f_.plus_v = f_.plus;
        f_.plus = false;
      }
      PrintArg(args[arg_num], verb);
      ++arg_num;
    }
  }
  if (!reordered && arg_num < args.size()) {
    f_ = Spec();
    buf_ += "%!(EXTRA ";
    for (size_t k = arg_num; k < args.size(); ++k) {
      if (k > arg_num) buf_ += ", ";
      const Value& a = args[k];
      if (!a.valid() || (a.is_nil() && a.kind() == Kind::kInterface)) {
        buf_ += "<nil>";
      } else {
        buf_ += a.type()->name;
        buf_ += '=';
        PrintArg(a, 'v');
      }
    }
    buf_ += ')';
  }
}

bool IsStringArg(const Value& v) {
  return v.valid() && !(v.is_nil() && v.kind() == Kind::kInterface) &&
         v.kind() == Kind::kString;
}

}  // namespace

std::string Sprint(std::span<const Value> args) {
  std::string out;
  Printer p(out);
  bool prev_string = false;
  for (size_t i = 0; i < args.size(); ++i) {
    bool is_string = IsStringArg(args[i]);
    if (i > 0 && !is_string && !prev_string) out += ' ';
    p.spec() = Spec();
    p.PrintArg(args[i], 'v');
    prev_string = is_string;
  }
  return out;
}

std::string Sprintln(std::span<const Value> args) {
  std::string out;
  Printer p(out);
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ' ';
    p.spec() = Spec();
    p.PrintArg(args[i], 'v');
  }
  out += '\n';
  return out;
}

std::string Sprintf(std::string_view format, std::span<const Value> args) {
  std::string out;
  Printer p(out);
  p.DoPrintf(format, args);
  return out;
}

void AppendPrint(std::string& out, const Value& v) {
  Printer p(out);
  p.PrintArg(v, 'v');
}

void AppendPrintIndirect(std::string& out, const Value& v) {
  Printer p(out, /*indirect_top=*/true);
  p.PrintArg(v, 'v');
}

}  // namespace tocsin::tmpl
