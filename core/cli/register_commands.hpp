// The register's commands: import, export, audit verify and log, backup, restore, register copy, erase.
#pragma once

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
/// Adds import, export, audit, backup, restore, register copy and erase to the command line.
void add_register_commands(CLI::App& app, CommandLine& line);

}  // namespace followup::core
