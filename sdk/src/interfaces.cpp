// Out-of-line destructors: each gives its class a "key function", so the vtable and type_info
// live once, in this library, and dynamic_cast and catch work the same in the host and in every
// plugin (plugins are built with hidden visibility and would otherwise carry private copies).
#include <algorithm>
#include <map>

#include "followup/sdk/error.hpp"
#include "followup/sdk/host.hpp"
#include "followup/sdk/plugin.hpp"
#include "followup/sdk/version.hpp"

namespace followup::sdk::inline v2 {

Error::~Error() = default;
InvalidArgument::~InvalidArgument() = default;
Logger::~Logger() = default;
RegisterView::~RegisterView() = default;
Calendar::~Calendar() = default;
HostServices::~HostServices() = default;
BoardModel::~BoardModel() = default;

void RegisterView::for_each_provider(std::string_view area_id,
                                     const std::function<void(const ProviderRecord&)>& visit) const {
    for (Provider& provider : providers_in_area(area_id)) {
        ProviderRecord record;
        record.authorizations = authorizations(provider.org_number, area_id);
        record.signals = signals(provider.org_number, area_id);
        for (FollowUpActivity& activity : follow_ups(provider.org_number, area_id)) {
            FollowUpOutcome outcome;
            std::map<std::pair<std::string, std::string>, int> tally;  // ordered: by scale, then level
            for (const Finding& f : findings(activity.id)) ++tally[{f.grade.scale_id, f.grade.level_id}];
            for (const auto& [grade, count] : tally) outcome.grades.push_back({{grade.first, grade.second}, count});
            outcome.decisions = decisions(activity.id);
            outcome.activity = std::move(activity);
            record.follow_ups.push_back(std::move(outcome));
        }
        record.provider = std::move(provider);
        visit(record);
    }
}

std::uint32_t loaded_abi_version() noexcept { return FOLLOWUP_SDK_ABI_VERSION; }

ConfigIssue config_issue(const toml::node* node, std::string key_path, std::string message) {
    ConfigIssue issue{std::move(key_path), std::move(message), 0, 0};
    if (node != nullptr) {
        issue.line = node->source().begin.line;
        issue.column = node->source().begin.column;
    }
    return issue;
}

}  // namespace followup::sdk::inline v2
