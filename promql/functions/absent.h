// The labels of absent()'s and absent_over_time()'s result sample.
//
// Exposed for the engine, which assembles absent_over_time over the steps
// of a range query itself. Pure and thread-safe.

#ifndef TOCSIN_PROMQL_FUNCTIONS_ABSENT_H_
#define TOCSIN_PROMQL_FUNCTIONS_ABSENT_H_

#include "promql/labels.h"
#include "promql/parser/ast.h"

namespace tocsin::promql {

// For a vector or matrix selector (inside any parentheses): the labels that
// its equality matchers pin to one value, as Prometheus 2.42's
// createLabelsForAbsentFunction: a label matched by any other matcher, or
// by a second equality matcher, is left out; __name__ is always left out.
// Any other expression gives no labels.
Labels LabelsForAbsent(const Expr& arg);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_FUNCTIONS_ABSENT_H_
