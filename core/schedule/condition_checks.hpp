// The authorization conditions owed a check outside a follow-up (the condition-timing table's
// `annually` and `signal`; config/municipality.toml [[conditions]]): seed 001, "Av en särskild
// tabell i utbildningsnämndens modell för uppföljning framgår när respektive auktorisationsvillkor
// ska följas upp". `followup plan` lists those due in its year, `status` those overdue, and
// `followup authorization check` records them (condition_checks).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "schedule/status.hpp"
#include "store/register.hpp"

namespace followup::core {

/// The checks owed by `until` and not recorded, by due date, then provider, area and condition.
/// Yearly: a year after the condition's latest check for the provider in the area (at
/// authorization, yearly or on a signal), or after the grant when there is none, while the
/// authorization is in force that day and still at `until`. On a signal: a signal found
/// substantiated (`ja`) calls for the area's `signal` conditions within a month of its receipt,
/// unless one was checked on or after that day; one not yet investigated, or found
/// unsubstantiated, calls for none (a complaint about a missed visit is not a reason to ask for the
/// representatives' criminal records: the project's reading where the seeds are silent,
/// docs/planning.md). The municipality's own units have no authorization to check and owe none.
/// With `provider`, that provider's only, read by provider (a one-unit `status` reads no whole table).
std::vector<ConditionCheckDue> condition_checks_due(const MunicipalityConfig& config, const Register& store, sdk::Date until,
                                                    const std::string& provider = "");
/// The same, each handed to `owed` as it is found, in no order: for a count over a whole country's
/// register without holding every one.
void each_condition_check_due(const MunicipalityConfig& config, const Register& store, sdk::Date until, const std::string& provider,
                              const std::function<void(ConditionCheckDue&&)>& owed);

}  // namespace followup::core
