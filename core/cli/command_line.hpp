// What the groups of commands share while the command line is built: the options given before
// the command, and the command the line chose. Included only by the files that build the command
// line (followup.cpp and each *_commands.cpp), because it brings in CLI11, which costs seconds per
// file to compile; session.cpp and the core never see it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

#include "app/register_options.hpp"

namespace followup::core {

/// The options before the command (--config, --db, --actor). Filled while the line is parsed, so
/// a command reads them when it runs, not when it is added.
struct GlobalOptions {
    std::string config_file;
    std::optional<std::string> db_file;
    std::string actor;

    /// --config, else $FOLLOWUP_CONFIG, else config/municipality.toml.
    std::filesystem::path config_path() const {
        if (!config_file.empty()) return config_file;
        if (const char* env = std::getenv("FOLLOWUP_CONFIG"); env != nullptr && *env != '\0') return env;
        return std::filesystem::path("config") / "municipality.toml";
    }
    RegisterOptions register_options() const {
        const char* env = std::getenv("FOLLOWUP_CONFIG");
        return {config_path(), db_file ? std::optional<std::filesystem::path>(*db_file) : std::nullopt,
                actor, !config_file.empty() || (env != nullptr && *env != '\0')};
    }
};

/// A chosen command, returning the exit code.
using Command = std::function<int()>;

struct CommandLine {
    GlobalOptions global;
    /// Set when the line names a command; main() runs it after parsing, once logging is set up and
    /// inside its error handling (a CLI11 callback itself would run inside parse, before both).
    Command chosen;

    /// When `command` is the one the line names, `run` is what main() runs.
    void on_chosen(CLI::App* command, Command run) {
        command->callback([this, run = std::move(run)] { chosen = run; });
    }
};

}  // namespace followup::core
