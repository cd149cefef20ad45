// Inside the compilation: the facts read from the register once (gather) and the class whose
// sections read them. compile.cpp runs it and holds the facts and the short sections; the board
// sections, the regulation verdicts, the cross-board figures and the welfare-crime, crisis,
// quality-bonus and appendix sections each have their own file. Never included outside report/compile*.cpp.
#pragma once

#include "report/compile.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <set>
#include <thread>
#include <atomic>
#include <exception>
#include <mutex>
#include <functional>
#include <iterator>
#include <optional>
#include <unordered_map>

#include <fmt/format.h>

#include "followup/sdk/numbers.hpp"
#include "report/catalogue.hpp"
#include "report/render.hpp"
#include "schedule/cases.hpp"
#include "schedule/condition_checks.hpp"
#include "schedule/planner.hpp"
#include "store/rows.hpp"
#include "util/stopwatch.hpp"

namespace followup::core::compilation {
using namespace std::chrono;

inline int year_of(const sdk::Date& d) { return static_cast<int>(d.year()); }

// Figures as the reader's language writes them (followup/sdk/numbers.hpp): "87,3 %", "1 234".
/// A form's name from the board's configuration, never its id in print (the id only when the
/// configuration has no such form: `validate` reports that).
inline std::string form_name(const BoardSettings& board, const std::string& form_id) {
    for (const auto& f : board.forms)
        if (f.id == form_id && !f.name.empty()) return f.name;
    return form_id;
}
inline sdk::Language sdk_language(Language lang) { return lang == Language::en ? sdk::Language::en : sdk::Language::sv; }
inline std::string percent(Language lang, std::size_t part, std::size_t whole) {
    if (whole == 0) return "–";
    return sdk::format_percent(100.0 * static_cast<double>(part) / static_cast<double>(whole), 0, sdk_language(lang));
}
inline Cell percent_cell(Language lang, std::size_t part, std::size_t whole) {
    if (whole == 0) return Cell("–");
    return Cell(percent(lang, part, whole), 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}
inline Cell count_cell(Language lang, std::size_t n) {
    return Cell(sdk::format_number(static_cast<double>(n), 0, sdk_language(lang)), static_cast<double>(n));
}
inline std::string money(Language lang, double amount) { return sdk::format_number(amount, 0, sdk_language(lang)); }

/// In force on at least one day of `year`: granted on or before its last day and not ended by its
/// first (the end day is the first day without it). A revoked authorization without an end date
/// has no day it ended on and counts for no day. The compilation's one rule for "a provider counted
/// in the year" (docs/compilation.md, "How each figure is counted"); core/schedule has its own
/// "in force on day D" for the plan and the status, which one function could serve.
inline bool authorized_in_year(const sdk::Authorization& a, int year) {
    const sdk::Date jan1 = std::chrono::year{year} / 1 / 1, dec31 = std::chrono::year{year} / 12 / 31;
    if (a.status == sdk::AuthorizationStatus::revoked && !a.ended) return false;
    return !(dec31 < a.granted) && (!a.ended || jan1 < *a.ended);
}

/// One provider in one area: what the sections need of its record, worked out in one pass so
/// that no follow-up is kept (a million of them at national scale).
struct ProviderFacts {
    sdk::Provider provider;
    std::size_t units = 0;             ///< the provider's units in the register (units have no area)
    bool active = false;               ///< authorized in the area at some day of the year (authorized_in_year)
    bool followed_up = false;          ///< a follow-up in the area done in the year
    bool deficient = false;            ///< a deficiency found by a follow-up in the area done in the year
    bool late = false;                 ///< something late at the measuring day (count_figures)
    bool any_done = false;             ///< a follow-up done by the measuring day
    std::optional<sdk::Date> granted;  ///< the first authorization
    /// Serious deficiencies in two separate cases opened within two years, the second in the year
    /// (a case that persists is one case, however many follow-ups find it again): the first
    /// case's opening, the second's, and the day the first was remedied by its deadline, if it was.
    struct RepeatedSerious {
        sdk::Date first, second;
        std::optional<sdk::Date> first_remedied_in_time;
    };
    std::optional<RepeatedSerious> repeated_serious;
    std::vector<sdk::GradeCount> year_grades;  ///< the grades of the follow-ups done in the year
};

/// One area: its providers and its follow-ups counted.
struct AreaFacts {
    const sdk::Area* area = nullptr;
    std::vector<ProviderFacts> providers;
    std::map<std::pair<std::string, std::string>, double> year_grades;  ///< (scale, level) → findings in the year's follow-ups
    std::size_t planned = 0;             ///< of the providers counted: planned to start in the year, not cancelled
    std::size_t done = 0;                ///< of the providers counted: done in the year
    std::map<std::string, std::pair<std::size_t, std::size_t>> per_form;  ///< form → (planned, done), as the two above
    std::map<sdk::DecisionKind, std::size_t> decisions;  ///< the board's decisions dated in the year, by kind
    std::size_t open_cases = 0, awaiting_closure = 0;    ///< deficiency cases at the measuring day
    std::array<double, 12> visits{};     ///< done in the year, per month, in forms that take an inspector's visit
    std::array<double, 5> deficient_by_year{};  ///< follow-ups with a deficiency, the year and the four before
    std::size_t municipal_decisions = 0, municipal_sanctions = 0;  ///< on municipal units' follow-ups done in the year
    /// Authorizations granted in the year; ended in the year, and of those revoked (the rest
    /// ended by the provider or at the end of a contract).
    std::size_t granted = 0, ended = 0, revoked = 0;
};

/// The figures the compilation shows more than once, each counted here once (count_figures(),
/// compile_counts.cpp) and read by every section and appendix that shows it, so that the decision
/// document cannot disagree with itself or its appendices. For one area, one board, the whole
/// municipality or one form of ownership; a provider in several areas is one provider in the
/// board's and the municipality's figures. Definitions: docs/compilation.md, "How each figure is counted".
struct Figures {
    std::size_t providers = 0;    ///< authorized at some day of the year
    std::size_t units = 0;        ///< those providers' units in the register
    std::size_t followed_up = 0;  ///< of the providers, with a follow-up done in the year
    std::size_t deficient = 0;    ///< of the providers, with a deficiency found in the year
    std::size_t late = 0;         ///< of the providers, with something late at the measuring day
    std::size_t granted = 0, ended = 0, revoked = 0;    ///< authorizations granted, ended and (of those) revoked in the year
    std::size_t planned = 0, done = 0;                  ///< follow-ups planned to start, and done, in the year
    std::size_t open_cases = 0, awaiting_closure = 0;   ///< deficiency cases at the measuring day
    std::size_t on_time() const { return providers - late; }
};

class Compiler {
public:
    explicit Compiler(const CompileInputs& in) : in_(in), lang_(in.language) {}

    Document run() {
        Stopwatch watch(spdlog::level::debug);  // the phases inside "compiled the document"
        const bool snapshot = dynamic_cast<const RegisterSnapshot*>(&in_.records) != nullptr;
        // One read transaction for every query made of the store.
        in_.store.read_consistently([&] {
            read_from_store();
            if (!snapshot) gather();
        });
        if (snapshot) {
            // The boards' models and the core's own figures at the same time, on the cores there
            // are: both only read the snapshot, which is safe to share.
            ask_the_models_beside(true, [this] {
                Stopwatch own(spdlog::level::trace);
                gather();
                own.lap("compile: the core's own figures");
            });
        } else {
            // One thread: the store's connection is one thread's, and without a snapshot the
            // models read it. (The core's figures were gathered above, in the read transaction.)
            ask_the_models_beside(false, [] {});
        }
        watch.lap("compile: read every area's records and asked the boards' models");
        Document doc;
        doc.language = lang_ == Language::en ? "en" : "sv";
        doc.year = in_.year;
        doc.title = label(lang_, "title", in_.year);
        doc.subtitle = label(lang_, "subtitle");
        doc.municipality = in_.config.municipality.name;
        doc.date = in_.date;
        const auto day = sdk::parse_date(in_.date);
        doc.date_in_prose = day ? sdk::format_date_in_prose(*day, sdk_language(lang_)) : in_.date;
        doc.reference = label(lang_, "reference_line", in_.reference.empty() ? label(lang_, "reference_unregistered") : in_.reference);

        // The boards' sections on a thread per core: each reads the models' answers and the core's
        // figures, and writes its own section (what it writes for later sections is under
        // shared_writes_, and put back in the boards' order below).
        const auto& boards = in_.config.boards;
        std::vector<Section> board_sections(boards.size());
        {
            const int total = static_cast<int>(boards.size());
            int started = 0;
            std::atomic<std::size_t> next{0};
            auto work = [&] {
                for (std::size_t i = next++; i < boards.size(); i = next++) {
                    {
                        const std::lock_guard lock(shared_writes_);
                        if (in_.progress) in_.progress(boards[i].board.name, started++, total);
                    }
                    Stopwatch own(spdlog::level::debug);
                    board_sections[i] = board_section(boards[i]);
                    own.lap("compile: board " + boards[i].board.id);
                }
            };
            std::vector<std::jthread> helpers;
            for (std::size_t i = 1; i < std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), boards.size()); ++i)
                helpers.emplace_back(work);
            work();
        }
        if (in_.progress) in_.progress("", static_cast<int>(boards.size()), static_cast<int>(boards.size()));
        next_year_plans();
        model_answers_.clear();
        auto board_order = [&](const std::string& id) {
            return std::find_if(boards.begin(), boards.end(), [&](const BoardSettings& b) { return b.board.id == id; }) - boards.begin();
        };
        std::stable_sort(risk_signals_.begin(), risk_signals_.end(),
                         [&](const auto& a, const auto& b) { return board_order(a.first) < board_order(b.first); });
        std::stable_sort(verdict_rows_.begin(), verdict_rows_.end(),
                         [&](const auto& a, const auto& b) { return board_order(a.first) < board_order(b.first); });
        watch.lap("compile: the boards' sections");

        // The proposed decision is written last, from what the other sections found, and printed first.
        // Each section's long tables become CSV text as soon as it is made (spill_long_tables).
        Stopwatch each(spdlog::level::trace);
        auto add = [&](Section section) {
            spill_long_tables(section, in_.config.compilation.max_table_rows);
            each.lap("compile: section " + section.id);
            doc.sections.push_back(std::move(section));
        };
        doc.sections.push_back(Section{});
        add(summary());
        add(background());
        add(Section{"boards", label(lang_, "boards"), {}, std::move(board_sections), false, ""});
        add(overall_assessment());
        add(cross_board());
        {
            // Crisis preparedness on another core, welfare crime and then the quality bonus here
            // (the crisis section takes as long as the other two): they read what is gathered and
            // write their own figures; welfare crime's appendix comes back to be added in the document's order.
            std::vector<Section> welfare_appendices;
            Section crisis_section, bonus_section;
            std::exception_ptr failure;
            {
                std::jthread other([&] {
                    try {
                        crisis_section = crisis();
                    } catch (...) {
                        failure = std::current_exception();
                    }
                });
                add(welfare_crime(welfare_appendices));
                bonus_section = quality_bonus();
            }
            if (failure) std::rethrow_exception(failure);
            add(std::move(crisis_section));
            add(std::move(bonus_section));
            for (auto& a : welfare_appendices) extra_appendices_.push_back(std::move(a));
        }
        add(consequences());
        add(appendices());
        doc.sections.front() = proposed_decision();
        spill_long_tables(doc.sections.front(), in_.config.compilation.max_table_rows);
        watch.lap("compile: the cross-board sections");
        return doc;
    }

private:
    // ---- the register, read once ----

