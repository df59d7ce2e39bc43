#include <CLI/CLI.hpp>
#include <iostream>

#include "engine/commands.h"

namespace tocsin::engine {

void AddQueryCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("query", "not built yet");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::cerr << "tocsin query: not built yet\n";
    *exit_code = 1;
  });
}

}  // namespace tocsin::engine
