#include "store/register_snapshot.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "store/rows.hpp"

namespace followup::core {

namespace {

const RecordKind& kind(const char* name) {
    const RecordKind* k = find_record_kind(name);
    if (k == nullptr) throw StoreError(fmt::format("no record kind '{}'", name));
    return *k;
}

sdk::Date date_of(const std::string& text) { return sdk::parse_date(text).value_or(sdk::Date{}); }
std::optional<sdk::Date> optional_date_of(const std::string& text) {
    if (text.empty()) return std::nullopt;
    return sdk::parse_date(text);
}

/// Where a row of `kind` names the follow-up it belongs to.
std::size_t follow_up_column(const RecordKind& kind) { return kind.column_index("follow_up"); }

template <class T, class Key>
auto find_sorted(T& items, const Key& key, auto key_of) {
    auto it = std::lower_bound(items.begin(), items.end(), key, [&](const auto& item, const auto& k) { return key_of(item) < k; });
    return it != items.end() && key_of(*it) == key ? it : items.end();
}

/// Walks `outcomes` (ordered by id) alongside rows ordered by follow-up id, as a merge join does:
/// the findings and decisions of a million follow-ups are matched without a lookup each.
class MergeCursor {
public:
    explicit MergeCursor(const std::vector<sdk::FollowUpOutcome*>& outcomes) : outcomes_(outcomes) {}
    /// The follow-up with this id, or nullptr (not possible with the store's foreign keys).
    sdk::FollowUpOutcome* seek(const std::string& id) {
        while (next_ < outcomes_.size() && outcomes_[next_]->activity.id < id) ++next_;
        return next_ < outcomes_.size() && outcomes_[next_]->activity.id == id ? outcomes_[next_] : nullptr;
    }

private:
    const std::vector<sdk::FollowUpOutcome*>& outcomes_;
    std::size_t next_ = 0;
};

}  // namespace

RegisterSnapshot::RegisterSnapshot(const Register& store) : store_(store) {
    store.read_consistently([&] { load(store); });
}

void RegisterSnapshot::load(const Register& store) {
    // Whole rows, turned into records by rows.hpp, where every column is kept; the follow-ups'
    // first pass, the findings and the assessments read only the columns they need, by name.
    store.for_each(kind("providers"), [&](const Row& row) { providers_.push_back(provider_from_row(row)); });
    store.for_each(kind("units"), [&](const Row& row) { units_.push_back(unit_from_row(row)); });
    std::stable_sort(units_.begin(), units_.end(), [](const auto& a, const auto& b) { return a.provider < b.provider; });

    // Ordered by provider, area, granted: each area's entries arrive in organisation-number order
    // and each provider's authorizations oldest first.
    store.for_each(kind("authorizations"), [&](const Row& row) {
        sdk::Authorization a = authorization_from_row(row);
        Entry& e = entry_for_update(a.area_id, a.provider);
        e.authorized = true;
        e.record.authorizations.push_back(std::move(a));
    });

    // Follow-ups, their grades and their decisions are all ordered by follow-up id. A first pass
    // counts each provider's follow-ups, so that the second can put every one in its place for
    // good (no list grows, so none moves) and remember them in id order; the findings and
    // decisions are then joined to that order as they come, without a lookup each.
    const RecordKind& follow_up_kind = kind("follow_ups");
    std::size_t total = 0;
    store.for_each(follow_up_kind, {"area", "provider"}, [&](const Row& row) {
        ++entry_for_update(row[0], row[1]).follow_ups_expected;
        ++total;
    });
    for (Area& a : areas_)
        for (Entry& e : a.entries) e.record.follow_ups.reserve(e.follow_ups_expected);
    std::vector<sdk::FollowUpOutcome*> by_load;  // in id order
    by_load.reserve(total);
    store.for_each(follow_up_kind, [&](const Row& row) {
        sdk::FollowUpActivity activity = follow_up_from_row(row);
        auto& list = entry_for_update(activity.area_id, activity.provider).record.follow_ups;
        if (list.size() == list.capacity()) throw StoreError("the register changed while it was read, outside its read transaction; run the command again");
        sdk::FollowUpOutcome& o = list.emplace_back();
        o.activity = std::move(activity);
        by_load.push_back(&o);
    });
    {
        MergeCursor cursor(by_load);
        sdk::FollowUpOutcome* current = nullptr;
        store.for_each(kind("findings"), {"follow_up", "scale", "grade"}, [&](const Row& row) {
            if (current == nullptr || current->activity.id != row[0]) current = cursor.seek(row[0]);
            if (current == nullptr) return;
            auto& grades = current->grades;
            auto it = std::find_if(grades.begin(), grades.end(),
                                   [&](const auto& g) { return g.grade.level_id == row[2] && g.grade.scale_id == row[1]; });
            if (it == grades.end()) grades.push_back({{row[1], row[2]}, 1});
            else ++it->count;
        });
    }
    {
        // Ordered by follow-up and kind; RegisterView::decisions orders by decided, then kind.
        MergeCursor cursor(by_load);
        sdk::FollowUpOutcome* current = nullptr;
        std::vector<sdk::Decision> group;
        auto flush = [&] {
            std::stable_sort(group.begin(), group.end(), [](const auto& a, const auto& b) { return a.decided < b.decided; });
            for (auto& d : group) current->decisions.push_back(std::move(d));
            group.clear();
        };
        const RecordKind& decisions = kind("decisions");
        const std::size_t follow_up = follow_up_column(decisions);
        store.for_each(decisions, [&](const Row& row) {
            if (current == nullptr || current->activity.id != row[follow_up]) {
                if (current != nullptr) flush();
                current = cursor.seek(row[follow_up]);
                if (current == nullptr) return;
            }
            group.push_back(decision_from_row(row));
        });
        if (current != nullptr) flush();
    }
    {
        // What the boards' models said of each follow-up: the deadlines the core reports.
        MergeCursor cursor(by_load);
        store.for_each(kind("assessments"), {"follow_up", "next_due", "recheck_from", "recheck_to", "risk_category", "risk_reason"},
                       [&](const Row& row) {
                           sdk::FollowUpOutcome* o = cursor.seek(row[0]);
                           if (o == nullptr) return;
                           o->next_due = optional_date_of(row[1]);
                           if (!row[2].empty() && !row[3].empty()) o->recheck = sdk::Period{date_of(row[2]), date_of(row[3])};
                           o->risk_category = row[4];
                           o->risk_reason = row[5];
                       });
    }
    {
        MergeCursor cursor(by_load);
        const RecordKind& closures = kind("closures");
        const std::size_t follow_up = follow_up_column(closures);
        store.for_each(closures, [&](const Row& row) {
            if (sdk::FollowUpOutcome* o = cursor.seek(row[follow_up])) o->closure = closure_from_row(row);
        });
    }
    by_load = {};
    for (Area& a : areas_)
        for (Entry& e : a.entries) {
            for (auto& o : e.record.follow_ups)
                if (o.grades.size() > 1)
                    std::sort(o.grades.begin(), o.grades.end(), [](const auto& x, const auto& y) {
                        return std::tie(x.grade.scale_id, x.grade.level_id) < std::tie(y.grade.scale_id, y.grade.level_id);
                    });
            std::sort(e.record.follow_ups.begin(), e.record.follow_ups.end(), [](const auto& x, const auto& y) {
                if (x.activity.planned.first != y.activity.planned.first) return (x.activity.planned.first < y.activity.planned.first);
                return x.activity.id < y.activity.id;
            });
        }

    store.for_each(kind("signals"), [&](const Row& row) {
        sdk::Signal signal = signal_from_row(row);
        entry_for_update(signal.area_id, signal.provider).record.signals.push_back(std::move(signal));
    });
    for (Area& a : areas_)
        for (Entry& e : a.entries)
            std::stable_sort(e.record.signals.begin(), e.record.signals.end(),
                             [](const auto& x, const auto& y) { return (x.received < y.received); });

    store.for_each(kind("indicators"), [&](const Row& row) { indicators_.push_back(indicator_from_row(row)); });
    std::stable_sort(indicators_.begin(), indicators_.end(), [](const auto& a, const auto& b) {
        if (a.key_figure != b.key_figure) return a.key_figure < b.key_figure;
        if (a.provider != b.provider) return a.provider < b.provider;
        return (a.period.first < b.period.first);
    });
    for (Area& a : areas_)
        for (Entry& e : a.entries) {
            follow_ups_ += e.record.follow_ups.size();
            e.record.units = units_of(e.record.provider.org_number);
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
    // Built on first use: the compilation itself never asks by id.
    std::call_once(by_id_built_, [this] {
        for (const Area& a : areas_)
            for (const Entry& e : a.entries)
                for (const auto& o : e.record.follow_ups) by_id_.emplace_back(o.activity.id, &o);
        std::sort(by_id_.begin(), by_id_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    });
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

std::vector<sdk::ProcessStep> RegisterSnapshot::steps(std::string_view activity_id) const { return store_.steps(activity_id); }

std::optional<sdk::Assessment> RegisterSnapshot::stored_assessment(std::string_view activity_id) const {
    return store_.stored_assessment(activity_id);
}

std::optional<sdk::Closure> RegisterSnapshot::closure(std::string_view activity_id) const {
    const sdk::FollowUpOutcome* o = outcome(activity_id);
    return o == nullptr ? std::nullopt : o->closure;
}

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
