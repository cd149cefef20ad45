// A dated plan as a table for people, as iCalendar (RFC 5545) for the inspectors' calendars, as
// CSV for spreadsheets and as JSON for other systems.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "schedule/planner.hpp"

namespace followup::core {

/// What the exports show beside the ids.
struct PlanNames {
    std::map<std::string, std::string> providers;  ///< org number → name
    std::map<std::string, std::string> areas;      ///< area id → name
    std::map<std::string, std::string> inspectors; ///< inspector id → name
    std::map<std::string, std::string> units;      ///< unit id → name
    std::map<std::string, std::string> boards;     ///< board id → name
    std::map<std::string, std::string> unit_addresses;  ///< unit id → street address, where the visit is
    /// "org number|area id" → the addresses of the provider's units in the area: where a
    /// follow-up of the provider as a whole meets it.
    std::map<std::string, std::vector<std::string>> provider_addresses;
};

/// What an officer works from: each follow-up's date, its window and due date, the inspector, the
/// provider and the unit by their full names with the unit's id (what `record --unit` takes), and
/// why; then, per board, the months' demand against capacity (month_table).
std::string plan_table(const DatedPlan& plan, const PlanNames& names);

/// Per board and month: the visits due, the inspectors' capacity, the visits the levelled plan
/// puts there and the shortfall in inspector-days.
std::string month_table(const DatedPlan& plan);

/// One VEVENT per follow-up, all-day on its date. Its LOCATION is the unit's address; for a
/// follow-up of the provider as a whole, the provider by name with its units' addresses in the
/// area; for the board's own work (no provider), the board. The UID is the follow-up's stable id, so
/// importing a new export updates the calendar's events instead of adding copies; SEQUENCE is
/// `sequences`' number for the id (0 when absent: a new event), which rises by one with each
/// change of the planned follow-up (plan_sequences). `stamp` is DTSTAMP (UTC).
std::string plan_icalendar(const DatedPlan& plan, const PlanNames& names, const std::string& stamp,
                           const std::map<std::string, int>& sequences);

/// The window columns are the model's window as it gave it; `unit_address` the unit's address; `due` is the working day the window
/// closes on in the year (what the table shows), `unassigned_reason` why a visit has no inspector.
std::string plan_csv(const DatedPlan& plan, const PlanNames& names);
/// The same per follow-up, and `months`: per board and month the visits due, the capacity, the
/// visits assigned and unassigned and the shortfall in inspector-days, as month_table prints them.
std::string plan_json(const DatedPlan& plan, const PlanNames& names);

}  // namespace followup::core
