// tocsin test rules FILE... [--run REGEX]: runs rule unit tests in promtool
// 2.42's format (see rules/unit_test_runner.h) and reports as `promtool
// test rules` does: "Unit Testing:  FILE" then "  SUCCESS" on stdout, or
// "  FAILED:" and each error on stderr (each followed by an empty line on
// stdout). Exit code 0 when every file passed, 1 otherwise.

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "engine/commands.h"
#include "rules/unit_test_runner.h"

namespace tocsin::engine {
namespace {

int RunRuleTests(const std::vector<std::string>& files,
                 const rules::UnitTestOptions& options, std::ostream& out,
                 std::ostream& err) {
  bool failed = false;
  for (const std::string& f : files) {
    out << "Unit Testing:  " << f << "\n" << std::flush;
    rules::UnitTestFileResult r = rules::RunUnitTestFile(f, options);
    for (const auto& w : r.warnings) err << w << "\n";
    if (!r.passed()) {
      err << "  FAILED:\n" << std::flush;
      for (const auto& e : r.errors) {
        err << e << "\n" << std::flush;
        out << "\n" << std::flush;
      }
      failed = true;
    } else {
      out << "  SUCCESS\n";
    }
    out << "\n" << std::flush;
  }
  return failed ? 1 : 0;
}

}  // namespace

void AddTestRulesCommand(CLI::App& test, int* exit_code) {
  auto* cmd = test.add_subcommand(
      "rules", "Unit tests for rules (promtool's unit-test format)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto options = std::make_shared<rules::UnitTestOptions>();
  cmd->add_option("test-rule-file", *files, "The unit test files")->required();
  cmd->add_option("--run", options->run,
                  "Only run the tests whose name matches this regexp");
  cmd->add_option("--threads", options->threads,
                  "Tests of one file run in parallel on this many threads "
                  "(0: one per core)")
      ->capture_default_str();
  cmd->add_flag("--stepwise", options->stepwise,
                "Evaluate time by time over all rules as promtool does "
                "(slower; for checking the default rule-by-rule evaluation)");
  cmd->callback([files, options, exit_code] {
    if (!CheckFilesExist(*files, std::cerr)) {
      *exit_code = 1;
      return;
    }
    *exit_code = RunRuleTests(*files, *options, std::cout, std::cerr);
  });
}

}  // namespace tocsin::engine
