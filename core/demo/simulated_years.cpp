// The example municipality's years: key figures and signals, then each year each board's real
// model plans its follow-ups, the visits are simulated, the model assesses them and the board
// adopts the proposed decision, so the history obeys each board's own rules.
#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "demo/demo_internal.hpp"
#include "lifecycle/lifecycle.hpp"
#include "schedule/planner.hpp"
#include "store/assessment_rows.hpp"

namespace followup::core::demo {
using namespace std::chrono;

namespace {

/// A survey's share as reported: one decimal, and within 0 to 100 % (the key figures' unit is
/// "share", and the import refuses anything else). A unit every respondent is satisfied with
/// reports 100; clamping draws no number, so the files after it stay the same for a seed.
double share(double percent) { return std::clamp(std::round(percent * 10) / 10, 0.0, 100.0); }

}  // namespace

void IndexedRegisterView::catch_up() const {
    for (; findings_seen_ < reg_.findings_list.size(); ++findings_seen_)
        findings_[reg_.findings_list[findings_seen_].activity_id].push_back(findings_seen_);
    for (; decisions_seen_ < reg_.decisions_by_activity.size(); ++decisions_seen_)
        decisions_[reg_.decisions_by_activity[decisions_seen_].first].push_back(decisions_seen_);
    for (; assessments_seen_ < reg_.assessments_by_activity.size(); ++assessments_seen_)
        assessments_.emplace(reg_.assessments_by_activity[assessments_seen_].first, assessments_seen_);  // the first, as the scan finds it
}

std::vector<sdk::Finding> IndexedRegisterView::findings(std::string_view activity_id) const {
    catch_up();
    std::vector<sdk::Finding> out;
    if (auto it = findings_.find(activity_id); it != findings_.end())
        for (std::size_t i : it->second) out.push_back(reg_.findings_list[i]);
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.condition_id < b.condition_id; });
    return out;
}

std::vector<sdk::Decision> IndexedRegisterView::decisions(std::string_view activity_id) const {
    catch_up();
    std::vector<sdk::Decision> out;
    if (auto it = decisions_.find(activity_id); it != decisions_.end())
        for (std::size_t i : it->second) out.push_back(reg_.decisions_by_activity[i].second);
    // Oldest first; the same day by the kind's name, as MemoryRegister orders them.
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        if (a.decided != b.decided) return !a.decided || (b.decided && *a.decided < *b.decided);
        return sdk::to_string(a.kind) < sdk::to_string(b.kind);
    });
    return out;
}

std::optional<sdk::Assessment> IndexedRegisterView::stored_assessment(std::string_view activity_id) const {
    catch_up();
    if (auto it = assessments_.find(activity_id); it != assessments_.end()) return reg_.assessments_by_activity[it->second].second;
    return std::nullopt;
}

