#include "schedule/planner.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <map>
#include <tuple>
#include <cstdlib>
#include <set>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "store/record_kinds.hpp"
#include "store/rows.hpp"

namespace followup::core {
using namespace std::chrono;

namespace {


std::string month_text(year_month m) { return fmt::format("{}-{:02}", static_cast<int>(m.year()), static_cast<unsigned>(m.month())); }

/// The working days of `month` inside `window`.
std::vector<sdk::Date> working_days(year_month month, const sdk::Period& window, const sdk::Calendar& calendar) {
    std::vector<sdk::Date> out;
    const sys_days last{year_month_day_last{month.year(), month_day_last{month.month()}}};
    for (sys_days d{month / 1}; d <= last; d += days{1})
        if (window.contains(d) && calendar.is_working_day(d)) out.push_back(d);
    return out;
}

/// One board's visits being placed: who may do each, and the (inspector, month) buckets. The
/// inspectors are numbered in the board's order and a bucket is found by (number, month) in an
/// array: a national plan places a hundred thousand visits a board, and looking buckets up by the
/// inspector's id in a map was most of the compilation's time (comparing the ids' strings).
class VisitLeveller {
public:
    VisitLeveller(int year, const MunicipalityConfig& config, std::vector<const Inspector*> inspectors, const sdk::Calendar& calendar,
                  const InspectorMonths& booked)
        : year_(year), config_(config), inspectors_(std::move(inspectors)), calendar_(calendar),
          used_(inspectors_.size() * 13, 0), buckets_(inspectors_.size() * 13) {
        for (std::size_t i = 0; i < inspectors_.size(); ++i)
            for (unsigned m = 1; m <= 12; ++m) {
                // What is already booked takes its room first.
                if (auto b = booked.find({inspectors_[i]->id, m}); b != booked.end()) used_[slot(i, m)] = b->second;
                room_ += std::max(0, inspectors_[i]->monthly_capacity - used_[slot(i, m)]);
            }
    }

    /// Places `item` (a visit with its working window) or leaves it unassigned with the reason.
    void place(ScheduledFollowUp& item) {
        eligible_for(item, eligible_);
        if (eligible_.empty()) {
            item.over_capacity = true;
            item.unassigned_reason = "no inspector of the board may follow up this provider (disqualified, employed by it or "
                                     "belonging to its operation)";
            return;
        }
        const std::vector<unsigned>& months = months_of(item.window);
        if (auto best = best_slot(months, eligible_)) {
            assign(item, best->first, best->second);
            return;
        }
        // Every eligible inspector is full in every month of the window: move a visit placed
        // earlier to another month of its own window, if one has room, and take its place. Only
        // worth looking when some inspector has room somewhere in the year.
        if (room_ > 0) {
            std::vector<std::size_t> others_eligible;
            for (unsigned m : months) {
                for (std::size_t inspector : eligible_) {
                    for (ScheduledFollowUp* other : buckets_[slot(inspector, m)]) {
                        eligible_for(*other, others_eligible);
                        auto moved = best_slot(months_of(other->window), others_eligible, {inspector, m});
                        if (!moved) continue;
                        unassign(*other);
                        assign(*other, moved->first, moved->second);
                        assign(item, inspector, m);
                        return;
                    }
                }
            }
        }
        item.over_capacity = true;
        // The same words for every visit of the same window and the same few inspectors: made once.
        auto [reason, added] = full_reasons_.try_emplace({days_of(item.window.first), days_of(item.window.last), eligible_.size() == 1});
        if (added) {
            std::string full;
            for (unsigned m : months) full += (full.empty() ? "" : ", ") + month_text(std::chrono::year{year_} / month{m});
            reason->second = fmt::format("window {} – {}: {} fully booked in {}", sdk::format_date(item.window.first),
                                         sdk::format_date(item.window.last),
                                         eligible_.size() == 1 ? "the one inspector who may do it is" : "every inspector who may do it is", full);
        }
        item.unassigned_reason = reason->second;
    }

