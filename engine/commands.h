// The tocsin subcommands. Each Add*Command registers one subcommand (with
// its flags) on the CLI11 app; when the user picks it, its callback runs and
// stores the process exit code in *exit_code. Exit codes follow promtool
// where promtool has the same command: 0 success, 1 failure, 2 usage error,
// 3 lint problems.

#ifndef TOCSIN_ENGINE_COMMANDS_H_
#define TOCSIN_ENGINE_COMMANDS_H_

#include <ostream>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace tocsin::engine {

// tocsin query --series FILE... [--time T | --start S --end E --step D] EXPR
void AddQueryCommand(CLI::App& app, int* exit_code);
// tocsin serve --series FILE... --web.listen-address HOST:PORT
void AddServeCommand(CLI::App& app, int* exit_code);
// tocsin test promql FILE... and tocsin test rules FILE... [--run REGEX]
void AddTestCommand(CLI::App& app, int* exit_code);
// Registers `rules` under the `test` subcommand (called by AddTestCommand).
void AddTestRulesCommand(CLI::App& test, int* exit_code);
// tocsin check rules FILE... [--lint=...] [--lint-fatal]
void AddCheckCommand(CLI::App& app, int* exit_code);

// tocsin check config on a tocsin.yml (promtool check config's output and
// exit codes), and on Alertmanager configs (amtool check-config's).
int CheckDaemonConfig(const std::string& file, std::ostream& out,
                      std::ostream& err);
int CheckAlertmanagerConfigs(const std::vector<std::string>& files,
                             std::ostream& out, std::ostream& err);

// promtool's check that every file argument exists: prints
// "tocsin: error: path 'x' does not exist, try --help" and returns false.
bool CheckFilesExist(const std::vector<std::string>& files, std::ostream& err);
// tocsin check config FILE... (under the `check` subcommand that
// AddCheckCommand made) and tocsin routes [show|test] (router_commands.cc)
void AddRouterCommands(CLI::App& app, int* exit_code);
// tocsin router --config.file FILE --storage.path DIR ... (router_daemon.cc)
void AddRouterDaemonCommand(CLI::App& app, int* exit_code);
// tocsin run --config.file tocsin.yml ... (run_command.cc)
void AddRunCommand(CLI::App& app, int* exit_code);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_COMMANDS_H_