void simulate_indicators_and_signals(const MunicipalityConfig& config, const std::vector<SimProvider>& providers,
                                     const SwedishCalendar& calendar, Random& rnd, int first_year, int last_year,
                                     MemoryRegister& reg) {
    for (const auto& p : providers) {
        for (int y = first_year; y <= last_year; ++y) {
            const sdk::Date jan1 = year{y} / 1 / 1;
            if ((sdk::Date{year{y} / 12 / 31} < p.granted)) continue;
            // The municipality is one provider in many areas: its culture school's and labour
            // programmes' figures are its units' there, or they would stand beside its home care.
            std::vector<std::string> figure_units{""};
            if (p.org == municipal_org) {
                figure_units.clear();
                for (const auto& unit : reg.units)
                    if (unit.provider == p.org && unit.area_id == p.area) figure_units.push_back(unit.id);
            }
            if (p.area == "kulturskola")
                for (const auto& unit : figure_units) {
                    const int answers = p.org == municipal_org ? rnd.between(20, 80) : rnd.between(2, 70);
                    reg.indicators.push_back({"nojdhet_undervisning", p.org, unit, {year{y} / 4 / 1, year{y} / 4 / 30},
                                              share(70 + 28 * p.quality + rnd.between(-4, 4)), answers});
                    if (unit.empty())  // a unit's satisfaction with its treatment is the user survey's below
                        reg.indicators.push_back({"nojdhet_bemotande", p.org, unit, {year{y} / 4 / 1, year{y} / 4 / 30},
                                                  share(75 + 24 * p.quality + rnd.between(-3, 3)), answers});
                }
            if (p.area == "arbetsmarknadsinsatser" || p.area == "vuxenutbildning")
                for (const auto& unit : figure_units)
                    for (unsigned m : {1u, 5u, 9u})
                        reg.indicators.push_back({"andel_arbete_studier", p.org, unit,
                                                  calendar.period_of(sdk::PeriodKind::tertial, year{y} / month{m} / 1),
                                                  share(25 + 30 * p.quality + rnd.between(-5, 5)), std::nullopt});
            if (p.area == "hemtjanst") {
                // The provider's size stays the same from year to year.
                const double size = 300 + 2500 * std::fmod(p.quality * 7919.0, 1.0);
                double previous = 0;
                for (unsigned m = 1; m <= 12; ++m) {
                    const sdk::Period period = calendar.period_of(sdk::PeriodKind::month, year{y} / month{m} / 1);
                    double decided = std::round(size * (0.95 + 0.1 * rnd.unit()));
                    // Seed 004's fraud: clients pushed to more granted hours, month after month.
                    if (p.fraud && y == last_year) decided = std::round(decided * (1.0 + 0.06 * (m - 1)));
                    // Most months a few visits are cancelled: delivered a little under decided.
                    double delivered = std::round(decided * (0.94 + 0.05 * rnd.unit()));
                    // Welfare-crime patterns in the last year: billing above the decisions, and a jump.
                    if (p.fraud && y == last_year && m >= 6) delivered = std::round(decided * (1.06 + 0.05 * rnd.unit()));
                    if (p.fraud && y == last_year && m == 6 && previous > 0) delivered = std::round(previous * 1.45);
                    // The customers do not get what was decided.
                    if (p.short_delivery && y == last_year && m >= 3) delivered = std::round(decided * (0.74 + 0.08 * rnd.unit()));
                    reg.indicators.push_back({"beslutade_timmar", p.org, "", period, decided, std::nullopt});
                    reg.indicators.push_back({"utforda_timmar", p.org, "", period, delivered, std::nullopt});
                    previous = delivered;
                }
                // Change-of-needs reports in the year: most ask for more and some for fewer hours;
                // the fraudulent provider's only ever ask for more.
                const double more = p.fraud && y == last_year ? rnd.between(14, 22) : rnd.between(3, 9);
                const double fewer = p.fraud && y == last_year ? 0 : rnd.between(1, 5);
                const sdk::Period whole_year = calendar.period_of(sdk::PeriodKind::year, year{y} / 1 / 1);
                reg.indicators.push_back({"behovsandring_okning", p.org, "", whole_year, more, std::nullopt});
                reg.indicators.push_back({"behovsandring_minskning", p.org, "", whole_year, fewer, std::nullopt});
            }
            // The yearly user survey (parents, care users, pupils): a figure for each unit from its
            // answers; a small unit's few answers are withheld on the residents' pages.
            for (const auto& unit : reg.units) {
                if (unit.provider != p.org || unit.area_id != p.area) continue;
                const int answers = p.area == "forskola" ? rnd.between(6, 45) : rnd.between(3, 30);
                reg.indicators.push_back({"nojdhet_bemotande", p.org, unit.id, {year{y} / 3 / 1, year{y} / 3 / 31},
                                          share(72 + 25 * p.quality + rnd.between(-5, 5)), answers});
            }
            // A result figure beside the survey, as the residents' area pages compare units on:
            // the share of licensed preschool teachers (counted each 15 October) and home care's
            // staff continuity (how many staff a customer meets in 14 days; fewer is better).
            // Drawn from the unit's own stream, so that the rest of the example stays as it was.
            for (const auto& unit : reg.units) {
                if (unit.provider != p.org || unit.area_id != p.area || (p.area != "forskola" && p.area != "hemtjanst")) continue;
                std::uint64_t stream = 1469598103934665603ULL;  // FNV-1a of the unit's id and the year
                for (char c : unit.id + std::to_string(y)) stream = (stream ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
                Random own(stream);
                if (p.area == "forskola")
                    reg.indicators.push_back({"andel_forskollarare", p.org, unit.id, {year{y} / 10 / 15, year{y} / 10 / 15},
                                              share(28 + 40 * p.quality + own.between(-6, 6)), std::nullopt});
                else
                    reg.indicators.push_back({"personalkontinuitet", p.org, unit.id, {year{y} / 10 / 1, year{y} / 10 / 14},
                                              static_cast<double>(std::max(4, static_cast<int>(std::lround(18 - 8 * p.quality)) + own.between(-2, 2))),
                                              std::nullopt});
            }
            const sdk::Area* area = config.area(p.area);
            if (area != nullptr && (area->board_id == "social" || area->board_id == "aldre")) {
                reg.indicators.push_back({"individuppfoljningar", p.org, "", {jan1, year{y} / 12 / 31}, static_cast<double>(rnd.between(5, 60)), std::nullopt});
                if (rnd.chance(0.06))
                    reg.signals_list.push_back({fmt::format("s{}-{}", y, reg.signals_list.size() + 1), p.org, p.area,
                                                rnd.chance(0.7) ? sdk::SignalKind::complaint : sdk::SignalKind::incident,
                                                year{y} / month{static_cast<unsigned>(rnd.between(2, 10))} / day{static_cast<unsigned>(rnd.between(1, 28))},
                                                "klagomål på bemötande och uteblivna insatser"});
            }
        }
    }
}

History simulate_follow_ups(const MunicipalityConfig& config, const BoardModels& models, const std::vector<SimProvider>& providers,
                            const SwedishCalendar& calendar, Random& rnd, int first_year, int last_year, MemoryRegister& reg) {
    std::map<std::string, sdk::Provider> provider_rows;
    for (const auto& p : reg.providers) provider_rows[p.org_number] = p;
    auto quality_of = [&](const std::string& org, const std::string& area) {
        for (const auto& p : providers)
            if (p.org == org && p.area == area) return p.quality;
        return 0.8;
    };
    History history;
    auto& closures = history.closures;
    auto& assessments = history.assessments;
    auto& evidence_rows = history.evidence;
    auto& step_rows = history.steps;
    std::map<std::string, int> decision_serial;  // board → last reference number
    auto granted_of = [&](const std::string& org, const std::string& area) -> std::optional<sdk::Date> {
        for (const auto& a : reg.authorizations_list)
            if (a.provider == org && a.area_id == area) return a.granted;
        return std::nullopt;
    };
    auto wish_key = [](const sdk::PlannedFollowUp& p) {
        return fmt::format("{}|{}|{}|{}|{}|{}", p.provider, p.area_id, p.unit_id, p.form_id, sdk::format_date(p.window.first),
                           sdk::format_date(p.window.last));
    };
    // Whether the provider is authorized in the area on `day` (the one rule: sdk::in_force).
    auto authorized_on = [&](const std::string& org, const std::string& area, sdk::Date day) {
        return std::any_of(reg.authorizations_list.begin(), reg.authorizations_list.end(), [&](const sdk::Authorization& a) {
            return a.provider == org && a.area_id == area && sdk::in_force(a, day);
        });
    };
    // A board's revocation decision ends the authorization on its day, as `followup decide` does:
    // the example's revoked authorizations are its revocation decisions, and what was planned
    // after the day is cancelled with it.
    auto revoke = [&](const std::string& org, const std::string& area, sdk::Date on) {
        for (auto& a : reg.authorizations_list) {
            if (a.provider != org || a.area_id != area || !sdk::in_force(a, on)) continue;
            a.status = sdk::AuthorizationStatus::revoked;
            a.ended = on;
            for (auto& f : reg.activities)
                if (f.provider == org && f.area_id == area && !f.done && !(f.planned.first < on)) f.status = sdk::ActivityStatus::cancelled;
        }
    };
    std::map<std::string, std::vector<std::string>> inspectors_of;
    for (const auto& i : config.inspectors) inspectors_of[i.board_id].push_back(i.id);
    int activity_serial = 0;
    // One follow-up carried out: the visit's findings graded on the board's scale, the documents
    // and steps, the model's assessment and the board's decision on it. `quality` overrides the
    // provider's own (the years before the ones shown).
    auto carry_out = [&](const BoardSettings& board, LoadedPlugin& model, const sdk::BoardSetup& setup, const sdk::PlannedFollowUp& planned,
                         bool visit, sdk::Date when, const std::string& inspector, std::optional<double> quality) {
        auto* it = &model;
        const int y = static_cast<int>(when.year());
        sdk::FollowUpActivity activity{fmt::format("d{}-{:05}", y, ++activity_serial), planned.form_id, planned.area_id, planned.provider,
                                       planned.unit_id, {when, when}, when, sdk::ActivityStatus::done, inspector, planned.trigger};
        sdk::FollowUpRecord record;
        record.activity = activity;
        record.provider = provider_rows.at(planned.provider);
        const double q = quality.value_or(quality_of(planned.provider, planned.area_id));
        // Findings against the area's conditions, graded on the board's scale.
        const sdk::GradingScale* scale = config.scales.find(board.scale_id);
        if (visit && scale != nullptr && planned.form_id != "riktad_tillsyn" && planned.form_id != "kvalitetsdialog") {
            std::vector<std::string> conditions;
            for (const auto& c : setup.conditions)
                if (c.area_id == planned.area_id) conditions.push_back(c.id);
            conditions.push_back(rnd.chance(0.5) ? "medverka_uppfoljning" : "klagomal_avvikelser");
            for (const auto& c : conditions) {
                const auto& levels = scale->levels();
                const double r = rnd.unit();
                std::size_t level = 0;
                // Most conditions are met; a weak provider fails some, now and then seriously.
                if (r > 0.96 + 0.04 * q) level = levels.size() - 1;
                else if (r > 0.80 + 0.18 * q && levels.size() > 2) level = levels.size() - 2;
                else if (levels.size() > 3 && r > 0.6) level = 1;
                if (levels[level].deficiency && levels[level].severity >= 2 && rnd.chance(0.5)) level = level - 1;
                // What the inspector found, in words (the condition's own text is the requirement).
                const std::string found = !levels[level].deficiency    ? ""
                                          : levels[level].severity >= 2 ? "Vid besöket saknades underlag och avvikelser konstaterades på plats."
                                                                        : "Rutinen finns men följdes inte fullt ut vid besöket.";
                record.findings.push_back({activity.id, c, {scale->id(), levels[level].id}, found, "besök"});
            }
        }
        if (planned.form_id == "riktad_tillsyn") {
            const int people = rnd.between(1, 4);
            for (int k = 1; k <= people; ++k) {
                std::optional<sdk::Date> dated = sys_days{when} - days{rnd.between(10, 300)};
                if (rnd.chance((1 - q) * 0.5)) dated = rnd.chance(0.5) ? std::nullopt : std::optional<sdk::Date>(sys_days{when} - days{500});
                record.evidence.push_back({"registerutdrag_adressen", fmt::format("person {}", k), "registerutdrag", dated});
            }
            record.evidence.push_back({"ansvarsforsakring", "anordnaren", "försäkringsbrev", sys_days{when} + days{rnd.between(-20, 300)}});
        }
        if (board.plugin_id == "social" || board.plugin_id == "eldercare")
            for (const char* step : {"documented", "reported_to_board", "communicated_to_provider"})
                if (rnd.chance(0.96)) record.steps.push_back({step, sys_days{when} + days{rnd.between(3, 40)}});
        if (planned.form_id == "kvalitetsrapport") {
            record.steps.push_back({"report_received", rnd.chance(0.85) ? sys_days{when} - days{rnd.between(0, 20)} : sys_days{when} + days{rnd.between(1, 20)}});
            record.steps.push_back({"report_reviewed", sys_days{when} + days{rnd.between(10, 50)}});
        }
        // The activity is on record before the model looks (its history excludes it by id).
        reg.activities.push_back(activity);
        for (const auto& f : record.findings) reg.findings_list.push_back(f);
        const sdk::Assessment assessment = it->assess(record);
        assessments.push_back(assessment_row({activity.id, board.board.id, it->id() + " " + it->version(), when},
                                             assessment));
        history.assessment_deficiencies[activity.id] = assessment_deficiency_rows(activity.id, assessment);
        reg.assessments_by_activity.push_back({activity.id, assessment});
        if (assessment.proposed.kind != sdk::DecisionKind::no_action) {
            // The board adopts the proposal three weeks later, under its own reference.
            sdk::Decision adopted = assessment.proposed;
            adopted.decided = calendar.next_working_day(sys_days{when} + days{21});
            adopted.reference = fmt::format("{} {}/{:04}", board.board.id.substr(0, 3), y, ++decision_serial[board.board.id]);
            if (adopted.kind == sdk::DecisionKind::revocation) {
                // A revocation ends the authorization on its day: the board decides it after every
                // follow-up already made of the provider (an earlier pass over the year may have
                // carried out one dated after this one), its deadline as many days later.
                const sdk::Date proposed = *adopted.decided;
                for (const auto& a : reg.activities)
                    if (a.provider == activity.provider && a.area_id == activity.area_id && a.done && !(*a.done < *adopted.decided))
                        adopted.decided = calendar.next_working_day(sys_days{*a.done} + days{7});
                if (adopted.deadline) adopted.deadline = sys_days{*adopted.deadline} + (sys_days{*adopted.decided} - sys_days{proposed});
            }
            reg.decisions_by_activity.push_back({activity.id, adopted});
            if (adopted.kind == sdk::DecisionKind::revocation) revoke(activity.provider, activity.area_id, *adopted.decided);
        }
        // A follow-up without deficiency after deficient ones closes the case, on a visit.
        if (assessment.deficiencies.empty() && planned.reason.find("brist") != std::string::npos && rnd.chance(0.85))
            closures.push_back({activity.id, {sys_days{when} + days{7}, "visit", "Bristerna åtgärdade enligt besöket"}});
        for (const auto& e : record.evidence) evidence_rows.push_back({activity.id, e});
        for (const auto& s : record.steps) step_rows.push_back({activity.id, s});
    };

    for (int y = first_year - 1; y <= last_year; ++y) {
        // The year before the ones shown stands for the follow-ups the municipality had made
        // before: each provider's and unit's last regular one, spread over the interval before
        // the first year as a levelled plan would have spread them.
        const bool before_shown = y < first_year;
        for (const auto& board : config.boards) {
            auto it = models.by_board.find(board.board.id);
            if (it == models.by_board.end()) continue;
            const sdk::BoardSetup setup = config.setup_of(board);
            std::map<std::string, bool> visit_form;
            for (const auto& f : board.forms) visit_form[f.id] = f.visit;
            // Only providers authorized by then (the register holds the later ones already).
            auto wishes_of_year = [&] {
                std::map<std::string, std::vector<sdk::PlannedFollowUp>> wanted{{board.board.id, it->second->plan_year({y, board.board.id})}};
                keep_while_authorized(wanted, reg);  // what `followup plan` keeps
                std::vector<sdk::PlannedFollowUp> wishes = std::move(wanted.begin()->second);
                std::erase_if(wishes, [&](const sdk::PlannedFollowUp& p) {
                    if (p.provider.empty()) return true;
                    const auto granted = granted_of(p.provider, p.area_id);
                    return !granted || p.window.last < *granted || (before_shown && !(*granted < sdk::Date{year{first_year - 1} / 1 / 1}));
                });
                return wishes;
            };
            if (before_shown) {
                for (const auto& planned : wishes_of_year()) {
                    if (planned.reason.find("ny anordnare") == std::string::npos) continue;  // only the regular cycle
                    int interval = 24;
                    for (const auto& rule : setup.schedule)
                        if (rule.area_id == planned.area_id && rule.form_id == planned.form_id) interval = rule.interval_months;
                    sdk::Date from = calendar.add_months(year{first_year} / 1 / 1, -interval);
                    if (from < *granted_of(planned.provider, planned.area_id)) from = *granted_of(planned.provider, planned.area_id);
                    const auto span = static_cast<int>((sys_days{year{first_year - 1} / 12 / 31} - sys_days{from}).count());
                    const sdk::Date when = sdk::working_day_on_or_before(calendar, sys_days{from} + days{rnd.between(0, std::max(0, span))});
                    const bool visit = !visit_form.count(planned.form_id) || visit_form[planned.form_id];
                    const auto& inspectors = inspectors_of[board.board.id];
                    carry_out(board, *it->second, setup, planned, visit, when, visit && !inspectors.empty() ? rnd.pick(inspectors) : "", 1.0);
                }
                continue;
            }
            // The year as the planner dates it: each visit on a working day of its window, levelled
            // over the months by the inspectors' capacity. As the year goes the board plans again
            // for what its follow-ups gave rise to (re-checks, a next regular follow-up whose window
            // opens before New Year), in the room its inspectors have left.
            InspectorMonths booked;
            std::set<std::string> handled;  // what a pass of this year has already dealt with
            for (int pass = 0; pass < 4; ++pass) {
                std::vector<sdk::PlannedFollowUp> wishes = wishes_of_year();
                std::erase_if(wishes, [&](const sdk::PlannedFollowUp& p) { return handled.count(wish_key(p)) > 0; });
                if (wishes.empty()) break;
                const DatedPlan dated = schedule_plan(y, config, {{board.board.id, wishes}}, calendar, booked);
                // Carried out in the order of the days they are done on, so that a revocation
                // decided on one day stops what would come after it (and nothing before it).
                struct Done {
                    const ScheduledFollowUp* item;
                    sdk::Date when;
                    std::string inspector;
                };
                std::vector<Done> done;
                for (const auto& item : dated.items) {
                    const sdk::PlannedFollowUp& planned = item.planned;
                    handled.insert(wish_key(planned));
                    const bool first_follow_up = planned.reason.find("ny anordnare") != std::string::npos;
                    // Not everything gets done: in the last year new providers whose window runs on
                    // into the next wait, and some re-checks slip past their window.
                    const bool runs_on = planned.reason.find("hela fönstret") != std::string::npos;
                    if (y == last_year &&
                        ((first_follow_up && runs_on) || (rnd.chance(0.08) && planned.reason.find("brist") != std::string::npos)))
                        continue;
                    if (rnd.chance(0.02)) continue;
                    sdk::Date when = item.date;
                    std::string inspector = item.inspector;
                    if (!item.visit) {
                        // What the provider sends in comes on some working day of its window.
                        const auto span = static_cast<int>((sys_days{item.window.last} - sys_days{item.window.first}).count());
                        when = sdk::working_day_on_or_before(calendar, sys_days{item.window.first} + days{rnd.between(0, span)});
                        if (when < item.window.first) when = item.window.first;
                    } else if (item.over_capacity && !inspectors_of[board.board.id].empty()) {
                        // Done anyway, on overtime or with borrowed help, on some working day of its window.
                        inspector = rnd.pick(inspectors_of[board.board.id]);
                        const auto span = static_cast<int>((sys_days{item.window.last} - sys_days{item.window.first}).count());
                        when = calendar.next_working_day(sys_days{item.window.first} + days{rnd.between(0, span)});
                        if (item.window.last < when) when = item.window.last;
                    }
                    done.push_back({&item, when, std::move(inspector)});
                }
                std::stable_sort(done.begin(), done.end(), [](const Done& a, const Done& b) { return a.when < b.when; });
                for (const Done& d : done) {
                    const ScheduledFollowUp& item = *d.item;
                    // Revoked since the plan was made (a decision earlier in the year): not done.
                    if (!authorized_on(item.planned.provider, item.planned.area_id, d.when)) continue;
                    if (item.visit && !item.over_capacity) ++booked[{d.inspector, static_cast<unsigned>(d.when.month())}];
                    carry_out(board, *it->second, setup, item.planned, item.visit, d.when, d.inspector, std::nullopt);
                }
            }
        }
        if (!before_shown)
            end_some_authorizations(providers, reg, y, [&](const std::string& org, const std::string& area, sdk::Date on) {
                // The board's revocation decision, on the provider's last follow-up in the area of a
                // form that may sanction.
                const sdk::Area* in = config.area(area);
                const BoardSettings* board = in != nullptr ? config.board(in->board_id) : nullptr;
                auto may_sanction = [&](const std::string& form) {
                    return board != nullptr && std::any_of(board->forms.begin(), board->forms.end(),
                                                           [&](const sdk::FollowUpForm& f) { return f.id == form && f.may_sanction; });
                };
                const bool on_ladder = std::any_of(config.sanction_ladders.begin(), config.sanction_ladders.end(), [&](const auto& l) {
                    return l.area_id == area &&
                           std::find(l.steps.begin(), l.steps.end(), sdk::DecisionKind::revocation) != l.steps.end();
                });
                const sdk::FollowUpActivity* last = nullptr;
                for (const auto& a : reg.activities)
                    if (a.provider == org && a.area_id == area && a.done && may_sanction(a.form_id) &&
                        (last == nullptr || *last->done < *a.done))
                        last = &a;
                if (in == nullptr || !on_ladder || last == nullptr) return false;
                sdk::Decision decision;
                decision.kind = sdk::DecisionKind::revocation;
                decision.decided = on;
                decision.reason = "bristerna har inte åtgärdats";
                decision.reference = fmt::format("{} {}/{:04}", in->board_id.substr(0, 3), y, ++decision_serial[in->board_id]);
                reg.decisions_by_activity.push_back({last->id, decision});
                return true;
            });
    }
    // What is planned for the last year but not done stays on record as planned: overdue when its
    // window has closed, and not yet when the window runs on into the next year (a new provider's
    // first follow-up, say), so the example's end makes nobody late.
    for (const auto& board : config.boards) {
        auto it = models.by_board.find(board.board.id);
        if (it == models.by_board.end()) continue;
        std::map<std::string, sdk::Date> continues;  // provider|area|unit|form → the window's end next year
        for (const auto& next : it->second->plan_year({last_year + 1, board.board.id}))
            if (next.reason.find("hela fönstret") != std::string::npos)
                continues.emplace(next.provider + "|" + next.area_id + "|" + next.unit_id + "|" + next.form_id, next.window.last);
        int n = 0;
        std::map<std::string, std::vector<sdk::PlannedFollowUp>> wanted{{board.board.id, it->second->plan_year({last_year, board.board.id})}};
        keep_while_authorized(wanted, reg);
        for (const auto& planned : wanted.begin()->second) {
            if (planned.provider.empty()) continue;
            const bool done_already = std::any_of(reg.activities.begin(), reg.activities.end(), [&](const auto& a) {
                return a.provider == planned.provider && a.area_id == planned.area_id && a.form_id == planned.form_id &&
                       a.unit_id == planned.unit_id && a.done && !(*a.done < planned.window.first);
            });
            if (done_already) continue;
            const sdk::Date when = calendar.next_working_day(planned.window.first);
            sdk::Date last = planned.window.last;
            if (auto c = continues.find(planned.provider + "|" + planned.area_id + "|" + planned.unit_id + "|" + planned.form_id);
                c != continues.end() && planned.reason.find("hela fönstret") != std::string::npos)
                last = c->second;
            reg.activities.push_back({fmt::format("p{}-{}-{:04}", last_year, board.board.id, ++n), planned.form_id, planned.area_id,
                                      planned.provider, planned.unit_id, {when, last}, std::nullopt,
                                      sdk::ActivityStatus::planned, "", planned.trigger});
        }
    }
    reassess_in_order(config, models, provider_rows, reg, history);
    return history;
}

void reassess_in_order(const MunicipalityConfig& config, const BoardModels& models, const std::map<std::string, sdk::Provider>& provider_rows,
                       MemoryRegister& reg, History& history) {
    // The years are simulated board by board and pass by pass, so a follow-up was assessed before
    // some that were done earlier in the year existed (a re-check of the spring is simulated after
    // the autumn's visits). A model's judgement is a function of the follow-up and what came
    // before it, so each one is assessed again now, with its whole past on record: the register
    // then holds what `followup assess` would store, and importing the example's files again
    // changes nothing. The signals the signal-triggered reviews answer are answered by the same
    // rule as `followup record` and `import` answer them (lifecycle.hpp, signals_answered).
    std::map<std::string, std::vector<sdk::Evidence>, std::less<>> evidence_of;
    std::map<std::string, std::vector<sdk::ProcessStep>, std::less<>> steps_of;
    for (const auto& [id, e] : history.evidence) evidence_of[id].push_back(e);
    for (const auto& [id, st] : history.steps) steps_of[id].push_back(st);
    std::map<std::string, std::size_t, std::less<>> row_of_assessment;
    const RecordKind& assessment_kind = *find_record_kind("assessments");
    const std::size_t follow_up_column = assessment_kind.column_index("follow_up");
    for (std::size_t i = 0; i < history.assessments.size(); ++i) row_of_assessment[history.assessments[i][follow_up_column]] = i;
    std::map<std::string, std::size_t, std::less<>> stored_of;
    for (std::size_t i = 0; i < reg.assessments_by_activity.size(); ++i) stored_of.emplace(reg.assessments_by_activity[i].first, i);

    std::vector<const sdk::FollowUpActivity*> done;
    for (const auto& a : reg.activities)
        if (a.status == sdk::ActivityStatus::done && a.done && row_of_assessment.count(a.id)) done.push_back(&a);
    std::sort(done.begin(), done.end(), [](const auto* a, const auto* b) {
        return *a->done < *b->done || (*a->done == *b->done && a->id < b->id);
    });
    std::map<std::string, std::size_t> signal_at;
    for (std::size_t i = 0; i < reg.signals_list.size(); ++i) signal_at[reg.signals_list[i].id] = i;
    // Asked board by board, many at once (one child process for many, when isolated): a judgement
    // reads the earlier follow-ups, the decisions the board adopted on them and what their models
    // found beyond their findings (a targeted supervision's documents, in their stored
    // assessments). Asked again until no answer changes, so that the register holds what
    // `followup assess` would store whatever the order (a pass changes what a later follow-up's
    // judgement reads; the chains are short).
    std::map<LoadedPlugin*, std::vector<sdk::FollowUpRecord>> asked;
    for (const sdk::FollowUpActivity* activity : done) {
        const sdk::Area* area = config.area(activity->area_id);
        const auto model = area != nullptr ? models.by_board.find(area->board_id) : models.by_board.end();
        if (model == models.by_board.end()) continue;
        sdk::FollowUpRecord& record = asked[model->second.get()].emplace_back();
        record.activity = *activity;
        record.provider = provider_rows.at(activity->provider);
        record.findings = reg.findings(activity->id);
        if (auto e = evidence_of.find(activity->id); e != evidence_of.end()) record.evidence = e->second;
        // In the register's order (its natural key: condition, then subject), as `followup assess`
        // hands them to the model: a model lists what it finds in the order it reads the documents.
        std::stable_sort(record.evidence.begin(), record.evidence.end(), [](const sdk::Evidence& a, const sdk::Evidence& b) {
            return a.condition_id != b.condition_id ? a.condition_id < b.condition_id : a.subject < b.subject;
        });
        if (auto st = steps_of.find(activity->id); st != steps_of.end()) record.steps = st->second;
    }
    constexpr int most_passes = 8;
    for (int pass = 0; pass < most_passes; ++pass) {
        bool changed = false;
        for (auto& [model, records] : asked) {
            std::vector<const sdk::FollowUpRecord*> pointers;
            for (const auto& r : records) pointers.push_back(&r);
            const auto answers = model->assess_each(pointers);
            for (std::size_t i = 0; i < records.size(); ++i) {
                const sdk::FollowUpRecord& record = records[i];
                if (!answers[i].assessment)
                    throw std::runtime_error(fmt::format("the model {} could not assess follow-up {} again: {}", model->id(),
                                                         record.activity.id, answers[i].problem));
                const sdk::Assessment& assessment = *answers[i].assessment;
                Row& row = history.assessments[row_of_assessment.at(record.activity.id)];
                Row now = assessment_row(assessment_origin_from_row(row), assessment);
                std::vector<Row> found = assessment_deficiency_rows(record.activity.id, assessment);
                std::vector<Row>& stored_found = history.assessment_deficiencies[record.activity.id];
                const bool same = now == row && found == stored_found;
                if (same && pass > 0) continue;  // the first pass answers the signals of every one
                changed = changed || !same;
                row = std::move(now);
                stored_found = std::move(found);
                if (auto stored = stored_of.find(record.activity.id); stored != stored_of.end())
                    reg.assessments_by_activity[stored->second].second = assessment;
                for (const sdk::Signal& answered : signals_answered(reg, record, assessment))
                    reg.signals_list[signal_at.at(answered.id)] = answered;
            }
        }
        if (!changed) return;
    }
    throw std::runtime_error(fmt::format("the boards' models still changed their judgements after {} passes over the "
                                         "simulated follow-ups; expected each to depend only on what came before it",
                                         most_passes));
}

}  // namespace followup::core::demo
