#include <CLI/CLI.hpp>
#include <iostream>

#include "engine/commands.h"

namespace tocsin::engine {

void AddTestCommand(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("test", "not built yet");
  cmd->allow_extras();
  cmd->callback([exit_code] {
    std::cerr << "tocsin test: not built yet\n";
    *exit_code = 1;
  });
}

}  // namespace tocsin::engine