    /// What the compilation reads from the store itself: the continuity plans, the models'
    /// proposals against the boards' decisions, the plans' adoption.
    void read_from_store() {
        in_.store.for_each(*find_record_kind("providers"), [&](const Row& row) { continuity_[row[0]] = row[3]; });
        // The board proposes through its model; the board decides. Where the two differ is
        // reported, per board, for the proposals of the year.
        std::map<std::string, std::pair<std::string, std::string>> proposals;  // follow-up → (board, proposed kind)
        in_.store.for_each(*find_record_kind("assessments"), {"follow_up", "board", "proposed", "assessed"}, [&](const Row& row) {
            if (row[2] != "no_action" && row[3].starts_with(std::to_string(in_.year))) proposals[row[0]] = {row[1], row[2]};
        });
        std::map<std::string, std::set<std::string>> adopted;  // follow-up → kinds decided
        if (!proposals.empty())
            in_.store.for_each(*find_record_kind("decisions"), {"follow_up", "kind"}, [&](const Row& row) {
                if (proposals.count(row[0])) adopted[row[0]].insert(row[1]);
            });
        for (const auto& [id, proposal] : proposals) {
            auto& [total, differing] = proposal_counts_[proposal.first];
            ++total;
            if (!adopted[id].count(proposal.second)) ++differing;
        }
        in_.store.for_each(*find_record_kind("plans"), [&](const Row& row) {
            const PlanAdoption plan = plan_adoption_from_row(row);
            if (plan.year == in_.year) plan_rows_[plan.board_id][plan.area_id] = plan;
        });
        read_seeds_facts();
    }

