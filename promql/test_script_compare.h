// Comparison of query results with a test script's expectations, with the
// rules of Prometheus's promql test framework: values agree within a
// relative error of 1e-6 (NaN equals NaN), label sets must match exactly
// (no missing and no extra series), eval_ordered checks positions, and
// range results are checked point by point at start + i*step.
//
// Each function returns OK or an InvalidArgument whose message says what
// was expected and what came back. Pure; thread-safe.

#ifndef TOCSIN_PROMQL_TEST_SCRIPT_COMPARE_H_
#define TOCSIN_PROMQL_TEST_SCRIPT_COMPARE_H_

#include "promql/status.h"
#include "promql/test_script_parser.h"
#include "promql/value.h"

namespace tocsin::promql {

// Prometheus's almostEqual for test values.
bool AlmostEqual(double a, double b);

// An instant eval's result (Scalar, Vector; a Matrix or String is wrong).
Status CompareInstantResult(const EvalCommand& cmd, const QueryValue& value);

// A range eval's result, which must be a Matrix sorted by labels.
Status CompareRangeResult(const EvalCommand& cmd, const QueryValue& value);

// "N float points [v @[t] ...]" as Prometheus renders a result series.
std::string FormatSeriesPoints(const Series& s);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_TEST_SCRIPT_COMPARE_H_
