#include "schedule/condition_checks.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <tuple>

#include "store/record_kinds.hpp"
#include "store/rows.hpp"

namespace followup::core {

namespace {

bool checked_at(const sdk::AuthorizationCondition& c, sdk::CheckPoint point) {
    return std::find(c.checked.begin(), c.checked.end(), point) != c.checked.end();
}

/// The same day a year later (29 February → 28 February).
sdk::Date a_year_after(sdk::Date day) {
    const std::chrono::year_month_day ymd{day};
    const std::chrono::year_month_day next{ymd.year() + std::chrono::years{1}, ymd.month(), ymd.day()};
    return next.ok() ? sdk::Date{next} : sdk::Date{std::chrono::year_month_day_last{next.year(), std::chrono::month_day_last{ymd.month()}}};
}

sdk::Date a_month_after(sdk::Date day) {
    const std::chrono::year_month_day ymd{day};
    const std::chrono::year_month_day next = ymd + std::chrono::months{1};
    return next.ok() ? sdk::Date{next} : sdk::Date{std::chrono::year_month_day_last{next.year(), std::chrono::month_day_last{next.month()}}};
}

}  // namespace

void each_condition_check_due(const MunicipalityConfig& config, const Register& store, sdk::Date until, const std::string& provider,
                              const std::function<void(ConditionCheckDue&&)>& owed) {
    // Every row of a kind, or the provider's only.
    auto each = [&](const RecordKind& kind, const char* column, const std::function<void(const Row&)>& visit) {
        if (provider.empty()) store.for_each(kind, visit);
        else
            for (const Row& row : store.rows_where(kind, column, provider)) visit(row);
    };
    // Each condition's check days per provider and area, oldest first (ISO dates sort as text).
    const RecordKind& checks = *find_record_kind("condition_checks");
    std::map<std::tuple<std::string, std::string, std::string>, std::vector<sdk::Date>> checked;
    each(checks, "provider", [&](const Row& row) {
        if (const auto day = sdk::parse_date(value_of(checks, row, "checked")); day && !(until < *day))
            checked[{value_of(checks, row, "provider"), value_of(checks, row, "area"), value_of(checks, row, "condition")}].push_back(*day);
    });
    for (auto& [key, days] : checked) std::sort(days.begin(), days.end());
    auto latest = [&](const std::string& org, const std::string& area, const std::string& condition) -> std::optional<sdk::Date> {
        const auto it = checked.find({org, area, condition});
        if (it == checked.end() || it->second.empty()) return std::nullopt;
        return it->second.back();
    };
    std::map<std::string, bool> municipal;
    const RecordKind& providers = *find_record_kind("providers");
    each(providers, "org_number", [&](const Row& row) {
        municipal[value_of(providers, row, "org_number")] = value_of(providers, row, "ownership") == "municipal";
    });
    auto conditions_of = [&](const std::string& area, sdk::CheckPoint point) {
        std::vector<const sdk::AuthorizationCondition*> out;
        for (const auto& c : config.conditions)
            if ((c.area_id.empty() || c.area_id == area) && checked_at(c, point)) out.push_back(&c);
        return out;
    };

    // Yearly, per authorization: a year after the latest check, or after the grant.
    const RecordKind& authorizations = *find_record_kind("authorizations");
    each(authorizations, "provider", [&](const Row& row) {
        const sdk::Authorization a = authorization_from_row(row);
        if (municipal[a.provider] || config.area(a.area_id) == nullptr || until < a.granted) return;
        for (const sdk::AuthorizationCondition* c : conditions_of(a.area_id, sdk::CheckPoint::annually)) {
            const auto last = latest(a.provider, a.area_id, c->id);
            const sdk::Date from = last && !(*last < a.granted) ? *last : a.granted;
            const sdk::Date by = a_year_after(from);
            // Owed while the authorization is in force, on the day it falls and still at `until`:
            // a provider that has left the area owes nothing more (status's and plan's rule).
            if (until < by || !sdk::in_force(a, by) || !sdk::in_force(a, until)) continue;
            owed({a.provider, a.area_id, c->id, "annually", "", by, last});
        }
    });
    // On a signal found substantiated: within a month of its receipt.
    const RecordKind& signals = *find_record_kind("signals");
    each(signals, "provider", [&](const Row& row) {
        if (value_of(signals, row, "substantiated") != "ja") return;
        const auto received = sdk::parse_date(value_of(signals, row, "received"));
        const std::string& org = value_of(signals, row, "provider");
        const std::string& area = value_of(signals, row, "area");
        if (!received || municipal[org] || until < *received) return;
        const auto in_force = store.authorizations(org, area);
        if (std::none_of(in_force.begin(), in_force.end(),
                         [&](const sdk::Authorization& a) { return sdk::in_force(a, *received) && sdk::in_force(a, until); }))
            return;
        const sdk::Date by = a_month_after(*received);
        if (until < by) return;
        for (const sdk::AuthorizationCondition* c : conditions_of(area, sdk::CheckPoint::on_signal)) {
            const auto last = latest(org, area, c->id);
            if (last && !(*last < *received)) continue;  // checked since the signal came
            owed({org, area, c->id, "signal", value_of(signals, row, "id"), by, last});
        }
    });
}

std::vector<ConditionCheckDue> condition_checks_due(const MunicipalityConfig& config, const Register& store, sdk::Date until,
                                                    const std::string& provider) {
    std::vector<ConditionCheckDue> due;
    each_condition_check_due(config, store, until, provider, [&](ConditionCheckDue&& c) { due.push_back(std::move(c)); });
    std::sort(due.begin(), due.end(), [](const ConditionCheckDue& a, const ConditionCheckDue& b) {
        return std::tie(a.due, a.provider, a.area_id, a.condition_id, a.signal) < std::tie(b.due, b.provider, b.area_id, b.condition_id, b.signal);
    });
    return due;
}

}  // namespace followup::core
