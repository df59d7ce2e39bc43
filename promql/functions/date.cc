// The calendar functions minute, hour, day_of_week, day_of_month,
// day_of_year, days_in_month, month and year, in UTC. Each value of the
// argument is read as Unix seconds (truncated as Go's int64() truncates);
// without an argument they use the evaluation time, as vector(time()).

#include <cstdint>

#include "promql/functions/args.h"
#include "promql/functions/go_math.h"
#include "promql/functions/go_time.h"
#include "promql/functions/impls.h"

namespace tocsin::promql {

using functions_internal::AppendValue;
using functions_internal::VectorArg;

namespace {

template <typename F>
void DateFunction(const FunctionCall& call, Vector* out, const F& f) {
  if (call.args.empty()) {
    AppendValue(call, out,
                static_cast<double>(f(GoTimeFromUnix(call.t / 1000))));
    return;
  }
  const Vector& in = VectorArg(call, 0);
  out->reserve(out->size() + in.size());
  for (const Sample& s : in) {
    GoCivilTime t = GoTimeFromUnix(GoFloatToInt64(s.v));
    out->push_back(Sample{call.helper->DropMetricName(s.metric), call.t,
                          static_cast<double>(f(t))});
  }
}

}  // namespace

void FuncMinute(const FunctionCall& call, Vector* out) {
  DateFunction(call, out, [](const GoCivilTime& t) { return t.minute; });
}

void FuncHour(const FunctionCall& call, Vector* out) {
  DateFunction(call, out, [](const GoCivilTime& t) { return t.hour; });
}

void FuncDayOfWeek(const FunctionCall& call, Vector* out) {
  DateFunction(call, out, [](const GoCivilTime& t) { return t.weekday; });
}

void FuncDayOfMonth(const FunctionCall& call, Vector* out) {
  DateFunction(call, out, [](const GoCivilTime& t) { return t.day; });
}

void FuncDayOfYear(const FunctionCall& call, Vector* out) {
  DateFunction(call, out, [](const GoCivilTime& t) { return t.yday; });
}

void FuncDaysInMonth(const FunctionCall& call, Vector* out) {
  DateFunction(call, out, [](const GoCivilTime& t) {
    return GoDaysInMonth(t.year, t.month);
  });
}

void FuncMonth(const FunctionCall& call, Vector* out) {
  DateFunction(call, out, [](const GoCivilTime& t) { return t.month; });
}

void FuncYear(const FunctionCall& call, Vector* out) {
  DateFunction(call, out, [](const GoCivilTime& t) { return t.year; });
}

}  // namespace tocsin::promql
