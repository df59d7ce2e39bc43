// The router's offline commands, with amtool's output and exit codes:
//
//   tocsin check config FILE...        (amtool check-config)
//   tocsin routes [show] --config.file=FILE
//                                      (amtool config routes)
//   tocsin routes test --config.file=FILE [--tree]
//       [--verify.receivers=a,b] label=value...
//                                      (amtool config routes test)

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/commands.h"
#include "engine/daemon_config.h"
#include "notifiers/config.h"
#include "notifiers/matcher.h"
#include "notifiers/route.h"
#include "notifiers/route_tree.h"
#include "notifiers/template_files.h"

namespace tocsin::engine {
namespace {

// The `check` subcommand, shared with `check rules`.
CLI::App* CheckCommand(CLI::App& app) {
  auto found = app.get_subcommands(
      [](CLI::App* sub) { return sub->get_name() == "check"; });
  if (!found.empty()) return found.front();
  auto* check = app.add_subcommand("check", "Check the resource for validity");
  check->require_subcommand(1);
  return check;
}

bool FilesExist(const std::vector<std::string>& files, std::ostream& err) {
  for (const std::string& f : files) {
    std::error_code ec;
    if (!std::filesystem::exists(f, ec)) {
      err << "tocsin: error: path '" << f << "' does not exist\n";
      return false;
    }
  }
  return true;
}

}  // namespace

int CheckAlertmanagerConfigs(const std::vector<std::string>& files,
                             std::ostream& out, std::ostream& err) {
  int failed = 0;
  for (const std::string& file : files) {
    out << "Checking '" << file << "'";
    auto cfg = notifiers::LoadConfigFile(file);
    if (!cfg.ok()) {
      out << "  FAILED: " << cfg.status().message() << "\n\n";
      ++failed;
      continue;
    }
    out << "  SUCCESS\n";
    out << "Found:\n";
    out << " - global config\n";
    out << " - route\n";
    out << " - " << cfg->inhibit_rules.size() << " inhibit rules\n";
    out << " - " << cfg->receivers.size() << " receivers\n";
    out << " - " << cfg->templates.size() << " templates\n";
    if (!cfg->templates.empty()) {
      Status s = notifiers::CheckTemplateFiles(cfg->templates);
      if (!s.ok()) {
        out << "  FAILED: " << s.message() << "\n";
        ++failed;
      } else {
        out << "  SUCCESS\n";
      }
    }
    out << "\n";
  }
  out << std::flush;
  if (failed > 0) {
    err << "tocsin: error: failed to validate " << failed << " file(s)\n";
    return 1;
  }
  return 0;
}

int RoutesShow(const std::string& config_file, std::ostream& out,
               std::ostream& err) {
  auto cfg = notifiers::LoadConfigFile(config_file);
  if (!cfg.ok()) {
    err << "tocsin: error: " << cfg.status().message() << "\n";
    return 1;
  }
  auto root = notifiers::Route::Build(cfg->route);
  out << "Routing tree:\n" << notifiers::RoutingTreeText(*root) << "\n";
  return 0;
}

int RoutesTest(const std::string& config_file,
               const std::vector<std::string>& args, bool tree,
               const std::string& verify, std::ostream& out,
               std::ostream& err) {
  auto cfg = notifiers::LoadConfigFile(config_file);
  if (!cfg.ok()) {
    err << "tocsin: error: " << cfg.status().message() << "\n\n";
    return 1;
  }
  auto root = notifiers::Route::Build(cfg->route);
  std::vector<promql::Label> pairs;
  for (const std::string& a : args) {
    auto m = notifiers::ParseMatcher(a);
    if (!m.ok() || m->type() != promql::MatchType::kEqual) {
      err << "tocsin: error: Failed to parse labels: "
          << (m.ok() ? "labels must be specified as key=value pairs"
                     : m.status().message())
          << "\n\n";
      return 1;
    }
    pairs.push_back({m->name(), m->value()});
  }
  promql::Labels labels = promql::Labels::FromVector(std::move(pairs));
  if (tree) {
    out << "Matching routes:\n"
        << notifiers::MatchingTreeText(*root, labels) << "\n\n";
  }
  std::string slug;
  for (const std::string& r : notifiers::MatchingReceivers(*root, labels)) {
    if (!slug.empty()) slug += ',';
    slug += r;
  }
  out << slug << "\n";
  if (!verify.empty() && verify != slug) {
    out << "WARNING: Expected receivers did not match resolved receivers.\n";
    return 1;
  }
  return 0;
}

void AddRouterCommands(CLI::App& app, int* exit_code) {
  auto* config = CheckCommand(app)->add_subcommand(
      "config",
      "Check tocsin.yml (as promtool check config) and Alertmanager config "
      "files (as amtool check-config)");
  auto files = std::make_shared<std::vector<std::string>>();
  config->add_option("config-files", *files, "The config files to check")
      ->required();
  config->callback([files, exit_code] {
    if (!FilesExist(*files, std::cerr)) {
      *exit_code = 1;
      return;
    }
    // tocsin.yml files are checked as promtool checks prometheus.yml,
    // Alertmanager configs as amtool does.
    std::vector<std::string> alertmanager;
    int code = 0;
    for (const std::string& f : *files) {
      std::ifstream in(f, std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      if (LooksLikeDaemonConfig(text.str())) {
        code = std::max(code, CheckDaemonConfig(f, std::cout, std::cerr));
      } else {
        alertmanager.push_back(f);
      }
    }
    if (!alertmanager.empty()) {
      code = std::max(code, CheckAlertmanagerConfigs(alertmanager, std::cout,
                                                     std::cerr));
    }
    *exit_code = code;
  });

  auto* routes = app.add_subcommand(
      "routes", "Print the routing tree of an Alertmanager config");
  routes->fallthrough();
  auto config_file = std::make_shared<std::string>();
  routes->add_option("--config.file", *config_file, "Alertmanager config file")
      ->required();
  auto* show = routes->add_subcommand("show", "Print the routing tree");
  auto* test = routes->add_subcommand(
      "test", "Print the receivers an alert with the given labels goes to");
  auto labels = std::make_shared<std::vector<std::string>>();
  auto verify = std::make_shared<std::string>();
  auto tree = std::make_shared<bool>(false);
  test->add_option("labels", *labels, "label=value pairs");
  test->add_option("--verify.receivers", *verify,
                   "Fail unless the alert goes to exactly these receivers");
  test->add_flag("--tree", *tree, "Print the matching routes as a tree");
  routes->callback([=] {
    if (test->parsed()) {
      *exit_code = RoutesTest(*config_file, *labels, *tree, *verify, std::cout,
                              std::cerr);
    } else {
      *exit_code = RoutesShow(*config_file, std::cout, std::cerr);
    }
  });
  (void)show;
}

}  // namespace tocsin::engine
