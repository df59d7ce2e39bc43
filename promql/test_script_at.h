// The @-modifier variants of an instant test query, as Prometheus's test
// framework builds them: `@ t` is set on every vector selector, matrix
// selector and subquery that has no `@` of its own (replacing `@ start()`
// and `@ end()`), except inside subqueries, and the printed expression is
// evaluated again at -10t, 0, t/5, t and 10t (at -1s, 0 and 1s when t is
// 0). A correct engine gives the same result for every variant.
// Expressions that call a function whose value depends on the evaluation
// time itself (time(), timestamp(), hour(), predict_linear(), ...) outside
// subqueries get no variants. Pure; thread-safe.

#ifndef TOCSIN_PROMQL_TEST_SCRIPT_AT_H_
#define TOCSIN_PROMQL_TEST_SCRIPT_AT_H_

#include <cstdint>
#include <string>
#include <vector>

namespace tocsin::promql {

struct InstantQuery {
  std::string expr;
  int64_t t = 0;  // evaluation time, milliseconds
};

// The query itself at `t`, followed by its variants. `expr` must parse.
std::vector<InstantQuery> InstantQueries(const std::string& expr, int64_t t);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_TEST_SCRIPT_AT_H_
