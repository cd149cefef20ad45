// A dated plan as a table for people, as iCalendar (RFC 5545) for the inspectors' calendars, as
// CSV for spreadsheets and as JSON for other systems.
#pragma once

#include <map>
#include <string>

#include "schedule/planner.hpp"

namespace followup::core {

/// What the exports show beside the ids.
struct PlanNames {
    std::map<std::string, std::string> providers;  ///< org number → name
    std::map<std::string, std::string> areas;      ///< area id → name
    std::map<std::string, std::string> inspectors; ///< inspector id → name
};

std::string plan_table(const DatedPlan& plan, const PlanNames& names);

/// One VEVENT per follow-up, all-day on its date. The UID is the follow-up's stable id, so
/// importing a new export updates the calendar's events instead of adding copies; SEQUENCE
/// grows with `revision` so calendars take the newer version. `stamp` is DTSTAMP (UTC).
std::string plan_icalendar(const DatedPlan& plan, const PlanNames& names, const std::string& stamp, int revision);

std::string plan_csv(const DatedPlan& plan, const PlanNames& names);
std::string plan_json(const DatedPlan& plan, const PlanNames& names);

}  // namespace followup::core
