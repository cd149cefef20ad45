// Each board's section: its plan and results as its model reports them, its cases, the units
// late by the model's dates, its risk categories.
#include "report/compile_internal.hpp"
#include "util/freed_memory.hpp"

#include <array>
#include <atomic>
#include <exception>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <chrono>
#include <optional>
#include <set>
#include <thread>

namespace followup::core::compilation {

void Compiler::ask_the_models_beside(bool at_once, const std::function<void()>& meanwhile) {
    // The boards' sections were a fifth of a national compilation, one after another. The models
    // read only the snapshot, which is safe to share; each model object is still called by one
    // thread at a time.
    struct Board {
        std::string id;
        LoadedPlugin* plugin;
        std::optional<LoadedPlugin::StartedCompilation> started;
    };
    std::vector<Board> boards;
    for (const auto& board : in_.config.boards)
        if (auto plugin = in_.plugins.find(board.board.id); plugin != in_.plugins.end() && plugin->second) {
            boards.push_back({board.board.id, plugin->second.get(), std::nullopt});
            model_answers_[board.board.id];  // every slot made here; each thread then writes its own
        }
    auto start = [&](Board& b) {
        try {
            b.started = b.plugin->start_compilation({in_.year, sdk_language(lang_), b.id}, {in_.year + 1, b.id});
        } catch (...) {
            model_answers_.at(b.id).failure = std::current_exception();
        }
    };
    auto finish = [&](Board& b) {
        if (!b.started) return;  // it could not start; the failure is in its slot
        ModelAnswers& slot = model_answers_.at(b.id);
        const auto began = std::chrono::steady_clock::now();
        try {
            slot.answers = b.plugin->finish_compilation(*b.started);
        } catch (...) {
            slot.failure = std::current_exception();
        }
        spdlog::trace("compile: board {}'s model answered after {:.3f} s", b.id,
                      std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count());
    };
    if (!at_once) {
        for (Board& b : boards) start(b), finish(b);
        meanwhile();
        return;
    }
    // Isolated, every board's child is forked here, before any thread starts: a child forked
    // while another thread held a lock (the sanitizers' allocator's) inherited it held, and hung.
    // Then a thread per isolated board listens to its child (it mostly waits), and the trusted
    // models run on a thread per core; this thread works out the core's own figures meanwhile.
    for (Board& b : boards)
        if (b.plugin->calls().isolated) start(b);
    std::vector<Board*> trusted;
    {
        std::vector<std::jthread> threads;
        for (Board& b : boards)
            if (b.plugin->calls().isolated) threads.emplace_back([&finish, &b] { finish(b); });
            else trusted.push_back(&b);
        std::atomic<std::size_t> next{0};
        auto work = [&] {
            for (std::size_t i = next++; i < trusted.size(); i = next++) {
                start(*trusted[i]);
                finish(*trusted[i]);
            }
        };
        const std::size_t cores = std::max(1U, std::thread::hardware_concurrency());
        for (std::size_t i = 0; i < std::min(cores, trusted.size()); ++i) threads.emplace_back(work);
        meanwhile();
    }
}

Section Compiler::board_section(const BoardSettings& board) {
    Section s{"board-" + board.board.id, board.board.name, {}, {}, false, ""};
    const auto areas = areas_of(board.board.id);
    std::string area_list;
    for (const auto* a : areas) {
        // The basis in brackets, unless the name already says it ("Korttidsvistelse (LSS)").
        const std::string basis(sdk::to_string(a->area->legal_basis));
        area_list += (area_list.empty() ? "" : ", ") + a->area->name +
                     (a->area->name.find("(" + basis + ")") == std::string::npos ? " (" + basis + ")" : "");
    }
    s.paragraph(label(lang_, "areas") + ": " + area_list + ".");
    // The plans' adoption as the register records them for the year: one sentence when every
    // area has the same plan (or none), else one per area.
    auto in_prose = [&](const std::optional<sdk::Date>& d) {
        return d ? sdk::format_date_in_prose(*d, sdk_language(lang_)) : label(lang_, "not_recorded");
    };
    if (const auto common = common_plan(board))
        s.paragraph(label(lang_, "plan_dates", in_prose(common->adopted), in_prose(common->reported)));
    else
        for (const auto& [area, plan] : area_plans(board))
            s.paragraph(label(lang_, "plan_dates_area", area->name, in_prose(plan.adopted), in_prose(plan.reported)));
    seeds_facts_in_brief(board, s);

    auto plugin = in_.plugins.find(board.board.id);
    std::vector<sdk::RequirementClaim> claims;
    std::size_t brief = s.blocks.size();  // the blocks before it are the board in brief
    if (plugin == in_.plugins.end()) {
        auto problem = in_.plugin_problems.find(board.board.id);
        s.failed = true;
        s.failure = problem != in_.plugin_problems.end() ? problem->second : "plugin '" + board.plugin_id + "' is not available";
    } else {
        try {
            const ModelAnswers& said = model_answers_.at(board.board.id);
            if (said.failure) std::rethrow_exception(said.failure);
            const auto& model = said.answers->description;
            s.paragraph(label(lang_, "model") + ": " + model.summary);
            brief = s.blocks.size();
            const sdk::BoardSection& section = said.answers->section;
            for (const auto& p : section.paragraphs)
                if (p != model.summary) s.paragraph(p);  // the summary is shown once, above
            int n = 0;
            for (const auto& t : section.tables) {
                Table table{fmt::format("{}-{}", board.board.id, ++n), t.caption, t.columns, {}};
                for (const auto& r : t.rows) {
                    std::vector<Cell> cells;
                    for (const auto& text : r) {
                        char* end = nullptr;
                        const double v = std::strtod(text.c_str(), &end);
                        if (!text.empty() && end == text.c_str() + text.size() && std::isfinite(v)) cells.emplace_back(text, v);
                        else cells.emplace_back(text);
                    }
                    table.rows.push_back(std::move(cells));
                }
                s.add(std::move(table));
            }
            {
                const std::lock_guard lock(shared_writes_);  // put in the boards' order by run()
                for (const auto& signal : section.risk_signals) risk_signals_.push_back({board.board.id, signal});
            }
            claims = said.answers->claims;
            // Next year's plan, from the same model, is dated with every board's (next_year_plans).
        } catch (const PluginCallError& e) {
            s.failed = true;
            s.failure = e.what();
        }
    }
    if (s.failed) {
        s.paragraph(label(lang_, "section_failed", s.failure));
        brief = s.blocks.size();
    }
    s.add(grade_chart(board, areas));
    cases_of(board, s);
    regulation_verdicts(board, areas, claims, s);
    seeds_facts_in_appendix(board, s);
    // Long tables become CSV text now, not at the end: held as cells, every board's were a
    // third of a national compilation's memory.
    spill_long_tables(s, in_.config.compilation.max_table_rows);
    // The executive board reads the board in brief and its key figures here, and the verdicts in
    // one line each in the overall assessment; the tables, charts and the verdicts' full evidence
    // an officer works from go to the board's appendix (seed 001's compilation is five pages with
    // the boards' plans as appendices).
    std::vector<Block> main(std::make_move_iterator(s.blocks.begin()), std::make_move_iterator(s.blocks.begin() + static_cast<std::ptrdiff_t>(brief)));
    const std::unique_lock lock(shared_writes_);
    auto& details = appendix_details_[board.board.id];
    details.assign(std::make_move_iterator(s.blocks.begin() + static_cast<std::ptrdiff_t>(brief)), std::make_move_iterator(s.blocks.end()));
    // The appendix opens with the board's figures per area, from the count the decision
    // document's figures come from.
    std::vector<Block> figures;
    for (auto& table : board_figures_tables(board)) {
        spill_long_table(table, in_.config.compilation.max_table_rows);
        Block block;
        block.kind = Block::Kind::table;
        block.table = std::move(table);
        figures.push_back(std::move(block));
    }
    details.insert(details.begin(), std::make_move_iterator(figures.begin()), std::make_move_iterator(figures.end()));
    Section brief_section{s.id, s.title, {}, {}, s.failed, s.failure};
    brief_section.blocks = std::move(main);
    brief_section.add(key_figures(board));
    return brief_section;
}

Table Compiler::key_figures(const BoardSettings& board) {
    // One row for the board: the per-area figures are in the cross-board table and the appendix.
    Table t{board.board.id + "-key-figures", label(lang_, "key_figures", in_.year),
            {label(lang_, "providers"), label(lang_, "followed_up"), label(lang_, "share_followed_up"), label(lang_, "with_deficiencies"),
             label(lang_, "granted"), label(lang_, "ended")},
            {}};
    // The board's figures (count_figures): a provider in several of its areas is one provider.
    const Figures& b = board_figures(board.board.id);
    t.rows.push_back({count_cell(lang_, b.providers), count_cell(lang_, b.followed_up), percent_cell(lang_, b.followed_up, b.providers),
                      count_cell(lang_, b.deficient), count_cell(lang_, b.granted), count_cell(lang_, b.ended)});
    return t;
}

Chart Compiler::grade_chart(const BoardSettings& board, const std::vector<const AreaFacts*>& areas) {
    Chart chart;
    chart.kind = Chart::Kind::bars;
    chart.id = "grades-" + board.board.id;
    const sdk::GradingScale* scale = in_.config.scales.find(board.scale_id);
    chart.title = label(lang_, "chart_grades", in_.year, board.board.name);
    if (scale == nullptr) return chart;
    Series counts{label(lang_, "count"), {}};
    std::map<std::string, double> n;
    for (const auto* a : areas)
        for (const auto& [grade, count] : a->year_grades)
            if (grade.first == scale->id()) n[grade.second] += count;
    for (const auto& level : scale->levels()) {
        chart.categories.push_back(lang_ == Language::en ? level.label_en : level.label_sv);
        counts.values.push_back(n[level.id]);
    }
    chart.series.push_back(std::move(counts));
    return chart;
}

void Compiler::cases_of(const BoardSettings& board, Section& s) {
    const Figures& figures = board_figures(board.board.id);
    const std::size_t open = figures.open_cases, remedied = figures.awaiting_closure;
    Table overdue{board.board.id + "-overdue-cases", label(lang_, "overdue_cases"),
                  {label(lang_, "provider"), label(lang_, "area"), label(lang_, "follow_ups"), label(lang_, "window")}, {}};
    for (const auto& c : status_.overdue_cases)
        if (c.board_id == board.board.id)
            overdue.rows.push_back({c.provider_name, area_name(c.area_id), count_cell(lang_, c.follow_ups.size()), sdk::format_date(c.recheck_due)});
    s.paragraph(fmt::format("{}: {}. {}: {}.", label(lang_, "open_cases"), open, label(lang_, "awaiting_closure"), remedied));
    s.add(std::move(overdue));
    // What the board's model found where no finding grades the condition (a targeted
    // supervision's documents), in its words: the table names only the provider and the window.
    for (const auto& c : status_.overdue_cases)
        if (c.board_id == board.board.id)
            for (const auto& text : c.open_model_texts()) s.paragraph(label(lang_, "model_found", c.provider_name, area_name(c.area_id), text));
    if (auto p = proposal_counts_.find(board.board.id); p != proposal_counts_.end() && p->second.first > 0)
        s.paragraph(label(lang_, "proposals_differ", p->second.second, p->second.first, in_.year));

    // Due dates the board's model set, passed without a follow-up (re-checks are the cases above).
    Table late{board.board.id + "-overdue-units", label(lang_, "units_overdue", sdk::format_date(status_.at)),
               {label(lang_, "provider"), label(lang_, "unit"), label(lang_, "area"), label(lang_, "due_date"),
                label(lang_, "risk_category")},
               {}};
    for (const auto& u : status_.overdue_units)
        if (u.board_id == board.board.id && !u.deficient)
            late.rows.push_back({u.provider_name, unit_name(u.unit_id), area_name(u.area_id), sdk::format_date(u.next_due),
                                 u.risk_category.empty() ? "–" : u.risk_category});
    if (!late.rows.empty()) s.add(std::move(late));

    // A risk-based model: how many units in each category, and why they are there.
    static const std::map<std::string, Status::RiskCategory> none;
    auto found = status_.risk_categories.find(board.board.id);
    const auto& categories = found != status_.risk_categories.end() ? found->second : none;
    if (!categories.empty()) {
        Table risk{board.board.id + "-risk", label(lang_, "risk_table"),
                   {label(lang_, "risk_category"), label(lang_, "count"), label(lang_, "risk_reason")}, {}};
        for (const auto& [category, entry] : categories)
            risk.rows.push_back({category, count_cell(lang_, entry.units), entry.reason.empty() ? "–" : entry.reason});
        s.add(std::move(risk));
    }
}

std::string Compiler::unit_name(const std::string& unit_id) const {
    if (unit_id.empty()) return "–";
    for (const auto& p : unit_names_)
        if (p.first == unit_id) return p.second;
    return unit_id;
}

std::string Compiler::indicator_name(const std::string& key) const {
    if (auto it = in_.config.key_figure_names.find(key); it != in_.config.key_figure_names.end()) return it->second;
    for (const auto& board : in_.config.boards)
        if (const auto* indicators = board.model["indicators"].as_array())
            for (const auto& entry : *indicators)
                if (const auto* t = entry.as_table(); t && (*t)["key"].value_or(std::string{}) == key)
                    if (auto name = (*t)["name"].value<std::string>()) return *name;
    return key;
}

std::string Compiler::area_name(const std::string& area_id) const {
    const sdk::Area* area = in_.config.area(area_id);
    return area != nullptr ? area->name : area_id;
}

void Compiler::next_year_plans() {
    // Dated as `followup plan --year` dates it (one account: the appendix, the plan command and
    // the inspectors' calendars show the same follow-ups): only what falls while each provider is
    // authorized, each board's visits levelled against its inspectors' capacity.
    std::map<std::string, std::vector<sdk::PlannedFollowUp>> wanted;
    for (auto& [board_id, said] : model_answers_)  // the boards' sections are done with them: moved
        if (!said.failure && said.answers) wanted[board_id] = std::move(said.answers->next_year);
    Stopwatch watch(spdlog::level::debug);
    keep_while_authorized(wanted, in_.records);
    watch.lap("compile: next year's plan, kept while authorized");
    std::map<std::string, std::string> inspectors;
    for (const auto& i : in_.config.inspectors) inspectors[i.id] = i.name;
    const std::string withheld = label(lang_, "unannounced_withheld");
    // The boards' plans on a thread per core, the largest first: each board's visits are levelled
    // against its own inspectors only (the plan `followup plan` makes), so the boards do not wait
    // for each other; a thread holds one board's dated plan at a time, not all five.
    std::vector<std::pair<const BoardSettings*, std::vector<sdk::PlannedFollowUp>*>> queue;
    for (const auto& board : in_.config.boards)
        if (auto wishes = wanted.find(board.board.id); wishes != wanted.end()) {
            queue.emplace_back(&board, &wishes->second);
            appendix_plans_[board.board.id];  // made here: the threads only fill their own board's
        }
    std::stable_sort(queue.begin(), queue.end(), [](const auto& a, const auto& b) { return a.second->size() > b.second->size(); });
    // What reading the register and asking the models freed goes back to the system before the
    // plans are made: a plan's thread allocates from an arena of its own and would not reuse it,
    // so at national scale the plans sat on top of it (about 50 MB of the peak).
    return_freed_memory();
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_lock;
    auto work = [&] {
        try {
            for (std::size_t i = next++; i < queue.size(); i = next++) plan_appendix(*queue[i].first, std::move(*queue[i].second), inspectors, withheld);
        } catch (...) {
            const std::lock_guard lock(failure_lock);
            if (!failure) failure = std::current_exception();
            next = queue.size();
        }
    };
    {
        std::vector<std::jthread> helpers;
        for (std::size_t i = 1; i < std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), queue.size()); ++i)
            helpers.emplace_back(work);
        work();
    }
    if (failure) std::rethrow_exception(failure);
}

