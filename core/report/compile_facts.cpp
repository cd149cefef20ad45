// What the seeds name beside the follow-ups themselves (issue 29, point 7), each a recorded fact
// with its place in the compilation:
//  - the council's programme for private providers (seeds 001 and 004; kommunallagen (2017:725)
//    10 kap. 7 §): in the background, the one in force in the year, or the finding that there is
//    none;
//  - a board's own steps of its annual process (labour's 1, 3, 6, 7 and 8, seed 001): in the
//    board in brief, done and not recorded, and in its appendix as a table;
//  - the support and competence-raising measures offered to providers (seed 004): counted in the
//    board in brief, listed in its appendix (the spreadsheet and a CSV file);
//  - the reports of changed needs and the new needs assessment each leads to (seed 004): counted
//    in the board in brief.
#include "report/compile_internal.hpp"

namespace followup::core::compilation {

namespace {

/// The name of step `number` in the board's own description of its process ([[model.steps]],
/// as the board's plugin reads it: the steps in their order, each with a `name`), or empty.
std::string step_name(const BoardSettings& board, long long number) {
    if (const auto* steps = board.model["steps"].as_array(); steps != nullptr && number >= 1 && static_cast<std::size_t>(number) <= steps->size())
        if (const auto* t = (*steps)[static_cast<std::size_t>(number - 1)].as_table())
            return (*t)["name"].value_or(std::string{});
    return "";
}

}  // namespace

void Compiler::read_seeds_facts() {
    const std::string year = std::to_string(in_.year);
    const std::string jan1 = year + "-01-01", dec31 = year + "-12-31";
    const RecordKind& programmes = *find_record_kind("programmes");
    in_.store.for_each(programmes, [&](const Row& row) { programmes_.push_back(row); });  // in key order: by adoption day

    const RecordKind& steps = *find_record_kind("board_steps");
    in_.store.for_each(steps, [&](const Row& row) {
        if (value_of(steps, row, "year") == year)
            board_steps_[value_of(steps, row, "board")][std::stoll(value_of(steps, row, "step"))] = row;
    });

    auto board_of = [&](const std::string& area_id) -> std::string {
        const sdk::Area* area = in_.config.area(area_id);
        return area != nullptr ? area->board_id : "";
    };
    const RecordKind& measures = *find_record_kind("support_measures");
    in_.store.for_each(measures, [&](const Row& row) {
        if (value_of(measures, row, "offered").starts_with(year)) support_measures_[board_of(value_of(measures, row, "area"))].push_back(row);
    });
    for (auto& [board, rows] : support_measures_)
        std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) {
            return value_of(measures, a, "offered") < value_of(measures, b, "offered");
        });

    // The conditions checked in the year, and those owed and not checked at its end
    // (schedule/condition_checks.hpp): counted, not held (a country's register owes hundreds of
    // thousands when it keeps no checks).
    const RecordKind& checks = *find_record_kind("condition_checks");
    in_.store.for_each(checks, {"area", "checked", "occasion"}, [&](const Row& row) {
        if (!row[1].starts_with(year)) return;
        ConditionChecks& c = condition_checks_[board_of(row[0])];
        const std::string& occasion = row[2];
        ++(occasion == "authorization" ? c.at_authorization : occasion == "annually" ? c.yearly : c.on_signal);
    });
    each_condition_check_due(in_.config, in_.store, sdk::Date{std::chrono::year{in_.year} / 12 / 31}, "",
                             [&](ConditionCheckDue&& due) { ++condition_checks_[board_of(due.area_id)].owed; });

    const RecordKind& reports = *find_record_kind("needs_reports");
    in_.store.for_each(reports, [&](const Row& row) {
        const std::string& received = value_of(reports, row, "received");
        const std::string& reassessed = value_of(reports, row, "reassessed");
        if (received > dec31 || (!reassessed.empty() && reassessed < jan1)) return;  // not of the year
        NeedsReports& n = needs_reports_[board_of(value_of(reports, row, "area"))];
        if (received >= jan1) {
            ++n.received;
            if (value_of(reports, row, "direction") == "more") ++n.more;
        }
        if (!reassessed.empty() && reassessed <= dec31) {
            ++n.reassessed;
        } else {
            // Received by the year's end and not yet assessed anew on its last day.
            ++n.awaiting;
            const auto day = sdk::parse_date(received);
            if (day && (!n.oldest_awaiting || *day < *n.oldest_awaiting)) n.oldest_awaiting = day;
        }
    });
}

