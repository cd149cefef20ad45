#include "store/register_snapshot.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace followup::core {

namespace {

/// A kind's column positions by name: the snapshot reads rows through Register::for_each, whose
/// columns follow the kind's description.
class Columns {
public:
    explicit Columns(const char* kind_name) : kind_(find_record_kind(kind_name)) {
        if (kind_ == nullptr) throw StoreError(fmt::format("no record kind '{}'", kind_name));
    }
    std::size_t operator[](std::string_view column) const {
        const std::size_t i = kind_->column_index(column);
        if (i == kind_->columns.size()) throw StoreError(fmt::format("{} has no column '{}'", kind_->name, column));
        return i;
    }
    const RecordKind& kind() const { return *kind_; }

private:
    const RecordKind* kind_;
};

sdk::Date date_of(const std::string& text) { return sdk::parse_date(text).value_or(sdk::Date{}); }
std::optional<sdk::Date> optional_date_of(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return sdk::parse_date(text);
}
bool before(const sdk::Date& a, const sdk::Date& b) { return std::chrono::sys_days{a} < std::chrono::sys_days{b}; }

template <class T, class Key>
auto find_sorted(T& items, const Key& key, auto key_of) {
    auto it = std::lower_bound(items.begin(), items.end(), key, [&](const auto& item, const auto& k) { return key_of(item) < k; });
    return it != items.end() && key_of(*it) == key ? it : items.end();
}

}  // namespace

