#include "schedule/condition_checks.hpp"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <unordered_map>
#include <unordered_set>
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
    // The rows of a kind with the named columns, in that order: every row's (a whole register,
    // read for the compilation: only the columns needed), or the provider's only.
    auto each = [&](const RecordKind& kind, const char* column, const std::vector<std::string>& columns,
                    const std::function<void(const Row&)>& visit) {
        if (provider.empty()) {
            store.for_each(kind, columns, visit);
            return;
        }
        Row picked(columns.size());
        for (const Row& row : store.rows_where(kind, column, provider)) {
            for (std::size_t i = 0; i < columns.size(); ++i) picked[i] = value_of(kind, row, columns[i]);
            visit(picked);
        }
    };
    // Each condition's latest check by `until` per provider and area (ISO dates compare as text).
    const RecordKind& checks = *find_record_kind("condition_checks");
    const std::string until_text = sdk::format_date(until);
    std::unordered_map<std::string, std::string> checked;  // provider \t area \t condition → latest day
    auto key_of = [](const std::string& org, const std::string& area, const std::string& condition) {
        return org + '\t' + area + '\t' + condition;
    };
    each(checks, "provider", {"provider", "area", "condition", "checked"}, [&](const Row& row) {
        if (row[3] > until_text) return;
        std::string& latest = checked[key_of(row[0], row[1], row[2])];
        if (latest < row[3]) latest = row[3];
    });
    auto latest = [&](const std::string& org, const std::string& area, const std::string& condition) -> std::optional<sdk::Date> {
        const auto it = checked.find(key_of(org, area, condition));
        if (it == checked.end()) return std::nullopt;
        return sdk::parse_date(it->second);
    };
    std::unordered_set<std::string> municipal;
    const RecordKind& providers = *find_record_kind("providers");
    each(providers, "org_number", {"org_number", "ownership"}, [&](const Row& row) {
        if (row[1] == "municipal") municipal.insert(row[0]);
    });
    // The conditions of an area the table checks at `point`, worked out once per area and point.
    std::map<std::pair<std::string, sdk::CheckPoint>, std::vector<const sdk::AuthorizationCondition*>> of_area;
    auto conditions_of = [&](const std::string& area, sdk::CheckPoint point) -> const std::vector<const sdk::AuthorizationCondition*>& {
        auto [it, fresh] = of_area.try_emplace({area, point});
        if (fresh)
            for (const auto& c : config.conditions)
                if ((c.area_id.empty() || c.area_id == area) && checked_at(c, point)) it->second.push_back(&c);
        return it->second;
    };

    // Yearly, per authorization: a year after the latest check, or after the grant.
    const RecordKind& authorizations = *find_record_kind("authorizations");
    each(authorizations, "provider", authorizations.column_names(), [&](const Row& row) {
        const sdk::Authorization a = authorization_from_row(row);
        if (municipal.count(a.provider) || config.area(a.area_id) == nullptr || until < a.granted) return;
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
    each(signals, "provider", {"id", "provider", "area", "received", "substantiated"}, [&](const Row& row) {
        if (row[4] != "ja") return;
        const auto received = sdk::parse_date(row[3]);
        const std::string& org = row[1];
        const std::string& area = row[2];
        if (!received || municipal.count(org) || until < *received) return;
        const auto in_force = store.authorizations(org, area);
        if (std::none_of(in_force.begin(), in_force.end(),
                         [&](const sdk::Authorization& a) { return sdk::in_force(a, *received) && sdk::in_force(a, until); }))
            return;
        const sdk::Date by = a_month_after(*received);
        if (until < by) return;
        for (const sdk::AuthorizationCondition* c : conditions_of(area, sdk::CheckPoint::on_signal)) {
            const auto last = latest(org, area, c->id);
            if (last && !(*last < *received)) continue;  // checked since the signal came
            owed({org, area, c->id, "signal", row[0], by, last});
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
