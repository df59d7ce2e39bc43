// The rule unit-test runner: promtool 2.42's `test rules`, file by file.
//
// For each test of a unit-test file (see unit_test_file.h) the runner loads
// the input series into memory, builds fresh groups from the rule files,
// and evaluates every group at 0, evaluation_interval, 2 *
// evaluation_interval, ... up to the latest eval_time of the test, each
// time seeing only the input samples up to that time. After each
// evaluation it checks the alert tests whose eval_time falls before the
// next evaluation (only firing alerts are compared), and stops the test at
// the first evaluation where a rule fails. The PromQL tests run last, at
// their eval_time, against everything loaded and recorded by then.
//
// Verdicts and messages are promtool's: each error is one string, printed
// by the caller as promtool does (see engine/test_rules_command.cc).
// Tests are independent; RunUnitTestFile may run several of them on
// several threads. Calls are thread-safe.

#ifndef TOCSIN_RULES_UNIT_TEST_RUNNER_H_
#define TOCSIN_RULES_UNIT_TEST_RUNNER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "promql/status.h"
#include "rules/rule_file.h"
#include "rules/unit_test_file.h"

namespace tocsin::rules {

struct UnitTestOptions {
  // Only tests whose name matches (RE2, unanchored) run; empty: all.
  std::string run;
  // Threads for running the tests of one file; 0: one per core.
  int threads = 1;
  // Evaluate time by time over all rules as promtool does, never rule by
  // rule (unit_test_batch.h); slower, for checking.
  bool stepwise = false;
};

struct UnitTestFileResult {
  // promtool's errors for the file, in order; empty when it passed.
  std::vector<std::string> errors;
  // Warnings printed on stderr before the result ("  WARNING: no file
  // match pattern x").
  std::vector<std::string> warnings;
  int tests_run = 0;
  bool passed() const { return errors.empty(); }
};

// Reads and runs the unit-test file at `path`.
UnitTestFileResult RunUnitTestFile(const std::string& path,
                                   const UnitTestOptions& options);

// The parsed rule files a test group evaluates: the first file with
// errors stops loading (its errors are the test's errors).
struct LoadedRuleFiles {
  std::vector<RuleFileSpec> files;
  std::vector<std::string> errors;
};

// Runs one test group of an already parsed file. `evaluation_interval_ms`
// is the file's (1m when not given); `group_order` maps group names to
// their position in group_eval_order; `base_dir` resolves
// input_series_files.
std::vector<std::string> RunTestGroup(
    const TestGroup& test, const LoadedRuleFiles& rules,
    int64_t evaluation_interval_ms,
    const std::vector<std::string>& group_eval_order,
    const std::string& base_dir, bool stepwise = false);

}  // namespace tocsin::rules

#endif  // TOCSIN_RULES_UNIT_TEST_RUNNER_H_
