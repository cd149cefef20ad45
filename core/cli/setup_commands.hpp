// The commands that set followup up before the register is used: init (a starting
// configuration), validate (check it), plugins list and plugins check (the boards' plugins).
#pragma once

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
/// Adds plugins (list, check), validate and init to the command line.
void add_setup_commands(CLI::App& app, CommandLine& line);

}  // namespace followup::core
