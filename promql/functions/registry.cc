// The name -> implementation table of PromQL's functions, and the parts of
// EvalNodeHelper shared by all of them.

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "promql/functions/args.h"
#include "promql/functions/function.h"
#include "promql/functions/impls.h"
#include "promql/parser/functions.h"

namespace tocsin::promql {
namespace {

struct Entry {
  std::string_view name;
  FunctionImpl impl;
};

// Sorted by name; every function of Prometheus 2.42's FunctionCalls.
constexpr auto kFunctions = std::to_array<Entry>({
    {"abs", FuncAbs},
    {"absent", FuncAbsent},
    {"absent_over_time", FuncAbsentOverTime},
    {"acos", FuncAcos},
    {"acosh", FuncAcosh},
    {"asin", FuncAsin},
    {"asinh", FuncAsinh},
    {"atan", FuncAtan},
    {"atanh", FuncAtanh},
    {"avg_over_time", FuncAvgOverTime},
    {"ceil", FuncCeil},
    {"changes", FuncChanges},
    {"clamp", FuncClamp},
    {"clamp_max", FuncClampMax},
    {"clamp_min", FuncClampMin},
    {"cos", FuncCos},
    {"cosh", FuncCosh},
    {"count_over_time", FuncCountOverTime},
    {"day_of_month", FuncDayOfMonth},
    {"day_of_week", FuncDayOfWeek},
    {"day_of_year", FuncDayOfYear},
    {"days_in_month", FuncDaysInMonth},
    {"deg", FuncDeg},
    {"delta", FuncDelta},
    {"deriv", FuncDeriv},
    {"exp", FuncExp},
    {"floor", FuncFloor},
    {"histogram_count", FuncHistogramCount},
    {"histogram_fraction", FuncHistogramFraction},
    {"histogram_quantile", FuncHistogramQuantile},
    {"histogram_sum", FuncHistogramSum},
    {"holt_winters", FuncHoltWinters},
    {"hour", FuncHour},
    {"idelta", FuncIdelta},
    {"increase", FuncIncrease},
    {"irate", FuncIrate},
    {"label_join", FuncLabelJoin},
    {"label_replace", FuncLabelReplace},
    {"last_over_time", FuncLastOverTime},
    {"ln", FuncLn},
    {"log10", FuncLog10},
    {"log2", FuncLog2},
    {"max_over_time", FuncMaxOverTime},
    {"min_over_time", FuncMinOverTime},
    {"minute", FuncMinute},
    {"month", FuncMonth},
    {"pi", FuncPi},
    {"predict_linear", FuncPredictLinear},
    {"present_over_time", FuncPresentOverTime},
    {"quantile_over_time", FuncQuantileOverTime},
    {"rad", FuncRad},
    {"rate", FuncRate},
    {"resets", FuncResets},
    {"round", FuncRound},
    {"scalar", FuncScalar},
    {"sgn", FuncSgn},
    {"sin", FuncSin},
    {"sinh", FuncSinh},
    {"sort", FuncSort},
    {"sort_desc", FuncSortDesc},
    {"sqrt", FuncSqrt},
    {"stddev_over_time", FuncStddevOverTime},
    {"stdvar_over_time", FuncStdvarOverTime},
    {"sum_over_time", FuncSumOverTime},
    {"tan", FuncTan},
    {"tanh", FuncTanh},
    {"time", FuncTime},
    {"timestamp", FuncTimestamp},
    {"vector", FuncVector},
    {"year", FuncYear},
});

constexpr bool IsSorted() {
  for (size_t i = 1; i < kFunctions.size(); ++i) {
    if (!(kFunctions[i - 1].name < kFunctions[i].name)) return false;
  }
  return true;
}
static_assert(IsSorted(), "kFunctions must be sorted by name");

}  // namespace

FunctionImpl LookupFunctionImpl(std::string_view name) {
  auto it = std::lower_bound(
      kFunctions.begin(), kFunctions.end(), name,
      [](const Entry& e, std::string_view n) { return e.name < n; });
  if (it == kFunctions.end() || it->name != name) return nullptr;
  return it->impl;
}

const Labels& EvalNodeHelper::DropMetricName(const Labels& labels) {
  if (!labels.Has(kMetricName)) return labels;
  auto [it, inserted] = dropped_names_.try_emplace(labels.Hash());
  if (inserted) it->second = labels.WithoutMetricName();
  return it->second;
}

namespace functions_internal {

void ThrowBadArgument(const FunctionCall& call, size_t i, const char* want) {
  std::string name = call.expr.func ? std::string(call.expr.func->name) : "?";
  throw EvalError("internal error: argument " + std::to_string(i) + " of " +
                  name + "() is not a " + want);
}

}  // namespace functions_internal
}  // namespace tocsin::promql
