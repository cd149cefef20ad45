// Turning the boards' wishes into a dated plan: every follow-up a board's model asks for gets a
// working day inside its window and, if it takes an inspector's time, an inspector with room in
// that month who is free to follow that provider up. When a month's demand exceeds its capacity
// the plan says so instead of overbooking anyone.
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "store/register.hpp"
#include "followup/sdk/plugin.hpp"

namespace followup::core {

struct ScheduledFollowUp {
    std::string id;        ///< stable across runs while the window is the same: the iCalendar UID
    std::string board_id;
    sdk::PlannedFollowUp planned;
    sdk::Date date;
    std::string inspector;       ///< empty: no inspector needed, or none had room
    bool visit = true;           ///< takes an inspector's time
    bool over_capacity = false;  ///< a visit no eligible inspector had room for in its window
    bool unannounced = false;    ///< its form is unannounced: the date stays in the register
    bool date_withheld = false;  ///< exports show neither the date nor the window (withhold_unannounced)
};

/// A board's month: what its inspectors can do and what the plan asks of them.
struct MonthLoad {
    std::string board_id;
    std::chrono::year_month month;
    int capacity = 0;
    int assigned = 0;
    int unassigned = 0;  ///< visits due that month that no inspector had room for
};

struct DatedPlan {
    int year = 0;
    std::vector<ScheduledFollowUp> items;  ///< by date, then board, then id
    std::vector<MonthLoad> months;         ///< per board and month of the year
    std::vector<std::string> warnings;     ///< one per month over capacity, and visits nobody may do
};

/// Dates and assigns the follow-ups each board's model asked for (`wanted`: board id → its
/// plan_year result).
DatedPlan schedule_plan(int year, const MunicipalityConfig& config,
                        const std::map<std::string, std::vector<sdk::PlannedFollowUp>>& wanted, const sdk::Calendar& calendar);

/// Prepares a plan for export. An unannounced visit's date never leaves the register except in
/// the inspector's own export: with `inspector`, the plan keeps only that inspector's follow-ups,
/// dates and all; without, every unannounced follow-up is marked date_withheld, which the
/// exports honour (the iCalendar export leaves it out, the others show no date and no window).
void withhold_unannounced(DatedPlan& plan, const std::optional<std::string>& inspector);

struct PlanRecorded {
    std::size_t written = 0;    ///< follow-ups written as planned (new or changed)
    std::size_t cancelled = 0;  ///< earlier planned ones the plan no longer has
};

/// Writes the plan's follow-ups into the register as planned, leaving done or cancelled ones
/// alone, and cancels this year's planned follow-ups of these boards that an earlier run of
/// `plan` wrote and this plan no longer has. Follow-ups planned by hand or imported are the
/// officers' own and are never cancelled. One transaction.
PlanRecorded record_plan(Register& store, const MunicipalityConfig& config, const DatedPlan& plan,
                         const std::set<std::string>& boards, const std::string& actor);

/// The stable id of a planned follow-up.
std::string planned_follow_up_id(int year, const std::string& board_id, const sdk::PlannedFollowUp& planned);

}  // namespace followup::core
