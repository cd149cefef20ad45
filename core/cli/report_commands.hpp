// The reporting commands: compile (the cross-board annual compilation), publish, and demo
// generate (the example municipality that the reports are tried on).
#pragma once

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
/// Adds compile, publish and demo generate to the command line.
void add_report_commands(CLI::App& app, CommandLine& line);

}  // namespace followup::core