    /// Dates every assigned visit: an inspector's visits of a month spread over its working days
    /// in each visit's window, one visit a day where the days allow.
    void date_visits() {
        for (std::size_t i = 0; i < inspectors_.size(); ++i)
            for (unsigned m = 1; m <= 12; ++m) {
                auto& bucket = buckets_[slot(i, m)];
                std::sort(bucket.begin(), bucket.end(), [](const ScheduledFollowUp* a, const ScheduledFollowUp* b) {
                    if (sys_days{a->window.last} != sys_days{b->window.last}) return a->window.last < b->window.last;
                    return a->id < b->id;
                });
                std::set<sys_days> taken;
                const year_month month{std::chrono::year{year_}, std::chrono::month{m}};
                const int capacity = inspectors_[i]->monthly_capacity;
                // The month's working days once; a visit's are the run of them inside its window
                // (a window is one stretch of days). Worked out day by day for each visit, they
                // were a calendar lookup for every day of the month for every visit of the year.
                const std::vector<sdk::Date>& in_month = working_days_of(m);
                for (std::size_t k = 0; k < bucket.size(); ++k) {
                    const auto from = std::lower_bound(in_month.begin(), in_month.end(), bucket[k]->window.first);
                    const auto to = std::upper_bound(from, in_month.end(), bucket[k]->window.last);
                    const std::span<const sdk::Date> days(from, to);
                    const std::size_t target = std::min(days.size() - 1, k * days.size() / static_cast<std::size_t>(std::max(1, capacity)));
                    std::size_t chosen = target;
                    for (std::size_t step = 0; step < days.size(); ++step) {
                        // The target day, else the nearest free one after it, else before it.
                        const std::size_t after = target + step, before = target >= step ? target - step : days.size();
                        if (after < days.size() && !taken.count(days[after])) { chosen = after; break; }
                        if (before < days.size() && !taken.count(days[before])) { chosen = before; break; }
                    }
                    bucket[k]->date = days[chosen];
                    taken.insert(days[chosen]);
                }
            }
    }

    int assigned_in(unsigned m) const {
        int n = 0;
        for (std::size_t i = 0; i < inspectors_.size(); ++i) n += static_cast<int>(buckets_[slot(i, m)].size());
        return n;
    }

private:
    static std::size_t slot(std::size_t inspector, unsigned m) { return inspector * 13 + m; }
    static int days_of(sdk::Date d) { return static_cast<int>(sys_days{d}.time_since_epoch().count()); }

    /// Every working day of month `m` of the year, in order: kept per month.
    const std::vector<sdk::Date>& working_days_of(unsigned m) {
        auto& days = working_days_of_month_[m];
        if (days.empty()) {
            const year_month month{std::chrono::year{year_}, std::chrono::month{m}};
            days = working_days(month, sdk::Period{month / 1, month / std::chrono::last}, calendar_);
        }
        return days;
    }

    /// The numbers of the inspectors who may follow `item` up, in the board's order.
    void eligible_for(const ScheduledFollowUp& item, std::vector<std::size_t>& eligible) const {
        eligible.clear();
        for (std::size_t i = 0; i < inspectors_.size(); ++i)
            // Independence: never the inspector's own employer, a provider they are disqualified
            // for, or a unit of the municipal operation they belong to.
            if (!independence_conflict(config_, *inspectors_[i], item.planned.provider, item.planned.area_id, item.planned.unit_id))
                eligible.push_back(i);
    }

    /// The months of the year in which the window has a working day (asked again and again while
    /// visits are placed and moved: kept per window).
    const std::vector<unsigned>& months_of(const sdk::Period& window) {
        auto [it, added] = months_of_window_.try_emplace({days_of(window.first), days_of(window.last)});
        if (added)
            for (unsigned m = static_cast<unsigned>(window.first.month()); m <= static_cast<unsigned>(window.last.month()); ++m)
                if (!working_days(std::chrono::year{year_} / month{m}, window, calendar_).empty()) it->second.push_back(m);
        return it->second;
    }

