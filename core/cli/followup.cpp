// The `followup` command: the global options and logging. Each group of commands adds itself to
// the command line from its own file (add_*_commands), so this file only wires them up and runs
// the command the line chose.
//
// CLI11 is header-only, and every file that includes it compiles its parser again: this one and
// each *_commands.cpp. Measured with GCC 12, RelWithDebInfo, compiling core/cli/*.cpp one file at
// a time, when there were five groups: 35 s of CPU in all when only this file built the command
// line (this file 14 s), 65 s with each group's wiring in its own file (about +6 s a file; CLI11
// alone is 8 s). `ninja followup` on two shared cores after touching core/cli/*.cpp: 41 s before,
// 56 s after. Paid for a command line that changes in one group's file, beside its run_* function.
//
// Exit codes: cli/exit_codes.hpp (also in README.md).
#include <malloc.h>

#include <algorithm>
#include <iostream>
#include <thread>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/authorization_commands.hpp"
#include "cli/command_line.hpp"
#include "cli/exit_codes.hpp"
#include "cli/lifecycle_commands.hpp"
#include "cli/register_commands.hpp"
#include "cli/report_commands.hpp"
#include "cli/schedule_commands.hpp"
#include "cli/setup_commands.hpp"
#include "followup/sdk/version.hpp"
#include "host/plugin_host.hpp"
#include "app/register_options.hpp"

namespace sdk = followup::sdk;
using namespace followup::core;

namespace {

void set_up_logging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("followup");
    logger->set_pattern("%^%l%$ [%n] %v");
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

}  // namespace

int main(int argc, char** argv) {
#if defined(__GLIBC__) && !defined(FOLLOWUP_JEMALLOC)
    // Built without jemalloc (FOLLOWUP_JEMALLOC=OFF): as many malloc arenas as cores, not glibc's
    // eight per core: a national compilation's threads (the models' listeners, the boards' sections, the writing lanes) each took an arena
    // of their own, and memory freed in one is not reused by another: 750 MiB at the peak against
    // 660 MiB with one arena per core, in the same time (docs/performance.md).
    ::mallopt(M_ARENA_MAX, static_cast<int>(std::max(1U, std::thread::hardware_concurrency())));
#endif
    CLI::App app{"followup: follow-up of providers in a municipality's customer-choice areas"};
    app.require_subcommand(1);
    app.set_version_flag("--version",
                         fmt::format("followup {} (SDK {}, plugin ABI {})", FOLLOWUP_VERSION,
                                     FOLLOWUP_SDK_VERSION_STRING, FOLLOWUP_SDK_ABI_VERSION));
    std::string log_level = "warning";
    app.add_option("--log-level", log_level, "trace, debug, info, warning, error or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warning", "warn", "error", "off"}))
        ->capture_default_str();
    CommandLine line;
    app.add_option("--config", line.global.config_file,
                   "The municipality file. Default: $FOLLOWUP_CONFIG, else config/municipality.toml");
    app.add_option("--db", line.global.db_file,
                   "The register: a SQLite file, or a PostgreSQL database's postgresql:// URL. Default: the "
                   "configuration's [register] url or database, else followup.sqlite");
    app.add_option("--actor", line.global.actor, "On whose behalf the change is made (an officer whose notes you type in). The trail records who signed in (the OS user; on PostgreSQL the login role) and this beside it, never instead");
    bool trust_plugins = false;
    app.add_flag("--trust-plugins", trust_plugins,
                 "Run the boards' plugins inside followup's own process: faster, but a plugin that crashes or hangs "
                 "takes the command with it (default: each call in a child process, with [plugins] call_timeout_seconds)");

    add_setup_commands(app, line);
    add_register_commands(app, line);
    add_lifecycle_commands(app, line);
    add_authorization_commands(app, line);
    add_schedule_commands(app, line);
    add_report_commands(app, line);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    }

    try {
        set_up_logging(log_level);
        if (trust_plugins) set_default_plugin_calls({false, default_plugin_calls().time_limit});
        if (sdk::loaded_abi_version() != sdk::abi_version) {
            spdlog::error("libfollowup_sdk has ABI {} but followup was built for {}", sdk::loaded_abi_version(),
                          sdk::abi_version);
            return exit_internal;
        }
        // The command's words ("audit log"), for the read log of a PostgreSQL register.
        std::string words;
        for (const CLI::App* command = &app; !command->get_subcommands().empty();) {
            command = command->get_subcommands().front();
            words += (words.empty() ? "" : " ") + command->get_name();
        }
        name_the_command(words, line.global.actor);
        if (line.chosen) return line.chosen();
    } catch (const std::exception& e) {
        // A register that cannot be opened, read or written, a folder that is a file, a full
        // disk: the user's situation, not a defect of followup (core/app says which is which).
        if (auto situation = users_situation(e)) {
            std::cerr << "error: " << *situation << "\n";
            return exit_problem;
        }
        std::cerr << "internal error: " << e.what() << "\n";
        return exit_internal;
    }
    return exit_usage;
}
