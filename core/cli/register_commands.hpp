// The register's commands: import, export, audit verify and log, backup, restore, register copy.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
struct MunicipalityConfig;
/// Adds import, export, audit, backup and restore to the command line.
void add_register_commands(CLI::App& app, CommandLine& line);

/// Options every register command shares.
struct RegisterOptions {
    std::filesystem::path config;               ///< the municipality file
    std::optional<std::filesystem::path> db;    ///< --db, else the configuration's, else followup.sqlite
    std::string actor;                          ///< --actor, else the OS user
    /// The configuration was named (--config or $FOLLOWUP_CONFIG), not the default path: then a
    /// missing file is a mistake every command refuses, not "no configuration".
    bool config_given = false;
};

/// With `assess`, the done follow-ups the file is about are assessed by their boards' models.
int run_import(const RegisterOptions& options, const std::string& kind, const std::filesystem::path& file, bool dry_run,
               bool assess = true);
int run_export(const RegisterOptions& options, const std::string& kind, const std::optional<std::filesystem::path>& out,
               char separator);
int run_audit_verify(const RegisterOptions& options);
/// The audit trail's entries, oldest first, of one kind and key when given.
int run_audit_log(const RegisterOptions& options, const std::string& kind, const std::string& key);
int run_backup(const RegisterOptions& options, const std::filesystem::path& file);
int run_restore(const RegisterOptions& options, const std::filesystem::path& file);

/// Copies the register at `from` into `to` (`register copy`), each an SQLite file or a
/// PostgreSQL URL; the trail is verified on both sides.
int run_register_copy(const RegisterOptions& options, const std::string& from, const std::string& to);

/// Where the register is: --db, else the configuration's [register] url, else its database, else
/// followup.sqlite in the current folder. A file's path is absolute; a URL is as given.
std::string register_location(const RegisterOptions& options, const MunicipalityConfig* config);

/// The OS user running the command ("unknown" if it cannot be told).
std::string os_user();

}  // namespace followup::core