RegisterSnapshot::RegisterSnapshot(const Register& store) : store_(store) {
    {
        const Columns c("providers");
        const std::size_t org = c["org_number"], name = c["name"], ownership = c["ownership"];
        store.for_each(c.kind(), [&](const Row& row) {
            providers_.push_back({row[org], row[name], sdk::ownership_from_string(row[ownership]).value_or(sdk::Ownership::private_company)});
        });
    }
    {
        const Columns c("units");
        const std::size_t id = c["id"], provider = c["provider"], name = c["name"], address = c["address"];
        store.for_each(c.kind(), [&](const Row& row) { units_.push_back({row[id], row[provider], row[name], row[address]}); });
        std::stable_sort(units_.begin(), units_.end(), [](const auto& a, const auto& b) { return a.provider < b.provider; });
    }
    {
        // Ordered by provider, area, granted: each area's entries arrive in organisation-number
        // order and each provider's authorizations oldest first.
        const Columns c("authorizations");
        const std::size_t provider = c["provider"], area_id = c["area"], granted = c["granted"], status = c["status"], ended = c["ended"];
        store.for_each(c.kind(), [&](const Row& row) {
            Entry& e = entry_for_update(row[area_id], row[provider]);
            e.authorized = true;
            e.record.authorizations.push_back({row[provider], row[area_id],
                                               row[status] == "revoked"     ? sdk::AuthorizationStatus::revoked
                                               : row[status] == "suspended" ? sdk::AuthorizationStatus::suspended
                                                                            : sdk::AuthorizationStatus::active,
                                               date_of(row[granted]), optional_date_of(row[ended])});
        });
    }
    {
        const Columns c("follow_ups");
        const std::size_t id = c["id"], provider = c["provider"], unit = c["unit"], area_id = c["area"], form = c["form"],
                          from = c["planned_from"], to = c["planned_to"], done = c["done"], status = c["status"],
                          inspector = c["inspector"], trigger = c["trigger"];
        store.for_each(c.kind(), [&](const Row& row) {
            sdk::FollowUpOutcome o;
            o.activity = {row[id], row[form], row[area_id], row[provider], row[unit], {date_of(row[from]), date_of(row[to])},
                          optional_date_of(row[done]),
                          row[status] == "done"        ? sdk::ActivityStatus::done
                          : row[status] == "cancelled" ? sdk::ActivityStatus::cancelled
                                                       : sdk::ActivityStatus::planned,
                          row[inspector], row[trigger] == "signal" ? sdk::Trigger::signal : sdk::Trigger::planned};
            entry_for_update(row[area_id], row[provider]).record.follow_ups.push_back(std::move(o));
        });
    }
    // Every follow-up is in place: order them as RegisterView::follow_ups does, then index them.
    for (Area& a : areas_)
        for (Entry& e : a.entries) {
            auto& list = e.record.follow_ups;
            std::sort(list.begin(), list.end(), [](const auto& x, const auto& y) {
                if (x.activity.planned.first != y.activity.planned.first) return before(x.activity.planned.first, y.activity.planned.first);
                return x.activity.id < y.activity.id;
            });
            for (auto& o : list) by_id_.emplace_back(o.activity.id, &o);
        }
    std::sort(by_id_.begin(), by_id_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    {
        // Ordered by follow-up: the previous row's follow-up is usually the next row's too.
        const Columns c("findings");
        const std::size_t follow_up = c["follow_up"], scale = c["scale"], grade = c["grade"];
        sdk::FollowUpOutcome* current = nullptr;
        std::size_t next = 0;  // both are ordered by follow-up id: walk by_id_ alongside
        store.for_each(c.kind(), [&](const Row& row) {
            if (current == nullptr || current->activity.id != row[follow_up]) {
                if (next < by_id_.size() && by_id_[next].first == row[follow_up]) {
                    current = by_id_[next++].second;
                } else {
                    auto it = std::lower_bound(by_id_.begin(), by_id_.end(), std::string_view(row[follow_up]),
                                               [](const auto& p, std::string_view k) { return p.first < k; });
                    if (it == by_id_.end() || it->first != row[follow_up]) return;  // not possible with the store's foreign keys
                    current = it->second;
                    next = static_cast<std::size_t>(it - by_id_.begin()) + 1;
                }
            }
            auto& grades = current->grades;
            auto it = std::find_if(grades.begin(), grades.end(),
                                   [&](const auto& g) { return g.grade.level_id == row[grade] && g.grade.scale_id == row[scale]; });
            if (it == grades.end()) grades.push_back({{row[scale], row[grade]}, 1});
            else ++it->count;
        });
        for (auto& [id, o] : by_id_)
            if (o->grades.size() > 1)
                std::sort(o->grades.begin(), o->grades.end(), [](const auto& a, const auto& b) {
                    return std::tie(a.grade.scale_id, a.grade.level_id) < std::tie(b.grade.scale_id, b.grade.level_id);
                });
    }
    {
        // Ordered by follow-up and kind; RegisterView::decisions orders by decided, then kind.
        const Columns c("decisions");
        const std::size_t follow_up = c["follow_up"], kind = c["kind"], decided = c["decided"], serious = c["serious_maladministration"],
                          deadline = c["deadline"], reason = c["reason"];
        sdk::FollowUpOutcome* current = nullptr;
        std::vector<std::pair<std::string, sdk::Decision>> group;  // decided, decision
        auto flush = [&] {
            if (current == nullptr) return;
            std::stable_sort(group.begin(), group.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto& [day, d] : group) current->decisions.push_back(std::move(d));
            group.clear();
        };
        store.for_each(c.kind(), [&](const Row& row) {
            if (current == nullptr || current->activity.id != row[follow_up]) {
                flush();
                auto it = std::lower_bound(by_id_.begin(), by_id_.end(), std::string_view(row[follow_up]),
                                           [](const auto& p, std::string_view k) { return p.first < k; });
                current = it != by_id_.end() && it->first == row[follow_up] ? it->second : nullptr;
                if (current == nullptr) return;
            }
            group.emplace_back(row[decided], sdk::Decision{sdk::decision_kind_from_string(row[kind]).value_or(sdk::DecisionKind::no_action),
                                                           row[serious] == "ja", optional_date_of(row[deadline]), row[reason]});
        });
        flush();
    }
    {
        const Columns c("signals");
        const std::size_t id = c["id"], provider = c["provider"], area_id = c["area"], kind = c["kind"], received = c["received"],
                          summary = c["summary"];
        store.for_each(c.kind(), [&](const Row& row) {
            entry_for_update(row[area_id], row[provider])
                .record.signals.push_back({row[id], row[provider], row[area_id],
                                           sdk::signal_kind_from_string(row[kind]).value_or(sdk::SignalKind::complaint),
                                           date_of(row[received]), row[summary]});
        });
        for (Area& a : areas_)
            for (Entry& e : a.entries)
                std::stable_sort(e.record.signals.begin(), e.record.signals.end(),
                                 [](const auto& x, const auto& y) { return before(x.received, y.received); });
    }
    {
        const Columns c("indicators");
        const std::size_t key = c["key_figure"], provider = c["provider"], unit = c["unit"], from = c["period_from"],
                          to = c["period_to"], value = c["value"], answers = c["answers"];
        store.for_each(c.kind(), [&](const Row& row) {
            indicators_.push_back({row[key], row[provider], row[unit], {date_of(row[from]), date_of(row[to])}, std::stod(row[value]),
                                   row[answers].empty() ? std::nullopt : std::optional<int>(std::stoi(row[answers]))});
        });
        std::stable_sort(indicators_.begin(), indicators_.end(), [](const auto& a, const auto& b) {
            if (a.key_figure != b.key_figure) return a.key_figure < b.key_figure;
            if (a.provider != b.provider) return a.provider < b.provider;
            return before(a.period.first, b.period.first);
        });
    }
}

RegisterSnapshot::Area& RegisterSnapshot::area_for_update(std::string_view id) {
    auto it = std::lower_bound(areas_.begin(), areas_.end(), id, [](const Area& a, std::string_view k) { return a.id < k; });
    if (it == areas_.end() || it->id != id) it = areas_.insert(it, Area{std::string(id), {}});
    return *it;
}

const RegisterSnapshot::Area* RegisterSnapshot::area(std::string_view id) const {
    auto it = find_sorted(areas_, id, [](const Area& a) -> std::string_view { return a.id; });
    return it == areas_.end() ? nullptr : &*it;
}

RegisterSnapshot::Entry& RegisterSnapshot::entry_for_update(std::string_view area_id, std::string_view provider) {
    Area& a = area_for_update(area_id);
    // Rows mostly arrive in organisation-number order, so the last entry is the usual answer.
    if (!a.entries.empty() && a.entries.back().record.provider.org_number == provider) return a.entries.back();
    auto it = std::lower_bound(a.entries.begin(), a.entries.end(), provider,
                               [](const Entry& e, std::string_view k) { return e.record.provider.org_number < k; });
    if (it != a.entries.end() && it->record.provider.org_number == provider) return *it;
    Entry e;
    auto p = find_sorted(providers_, provider, [](const sdk::Provider& x) -> std::string_view { return x.org_number; });
    e.record.provider = p != providers_.end() ? *p : sdk::Provider{std::string(provider), std::string(provider), {}};
    return *a.entries.insert(it, std::move(e));
}

const RegisterSnapshot::Entry* RegisterSnapshot::entry(std::string_view area_id, std::string_view provider) const {
    const Area* a = area(area_id);
    if (a == nullptr) return nullptr;
    auto it = find_sorted(a->entries, provider, [](const Entry& e) -> std::string_view { return e.record.provider.org_number; });
    return it == a->entries.end() ? nullptr : &*it;
}

const sdk::FollowUpOutcome* RegisterSnapshot::outcome(std::string_view activity_id) const {
    auto it = find_sorted(by_id_, activity_id, [](const auto& p) { return p.first; });
    return it == by_id_.end() ? nullptr : it->second;
}

std::vector<sdk::Provider> RegisterSnapshot::providers_in_area(std::string_view area_id) const {
    std::vector<sdk::Provider> out;
    if (const Area* a = area(area_id))
        for (const Entry& e : a->entries)
            if (e.authorized) out.push_back(e.record.provider);
    return out;
}

std::vector<sdk::Authorization> RegisterSnapshot::authorizations(std::string_view provider, std::string_view area_id) const {
    const Entry* e = entry(area_id, provider);
    return e == nullptr ? std::vector<sdk::Authorization>{} : e->record.authorizations;
}

std::vector<sdk::Unit> RegisterSnapshot::units_of(std::string_view provider) const {
    auto first = std::lower_bound(units_.begin(), units_.end(), provider, [](const sdk::Unit& u, std::string_view k) { return u.provider < k; });
    std::vector<sdk::Unit> out;
    for (auto it = first; it != units_.end() && it->provider == provider; ++it) out.push_back(*it);
    return out;
}

std::vector<sdk::FollowUpActivity> RegisterSnapshot::follow_ups(std::string_view provider, std::string_view area_id) const {
    std::vector<sdk::FollowUpActivity> out;
    if (const Entry* e = entry(area_id, provider))
        for (const auto& o : e->record.follow_ups) out.push_back(o.activity);
    return out;
}

std::vector<sdk::Finding> RegisterSnapshot::findings(std::string_view activity_id) const { return store_.findings(activity_id); }

std::vector<sdk::Decision> RegisterSnapshot::decisions(std::string_view activity_id) const {
    const sdk::FollowUpOutcome* o = outcome(activity_id);
    return o == nullptr ? std::vector<sdk::Decision>{} : o->decisions;
}

std::vector<sdk::Signal> RegisterSnapshot::signals(std::string_view provider, std::string_view area_id) const {
    const Entry* e = entry(area_id, provider);
    return e == nullptr ? std::vector<sdk::Signal>{} : e->record.signals;
}

std::vector<sdk::IndicatorValue> RegisterSnapshot::indicator_series(std::string_view key_figure, std::string_view provider) const {
    auto first = std::lower_bound(indicators_.begin(), indicators_.end(), std::pair{key_figure, provider},
                                  [](const sdk::IndicatorValue& v, const auto& k) {
                                      return std::pair<std::string_view, std::string_view>{v.key_figure, v.provider} < k;
                                  });
    std::vector<sdk::IndicatorValue> out;
    for (auto it = first; it != indicators_.end() && it->key_figure == key_figure && it->provider == provider; ++it) out.push_back(*it);
    return out;
}

void RegisterSnapshot::for_each_provider(std::string_view area_id,
                                         const std::function<void(const sdk::ProviderRecord&)>& visit) const {
    if (const Area* a = area(area_id))
        for (const Entry& e : a->entries)
            if (e.authorized) visit(e.record);
}

}  // namespace followup::core
