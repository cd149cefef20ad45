// What the officer's desk (core/desk, `followup serve`) reads that no command printed before: the
// planned follow-ups of a period, where a unit belongs (the board whose officers may see it), a
// unit's years of follow-ups and open cases, and the words of a visit's form (its board's
// conditions and scale). Reads only: every write of the desk goes through the functions the CLI
// calls (record_follow_up, decide, ...), so it meets the same rules and refusals.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/register_options.hpp"
#include "followup/sdk/scale.hpp"
#include "followup/sdk/types.hpp"
#include "schedule/status.hpp"

namespace followup::core {

/// What the desk needs of the configuration before any page: its language and name, whether its
/// cookie is marked Secure, and which board each area is.
struct DeskSettings : Outcome {
    bool english = false;  ///< [municipality] language = "en"; Swedish otherwise
    std::string municipality;
    bool secure_cookies = false;  ///< [desk] secure_cookies: the desk is reached over TLS
    std::map<std::string, std::string> area_boards;  ///< area id → its board's id: whose an overdue follow-up is
};
DeskSettings desk_settings(const RegisterOptions& options);

/// Where a unit belongs: the unit and its provider from the register, its area's board from the
/// configuration. What decides whether an officer may see or write about the unit.
struct UnitPlace : Outcome {
    bool found = false;  ///< false: no unit has this id (not a problem: the desk says 404)
    std::string unit_id, unit_name, provider, provider_name, area_id, area_name, board_id, board_name;
};
UnitPlace unit_place(const RegisterOptions& options, const std::string& unit_id);

/// A follow-up as an officer reads it: the activity, and the names of what it names.
struct FollowUpLine {
    sdk::FollowUpActivity activity;
    std::string board_id;
    std::string provider_name, unit_name, area_name, form_name, inspector_name;
};

/// The follow-ups of `boards` still planned (not done, not cancelled) whose window meets
/// [from, to], by window start, then id.
struct PlannedFollowUps : Outcome {
    std::vector<FollowUpLine> follow_ups;
};
PlannedFollowUps planned_follow_ups(const RegisterOptions& options, sdk::Date from, sdk::Date to, const std::vector<std::string>& boards);

/// One unit's page: where it belongs, its follow-ups planned or done since `since` (newest first),
/// and its deficiency cases not yet closed (the unit's own and its provider's as a whole in the
/// unit's area).
struct UnitHistory : Outcome {
    UnitPlace place;
    std::vector<FollowUpLine> follow_ups;
    std::vector<DeficiencyCase> open_cases;
};
UnitHistory unit_history(const RegisterOptions& options, const std::string& unit_id, sdk::Date since);

/// The form of a planned visit, in the words of its board: the follow-up, the conditions its area
/// has that a supervision checks (by their text), and the board's scale with its levels.
struct VisitForm : Outcome {
    bool found = false;  ///< false: no follow-up has this id
    FollowUpLine follow_up;
    struct Condition {
        std::string id, text;
    };
    std::vector<Condition> conditions;
    std::string scale_id;
    std::vector<sdk::GradeLevel> levels;  ///< best first
};
VisitForm visit_form(const RegisterOptions& options, const std::string& follow_up_id);

}  // namespace followup::core
