// tocsin test promql FILE...: runs PromQL test scripts (Prometheus's
// promql/testdata format) and reports, per file, how many evals passed and
// failed, with the place, expression and mismatch of every failure. Exit
// code 0 when everything passed, 1 otherwise (including unreadable files),
// 2 on usage errors (from CLI11, see main.cc).

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "engine/commands.h"
#include "promql/test_script.h"

namespace tocsin::engine {
namespace {

void PrintFailure(std::ostream& out, const std::string& path,
                  const promql::ScriptFailure& f) {
  out << "FAIL " << path << ":" << f.line << ":";
  if (!f.expr.empty()) out << " " << f.expr;
  out << "\n    " << f.message << "\n";
}

int RunPromqlTests(const std::vector<std::string>& files, std::ostream& out,
                   std::ostream& err) {
  int total_passed = 0;
  int total_failed = 0;
  for (const std::string& path : files) {
    std::string name = std::filesystem::path(path).filename().string();
    auto result = promql::RunTestScriptFile(path);
    if (!result.ok()) {
      err << "tocsin test promql: " << result.status().message() << "\n";
      out << name << ": 0 passed, 1 failed\n";
      ++total_failed;
      continue;
    }
    for (const auto& f : result->failures) PrintFailure(out, path, f);
    out << name << ": " << result->passed << " passed, " << result->failed
        << " failed\n";
    total_passed += result->passed;
    total_failed += result->failed;
  }
  if (files.size() > 1) {
    out << "total: " << total_passed << " passed, " << total_failed
        << " failed\n";
  }
  return total_failed == 0 ? 0 : 1;
}

}  // namespace

void AddTestCommand(CLI::App& app, int* exit_code) {
  auto* test = app.add_subcommand("test", "Run tests offline");
  test->require_subcommand(1);
  auto* promql = test->add_subcommand(
      "promql",
      "Run PromQL test scripts (Prometheus's promql/testdata format)");
  auto files = std::make_shared<std::vector<std::string>>();
  promql->add_option("files", *files, "Test script files")->required();
  promql->callback([files, exit_code] {
    *exit_code = RunPromqlTests(*files, std::cout, std::cerr);
  });
  AddTestRulesCommand(*test, exit_code);
}

}  // namespace tocsin::engine