    using Slot = std::pair<std::size_t, unsigned>;  ///< (inspector's number, month)
    static constexpr Slot no_slot{SIZE_MAX, 0};

    /// The (inspector, month) with room and the smallest share of its capacity used, the earlier
    /// month on a tie; never `except`.
    std::optional<Slot> best_slot(const std::vector<unsigned>& months, const std::vector<std::size_t>& eligible, Slot except = no_slot) const {
        std::optional<Slot> best;
        double best_share = 2.0;
        for (unsigned m : months) {
            for (std::size_t i : eligible) {
                if (i == except.first && m == except.second) continue;
                const int used = used_[slot(i, m)], capacity = inspectors_[i]->monthly_capacity;
                if (used >= capacity) continue;
                const double share = static_cast<double>(used) / capacity;
                if (share < best_share) best_share = share, best = Slot{i, m};
            }
        }
        return best;
    }

    void assign(ScheduledFollowUp& item, std::size_t inspector, unsigned m) {
        buckets_[slot(inspector, m)].push_back(&item);
        if (used_[slot(inspector, m)]++ < inspectors_[inspector]->monthly_capacity) --room_;
        item.inspector = inspectors_[inspector]->id;
        item.date = std::chrono::year{year_} / month{m} / 1;  // the day comes in date_visits()
    }

    void unassign(ScheduledFollowUp& item) {
        const auto m = static_cast<unsigned>(item.date.month());
        for (std::size_t i = 0; i < inspectors_.size(); ++i) {
            if (inspectors_[i]->id != item.inspector) continue;
            std::erase(buckets_[slot(i, m)], &item);
            if (--used_[slot(i, m)] < inspectors_[i]->monthly_capacity) ++room_;
            break;
        }
        item.inspector.clear();
    }