std::string Compiler::programme_paragraph() const {
    const RecordKind& programmes = *find_record_kind("programmes");
    const std::string dec31 = std::to_string(in_.year) + "-12-31";
    auto field = [&](const Row& row, std::string_view column) -> const std::string& { return value_of(programmes, row, column); };
    auto in_prose = [&](const std::string& date) {
        const auto d = sdk::parse_date(date);
        return d ? sdk::format_date_in_prose(*d, sdk_language(lang_)) : date;
    };
    auto title = [&](const Row& row) { return field(row, "title").empty() ? label(lang_, "programme_untitled") : field(row, "title"); };
    auto reference = [&](const Row& row) {
        return field(row, "reference").empty() ? std::string{} : label(lang_, "programme_reference", field(row, "reference"));
    };
    // Adopted by the year's end, for a term the year is in; of several, the latest adopted.
    const Row* in_force = nullptr;
    const Row* latest = nullptr;
    for (const Row& row : programmes_) {
        if (field(row, "adopted") > dec31) continue;
        latest = &row;
        if (std::stoll(field(row, "term_from")) <= in_.year && in_.year <= std::stoll(field(row, "term_to"))) in_force = &row;
    }
    if (in_force != nullptr)
        return label(lang_, "programme_in_force", title(*in_force), in_prose(field(*in_force, "adopted")), reference(*in_force),
                     field(*in_force, "term_from"), field(*in_force, "term_to"));
    std::string text = label(lang_, "programme_missing", in_.year);
    if (latest != nullptr)
        text += label(lang_, "programme_expired", title(*latest), in_prose(field(*latest, "adopted")), reference(*latest),
                      field(*latest, "term_from"), field(*latest, "term_to"));
    return text;
}

void Compiler::seeds_facts_in_brief(const BoardSettings& board, Section& brief) const {
    const RecordKind& steps = *find_record_kind("board_steps");
    const auto recorded = board_steps_.find(board.board.id);
    if (!board.recorded_steps.empty() || recorded != board_steps_.end()) {
        auto named = [&](long long n) {
            const std::string name = step_name(board, n);
            return label(lang_, "step_word", n) + (name.empty() ? "" : " (" + name + ")");
        };
        std::string done, missing;
        if (recorded != board_steps_.end())
            for (const auto& [n, row] : recorded->second)
                done += (done.empty() ? "" : "; ") + named(n) + " " + value_of(steps, row, "done");
        for (int n : board.recorded_steps)
            if (recorded == board_steps_.end() || !recorded->second.count(n)) missing += (missing.empty() ? "" : "; ") + named(n);
        std::string text = label(lang_, "board_steps_done", in_.year, done.empty() ? label(lang_, "none_recorded") : done);
        if (!missing.empty()) text += " " + label(lang_, "board_steps_missing", in_.year, missing);
        brief.paragraph(std::move(text));
    }

    if (auto m = support_measures_.find(board.board.id); m != support_measures_.end() && !m->second.empty()) {
        const RecordKind& measures = *find_record_kind("support_measures");
        std::size_t support = 0;
        std::set<std::string> providers;
        for (const Row& row : m->second) {
            if (value_of(measures, row, "kind") == "support") ++support;
            providers.insert(value_of(measures, row, "provider"));
        }
        brief.paragraph(label(lang_, "support_measures_text", in_.year, m->second.size(), support, m->second.size() - support, providers.size()));
    }

    // Seed 001: "Av en särskild tabell i utbildningsnämndens modell för uppföljning framgår när
    // respektive auktorisationsvillkor ska följas upp": what the board checked outside its
    // follow-ups, and what it owed at the year's end.
    if (auto c = condition_checks_.find(board.board.id); c != condition_checks_.end()) {
        const ConditionChecks& k = c->second;
        brief.paragraph(label(lang_, "condition_checks_text", in_.year, k.at_authorization + k.yearly + k.on_signal, k.at_authorization,
                              k.yearly, k.on_signal, k.owed));
    }

    if (auto n = needs_reports_.find(board.board.id); n != needs_reports_.end()) {
        const NeedsReports& r = n->second;
        std::string text = label(lang_, "needs_reports_text", in_.year, r.received, r.more, r.received - r.more, r.reassessed);
        if (r.awaiting > 0 && r.oldest_awaiting) {
            const sdk::Date dec31 = year{in_.year} / 12 / 31;
            text += " " + label(lang_, "needs_reports_awaiting", r.awaiting, (sys_days{dec31} - sys_days{*r.oldest_awaiting}).count());
        } else {
            text += " " + label(lang_, "needs_reports_none_awaiting");
        }
        brief.paragraph(std::move(text));
    }
}

