// Welfare crime, crisis preparedness, the quality-bonus simulation, consequences and the appendices.
#include <cctype>

#include <fmt/ranges.h>

#include "report/compile_internal.hpp"

namespace followup::core::compilation {

std::string Compiler::signal_kind_name(const std::string& board_id, const std::string& kind) const {
    // The board's [signal_kinds] first (a plugin's own kinds), then the bundled models' names.
    if (const BoardSettings* board = in_.config.board(board_id))
        if (auto it = board->signal_kind_names.find(kind); it != board->signal_kind_names.end()) return it->second;
    if (const std::string key = "signal." + kind; has_label(key)) return label(lang_, key);
    // Shown as the model wrote it, and said once, so the administrator can name it.
    const std::lock_guard lock(shared_writes_);  // the boards' sections are made on several threads
    if (unnamed_kinds_warned_.insert(board_id + "|" + kind).second)
        spdlog::warn("board {}: the risk signal kind '{}' has no name, so the compilation shows the id; name it under "
                     "[signal_kinds] in the board's file, e.g. {} = \"…\"",
                     board_id, kind, kind);
    return kind;
}

Section Compiler::welfare_crime(std::vector<Section>& own_appendices) {
    Section s{"welfare-crime", label(lang_, "welfare_crime"), {}, {}, false, ""};
    s.paragraph(label(lang_, "welfare_intro"));
    Table signals{"welfare-signals", label(lang_, "signals"),
                  {label(lang_, "board"), label(lang_, "provider"), label(lang_, "area"), label(lang_, "signal_kind"),
                   label(lang_, "explanation"), label(lang_, "signal_examined")},
                  {}};
    // One row per provider and kind of signal, with the months it was seen in and the figures of
    // the first and the latest (a model raises one signal per month).
    struct Group {
        std::string board;
        const sdk::RiskSignal* first = nullptr;
        const sdk::RiskSignal* last = nullptr;
        std::vector<std::string> months;
    };
    std::vector<Group> groups;
    for (const auto& [board, signal] : risk_signals_) {
        auto g = std::find_if(groups.begin(), groups.end(), [&, &b = board, &sig = signal](const Group& x) {
            return x.board == b && x.first->provider == sig.provider && x.first->area_id == sig.area_id && x.first->kind == sig.kind;
        });
        if (g == groups.end()) g = groups.insert(groups.end(), Group{board, &signal, &signal, {}});
        g->last = &signal;
        // The month the plugin's explanation names ("2025-06: …"), if any.
        for (std::size_t i = 0; i + 7 <= signal.explanation.size(); ++i)
            if (std::isdigit(static_cast<unsigned char>(signal.explanation[i])) && signal.explanation.compare(i + 4, 1, "-") == 0 &&
                i + 7 <= signal.explanation.size() && std::isdigit(static_cast<unsigned char>(signal.explanation[i + 5]))) {
                g->months.push_back(signal.explanation.substr(i, 7));
                break;
            }
    }
    for (const Group& g : groups) {
        const sdk::RiskSignal& signal = *g.first;
        // A model's signal is a suspicion, not a finding: unsubstantiated until the board records
        // the outcome of its investigation as a signal in the register on the same provider and
        // area whose summary names the signal's kind (docs/planning.md).
        std::string examined = label(lang_, "signal_unexamined");
        for (const sdk::Signal& stored : in_.records.signals(signal.provider, signal.area_id))
            if (stored.substantiated && year_of(stored.received) >= in_.year && stored.summary.find(signal.kind) != std::string::npos)
                examined = label(lang_, *stored.substantiated ? "signal_substantiated" : "signal_not_substantiated",
                                 stored.outcome.empty() ? stored.summary : stored.outcome);
        const BoardSettings* settings = in_.config.board(g.board);
        std::string explanation = signal.explanation;
        if (g.months.size() > 1)
            explanation = label(lang_, "signal_months", g.months.size(), fmt::join(g.months, ", ")) + " " + signal.explanation +
                          (g.last != g.first ? " … " + g.last->explanation : "");
        signals.rows.push_back({Cell::named(settings != nullptr ? settings->board.name : g.board, g.board), Cell::named(name_of(signal.provider), signal.provider),
                                Cell::named(area_name(signal.area_id), signal.area_id),
                                Cell::named(signal_kind_name(g.board, signal.kind), signal.kind), explanation, examined});
    }
    // In the decision document: one line per provider (its kinds, the period, the status); the
    // figures of every kind are the appendix.
    // The provider and its area share a cell, so that the kinds have the width.
    Table brief{"welfare-signals-summary", label(lang_, "signals"),
                {label(lang_, "provider"), label(lang_, "signal_kind"), label(lang_, "period"), label(lang_, "signal_months_column"),
                 label(lang_, "signal_examined")},
                {}};
    std::vector<std::string> keys;  // provider|area of each row
    std::vector<std::set<std::string>> months_of_row;
    for (const Group& g : groups) {
        const std::string key = g.first->provider + "|" + g.first->area_id;
        const auto at = static_cast<std::size_t>(std::find(keys.begin(), keys.end(), key) - keys.begin());
        const std::string kind = signal_kind_name(g.board, g.first->kind);
        const std::string& examined = signals.rows[static_cast<std::size_t>(&g - groups.data())][5].text;
        if (at == keys.size()) {
            keys.push_back(key);
            months_of_row.emplace_back();
            brief.rows.push_back({Cell::named(name_of(g.first->provider) + " (" + area_name(g.first->area_id) + ")", g.first->provider), kind, "–", "", examined});
        } else {
            brief.rows[at][1].text += "; " + lower_case_first(kind);
        }
        months_of_row[at].insert(g.months.begin(), g.months.end());
    }
    // The period from the first month signalled to the last, and how many months in it.
    for (std::size_t i = 0; i < brief.rows.size(); ++i) {
        const auto& m = months_of_row[i];
        if (m.empty()) continue;
        brief.rows[i][2] = Cell(*m.begin() == *m.rbegin() ? *m.begin() : *m.begin() + "–" + *m.rbegin());
        brief.rows[i][3] = count_cell(lang_, m.size());
    }
    signal_providers_ = brief.rows.size();
    s.add(std::move(brief));
    if (!signals.rows.empty()) {
        Section appendix{"appendix-welfare-signals", label(lang_, "appendix_of", label(lang_, "signals")), {}, {}, false, ""};
        // On paper one paragraph per signal: an explanation of several months squeezed into a
        // table column ran to three pages for fourteen signals. The table is the spreadsheet's.
        for (const auto& row : signals.rows)
            appendix.paragraph(fmt::format("{} ({}, {}) – {}: {}{} {}: {}.", row[1].text, row[2].text, row[0].text, row[3].text, row[4].text,
                                           row[4].text.ends_with('.') ? "" : ".", signals.columns[5], lower_case_first(row[5].text)));
        signals.listing = true;
        appendix.add(std::move(signals));
        own_appendices.push_back(std::move(appendix));
    } else {
        s.add(std::move(signals));
    }
    // Serious deficiencies in two separate cases (a persisting case counts once), of the providers
    // the municipality buys from; an earlier case remedied by its deadline is said to be so.
    Table repeated{"repeated-serious", label(lang_, "repeated_serious"),
                   {label(lang_, "provider"), label(lang_, "area"), label(lang_, "serious_cases_opened")}, {}};
    for (const auto& a : areas_)
        for (const auto& p : a.providers)
            if (p.repeated_serious) {
                const auto& r = *p.repeated_serious;
                const std::string first = sdk::format_date(r.first) +
                                          (r.first_remedied_in_time ? " (" + label(lang_, "remedied_in_time", sdk::format_date(*r.first_remedied_in_time)) + ")" : "");
                repeated.rows.push_back({p.provider.name, a.area->name, first + ", " + sdk::format_date(r.second)});
            }
    repeated_serious_ = repeated.rows.size();
    // An empty finding is a sentence, not an empty table.
    if (repeated.rows.empty()) s.paragraph(label(lang_, "repeated_serious_none"));
    else s.add(std::move(repeated));
    Table fresh{"new-not-followed-up", label(lang_, "new_not_followed_up"),
                {label(lang_, "provider"), label(lang_, "area"), label(lang_, "authorized")}, {}};
    const sdk::Date year_end = year{in_.year} / 12 / 31;
    for (const auto& a : areas_) {
        // Not yet followed up is a finding only once the first follow-up is due: within the
        // months the area's [[schedule]] gives a new provider (12 by default), by which the
        // boards' models plan it; one authorized more recently is not late (issue 29).
        int first_months = 12;
        for (const auto& rule : in_.config.schedule)
            if (rule.area_id == a.area->id) first_months = rule.first_follow_up_months;
        for (const auto& p : a.providers) {
            // New: authorized within the first months and a year (a provider never followed up
            // after that is the board's overdue follow-up, counted there).
            if (!p.active || !p.granted || (*p.granted < in_.calendar.add_months(sdk::Date{sys_days{year_end} - days{365}}, -first_months))) continue;
            const sdk::Date due = in_.calendar.add_months(*p.granted, first_months);
            if (!p.any_done && !(year_end < due)) fresh.rows.push_back({p.provider.name, a.area->name, sdk::format_date(*p.granted)});
        }
    }
    new_not_followed_up_ = fresh.rows.size();
    if (fresh.rows.empty()) s.paragraph(label(lang_, "new_not_followed_up_none"));
    else s.add(std::move(fresh));
    return s;
}

Section Compiler::crisis() {
    Section s{"crisis-preparedness", label(lang_, "crisis"), {}, {}, false, ""};
    // Every active provider once, by organisation number, with its areas in the areas' order: a
    // sorted list of references (a national register has 130,000 providers; a map of copies took
    // twice as long).
    struct Active {
        const ProviderFacts* provider;
        const std::string* area;
    };
    std::vector<Active> active;
    for (const auto& a : areas_)
        for (const auto& p : a.providers)
            if (p.active) active.push_back({&p, &a.area->name});
    std::stable_sort(active.begin(), active.end(),
                     [](const Active& x, const Active& y) { return x.provider->provider.org_number < y.provider->provider.org_number; });
    Table missing{"without-continuity-plan", label(lang_, "crisis"), {label(lang_, "provider"), label(lang_, "areas")}, {}};
    // The providers are the municipality's figure (count_figures), as the summary shows it.
    const std::size_t providers = municipality_figures().providers;
    std::size_t with_plan = 0;
    for (auto first = active.begin(); first != active.end();) {
        const std::string& org = first->provider->provider.org_number;
        auto last = std::find_if(first, active.end(), [&](const Active& x) { return x.provider->provider.org_number != org; });
        auto it = continuity_.find(org);
        if (it != continuity_.end() && !it->second.empty()) {
            ++with_plan;
        } else {
            std::string list;
            for (auto at = first; at != last; ++at) list += (list.empty() ? "" : ", ") + *at->area;
            missing.rows.push_back({(last - 1)->provider->provider.name, list});  // the name as the last area has it, as before
        }
        first = last;
    }
    without_continuity_plan_ = missing.rows.size();
    s.paragraph(label(lang_, "crisis_text", with_plan, providers));
    // The providers without a plan, by name, are the officers' list (the spreadsheet and a CSV
    // file beside the document): the decision needs the count, which the sentence above gives.
    if (!missing.rows.empty()) {
        missing.caption = label(lang_, "crisis_missing_listed");
        missing.listing = true;
        s.add(std::move(missing));
    }
    return s;
}

Section Compiler::quality_bonus() {
    Section s{"quality-bonus", label(lang_, "quality_bonus"), {}, {}, false, ""};
    // The decision document shows the rule and the cost per area; who qualifies, provider by
    // provider, is a listing per area (the spreadsheet and a CSV file beside the document).
    std::vector<Table> who_qualifies;
    Table summary{"quality-bonus-summary", label(lang_, "quality_bonus_per_area"),
                  {label(lang_, "area"), label(lang_, "rule"), label(lang_, "providers"), label(lang_, "qualifies"), label(lang_, "cost")}, {}};
    double total_cost = 0;
    int n = 0;
    for (const auto& rule : in_.config.quality_bonus) {
        const AreaFacts* area = nullptr;
        for (const auto& a : areas_)
            if (a.area->id == rule.area_id) area = &a;
        if (area == nullptr) continue;
        const BoardSettings* board = in_.config.board(area->area->board_id);
        const sdk::GradingScale* scale = board != nullptr ? in_.config.scales.find(board->scale_id) : nullptr;
        if (scale == nullptr || scale->level(rule.max_grade) == nullptr) continue;
        Table table{fmt::format("quality-bonus-{}", ++n), label(lang_, "quality_bonus") + ": " + area->area->name,
                    {label(lang_, "provider"), label(lang_, "ownership"), label(lang_, "qualifies"), label(lang_, "amount")}, {}};
        // The area's providers as the table per area counts them (count_figures).
        const std::size_t active = area_figures(area->area->id).providers;
        std::size_t qualifying = 0;
        for (const auto& p : area->providers) {
            if (!p.active) continue;
            bool qualifies = p.followed_up;
            for (const auto& g : p.year_grades)
                if (g.grade.scale_id == scale->id() && scale->compare(g.grade.level_id, rule.max_grade) > 0) qualifies = false;
            if (qualifies && rule.indicator) {
                double sum = 0, weight = 0;
                int answers = 0;
                for (const auto& v : in_.records.indicator_series(*rule.indicator, p.provider.org_number))
                    if (year_of(v.period.first) == in_.year) {
                        const double w = v.answers ? *v.answers : 1.0;
                        sum += v.value * w, weight += w, answers += v.answers.value_or(0);
                    }
                qualifies = weight > 0 && sum / weight >= rule.min_value && answers >= rule.min_answers;
            }
            qualifying += qualifies ? 1 : 0;
            table.rows.push_back({p.provider.name, ownership_text(p.provider.ownership), label(lang_, qualifies ? "yes" : "no"),
                                  qualifies ? Cell(money(lang_, rule.amount), rule.amount) : Cell("0", 0)});
        }
        // Who qualifies, provider by provider, is the officers' list (the spreadsheet and a CSV
        // file); the figures the board decides on are the summary's, in the decision document.
        table.listing = true;
        table.rows.push_back({label(lang_, "total"), "", count_cell(lang_, qualifying), Cell(money(lang_, rule.amount * static_cast<double>(qualifying)), rule.amount * static_cast<double>(qualifying))});
        const sdk::GradeLevel* level = scale->level(rule.max_grade);
        const std::string indicator =
            rule.indicator ? label(lang_, "quality_bonus_indicator", indicator_name(*rule.indicator),
                                   sdk::format_number(rule.min_value, 0, sdk_language(lang_)), rule.min_answers)
                           : "";
        const double cost = rule.amount * static_cast<double>(qualifying);
        total_cost += cost;
        summary.rows.push_back({Cell::named(area->area->name, area->area->id),
                                label(lang_, "quality_bonus_rule", lang_ == Language::en ? level->label_en : level->label_sv, indicator, money(lang_, rule.amount)),
                                count_cell(lang_, active), count_cell(lang_, qualifying), Cell(money(lang_, cost), cost)});
        who_qualifies.push_back(std::move(table));
    }
    if (in_.config.quality_bonus.empty()) s.paragraph(label(lang_, "none"));
    else {
        summary.rows.push_back({label(lang_, "total"), "", "", "", Cell(money(lang_, total_cost), total_cost)});
        s.add(std::move(summary));
    }
    for (auto& table : who_qualifies) s.add(std::move(table));
    return s;
}

Section Compiler::consequences() {
    Section s{"consequences", label(lang_, "consequences"), {}, {}, false, ""};
    Section children{"consequences-children", label(lang_, "consequences_children"), {}, {}, false, ""};
    children.paragraph(in_.config.compilation.consequences_children.empty() ? label(lang_, "none") : in_.config.compilation.consequences_children);
    Section economy{"consequences-economy", label(lang_, "consequences_economy"), {}, {}, false, ""};
    economy.paragraph(in_.config.compilation.consequences_economy.empty() ? label(lang_, "none") : in_.config.compilation.consequences_economy);
    s.children.push_back(std::move(children));
    s.children.push_back(std::move(economy));
    return s;
}

Section Compiler::appendices() {
    // The decision document ends as seed 001's does: "Handlingar i ärendet" — the decision
    // document itself with its date, the boards' own decisions on their plans, the appendices —
    // and who signs it. The appendices follow, each on a page of its own.
    Section s{"appendices", label(lang_, "documents_in_case"), {}, {}, false, ""};
    const auto day = sdk::parse_date(in_.date);
    s.paragraph(label(lang_, "document_itself", day ? sdk::format_date_in_prose(*day, sdk_language(lang_)) : in_.date));
    for (const auto& board : in_.config.boards) {
        // One extract per decision: the board's one plan, or each area's.
        std::set<sdk::Date> adopted;
        for (const auto& [area, plan] : area_plans(board))
            if (plan.adopted) adopted.insert(*plan.adopted);
        for (const sdk::Date& on : adopted)
            s.paragraph(label(lang_, "document_board_plan", board.board.name, sdk::format_date_in_prose(on, sdk_language(lang_))));
    }
    for (const auto& board : in_.config.boards) {
        // Per board: its results in full (what its model and the core report), then its plan.
        Section child{"appendix-" + board.board.id, label(lang_, "appendix_board", board.board.name, in_.year, in_.year + 1), {}, {}, false, ""};
        if (auto d = appendix_details_.find(board.board.id); d != appendix_details_.end()) child.blocks = std::move(d->second);
        // A model's long table, provider by provider, is for the officers' spreadsheet.
        for (auto& b : child.blocks)
            if (b.kind == Block::Kind::table &&
                (b.table.spilled_csv.empty() ? b.table.rows.size() : b.table.rows_total) > in_.config.compilation.max_printed_rows)
                b.table.listing = true;
        if (auto it = appendix_plans_.find(board.board.id); it != appendix_plans_.end())
            child.blocks.insert(child.blocks.end(), std::make_move_iterator(it->second.begin()), std::make_move_iterator(it->second.end()));
        if (!child.blocks.empty()) s.children.push_back(std::move(child));
    }
    for (auto& extra : extra_appendices_) s.children.push_back(std::move(extra));
    // The decision document ends with the list of its appendices, numbered as they follow.
    for (std::size_t i = 0; i < s.children.size(); ++i) {
        std::string& title = s.children[i].title;
        const std::string prefix = label(lang_, "appendix_prefix");
        if (title.starts_with(prefix)) title = label(lang_, "appendix_numbered", i + 1, title.substr(prefix.size()));
        s.paragraph(title);
    }
    for (const auto& who : in_.config.compilation.signatories)
        s.paragraph(who.office.empty() ? fmt::format("{}, {}", who.name, who.title) : fmt::format("{}, {}, {}", who.name, who.title, who.office));
    return s;
}

}  // namespace followup::core::compilation
