#include "schedule/cases.hpp"
#include "store/register_view_relay.hpp"

#include "store/record_rules.hpp"

#include <algorithm>
#include <map>
#include <iterator>

#include <fmt/format.h>

#include "calendar/swedish_calendar.hpp"
#include "store/assessment_rows.hpp"
#include "store/rows.hpp"

namespace followup::core {
using namespace std::chrono;


int worst_severity(const std::vector<sdk::GradeCount>& grades, const ScaleRegistry& scales) {
    int worst = 0;
    for (const auto& g : grades) {
        if (const sdk::GradingScale* scale = scales.find(g.grade.scale_id))
            worst = std::max(worst, scale->deficiency_severity(g.grade.level_id));
    }
    return worst;
}

namespace {

/// What a form's grades rest on, from the board's configuration ("visit" when not configured).
std::string basis_of(const MunicipalityConfig& config, const std::string& board_id, const std::string& form_id) {
    if (const BoardSettings* board = config.board(board_id))
        if (auto it = board->form_basis.find(form_id); it != board->form_basis.end()) return it->second;
    return "visit";
}

int severity_of(const sdk::Grade& grade, const ScaleRegistry& scales) {
    const sdk::GradingScale* scale = scales.find(grade.scale_id);
    return scale == nullptr ? 0 : scale->deficiency_severity(grade.level_id);
}

bool deficient_grade(const sdk::Grade& grade, const ScaleRegistry& scales) { return severity_of(grade, scales) > 0; }

void erase_value(std::vector<std::string>& list, const std::string& value) { std::erase(list, value); }
bool holds(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::vector<DeficiencyCase> deficiency_cases(const MunicipalityConfig& config, const Register& store,
                                             const RegisterSnapshot* snapshot) {
    std::vector<DeficiencyCase> all;
    for_each_deficiency_case(config, store, snapshot, [&](DeficiencyCase&& c) { all.push_back(std::move(c)); });
    return all;
}

DeficiencyCaseFinder::DeficiencyCaseFinder(const MunicipalityConfig& config, const Register& store, const RegisterSnapshot* snapshot,
                                           bool per_follow_up)
    : config_(config), store_(store), snapshot_(snapshot), per_follow_up_(per_follow_up && snapshot == nullptr) {
    // The recorded closings: the snapshot has each with its follow-up; else read from the store.
    // (With a snapshot nothing here reads the store, so the compilation can work this out while
    // the boards' models, on other threads, read the snapshot too.)
    if (snapshot_ == nullptr && !per_follow_up_) {
        store_.for_each(*find_record_kind("closures"), [&](const Row& row) { closures_[row[0]] = row; });
        store_.for_each(*find_record_kind("assessment_deficiencies"), [&](const Row& row) {
            sdk::Finding d = deficiency_from_row(row);
            model_found_[d.activity_id].push_back(std::move(d));
        });
    }
}

std::vector<sdk::Finding> DeficiencyCaseFinder::model_found(const std::string& activity_id) const {
    if (snapshot_ != nullptr) return snapshot_->model_deficiencies(activity_id).value_or(std::vector<sdk::Finding>{});
    if (per_follow_up_) {
        auto stored = store_.stored_assessment(activity_id);
        return stored ? std::move(stored->deficiencies) : std::vector<sdk::Finding>{};
    }
    const auto it = model_found_.find(activity_id);
    return it == model_found_.end() ? std::vector<sdk::Finding>{} : it->second;
}

bool DeficiencyCaseFinder::assessed(const std::string& activity_id) const {
    if (snapshot_ != nullptr) return snapshot_->model_deficiencies(activity_id).has_value();
    return model_found_.count(activity_id) > 0 || store_.contains(*find_record_kind("assessments"), activity_id);
}

std::vector<std::string> DeficiencyCase::open_model_texts() const {
    std::vector<std::string> out;
    for (const auto& d : model_deficiencies)
        if (!d.text.empty() && (holds(open_conditions, d.condition) || holds(statement_conditions, d.condition))) out.push_back(d.text);
    return out;
}

std::optional<DeficiencyCase::Closing> DeficiencyCaseFinder::closure_of(const sdk::FollowUpOutcome& o) const {
    std::optional<DeficiencyCase::Closing> closing;
    if (snapshot_ != nullptr || per_follow_up_) {  // the record holds its closing
        if (o.closure) closing = DeficiencyCase::Closing{o.activity.id, *o.closure};
    } else if (auto c = closures_.find(o.activity.id); c != closures_.end()) {
        closing = DeficiencyCase::Closing{o.activity.id, closure_from_row(c->second)};
    }
    // A closing recorded after the measuring day had not happened at it.
    if (closing && after_measuring_day(closing->closure.closed)) return std::nullopt;
    return closing;
}

std::vector<RegisterSnapshot::GradedCondition> DeficiencyCaseFinder::graded_conditions(const std::string& activity_id) {
    // From the snapshot's memory, else the store's findings.
    if (snapshot_ != nullptr) return snapshot_->graded_conditions(activity_id);
    stored_ = store_.findings(activity_id);
    std::vector<RegisterSnapshot::GradedCondition> out;
    for (const auto& f : stored_) out.push_back({&f.condition_id, &f.grade});
    return out;
}

void DeficiencyCaseFinder::cases_of(const sdk::Area& area, const sdk::ProviderRecord& record,
                                    const std::function<void(DeficiencyCase&&)>& visit) {
    const MunicipalityConfig& config = config_;
    std::vector<DeficiencyCase>& cases = cases_;  // the provider's in the area, handed over when it is done
    cases.clear();
    const sdk::Provider& provider = record.provider;
    // One sequence of follow-ups per unit (the provider as a whole is the unit ""), by unit id. A
    // provider has a unit or a few: kept in buffers reused from provider to provider (a map per
    // provider was a tenth of this at national scale).
    auto& by_unit = by_unit_;
    std::size_t units = 0;
    for (const auto& o : record.follow_ups) {
        if (o.activity.status != sdk::ActivityStatus::done || !o.activity.done) continue;
        if (after_measuring_day(*o.activity.done)) continue;
        const std::string_view id = o.activity.unit_id;
        const auto in_use = by_unit.begin() + static_cast<std::ptrdiff_t>(units);
        const auto at = std::lower_bound(by_unit.begin(), in_use, id, [](const auto& group, std::string_view k) { return group.first < k; });
        const auto index = static_cast<std::size_t>(at - by_unit.begin());
        if (at == in_use || at->first != id) {
            // A new unit: the first spare buffer, moved into its place in unit order.
            if (units == by_unit.size()) by_unit.emplace_back();
            const auto first = by_unit.begin() + static_cast<std::ptrdiff_t>(index), spare = by_unit.begin() + static_cast<std::ptrdiff_t>(units);
            std::rotate(first, spare, spare + 1);
            by_unit[index].first = id;
            by_unit[index].second.clear();
            ++units;
        }
        by_unit[index].second.push_back(&o);
    }
    for (std::size_t u = 0; u < units; ++u) {
        const std::string_view unit = by_unit[u].first;
        auto& outcomes = by_unit[u].second;
        std::stable_sort(outcomes.begin(), outcomes.end(),
                         [](const auto* a, const auto* b) { return (*a->activity.done < *b->activity.done); });
        std::optional<DeficiencyCase> current;
        auto in_progress = [&] {
            return current && (current->state == DeficiencyCase::State::open || current->state == DeficiencyCase::State::to_verify);
        };
        for (const auto* o : outcomes) {
            const sdk::FollowUpActivity& a = o->activity;
            int severity = worst_severity(o->grades, config.scales);
            // What the board's model found deficient: in a condition no finding grades deficient
            // (a targeted supervision's documents) it opens or keeps the case as a deficient
            // finding does; where a finding grades it deficient too, it is that finding, once.
            // Looked up only where the model set a re-check window: it does whenever it finds a
            // deficiency (sdk/assessment.hpp), and most follow-ups find none.
            const std::vector<sdk::Finding> model = o->recheck ? model_found(a.id) : std::vector<sdk::Finding>{};
            if (severity == 0 && model.empty() && !in_progress()) continue;  // nothing found, nothing to verify
            // Per condition only where it matters: the findings of a deficient follow-up
            // and of those after it while the case is in progress.
            const std::vector<RegisterSnapshot::GradedCondition> findings = graded_conditions(a.id);
            std::vector<std::string> deficient_here;  // the conditions this follow-up found deficient, either way
            for (const auto& f : findings)
                if (deficient_grade(*f.grade, config.scales)) deficient_here.push_back(*f.condition);
            std::vector<const sdk::Finding*> model_only;
            for (const sdk::Finding& m : model) {
                if (!deficient_grade(m.grade, config.scales)) continue;
                if (!holds(deficient_here, m.condition_id)) {
                    model_only.push_back(&m);
                    severity = std::max(severity, severity_of(m.grade, config.scales));
                }
            }
            for (const sdk::Finding* m : model_only)
                if (!holds(deficient_here, m->condition_id)) deficient_here.push_back(m->condition_id);
            if (severity == 0 && !in_progress()) continue;
            if (severity > 0) {
                if (!in_progress()) {
                    if (current) cases.push_back(std::move(*current));
                    current.emplace();
                    current->board_id = area.board_id;
                    current->area_id = area.id;
                    current->provider = provider.org_number;
                    current->provider_name = provider.name;
                    current->unit_id = std::string(unit);
                    current->opened = *a.done;
                    current->worst_severity = severity;
                }
                current->follow_ups.push_back(a.id);
                current->last_deficient = *a.done;
                current->worst_severity = std::max(current->worst_severity, severity);
                for (const auto& d : o->decisions)
                    if (!d.decided || !after_measuring_day(*d.decided)) current->latest_decision = d;
                // The board's own deadline may be later than the model proposed: the
                // re-check comes after it, never before (applied below, after the window).
                if (o->recheck) {
                    // The board's model set the window when it assessed the follow-up.
                    current->recheck_due = o->recheck->last;
                    current->recheck_from_model = true;
                } else {
                    // Not assessed (imported without its model): the configuration's default.
                    const ScheduleRule* rule = nullptr;
                    for (const auto& r : config.schedule)
                        if (r.area_id == area.id && r.form_id == a.form_id) rule = &r;
                    // The same window whatever the severity (seed 001: "inom en till sex månader").
                    const int latest = rule == nullptr ? 6 : rule->recheck_max_months;
                    // "By" a date never reads as a holiday: the working day before it.
                    static const SwedishCalendar calendar;
                    current->recheck_due = sdk::working_day_on_or_before(calendar, calendar.add_months(*a.done, latest));
                    current->recheck_from_model = false;
                }
            }
            if (severity > 0 && current->latest_decision && current->latest_decision->deadline &&
                current->recheck_due < *current->latest_decision->deadline)
                current->recheck_due = *current->latest_decision->deadline;
            const std::string basis = basis_of(config, area.board_id, a.form_id);
            const bool verifies = basis == "visit" || basis == "document";
            bool any_deficient_finding = false;
            for (const auto& f : findings) {
                const std::string& condition = *f.condition;
                if (deficient_grade(*f.grade, config.scales)) {
                    any_deficient_finding = true;
                    erase_value(current->statement_conditions, condition);
                    if (!holds(current->open_conditions, condition)) current->open_conditions.push_back(condition);
                } else if (verifies) {
                    erase_value(current->open_conditions, condition);
                    erase_value(current->statement_conditions, condition);
                } else if (basis == "statement" && holds(current->open_conditions, condition)) {
                    erase_value(current->open_conditions, condition);
                    current->statement_conditions.push_back(condition);
                }
            }
            for (const sdk::Finding* m : model_only) {
                any_deficient_finding = true;
                erase_value(current->statement_conditions, m->condition_id);
                if (!holds(current->open_conditions, m->condition_id)) current->open_conditions.push_back(m->condition_id);
            }
            // The model's latest words per condition it found deficient here replace its earlier ones.
            std::erase_if(current->model_deficiencies, [&](const DeficiencyCase::ModelDeficiency& d) {
                return std::any_of(model_only.begin(), model_only.end(), [&](const sdk::Finding* m) { return m->condition_id == d.condition; });
            });
            for (const sdk::Finding* m : model_only) current->model_deficiencies.push_back({m->condition_id, m->text, a.form_id, a.id});
            // Looked at again: a condition the model found deficient in an earlier follow-up of this
            // form, in which the model of this one (assessed: it was asked) finds nothing.
            if (!current->model_deficiencies.empty() && assessed(a.id))
                for (const auto& d : current->model_deficiencies) {
                    if (d.form_id != a.form_id || d.follow_up == a.id || holds(deficient_here, d.condition)) continue;
                    if (verifies) {
                        erase_value(current->open_conditions, d.condition);
                        erase_value(current->statement_conditions, d.condition);
                    } else if (basis == "statement" && holds(current->open_conditions, d.condition)) {
                        erase_value(current->open_conditions, d.condition);
                        current->statement_conditions.push_back(d.condition);
                    }
                }
            // Graded deficient without findings per condition (an old import): the unit as
            // a whole, remedied by a clean follow-up that can verify.
            if (severity > 0 && !any_deficient_finding && !holds(current->open_conditions, ""))
                current->open_conditions.push_back("");
            if (severity == 0 && holds(current->open_conditions, "")) {
                erase_value(current->open_conditions, "");
                if (!verifies && basis == "statement") current->statement_conditions.push_back("");
                else if (!verifies) current->open_conditions.push_back("");
            }
            if (!current->open_conditions.empty()) {
                current->state = DeficiencyCase::State::open;
            } else if (!current->statement_conditions.empty()) {
                current->state = DeficiencyCase::State::to_verify;
            } else if (in_progress()) {
                current->state = DeficiencyCase::State::remedied;
                current->remedied_by = a.id;
                current->remedied_on = *a.done;
                if (auto c = closure_of(*o)) {
                    current->state = DeficiencyCase::State::closed;
                    current->closure = std::move(*c);
                }
            }
        }
        if (current) cases.push_back(std::move(*current));
    }
    // An authorization that ended (de-authorized or revoked) closes the provider's open
    // cases in the area on that day: there is nothing left to re-check. Closed with its date,
    // which may be to come: until that day the case is open (file_case, and the residents' pages
    // read the date). An end after the measuring day had not happened at it.
    std::optional<sdk::Date> ended;
    for (const auto& a : record.authorizations)
        if (a.ended && !after_measuring_day(*a.ended) && (!ended || *ended < *a.ended)) ended = a.ended;
    const bool in_force_after = ended && std::any_of(record.authorizations.begin(), record.authorizations.end(),
                                                     [&](const sdk::Authorization& a) { return sdk::in_force(a, *ended); });
    if (ended && !in_force_after)
        for (auto it = cases.rbegin(); it != cases.rend() && it->provider == provider.org_number && it->area_id == area.id; ++it)
            if (it->state != DeficiencyCase::State::closed && !(*ended < it->opened)) {
                it->state = DeficiencyCase::State::closed;
                it->authorization_ends = ended;
                it->closure = DeficiencyCase::Closing{
                    it->follow_ups.back(), sdk::Closure{*ended, "authorization_ended", "auktorisationen upphörde " + sdk::format_date(*ended)}};
            }
    for (auto& c : cases) visit(std::move(c));
}

void for_each_deficiency_case(const MunicipalityConfig& config, const Register& store, const RegisterSnapshot* snapshot,
                              const std::function<void(DeficiencyCase&&)>& visit) {
    DeficiencyCaseFinder finder(config, store, snapshot);
    const sdk::RegisterView& view = snapshot != nullptr ? static_cast<const sdk::RegisterView&>(*snapshot) : store;
    for (const sdk::Area& area : config.areas)
        view.for_each_provider(area.id, [&](const sdk::ProviderRecord& record) { finder.cases_of(area, record, visit); });
}

Status follow_up_status(const MunicipalityConfig& config, const Register& store, sdk::Date at) {
    return follow_up_status(config, store, deficiency_cases(config, store), at);
}

namespace {
/// The register as one provider's: providers_in_area() names only it, where it is authorized,
/// and a provider's record is built by the SDK's own per-provider reads, not the store's pass
/// over a whole area.
class OneProviderView final : public RegisterViewRelay {
public:
    OneProviderView(const sdk::RegisterView& store, sdk::Provider provider) : RegisterViewRelay(store), provider_(std::move(provider)) {}
    std::vector<sdk::Provider> providers_in_area(std::string_view area) const override {
        if (authorizations(provider_.org_number, area).empty()) return {};
        return {provider_};
    }
    void for_each_provider(std::string_view area, const std::function<void(const sdk::ProviderRecord&)>& visit) const override {
        sdk::RegisterView::for_each_provider(area, visit);  // the default: asks the functions above
    }

private:
    sdk::Provider provider_;
};
}  // namespace

Status follow_up_status_of(const MunicipalityConfig& config, const Register& store, const sdk::Provider& provider, sdk::Date at) {
    const OneProviderView view(store, provider);
    DeficiencyCaseFinder finder(config, store, nullptr, /*per_follow_up=*/true);
    StatusBuilder builder(at, UnitsKept::all);
    std::vector<DeficiencyCase> cases;
    for (const sdk::Area& area : config.areas)
        view.for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
            finder.cases_of(area, record, [&](DeficiencyCase&& c) { cases.push_back(std::move(c)); });
            builder.add(area, record);
        });
    return builder.finish(std::move(cases));
}

StatusBuilder::StatusBuilder(sdk::Date at, UnitsKept kept) : kept_(kept) { status_.at = at; }

void StatusBuilder::add(const sdk::Area& area, const sdk::ProviderRecord& record) {
    const sdk::Date at = status_.at;
    Status& status = status_;
    const UnitsKept kept = kept_;
    // A provider whose authorization is not in force on `at` (revoked or ended on or before it)
    // is due for nothing: no follow-up of it is late, planned or due by its model's date. An end
    // dated after `at` leaves it due until then. This is the plan's rule (keep_while_authorized:
    // a follow-up is owed when its window opens before the end): a planned follow-up late on
    // `at` closed before it, so it opened before an end that is after `at`.
    const bool authorized = std::any_of(record.authorizations.begin(), record.authorizations.end(),
                                        [&](const sdk::Authorization& a) { return sdk::in_force(a, at); });
    if (!authorized) return;
    // Status at a day past is the register as it stood then: a follow-up done after `at` was, at
    // `at`, planned and not yet done (a year's compilation measures at the year's last day).
    auto done_by_then = [&](const sdk::FollowUpActivity& a) {
        return a.status == sdk::ActivityStatus::done && a.done && !(at < *a.done);
    };
    for (const auto& o : record.follow_ups)
        if ((o.activity.status == sdk::ActivityStatus::planned || (o.activity.status == sdk::ActivityStatus::done && !done_by_then(o.activity))) &&
            (o.activity.planned.last < at))
            status.overdue.push_back({o.activity, record.provider.name});
    // Per unit, by unit id: the latest done follow-up, and the latest one its board's model
    // assessed. A provider has a unit or a few: a small sorted list, reused from provider to
    // provider (a map per provider cost an allocation per unit, a million times nationally).
    auto& latest = latest_;  // unit → (done, assessed)
    latest.clear();
    for (const auto& o : record.follow_ups) {
        if (!done_by_then(o.activity)) continue;
        const std::string_view id = o.activity.unit_id;
        auto slot = std::lower_bound(latest.begin(), latest.end(), id, [](const auto& entry, std::string_view k) { return entry.first < k; });
        if (slot == latest.end() || slot->first != id) slot = latest.insert(slot, {id, {nullptr, nullptr}});
        auto& [done, assessed] = slot->second;
        if (done == nullptr || !(*o.activity.done < *done->activity.done)) done = &o;
        if (o.next_due && (assessed == nullptr || !(*o.activity.done < *assessed->activity.done))) assessed = &o;
    }
    for (const auto& [unit, pair] : latest) {
        const auto* assessed = pair.second;
        if (assessed == nullptr) continue;
        UnitDue due{area.board_id, area.id, record.provider.org_number, record.provider.name, std::string(unit), assessed->activity.id,
                    *assessed->next_due, assessed->recheck.has_value(), assessed->risk_category, assessed->risk_reason};
        // A later follow-up that the model has not assessed still counts as followed up.
        const bool followed_up_since = pair.first != assessed;
        if (!due.risk_category.empty()) {
            auto& category = status.risk_categories[due.board_id][due.risk_category];
            ++category.units;
            if (!due.risk_reason.empty() && (category.reason.empty() || due.next_due < category.reason_due))
                category.reason = due.risk_reason, category.reason_due = due.next_due;
        }
        if (!followed_up_since && (due.next_due < at)) status.overdue_units.push_back(due);
        if (kept == UnitsKept::all) status.units.push_back(std::move(due));
    }
}

void StatusBuilder::absorb(StatusBuilder&& later) {
    Status& mine = status_;
    Status& theirs = later.status_;
    auto append = [](auto& to, auto& from) { std::move(from.begin(), from.end(), std::back_inserter(to)); };
    append(mine.overdue, theirs.overdue);
    append(mine.units, theirs.units);
    append(mine.overdue_units, theirs.overdue_units);
    // add()'s rule, across the two: the reason of the unit due first, the earlier one on a tie.
    for (auto& [board, categories] : theirs.risk_categories)
        for (auto& [name, category] : categories) {
            auto& merged = mine.risk_categories[board][name];
            merged.units += category.units;
            if (!category.reason.empty() && (merged.reason.empty() || category.reason_due < merged.reason_due))
                merged.reason = std::move(category.reason), merged.reason_due = category.reason_due;
        }
}

Status StatusBuilder::finish(std::vector<DeficiencyCase> cases) {
    Status status = std::move(status_);
    auto by_due = [](const UnitDue& a, const UnitDue& b) { return (a.next_due < b.next_due); };
    std::stable_sort(status.units.begin(), status.units.end(), by_due);
    std::stable_sort(status.overdue_units.begin(), status.overdue_units.end(), by_due);
    std::stable_sort(status.overdue.begin(), status.overdue.end(),
                     [](const auto& a, const auto& b) { return (a.activity.planned.last < b.activity.planned.last); });
    for (auto& c : cases) file_case(status, std::move(c));
    return status;
}

Status follow_up_status(const MunicipalityConfig& config, const sdk::RegisterView& records,
                        std::vector<DeficiencyCase> cases, sdk::Date at, UnitsKept kept) {
    StatusBuilder builder(at, kept);
    for (const sdk::Area& area : config.areas)
        records.for_each_provider(area.id, [&](const sdk::ProviderRecord& record) { builder.add(area, record); });
    return builder.finish(std::move(cases));
}

std::optional<sdk::Date> closed_with_authorization(const DeficiencyCase& c) {
    return c.state == DeficiencyCase::State::closed ? c.authorization_ends : std::nullopt;
}

void file_case(Status& status, DeficiencyCase&& c) {
    // Closed by an end of the authorization still to come: open until that day.
    if (const auto ends = closed_with_authorization(c); ends && status.at < *ends)
        c.state = !c.open_conditions.empty()        ? DeficiencyCase::State::open
                  : !c.statement_conditions.empty() ? DeficiencyCase::State::to_verify
                                                    : DeficiencyCase::State::remedied;
    if (c.state == DeficiencyCase::State::open || c.state == DeficiencyCase::State::to_verify) {
        const bool recheck_late = (c.recheck_due < status.at);
        const bool deadline_late = c.latest_decision && c.latest_decision->deadline && (*c.latest_decision->deadline < status.at);
        if (recheck_late || deadline_late) status.overdue_cases.push_back(std::move(c));
    } else if (c.state == DeficiencyCase::State::remedied) {
        status.awaiting_closure.push_back(std::move(c));
    }
}

CloseResult close_case(const MunicipalityConfig& config, Register& store, const std::string& follow_up_id,
                       const std::string& basis, const std::string& reason, sdk::Date on, const std::string& actor,
                       sdk::Date today) {
    // The national audit office criticised cases closed on the provider's word alone: a closing
    // always names its basis and its reason.
    if (basis == "statement")
        return {false, "a case is not closed on the provider's statement alone: verify it by a re-check visit or a reviewed "
                       "document of the same condition, then close with --basis visit or --basis document"};
    if (basis != "visit" && basis != "document")
        return {false, fmt::format("a case is closed on a recorded basis: found \"{}\"; expected visit or document", basis)};
    if (reason.find_first_not_of(" \t") == std::string::npos)
        return {false, "a case is closed with a reason: why are the deficiencies remedied?"};
    for (const auto& c : deficiency_cases(config, store)) {
        if (!c.remedied_by || *c.remedied_by != follow_up_id) continue;
        if (c.state == DeficiencyCase::State::closed)
            return {false, fmt::format("the case remedied by '{}' is already closed", follow_up_id)};
        if ((on < *c.remedied_on))
            return {false, fmt::format("the closing date {} is before the re-check {}", sdk::format_date(on),
                                       sdk::format_date(*c.remedied_on))};
        // The closing's row passes the rules every way in applies (store/record_rules.hpp): the
        // words of `followup import` for a date after today or outside 1990-2100, or control
        // characters in the reason.
        const RecordKind& closures = *find_record_kind("closures");
        Row row = row_of(closures, {{"follow_up", follow_up_id}, {"closed", sdk::format_date(on)}, {"basis", basis}, {"reason", reason}});
        RecordRules rules(store, &config, today);
        if (const auto problems = rules.check(closures, row); !problems.empty()) {
            std::string message;
            for (const auto& [column, text] : problems) message += (message.empty() ? "" : "; ") + (column.empty() ? text : column + ": " + text);
            return {false, message};
        }
        auto writer = store.begin(actor);
        writer->upsert(closures, row);
        writer->commit();
        return {true, fmt::format("closed the case of {} ({}, opened {}) on {}: {}", c.provider_name, c.area_id,
                                  sdk::format_date(c.opened), basis, reason)};
    }
    return {false, fmt::format("'{}' is not a re-check that found a deficiency case remedied; expected the id of the "
                               "follow-up with no deficiencies after the deficient ones (see followup status)",
                               follow_up_id)};
}

}  // namespace followup::core
