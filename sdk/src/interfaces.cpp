// Out-of-line destructors: each gives its class a "key function", so the vtable and type_info
// live once, in this library, and dynamic_cast and catch work the same in the host and in every
// plugin (plugins are built with hidden visibility and would otherwise carry private copies).
#include <algorithm>
#include <map>

#include "followup/sdk/error.hpp"
#include "followup/sdk/host.hpp"
#include "followup/sdk/plugin.hpp"
#include "followup/sdk/version.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

Error::~Error() = default;
InvalidArgument::~InvalidArgument() = default;
Logger::~Logger() = default;
RegisterView::~RegisterView() = default;
Calendar::~Calendar() = default;
HostServices::~HostServices() = default;
BoardModel::~BoardModel() = default;

void* BoardModel::extension(std::string_view) noexcept { return nullptr; }

std::string_view to_string(LogLevel level) noexcept {
    switch (level) {
        case LogLevel::trace: return "trace";
        case LogLevel::debug: return "debug";
        case LogLevel::info: return "info";
        case LogLevel::warn: return "warn";
        case LogLevel::error: return "error";
    }
    return "?";
}

std::string_view to_string(PeriodKind kind) noexcept {
    switch (kind) {
        case PeriodKind::year: return "year";
        case PeriodKind::tertial: return "tertial";
        case PeriodKind::quarter: return "quarter";
        case PeriodKind::month: return "month";
    }
    return "?";
}

std::string_view to_string(Language language) noexcept { return language == Language::en ? "en" : "sv"; }

std::string_view to_string(Requirement requirement) noexcept {
    switch (requirement) {
        case Requirement::good_quality: return "good_quality";
        case Requirement::uniform_assessment: return "uniform_assessment";
        case Requirement::predictable: return "predictable";
    }
    return "?";
}
void* HostServices::extension(std::string_view) noexcept { return nullptr; }

void RegisterView::for_each_provider(std::string_view area_id,
                                     const std::function<void(const ProviderRecord&)>& visit) const {
    for (Provider& provider : providers_in_area(area_id)) {
        ProviderRecord record;
        record.units = units_of(provider.org_number);
        record.authorizations = authorizations(provider.org_number, area_id);
        record.signals = signals(provider.org_number, area_id);
        for (FollowUpActivity& activity : follow_ups(provider.org_number, area_id)) {
            FollowUpOutcome outcome;
            std::map<std::pair<std::string, std::string>, int> tally;  // ordered: by scale, then level
            for (const Finding& f : findings(activity.id)) ++tally[{f.grade.scale_id, f.grade.level_id}];
            for (const auto& [grade, count] : tally) outcome.grades.push_back({{grade.first, grade.second}, count});
            outcome.decisions = decisions(activity.id);
            outcome.closure = closure(activity.id);
            if (std::optional<Assessment> stored = stored_assessment(activity.id)) {
                outcome.next_due = stored->next_due;
                outcome.recheck = stored->recheck;
                outcome.risk_category = stored->risk_category;
                outcome.risk_reason = stored->risk_reason;
            }
            outcome.activity = std::move(activity);
            record.follow_ups.push_back(std::move(outcome));
        }
        record.provider = std::move(provider);
        visit(record);
    }
}

std::uint32_t loaded_abi_version() noexcept { return FOLLOWUP_SDK_ABI_VERSION; }

FOLLOWUP_SDK_END_NAMESPACE
