// tocsin check config tocsin.yml: as `promtool check config`, the daemon's
// configuration, then every rule file it names and its Alertmanager config.
// tocsin check rules FILE... [--lint=duplicate-rules|all|none]
// [--lint-fatal]: validates rule files as `promtool check rules` does, with
// its output and exit codes: "Checking FILE" and "  SUCCESS: N rules found"
// on stdout, "  FAILED:" and the problems on stderr; 0 when every file is
// valid, 1 when one is not, 3 when only lint problems were found and
// --lint-fatal is given (lint problems alone exit 0 otherwise).

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/commands.h"
#include "engine/daemon_config.h"
#include "rules/rule_file.h"
#include "rules/rule_lint.h"

namespace tocsin::engine {
namespace {

struct LintSettings {
  bool duplicate_rules = false;
  bool fatal = false;
};

LintSettings ParseLint(const std::string& value, bool fatal,
                       std::ostream& out) {
  LintSettings s;
  s.fatal = fatal;
  std::stringstream items(value);
  std::string item;
  while (std::getline(items, item, ',')) {
    if (item == "all" || item == "duplicate-rules") {
      s.duplicate_rules = true;
    } else if (item != "none") {
      out << "WARNING: unknown lint option " << item << "\n";
    }
  }
  return s;
}

int CheckRules(const std::vector<std::string>& files, const LintSettings& lint,
               std::ostream& out, std::ostream& err) {
  bool failed = false;
  bool has_errors = false;
  for (const std::string& f : files) {
    out << "Checking " << f << "\n" << std::flush;
    rules::RuleFileResult r = rules::LoadRuleFile(f);
    std::vector<std::string> problems = r.errors;
    bool lint_only = false;
    if (r.ok() && lint.duplicate_rules) {
      auto dups = rules::FindDuplicateRules(r.file);
      if (!dups.empty()) {
        problems.push_back("lint error " + rules::DuplicateRulesMessage(dups));
        lint_only = true;
      }
    }
    if (!problems.empty()) {
      err << "  FAILED:\n";
      for (const auto& p : problems) err << p << "\n";
      err << std::flush;
      failed = true;
      has_errors = has_errors || !lint_only;
    } else {
      out << "  SUCCESS: " << r.file.NumRules() << " rules found\n";
    }
    out << "\n" << std::flush;
  }
  if (failed && has_errors) return 1;
  if (failed && lint.fatal) return 3;
  return 0;
}

}  // namespace

int CheckDaemonConfig(const std::string& file, std::ostream& out,
                      std::ostream& err) {
  out << "Checking " << file << "\n" << std::flush;
  auto config = LoadDaemonConfig(file);
  if (!config.ok()) {
    err << "  FAILED: parsing YAML file " << file << ": "
        << config.status().message() << "\n\n"
        << std::flush;
    return 1;
  }
  out << "  SUCCESS: " << config->rule_files.size() << " rule files found\n";
  out << " SUCCESS: " << file << " is valid tocsin config file syntax\n\n"
      << std::flush;
  int code = CheckRules(config->rule_files, LintSettings{}, out, err);
  if (!config->alertmanager_config.empty()) {
    code = std::max(code, CheckAlertmanagerConfigs(
                              {config->alertmanager_config}, out, err));
  }
  return code;
}

bool CheckFilesExist(const std::vector<std::string>& files, std::ostream& err) {
  for (const std::string& f : files) {
    std::error_code ec;
    if (!std::filesystem::exists(f, ec)) {
      err << "tocsin: error: path '" << f << "' does not exist, try --help\n";
      return false;
    }
  }
  return true;
}

void AddCheckCommand(CLI::App& app, int* exit_code) {
  auto* check = app.add_subcommand("check", "Check the resource for validity");
  check->require_subcommand(1);
  auto* rules = check->add_subcommand(
      "rules", "Check if the rule files are valid or not (as promtool)");
  auto files = std::make_shared<std::vector<std::string>>();
  auto lint = std::make_shared<std::string>("duplicate-rules");
  auto fatal = std::make_shared<bool>(false);
  rules->add_option("rule-files", *files, "The rule files to check")
      ->required();
  rules
      ->add_option("--lint", *lint,
                   "Linting checks to apply: all, duplicate-rules, none")
      ->capture_default_str();
  rules->add_flag("--lint-fatal", *fatal,
                  "Make lint errors exit with exit code 3");
  rules->callback([files, lint, fatal, exit_code] {
    if (!CheckFilesExist(*files, std::cerr)) {
      *exit_code = 1;
      return;
    }
    LintSettings settings = ParseLint(*lint, *fatal, std::cout);
    *exit_code = CheckRules(*files, settings, std::cout, std::cerr);
  });
}

}  // namespace tocsin::engine
