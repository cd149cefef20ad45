#include "store/register_snapshot.hpp"

#include <algorithm>
#include <exception>
#include <thread>

#include <fmt/format.h>

#include "store/assessment_rows.hpp"
#include "store/rows.hpp"
#include "util/stopwatch.hpp"

namespace followup::core {

namespace {

const RecordKind& kind(const char* name) {
    const RecordKind* k = find_record_kind(name);
    if (k == nullptr) throw StoreError(fmt::format("no record kind '{}'", name));
    return *k;
}

sdk::Date date_of(const std::string& text) { return sdk::parse_date(text).value_or(sdk::Date{}); }

template <class T, class Key>
auto find_sorted(T& items, const Key& key, auto key_of) {
    auto it = std::lower_bound(items.begin(), items.end(), key, [&](const auto& item, const auto& k) { return key_of(item) < k; });
    return it != items.end() && key_of(*it) == key ? it : items.end();
}

std::uint32_t narrow(std::size_t n) {
    if (n > UINT32_MAX) throw StoreError("the register is too large to compile in one piece (more than 4 billion records of a kind)");
    return static_cast<std::uint32_t>(n);
}

}  // namespace

std::uint32_t RegisterSnapshot::Vocabulary::add(std::string_view word) {
    if (last_ != none)
        if (const std::uint32_t guess = successor_[last_]; guess != none && words_[guess] == word) return last_ = guess;
    std::uint32_t at = none;
    if (auto it = index_.find(word); it != index_.end()) {
        at = it->second;
    } else {
        at = narrow(words_.size());
        words_.emplace_back(word);
        successor_.push_back(none);
        index_.emplace(words_.back(), at);
    }
    if (last_ != none) successor_[last_] = at;
    return last_ = at;
}

RegisterSnapshot::RegisterSnapshot(const Register& store) : store_(store) {
    store.read_consistently([&] { load(store); });
}

std::uint32_t RegisterSnapshot::grade_index(std::string_view scale, std::string_view level) {
    // A handful of pairs, and consecutive findings mostly share one: the last one, then a scan.
    if (last_grade_ < grades_.size() && grades_[last_grade_].level_id == level && grades_[last_grade_].scale_id == scale) return last_grade_;
    for (std::size_t i = grades_.size(); i-- > 0;)
        if (grades_[i].level_id == level && grades_[i].scale_id == scale) return last_grade_ = narrow(i);
    grades_.push_back({std::string(scale), std::string(level)});
    return last_grade_ = narrow(grades_.size() - 1);
}

void RegisterSnapshot::read_findings(const Register& from, FindingGroups& out) {
    from.for_each(kind("findings"), {"follow_up", "condition", "scale", "grade"}, [&](const Row& row) {
        if (out.groups.empty() || std::string_view(out.ids).substr(out.groups.back().id_at, out.groups.back().id_size) != row[0]) {
            auto& g = out.groups.emplace_back();
            g.id_at = narrow(out.ids.size());
            g.id_size = narrow(row[0].size());
            g.at = narrow(conditions_.size());
            out.ids += row[0];
        }
        conditions_.push_back({conditions_vocabulary_.add(row[1]), grade_index(row[2], row[3])});
        ++out.groups.back().size;
    });
}

void RegisterSnapshot::read_decisions(const Register& from, DecisionRows& out) {
    const RecordKind& decisions = kind("decisions");
    const std::size_t follow_up = decisions.column_index("follow_up");
    from.for_each(decisions, [&](const Row& row) { out.emplace_back(row[follow_up], decision_from_row(row)); });
}

void RegisterSnapshot::load(const Register& store) {
    Stopwatch watch(spdlog::level::trace);  // each table's read, for --log-level trace
    // Whole rows, turned into records by rows.hpp, where every column is kept; the findings and
    // the assessments read only the columns they need, by name.
    // The findings are half of what is read: on a second reader, on another thread, at the same
    // time as the rest, when the store offers one; the decisions on a third (three threads on two
    // cores: the system shares them out, where a fixed split left one core waiting). Every reader
    // names the state it read; what another read is kept only when it is the same (else read
    // again below, on this reader).
    const std::string state = store.state();  // the first read: this transaction's snapshot starts here
    struct Helper {
        std::unique_ptr<const Register> reader;
        std::string state;
        std::exception_ptr failure;
        std::jthread thread;
        bool agrees(const std::string& mine) const { return reader && !failure && state == mine; }
    };
    auto read_beside = [&store](Helper& helper, const std::function<void(const Register&)>& reads) {
        helper.reader = store.another_reader();
        if (!helper.reader) return;
        helper.thread = std::jthread([&helper, reads] {
            try {
                helper.reader->read_consistently([&] {
                    helper.state = helper.reader->state();
                    reads(*helper.reader);
                });
            } catch (...) {
                helper.failure = std::current_exception();
            }
        });
    };
    FindingGroups groups;
    DecisionRows decision_rows;
    Helper findings_reader, decisions_reader;
    read_beside(findings_reader, [&](const Register& from) { read_findings(from, groups); });
    read_beside(decisions_reader, [&](const Register& from) { read_decisions(from, decision_rows); });
    store.for_each(kind("providers"), [&](const Row& row) { providers_.push_back(provider_from_row(row)); });
    store.for_each(kind("units"), [&](const Row& row) { units_.push_back(unit_from_row(row)); });
    std::stable_sort(units_.begin(), units_.end(), [](const auto& a, const auto& b) { return a.provider < b.provider; });

    // Ordered by provider, area, granted: each area's entries arrive in organisation-number order
    // and each provider's authorizations oldest first.
    store.for_each(kind("authorizations"), [&](const Row& row) {
        sdk::Authorization a = authorization_from_row(row);
        Entry& e = entry_for_update(a.area_id, a.provider);
        e.authorized = true;
        e.authorizations.push_back(std::move(a));
    });

    watch.lap("snapshot: providers, units and authorizations");
    // Follow-ups, findings, decisions, assessments and closures are all ordered by follow-up id:
    // the later ones are joined to follow_ups_ by walking it alongside, as a merge join does.
    // From the row's fields in place (follow_up_fields), not through follow_up_from_row: a million
    // SDK records built only to be taken apart again were a fifth of reading the follow-ups.
    const std::uint32_t no_risk_text = risk_texts_.add("");
    store.for_each(kind("follow_ups"), [&](const Row& row) {
        const FollowUpFields a = follow_up_fields(row);
        if (!follow_ups_.empty() && !(id_of(follow_ups_.back()) < a.id))
            throw StoreError("the register gave the follow-ups out of order; run the command again");
        FollowUp& f = follow_ups_.emplace_back();
        f.id_at = narrow(ids_.size());
        f.id_size = narrow(a.id.size());
        ids_ += a.id;
        id_keys_.push_back(id_key(a.id));
        f.form = forms_.add(a.form_id);
        f.unit = units_named_.add(a.unit_id);
        f.inspector = inspectors_.add(a.inspector);
        f.planned = a.planned;
        f.has_done = a.done.has_value();
        if (a.done) f.done = *a.done;
        f.status = a.status;
        f.trigger = a.trigger;
        f.risk_category = f.risk_reason = no_risk_text;
        entry_for_update(a.area_id, a.provider).follow_ups.push_back(narrow(follow_ups_.size() - 1));
    });
    watch.lap("snapshot: follow-ups");
    // The follow-up with this id, walking forward from `next`: rows of the later tables come in
    // id order. A cursor per pass, so that two passes may run at once.
    auto seek = [this](std::size_t& next, std::string_view id) -> FollowUp* {
        while (next < follow_ups_.size() && id_of(follow_ups_[next]) < id) ++next;
        return next < follow_ups_.size() && id_of(follow_ups_[next]) == id ? &follow_ups_[next] : nullptr;
    };
    // First what needs only the follow-ups, while the other reader may still be reading the
    // findings and the decisions (it reads more: this keeps both cores busy until it is done).
    {
        // What the boards' models said of each follow-up: the deadlines the core reports.
        std::size_t next = 0;
        store.for_each(kind("assessments"), {"follow_up", "next_due", "recheck_from", "recheck_to", "risk_category", "risk_reason"},
                       [&](const Row& row) {
                           FollowUp* f = seek(next, row[0]);
                           if (f == nullptr) return;
                           if (auto due = row[1].empty() ? std::nullopt : sdk::parse_date(row[1])) f->next_due = *due, f->has_next_due = true;
                           if (!row[2].empty() && !row[3].empty()) f->recheck = sdk::Period{date_of(row[2]), date_of(row[3])}, f->has_recheck = true;
                           f->risk_category = risk_texts_.add(row[4]);
                           f->risk_reason = risk_texts_.add(row[5]);
                           f->assessed = true;
                       });
    }
    {
        // ... and the deficiencies they found, in the same order (by follow-up, then ordinal).
        std::size_t next = 0;
        store.for_each(kind("assessment_deficiencies"), [&](const Row& row) {
            sdk::Finding d = deficiency_from_row(row);
            if (FollowUp* f = seek(next, d.activity_id))
                model_deficiencies_.emplace_back(narrow(static_cast<std::size_t>(f - follow_ups_.data())), std::move(d));
        });
    }
    {
        std::size_t next = 0;
        const RecordKind& closures = kind("closures");
        const std::size_t follow_up = closures.column_index("follow_up");
        store.for_each(closures, [&](const Row& row) {
            if (FollowUp* f = seek(next, row[follow_up])) {
                f->closure = static_cast<std::int32_t>(narrow(closures_.size()));
                closures_.push_back(closure_from_row(row));
            }
        });
    }
    watch.lap("snapshot: assessments and closures");
    // Each provider's follow-ups by planned start, then id (the indexes are in id order).
    for (Area& a : areas_)
        for (Entry& e : a.entries)
            std::sort(e.follow_ups.begin(), e.follow_ups.end(), [&](std::uint32_t x, std::uint32_t y) {
                const auto& fx = follow_ups_[x].planned.first;
                const auto& fy = follow_ups_[y].planned.first;
                return fx != fy ? (fx < fy) : x < y;
            });

    watch.lap("snapshot: ordering");
    store.for_each(kind("signals"), [&](const Row& row) {
        sdk::Signal signal = signal_from_row(row);
        entry_for_update(signal.area_id, signal.provider).signals.push_back(std::move(signal));
    });
    for (Area& a : areas_)
        for (Entry& e : a.entries)
            std::stable_sort(e.signals.begin(), e.signals.end(), [](const auto& x, const auto& y) { return (x.received < y.received); });

    store.for_each(kind("indicators"), [&](const Row& row) { indicators_.push_back(indicator_from_row(row)); });
    std::stable_sort(indicators_.begin(), indicators_.end(), [](const auto& a, const auto& b) {
        if (a.key_figure != b.key_figure) return a.key_figure < b.key_figure;
        if (a.provider != b.provider) return a.provider < b.provider;
        return (a.period.first < b.period.first);
    });
    entry_index_ = {};
    for (Area& a : areas_)
        std::sort(a.entries.begin(), a.entries.end(), [](const Entry& x, const Entry& y) { return x.provider.org_number < y.provider.org_number; });
    watch.lap("snapshot: signals and indicators");

    // The findings and the decisions, read on the other core meanwhile, when the store has a
    // second reader that sees the same state; else here, now.
    if (findings_reader.thread.joinable()) findings_reader.thread.join();
    if (decisions_reader.thread.joinable()) decisions_reader.thread.join();
    if (!findings_reader.agrees(state)) {
        conditions_.clear();
        grades_.clear();
        conditions_vocabulary_ = Vocabulary{};
        groups = FindingGroups{};
        read_findings(store, groups);
    }
    if (!decisions_reader.agrees(state)) {
        decision_rows.clear();
        read_decisions(store, decision_rows);
    }
    watch.lap("snapshot: waited for the findings and decisions");
    // Joined to the follow-ups at once, the decisions on another thread: each pass sets only its
    // own fields of a follow-up (decisions_* there, conditions_* and tallies_* here).
    std::exception_ptr decisions_failure;
    std::jthread decisions_join([&] {
        try {
            // Ordered by follow-up and kind; RegisterView::decisions orders by decided, then kind.
            std::size_t next = 0;
            decisions_.reserve(decision_rows.size());
            FollowUp* current = nullptr;
            auto flush = [&] {
                auto first = decisions_.begin() + current->decisions_at;
                std::stable_sort(first, decisions_.end(), [](const auto& a, const auto& b) { return a.decided < b.decided; });
                current->decisions_size = narrow(decisions_.size() - current->decisions_at);
            };
            for (auto& [id, decision] : decision_rows) {
                if (current == nullptr || id_of(*current) != id) {
                    if (current != nullptr) flush();
                    current = seek(next, id);
                    if (current == nullptr) continue;
                    current->decisions_at = narrow(decisions_.size());
                }
                decisions_.push_back(std::move(decision));
            }
            decision_rows = DecisionRows{};
            if (current != nullptr) flush();
        } catch (...) {
            decisions_failure = std::current_exception();
        }
    });
    std::size_t next = 0;
    for (const auto& g : groups.groups)
        if (FollowUp* f = seek(next, std::string_view(groups.ids).substr(g.id_at, g.id_size))) f->conditions_at = g.at, f->conditions_size = g.size;
    groups = FindingGroups{};
    // Each follow-up's grades counted once, here, in the SDK's order (scale id, then level id):
    // every walk of the register (the compilation's several, each model's) then only copies them.
    std::vector<std::uint32_t> rank(grades_.size());  // a grade's place in that order
    {
        std::vector<std::uint32_t> order(grades_.size());
        for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
            return std::tie(grades_[x].scale_id, grades_[x].level_id) < std::tie(grades_[y].scale_id, grades_[y].level_id);
        });
        for (std::uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    }
    for (FollowUp& f : follow_ups_) {
        f.tallies_at = narrow(tallies_.size());
        for (std::uint32_t i = f.conditions_at; i < f.conditions_at + f.conditions_size; ++i) {
            const auto first = tallies_.begin() + f.tallies_at;
            auto it = std::find_if(first, tallies_.end(), [&](const Tally& t) { return t.grade == conditions_[i].grade; });
            if (it == tallies_.end()) tallies_.push_back({conditions_[i].grade, 1});
            else ++it->count;
        }
        std::sort(tallies_.begin() + f.tallies_at, tallies_.end(), [&](const Tally& x, const Tally& y) { return rank[x.grade] < rank[y.grade]; });
        f.tallies_size = narrow(tallies_.size() - f.tallies_at);
    }
    decisions_join.join();
    if (decisions_failure) std::rethrow_exception(decisions_failure);
    watch.lap("snapshot: findings and decisions joined to the follow-ups");
}

