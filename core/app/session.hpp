// What most pieces of work start from: the configuration, the register, and the boards' plugins
// configured over that register. Private to the use-case floor: a front (cli/) never sees the
// register, only what core/app's functions give back.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/register_options.hpp"
#include "calendar/swedish_calendar.hpp"
#include "config/municipality_config.hpp"
#include "host/board_models.hpp"
#include "store/register.hpp"
#include "store/register_snapshot.hpp"
#include "store/register_view_relay.hpp"

namespace followup::core {

/// Not movable: the plugin host holds references to the configuration's scales, the register and
/// the calendar.
struct Session {
    Session() = default;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    MunicipalityConfig config;
    std::unique_ptr<Register> store;
    SwedishCalendar calendar;
    /// A snapshot of `store`, when the command reads the whole register (compile): then it is
    /// what the plugins read.
    std::unique_ptr<RegisterSnapshot> snapshot;
    /// What the plugins read: `snapshot` once it is made, else `store` (configured before the
    /// snapshot is read: register_view_relay.hpp says why).
    std::unique_ptr<RegisterViewRelay> view;
    std::unique_ptr<PluginHost> host;
    BoardModels models;                ///< empty unless asked for
    std::map<std::string, std::string> plugin_problems;  ///< board id → why its plugin cannot be used
};

enum class Plugins {
    none,      ///< the command needs no plugin
    required,  ///< every board's plugin must load and accept its table
    tolerant,  ///< load what loads; the others' problems go to plugin_problems. Also what a command
               ///< that only reads needs: the scales the plugins ship are registered on load.
};

/// How the session's reads are answered.
enum class Reads {
    queries,   ///< by the register, query by query: commands that read a little
    snapshot,  ///< from a snapshot read once: commands that read everything (compile)
};

/// Whether the command needs the register to be there already.
enum class RegisterNeed {
    existing,           ///< every command that reads: a missing register is a misspelled --db, refused
    created_if_missing, ///< the commands that put data in (demo generate --import): created, and said so
    none,               ///< the command does not use the register (store stays null)
};

/// The configuration's [register] group, made the group of every file the register makes from
/// now on (util/private_files.hpp); none: their owner's only.
void share_register_files_with(const MunicipalityConfig& config);

/// Opens the session; null when the configuration is invalid, the register is missing
/// (RegisterNeed::existing) or a board's plugin cannot be used (Plugins::required), with the
/// problems and their summary in `outcome`. A register it creates is said in `outcome.done`.
std::unique_ptr<Session> open_session(const RegisterOptions& options, Plugins plugins, Outcome& outcome,
                                      Reads reads = Reads::queries, RegisterNeed need = RegisterNeed::existing);

struct Assessed;
/// After an import of follow-ups, findings, evidence or steps: the board's models — those the
/// import configured, one plugin host for the whole command — assess the done follow-ups the file
/// named (core/app/follow_ups.cpp).
Assessed assess_imported(const MunicipalityConfig& config, Register& store, const BoardModels& models,
                         const std::vector<std::string>& follow_up_ids, const std::string& actor);

/// Today, on the machine's clock: what "after today" is measured against.
sdk::Date today();

}  // namespace followup::core