void Compiler::plan_appendix(const BoardSettings& board, std::vector<sdk::PlannedFollowUp> wishes,
                             const std::map<std::string, std::string>& inspectors, const std::string& withheld) {
    Stopwatch watch(spdlog::level::debug);
    // Units by name, as the inspectors find them: looked up once per provider the plan visits.
    std::unordered_map<std::string, std::string> unit_names;
    std::unordered_set<std::string> providers_looked_up;
    auto unit_named = [&](const sdk::PlannedFollowUp& p) -> Cell {
        if (p.unit_id.empty()) return Cell("–");
        if (providers_looked_up.insert(p.provider).second)
            for (const auto& unit : in_.records.units_of(p.provider)) unit_names.emplace(unit.id, unit.name);
        const auto name = unit_names.find(p.unit_id);
        return Cell::named(name != unit_names.end() ? name->second : p.unit_id, p.unit_id);
    };
    {
        DatedPlan plan = schedule_plan(in_.year + 1, in_.config, {{board.board.id, std::move(wishes)}}, in_.calendar);
        withhold_unannounced(plan, std::nullopt);  // the compilation is a public record
        std::vector<Block>& blocks = appendix_plans_.at(board.board.id);  // found, not inserted: on a thread
        auto add = [&blocks](Table table) {
            Block b;
            b.kind = Block::Kind::table;
            b.table = std::move(table);
            blocks.push_back(std::move(b));
        };
        // Per form: what the board's model asks for in the year.
        std::size_t total = 0;
        std::map<std::string, std::size_t> per_form;
        for (const auto& item : plan.items)
            if (item.board_id == board.board.id) ++per_form[form_name(board, item.planned.form_id)], ++total;
        Block text;
        text.text = label(lang_, "next_year_text", total, in_.year + 1);
        blocks.push_back(std::move(text));
        Table forms{fmt::format("{}-next-year", board.board.id), label(lang_, "next_year", in_.year + 1), {label(lang_, "form"), label(lang_, "count")}, {}};
        for (const auto& [form, count] : per_form) forms.rows.push_back({form, count_cell(lang_, count)});
        add(std::move(forms));
        // Per month: the visits due against the board's inspectors, what the levelled plan puts
        // there and the shortfall: the page the executive board reads; the list is the officers'.
        Table months{fmt::format("{}-next-year-months", board.board.id), label(lang_, "plan_months", board.board.name, in_.year + 1),
                     {label(lang_, "month"), label(lang_, "visits_due"), label(lang_, "capacity"), label(lang_, "planned"), label(lang_, "shortfall")},
                     {}};
        // Without the unannounced visits: a month's count that changes by one gives away the month
        // of an unannounced visit (seed 004's point of an unannounced visit), and the compilation
        // is a public record. They are counted in the year's total above and named below.
        std::map<unsigned, std::array<int, 3>> unannounced;  // month → due, planned, unassigned
        std::size_t unannounced_visits = 0;
        for (const auto& item : plan.items) {
            if (!item.visit || !item.unannounced) continue;
            ++unannounced_visits;
            ++unannounced[static_cast<unsigned>(item.window.last.month())][0];
            if (item.over_capacity) ++unannounced[static_cast<unsigned>(item.window.last.month())][2];
            else ++unannounced[static_cast<unsigned>(item.date.month())][1];
        }
        for (auto m : plan.months) {
            if (m.board_id != board.board.id) continue;
            if (auto u = unannounced.find(static_cast<unsigned>(m.month.month())); u != unannounced.end())
                m.due -= u->second[0], m.assigned -= u->second[1], m.unassigned -= u->second[2];
            std::string month = sdk::format_date_in_prose(sdk::Date{m.month / std::chrono::day{1}}, sdk_language(lang_));
            month = month.substr(month.find(' ') + 1);  // "1 mars 2026": the month and its year
            months.rows.push_back({month, count_cell(lang_, static_cast<std::size_t>(m.due)), count_cell(lang_, static_cast<std::size_t>(m.capacity)),
                                   count_cell(lang_, static_cast<std::size_t>(m.assigned)), count_cell(lang_, static_cast<std::size_t>(m.shortfall()))});
        }
        add(std::move(months));
        if (unannounced_visits > 0) {
            Block note;
            note.text = label(lang_, "plan_months_unannounced", unannounced_visits);
            blocks.push_back(std::move(note));
        }
        // Item by item: in the spreadsheet and a CSV file beside the document, not on its pages.
        Table list{"plan-" + board.board.id, label(lang_, "appendix_plan", board.board.name, in_.year + 1),
                   {label(lang_, "date"), label(lang_, "form"), label(lang_, "area"), label(lang_, "provider"), label(lang_, "unit"),
                    label(lang_, "window"), label(lang_, "inspector"), label(lang_, "reason")},
                   {}};
        list.listing = true;
        for (const auto& item : plan.items) {
            if (item.board_id != board.board.id) continue;
            const auto& p = item.planned;
            std::string inspector = "–";
            if (auto i = inspectors.find(item.inspector); i != inspectors.end()) inspector = i->second;
            else if (!item.inspector.empty()) inspector = item.inspector;
            else if (!item.unassigned_reason.empty()) inspector = "– (" + item.unassigned_reason + ")";
            // An unannounced visit's date, window and reason (which may name the month it
            // answers) leave the register only in the inspector's own export (docs/planning.md).
            list.rows.push_back({item.date_withheld ? withheld : sdk::format_date(item.date), Cell::named(form_name(board, p.form_id), p.form_id),
                                 Cell::named(area_name(p.area_id), p.area_id),
                                 p.provider.empty() ? Cell::named(board.board.name, board.board.id) : Cell::named(name_of(p.provider), p.provider),
                                 unit_named(p),
                                 item.date_withheld ? withheld : sdk::format_date(item.window.first) + " – " + sdk::format_date(item.window.last),
                                 inspector, item.date_withheld ? withheld : p.reason});
            // A national plan is a hundred thousand rows: kept as CSV text, not as cells, as they are made.
            if (list.rows.size() >= 2 * in_.config.compilation.max_table_rows + 4096) {
                const bool first = list.spilled_csv.empty();
                spill_long_table(list, in_.config.compilation.max_table_rows);
                // Room for the whole listing at once, from the first rows' length: grown by
                // doubling, the text would be copied again and again and held twice at the peak.
                if (first) list.spilled_csv.reserve(list.spilled_csv.size() / list.rows_total * plan.items.size() * 9 / 8);
            }
        }
        spill_long_table(list, in_.config.compilation.max_table_rows);
        add(std::move(list));
        watch.lap("compile: next year's plan of " + board.board.id + ", dated, levelled, summarised and listed");
    }
    // The dated plan is gone (its listing kept as CSV text): its pages go back before the thread
    // takes the next board, while the other thread may be at its own plan's largest.
    return_freed_memory();
}

}  // namespace followup::core::compilation
