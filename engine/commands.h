// The tocsin subcommands. Each Add*Command registers one subcommand (with
// its flags) on the CLI11 app; when the user picks it, its callback runs and
// stores the process exit code in *exit_code. Exit codes follow promtool
// where promtool has the same command: 0 success, 1 failure, 2 usage error,
// 3 lint problems.

#ifndef TOCSIN_ENGINE_COMMANDS_H_
#define TOCSIN_ENGINE_COMMANDS_H_

namespace CLI {
class App;
}

namespace tocsin::engine {

// tocsin query --series FILE... [--time T | --start S --end E --step D] EXPR
void AddQueryCommand(CLI::App& app, int* exit_code);
// tocsin serve --series FILE... --web.listen-address HOST:PORT
void AddServeCommand(CLI::App& app, int* exit_code);
// tocsin test promql FILE...
void AddTestCommand(CLI::App& app, int* exit_code);
// tocsin check config FILE... and tocsin routes [show|test]
// (router_commands.cc)
void AddRouterCommands(CLI::App& app, int* exit_code);
// tocsin router --config.file FILE --storage.path DIR ... (router_daemon.cc)
void AddRouterDaemonCommand(CLI::App& app, int* exit_code);

}  // namespace tocsin::engine

#endif  // TOCSIN_ENGINE_COMMANDS_H_
