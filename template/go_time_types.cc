// The template types time.Time, *time.Time, time.Duration, time.Month and
// time.Weekday (declared in go_time.h).

#include <memory>

#include "template/go_time.h"

namespace tocsin::tmpl {
namespace {

using Args = std::span<const Value>;

Value Duration(int64_t ns) { return Value::Scalar(DurationType(), ns); }
Value Int64(int64_t v) { return Value::Scalar(Int64Type(), v); }

const Type* MonthType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "time.Month";
    type->kind = Kind::kInt;
    type->stringer = [](const Value& v) -> std::string {
      static const char* kNames[] = {"January", "February", "March",
                                     "April",   "May",      "June",
                                     "July",    "August",   "September",
                                     "October", "November", "December"};
      int64_t m = v.AsInt();
      if (m >= 1 && m <= 12) return kNames[m - 1];
      return "%!Month(" + std::to_string(m) + ")";
    };
    return type;
  }();
  return t;
}

const Type* WeekdayType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "time.Weekday";
    type->kind = Kind::kInt;
    type->stringer = [](const Value& v) -> std::string {
      static const char* kNames[] = {"Sunday",    "Monday",   "Tuesday",
                                     "Wednesday", "Thursday", "Friday",
                                     "Saturday"};
      int64_t d = v.AsInt();
      if (d >= 0 && d <= 6) return kNames[d];
      return "%!Weekday(" + std::to_string(d) + ")";
    };
    return type;
  }();
  return t;
}

const Type* BareTimeType();

Func Method(std::string name, std::vector<const Type*> params,
            std::function<Result<Value>(const GoTime&, Args)> fn) {
  Func f;
  f.name = std::move(name);
  f.params = std::move(params);
  f.fn = [fn = std::move(fn)](const Value& recv, Args args) -> Result<Value> {
    const GoTime* t = AsTime(recv);
    if (t == nullptr) {
      return Status::Execution(
          "runtime error: invalid memory address or nil pointer dereference");
    }
    return fn(*t, args);
  };
  return f;
}

// A date field of the time in its own zone.
Value DatePart(const GoTime& t, std::string_view layout) {
  return Value::Int(std::stoll(FormatTime(t, layout)));
}

std::vector<Func> TimeMethods() {
  const Type* s = StringType();
  std::vector<Func> m;
  m.push_back(Method("Format", {s}, [](const GoTime& t, Args a) {
    return Result<Value>(Value::String(FormatTime(t, a[0].AsString())));
  }));
  m.push_back(Method("String", {}, [](const GoTime& t, Args) {
    return Result<Value>(Value::String(TimeString(t)));
  }));
  m.push_back(Method("Unix", {}, [](const GoTime& t, Args) {
    return Result<Value>(Int64(t.sec));
  }));
  m.push_back(Method("UnixMilli", {}, [](const GoTime& t, Args) {
    return Result<Value>(Int64(t.sec * 1000 + t.nsec / 1000000));
  }));
  m.push_back(Method("UnixNano", {}, [](const GoTime& t, Args) {
    return Result<Value>(Int64(t.UnixNano()));
  }));
  m.push_back(Method("UTC", {}, [](const GoTime& t, Args) {
    return Result<Value>(TimeValue(t.UTC()));
  }));
  m.push_back(Method("Local", {}, [](const GoTime& t, Args) {
    return Result<Value>(TimeValue(t.UTC()));
  }));
  m.push_back(Method("IsZero", {}, [](const GoTime& t, Args) {
    return Result<Value>(Value::Bool(t.IsZero()));
  }));
  m.push_back(Method("Add", {DurationType()}, [](const GoTime& t, Args a) {
    GoTime r = GoTime::FromUnixNano(t.UnixNano() + a[0].AsInt());
    r.offset = t.offset;
    r.zone = t.zone;
    return Result<Value>(TimeValue(r));
  }));
  m.push_back(Method("Sub", {BareTimeType()}, [](const GoTime& t, Args a) {
    return Result<Value>(Duration(t.UnixNano() - AsTime(a[0])->UnixNano()));
  }));
  m.push_back(Method("Before", {BareTimeType()}, [](const GoTime& t, Args a) {
    return Result<Value>(Value::Bool(t.UnixNano() < AsTime(a[0])->UnixNano()));
  }));
  m.push_back(Method("After", {BareTimeType()}, [](const GoTime& t, Args a) {
    return Result<Value>(Value::Bool(t.UnixNano() > AsTime(a[0])->UnixNano()));
  }));
  m.push_back(Method("Equal", {BareTimeType()}, [](const GoTime& t, Args a) {
    return Result<Value>(Value::Bool(t.UnixNano() == AsTime(a[0])->UnixNano()));
  }));
  m.push_back(Method("Year", {}, [](const GoTime& t, Args) {
    return Result<Value>(DatePart(t, "2006"));
  }));
  m.push_back(Method("Month", {}, [](const GoTime& t, Args) {
    return Result<Value>(Value::Scalar(
        MonthType(), static_cast<int64_t>(std::stoll(FormatTime(t, "1")))));
  }));
  m.push_back(Method("Day", {}, [](const GoTime& t, Args) {
    return Result<Value>(DatePart(t, "2"));
  }));
  m.push_back(Method("Hour", {}, [](const GoTime& t, Args) {
    return Result<Value>(DatePart(t, "15"));
  }));
  m.push_back(Method("Minute", {}, [](const GoTime& t, Args) {
    return Result<Value>(DatePart(t, "4"));
  }));
  m.push_back(Method("Second", {}, [](const GoTime& t, Args) {
    return Result<Value>(DatePart(t, "5"));
  }));
  m.push_back(Method("Nanosecond", {}, [](const GoTime& t, Args) {
    return Result<Value>(Value::Int(t.nsec));
  }));
  m.push_back(Method("YearDay", {}, [](const GoTime& t, Args) {
    return Result<Value>(DatePart(t, "002"));
  }));
  m.push_back(Method("Weekday", {}, [](const GoTime& t, Args) {
    static const std::string_view kDayNames[] = {"Sun", "Mon", "Tue", "Wed",
                                             "Thu", "Fri", "Sat"};
    std::string d = FormatTime(t, "Mon");
    int64_t i = 0;
    while (i < 7 && kDayNames[i] != d) ++i;
    return Result<Value>(Value::Scalar(WeekdayType(), i));
  }));
  return m;
}

