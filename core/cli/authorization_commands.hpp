// The authorization commands: authorize, suspend, resume, end and revoke a provider's
// authorization in an area (core/lifecycle/authorization).
#pragma once

#include <CLI/CLI.hpp>

#include "cli/command_line.hpp"

namespace followup::core {

void add_authorization_commands(CLI::App& app, CommandLine& line);

}  // namespace followup::core