void Compiler::seeds_facts_in_appendix(const BoardSettings& board, Section& details) const {
    const auto recorded = board_steps_.find(board.board.id);
    if (!board.recorded_steps.empty() || recorded != board_steps_.end()) {
        const RecordKind& steps = *find_record_kind("board_steps");
        Table t{board.board.id + "-own-steps", label(lang_, "board_steps_table", in_.year),
                {label(lang_, "col_step"), label(lang_, "col_step_name"), label(lang_, "col_done"), label(lang_, "col_reference")}, {}};
        // Every step the board records, done or not, and any other recorded for the year.
        std::set<long long> numbers(board.recorded_steps.begin(), board.recorded_steps.end());
        if (recorded != board_steps_.end())
            for (const auto& [n, row] : recorded->second) numbers.insert(n);
        for (long long n : numbers) {
            const Row* row = nullptr;
            if (recorded != board_steps_.end())
                if (auto it = recorded->second.find(n); it != recorded->second.end()) row = &it->second;
            const std::string name = step_name(board, n);
            t.rows.push_back({Cell(std::to_string(n), static_cast<double>(n)), name.empty() ? "–" : name,
                              row != nullptr ? value_of(steps, *row, "done") : label(lang_, "not_recorded"),
                              row != nullptr && !value_of(steps, *row, "reference").empty() ? value_of(steps, *row, "reference") : "–"});
        }
        details.add(std::move(t));
    }
    if (auto m = support_measures_.find(board.board.id); m != support_measures_.end() && !m->second.empty()) {
        const RecordKind& measures = *find_record_kind("support_measures");
        // Item by item: in the spreadsheet and a CSV file beside the document, not on its pages.
        Table list{"support-" + board.board.id, label(lang_, "support_measures_table", board.board.name, in_.year),
                   {label(lang_, "col_offered"), label(lang_, "provider"), label(lang_, "area"), label(lang_, "col_kind"),
                    label(lang_, "col_description"), label(lang_, "col_follow_up")},
                   {}};
        list.listing = true;
        for (const Row& row : m->second) {
            const std::string& provider = value_of(measures, row, "provider");
            const std::string& area = value_of(measures, row, "area");
            const std::string& follow_up = value_of(measures, row, "follow_up");
            list.rows.push_back({value_of(measures, row, "offered"), Cell::named(name_of(provider), provider), Cell::named(area_name(area), area),
                                 label(lang_, "support_kind_" + value_of(measures, row, "kind")), value_of(measures, row, "description"),
                                 follow_up.empty() ? "–" : follow_up});
        }
        details.add(std::move(list));
    }
}

}  // namespace followup::core::compilation
