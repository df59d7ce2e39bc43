// The tocsin binary: dispatches to the subcommands in commands.h.

#include <CLI/CLI.hpp>

#include "engine/commands.h"
#include "engine/version.h"

int main(int argc, char** argv) {
  CLI::App app{"tocsin: a Prometheus-compatible alerting engine", "tocsin"};
  app.set_version_flag("--version", tocsin::engine::Version());
  app.require_subcommand(1);
  int exit_code = 0;
  tocsin::engine::AddQueryCommand(app, &exit_code);
  tocsin::engine::AddServeCommand(app, &exit_code);
  tocsin::engine::AddTestCommand(app, &exit_code);
  tocsin::engine::AddCheckCommand(app, &exit_code);
  tocsin::engine::AddRouterCommands(app, &exit_code);
  tocsin::engine::AddRouterDaemonCommand(app, &exit_code);
  tocsin::engine::AddRunCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    // CLI11 answers --help and --version with 0; usage errors exit 2 as
    // promtool's do.
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
