// The year's plan, the state of follow-ups and cases at a day, and a case's closing.
#pragma once

#include <map>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/register_options.hpp"
#include "schedule/status.hpp"

namespace followup::core {

enum class PlanFormat { table, ics, csv, json };

struct PlanRequest {
    int year = 0;
    std::optional<std::string> board;  ///< only this board
    PlanFormat format = PlanFormat::table;
    /// Written here (atomically) before anything is recorded; otherwise the plan's text is in the result.
    std::optional<std::filesystem::path> out;
    bool dry_run = false;                  ///< work it out, write nothing to the register
    std::optional<std::string> inspector;  ///< the inspector's own export: their visits, unannounced dates included
};
struct PlanResult : Outcome {
    std::string text;        ///< the plan in the format asked for (also when written to `out`)
    std::size_t follow_ups = 0, visits = 0, assigned = 0;
    std::size_t written = 0, cancelled = 0;  ///< planned follow-ups recorded, earlier planned ones cancelled
    std::string month_table;  ///< the month-by-month demand against capacity (in `text` for the table format)
    std::vector<std::string> board_failures;  ///< a board's plugin failed: the plan is the other boards'
    /// The authorization conditions owed a yearly or a signal's check by the year's end (not
    /// visits: recorded with `followup authorization check`), and names for them.
    std::vector<ConditionCheckDue> condition_checks;
    std::map<std::string, std::string> names;
};
PlanResult plan_year(const RegisterOptions& options, const PlanRequest& request);

struct StatusResult : Outcome {
    Status status;
    /// What the status names by id, by name: unit, area, form and board ids → their names, and a
    /// decision kind ("remark") → its word in the configuration's language.
    std::map<std::string, std::string> names;
    std::string unit_id;  ///< status_of() a unit: the unit's id (it may have been named)
    std::string provider, provider_name;  ///< status_of(): the provider's organisation number (canonical) and name
    /// Authorization conditions owed a yearly or a signal's check by `at` and not recorded.
    std::vector<ConditionCheckDue> condition_checks;
};
/// Overdue follow-ups and units, open cases past their re-check or deadline, cases awaiting
/// their closing, at `at`; with `all_units`, every unit's next due date too.
StatusResult status_at(const RegisterOptions& options, sdk::Date at, bool all_units);
/// The same for one unit (its id, or its whole name when one unit has it) or one provider (its
/// organisation number): only what concerns it, read without reading a whole table. With a
/// unit, its provider's follow-ups and cases of that unit and of the provider as a whole.
StatusResult status_of(const RegisterOptions& options, sdk::Date at, const std::optional<std::string>& unit,
                       const std::optional<std::string>& provider);

struct CloseCaseRequest {
    std::string follow_up;  ///< the re-check that found the case remedied
    std::string basis;      ///< visit or document
    std::string reason;
    sdk::Date on{};
};
struct CloseCaseResult : Outcome {
    CloseResult closing;
};
CloseCaseResult close_deficiency_case(const RegisterOptions& options, const CloseCaseRequest& request);

}  // namespace followup::core
