#include "rules/unit_test_runner.h"

#include <re2/re2.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "go/filepath.h"

namespace tocsin::rules {
namespace {

std::string ReadError(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return "open " + path + ": no such file or directory";
  }
  if (std::filesystem::is_directory(path, ec)) {
    return "read " + path + ": is a directory";
  }
  return "open " + path + ": permission denied";
}

// Loads the rule files once per unit-test file; every test reports the
// same errors, as promtool reloads them per test.
LoadedRuleFiles LoadRules(const std::vector<std::string>& paths) {
  LoadedRuleFiles out;
  for (const std::string& p : paths) {
    RuleFileResult r = LoadRuleFile(p);
    if (!r.ok()) {
      out.errors = std::move(r.errors);
      out.files.clear();
      return out;
    }
    out.files.push_back(std::move(r.file));
  }
  return out;
}

}  // namespace

UnitTestFileResult RunUnitTestFile(const std::string& path,
                                   const UnitTestOptions& options) {
  UnitTestFileResult result;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.errors.push_back(ReadError(path));
    return result;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  auto parsed = ParseUnitTestFile(buf.str());
  if (!parsed.ok()) {
    result.errors.push_back(parsed.status().message());
    return result;
  }
  UnitTestFile& file = *parsed;

  const std::string base_dir =
      std::filesystem::path(path).parent_path().string();
  std::vector<std::string> rule_paths;
  for (const std::string& rf : file.rule_files) {
    std::string p = rf;
    if (!p.empty() && p[0] != '/') {
      p = (std::filesystem::path(base_dir.empty() ? "." : base_dir) / p)
              .lexically_normal()
              .string();
      if (base_dir.empty() && p.rfind("./", 0) == 0) p = p.substr(2);
    }
    auto matches = go::Glob(p);
    if (!matches.ok()) {
      result.errors.push_back(matches.status().message());
      return result;
    }
    if (matches->empty()) {
      result.warnings.push_back("  WARNING: no file match pattern " + p);
    }
    rule_paths.insert(rule_paths.end(), matches->begin(), matches->end());
  }

  if (file.evaluation_interval_ms == 0) file.evaluation_interval_ms = 60000;
  std::set<std::string> seen;
  for (const std::string& g : file.group_eval_order) {
    if (!seen.insert(g).second) {
      result.errors.push_back("group name repeated in evaluation order: " + g);
      return result;
    }
  }

  std::vector<const TestGroup*> selected;
  std::unique_ptr<RE2> run;
  if (!options.run.empty()) run = std::make_unique<RE2>(options.run);
  for (const TestGroup& t : file.tests) {
    if (run && !RE2::PartialMatch(t.name, *run)) continue;
    selected.push_back(&t);
  }
  result.tests_run = static_cast<int>(selected.size());
  if (selected.empty()) return result;

  LoadedRuleFiles rules = LoadRules(rule_paths);
  std::vector<std::vector<std::string>> errors(selected.size());
  auto run_one = [&](size_t i) {
    errors[i] = RunTestGroup(*selected[i], rules, file.evaluation_interval_ms,
                             file.group_eval_order, base_dir, options.stepwise);
  };
  int threads = options.threads;
  if (threads <= 0)
    threads = static_cast<int>(std::thread::hardware_concurrency());
  threads =
      std::max(1, std::min<int>(threads, static_cast<int>(selected.size())));
  if (threads == 1) {
    for (size_t i = 0; i < selected.size(); ++i) run_one(i);
  } else {
    std::atomic<size_t> next{0};
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; ++k) {
      pool.emplace_back([&] {
        for (size_t i; (i = next.fetch_add(1)) < selected.size();) run_one(i);
      });
    }
    for (auto& t : pool) t.join();
  }
  for (auto& e : errors) {
    for (auto& s : e) result.errors.push_back(std::move(s));
  }
  return result;
}

}  // namespace tocsin::rules
