#include "store/memory_register.hpp"

#include <algorithm>
#include <set>

namespace followup::core {
namespace {
template <typename T, typename Pred>
std::vector<T> select(const std::vector<T>& all, Pred pred) {
    std::vector<T> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out), pred);
    return out;
}
}  // namespace

std::vector<sdk::Provider> MemoryRegister::providers_in_area(std::string_view area_id) const {
    std::set<std::string_view> authorized;
    for (const auto& a : authorizations_list)
        if (a.area_id == area_id) authorized.insert(a.provider);
    auto out = select(providers, [&](const sdk::Provider& p) { return authorized.count(p.org_number) > 0; });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.org_number < b.org_number; });
    return out;
}

std::vector<sdk::Authorization> MemoryRegister::authorizations(std::string_view provider, std::string_view area_id) const {
    auto out = select(authorizations_list,
                      [&](const sdk::Authorization& a) { return a.provider == provider && a.area_id == area_id; });
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return (a.granted < b.granted); });
    return out;
}

std::vector<sdk::Unit> MemoryRegister::units_of(std::string_view provider) const {
    auto out = select(units, [&](const sdk::Unit& u) { return u.provider == provider; });
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
    return out;
}

std::vector<sdk::FollowUpActivity> MemoryRegister::follow_ups(std::string_view provider, std::string_view area_id) const {
    auto out = select(activities, [&](const sdk::FollowUpActivity& a) { return a.provider == provider && a.area_id == area_id; });
    // As documented (and as the SQLite register answers): by planned start, then id.
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.planned.first != b.planned.first ? a.planned.first < b.planned.first : a.id < b.id;
    });
    return out;
}

std::vector<sdk::Finding> MemoryRegister::findings(std::string_view activity_id) const {
    auto out = select(findings_list, [&](const sdk::Finding& f) { return f.activity_id == activity_id; });
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.condition_id < b.condition_id; });
    return out;
}

std::vector<sdk::Decision> MemoryRegister::decisions(std::string_view activity_id) const {
    std::vector<sdk::Decision> out;
    for (const auto& [activity, decision] : decisions_by_activity)
        if (activity == activity_id) out.push_back(decision);
    // Oldest first; the same day by the kind's name, as the SQLite register orders them.
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.decided != b.decided) return !a.decided || (b.decided && *a.decided < *b.decided);
        return sdk::to_string(a.kind) < sdk::to_string(b.kind);
    });
    return out;
}

std::vector<sdk::ProcessStep> MemoryRegister::steps(std::string_view activity_id) const {
    std::vector<sdk::ProcessStep> out;
    for (const auto& [activity, step] : steps_by_activity)
        if (activity == activity_id) out.push_back(step);
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.step < b.step; });
    return out;
}

std::optional<sdk::Closure> MemoryRegister::closure(std::string_view activity_id) const {
    for (const auto& [activity, closure] : closures_by_activity)
        if (activity == activity_id) return closure;
    return std::nullopt;
}

std::optional<sdk::Assessment> MemoryRegister::stored_assessment(std::string_view activity_id) const {
    for (const auto& [activity, assessment] : assessments_by_activity)
        if (activity == activity_id) return assessment;
    return std::nullopt;
}

std::vector<sdk::Signal> MemoryRegister::signals(std::string_view provider, std::string_view area_id) const {
    auto out = select(signals_list, [&](const sdk::Signal& s) { return s.provider == provider && s.area_id == area_id; });
    // As documented: by date received, then id (not in the order they were added).
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.received != b.received ? a.received < b.received : a.id < b.id;
    });
    return out;
}

std::vector<sdk::IndicatorValue> MemoryRegister::indicator_series(std::string_view key_figure, std::string_view provider) const {
    auto out = select(indicators,
                      [&](const sdk::IndicatorValue& v) { return v.key_figure == key_figure && v.provider == provider; });
    // As documented: by period start, then unit (the provider's own value, unit "", first).
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.period.first != b.period.first ? a.period.first < b.period.first : a.unit_id < b.unit_id;
    });
    return out;
}

}  // namespace followup::core