RegisterSnapshot::Area& RegisterSnapshot::area_for_update(std::string_view id) {
    if (!areas_.empty() && areas_.back().id == id) return areas_.back();
    auto it = std::lower_bound(areas_.begin(), areas_.end(), id, [](const Area& a, std::string_view k) { return a.id < k; });
    if (it == areas_.end() || it->id != id) it = areas_.insert(it, Area{std::string(id), {}});
    return *it;
}

const RegisterSnapshot::Area* RegisterSnapshot::area(std::string_view id) const {
    auto it = find_sorted(areas_, id, [](const Area& a) -> std::string_view { return a.id; });
    return it == areas_.end() ? nullptr : &*it;
}

RegisterSnapshot::Entry& RegisterSnapshot::entry_for_update(std::string_view area_id, std::string_view provider) {
    // While loading, an area's entries are appended in the order met and found through a hash
    // (the follow-ups come in id order, a million lookups); load() sorts them at the end.
    Area& a = area_for_update(area_id);
    entry_key_.assign(area_id);
    entry_key_ += '\x1f';
    entry_key_ += provider;
    if (auto it = entry_index_.find(std::string_view(entry_key_)); it != entry_index_.end()) return a.entries[it->second];
    entry_index_.emplace(entry_key_, narrow(a.entries.size()));
    Entry& e = a.entries.emplace_back();
    auto p = find_sorted(providers_, provider, [](const sdk::Provider& x) -> std::string_view { return x.org_number; });
    e.provider = p != providers_.end() ? *p : sdk::Provider{std::string(provider), std::string(provider), {}};
    // The units are read (and ordered by provider) before any entry is made.
    auto first = std::lower_bound(units_.begin(), units_.end(), provider, [](const sdk::Unit& u, std::string_view k) { return u.provider < k; });
    auto last = first;
    while (last != units_.end() && last->provider == provider) ++last;
    e.units_at = narrow(static_cast<std::size_t>(first - units_.begin()));
    e.units_size = narrow(static_cast<std::size_t>(last - first));
    return e;
}

