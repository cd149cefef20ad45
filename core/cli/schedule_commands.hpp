// The schedule's commands: plan, status, case close.
#pragma once

#include <optional>
#include <string>

#include "cli/register_commands.hpp"

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
/// Adds plan, status and case close to the command line.
void add_schedule_commands(CLI::App& app, CommandLine& line);

struct PlanOptions {
    bool dry_run = false;                  ///< print the plan, write nothing to the register
    std::optional<std::string> inspector;  ///< the inspector's own export: their visits, unannounced dates included
};
int run_plan(const RegisterOptions& options, int year, const std::optional<std::string>& board, const std::string& format,
             const std::optional<std::filesystem::path>& out, const PlanOptions& plan_options = {});
/// With `all_units`, also every unit's next due date and risk category.
int run_status(const RegisterOptions& options, const std::optional<std::string>& at, bool all_units = false);
int run_close_case(const RegisterOptions& options, const std::string& follow_up, const std::string& basis,
                   const std::string& reason, const std::optional<std::string>& on);

}  // namespace followup::core
