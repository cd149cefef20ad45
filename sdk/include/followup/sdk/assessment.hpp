// A model's judgement of one follow-up: what BoardModel::assess returns, what the host stores,
// and what RegisterView::stored_assessment gives back.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "followup/sdk/types.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

/// The model's judgement of one recorded follow-up. The host stores it in the register (beside
/// the follow-up, replacing an earlier one) and everything the core shows about the unit's
/// deadlines comes from it: `status`, the case list, the compilation's timeliness figures.
/// The board, not the software, decides: `proposed` is a proposal; the adopted decision is
/// recorded separately (`followup decide`) and the difference is reported.
/// @since 0.1; `recheck`, `risk_category` and `risk_reason` @since 3.0
struct Assessment {
    std::vector<Finding> deficiencies;  ///< the findings graded as deficiencies
    Decision proposed;                  ///< the decision proposed to the board, with its legal ground
    /// When the next regular follow-up of the unit is due, at the latest. Empty: the model sets
    /// no date (the unit is then not counted as late by the core).
    std::optional<Date> next_due;
    std::string explanation;            ///< why, in words an officer can pass on
    std::vector<std::string> missing_steps;  ///< process steps the model requires that are not done
    /// When the deficiencies must be re-checked (first and last day); empty when none were found.
    std::optional<Period> recheck{};
    /// The unit's risk category in a risk-based model ("hög", "A"), and why; empty when the
    /// model has none. Shown in `followup status` and the compilation.
    std::string risk_category{};
    std::string risk_reason{};
};

FOLLOWUP_SDK_END_NAMESPACE
