// Prometheus's number formatting template functions (template.go in
// Prometheus 2.42): humanize, humanize1024, humanizeDuration,
// humanizePercentage and humanizeTimestamp, plus the argument conversion
// they share (convertToFloat). Outputs are byte-for-byte Prometheus's:
//   humanize 1234567 -> "1.235M", humanizeDuration 3661 -> "1h 1m 1s",
//   humanizePercentage 0.1234567 -> "12.35%".
//
// All functions are pure and thread-safe.

#ifndef TOCSIN_TEMPLATE_HUMANIZE_H_
#define TOCSIN_TEMPLATE_HUMANIZE_H_

#include <string>

#include "promql/status.h"
#include "template/go_time.h"
#include "template/value.h"

namespace tocsin::tmpl {

// convertToFloat: float64, int, int64 and numeric strings (strconv's
// syntax); anything else is "can't convert T to float".
Result<double> ConvertToFloat(const Value& v);

std::string Humanize(double v);
std::string Humanize1024(double v);
std::string HumanizeDuration(double seconds);
std::string HumanizePercentage(double ratio);
// The UTC time `seconds` after the epoch as Go prints a time.Time, or
// "%.4g" of NaN / Inf; an error when the value overflows nanoseconds.
Result<std::string> HumanizeTimestamp(double seconds);
// floatToTime: the UTC time with millisecond precision.
Result<GoTime> FloatToTime(double seconds);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_HUMANIZE_H_