const RegisterSnapshot::Entry* RegisterSnapshot::entry(std::string_view area_id, std::string_view provider) const {
    const Area* a = area(area_id);
    if (a == nullptr) return nullptr;
    auto it = find_sorted(a->entries, provider, [](const Entry& e) -> std::string_view { return e.provider.org_number; });
    return it == a->entries.end() ? nullptr : &*it;
}

std::uint64_t RegisterSnapshot::id_key(std::string_view id) noexcept {
    // The first eight bytes, big-endian, zero-padded: ordered as the ids are (an id holds no NUL).
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < 8; ++i) key = (key << 8) | (i < id.size() ? static_cast<unsigned char>(id[i]) : 0U);
    return key;
}

const RegisterSnapshot::FollowUp* RegisterSnapshot::follow_up(std::string_view activity_id) const {
    // Searched by the ids' first eight bytes, in one array of numbers, then by the whole id among
    // those that share them: a search of a million ids through their strings was a cache miss a step.
    const std::uint64_t key = id_key(activity_id);
    const auto first = std::lower_bound(id_keys_.begin(), id_keys_.end(), key);
    for (auto it = first; it != id_keys_.end() && *it == key; ++it) {
        const FollowUp& f = follow_ups_[static_cast<std::size_t>(it - id_keys_.begin())];
        if (id_of(f) == activity_id) return &f;
        if (activity_id < id_of(f)) break;
    }
    return nullptr;
}

