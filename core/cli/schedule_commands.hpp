// The schedule's commands: plan, status, case close.
#pragma once

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
/// Adds plan, status and case close to the command line.
void add_schedule_commands(CLI::App& app, CommandLine& line);

}  // namespace followup::core