    int year_;
    const MunicipalityConfig& config_;
    std::vector<const Inspector*> inspectors_;
    const sdk::Calendar& calendar_;
    std::vector<int> used_;                                 ///< per slot(): visits booked before and placed now
    std::vector<std::vector<ScheduledFollowUp*>> buckets_;  ///< per slot(): the visits placed now
    long room_ = 0;                                         ///< visits the inspectors can still take, all months together
    std::vector<std::size_t> eligible_;                     ///< place()'s, kept to reuse its memory
    std::map<std::pair<int, int>, std::vector<unsigned>> months_of_window_;
    std::map<std::tuple<int, int, bool>, std::string> full_reasons_;
    std::array<std::vector<sdk::Date>, 13> working_days_of_month_;  ///< per month (1–12): working_days_of()
};

}  // namespace

sdk::Period working_window(const sdk::Period& window, int year, const sdk::Calendar& calendar) {
    const sdk::Date year_first = std::chrono::year{year} / 1 / 1, year_last = std::chrono::year{year} / 12 / 31;
    const sdk::Date first = window.first < year_first ? year_first : window.first;
    const sdk::Date last = year_last < window.last ? year_last : window.last;
    const sdk::Date first_working = calendar.next_working_day(first);
    const sdk::Date last_working = sdk::working_day_on_or_before(calendar, last);
    if (!(last_working < first_working)) return {first_working, last_working};
    // No working day in the window (2026-01-01 alone, a weekend): the working day before its end,
    // as a "by" date reads; the year's first working day if that would fall in the year before.
    const sdk::Date by = last_working < year_first ? calendar.next_working_day(year_first) : last_working;
    return {by, by};
}

void withhold_unannounced(DatedPlan& plan, const std::optional<std::string>& inspector) {
    if (inspector) {
        // The inspector's own export: their visits, the unannounced ones with their dates.
        std::erase_if(plan.items, [&](const ScheduledFollowUp& item) { return item.inspector != *inspector; });
        return;
    }
    for (auto& item : plan.items)
        if (item.unannounced) item.date_withheld = true;
}

namespace {
/// A planned follow-up's id without its ordinal (planned_follow_up_id).
std::string planned_follow_up_base(int year, const std::string& board_id, const sdk::PlannedFollowUp& p) {
    std::string id = fmt::format("{}-{}-{}-{}", year, p.form_id, p.area_id, p.provider.empty() ? board_id : p.provider);
    if (!p.unit_id.empty()) id += "-" + p.unit_id;
    return id;
}
}  // namespace

std::string planned_follow_up_id(int year, const std::string& board_id, const sdk::PlannedFollowUp& p, int ordinal) {
    // No date in the id: an id is shown wherever the follow-up is (the shared plan, the
    // compilation, `status`), and an unannounced visit's window must leave the register only in
    // the inspector's own export. The ordinal tells the year's follow-ups of one form of one unit
    // apart, in the order of their windows: stable while the model asks for the same ones.
    return fmt::format("{}-{}", planned_follow_up_base(year, board_id, p), ordinal);
}

std::size_t keep_while_authorized(std::map<std::string, std::vector<sdk::PlannedFollowUp>>& wanted, const sdk::RegisterView& records) {
    std::size_t dropped = 0;
    std::map<std::pair<std::string, std::string>, std::vector<sdk::Authorization>> read;  // (provider, area) → its authorizations
    for (auto& [board, wishes] : wanted)
        dropped += std::erase_if(wishes, [&](sdk::PlannedFollowUp& p) {
            if (p.provider.empty()) return false;
            auto [it, added] = read.try_emplace({p.provider, p.area_id});
            if (added) it->second = records.authorizations(p.provider, p.area_id);
            // The authorization the window opens in (or one granted later, the model's to judge).
            for (const auto& a : it->second) {
                if (!sdk::in_force(a, p.window.first < a.granted ? a.granted : p.window.first)) continue;
                // Ending within the window: the follow-up is owed only while the authorization
                // is in force, up to the day before its end.
                if (a.ended && !(p.window.last < *a.ended)) p.window.last = sys_days{*a.ended} - days{1};
                return false;
            }
            return true;
        });
    return dropped;
}

DatedPlan schedule_plan(int year, const MunicipalityConfig& config, std::map<std::string, std::vector<sdk::PlannedFollowUp>> wanted,
                        const sdk::Calendar& calendar, const InspectorMonths& booked) {
    DatedPlan plan;
    plan.year = year;

    for (auto& [board_id, wishes] : wanted) {
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
            MonthLoad load{board_id, std::chrono::year{year} / month{m}};
            for (const auto* i : inspectors) {
                // What is already booked takes its room first.
                auto b = booked.find({i->id, m});
                load.capacity += i->monthly_capacity - (b == booked.end() ? 0 : std::min(b->second, i->monthly_capacity));
            }
            months[m] = load;
        }

        // The leveller keeps pointers into `items`: its size is fixed before they are taken.
        std::vector<ScheduledFollowUp> items;
        items.reserve(wishes.size());
        // Each wish's ordinal among the year's follow-ups of its form and unit, by window (then
        // reason), whatever order the model gave them in. The windows' days are worked out once:
        // converting a date to days at every comparison was a tenth of a national plan.
        std::vector<std::pair<int, int>> window_days(wishes.size());
        for (std::size_t i = 0; i < wishes.size(); ++i)
            window_days[i] = {static_cast<int>(sys_days{wishes[i].window.first}.time_since_epoch().count()),
                              static_cast<int>(sys_days{wishes[i].window.last}.time_since_epoch().count())};
        // The ids without their ordinal, made once; counted in a hash map (a national board's
        // ids share long prefixes, which a sorted map compares again and again).
        std::vector<std::string> base(wishes.size());
        for (std::size_t i = 0; i < wishes.size(); ++i) base[i] = planned_follow_up_base(year, board_id, wishes[i]);
        // Most units have one follow-up of a form in a year: its ordinal is 1, and only the ids
        // shared by several are put in order, by window, then reason, then the model's order.
        // (Sorting every wish by window and reason was a tenth of a national plan: most windows
        // are the whole year, so it compared the long reasons.)
        std::vector<int> ordinal(wishes.size(), 1);
        {
            std::unordered_map<std::string_view, int> seen;
            seen.reserve(wishes.size());
            for (std::size_t i = 0; i < wishes.size(); ++i) ++seen[base[i]];
            std::vector<std::size_t> shared;
            for (std::size_t i = 0; i < wishes.size(); ++i)
                if (seen.at(base[i]) > 1) shared.push_back(i);
            // Named again: clang before 16 does not let a lambda capture a structured binding.
            const std::vector<sdk::PlannedFollowUp>& asked = wishes;
            std::stable_sort(shared.begin(), shared.end(), [&](std::size_t a, std::size_t b) {
                if (base[a] != base[b]) return base[a] < base[b];
                if (window_days[a] != window_days[b]) return window_days[a] < window_days[b];
                return asked[a].reason < asked[b].reason;
            });
            for (std::size_t k = 1; k < shared.size(); ++k)
                if (base[shared[k]] == base[shared[k - 1]]) ordinal[shared[k]] = ordinal[shared[k - 1]] + 1;
        }
        for (std::size_t w = 0; w < wishes.size(); ++w) {
            sdk::PlannedFollowUp& p = wishes[w];
            ScheduledFollowUp item;
            item.board_id = board_id;
            item.id = fmt::format("{}-{}", base[w], ordinal[w]);
            auto it = visit_form.find(p.form_id);
            item.visit = !p.provider.empty() && (it == visit_form.end() || it->second);
            item.unannounced = unannounced_forms.count(p.form_id) > 0;
            item.window = working_window(p.window, year, calendar);
            // Moved, not copied: a national plan's wishes are hundreds of thousands of them.
            item.planned = std::move(p);
            // What the provider (or the board itself) does alone is due on the window's last
            // working day; a visit's day is chosen below.
            item.date = item.window.last;
            items.push_back(std::move(item));
        }
        // The wishes are in `items` now: their memory goes before the visits are placed (a
        // national board's are tens of megabytes).
        std::vector<sdk::PlannedFollowUp>().swap(wishes);
        std::vector<std::string>().swap(base);

        std::vector<ScheduledFollowUp*> visits;
        for (auto& item : items)
            if (item.visit) visits.push_back(&item);
        // Earliest due first, and of those the narrowest window: the tightest choose before the
        // loose ones, which can still go to a month with room.
        std::stable_sort(visits.begin(), visits.end(), [](const ScheduledFollowUp* a, const ScheduledFollowUp* b) {
            if (sys_days{a->window.last} != sys_days{b->window.last}) return a->window.last < b->window.last;
            return b->window.first < a->window.first;
        });
        VisitLeveller leveller(year, config, inspectors, calendar, booked);
        for (ScheduledFollowUp* item : visits) {
            ++months[static_cast<unsigned>(item->window.last.month())].due;
            leveller.place(*item);
        }
        leveller.date_visits();
        for (ScheduledFollowUp* item : visits) {
            if (!item->over_capacity) continue;
            item->date = item->window.last;  // shown on its due date, unassigned
            ++months[static_cast<unsigned>(item->window.last.month())].unassigned;
            if (item->unassigned_reason.starts_with("no inspector"))
                plan.warnings.push_back(fmt::format("{} {}: no inspector of board {} may follow up {} (all are "
                                                    "disqualified, employed by it, or have no capacity)",
                                                    sdk::format_date(item->date), item->id, board_id, item->planned.provider));
        }
        for (auto& [m, month_load] : months) {
            month_load.assigned = leveller.assigned_in(m);
            if (month_load.unassigned > 0)
                plan.warnings.push_back(fmt::format("{}-{:02}: board {} needs {} visits but its inspectors have room for {}; {} not "
                                                    "assigned (a shortfall of {} inspector-days)",
                                                    year, m, board_id, month_load.assigned + month_load.unassigned, month_load.capacity,
                                                    month_load.unassigned, month_load.shortfall()));
            plan.months.push_back(month_load);
        }
        if (plan.items.empty()) {
            // One board (the compilation plans board by board): the vector itself is taken.
            // Moved item by item, both vectors' follow-ups were held at once, a tenth of a
            // national compilation's peak.
            plan.items = std::move(items);
        } else {
            plan.items.reserve(plan.items.size() + items.size());
            for (auto& item : items) plan.items.push_back(std::move(item));
            std::vector<ScheduledFollowUp>().swap(items);
        }
    }
    // By date, board and id: an order of numbers sorted, then the follow-ups moved once (moving
    // the follow-ups themselves at every step of the sort was a seventh of a national plan).
    std::vector<std::pair<int, std::size_t>> by_date(plan.items.size());
    for (std::size_t i = 0; i < plan.items.size(); ++i)
        by_date[i] = {static_cast<int>(sys_days{plan.items[i].date}.time_since_epoch().count()), i};
    const std::vector<ScheduledFollowUp>& items = plan.items;
    std::stable_sort(by_date.begin(), by_date.end(), [&items](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return std::tie(items[a.second].board_id, items[a.second].id) < std::tie(items[b.second].board_id, items[b.second].id);
    });
    // Put in that order in place, cycle by cycle: a second vector of the follow-ups would double
    // the plan's memory at the compilation's peak.
    std::vector<std::size_t> source(by_date.size());
    for (std::size_t k = 0; k < by_date.size(); ++k) source[k] = by_date[k].second;
    std::vector<std::pair<int, std::size_t>>().swap(by_date);
    for (std::size_t start = 0; start < source.size(); ++start) {
        if (source[start] == start) continue;
        ScheduledFollowUp held = std::move(plan.items[start]);
        std::size_t k = start;
        while (source[k] != start) {
            plan.items[k] = std::move(plan.items[source[k]]);
            const std::size_t from = source[k];
            source[k] = k;
            k = from;
        }
        plan.items[k] = std::move(held);
        source[k] = k;
    }
    return plan;
}

