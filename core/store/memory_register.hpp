// An in-memory register: the RegisterView plugins read, held in plain vectors. It serves the
// tests and commands that need no persistent store; the embedded SQLite store implements the
// same sdk::RegisterView.
#pragma once

#include <vector>

#include "followup/sdk/host.hpp"

namespace followup::core {

class MemoryRegister final : public sdk::RegisterView {
public:
    std::vector<sdk::Provider> providers;
    std::vector<sdk::Authorization> authorizations_list;
    std::vector<sdk::Unit> units;
    std::vector<sdk::FollowUpActivity> activities;
    std::vector<sdk::Finding> findings_list;
    std::vector<std::pair<std::string, sdk::Decision>> decisions_by_activity;
    std::vector<sdk::IndicatorValue> indicators;
    std::vector<sdk::Signal> signals_list;
    std::vector<std::pair<std::string, sdk::ProcessStep>> steps_by_activity;
    std::vector<std::pair<std::string, sdk::Closure>> closures_by_activity;
    std::vector<std::pair<std::string, sdk::Assessment>> assessments_by_activity;

    std::vector<sdk::Provider> providers_in_area(std::string_view area_id) const override;
    std::vector<sdk::Authorization> authorizations(std::string_view provider, std::string_view area_id) const override;
    std::vector<sdk::Unit> units_of(std::string_view provider) const override;
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view provider, std::string_view area_id) const override;
    std::vector<sdk::Finding> findings(std::string_view activity_id) const override;
    std::vector<sdk::Decision> decisions(std::string_view activity_id) const override;
    std::vector<sdk::ProcessStep> steps(std::string_view activity_id) const override;
    std::optional<sdk::Closure> closure(std::string_view activity_id) const override;
    std::optional<sdk::Assessment> stored_assessment(std::string_view activity_id) const override;
    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area_id) const override;
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure,
                                                      std::string_view provider) const override;
};

}  // namespace followup::core
