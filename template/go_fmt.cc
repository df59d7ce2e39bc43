#include "template/go_fmt.h"

#include "go/strconv.h"
#include "go/unicode.h"
#include "template/go_fmt_printer.h"

namespace tocsin::tmpl {
namespace fmt_internal {
namespace {

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

}  // namespace

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
  go::AppendRune(buf_, verb);
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

void Printer::PrintMap(const Value& v, int32_t verb, int depth) {
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
}

void Printer::PrintList(const Value& v, int32_t verb, int depth) {
  buf_ += '[';
  bool first = true;
  for (const Value& item : v.AsList()) {
    if (!first) buf_ += ' ';
    first = false;
    PrintValue(item, verb, depth + 1);
  }
  buf_ += ']';
}

void Printer::PrintStruct(const Value& v, int32_t verb, int depth) {
  if (v.type()->pointer) {
    if (depth != 0 || v.is_nil()) {
      FmtPointer(v, verb);
      return;
    }
    if (!indirect_top_) buf_ += '&';
  }
  std::vector<Value::Entry> fields;
  if (v.type()->fmt_fields) {
    fields = v.type()->fmt_fields(v);
  } else {
    std::span<const Value> values = v.Fields();
    for (size_t i = 0; i < v.type()->fields.size() && i < values.size(); ++i) {
      fields.emplace_back(v.type()->fields[i].name, values[i]);
    }
  }
  buf_ += '{';
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) buf_ += ' ';
    if (f_.plus_v || f_.sharp_v) {
      buf_ += fields[i].first;
      buf_ += ':';
    }
    PrintValue(fields[i].second, verb, depth + 1);
  }
  buf_ += '}';
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
    case Kind::kMap:
      PrintMap(v, verb, depth);
      return;
    case Kind::kList:
      PrintList(v, verb, depth);
      return;
    case Kind::kStruct:
      PrintStruct(v, verb, depth);
      return;
    case Kind::kInterface:
    case Kind::kReflectValue:
      FmtS("<nil>");
      return;
  }
}

// Go's argNumber: an optional explicit argument index "[n]" at st.i.
bool Printer::ArgNumber(PrintfState& st) {
  std::string_view format = st.format;
  size_t end = format.size();
  if (st.i >= end || format[st.i] != '[') return false;
  st.reordered = true;
  bool ok = false;
  size_t wid = 1;
  int index = 0;
  if (end - st.i >= 3) {
    for (size_t j = st.i + 1; j < end; ++j) {
      if (format[j] != ']') continue;
      size_t k = st.i + 1;
      int n;
      bool isnum = ParseNum(format, k, j, n);
      wid = j - st.i + 1;
      if (isnum && k == j) {
        ok = true;
        index = n - 1;
      }
      break;
    }
  }
  st.i += wid;
  if (ok && index >= 0 && static_cast<size_t>(index) < st.args.size()) {
    st.arg_num = index;
    return true;
  }
  st.good_arg_num = false;
  return ok;
}

void Printer::SetVerbFlags(int32_t verb) {
  if (verb != 'v') return;
  f_.sharp_v = f_.sharp;
  f_.sharp = false;
  f_.plus_v = f_.plus;
  f_.plus = false;
}

// The flags after '%'; prints and returns true for the common case of
// flags followed by a lower-case verb.
bool Printer::SimpleFormat(PrintfState& st) {
  f_ = Spec();
  for (; st.i < st.format.size(); ++st.i) {
    char c = st.format[st.i];
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
      if (c < 'a' || c > 'z' || st.arg_num >= st.args.size()) return false;
      SetVerbFlags(c);
      PrintArg(st.args[st.arg_num++], c);
      ++st.i;
      return true;
    }
  }
  return false;
}

void Printer::WidthAndPrecision(PrintfState& st) {
  std::string_view format = st.format;
  size_t end = format.size();
  st.after_index = ArgNumber(st);
  if (st.i < end && format[st.i] == '*') {
    ++st.i;
    f_.wid_present = IntFromArg(st.args, st.arg_num, f_.wid);
    if (!f_.wid_present) buf_ += "%!(BADWIDTH)";
    if (f_.wid < 0) {
      f_.wid = -f_.wid;
      f_.minus = true;
      f_.zero = false;
    }
    st.after_index = false;
  } else {
    f_.wid_present = ParseNum(format, st.i, end, f_.wid);
    if (st.after_index && f_.wid_present) st.good_arg_num = false;
  }
  if (st.i + 1 < end && format[st.i] == '.') {
    ++st.i;
    if (st.after_index) st.good_arg_num = false;
    st.after_index = ArgNumber(st);
    if (st.i < end && format[st.i] == '*') {
      ++st.i;
      f_.prec_present = IntFromArg(st.args, st.arg_num, f_.prec);
      if (f_.prec < 0) {
        f_.prec = 0;
        f_.prec_present = false;
      }
      if (!f_.prec_present) buf_ += "%!(BADPREC)";
      st.after_index = false;
    } else {
      f_.prec_present = ParseNum(format, st.i, end, f_.prec);
      if (!f_.prec_present) {
        f_.prec = 0;
        f_.prec_present = true;
      }
    }
  }
  if (!st.after_index) st.after_index = ArgNumber(st);
}

void Printer::PrintVerb(PrintfState& st) {
  go::DecodedRune d = go::DecodeRune(st.format, st.i);
  int32_t verb = d.rune;
  st.i += d.size;
  if (verb == '%') {
    buf_ += '%';
  } else if (!st.good_arg_num || st.arg_num >= st.args.size()) {
    buf_ += "%!";
    go::AppendRune(buf_, verb);
    buf_ += st.good_arg_num ? "(MISSING)" : "(BADINDEX)";
  } else {
    SetVerbFlags(verb);
    PrintArg(st.args[st.arg_num++], verb);
  }
}

void Printer::WriteExtra(const PrintfState& st) {
  f_ = Spec();
  buf_ += "%!(EXTRA ";
  for (size_t k = st.arg_num; k < st.args.size(); ++k) {
    if (k > st.arg_num) buf_ += ", ";
    const Value& a = st.args[k];
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

void Printer::DoPrintf(std::string_view format, std::span<const Value> args) {
  PrintfState st{format, args};
  size_t end = format.size();
  while (st.i < end) {
    st.good_arg_num = true;
    size_t lasti = st.i;
    while (st.i < end && format[st.i] != '%') ++st.i;
    if (st.i > lasti) buf_.append(format.substr(lasti, st.i - lasti));
    if (st.i >= end) break;
    ++st.i;
    if (SimpleFormat(st)) continue;
    WidthAndPrecision(st);
    if (st.i >= end) {
      buf_ += "%!(NOVERB)";
      break;
    }
    PrintVerb(st);
  }
  if (!st.reordered && st.arg_num < args.size()) WriteExtra(st);
}

}  // namespace fmt_internal

using fmt_internal::Printer;
using fmt_internal::Spec;

namespace {

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
