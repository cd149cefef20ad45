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
    /// The window the date was chosen in: the model's window cut to the year, its first day moved
    /// to the next working day and its last to the working day before (the due date).
    sdk::Period window;
    std::string unassigned_reason;  ///< why a visit has no inspector (over_capacity); empty otherwise
};

/// A board's month: what its inspectors can do and what the plan asks of them. A visit takes one
/// inspector-day (an inspector's `monthly_capacity` counts visits), so `shortfall()` is in
/// inspector-days.
struct MonthLoad {
    std::string board_id;
    std::chrono::year_month month;
    int capacity = 0;
    int due = 0;         ///< visits whose window closes this month: the demand before levelling
    int assigned = 0;    ///< visits the plan puts in this month, after levelling
    int unassigned = 0;  ///< visits due this month that no inspector had room for in their window
    int shortfall() const { return unassigned; }
};

struct DatedPlan {
    int year = 0;
    std::vector<ScheduledFollowUp> items;  ///< by date, then board, then id
    std::vector<MonthLoad> months;         ///< per board and month of the year
    std::vector<std::string> warnings;     ///< one per month over capacity, and visits nobody may do
};

/// Keeps of the models' wishes (board id → its plan_year result) what falls while the provider's
/// authorization in the area is in force (sdk::in_force on a day): a follow-up whose window opens
/// before the authorization's end (de-authorization or revocation) stays, its window closing the
/// day before the end; one whose window opens on or after the end goes. A provider authorized
/// later than the window's first day is the model's to judge (a new provider's first
/// follow-up) and stays. `status` calls late by the same rule (schedule/cases.hpp). The board's
/// own work (no provider) is kept. Returns how many wishes went.
std::size_t keep_while_authorized(std::map<std::string, std::vector<sdk::PlannedFollowUp>>& wanted, const sdk::RegisterView& records);

/// Dates and assigns the follow-ups each board's model asked for (`wanted`: board id → its
/// plan_year result). No date falls on a non-working day: a window's first day moves to the next
/// working day and its last to the previous one, and a window with no working day left gives the
/// working day before its end. The visits level the year: the tightest windows (earliest due)
/// choose first, each the inspector and month with the most room left; a visit that finds no room
/// moves an earlier one to another month of that one's window if it can, and otherwise stays
/// unassigned with its reason and counts in its due month's shortfall.
///
/// `booked`: visits each inspector already has in a month of the year ((inspector id, month
/// 1-12) → count), which take their capacity first: a plan made again during the year.
using InspectorMonths = std::map<std::pair<std::string, unsigned>, int>;
/// `wanted` is taken by value: a caller done with its wishes moves them in.
DatedPlan schedule_plan(int year, const MunicipalityConfig& config, std::map<std::string, std::vector<sdk::PlannedFollowUp>> wanted,
                        const sdk::Calendar& calendar, const InspectorMonths& booked = {});

/// The window a follow-up is dated in: `window` cut to `year`, starting on a working day and
/// closing on one. A window without a working day collapses to the working day before its end, or
/// to the year's first working day when that is before the year.
sdk::Period working_window(const sdk::Period& window, int year, const sdk::Calendar& calendar);

/// SEQUENCE for each follow-up of the plan's iCalendar export (RFC 5545 3.8.7.4): 0 for an event
/// the register has not held before, and one more for each change of it since it was first
/// written, counted in the audit trail. `written`: the plan is already in the register; otherwise
/// (a dry run) a follow-up whose date or inspector would change counts one change more.
std::map<std::string, int> plan_sequences(const Register& store, const DatedPlan& plan, bool written);

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

/// The planned follow-up an officer marks done when they name the unit and form instead of its
/// generated id: the provider's follow-up of `form` in the area for `unit` (empty: the provider
/// as a whole) that is still planned, the one whose planned date is nearest `done`; nullopt when
/// none is planned.
std::optional<std::string> planned_follow_up_for(const sdk::RegisterView& store, const std::string& provider, const std::string& area_id,
                                                 const std::string& form_id, const std::string& unit_id, sdk::Date done);

/// The stable id of a planned follow-up: year, form, area, provider (or board), unit and its
/// ordinal (1, 2, …) among the year's follow-ups of that form and unit in window order. Never a
/// date: an unannounced visit's day must not be read from its id.
std::string planned_follow_up_id(int year, const std::string& board_id, const sdk::PlannedFollowUp& planned, int ordinal);

}  // namespace followup::core
