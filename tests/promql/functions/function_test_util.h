// Helpers for calling function implementations directly with hand-built
// arguments, the way the engine calls them (see function.h).

#ifndef TOCSIN_TESTS_PROMQL_FUNCTIONS_FUNCTION_TEST_UTIL_H_
#define TOCSIN_TESTS_PROMQL_FUNCTIONS_FUNCTION_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "promql/functions/function.h"
#include "promql/parser/ast.h"
#include "promql/value.h"

namespace tocsin::promql {
// Readable label sets in test failures.
inline void PrintTo(const Labels& labels, std::ostream* os) {
  *os << labels.ToString();
}
}  // namespace tocsin::promql

namespace tocsin::promql::testing {

// One evaluation node: the call expression (no arguments unless a test
// adds some), its EvalNodeHelper kept across calls, and the last output.
struct CallFixture {
  Call expr;
  EvalNodeHelper helper;

  // Calls the function named `name` with `args` at time t (ms).
  Vector Run(std::string_view name, std::vector<Value> args, int64_t t = 0,
             int64_t range_start = 0, int64_t range_end = 0) {
    FunctionImpl impl = LookupFunctionImpl(name);
    EXPECT_NE(impl, nullptr) << name;
    FunctionCall call{expr, args, t, range_start, range_end, &helper};
    Vector out;
    impl(call, &out);
    return out;
  }
};

// A sample with labels given as {name, value} pairs.
inline Sample S(std::initializer_list<Label> labels, double v, int64_t t = 0) {
  return Sample{Labels(labels), t, v};
}

// A range-vector argument: one series with the samples of one window.
struct Window {
  std::vector<int64_t> t;
  std::vector<double> v;
  Labels metric;

  Value AsValue() const {
    RangeVector r;
    r.series.push_back(RangeSeries{metric, t, v});
    return r;
  }
};

// Samples at start, start+step, ... with the given values.
inline Window Evenly(int64_t start, int64_t step, std::vector<double> values) {
  Window w;
  for (size_t i = 0; i < values.size(); ++i) {
    w.t.push_back(start + static_cast<int64_t>(i) * step);
  }
  w.v = std::move(values);
  return w;
}

// The samples of `w` with range_start <= t <= range_end.
inline Window Slice(const Window& w, int64_t range_start, int64_t range_end) {
  Window out;
  out.metric = w.metric;
  for (size_t i = 0; i < w.t.size(); ++i) {
    if (w.t[i] >= range_start && w.t[i] <= range_end) {
      out.t.push_back(w.t[i]);
      out.v.push_back(w.v[i]);
    }
  }
  return out;
}

// Evaluates a range-vector function at time t over the window of `range`
// ms ending at t, as the engine would for `name(series[range])`. nullopt
// when the window is empty (the engine does not call) or the function
// gives no result.
inline std::optional<double> EvalRange(std::string_view name,
                                       const Window& series, int64_t t,
                                       int64_t range,
                                       std::vector<Value> before = {},
                                       std::vector<Value> after = {});

// Calls a range-vector function on one window [range_start, range_end]
// evaluated at range_end (unless t is given). `before` and `after` are
// other arguments placed before and after the range argument. Returns
// the single result value, or nullopt when the function gave none.
inline std::optional<double> RunRange(std::string_view name, const Window& w,
                                      int64_t range_start, int64_t range_end,
                                      std::vector<Value> before = {},
                                      std::vector<Value> after = {},
                                      std::optional<int64_t> t = std::nullopt) {
  CallFixture f;
  std::vector<Value> args = std::move(before);
  args.push_back(w.AsValue());
  for (auto& a : after) args.push_back(std::move(a));
  Vector out = f.Run(name, std::move(args), t.value_or(range_end), range_start,
                     range_end);
  EXPECT_LE(out.size(), 1u);
  if (out.empty()) return std::nullopt;
  return out[0].v;
}

inline std::optional<double> EvalRange(std::string_view name,
                                       const Window& series, int64_t t,
                                       int64_t range, std::vector<Value> before,
                                       std::vector<Value> after) {
  Window w = Slice(series, t - range, t);
  if (w.t.empty()) return std::nullopt;
  return RunRange(name, w, t - range, t, std::move(before), std::move(after));
}

// Exact equality that treats all NaNs as equal and tells -0 from +0.
inline ::testing::AssertionResult SameFloat(double want, double got) {
  bool same = (std::isnan(want) && std::isnan(got)) ||
              (want == got && std::signbit(want) == std::signbit(got));
  if (same) return ::testing::AssertionSuccess();
  char buf[128];
  std::snprintf(buf, sizeof(buf), "want %.17g, got %.17g", want, got);
  return ::testing::AssertionFailure() << buf;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace tocsin::promql::testing

#endif  // TOCSIN_TESTS_PROMQL_FUNCTIONS_FUNCTION_TEST_UTIL_H_
