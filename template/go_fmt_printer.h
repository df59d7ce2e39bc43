// Internal to go_fmt: the printer behind Sprint/Sprintf, split between the
// formatting of each kind of value (go_fmt_printer.cc) and argument and
// format-string handling (go_fmt.cc). Not thread-safe; one per call.

#ifndef TOCSIN_TEMPLATE_GO_FMT_PRINTER_H_
#define TOCSIN_TEMPLATE_GO_FMT_PRINTER_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "template/value.h"

namespace tocsin::tmpl::fmt_internal {

inline constexpr std::string_view kLowerDigits = "0123456789abcdefx";
inline constexpr std::string_view kUpperDigits = "0123456789ABCDEFX";

inline bool TooLarge(int x) { return x > 1000000 || x < -1000000; }

// The flags, width and precision of one verb.
struct Spec {
  bool plus = false, minus = false, sharp = false, space = false, zero = false;
  bool plus_v = false, sharp_v = false;
  bool wid_present = false, prec_present = false;
  int wid = 0, prec = 0;
};

// Whether the value is of a predeclared type that fmt formats without
// looking for methods (bool, int, float64, string).
inline bool IsPredeclared(const Value& v) {
  const Type* t = v.type();
  return t == BoolType() || t == IntType() || t == Int64Type() ||
         t == Float64Type() || t == StringType();
}

// The state of one Sprintf: the position in the format and the next
// argument.
struct PrintfState {
  std::string_view format;
  std::span<const Value> args;
  size_t i = 0;
  size_t arg_num = 0;
  bool reordered = false;
  bool good_arg_num = true;
  bool after_index = false;
};

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
  void PrintMap(const Value& v, int32_t verb, int depth);
  void PrintList(const Value& v, int32_t verb, int depth);
  void PrintStruct(const Value& v, int32_t verb, int depth);
  void BadVerb(const Value& v, int32_t verb);

  // Sprintf's steps.
  bool ArgNumber(PrintfState& st);
  void SetVerbFlags(int32_t verb);
  bool SimpleFormat(PrintfState& st);
  void WidthAndPrecision(PrintfState& st);
  void PrintVerb(PrintfState& st);
  void WriteExtra(const PrintfState& st);

  std::string& buf_;
  Spec f_;
  bool erroring_ = false;
  bool indirect_top_;  // print a top-level pointer as what it points to
};

}  // namespace tocsin::tmpl::fmt_internal

#endif  // TOCSIN_TEMPLATE_GO_FMT_PRINTER_H_
