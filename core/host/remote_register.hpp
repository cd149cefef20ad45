// The register as a plugin's long-lived child sees it: every question is asked of the host, over
// the child's socket (ask_host, isolation.hpp), and answered from the register as it is at that
// moment. Why not the child's own copy of the host's memory: the child lives for many calls,
// while the host goes on changing the register between them (the example generator stores each
// assessment before it asks the next; a session points its view at the snapshot once made), and
// a fork's copy would answer from the register as it was at the fork.
#pragma once

#include <string>

#include "followup/sdk/host.hpp"

namespace followup::core {

/// In a ServingChild: a RegisterView whose every answer comes from the host.
/// for_each_provider brings the whole area in one answer, then visits it.
class RemoteRegisterView final : public sdk::RegisterView {
public:
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
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure, std::string_view provider) const override;
    void for_each_provider(std::string_view area_id, const std::function<void(const sdk::ProviderRecord&)>& visit) const override;
};

/// In the host: the answer to one question a RemoteRegisterView asked, from `view`. Throws
/// std::runtime_error for a question it cannot read (and whatever `view` throws).
std::string answer_register_question(const sdk::RegisterView& view, const std::string& question);

}  // namespace followup::core