Type* MakeTimeType(const char* name, bool pointer);

// The time.Time type before its methods are attached (methods take
// time.Time parameters).
const Type* BareTimeType() {
  static Type* t = MakeTimeType("time.Time", false);
  return t;
}

// *time.Location, as fmt sees a time's location: nil for UTC.
const Type* LocationPtrType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "*time.Location";
    type->kind = Kind::kStruct;
    type->pointer = true;
    return type;
  }();
  return t;
}

const Type* Uint64Type() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "uint64";
    type->kind = Kind::kInt;
    return type;
  }();
  return t;
}

Type* MakeTimeType(const char* name, bool pointer) {
  auto* t = new Type;
  t->name = name;
  t->kind = Kind::kStruct;
  t->pointer = pointer;
  t->stringer = [](const Value& v) { return TimeString(*AsTime(v)); };
  // Go's time.Time{wall, ext, loc} without a monotonic reading: wall holds
  // the nanoseconds, ext the seconds since January 1, year 1.
  t->fmt_fields = [](const Value& v) {
    const GoTime* tm = AsTime(v);
    std::vector<Value::Entry> f;
    f.emplace_back("wall", Value::Scalar(Uint64Type(), int64_t{tm->nsec}));
    f.emplace_back("ext", Int64(tm->sec - GoTime::kZeroSec));
    f.emplace_back("loc", tm->offset == 0 && tm->zone == "UTC"
                              ? Value::Nil(LocationPtrType())
                              : Value::Struct(LocationPtrType(), {}));
    return f;
  };
  return t;
}

}  // namespace

const Type* TimeType() {
  static const Type* t = [] {
    auto* type = const_cast<Type*>(BareTimeType());
    type->methods = TimeMethods();
    return type;
  }();
  return t;
}

const Type* TimePtrType() {
  static const Type* t = [] {
    Type* type = MakeTimeType("*time.Time", true);
    type->methods = TimeMethods();
    return type;
  }();
  return t;
}

const Type* DurationType() {
  static const Type* t = [] {
    auto* type = new Type;
    type->name = "time.Duration";
    type->kind = Kind::kInt;
    type->stringer = [](const Value& v) { return DurationText(v.AsInt()); };
    auto method = [](std::string name, double unit) {
      Func f;
      f.name = std::move(name);
      f.fn = [unit](const Value& recv, Args) -> Result<Value> {
        int64_t d = recv.AsInt();
        return Value::Float(static_cast<double>(d) / unit);
      };
      return f;
    };
    type->methods.push_back(method("Hours", 3600e9));
    type->methods.push_back(method("Minutes", 60e9));
    type->methods.push_back(method("Seconds", 1e9));
    Func ms;
    ms.name = "Milliseconds";
    ms.fn = [](const Value& recv, Args) -> Result<Value> {
      return Int64(recv.AsInt() / 1000000);
    };
    type->methods.push_back(std::move(ms));
    Func str;
    str.name = "String";
    str.fn = [](const Value& recv, Args) -> Result<Value> {
      return Value::String(DurationText(recv.AsInt()));
    };
    type->methods.push_back(std::move(str));
    return type;
  }();
  return t;
}

Value TimeValue(const GoTime& t) {
  return Value::Struct(TimeType(), {}, std::make_shared<const GoTime>(t));
}

Value TimePtrValue(const GoTime& t) {
  return Value::Struct(TimePtrType(), {}, std::make_shared<const GoTime>(t));
}

const GoTime* AsTime(const Value& v) {
  if (!v.valid() || (v.type() != TimeType() && v.type() != TimePtrType())) {
    return nullptr;
  }
  return static_cast<const GoTime*>(v.native());
}

}  // namespace tocsin::tmpl
