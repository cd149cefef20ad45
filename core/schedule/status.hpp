// What the lifecycle of deficiencies comes to at a day, as types only: the cases, the overdue
// follow-ups and units, a case's closing. No register here: a front (cli/, through core/app)
// reads these without reaching the store; schedule/cases.hpp works them out from the register.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "followup/sdk/types.hpp"

namespace followup::core {

struct DeficiencyCase {
    /// open: a condition is still deficient; to_verify: the provider says it is remedied but no
    /// visit or document has verified it; remedied: verified, awaiting a recorded closing.
    enum class State { open, to_verify, remedied, closed };
    State state = State::open;
    std::string board_id, area_id, provider, provider_name, unit_id;
    std::vector<std::string> follow_ups;  ///< the deficient follow-ups, oldest first
    sdk::Date opened;
    sdk::Date last_deficient;
    int worst_severity = 1;
    std::optional<sdk::Decision> latest_decision;
    sdk::Date recheck_due;                ///< the latest day of the re-check window after the last deficient follow-up
    bool recheck_from_model = false;      ///< the window is the board's model's (stored assessment), not the [[schedule]] default
    std::vector<std::string> open_conditions;       ///< deficient and not yet verified remedied
    std::vector<std::string> statement_conditions;  ///< remedied on the provider's word only
    /// A deficiency the board's model found in a condition that no finding of the follow-up grades
    /// deficient (a targeted supervision's documents: "1 av 3 folkbokförda på adressen har inte
    /// visat registerutdrag"): it opens the case as a deficient finding does. The latest such
    /// judgement per condition, in the model's words, with the form that examines it again.
    struct ModelDeficiency {
        std::string condition, text, form_id, follow_up;
    };
    std::vector<ModelDeficiency> model_deficiencies;
    /// The model's texts of the conditions still open or to be verified, in the order found.
    std::vector<std::string> open_model_texts() const;
    std::optional<std::string> remedied_by;  ///< the follow-up that verified the last condition
    std::optional<sdk::Date> remedied_on;
    /// The recorded closing, when closed: on the follow-up that found the case remedied, or the
    /// authorization's end.
    struct Closing {
        std::string follow_up;
        sdk::Closure closure;
    };
    std::optional<Closing> closure;
    /// Closed by the end of the provider's authorization in the area (de-authorization or
    /// revocation): the day it ends, which may be to come (the case is open until then).
    std::optional<sdk::Date> authorization_ends;
};

/// A planned follow-up whose date has passed without it being done.
struct OverdueFollowUp {
    sdk::FollowUpActivity activity;
    std::string provider_name;
};


/// When a unit's next follow-up is due, as its board's model said in the assessment of its
/// latest assessed follow-up.
struct UnitDue {
    std::string board_id, area_id, provider, provider_name, unit_id;
    std::string assessed_follow_up;  ///< the follow-up whose assessment set the date
    sdk::Date next_due;
    bool deficient = false;          ///< that assessment found deficiencies (the date is a re-check)
    std::string risk_category, risk_reason;
};


struct Status {
    sdk::Date at;
    std::vector<OverdueFollowUp> overdue;
    /// Every authorized unit with a model-given due date, by due date (left empty with
    /// UnitsKept::overdue_only).
    std::vector<UnitDue> units;
    /// Of every such unit with a risk category: board → category → how many, and the reason
    /// given for the one due first that has a reason.
    struct RiskCategory {
        std::size_t units = 0;
        std::string reason;
        sdk::Date reason_due{};
    };
    std::map<std::string, std::map<std::string, RiskCategory>> risk_categories;
    /// Of those, the units whose due date has passed with no follow-up done since.
    std::vector<UnitDue> overdue_units;
    std::vector<DeficiencyCase> overdue_cases;      ///< open, re-check date or decision deadline passed
    std::vector<DeficiencyCase> awaiting_closure;   ///< remedied, but no closure recorded
};


/// An authorization condition owed a check outside a follow-up (schedule/condition_checks.hpp).
struct ConditionCheckDue {
    std::string provider, area_id, condition_id;
    std::string occasion;  ///< annually or signal
    std::string signal;    ///< occasion signal: the signal that calls for it
    sdk::Date due{};       ///< checked by this day
    std::optional<sdk::Date> last_checked;  ///< the condition's latest check for the provider in the area
};

/// What closing a case came to: closed, or refused; the message to show either way.
struct CloseResult {
    bool closed = false;
    std::string message;
};

}  // namespace followup::core
