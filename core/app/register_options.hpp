// What every piece of work on the register is given before its own request: which
// configuration, which register, and who does it. A front (the command line, a later server)
// fills it; the use-case floor (core/app) opens the register from it.
#pragma once

#include <exception>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace followup::core {

struct MunicipalityConfig;

struct RegisterOptions {
    std::filesystem::path config;               ///< the municipality file
    std::optional<std::filesystem::path> db;    ///< --db, else the configuration's, else followup.sqlite
    std::string actor;                          ///< --actor: on whose behalf the signed-in user acts ("" for themselves)
    /// The configuration was named (--config or $FOLLOWUP_CONFIG), not the default path: then a
    /// missing file is a mistake every command refuses, not "no configuration".
    bool config_given = false;
};

/// Names the command being run and whom it acts for (--actor), for the register's read log (a
/// PostgreSQL register logs who read personal data, with which command). Called once by a front.
void name_the_command(const std::string& command, const std::string& on_behalf_of);

/// Where the register is: --db, else the configuration's [register] url, else its database, else
/// followup.sqlite in the current folder. A file's path is absolute; a URL is as given.
std::string register_location(const RegisterOptions& options, const MunicipalityConfig* config);

/// What a piece of work came to, for a front to show: the problems that stopped it (each names
/// what and where, what was found and what was expected), the sentences that say what it did,
/// and the warnings. A front shows `problems` as errors, then `summary` when there is one.
struct Outcome {
    std::vector<std::string> problems;
    std::vector<std::string> done;      ///< what was done, one line each, in order
    std::vector<std::string> warnings;  ///< did it, but the user should know
    std::string summary;                ///< after the problems: "3 problem(s) in 'x.csv'; nothing was imported"
    bool ok() const { return problems.empty(); }
};

/// `text` for a terminal: every control character written as \xNN, so that a value typed on the
/// command line or read from a file cannot send an escape sequence (store/record_rules.hpp: the
/// words every way in uses).
std::string escaped_for_terminal(const std::string& text);

/// The message of an exception that is the user's situation (a register that cannot be opened,
/// read or written, a folder that is a file, a server that refuses), not a defect of followup;
/// nothing when it is a defect.
std::optional<std::string> users_situation(const std::exception& e);

}  // namespace followup::core