    /// What the seeds name beside the follow-ups (issue 29, point 7), each small: the council's
    /// programmes, the boards' own process steps of the year, the support and competence
    /// measures offered in the year, and the reports of changed needs (compile_facts.cpp).
    void read_seeds_facts();

    /// The core's figures per area, the late units and the deficiency cases, from `records`.
    /// From a snapshot the areas are worked on by a thread per core, each area into its own part,
    /// and the parts are put together in the areas' order: the result is the same as one pass.
    /// (At national scale this was the compilation's longest single-threaded step, and it runs
    /// while the boards' models take the other cores: the last areas ran on one core alone.)
    void gather() {
        const sdk::Date dec31 = year{in_.year} / 12 / 31;
        std::set<std::string> visit_forms;
        for (const auto& b : in_.config.boards)
            for (const auto& f : b.forms)
                if (f.visit) visit_forms.insert(f.id);
        const auto* snapshot = dynamic_cast<const RegisterSnapshot*>(&in_.records);
        struct AreaPart {
            AreaFacts facts;
            StatusBuilder status;                 // every unit is not kept
            std::vector<DeficiencyCase> late;     // of the cases, only the counts are kept, and the late ones
        };
        const auto& areas = in_.config.areas;
        std::vector<std::optional<AreaPart>> parts(areas.size());
        // One walk of each area for the core's figures, the units late by their models' dates
        // and the deficiency cases (at national scale each walk builds a million follow-ups).
        auto gather_area = [&](const sdk::Area& area, AreaPart& part, DeficiencyCaseFinder& finder) {
            AreaFacts& facts = part.facts;
            StatusBuilder& status = part.status;
            Status late;
            late.at = dec31;
            in_.records.for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
                ProviderFacts f;
                f.provider = record.provider;
                f.units = record.units.size();
                for (const auto& a : record.authorizations) {
                    if (!f.granted || (a.granted < *f.granted)) f.granted = a.granted;
                    if (year_of(a.granted) == in_.year) ++facts.granted;
                    if (a.ended && year_of(*a.ended) == in_.year) {
                        ++facts.ended;
                        if (a.status == sdk::AuthorizationStatus::revoked) ++facts.revoked;
                    }
                    if (authorized_in_year(a, in_.year)) f.active = true;
                }
                status.add(area, record);
                // The provider's cases with a serious deficiency, whatever their state: opened when,
                // remedied when, and by which deadline.
                struct SeriousCase {
                    sdk::Date opened;
                    std::optional<sdk::Date> remedied, deadline;
                };
                std::vector<SeriousCase> serious;
                finder.cases_of(area, record, [&](DeficiencyCase&& c) {
                    if (c.worst_severity >= 2 && !(dec31 < c.opened))
                        serious.push_back({c.opened, c.remedied_on,
                                           c.latest_decision ? c.latest_decision->deadline : std::optional<sdk::Date>{}});
                    // Every figure of an area is of the providers counted in it (authorized in the year).
                    if (!f.active) return;
                    const bool open = c.state == DeficiencyCase::State::open || c.state == DeficiencyCase::State::to_verify;
                    facts.open_cases += open ? 1 : 0;
                    facts.awaiting_closure += c.state == DeficiencyCase::State::remedied ? 1 : 0;
                    if (open) file_case(late, std::move(c));
                });
                const bool municipal = f.provider.ownership == sdk::Ownership::municipal;
                for (const auto& o : record.follow_ups) {
                    const sdk::FollowUpActivity& a = o.activity;
                    // What was done after the measuring day was not done at it: a follow-up done
                    // in the next year is, for this year, one planned and not yet done.
                    const bool done = a.status == sdk::ActivityStatus::done && a.done && !(dec31 < *a.done);
                    if (f.active) {
                        for (const auto& d : o.decisions)
                            if (d.decided && year_of(*d.decided) == in_.year) ++facts.decisions[d.kind];
                        if (year_of(a.planned.first) == in_.year && a.status != sdk::ActivityStatus::cancelled) {
                            ++facts.planned;
                            ++facts.per_form[a.form_id].first;
                        }
                    }
                    if (!done) continue;
                    f.any_done = true;
                    int worst = worst_severity(o.grades, in_.config.scales);
                    // What the board's model found where no grade is a deficiency (a targeted
                    // supervision's documents) makes the follow-up deficient too, as it opens a case
                    // (schedule/cases.cpp). Looked up, as there, only where the model set a re-check
                    // window (it does whenever it finds one): from the snapshot's memory, else the register.
                    if (worst == 0 && o.recheck) {
                        std::optional<std::vector<sdk::Finding>> found;
                        if (snapshot != nullptr) found = snapshot->model_deficiencies(a.id);
                        else if (auto stored = in_.records.stored_assessment(a.id)) found = std::move(stored->deficiencies);
                        if (found)
                            for (const auto& d : *found) worst = std::max(worst, worst_severity({{d.grade, 1}}, in_.config.scales));
                    }
                    const int y = year_of(*a.done);
                    if (worst > 0 && y >= in_.year - 4 && y <= in_.year) facts.deficient_by_year[static_cast<std::size_t>(y - (in_.year - 4))] += 1;
                    if (y != in_.year) continue;
                    f.followed_up = true;
                    f.deficient = f.deficient || worst > 0;
                    if (f.active) {
                        ++facts.done;
                        ++facts.per_form[a.form_id].second;
                    }
                    if (visit_forms.count(a.form_id)) facts.visits[static_cast<unsigned>(a.done->month()) - 1] += 1;
                    for (const auto& g : o.grades) {
                        facts.year_grades[{g.grade.scale_id, g.grade.level_id}] += g.count;
                        f.year_grades.push_back(g);
                    }
                    if (municipal)
                        for (const auto& d : o.decisions) {
                            ++facts.municipal_decisions;
                            if (d.kind >= sdk::DecisionKind::remark) ++facts.municipal_sanctions;
                        }
                }
                // Welfare crime's "repeated serious deficiencies" are of the providers the
                // municipality buys from: its own units are followed up without sanctions (egen regi).
                std::sort(serious.begin(), serious.end(), [](const SeriousCase& x, const SeriousCase& y) { return x.opened < y.opened; });
                if (!municipal)
                    for (std::size_t i = 1; i < serious.size(); ++i)
                        if (!(sys_days{serious[i - 1].opened} + days{730} < serious[i].opened) && year_of(serious[i].opened) == in_.year) {
                            const SeriousCase& earlier = serious[i - 1];
                            const bool in_time = earlier.remedied && earlier.deadline && !(*earlier.deadline < *earlier.remedied);
                            f.repeated_serious = ProviderFacts::RepeatedSerious{earlier.opened, serious[i].opened,
                                                                                in_time ? earlier.remedied : std::nullopt};
                            break;
                        }
                facts.providers.push_back(std::move(f));
            });
            part.late = std::move(late.overdue_cases);
        };
        std::atomic<std::size_t> next{0};
        std::exception_ptr failure;
        std::mutex failure_turn;
        auto work = [&] {
            try {
                DeficiencyCaseFinder finder(in_.config, in_.store, snapshot);  // one per thread: it keeps buffers
                finder.measure_at(dec31);  // each case as it stood on the year's last day
                for (std::size_t i = next++; i < areas.size(); i = next++) {
                    AreaFacts facts;
                    facts.area = &areas[i];
                    parts[i].emplace(AreaPart{std::move(facts), StatusBuilder(dec31, UnitsKept::overdue_only), {}});
                    gather_area(areas[i], *parts[i], finder);
                }
            } catch (...) {
                const std::lock_guard lock(failure_turn);
                if (!failure) failure = std::current_exception();
                next = areas.size();  // the others stop after their current area
            }
        };
        {
            // Without a snapshot the walks read the store, whose connection is one thread's.
            const std::size_t threads = snapshot == nullptr ? 1 : std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), areas.size());
            std::vector<std::jthread> helpers;
            for (std::size_t i = 1; i < threads; ++i) helpers.emplace_back(work);
            work();
        }
        if (failure) std::rethrow_exception(failure);
        StatusBuilder status(dec31, UnitsKept::overdue_only);
        std::vector<DeficiencyCase> late;
        for (auto& part : parts) {
            areas_.push_back(std::move(part->facts));
            status.absorb(std::move(part->status));
            std::move(part->late.begin(), part->late.end(), std::back_inserter(late));
        }
        parts.clear();
        status_ = status.finish(std::move(late));
        for (const auto& a : areas_)
            for (const auto& p : a.providers) names_.emplace(p.provider.org_number, &p.provider.name);
        for (const auto& u : status_.overdue_units)
            if (!u.unit_id.empty())
                for (const auto& unit : in_.records.units_of(u.provider))
                    if (unit.id == u.unit_id) unit_names_.emplace_back(unit.id, unit.name);
        count_figures();
    }

    /// Every figure shown more than once, counted once from what gather() found (compile_counts.cpp).
    void count_figures();
    /// The figures of an area, a board (by id), the municipality, a form of ownership.
    const Figures& area_figures(const std::string& area_id) const;
    const Figures& board_figures(const std::string& board_id) const;
    const Figures& municipality_figures() const { return total_figures_; }
    const Figures& ownership_figures(sdk::Ownership o) const;
    /// The board's figures per area and in total, for its appendix: the same as the decision
    /// document's key figures and table per area, from the same count; then its follow-ups per
    /// form, cases, decisions and grades per area.
    std::vector<Table> board_figures_tables(const BoardSettings& board) const;
    /// The table per area's columns and one row of it (the decision document's and the appendices').
    std::vector<std::string> figures_columns() const;
    std::vector<Cell> figures_row(Cell first, const Figures& f) const;

    std::string name_of(const std::string& org_number) const {
        auto it = names_.find(org_number);
        return it != names_.end() ? *it->second : org_number;
    }

    std::vector<const AreaFacts*> areas_of(const std::string& board_id) const {
        std::vector<const AreaFacts*> out;
        for (const auto& a : areas_)
            if (a.area->board_id == board_id) out.push_back(&a);
        return out;
    }

    std::string ownership_text(sdk::Ownership o) const {
        switch (o) {
            case sdk::Ownership::private_company: return label(lang_, "own_private");
            case sdk::Ownership::non_profit: return label(lang_, "own_non_profit");
            case sdk::Ownership::municipal: return label(lang_, "own_municipal");
        }
        return "";
    }

    // ---- sections ----

    Section proposed_decision();

    Section overall_assessment();

    Section summary() {
        const Figures& all = municipality_figures();
        const std::size_t providers = all.providers, followed = all.followed_up, deficient = all.deficient;
        const std::size_t met = static_cast<std::size_t>(std::count(boards_met_.begin(), boards_met_.end(), true));
        Section s{"summary", label(lang_, "summary"), {}, {}, false, ""};
        s.paragraph(label(lang_, "summary_text", in_.config.boards.size(), in_.year, met,
                          met == in_.config.boards.size() ? label(lang_, "summary_all") : label(lang_, "summary_partly"),
                          in_.config.areas.size(), providers, followed, percent(lang_, followed, providers), deficient,
                          percent(lang_, deficient, followed)) +
                    " " + label(lang_, "measured_at", sdk::format_date_in_prose(status_.at, sdk_language(lang_))));
        Table verdicts{"summary-verdicts", label(lang_, "assessment"), {label(lang_, "board")}, {}};
        for (const char* key : {"req_short_good_quality", "req_short_uniform", "req_short_predictable"}) verdicts.columns.push_back(label(lang_, key));
        for (const auto& [board, row] : verdict_rows_) verdicts.rows.push_back(row);
        s.add(std::move(verdicts));
        return s;
    }

    Section background() {
        Section s{"background", label(lang_, "background"), {}, {}, false, ""};
        s.paragraph(label(lang_, "background_text") + ": (1) " + label(lang_, "req_good_quality") + "; (2) " +
                    label(lang_, "req_uniform") + "; (3) " + label(lang_, "req_predictable") + ".");
        s.paragraph(programme_paragraph());
        return s;
    }

    /// The council's programme for private providers in force in the year, or the finding that
    /// there is none (never adopted, or its term over): compile_facts.cpp.
    std::string programme_paragraph() const;
    /// A board's own process steps of the year, its support and competence measures and its
    /// changed-needs reports: a sentence each in the board in brief (`brief`), the steps and the
    /// measures listed in its appendix (`details`). compile_facts.cpp.
    void seeds_facts_in_brief(const BoardSettings& board, Section& brief) const;
    void seeds_facts_in_appendix(const BoardSettings& board, Section& details) const;

    /// Asks every board's model what the compilation needs of it (its description, its section,
    /// its claims, next year's plan), several boards at once; board_section() reads the answers.
    /// Asks every board's model for its part of the compilation, `at_once` the boards at the
    /// same time as each other and as `meanwhile`, which runs on this thread (compile_boards.cpp).
    void ask_the_models_beside(bool at_once, const std::function<void()>& meanwhile);
    struct ModelAnswers {
        std::optional<LoadedPlugin::CompilationAnswers> answers;
        std::exception_ptr failure;  ///< what the model's calls threw instead (a PluginCallError)
    };
    std::map<std::string, ModelAnswers> model_answers_;  ///< board id → what its model said

    Section board_section(const BoardSettings& board);
    /// Next year's plan of every board whose model answered, dated and levelled as `followup plan`
    /// does, into appendix_plans_.
    void next_year_plans();
    /// One board's part of next_year_plans(): its plan dated and levelled, summarised and listed.
    void plan_appendix(const BoardSettings& board, std::vector<sdk::PlannedFollowUp> wishes, const std::map<std::string, std::string>& inspectors,
                       const std::string& withheld);

    Table key_figures(const BoardSettings& board);
    Chart grade_chart(const BoardSettings& board, const std::vector<const AreaFacts*>& areas);

    void cases_of(const BoardSettings& board, Section& s);

    std::string unit_name(const std::string& unit_id) const;

    std::string area_name(const std::string& area_id) const;

    /// A risk signal kind's name: the board's [signal_kinds], else the catalogue's, else the id (with a warning).
    std::string signal_kind_name(const std::string& board_id, const std::string& kind) const;
    mutable std::set<std::string> unnamed_kinds_warned_;
    /// Held by the boards' sections, made on several threads (run()), while they write what the
    /// sections after them read: risk_signals_, the appendices, the verdicts, the warnings said.
    mutable std::mutex shared_writes_;

    /// A key figure's name: the residents' name from [publishing.key_figure_names], else the name
    /// a board's [[model.indicators]] gives it, else the key (which `validate` reports).
    std::string indicator_name(const std::string& key) const;

    // ---- the core's assessment against the three requirements ----

    static const char* level_key(Verdict::Level level);

    void regulation_verdicts(const BoardSettings& board, const std::vector<const AreaFacts*>& areas, const std::vector<sdk::RequirementClaim>& claims, Section& s);

    Section cross_board();

    Chart visits_chart();

    Chart deficiencies_chart();

    // The three below run at the same time (run()): welfare crime puts its appendix in
    // `own_appendices`, not in extra_appendices_, and run() adds it. Crisis preparedness and the
    // quality bonus have their name lists as listings in their own sections, not as appendices.
    Section welfare_crime(std::vector<Section>& own_appendices);

    Section crisis();

    Section quality_bonus();

    Section consequences();

    Section appendices();

    const CompileInputs& in_;
    Language lang_;
    std::vector<AreaFacts> areas_;
    std::map<std::string, std::string> continuity_;
    std::map<std::string, Figures> area_figures_, board_figures_;  ///< by area id, by board id
    std::map<sdk::Ownership, Figures> ownership_figures_;
    Figures total_figures_;
    std::unordered_map<std::string_view, const std::string*> names_;         ///< organisation number → name
    Status status_;
    std::map<std::string, std::pair<std::size_t, std::size_t>> proposal_counts_;  ///< board → (proposals, decided otherwise)
    std::vector<std::pair<std::string, std::string>> unit_names_;                  ///< unit id → name, for the few units shown
    std::map<std::string, std::map<std::string, PlanAdoption>> plan_rows_;  ///< board → area ('' for all its areas) → the year's plan
    // What read_seeds_facts() found (compile_facts.cpp).
    std::vector<Row> programmes_;                                  ///< every programme, by adoption day
    std::map<std::string, std::map<long long, Row>> board_steps_;  ///< board id → step → its row, of the year
    std::map<std::string, std::vector<Row>> support_measures_;     ///< board id → measures offered in the year
    /// A board's reports of changed needs: received in the year (and of those asking for more),
    /// new needs assessments made in the year, and those still awaiting one at the year's end.
    struct NeedsReports {
        std::size_t received = 0, more = 0, reassessed = 0, awaiting = 0;
        std::optional<sdk::Date> oldest_awaiting;  ///< the day the longest-waiting one was received
    };
    std::map<std::string, NeedsReports> needs_reports_;  ///< board id → its reports
    /// A board's checks of the authorization conditions outside follow-ups (condition_checks):
    /// made in the year by occasion, and owed and not made at the year's end.
    struct ConditionChecks {
        std::size_t at_authorization = 0, yearly = 0, on_signal = 0, owed = 0;
    };
    std::map<std::string, ConditionChecks> condition_checks_;  ///< board id → its checks

    /// The follow-up plan of one of the board's kundval areas for the compiled year, as the
    /// register records it: the area's own, else the board's one plan for all its areas (area
    /// empty). Seed 000: "nämnderna årligen fatta beslut om en uppföljningsplan för respektive
    /// kundval samt att detta återrapporteras till kommunstyrelsen". Never the configuration's or
    /// another year's dates: a year without a recorded plan says so.
    struct PlanDates {
        std::optional<sdk::Date> adopted, reported;
        bool late = false;  ///< reported after [compilation] plans_reported_by of the year
        bool operator==(const PlanDates&) const = default;
    };
    PlanDates plan_dates(const BoardSettings& board, const std::string& area_id) const {
        PlanDates dates;
        const auto of_board = plan_rows_.find(board.board.id);
        if (of_board == plan_rows_.end()) return dates;
        auto plan = of_board->second.find(area_id);
        if (plan == of_board->second.end()) plan = of_board->second.find("");
        if (plan == of_board->second.end()) return dates;
        dates.adopted = plan->second.adopted;
        dates.reported = plan->second.reported;
        if (const auto& by = in_.config.compilation.plans_reported_by; by && dates.reported)
            dates.late = sdk::Date{std::chrono::year{in_.year} / by->month() / by->day()} < *dates.reported;
        return dates;
    }
    /// Each of the board's areas with its plan, in the configuration's order.
    std::vector<std::pair<const sdk::Area*, PlanDates>> area_plans(const BoardSettings& board) const {
        std::vector<std::pair<const sdk::Area*, PlanDates>> out;
        for (const auto& a : in_.config.areas)
            if (a.board_id == board.board.id) out.emplace_back(&a, plan_dates(board, a.id));
        return out;
    }
    /// The plan every area of the board shares, when they share one (the same dates).
    std::optional<PlanDates> common_plan(const BoardSettings& board) const {
        const auto plans = area_plans(board);
        if (plans.empty()) return PlanDates{};
        for (const auto& [area, dates] : plans)
            if (!(dates == plans.front().second)) return std::nullopt;
        return plans.front().second;
    }
    std::vector<std::pair<std::string, sdk::RiskSignal>> risk_signals_;
    /// board id → next year's plan for its appendix: per form, per month against capacity, and
    /// item by item (a listing: in the spreadsheet and a CSV file, not on the pages)
    std::map<std::string, std::vector<Block>> appendix_plans_;
    std::map<std::string, std::vector<Block>> appendix_details_;  ///< board id → its tables and charts, for its appendix
    std::vector<Section> extra_appendices_;
    /// What the welfare-crime and crisis sections found, for the proposed decision.
    std::size_t signal_providers_ = 0, repeated_serious_ = 0, new_not_followed_up_ = 0, without_continuity_plan_ = 0;  ///< the long lists behind the decision document's figures
    std::vector<bool> boards_met_;
    std::map<std::string, std::vector<Verdict>> overall_;  ///< board id → its three verdicts, for the overall assessment
    std::vector<std::pair<std::string, std::vector<Cell>>> verdict_rows_;
};

}  // namespace followup::core::compilation
