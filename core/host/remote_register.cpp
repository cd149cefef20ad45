#include "host/remote_register.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "host/isolation.hpp"
#include "host/plugin_host.hpp"
#include "host/plugin_wire.hpp"

namespace followup::core {
namespace {

// A question: one letter naming the function, then its arguments as a list of words.
enum class Asked : char {
    providers_in_area = 'p',
    authorizations = 'a',
    units_of = 'u',
    follow_ups = 'f',
    findings = 'g',
    decisions = 'd',
    steps = 's',
    closure = 'c',
    stored_assessment = 'x',
    signals = 'i',
    indicator_series = 'k',
    for_each_provider = 'e',
};

/// The follow-ups whose findings, decisions and stored assessment follow_ups() brings along.
bool is_done(const sdk::FollowUpActivity& activity) { return activity.status == sdk::ActivityStatus::done; }

std::string question(Asked what, std::initializer_list<std::string_view> words) {
    std::vector<std::string> list(words.begin(), words.end());
    return std::string(1, static_cast<char>(what)) + wire::encode_value(list);
}

template <typename Answer>
Answer asked(Asked what, std::initializer_list<std::string_view> words) {
    return wire::decode_value<Answer>(ask_host(question(what, words)));
}

/// The answer to follow_ups(): the follow-ups, then for each one done its findings, decisions
/// and stored assessment, which the child keeps for the call (RemoteRegisterView::keep).
std::string follow_ups_with_what_they_found(const sdk::RegisterView& view, const std::string& provider, const std::string& area_id) {
    const auto activities = view.follow_ups(provider, area_id);
    std::vector<std::string> parts{wire::encode_value(activities)};
    for (const sdk::FollowUpActivity& activity : activities) {
        if (!is_done(activity)) continue;
        parts.push_back(wire::encode_value(view.findings(activity.id)));
        parts.push_back(wire::encode_value(view.decisions(activity.id)));
        parts.push_back(wire::encode_value(view.stored_assessment(activity.id)));
    }
    return wire::encode_value(parts);
}

}  // namespace

std::vector<sdk::Provider> RemoteRegisterView::providers_in_area(std::string_view area_id) const {
    return asked<std::vector<sdk::Provider>>(Asked::providers_in_area, {area_id});
}
std::vector<sdk::Authorization> RemoteRegisterView::authorizations(std::string_view provider, std::string_view area_id) const {
    return asked<std::vector<sdk::Authorization>>(Asked::authorizations, {provider, area_id});
}
std::vector<sdk::Unit> RemoteRegisterView::units_of(std::string_view provider) const {
    return asked<std::vector<sdk::Unit>>(Asked::units_of, {provider});
}
void RemoteRegisterView::forget() noexcept {
    follow_ups_.clear();
    done_.clear();
}

std::vector<sdk::FollowUpActivity> RemoteRegisterView::keep(const std::string& answer) const {
    // The follow-ups, then for each one done its findings, decisions and stored assessment.
    const auto parts = wire::decode_value<std::vector<std::string>>(answer);
    if (parts.empty()) throw std::runtime_error("the host's answer to follow_ups() is empty");
    auto activities = wire::decode_value<std::vector<sdk::FollowUpActivity>>(parts[0]);
    std::size_t at = 1;
    for (const sdk::FollowUpActivity& activity : activities) {
        if (!is_done(activity)) continue;
        if (parts.size() < at + 3) throw std::runtime_error("the host's answer to follow_ups() ends early");
        done_[activity.id] = {wire::decode_value<std::vector<sdk::Finding>>(parts[at]), wire::decode_value<std::vector<sdk::Decision>>(parts[at + 1]),
                              wire::decode_value<std::optional<sdk::Assessment>>(parts[at + 2])};
        at += 3;
    }
    return activities;
}

void RemoteRegisterView::take_along(const std::string& brought) {
    const auto parts = wire::decode_value<std::vector<std::string>>(brought);
    if (parts.size() != 3) throw std::runtime_error(fmt::format("the follow-ups brought along with a call come in {} part(s); expected 3", parts.size()));
    follow_ups_[parts[0] + '\0' + parts[1]] = keep(parts[2]);
}

std::vector<sdk::FollowUpActivity> RemoteRegisterView::follow_ups(std::string_view provider, std::string_view area_id) const {
    std::string key(provider);
    key.push_back('\0');
    key.append(area_id);
    if (auto it = follow_ups_.find(key); it != follow_ups_.end()) return it->second;
    return keep(ask_host(question(Asked::follow_ups, {provider, area_id})));
}
std::vector<sdk::Finding> RemoteRegisterView::findings(std::string_view activity_id) const {
    if (auto it = done_.find(activity_id); it != done_.end()) return it->second.findings;
    return asked<std::vector<sdk::Finding>>(Asked::findings, {activity_id});
}
std::vector<sdk::Decision> RemoteRegisterView::decisions(std::string_view activity_id) const {
    if (auto it = done_.find(activity_id); it != done_.end()) return it->second.decisions;
    return asked<std::vector<sdk::Decision>>(Asked::decisions, {activity_id});
}
std::vector<sdk::ProcessStep> RemoteRegisterView::steps(std::string_view activity_id) const {
    return asked<std::vector<sdk::ProcessStep>>(Asked::steps, {activity_id});
}
std::optional<sdk::Closure> RemoteRegisterView::closure(std::string_view activity_id) const {
    return asked<std::optional<sdk::Closure>>(Asked::closure, {activity_id});
}
std::optional<sdk::Assessment> RemoteRegisterView::stored_assessment(std::string_view activity_id) const {
    if (auto it = done_.find(activity_id); it != done_.end()) return it->second.stored_assessment;
    return asked<std::optional<sdk::Assessment>>(Asked::stored_assessment, {activity_id});
}
std::vector<sdk::Signal> RemoteRegisterView::signals(std::string_view provider, std::string_view area_id) const {
    return asked<std::vector<sdk::Signal>>(Asked::signals, {provider, area_id});
}
std::vector<sdk::IndicatorValue> RemoteRegisterView::indicator_series(std::string_view key_figure, std::string_view provider) const {
    return asked<std::vector<sdk::IndicatorValue>>(Asked::indicator_series, {key_figure, provider});
}
void RemoteRegisterView::for_each_provider(std::string_view area_id, const std::function<void(const sdk::ProviderRecord&)>& visit) const {
    // The whole area in one answer: a visit may ask the register again (a stored assessment),
    // which it could not while the host was still sending the area.
    for (const sdk::ProviderRecord& record : asked<std::vector<sdk::ProviderRecord>>(Asked::for_each_provider, {area_id})) visit(record);
}

namespace {
/// A question the host cannot read: the plugin's child sent it, so it fails the plugin's call.
class QuestionUnreadable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

template <typename Word>
std::string answer_from(const sdk::RegisterView& view, char what, const Word& w) {
    switch (static_cast<Asked>(what)) {
        case Asked::providers_in_area: return wire::encode_value(view.providers_in_area(w(0)));
        case Asked::authorizations: return wire::encode_value(view.authorizations(w(0), w(1)));
        case Asked::units_of: return wire::encode_value(view.units_of(w(0)));
        case Asked::follow_ups: return follow_ups_with_what_they_found(view, w(0), w(1));
        case Asked::findings: return wire::encode_value(view.findings(w(0)));
        case Asked::decisions: return wire::encode_value(view.decisions(w(0)));
        case Asked::steps: return wire::encode_value(view.steps(w(0)));
        case Asked::closure: return wire::encode_value(view.closure(w(0)));
        case Asked::stored_assessment: return wire::encode_value(view.stored_assessment(w(0)));
        case Asked::signals: return wire::encode_value(view.signals(w(0), w(1)));
        case Asked::indicator_series: return wire::encode_value(view.indicator_series(w(0), w(1)));
        case Asked::for_each_provider: {
            std::vector<sdk::ProviderRecord> area;
            view.for_each_provider(w(0), [&](const sdk::ProviderRecord& record) { area.push_back(record); });
            return wire::encode_value(area);
        }
    }
    throw QuestionUnreadable(fmt::format("a register question '{}' this host does not know", what));
}
}  // namespace

std::string answer_register_question(const sdk::RegisterView& view, const std::string& question) {
    if (question.empty()) throw std::runtime_error("an empty register question from a plugin's child process");
    const char what = question[0];
    const auto words = wire::decode_value<std::vector<std::string>>(question.substr(1));
    auto w = [&](std::size_t i) -> const std::string& {
        if (i >= words.size())
            throw QuestionUnreadable(fmt::format("a register question '{}' with {} argument(s); expected at least {}", what, words.size(), i + 1));
        return words[i];
    };
    // A question that cannot be read is the plugin's (it fails its call); a register that cannot
    // answer is not, and stops the command (RegisterUnreadable).
    try {
        return answer_from(view, what, w);
    } catch (const QuestionUnreadable&) {
        throw;
    } catch (const std::exception& e) {
        throw RegisterUnreadable(e.what());
    }
}

}  // namespace followup::core

namespace followup::core {

std::string follow_ups_to_take_along(const sdk::RegisterView& view, const std::string& provider, const std::string& area_id) {
    return wire::encode_value(std::vector<std::string>{provider, area_id, follow_ups_with_what_they_found(view, provider, area_id)});
}

}  // namespace followup::core
