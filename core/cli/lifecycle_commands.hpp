// The lifecycle's commands: record a follow-up (the board's model assesses it), show or
// re-compute assessments, record the board's decision.
#pragma once

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
/// Adds record, assess and decide to the command line.
void add_lifecycle_commands(CLI::App& app, CommandLine& line);

}  // namespace followup::core
