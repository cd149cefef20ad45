// The typed bridge between the SDK's records and the register's rows: one converter each way
// per record kind. A row holds canonical text in its kind's column order, and that order is
// written only in record_kinds.cpp; the converters find each column there by name (once), so the
// planner, the snapshot, the SQLite views and the demo cannot each keep their own copy of it and
// drift apart. The assessments' converter is assessment_rows.hpp.
//
// from_row expects a whole row of the kind as the register gives it (valid canonical text):
// an unreadable date becomes the zero date, an unknown choice the kind's first, as the store's
// readers always did.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "followup/sdk/plugin.hpp"
#include "followup/sdk/types.hpp"
#include "store/register.hpp"

namespace followup::core {

/// A row of the `plans` kind: when a board adopted its follow-up plan for a year, and when it
/// reported it to the executive board.
struct PlanAdoption {
    std::string board_id;
    int year = 0;
    sdk::Date adopted{};
    std::optional<sdk::Date> reported;
    std::string area_id;  ///< the kundval area; empty: the board's one plan for all its areas
};

/// `continuity_plan` is the providers kind's column that the SDK's Provider does not carry.
Row to_row(const sdk::Provider& provider, const std::optional<sdk::Date>& continuity_plan = std::nullopt);
Row to_row(const sdk::Unit& unit);
Row to_row(const sdk::Authorization& authorization);
Row to_row(const sdk::FollowUpActivity& follow_up);
Row to_row(const sdk::Finding& finding);
/// The records the SDK keeps without their follow-up: the row names it.
Row to_row(std::string_view follow_up, const sdk::Decision& decision);
Row to_row(std::string_view follow_up, const sdk::Evidence& evidence);
Row to_row(std::string_view follow_up, const sdk::ProcessStep& step);
Row to_row(std::string_view follow_up, const sdk::Closure& closure);
Row to_row(const sdk::Signal& signal);
Row to_row(const sdk::IndicatorValue& value);
Row to_row(const PlanAdoption& plan);

/// A follow-up row's fields as follow_up_from_row reads them, the texts seen in the row (which
/// must outlive this): for the snapshot, which keeps a million follow-ups compactly and would
/// only take SDK records apart again.
struct FollowUpFields {
    std::string_view id, form_id, area_id, provider, unit_id;
    sdk::Period planned;
    std::optional<sdk::Date> done;
    sdk::ActivityStatus status = sdk::ActivityStatus::planned;
    std::string_view inspector;
    sdk::Trigger trigger = sdk::Trigger::planned;
};
FollowUpFields follow_up_fields(const Row& row);

sdk::Provider provider_from_row(const Row& row);
sdk::Unit unit_from_row(const Row& row);
sdk::Authorization authorization_from_row(const Row& row);
sdk::FollowUpActivity follow_up_from_row(const Row& row);
sdk::Finding finding_from_row(const Row& row);
sdk::Decision decision_from_row(const Row& row);
sdk::Evidence evidence_from_row(const Row& row);
sdk::ProcessStep step_from_row(const Row& row);
sdk::Closure closure_from_row(const Row& row);
sdk::Signal signal_from_row(const Row& row);
sdk::IndicatorValue indicator_from_row(const Row& row);
PlanAdoption plan_adoption_from_row(const Row& row);

}  // namespace followup::core
