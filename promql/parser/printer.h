// Renders an AST back to PromQL text exactly as Prometheus 2.42's String()
// methods do: `sum by (job) (rate(x{a="b"}[5m] offset 1m))`. Printing and
// parsing round-trip: ParseExpr(Print(e)) yields a tree that prints the same.
// The one deliberate difference: a literal +Inf as the base of `^` prints
// as `Inf ^ x`, not Prometheus's `+Inf ^ x` (which reparses as `+(Inf ^ x)`).
// Print is thread-safe.

#ifndef TOCSIN_PROMQL_PARSER_PRINTER_H_
#define TOCSIN_PROMQL_PARSER_PRINTER_H_

#include <string>

#include "promql/parser/ast.h"

namespace tocsin::promql {

std::string Print(const Expr& expr);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_PARSER_PRINTER_H_