namespace {
/// `to = from`, skipped when they are already equal: a reused record mostly holds the same form,
/// area, grade and empty texts as before, and comparing short strings inline is cheaper than the
/// library's assignment (three of each follow-up's walks, a million follow-ups).
void keep_or_assign(std::string& to, const std::string& from) {
    if (to != from) to = from;
}
}  // namespace

void RegisterSnapshot::fill_activity(const FollowUp& f, const Area& area, const Entry& entry, sdk::FollowUpActivity& out) const {
    // Assigning into the strings of a record being reused keeps their buffers: no allocation
    // per follow-up once the first provider has been built.
    out.id.assign(id_of(f));
    keep_or_assign(out.form_id, forms_[f.form]);
    keep_or_assign(out.area_id, area.id);
    out.provider = entry.provider.org_number;
    keep_or_assign(out.unit_id, units_named_[f.unit]);
    out.planned = f.planned;
    out.done = f.has_done ? std::optional<sdk::Date>(f.done) : std::nullopt;
    out.status = f.status;
    keep_or_assign(out.inspector, inspectors_[f.inspector]);
    out.trigger = f.trigger;
}

void RegisterSnapshot::fill_outcome(const FollowUp& f, const Area& area, const Entry& entry, sdk::FollowUpOutcome& out) const {
    fill_activity(f, area, entry, out.activity);
    // The grades counted per (scale, level), ordered by scale id, then level id (counted at load).
    out.grades.resize(f.tallies_size);
    for (std::uint32_t i = 0; i < f.tallies_size; ++i) {
        const Tally& t = tallies_[f.tallies_at + i];
        keep_or_assign(out.grades[i].grade.scale_id, grades_[t.grade].scale_id);
        keep_or_assign(out.grades[i].grade.level_id, grades_[t.grade].level_id);
        out.grades[i].count = static_cast<int>(t.count);
    }
    out.decisions.assign(decisions_.begin() + f.decisions_at, decisions_.begin() + f.decisions_at + f.decisions_size);
    out.next_due = f.has_next_due ? std::optional<sdk::Date>(f.next_due) : std::nullopt;
    out.recheck = f.has_recheck ? std::optional<sdk::Period>(f.recheck) : std::nullopt;
    keep_or_assign(out.risk_category, risk_texts_[f.risk_category]);
    keep_or_assign(out.risk_reason, risk_texts_[f.risk_reason]);
    out.closure = f.closure >= 0 ? std::optional<sdk::Closure>(closures_[static_cast<std::size_t>(f.closure)]) : std::nullopt;
}

