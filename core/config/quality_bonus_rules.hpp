// The quality-bonus rules' checks that need the whole configuration (see quality_bonus_rules.cpp).
#pragma once

#include <vector>

#include "config/diagnostics.hpp"
#include "config/municipality_config.hpp"

namespace followup::core {

/// `grade_at[i]` and `indicator_at[i]` locate rule i's max_grade and indicator keys, for the
/// messages; a problem is appended to `out`.
void check_quality_bonus_rules(const MunicipalityConfig& config, const std::vector<Diagnostic>& grade_at,
                               const std::vector<Diagnostic>& indicator_at, Diagnostics& out);

}  // namespace followup::core
