#include "report_support.hpp"

#include <algorithm>
#include <map>

#include "support.hpp"

namespace followup::models {

namespace {
bool in_year(const sdk::Date& day, int year) { return static_cast<int>(day.year()) == year; }
}  // namespace

sdk::BoardSection board_section(sdk::HostServices& host, const sdk::BoardSetup& setup, const sdk::SectionRequest& request,
                                const std::vector<std::string>& forms, const std::string& scale_id,
                                const std::string& summary) {
    const auto lang = request.language;
    const int year = request.year;
    const sdk::GradingScale* scale = host.scale(scale_id);
    const auto& reg = host.register_view();

    sdk::Table activity_table{tr(lang, "Uppföljningar " + std::to_string(year), "Follow-ups " + std::to_string(year)),
                              {tr(lang, "Område", "Area"), tr(lang, "Form", "Form"), tr(lang, "Planerade", "Planned"),
                               tr(lang, "Genomförda", "Done")},
                              {}};
    sdk::Table grade_table{tr(lang, "Bedömningar", "Grades"), {tr(lang, "Område", "Area")}, {}};
    if (scale != nullptr)
        for (const auto& level : scale->levels()) grade_table.columns.push_back(tr(lang, level.label_sv, level.label_en));
    sdk::Table decision_table{tr(lang, "Beslut", "Decisions"), {tr(lang, "Område", "Area"), tr(lang, "Beslut", "Decision"),
                                                               tr(lang, "Antal", "Count")}, {}};
    sdk::Table open_table{tr(lang, "Öppna ärenden (senaste uppföljningen visade brister)",
                             "Open cases (the latest follow-up found deficiencies)"),
                          {tr(lang, "Område", "Area"), tr(lang, "Anordnare", "Provider"),
                           tr(lang, "Senaste uppföljning", "Latest follow-up")},
                          {}};
    std::size_t providers_total = 0, done_total = 0;
    for (const sdk::Area& area : setup.areas) {
        std::map<std::string, std::pair<int, int>> per_form;
        std::map<std::string, long long> grades;  // level → count
        std::map<sdk::DecisionKind, int> decisions;
        reg.for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
            ++providers_total;
            for (const auto& o : record.follow_ups) {
                const sdk::FollowUpActivity& activity = o.activity;
                if (std::find(forms.begin(), forms.end(), activity.form_id) == forms.end()) continue;
                if (in_year(activity.planned.first, year)) ++per_form[activity.form_id].first;
                if (!activity.done || !in_year(*activity.done, year)) continue;
                ++per_form[activity.form_id].second;
                ++done_total;
                for (const auto& g : o.grades)
                    if (g.grade.scale_id == scale_id && scale != nullptr && scale->level(g.grade.level_id) != nullptr)
                        grades[g.grade.level_id] += g.count;
                for (const auto& d : o.decisions) ++decisions[d.kind];
            }
            const auto past = recent_history(host, record, forms, {}, 1);
            if (!past.empty() && past.back().deficient())
                open_table.rows.push_back({area.name, record.provider.name, iso(*past.back().activity.done)});
        });
        for (const auto& form : forms)
            if (per_form.count(form) > 0)
                activity_table.rows.push_back({area.name, form_name(setup, form), std::to_string(per_form[form].first),
                                               std::to_string(per_form[form].second)});
        if (scale != nullptr) {
            std::vector<std::string> row{area.name};
            for (const auto& level : scale->levels()) row.push_back(std::to_string(grades[level.id]));
            grade_table.rows.push_back(std::move(row));
        }
        for (const auto& [kind, count] : decisions)
            decision_table.rows.push_back({area.name, decision_text(kind), std::to_string(count)});
    }
    sdk::BoardSection section;
    section.title = setup.board.name;
    section.paragraphs.push_back(summary);
    section.paragraphs.push_back(tr(lang,
                                    std::to_string(providers_total) + " anordnare i " + std::to_string(setup.areas.size()) +
                                        " kundvalsområden; " + std::to_string(done_total) + " genomförda uppföljningar " +
                                        std::to_string(year) + ".",
                                    std::to_string(providers_total) + " providers in " + std::to_string(setup.areas.size()) +
                                        " customer-choice areas; " + std::to_string(done_total) + " follow-ups done in " +
                                        std::to_string(year) + "."));
    section.tables = {activity_table, grade_table, decision_table, open_table};
    return section;
}

}  // namespace followup::models