std::vector<sdk::Provider> RegisterSnapshot::providers_in_area(std::string_view area_id) const {
    std::vector<sdk::Provider> out;
    if (const Area* a = area(area_id))
        for (const Entry& e : a->entries)
            if (e.authorized) out.push_back(e.provider);
    return out;
}

std::vector<sdk::Authorization> RegisterSnapshot::authorizations(std::string_view provider, std::string_view area_id) const {
    const Entry* e = entry(area_id, provider);
    return e == nullptr ? std::vector<sdk::Authorization>{} : e->authorizations;
}

std::vector<sdk::Unit> RegisterSnapshot::units_of(std::string_view provider) const {
    auto first = std::lower_bound(units_.begin(), units_.end(), provider, [](const sdk::Unit& u, std::string_view k) { return u.provider < k; });
    std::vector<sdk::Unit> out;
    for (auto it = first; it != units_.end() && it->provider == provider; ++it) out.push_back(*it);
    return out;
}

std::vector<sdk::FollowUpActivity> RegisterSnapshot::follow_ups(std::string_view provider, std::string_view area_id) const {
    std::vector<sdk::FollowUpActivity> out;
    const Area* a = area(area_id);
    if (const Entry* e = entry(area_id, provider)) {
        out.resize(e->follow_ups.size());
        for (std::size_t i = 0; i < out.size(); ++i) fill_activity(follow_ups_[e->follow_ups[i]], *a, *e, out[i]);
    }
    return out;
}

