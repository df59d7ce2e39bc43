// The executor: walks a parsed tree over a data Value and appends the
// output, with Go's text/template semantics (truth, variable scoping, field
// and method lookup, the missingkey option, function calls with Go's
// argument conversions, break/continue) and Go's error texts:
//   template: NAME:LINE:COL: executing "NAME" at <NODE>: MESSAGE
//
// Execution only reads the Template and the data; concurrent executions are
// safe.

#ifndef TOCSIN_TEMPLATE_EXEC_H_
#define TOCSIN_TEMPLATE_EXEC_H_

#include <string>

#include "promql/status.h"
#include "template/ast.h"
#include "template/template.h"
#include "template/value.h"

namespace tocsin::tmpl {

// The deepest nesting of {{template}} calls before execution stops with
// "exceeded maximum template depth".
inline constexpr int kMaxExecDepth = 1000;

// Executes `tree` (one of `set`'s templates) on `data`, appending to `out`.
// `funcs`, if not null, are looked up before the set's functions.
Status ExecuteTree(const Template& set, const Tree& tree, const Value& data,
                   const FuncMap* funcs, std::string& out);

}  // namespace tocsin::tmpl

#endif  // TOCSIN_TEMPLATE_EXEC_H_
