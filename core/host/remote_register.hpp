// The register as a plugin's long-lived child sees it: every question is asked of the host, over
// the child's socket (ask_host, isolation.hpp), and answered from the register as it is at that
// moment. Why not the child's own copy of the host's memory: the child lives for many calls,
// while the host goes on changing the register between them (the example generator stores each
// assessment before it asks the next; a session points its view at the snapshot once made), and
// a fork's copy would answer from the register as it was at the fork.
#pragma once

#include <map>
#include <string>

#include "followup/sdk/host.hpp"

namespace followup::core {

/// In a ServingChild: a RegisterView whose every answer comes from the host.
/// for_each_provider brings the whole area in one answer, then visits it.
///
/// A question costs a round trip to the host (two context switches), and a model assessing one
/// follow-up asks for the provider's follow-ups in the area and then, for each one done, its
/// findings, decisions and stored assessment (plugins/common/support.cpp, history()): fifteen
/// questions a call in the example. So follow_ups() brings those three along for every follow-up
/// done, and the host sends the provider's follow-ups in the area along with an assess() call
/// (follow_ups_to_take_along), kept until forget(): the register does not change during a call
/// (the host is waiting for the call's answer), so they are what asking would give.
class RemoteRegisterView final : public sdk::RegisterView {
public:
    /// Drops what was brought along: called before each call, after which the register may have changed.
    void forget() noexcept;
    /// Keeps what follow_ups_to_take_along() made, for the call about to run.
    void take_along(const std::string& brought);
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

private:
    struct Done {
        std::vector<sdk::Finding> findings;
        std::vector<sdk::Decision> decisions;
        std::optional<sdk::Assessment> stored_assessment;
    };
    /// Reads an answer to follow_ups(), keeping what came with it; returns the follow-ups.
    std::vector<sdk::FollowUpActivity> keep(const std::string& answer) const;
    mutable std::map<std::string, Done, std::less<>> done_;  ///< by follow-up id, brought along by follow_ups()
    std::map<std::string, std::vector<sdk::FollowUpActivity>> follow_ups_;  ///< by provider NUL area, brought along with the call
};

/// In the host: the provider's follow-ups in the area, with what each one done found, to send
/// with a call to a RemoteRegisterView (take_along) that will likely ask for them.
std::string follow_ups_to_take_along(const sdk::RegisterView& view, const std::string& provider, const std::string& area_id);

/// In the host: the answer to one question a RemoteRegisterView asked, from `view`. Throws
/// std::runtime_error for a question it cannot read (and whatever `view` throws).
std::string answer_register_question(const sdk::RegisterView& view, const std::string& question);

}  // namespace followup::core