std::vector<sdk::Finding> RegisterSnapshot::findings(std::string_view activity_id) const {
    std::lock_guard turn(store_turn_);
    return store_.findings(activity_id);
}

std::vector<RegisterSnapshot::GradedCondition> RegisterSnapshot::graded_conditions(std::string_view activity_id) const {
    std::vector<GradedCondition> out;
    if (const FollowUp* f = follow_up(activity_id))
        for (std::uint32_t i = f->conditions_at; i < f->conditions_at + f->conditions_size; ++i)
            out.push_back({&conditions_vocabulary_[conditions_[i].condition], &grades_[conditions_[i].grade]});
    return out;
}

std::optional<std::vector<sdk::Finding>> RegisterSnapshot::model_deficiencies(std::string_view activity_id) const {
    const FollowUp* f = follow_up(activity_id);
    if (f == nullptr || !f->assessed) return std::nullopt;
    const auto index = narrow(static_cast<std::size_t>(f - follow_ups_.data()));
    const auto first = std::lower_bound(model_deficiencies_.begin(), model_deficiencies_.end(), index,
                                        [](const auto& d, std::uint32_t i) { return d.first < i; });
    std::vector<sdk::Finding> out;
    for (auto it = first; it != model_deficiencies_.end() && it->first == index; ++it) out.push_back(it->second);
    return out;
}

std::vector<sdk::ProcessStep> RegisterSnapshot::steps(std::string_view activity_id) const {
    std::lock_guard turn(store_turn_);
    return store_.steps(activity_id);
}

std::optional<sdk::Assessment> RegisterSnapshot::stored_assessment(std::string_view activity_id) const {
    std::lock_guard turn(store_turn_);
    return store_.stored_assessment(activity_id);
}

std::optional<sdk::Closure> RegisterSnapshot::closure(std::string_view activity_id) const {
    const FollowUp* f = follow_up(activity_id);
    if (f == nullptr || f->closure < 0) return std::nullopt;
    return closures_[static_cast<std::size_t>(f->closure)];
}

std::vector<sdk::Decision> RegisterSnapshot::decisions(std::string_view activity_id) const {
    const FollowUp* f = follow_up(activity_id);
    if (f == nullptr) return {};
    return {decisions_.begin() + f->decisions_at, decisions_.begin() + f->decisions_at + f->decisions_size};
}

std::vector<sdk::Signal> RegisterSnapshot::signals(std::string_view provider, std::string_view area_id) const {
    const Entry* e = entry(area_id, provider);
    return e == nullptr ? std::vector<sdk::Signal>{} : e->signals;
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
    const Area* a = area(area_id);
    if (a == nullptr) return;
    sdk::ProviderRecord record;  // one per walk, so that walks on several threads do not meet
    // The follow-ups past this provider's count, kept with their buffers for the next provider
    // with more: a record's list resized up and down from provider to provider made and freed a
    // follow-up's strings and lists a million times per walk.
    std::vector<sdk::FollowUpOutcome> spare;
    for (const Entry& e : a->entries) {
        if (!e.authorized) continue;
        record.provider = e.provider;
        record.authorizations = e.authorizations;
        record.signals = e.signals;
        record.units.assign(units_.begin() + e.units_at, units_.begin() + e.units_at + e.units_size);
        const std::size_t count = e.follow_ups.size();
        while (record.follow_ups.size() > count) {
            spare.push_back(std::move(record.follow_ups.back()));
            record.follow_ups.pop_back();
        }
        while (record.follow_ups.size() < count) {
            if (spare.empty()) {
                record.follow_ups.emplace_back();
            } else {
                record.follow_ups.push_back(std::move(spare.back()));
                spare.pop_back();
            }
        }
        for (std::size_t i = 0; i < e.follow_ups.size(); ++i) fill_outcome(follow_ups_[e.follow_ups[i]], *a, e, record.follow_ups[i]);
        visit(record);
    }
}

}  // namespace followup::core
