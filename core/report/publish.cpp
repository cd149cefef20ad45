#include "followup/sdk/numbers.hpp"
#include "report/publish.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "io/csv.hpp"
#include "report/catalogue.hpp"
#include "report/render.hpp"

namespace followup::core {
namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

void write(const fs::path& file, const std::string& text, PublishedFiles& out) {
    std::ofstream f(file, std::ios::binary);
    f << text;
    if (!f) throw std::runtime_error(fmt::format("cannot write '{}'", file.string()));
    out.files.push_back(file);
}

struct Figure {
    double value = 0;
    int answers = 0;
    bool has_answers = false;
};

constexpr const char* page_style = R"CSS(
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem; color: #1d2329; line-height: 1.45; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #d5dbe0; padding: 0.3rem 0.5rem; text-align: left; }
th { background: #f1f4f6; }
td.num { text-align: right; }
.new { background: #e6f0f7; padding: 0 0.3rem; border-radius: 3px; font-size: 0.8rem; }
.ended { background: #f7e9e6; color: #6b2414; padding: 0 0.3rem; border-radius: 3px; font-size: 0.8rem; }
.note { color: #5d6770; font-size: 0.88rem; }
)CSS";

}  // namespace

PublishedFiles publish_results(const MunicipalityConfig& config, const Register& store, int year, Language lang,
                               const fs::path& directory) {
    fs::create_directories(directory);
    PublishedFiles out;
    const int minimum = config.min_group_size;
    const sdk::Date year_end = std::chrono::year{year} / 12 / 31;
    // Keyed like Kolada: key figure, unit (the unit's id, or the provider's organisation number
    // when it has no units in the area), period.
    std::string open_data = "kpi;unit;unit_name;provider;area;period;value;n;status\n";

    std::string index = fmt::format(R"(<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><title>{}</title><style>{}</style></head><body><h1>{}</h1><p>{}</p><ul>)",
                                    lang == Language::en ? "en" : "sv", html_escape(label(lang, "pub_title", config.municipality.name, year)),
                                    page_style, html_escape(label(lang, "pub_title", config.municipality.name, year)),
                                    html_escape(label(lang, "pub_intro")));
    for (const sdk::Area& area : config.areas) {
        const BoardSettings* board = config.board(area.board_id);
        // An unannounced visit's date never leaves the register: residents see the year only.
        auto shown_date = [&](const sdk::FollowUpActivity& a) {
            const bool unannounced = board != nullptr && std::any_of(board->forms.begin(), board->forms.end(), [&](const auto& f) {
                                         return f.id == a.form_id && f.unannounced;
                                     });
            return unannounced ? std::to_string(static_cast<int>(a.done->year())) : sdk::format_date(*a.done);
        };
        const sdk::GradingScale* scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
        const auto providers = store.providers_in_area(area.id);
        // The key figures residents compare: those with answers behind them (surveys), and those
        // the publishing rule names.
        std::map<std::string, std::map<std::string, Figure>> figures;  // provider → key → figure
        std::set<std::string> keys;
        std::string rows;
        // What residents choose between is the unit (the preschool, the home-care team); a provider
        // without registered units in the area is shown as a whole. One row each, same layout
        // for private, non-profit and municipal providers.
        struct ResidentRow {
            std::string key;        ///< the unit's id, or the provider's organisation number
            std::string unit_id;    ///< empty for a provider shown as a whole
            std::string name;
            const sdk::Provider* provider = nullptr;
        };
        std::vector<ResidentRow> published;
        for (const auto& p : providers) {
            const auto auths = store.authorizations(p.org_number, area.id);
            // Authorized at some time in the year: granted by its end, not ended before it began
            // (a revocation without a date ends it at once).
            const bool active = std::any_of(auths.begin(), auths.end(), [&](const auto& a) {
                if (year_end < a.granted) return false;
                if (a.ended) return !(*a.ended < std::chrono::year{year} / 1 / 1);
                return a.status != sdk::AuthorizationStatus::revoked;
            });
            if (!active) continue;
            std::size_t before_units = published.size();
            for (const auto& u : store.units_of(p.org_number))
                if (u.area_id.empty() || u.area_id == area.id) published.push_back({u.id, u.id, u.name, &p});
            if (published.size() == before_units) published.push_back({p.org_number, "", p.name, &p});
        }
        for (const ResidentRow& row : published) {
            const sdk::Provider& p = *row.provider;
            const auto auths = store.authorizations(p.org_number, area.id);
            std::optional<sdk::FollowUpActivity> latest;
            for (const auto& a : store.follow_ups(p.org_number, area.id)) {
                // A follow-up of the provider as a whole concerns each of its units.
                if (!row.unit_id.empty() && !a.unit_id.empty() && a.unit_id != row.unit_id) continue;
                if (a.status == sdk::ActivityStatus::done && a.done && !(year_end < *a.done) && (!latest || (*latest->done < *a.done)))
                    latest = a;
            }
            std::string grade = "-", open = "-";
            if (latest) {
                std::vector<std::string> levels;
                int deficiencies = 0;
                for (const auto& f : store.findings(latest->id))
                    if (scale != nullptr && f.grade.scale_id == scale->id() && scale->level(f.grade.level_id) != nullptr) {
                        levels.push_back(f.grade.level_id);
                        deficiencies += scale->is_deficiency(f.grade.level_id) ? 1 : 0;
                    }
                if (!levels.empty()) {
                    const auto& worst = scale->worst(levels);
                    grade = lang == Language::en ? worst.label_en : worst.label_sv;
                }
                open = std::to_string(deficiencies);
            }
            sdk::Date granted = auths.front().granted;
            for (const auto& a : auths)
                if ((a.granted < granted)) granted = a.granted;
            const bool is_new = !latest && !(granted < sys_days{year_end} - days{365});
            // An authorization that ended in the year: residents see that the provider has left.
            std::optional<sdk::Date> ended;
            bool in_force = false;
            for (const auto& a : auths) {
                if (sdk::in_force(a)) in_force = true;
                if (a.ended && (!ended || *ended < *a.ended)) ended = a.ended;
            }
            const std::string ended_badge = !in_force && ended ? " <span class=\"ended\">" + html_escape(label(lang, "pub_ended", sdk::format_date(*ended))) + "</span>" : "";
            // Key figures: answer-weighted over the year; the unit's own values, else the provider's.
            std::map<std::string, Figure> mine;
            for (const std::string& key : config.published_key_figures) {
                const auto series = store.indicator_series(key, p.org_number);
                const bool own = !row.unit_id.empty() &&
                                 std::any_of(series.begin(), series.end(), [&](const auto& v) { return v.unit_id == row.unit_id; });
                Figure f;
                double weight = 0;
                for (const auto& v : series) {
                    if (static_cast<int>(v.period.first.year()) != year) continue;
                    if (v.unit_id != (own ? row.unit_id : std::string())) continue;
                    const double w = v.answers ? *v.answers : 1.0;
                    f.value += v.value * w, weight += w;
                    if (v.answers) f.answers += *v.answers, f.has_answers = true;
                }
                if (weight == 0) continue;
                f.value /= weight;
                mine[key] = f;
                keys.insert(key);
            }
            figures[row.key] = mine;
            rows += fmt::format("<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>",
                                html_escape(row.name), (is_new ? " <span class=\"new\">" + html_escape(label(lang, "pub_new")) + "</span>" : "") + ended_badge,
                                html_escape(p.name),
                                html_escape(label(lang, p.ownership == sdk::Ownership::municipal ? "own_municipal" : p.ownership == sdk::Ownership::non_profit ? "own_non_profit" : "own_private")),
                                latest ? shown_date(*latest) : "-", html_escape(grade), open);
            rows += "{FIGURES:" + row.key + "}</tr>";
        }
        // Fill in the figure cells now that the columns are known.
        std::string header;
        for (const auto& key : keys) {
            const auto name = config.key_figure_names.find(key);
            header += "<th>" + html_escape(name != config.key_figure_names.end() ? name->second : key) + "</th>";
        }
        for (const ResidentRow& row : published) {
            const sdk::Provider& p = *row.provider;
            const std::string marker = "{FIGURES:" + row.key + "}";
            const auto at = rows.find(marker);
            if (at == std::string::npos) continue;
            std::string cells;
            for (const auto& key : keys) {
                auto it = figures[row.key].find(key);
                std::string status, value, n;
                if (it == figures[row.key].end()) {
                    cells += "<td class=\"num\">-</td>";
                    status = "-";
                } else if (it->second.has_answers && it->second.answers < minimum) {
                    // Too few answers: a person could be recognised. Withheld.
                    cells += "<td class=\"num\">..</td>";
                    status = "..";
                    n = std::to_string(it->second.answers);
                    ++out.suppressed;
                } else {
                    // Open data keeps a machine-readable decimal point; the page writes the
                    // reader's numbers ("87,3").
                    value = fmt::format("{:.1f}", it->second.value);
                    n = it->second.has_answers ? std::to_string(it->second.answers) : "";
                    const std::string shown = sdk::format_number(it->second.value, 1, lang == Language::en ? sdk::Language::en : sdk::Language::sv);
                    cells += "<td class=\"num\">" + shown + (n.empty() ? "" : " <span class=\"note\">(n=" + n + ")</span>") + "</td>";
                }
                const std::vector<std::string> fields{key, row.key, row.name, p.org_number, area.id, std::to_string(year), value,
                                                      status == ".." ? "" : n, status};
                for (std::size_t i = 0; i < fields.size(); ++i) open_data += (i ? ";" : "") + csv_field(fields[i], ';');
                open_data += '\n';
            }
            rows.replace(at, marker.size(), cells);
        }
        const std::string page = fmt::format(
            R"(<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><title>{}</title><style>{}</style></head><body><p><a href="index.html">{}</a></p><h1>{}</h1><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th>{}</tr></thead><tbody>{}</tbody></table><p class="note">{}</p></body></html>)",
            lang == Language::en ? "en" : "sv", html_escape(area.name), page_style, html_escape(label(lang, "pub_back")), html_escape(area.name),
            html_escape(label(lang, "unit")), html_escape(label(lang, "provider")), html_escape(label(lang, "ownership")),
            html_escape(label(lang, "pub_latest")),
            html_escape(label(lang, "grade")), html_escape(label(lang, "pub_open")), header, rows,
            html_escape(label(lang, "pub_footnote", minimum)));
        write(directory / (area.id + ".html"), page, out);
        index += fmt::format(R"(<li><a href="{}.html">{}</a></li>)", html_escape(area.id), html_escape(area.name));
    }
    index += "</ul><p class=\"note\">" + html_escape(label(lang, "pub_footnote", minimum)) + "</p><p><a href=\"" +
             fmt::format("oppna-data-{}.csv", year) + "\">" + html_escape(label(lang, "pub_open_data")) + "</a></p></body></html>";
    write(directory / "index.html", index, out);
    write(directory / fmt::format("oppna-data-{}.csv", year), open_data, out);
    return out;
}

}  // namespace followup::core
