// The reporting commands: compile (the cross-board annual compilation), publish, and demo
// generate (the example municipality that the reports are tried on).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli/register_commands.hpp"

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
/// Adds compile, publish and demo generate to the command line.
void add_report_commands(CLI::App& app, CommandLine& line);

int run_compile(const RegisterOptions& options, int year, const std::optional<std::filesystem::path>& out,
                const std::string& language, const std::string& formats, bool formats_given, const std::optional<std::string>& date,
                const std::optional<std::string>& reference = std::nullopt);

int run_publish(const RegisterOptions& options, int year, const std::filesystem::path& out, const std::string& language);

/// `followup demo generate`: writes the example municipality (or country) as CSV files and, with
/// `import`, imports them into the register in dependency order.
int run_demo_generate(const RegisterOptions& options, const std::string& scale, std::uint64_t seed, int last_year,
                      const std::filesystem::path& out, bool import);

}  // namespace followup::core
