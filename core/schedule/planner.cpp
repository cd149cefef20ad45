#include "schedule/planner.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "store/rows.hpp"

namespace followup::core {
using namespace std::chrono;

namespace {

std::string compact(const sdk::Date& d) {
    std::string s = sdk::format_date(d);
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;
}

/// The working days of `month` inside `window`.
std::vector<sdk::Date> working_days(year_month month, const sdk::Period& window, const sdk::Calendar& calendar) {
    std::vector<sdk::Date> out;
    const sys_days last{year_month_day_last{month.year(), month_day_last{month.month()}}};
    for (sys_days d{month / 1}; d <= last; d += days{1})
        if (!(year_month_day{d} < window.first) && !(window.last < year_month_day{d}) && calendar.is_working_day(d))
            out.push_back(d);
    return out;
}

/// The last working day on or before `day` but not before `earliest`; `day` itself if none.
sdk::Date working_day_by(sdk::Date day, sdk::Date earliest, const sdk::Calendar& calendar) {
    for (sys_days d{day}; d >= sys_days{earliest}; d -= days{1})
        if (calendar.is_working_day(d)) return d;
    return day;
}

}  // namespace

void withhold_unannounced(DatedPlan& plan, const std::optional<std::string>& inspector) {
    if (inspector) {
        // The inspector's own export: their visits, the unannounced ones with their dates.
        std::erase_if(plan.items, [&](const ScheduledFollowUp& item) { return item.inspector != *inspector; });
        return;
    }
    for (auto& item : plan.items)
        if (item.unannounced) item.date_withheld = true;
}

std::string planned_follow_up_id(int year, const std::string& board_id, const sdk::PlannedFollowUp& p) {
    std::string id = fmt::format("{}-{}-{}-{}", year, p.form_id, p.area_id, p.provider.empty() ? board_id : p.provider);
    if (!p.unit_id.empty()) id += "-" + p.unit_id;
    return id + "-" + compact(p.window.first);
}

DatedPlan schedule_plan(int year, const MunicipalityConfig& config,
                        const std::map<std::string, std::vector<sdk::PlannedFollowUp>>& wanted, const sdk::Calendar& calendar) {
    DatedPlan plan;
    plan.year = year;
    const sdk::Period whole{std::chrono::year{year} / 1 / 1, std::chrono::year{year} / 12 / 31};

    for (const auto& [board_id, items] : wanted) {
        const BoardSettings* board = config.board(board_id);
        std::map<std::string, bool> visit_form;
        std::set<std::string> unannounced_forms;
        if (board != nullptr)
            for (const auto& f : board->forms) {
                visit_form[f.id] = f.visit;
                if (f.unannounced) unannounced_forms.insert(f.id);
            }
        std::vector<const Inspector*> inspectors;
        for (const auto& i : config.inspectors)
            if (i.board_id == board_id && i.monthly_capacity > 0) inspectors.push_back(&i);

        std::map<unsigned, MonthLoad> months;
        for (unsigned m = 1; m <= 12; ++m) {
            MonthLoad load{board_id, std::chrono::year{year} / month{m}, 0, 0, 0};
            for (const auto* i : inspectors) load.capacity += i->monthly_capacity;
            months[m] = load;
        }
        std::map<std::pair<std::string, unsigned>, int> load;  // (inspector, month) → visits

        std::vector<const sdk::PlannedFollowUp*> order;
        for (const auto& p : items) order.push_back(&p);
        // Earliest deadline first: the tightest windows choose before the loose ones.
        std::stable_sort(order.begin(), order.end(), [](const auto* a, const auto* b) {
            if (sys_days{a->window.last} != sys_days{b->window.last}) return (a->window.last < b->window.last);
            return (a->window.first < b->window.first);
        });

        std::set<std::string> ids;
        for (const sdk::PlannedFollowUp* p : order) {
            ScheduledFollowUp item;
            item.board_id = board_id;
            item.planned = *p;
            item.id = planned_follow_up_id(year, board_id, *p);
            for (int n = 2; !ids.insert(item.id).second; ++n) item.id = planned_follow_up_id(year, board_id, *p) + "-" + std::to_string(n);
            auto it = visit_form.find(p->form_id);
            item.visit = !p->provider.empty() && (it == visit_form.end() || it->second);
            item.unannounced = unannounced_forms.count(p->form_id) > 0;
            sdk::Period window{(p->window.first < whole.first) ? whole.first : p->window.first,
                               (whole.last < p->window.last) ? whole.last : p->window.last};
            if ((window.last < window.first)) window.last = window.first;

            if (!item.visit) {
                // What the provider (or the board itself) does: due at the window's end.
                item.date = working_day_by(window.last, window.first, calendar);
                plan.items.push_back(std::move(item));
                continue;
            }
            std::vector<const Inspector*> eligible;
            for (const auto* i : inspectors) {
                // Independence: never the inspector's own employer, a provider they are
                // disqualified for, or a unit of the municipal operation they belong to.
                if (independence_conflict(config, *i, p->provider, p->area_id, p->unit_id)) continue;
                eligible.push_back(i);
            }
            // The least loaded (inspector, month) with room, spreading the year's visits.
            const Inspector* chosen = nullptr;
            unsigned chosen_month = 0;
            double best = 2.0;
            std::vector<sdk::Date> chosen_days;
            for (unsigned m = static_cast<unsigned>(window.first.month()); m <= static_cast<unsigned>(window.last.month()); ++m) {
                const auto days = working_days(std::chrono::year{year} / month{m}, window, calendar);
                if (days.empty()) continue;
                for (const auto* i : eligible) {
                    const int used = load[{i->id, m}];
                    if (used >= i->monthly_capacity) continue;
                    const double share = static_cast<double>(used) / i->monthly_capacity;
                    if (share < best) best = share, chosen = i, chosen_month = m, chosen_days = days;
                }
            }
            if (chosen != nullptr) {
                int& used = load[{chosen->id, chosen_month}];
                // The inspector's visits spread over the month's working days in the window.
                const std::size_t index = std::min(chosen_days.size() - 1, static_cast<std::size_t>(used) * chosen_days.size() /
                                                                                static_cast<std::size_t>(chosen->monthly_capacity));
                item.date = chosen_days[index];
                item.inspector = chosen->id;
                ++used;
                ++months[chosen_month].assigned;
            } else {
                item.over_capacity = true;
                item.date = working_day_by(window.last, window.first, calendar);
                ++months[static_cast<unsigned>(item.date.month())].unassigned;
                if (eligible.empty())
                    plan.warnings.push_back(fmt::format("{} {}: no inspector of board {} may follow up {} (all are "
                                                        "disqualified, employed by it, or have no capacity)",
                                                        sdk::format_date(item.date), item.id, board_id, p->provider));
            }
            plan.items.push_back(std::move(item));
        }
        for (auto& [m, month_load] : months) {
            if (month_load.unassigned > 0)
                plan.warnings.push_back(fmt::format("{}-{:02}: board {} needs {} visits but its inspectors have room for "
                                                    "{}; {} not assigned",
                                                    year, m, board_id, month_load.assigned + month_load.unassigned,
                                                    month_load.capacity, month_load.unassigned));
            plan.months.push_back(month_load);
        }
    }
    std::stable_sort(plan.items.begin(), plan.items.end(), [](const ScheduledFollowUp& a, const ScheduledFollowUp& b) {
        if (sys_days{a.date} != sys_days{b.date}) return (a.date < b.date);
        return std::tie(a.board_id, a.id) < std::tie(b.board_id, b.id);
    });
    return plan;
}

PlanRecorded record_plan(Register& store, const MunicipalityConfig& config, const DatedPlan& plan,
                         const std::set<std::string>& boards, const std::string& actor) {
    const RecordKind& kind = *find_record_kind("follow_ups");
    std::set<std::string> in_plan;
    std::map<std::string, sdk::FollowUpActivity> existing;
    for (const auto& a : config.areas) {
        if (!boards.count(a.board_id)) continue;
        for (const auto& p : store.providers_in_area(a.id))
            for (auto& f : store.follow_ups(p.org_number, a.id)) existing[f.id] = f;
    }
    auto writer = store.begin(actor);
    PlanRecorded result;
    for (const auto& item : plan.items) {
        if (item.planned.provider.empty()) continue;  // the board's own process steps are not follow-ups of a provider
        in_plan.insert(item.id);
        if (auto it = existing.find(item.id); it != existing.end() && it->second.status != sdk::ActivityStatus::planned) continue;
        const auto& p = item.planned;
        const sdk::FollowUpActivity planned{item.id, p.form_id, p.area_id, p.provider, p.unit_id, {item.date, item.date},
                                            std::nullopt, sdk::ActivityStatus::planned, item.inspector, p.trigger};
        if (writer->upsert(kind, to_row(planned)) != Change::unchanged) ++result.written;
    }
    for (const auto& [id, f] : existing) {
        // Only what an earlier `followup plan` of this year wrote (its ids start with the year);
        // follow-ups planned by hand or imported are the officers' own.
        if (f.status != sdk::ActivityStatus::planned || in_plan.count(id) || !id.starts_with(std::to_string(plan.year) + "-"))
            continue;
        sdk::FollowUpActivity cancelled = f;
        cancelled.status = sdk::ActivityStatus::cancelled;
        cancelled.done = std::nullopt;
        writer->upsert(kind, to_row(cancelled));
        ++result.cancelled;
    }
    writer->commit();
    return result;
}

}  // namespace followup::core
