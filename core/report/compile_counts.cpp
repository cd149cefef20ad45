// The figures the compilation shows more than once, counted once: per area, per board, for the
// municipality and per form of ownership. Every section and appendix that shows one reads it from
// here (a provider counted per area in one place and per organisation in another made the decision
// document say 475 providers on page 1 and 442 on page 7). The definitions are in
// docs/compilation.md, "How each figure is counted".
#include "report/compile_internal.hpp"

namespace followup::core::compilation {

namespace {
/// What a provider counts for in a total over several areas: once, with its units once, followed
/// up (deficient, late) if it was in any of them.
struct Once {
    std::size_t units = 0;
    bool followed_up = false, deficient = false, late = false;
    void merge(const ProviderFacts& p) {
        units = p.units;
        followed_up = followed_up || p.followed_up;
        deficient = deficient || p.deficient;
        late = late || p.late;
    }
};
void add_providers(Figures& f, const std::map<std::string_view, Once>& providers) {
    for (const auto& [org, p] : providers) {
        ++f.providers;
        f.units += p.units;
        f.followed_up += p.followed_up ? 1 : 0;
        f.deficient += p.deficient ? 1 : 0;
        f.late += p.late ? 1 : 0;
    }
}
void add_activity(Figures& to, const AreaFacts& a) {
    to.granted += a.granted, to.ended += a.ended, to.revoked += a.revoked;
    to.planned += a.planned, to.done += a.done;
    to.open_cases += a.open_cases, to.awaiting_closure += a.awaiting_closure;
}
}  // namespace

void Compiler::count_figures() {
    // Late at the measuring day, per area and provider: a planned follow-up past its window, an
    // open case past its re-check or its decision's deadline, or a unit past the due date its
    // board's model set (status_, worked out at the year's last day).
    std::set<std::pair<std::string_view, std::string_view>> late;  // (area, provider)
    for (const auto& o : status_.overdue) late.emplace(o.activity.area_id, o.activity.provider);
    for (const auto& c : status_.overdue_cases) late.emplace(c.area_id, c.provider);
    for (const auto& u : status_.overdue_units) late.emplace(u.area_id, u.provider);

    std::map<std::string_view, Once> everyone;
    std::map<std::string, std::map<std::string_view, Once>> per_board;
    std::map<sdk::Ownership, std::map<std::string_view, Once>> per_owner;
    for (auto& a : areas_) {
        Figures& area = area_figures_[a.area->id];
        auto& board = per_board[a.area->board_id];
        for (auto& p : a.providers) {
            p.late = late.count({a.area->id, p.provider.org_number}) > 0;
            if (!p.active) continue;
            ++area.providers;
            area.units += p.units;
            area.followed_up += p.followed_up ? 1 : 0;
            area.deficient += p.deficient ? 1 : 0;
            area.late += p.late ? 1 : 0;
            everyone[p.provider.org_number].merge(p);
            board[p.provider.org_number].merge(p);
            per_owner[p.provider.ownership][p.provider.org_number].merge(p);
        }
        add_activity(area, a);
        add_activity(board_figures_[a.area->board_id], a);
        add_activity(total_figures_, a);
    }
    for (const auto& [board, providers] : per_board) add_providers(board_figures_[board], providers);
    add_providers(total_figures_, everyone);
    for (const auto& [owner, providers] : per_owner) add_providers(ownership_figures_[owner], providers);
}

const Figures& Compiler::area_figures(const std::string& area_id) const {
    static const Figures none;
    auto it = area_figures_.find(area_id);
    return it != area_figures_.end() ? it->second : none;
}

const Figures& Compiler::board_figures(const std::string& board_id) const {
    static const Figures none;
    auto it = board_figures_.find(board_id);
    return it != board_figures_.end() ? it->second : none;
}

const Figures& Compiler::ownership_figures(sdk::Ownership o) const {
    static const Figures none;
    auto it = ownership_figures_.find(o);
    return it != ownership_figures_.end() ? it->second : none;
}

std::vector<Cell> Compiler::figures_row(Cell first, const Figures& f) const {
    return {std::move(first), count_cell(lang_, f.providers), count_cell(lang_, f.followed_up), percent_cell(lang_, f.followed_up, f.providers),
            count_cell(lang_, f.deficient), count_cell(lang_, f.granted), count_cell(lang_, f.ended), count_cell(lang_, f.revoked)};
}

std::vector<std::string> Compiler::figures_columns() const {
    return {label(lang_, "area"), label(lang_, "providers"), label(lang_, "followed_up"), label(lang_, "share_followed_up"),
            label(lang_, "with_deficiencies"), label(lang_, "granted"), label(lang_, "ended"), label(lang_, "of_which_revoked")};
}

std::vector<Table> Compiler::board_figures_tables(const BoardSettings& board) const {
    const auto areas = areas_of(board.board.id);
    std::vector<Table> out;
    // The decision document's table per area, the board's rows, and the board's key figures as
    // its total: the same counts.
    Table per_area{board.board.id + "-figures-per-area", label(lang_, "figures_per_area", board.board.name, in_.year), figures_columns(), {}};
    for (const auto* a : areas) per_area.rows.push_back(figures_row(Cell::named(a->area->name, a->area->id), area_figures(a->area->id)));
    per_area.rows.push_back(figures_row(Cell::named(label(lang_, "board_total", board.board.name), board.board.id), board_figures(board.board.id)));
    out.push_back(std::move(per_area));

    // Follow-ups per area and form, and the cases, from the same walk.
    Table forms{board.board.id + "-follow-ups-per-form", label(lang_, "follow_ups_per_form", in_.year),
                {label(lang_, "area"), label(lang_, "form"), label(lang_, "planned"), label(lang_, "done")}, {}};
    Table cases{board.board.id + "-cases-per-area", label(lang_, "cases_per_area", sdk::format_date(status_.at)),
                {label(lang_, "area"), label(lang_, "open_cases"), label(lang_, "awaiting_closure")}, {}};
    for (const auto* a : areas) {
        for (const auto& [form, counts] : a->per_form)
            forms.rows.push_back({Cell::named(a->area->name, a->area->id), Cell::named(form_name(board, form), form),
                                  count_cell(lang_, counts.first), count_cell(lang_, counts.second)});
        cases.rows.push_back({Cell::named(a->area->name, a->area->id), count_cell(lang_, a->open_cases), count_cell(lang_, a->awaiting_closure)});
    }
    const Figures& total = board_figures(board.board.id);
    forms.rows.push_back({Cell::named(label(lang_, "board_total", board.board.name), board.board.id), "", count_cell(lang_, total.planned),
                          count_cell(lang_, total.done)});
    cases.rows.push_back({Cell::named(label(lang_, "board_total", board.board.name), board.board.id), count_cell(lang_, total.open_cases),
                          count_cell(lang_, total.awaiting_closure)});
    out.push_back(std::move(forms));
    out.push_back(std::move(cases));

    // The board's decisions dated in the year, per area and kind.
    Table decisions{board.board.id + "-decisions-per-area", label(lang_, "decisions_per_area", in_.year),
                    {label(lang_, "area"), label(lang_, "decision_kind"), label(lang_, "count")}, {}};
    for (const auto* a : areas)
        for (const auto& [kind, n] : a->decisions) {
            const std::string id(sdk::to_string(kind));
            decisions.rows.push_back({Cell::named(a->area->name, a->area->id), Cell::named(label(lang_, "decision." + id), id), count_cell(lang_, n)});
        }
    if (!decisions.rows.empty()) out.push_back(std::move(decisions));

    // The grades of the year's follow-ups per area, on the board's scale: the chart's figures by area.
    if (const sdk::GradingScale* scale = in_.config.scales.find(board.scale_id)) {
        Table grades{board.board.id + "-grades-per-area", label(lang_, "grades_per_area", in_.year), {label(lang_, "area")}, {}};
        for (const auto& level : scale->levels()) grades.columns.push_back(lang_ == Language::en ? level.label_en : level.label_sv);
        for (const auto* a : areas) {
            std::vector<Cell> row{Cell::named(a->area->name, a->area->id)};
            for (const auto& level : scale->levels()) {
                auto it = a->year_grades.find({scale->id(), level.id});
                row.push_back(count_cell(lang_, it != a->year_grades.end() ? static_cast<std::size_t>(it->second) : 0));
            }
            grades.rows.push_back(std::move(row));
        }
        out.push_back(std::move(grades));
    }
    return out;
}

}  // namespace followup::core::compilation
