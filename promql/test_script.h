// The PromQL test-script runner: runs scripts in Prometheus's
// promql/testdata format (see test_script_parser.h) against tocsin's
// engine and a MemoryStorage, with the semantics of Prometheus 2.42's
// promql test framework:
//  - each `load` appends its series; `clear` empties the storage;
//  - an instant eval runs the query at its time and compares the result;
//    it then runs the same query as a range query from t-1m to t+1m with
//    a 1m step and compares the point at t (skipped for eval_ordered);
//  - unless the expression calls a function whose value depends on the
//    evaluation time (time(), timestamp(), hour(), predict_linear(), ...),
//    the instant eval is repeated with `@ t` set on every selector and
//    subquery outside subqueries, at other evaluation times, and must
//    give the same result;
//  - eval_fail passes when every query fails;
//  - a range eval runs one range query and compares every step.
// The engine runs with Prometheus's test settings (at most 10000 samples
// per query, 100s timeout, 1m default subquery step).
//
// Unlike Prometheus, a failing command does not stop the script: every
// eval is counted as passed or failed, and problems in the script itself
// (bad commands, failed loads) count as failures at their line.
// Thread-safety: each call uses its own storage and engine; calls may run
// concurrently.

#ifndef TOCSIN_PROMQL_TEST_SCRIPT_H_
#define TOCSIN_PROMQL_TEST_SCRIPT_H_

#include <string>
#include <string_view>
#include <vector>

#include "promql/engine.h"
#include "promql/status.h"

namespace tocsin::promql {

struct ScriptFailure {
  int line = 0;         // 1-based line of the command
  std::string expr;     // the eval's expression; empty for other commands
  std::string message;  // what was expected and what came back
};

struct ScriptResult {
  int passed = 0;
  int failed = 0;
  std::vector<ScriptFailure> failures;  // in script order
};

// The engine settings of Prometheus's test framework.
EngineOptions TestEngineOptions();

// Runs the script `text`; `source` names it in parse-error positions.
ScriptResult RunTestScript(std::string_view text, std::string_view source);

// Reads and runs the script at `path`; fails only when it cannot be read.
Result<ScriptResult> RunTestScriptFile(const std::string& path);

}  // namespace tocsin::promql

#endif  // TOCSIN_PROMQL_TEST_SCRIPT_H_