std::optional<std::string> planned_follow_up_for(const sdk::RegisterView& store, const std::string& provider, const std::string& area_id,
                                                 const std::string& form_id, const std::string& unit_id, sdk::Date done) {
    std::optional<std::string> nearest;
    long best = 0;
    for (const auto& f : store.follow_ups(provider, area_id)) {
        if (f.status != sdk::ActivityStatus::planned || f.form_id != form_id || f.unit_id != unit_id) continue;
        const long distance = std::abs(static_cast<long>((sys_days{f.planned.first} - sys_days{done}).count()));
        if (!nearest || distance < best) nearest = f.id, best = distance;
    }
    return nearest;
}

std::map<std::string, int> plan_sequences(const Register& store, const DatedPlan& plan, bool written) {
    // One pass over the follow-ups' audit entries (the plan's ids are a few thousand at most).
    std::map<std::string, int> entries;
    for (const auto& entry : store.audit_log("follow_ups", "")) ++entries[entry.key];
    const RecordKind& kind = *find_record_kind("follow_ups");
    std::map<std::string, int> sequence;
    for (const auto& item : plan.items) {
        auto it = entries.find(item.id);
        int n = it == entries.end() ? 0 : std::max(0, it->second - 1);
        if (!written && it != entries.end()) {
            // A dry run: the change this plan would make counts too.
            const auto stored = store.find(kind, item.id);
            if (stored && (value_of(kind, *stored, "planned_from") != sdk::format_date(item.date) ||
                           value_of(kind, *stored, "inspector") != item.inspector))
                ++n;
        }
        sequence[item.id] = n;
    }
    return sequence;
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
