#include "template/humanize.h"

#include <cmath>
#include <cstdint>
#include <limits>

#include "go/strconv.h"
#include "template/go_fmt.h"

namespace tocsin::tmpl {
namespace {

// fmt's "%.4g".
std::string G4(double v) { return go::FormatFloat(v, 'g', 4); }

// Scales |v| below 1 up by 1000s: "m", "u", "n", ...
std::string SmallPrefix(double& v) {
  static const char* kPrefixes[] = {"m", "u", "n", "p", "f", "a", "z", "y"};
  std::string prefix;
  for (const char* p : kPrefixes) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return prefix;
}

std::string FormatInt64(int64_t v) { return std::to_string(v); }

}  // namespace

Result<double> ConvertToFloat(const Value& v) {
  if (v.valid() && !v.is_nil()) {
    switch (v.kind()) {
      case Kind::kFloat:
        return v.AsFloat();
      case Kind::kInt:
        return static_cast<double>(v.AsInt());
      case Kind::kString:
        if (v.type() == StringType()) return go::ParseFloat(v.AsString());
        break;
      default:
        break;
    }
  }
  std::string type = "<nil>";
  if (v.valid() && !(v.is_nil() && v.kind() == Kind::kInterface)) {
    type = v.type()->name;
  }
  return Status::Execution("can't convert " + type + " to float");
}

std::string Humanize(double v) {
  if (v == 0 || std::isnan(v) || std::isinf(v)) return G4(v);
  if (std::fabs(v) >= 1) {
    static const char* kPrefixes[] = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
    std::string prefix;
    for (const char* p : kPrefixes) {
      if (std::fabs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return G4(v) + prefix;
  }
  std::string prefix = SmallPrefix(v);
  return G4(v) + prefix;
}

std::string Humanize1024(double v) {
  if (std::fabs(v) <= 1 || std::isnan(v) || std::isinf(v)) return G4(v);
  static const char* kPrefixes[] = {"ki", "Mi", "Gi", "Ti",
                                    "Pi", "Ei", "Zi", "Yi"};
  std::string prefix;
  for (const char* p : kPrefixes) {
    if (std::fabs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return G4(v) + prefix;
}

std::string HumanizeDuration(double v) {
  if (std::isnan(v) || std::isinf(v)) return G4(v);
  if (v == 0) return G4(v) + "s";
  if (std::fabs(v) >= 1) {
    std::string sign;
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    // Go's int64(v): out-of-range conversions give MinInt64 on amd64.
    int64_t duration = v < 9.2233720368547758e18
                           ? static_cast<int64_t>(v)
                           : std::numeric_limits<int64_t>::min();
    int64_t seconds = duration % 60;
    int64_t minutes = (duration / 60) % 60;
    int64_t hours = (duration / 60 / 60) % 24;
    int64_t days = duration / 60 / 60 / 24;
    if (days != 0) {
      return sign + FormatInt64(days) + "d " + FormatInt64(hours) + "h " +
             FormatInt64(minutes) + "m " + FormatInt64(seconds) + "s";
    }
    if (hours != 0) {
      return sign + FormatInt64(hours) + "h " + FormatInt64(minutes) + "m " +
             FormatInt64(seconds) + "s";
    }
    if (minutes != 0) {
      return sign + FormatInt64(minutes) + "m " + FormatInt64(seconds) + "s";
    }
    return sign + G4(v) + "s";
  }
  std::string prefix = SmallPrefix(v);
  return G4(v) + prefix + "s";
}

std::string HumanizePercentage(double v) { return G4(v * 100) + "%"; }

Result<GoTime> FloatToTime(double v) {
  double ts = v * 1e9;
  if (ts > 9.2233720368547758e18 || ts < -9.2233720368547758e18) {
    std::string text;
    AppendPrint(text, Value::Float(v));
    return Status::Execution(
        text +
        " cannot be represented as a nanoseconds timestamp since it "
        "overflows int64");
  }
  // model.TimeFromUnixNano truncates to milliseconds.
  int64_t ns = ts >= 9.2233720368547758e18 ? std::numeric_limits<int64_t>::min()
                                           : static_cast<int64_t>(ts);
  int64_t ms = ns / 1000000;
  GoTime t;
  t.sec = ms / 1000;
  t.nsec = static_cast<int32_t>((ms % 1000) * 1000000);
  if (t.nsec < 0) {
    t.sec -= 1;
    t.nsec += 1000000000;
  }
  return t;
}

Result<std::string> HumanizeTimestamp(double v) {
  if (std::isnan(v) || std::isinf(v)) return G4(v);
  Result<GoTime> t = FloatToTime(v);
  if (!t.ok()) return t.status();
  return TimeString(*t);
}

}  // namespace tocsin::tmpl
