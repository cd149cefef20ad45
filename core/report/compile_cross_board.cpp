// Figures across the boards: providers per area, by ownership, visits per month, deficiencies per year.
#include "report/compile_internal.hpp"

namespace followup::core::compilation {

Section Compiler::cross_board() {
    Section s{"cross-board", label(lang_, "cross_board"), {}, {}, false, ""};
    // One table per area for the year: who is there, who was followed up and with what result,
    // and who came in and left (seeds 000, 003). The areas come board by board, in the order of
    // the boards' sections above, which name each board's areas.
    // Every figure from count_figures(), which the boards' key figures and appendices read too.
    Table per_area{"providers-per-area", label(lang_, "providers_per_area", in_.year), figures_columns(), {}};
    for (const auto& a : areas_) per_area.rows.push_back(figures_row(Cell::named(a.area->name, a.area->id), area_figures(a.area->id)));
    const Figures& all = municipality_figures();
    s.paragraph(label(lang_, "authorizations_text", all.granted, all.ended, all.revoked));
    s.add(std::move(per_area));
    // By organisation: the municipality is one provider, with all its units, however many areas
    // it runs units in.
    Table owners{"by-ownership", label(lang_, "by_ownership", in_.year),
                 {label(lang_, "ownership"), label(lang_, "providers"), label(lang_, "units"), label(lang_, "followed_up"), label(lang_, "share_followed_up"),
                  label(lang_, "with_deficiencies"), label(lang_, "share_with_deficiencies")},
                 {}};
    std::vector<std::string> shares;
    for (auto o : {sdk::Ownership::private_company, sdk::Ownership::non_profit, sdk::Ownership::municipal}) {
        const Figures& c = ownership_figures(o);
        owners.rows.push_back({Cell::named(ownership_text(o), std::string(sdk::to_string(o))), count_cell(lang_, c.providers), count_cell(lang_, c.units),
                               count_cell(lang_, c.followed_up), percent_cell(lang_, c.followed_up, c.providers), count_cell(lang_, c.deficient),
                               percent_cell(lang_, c.deficient, c.followed_up)});
        shares.push_back(percent(lang_, c.followed_up, c.providers));
    }
    s.add(std::move(owners));
    s.paragraph(label(lang_, "neutrality_text", shares[0], shares[1], shares[2]));
    s.add(deficiencies_chart());
    // Visits against the inspectors' capacity is the officers' planning figure: an appendix.
    Section figures{"appendix-visits", label(lang_, "appendix_of", label(lang_, "chart_visits", in_.year)), {}, {}, false, ""};
    figures.add(visits_chart());
    extra_appendices_.push_back(std::move(figures));
    return s;
}

Chart Compiler::visits_chart() {
    Chart chart;
    chart.kind = Chart::Kind::bars;
    chart.id = "visits-per-month";
    chart.title = label(lang_, "chart_visits", in_.year);
    Series done{label(lang_, "done"), std::vector<double>(12, 0.0)};
    Series capacity{label(lang_, "capacity"), std::vector<double>(12, 0.0)};
    double monthly = 0;
    for (const auto& i : in_.config.inspectors) monthly += i.monthly_capacity;
    for (unsigned m = 1; m <= 12; ++m) {
        chart.categories.push_back(fmt::format("{:02}", m));
        capacity.values[m - 1] = monthly;
    }
    for (const auto& a : areas_)
        for (std::size_t m = 0; m < 12; ++m) done.values[m] += a.visits[m];
    chart.series.push_back(std::move(done));
    chart.limit = std::move(capacity);
    return chart;
}

Chart Compiler::deficiencies_chart() {
    Chart chart;
    chart.kind = Chart::Kind::lines;
    chart.id = "deficiencies-per-year";
    chart.title = label(lang_, "chart_deficiencies");
    for (int y = in_.year - 4; y <= in_.year; ++y) chart.categories.push_back(std::to_string(y));
    for (const auto& board : in_.config.boards) {
        Series series{board.board.name, std::vector<double>(5, 0.0)};
        for (const auto* a : areas_of(board.board.id))
            for (std::size_t y = 0; y < 5; ++y) series.values[y] += a->deficient_by_year[y];
        chart.series.push_back(std::move(series));
    }
    return chart;
}

}  // namespace followup::core::compilation
