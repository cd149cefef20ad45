// The lifecycle's commands: record a follow-up (the board's model assesses it), show or
// re-compute assessments, record the board's decision.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/register_commands.hpp"
#include "config/municipality_config.hpp"
#include "host/board_models.hpp"
#include "store/register.hpp"

namespace CLI {
class App;
}

namespace followup::core {

struct CommandLine;
/// Adds record, assess and decide to the command line.
void add_lifecycle_commands(CLI::App& app, CommandLine& line);

/// What `followup record` was given, as text: parsed and checked in run_record.
struct RecordArguments {
    std::string id, provider, unit, area, form, done, inspector, scale;
    bool signal = false;
    bool replace = false;               ///< replace a follow-up already recorded under the id
    std::vector<std::string> findings;  ///< CONDITION=LEVEL[:TEXT]
    std::vector<std::string> evidence;  ///< CONDITION:SUBJECT:DOCUMENT[:DATE]
    std::vector<std::string> steps;     ///< STEP=DATE
};
int run_record(const RegisterOptions& options, const RecordArguments& arguments);

/// `followup assess WHAT` shows the stored assessment(s) of a follow-up, a unit or a provider;
/// with `all`, re-computes every done follow-up's assessment (of `board`, if given).
/// With `again` and a follow-up, asks its model again and stores the result.
int run_assess(const RegisterOptions& options, const std::optional<std::string>& what, bool all,
               const std::optional<std::string>& board, bool again = false);

struct DecideArguments {
    std::string follow_up, kind, decided, reference, deadline, reason, legal_ground;
    bool serious = false;
    bool replace = false;  ///< replace the board's decision of this kind already recorded
};
int run_decide(const RegisterOptions& options, const DecideArguments& arguments);

/// After an import of follow-ups, findings, evidence or steps: the board's models — those the
/// import configured, one plugin host for the whole command — assess the done follow-ups the
/// file named. Returns false when some could not be assessed.
bool assess_imported(const MunicipalityConfig& config, Register& store, const BoardModels& models,
                     const std::vector<std::string>& follow_up_ids, const std::string& actor);

}  // namespace followup::core
