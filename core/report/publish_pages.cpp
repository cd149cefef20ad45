// The residents' pages: the start page, a page per area (in every ordering a resident can ask
// for, so sorting works without JavaScript; filtering is a plain form of radio buttons that the
// style sheet acts on) and a page per unit with five years of history. Every page links with
// relative addresses to index.html files, so the site works opened from disk and served by any
// static web server; nothing is fetched from elsewhere.
#include <algorithm>
#include <functional>

#include <fmt/format.h>

#include "report/catalogue.hpp"
#include "report/publish_internal.hpp"
#include "report/render.hpp"

namespace followup::core::publishing {
namespace fs = std::filesystem;

namespace {

std::string esc(std::string_view s) { return html_escape(s); }

/// The head and the top of the body, shared by every page. `root` leads back to the site's root
/// ("../../"), so the page works wherever the site is put.
std::string page_top(const Site& site, const std::string& root, const std::string& title, const std::string& description,
                     const std::string& head_extra, const std::vector<std::pair<std::string, std::string>>& crumbs) {
    const Language lang = site.lang;
    std::string html = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n"
        "<meta name=\"description\" content=\"{}\">\n<link rel=\"stylesheet\" href=\"{}stil.css\">\n{}</head>\n<body>\n"
        "<a class=\"skip\" href=\"#innehall\">{}</a>\n<header class=\"site\"><p><a href=\"{}index.html\">{}</a></p></header>\n",
        lang == Language::en ? "en" : "sv", esc(title), esc(description), root, head_extra, esc(text(lang, "skip")), root,
        esc(fmt::format(fmt::runtime(text(lang, "site_name")), site.config->municipality.name, site.year)));
    if (!crumbs.empty()) {
        html += "<nav class=\"crumbs\" aria-label=\"" + esc(text(lang, "crumbs")) + "\"><ol>";
        for (std::size_t i = 0; i < crumbs.size(); ++i)
            html += i + 1 < crumbs.size() ? "<li><a href=\"" + crumbs[i].second + "\">" + html_name(crumbs[i].first) + "</a></li>"
                                          : "<li><a href=\"" + crumbs[i].second + "\" aria-current=\"page\">" + html_name(crumbs[i].first) + "</a></li>";
        html += "</ol></nav>\n";
    }
    return html + "<main id=\"innehall\" tabindex=\"-1\">\n";
}

std::string page_bottom(const Site& site, const std::string& root, bool script) {
    const Language lang = site.lang;
    return fmt::format("</main>\n<footer class=\"site\"><p>{}</p><p><a href=\"{}data/index.html\">{}</a></p></footer>\n{}</body>\n</html>\n",
                       esc(fmt::format(fmt::runtime(text(lang, "footnote")), site.config->min_group_size)), root,
                       esc(text(lang, "open_data")), script ? "<script src=\"" + root + "jamfor.js\"></script>\n" : "");
}

std::string key_name(const Site& site, const std::string& key) {
    auto it = site.config->key_figure_names.find(key);
    return it != site.config->key_figure_names.end() ? it->second : key;
}

/// A figure as residents read it: "87,3" with its answers, ".." when too few answered, "-" when
/// there is none.
std::string figure_cell(const Site& site, const std::map<std::string, Figure>& figures, const std::string& key) {
    auto it = figures.find(key);
    if (it == figures.end()) return "-";
    if (withheld(it->second, site.config->min_group_size)) return "..";
    return number(site.lang, it->second.value) + (it->second.has_answers ? " <span class=\"note\">(n=" + std::to_string(it->second.answers) + ")</span>" : "");
}

/// Swedish order for sorting: å, ä, ö after z, case ignored. The cells carry this key, so the
/// script's in-place sorting agrees with the pre-sorted pages.
std::string collation_key(const std::string& s) {
    std::string k;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 'A' && c <= 'Z') k += static_cast<char>(c - 'A' + 'a');
        else if (c == 0xC3 && i + 1 < s.size()) {
            const unsigned char d = static_cast<unsigned char>(s[++i]);
            k += (d == 0xA5 || d == 0x85) ? '{' : (d == 0xA4 || d == 0x84) ? '|' : (d == 0xB6 || d == 0x96) ? '}' : (d == 0xA9 || d == 0x89) ? 'e' : '~';
        } else k += static_cast<char>(c);
    }
    return k;
}

/// A column of the area's table: what it is called, its id in the orderings' file names, and the
/// value it sorts by (missing values last, whichever the direction).
struct Column {
    std::string id, heading;
    bool numeric = false;  ///< sorts by number (a grade by its rank on the scale, a count, a figure)
    bool figure = false;   ///< a key figure: right-aligned, as numbers are
    std::function<std::optional<std::string>(const UnitRow&)> text_key;
    std::function<std::optional<double>(const UnitRow&)> number_key;
};

std::vector<Column> columns_of(const Site& site, const AreaPage& area) {
    const Language lang = site.lang;
    std::vector<Column> cols;
    auto text_col = [&](std::string id, std::string heading, std::function<std::string(const UnitRow&)> key) {
        cols.push_back({std::move(id), std::move(heading), false, false, [key](const UnitRow& r) -> std::optional<std::string> {
                            std::string k = key(r);
                            if (k.empty()) return std::nullopt;
                            return collation_key(k);
                        }, nullptr});
    };
    auto number_col = [&](std::string id, std::string heading, std::function<std::optional<double>(const UnitRow&)> key, bool figure = false) {
        cols.push_back({std::move(id), std::move(heading), true, figure, nullptr, std::move(key)});
    };
    text_col("namn", text(lang, "col_unit"), [](const UnitRow& r) { return r.name; });
    text_col("anordnare", text(lang, "col_provider"), [](const UnitRow& r) { return r.provider_name; });
    text_col("agarform", text(lang, "col_ownership"), [lang](const UnitRow& r) { return ownership_word(lang, r.ownership); });
    // Address and district only where some unit has them (a home-care provider has no address
    // residents go to): a column of dashes helps no one.
    if (std::any_of(area.units.begin(), area.units.end(), [](const UnitRow& r) { return !r.address.empty(); }))
        text_col("adress", text(lang, "address"), [](const UnitRow& r) { return r.address; });
    if (!area.districts.empty()) text_col("kommundel", text(lang, "col_district"), [](const UnitRow& r) { return r.district; });
    text_col("senaste", text(lang, "col_latest"), [](const UnitRow& r) { return r.latest ? r.latest->sort_key : std::string(); });
    number_col("bedomning", text(lang, "col_grade"), [](const UnitRow& r) -> std::optional<double> {
        if (!r.latest || r.latest->grade_rank < 0) return std::nullopt;
        return r.latest->grade_rank;
    });
    number_col("brister", text(lang, "col_open"), [](const UnitRow& r) -> std::optional<double> { return r.open_deficiencies; });
    const int minimum = site.config->min_group_size;
    for (const auto& key : area.keys)
        number_col(key, key_name(site, key), [key, minimum](const UnitRow& r) -> std::optional<double> {
            auto it = r.figures.find(key);
            if (it == r.figures.end() || withheld(it->second, minimum)) return std::nullopt;
            return it->second.value;
        }, true);
    return cols;
}

std::string ordering_file(const Column& c, bool descending) {
    return c.id == "namn" && !descending ? "index.html" : fmt::format("sortera-{}-{}.html", c.id, descending ? "fallande" : "stigande");
}

std::string area_page(const Site& site, const AreaPage& area, const std::vector<Column>& cols, std::size_t sorted_by, bool descending,
                      const std::vector<const UnitRow*>& rows) {
    const Language lang = site.lang;
    const MunicipalityConfig& config = *site.config;
    const std::string root = "../../";
    const Column& sort = cols[sorted_by];
    const bool canonical = sorted_by == 0 && !descending;
    // The orderings are the same page: search engines are told to index the first only.
    std::string head = canonical ? "" : "<meta name=\"robots\" content=\"noindex, follow\">\n";
    if (!canonical && !config.publishing_base_url.empty())
        head += "<link rel=\"canonical\" href=\"" + esc(config.publishing_base_url + "omrade/" + area.area->id + "/") + "\">\n";
    // Filtering without a script: each choice is a radio button, and these rules (which the
    // browser applies as soon as one is checked) hide the rows that do not match.
    std::string rules;
    for (std::size_t d = 0; d < area.districts.size(); ++d)
        rules += fmt::format("body:has(#f-d{0}:checked) #enheter tbody tr:not([data-d=\"d{0}\"]){{display:none}}\n", d);
    for (const char* o : {"private_company", "non_profit", "municipal"})
        rules += fmt::format("body:has(#f-o-{0}:checked) #enheter tbody tr:not([data-o=\"{0}\"]){{display:none}}\n", o);
    for (const char* b : {"ja", "nej"})
        rules += fmt::format("body:has(#f-b-{0}:checked) #enheter tbody tr:not([data-b=\"{0}\"]){{display:none}}\n", b);
    head += "<style>\n" + rules + "</style>\n";

    const std::string title = fmt::format(fmt::runtime(text(lang, "area_title")), area.area->name, site.year);
    std::string html = page_top(site, root, title,
                                fmt::format(fmt::runtime(text(lang, "area_description")), area.area->name, config.municipality.name, site.year),
                                head, {{text(lang, "home"), root + "index.html"}, {area.area->name, "index.html"}});
    html += "<h1>" + esc(title) + "</h1>\n<p>" + esc(fmt::format(fmt::runtime(text(lang, "area_intro")), area.board_name, area.units.size())) + "</p>\n";

    // The area's figures beside the targets: what each unit's value can be compared with.
    if (!area.keys.empty()) {
        html += "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"omradet\"><table class=\"summary cards\">\n<caption id=\"omradet\">" +
                esc(fmt::format(fmt::runtime(text(lang, "area_figures")), area.area->name, site.year)) + "</caption>\n<thead><tr><th scope=\"col\">" +
                esc(text(lang, "key_figure")) + "</th><th scope=\"col\">" + esc(text(lang, "area_average")) + "</th><th scope=\"col\">" +
                esc(text(lang, "target")) + "</th></tr></thead>\n<tbody>\n";
        for (const auto& key : area.keys) {
            auto target = config.key_figure_targets.find(key);
            html += "<tr><th scope=\"row\">" + esc(key_name(site, key)) + "</th><td data-label=\"" + esc(text(lang, "area_average")) + "\" class=\"num\">" +
                    figure_cell(site, area.average, key) + "</td><td data-label=\"" + esc(text(lang, "target")) + "\" class=\"num\">" +
                    (target != config.key_figure_targets.end() ? number(lang, target->second) : "-") + "</td></tr>\n";
        }
        html += "</tbody></table></div>\n";
    }

    // The filter: a plain form; nothing to submit, the choice acts at once.
    html += "<form class=\"filters\" id=\"filter\" aria-labelledby=\"filter-rubrik\">\n<h2 id=\"filter-rubrik\">" + esc(text(lang, "filter")) + "</h2>\n";
    auto group = [&](const std::string& name, const std::string& legend, const std::vector<std::pair<std::string, std::string>>& options) {
        html += "<fieldset><legend>" + esc(legend) + "</legend>\n";
        html += "<span class=\"choice\"><input type=\"radio\" name=\"" + name + "\" id=\"f-" + name + "-alla\" value=\"\" checked><label for=\"f-" + name +
                "-alla\">" + esc(text(lang, "all")) + "</label></span>\n";
        for (const auto& [id, words] : options)
            html += "<span class=\"choice\"><input type=\"radio\" name=\"" + name + "\" id=\"" + id + "\" value=\"" + id + "\"><label for=\"" + id + "\">" +
                    esc(words) + "</label></span>\n";
        html += "</fieldset>\n";
    };
    std::vector<std::pair<std::string, std::string>> districts;
    for (std::size_t d = 0; d < area.districts.size(); ++d) districts.emplace_back("f-d" + std::to_string(d), area.districts[d]);
    if (!districts.empty()) group("d", text(lang, "col_district"), districts);
    group("o", text(lang, "col_ownership"),
          {{"f-o-private_company", ownership_word(lang, sdk::Ownership::private_company)},
           {"f-o-non_profit", ownership_word(lang, sdk::Ownership::non_profit)},
           {"f-o-municipal", ownership_word(lang, sdk::Ownership::municipal)}});
    group("b", text(lang, "col_open"), {{"f-b-ja", text(lang, "has_open")}, {"f-b-nej", text(lang, "has_no_open")}});
    html += "</form>\n<p class=\"shown\" id=\"antal\" aria-live=\"polite\" data-template=\"" + esc(text(lang, "shown")) + "\"></p>\n";
    // On a phone the table is a list of cards without its headings: the orderings as links.
    html += "<nav class=\"sortnav\" aria-labelledby=\"sortera\"><p id=\"sortera\">" + esc(text(lang, "sort_by")) + ":</p><ul>";
    for (std::size_t c = 0; c < cols.size(); ++c) {
        const bool here = c == sorted_by;
        html += "<li><a href=\"" + ordering_file(cols[c], here && !descending) + "\" data-col=\"" + std::to_string(c) + "\"" +
                (here ? " aria-current=\"true\"" : "") + ">" + esc(cols[c].heading) + (here ? (descending ? " ▼" : " ▲") : "") + "</a></li>";
    }
    html += "</ul></nav>\n";

    // The table, in this page's order; each heading links to the ordering by its column.
    html += "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tabell\"><table id=\"enheter\" class=\"units cards\" data-caption=\"" +
            esc(fmt::format(fmt::runtime(text(lang, "units_caption")), area.area->name, site.year, "{column}", "{direction}")) + "\" data-asc=\"" +
            esc(text(lang, "ascending")) + "\" data-desc=\"" + esc(text(lang, "descending")) + "\" data-hint-asc=\"" + esc(text(lang, "sort_ascending")) +
            "\" data-hint-desc=\"" + esc(text(lang, "sort_descending")) + "\">\n<caption id=\"tabell\">" +
            esc(fmt::format(fmt::runtime(text(lang, "units_caption")), area.area->name, site.year, sort.heading,
                            text(lang, descending ? "descending" : "ascending"))) +
            "</caption>\n<thead><tr>";
    for (std::size_t c = 0; c < cols.size(); ++c) {
        const bool here = c == sorted_by;
        const bool next_descending = here && !descending;
        html += "<th scope=\"col\"" + std::string(cols[c].figure ? " class=\"num\"" : "") +
                (here ? std::string(" aria-sort=\"") + (descending ? "descending" : "ascending") + "\"" : "") + " data-col=\"" + std::to_string(c) +
                "\" data-type=\"" + (cols[c].numeric ? "number" : "text") + "\"><a href=\"" + ordering_file(cols[c], next_descending) + "\" data-col=\"" + std::to_string(c) + "\">" +
                esc(cols[c].heading) + "<span class=\"arrow\" aria-hidden=\"true\">" + (here ? (descending ? " ▼" : " ▲") : "") +
                "</span><span class=\"sr\"> " + esc(text(lang, next_descending ? "sort_descending" : "sort_ascending")) + "</span></a></th>";
    }
    html += "</tr></thead>\n<tbody>\n";
    for (const UnitRow* r : rows) {
        const std::size_t district = std::find(area.districts.begin(), area.districts.end(), r->district) - area.districts.begin();
        html += fmt::format("<tr data-d=\"d{}\" data-o=\"{}\" data-b=\"{}\">", district, sdk::to_string(r->ownership), r->open_deficiencies > 0 ? "ja" : "nej");
        auto cell = [&](std::size_t c, const std::string& content) {
            std::string sort_value;
            if (cols[c].numeric) {
                auto v = cols[c].number_key(*r);
                sort_value = v ? fmt::format("{}", *v) : "";
            } else {
                sort_value = cols[c].text_key(*r).value_or("");
            }
            html += "<td data-label=\"" + esc(cols[c].heading) + "\" data-sort=\"" + esc(sort_value) + "\"" + (cols[c].figure ? " class=\"num\"" : "") + ">" +
                    content + "</td>";
        };
        std::string badges;
        if (r->is_new) badges += " <span class=\"badge new\">" + esc(text(lang, "new")) + "</span>";
        if (r->ended) badges += " <span class=\"badge ended\">" + esc(fmt::format(fmt::runtime(text(lang, "ended")), sdk::format_date(*r->ended))) + "</span>";
        html += "<th scope=\"row\" data-sort=\"" + esc(collation_key(r->name)) + "\"><a href=\"enhet/" + esc(r->id) + "/index.html\">" + html_name(r->name) + "</a>" +
                badges + "</th>";
        for (std::size_t c = 1; c < cols.size(); ++c) {
            const std::string& id = cols[c].id;
            if (id == "anordnare") cell(c, html_name(r->provider_name));
            else if (id == "agarform") cell(c, esc(ownership_word(lang, r->ownership)));
            else if (id == "adress") cell(c, r->address.empty() ? "-" : html_name(r->address));
            else if (id == "kommundel") cell(c, r->district.empty() ? "-" : esc(r->district));
            else if (id == "senaste")
                cell(c, !r->latest ? "-" : r->latest->date.empty() ? esc(fmt::format(fmt::runtime(text(lang, "unannounced_year")), r->latest->year))
                                                                   : esc(r->latest->date));
            else if (id == "bedomning") cell(c, r->latest && !r->latest->grade.empty() ? esc(r->latest->grade) : "-");
            else if (id == "brister") cell(c, esc(deficiencies_in_words(lang, r->open_deficiencies)));
            else cell(c, figure_cell(site, r->figures, id));  // a key figure's column has its id
        }
        html += "</tr>\n";
    }
    html += "</tbody></table></div>\n";
    if (rows.empty()) html += "<p>" + esc(text(lang, "no_units")) + "</p>\n";

    // How to read it: the grades of the area's scale, the key figures, and the marks.
    html += "<section aria-labelledby=\"las\">\n<h2 id=\"las\">" + esc(text(lang, "how_to_read")) + "</h2>\n<dl class=\"explain\">\n";
    if (area.scale != nullptr)
        for (const auto& level : area.scale->levels())
            html += "<dt>" + esc(lang == Language::en ? level.label_en : level.label_sv) + "</dt><dd>" +
                    esc(text(lang, level.deficiency ? "grade_deficiency" : "grade_fine")) + "</dd>\n";
    html += "<dt>" + esc(text(lang, "col_open")) + "</dt><dd>" + esc(text(lang, "open_explained")) + "</dd>\n";
    for (const auto& key : area.keys) {
        auto description = config.key_figure_descriptions.find(key);
        html += "<dt>" + esc(key_name(site, key)) + "</dt><dd>" +
                esc(description != config.key_figure_descriptions.end() ? description->second : text(lang, "key_figure_default")) + " " +
                esc(text(lang, "key_figure_mean")) + "</dd>\n";
    }
    html += "<dt>..</dt><dd>" + esc(fmt::format(fmt::runtime(text(lang, "dots")), config.min_group_size)) + "</dd>\n<dt>-</dt><dd>" +
            esc(text(lang, "dash")) + "</dd>\n</dl>\n</section>\n";
    return html + page_bottom(site, root, true);
}

std::string unit_page(const Site& site, const AreaPage& area, const UnitRow& r) {
    const Language lang = site.lang;
    const MunicipalityConfig& config = *site.config;
    const std::string root = "../../../../";
    std::string html = page_top(site, root, fmt::format("{} – {}", r.name, area.area->name),
                                fmt::format(fmt::runtime(text(lang, "unit_description")), r.name, area.area->name, site.year - 4, site.year), "",
                                {{text(lang, "home"), root + "index.html"}, {area.area->name, "../../index.html"}, {r.name, "index.html"}});
    html += "<h1>" + html_name(r.name) + "</h1>\n";
    if (r.is_new) html += "<p><span class=\"badge new\">" + esc(text(lang, "new")) + "</span> " + esc(text(lang, "new_explained")) + "</p>\n";
    if (r.ended) html += "<p><span class=\"badge ended\">" + esc(fmt::format(fmt::runtime(text(lang, "ended")), sdk::format_date(*r.ended))) + "</span> " + esc(text(lang, "ended_explained")) + "</p>\n";
    html += "<dl class=\"facts\">\n<dt>" + esc(text(lang, "col_provider")) + "</dt><dd>" + html_name(r.provider_name) +
            (r.provider_org.empty() ? "" : " (" + esc(r.provider_org) + ")") + "</dd>\n<dt>" + esc(text(lang, "col_ownership")) + "</dt><dd>" +
            esc(ownership_word(lang, r.ownership)) + "</dd>\n<dt>" + esc(text(lang, "area")) + "</dt><dd>" + esc(area.area->name) + "</dd>\n";
    if (!r.address.empty()) html += "<dt>" + esc(text(lang, "address")) + "</dt><dd>" + html_name(r.address) + "</dd>\n";
    if (!r.district.empty()) html += "<dt>" + esc(text(lang, "col_district")) + "</dt><dd>" + esc(r.district) + "</dd>\n";
    html += "<dt>" + esc(text(lang, "col_open")) + "</dt><dd>" + esc(deficiencies_in_words(lang, r.open_deficiencies));
    if (!r.open_conditions.empty()) {
        html += "<ul>";
        for (const auto& c : r.open_conditions) html += "<li>" + esc(c) + "</li>";
        html += "</ul>";
    }
    html += "</dd>\n</dl>\n";

    // Key figures over five years, with the area's and the target beside this year's.
    const int first = site.year - 4;
    if (!area.keys.empty()) {
        html += "<h2>" + esc(text(lang, "key_figures")) + "</h2>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"nyckeltal\"><table class=\"cards\">\n<caption id=\"nyckeltal\">" +
                fmt::format(fmt::runtime(esc(text(lang, "unit_figures_caption"))), html_name(r.name), first, site.year) + "</caption>\n<thead><tr><th scope=\"col\">" +
                esc(text(lang, "year")) + "</th>";
        for (const auto& key : area.keys) html += "<th scope=\"col\" class=\"num\">" + esc(key_name(site, key)) + "</th>";
        html += "</tr></thead>\n<tbody>\n";
        static const std::map<std::string, Figure> none;
        for (int y = site.year; y >= first; --y) {
            auto it = r.yearly.find(y);
            html += "<tr><th scope=\"row\">" + std::to_string(y) + "</th>";
            for (const auto& key : area.keys)
                html += "<td data-label=\"" + esc(key_name(site, key)) + "\" class=\"num\">" + figure_cell(site, it != r.yearly.end() ? it->second : none, key) + "</td>";
            html += "</tr>\n";
        }
        html += "<tr class=\"compare\"><th scope=\"row\">" + esc(fmt::format(fmt::runtime(text(lang, "area_average_year")), site.year)) + "</th>";
        for (const auto& key : area.keys) html += "<td data-label=\"" + esc(key_name(site, key)) + "\" class=\"num\">" + figure_cell(site, area.average, key) + "</td>";
        html += "</tr>\n<tr class=\"compare\"><th scope=\"row\">" + esc(text(lang, "target")) + "</th>";
        for (const auto& key : area.keys) {
            auto target = config.key_figure_targets.find(key);
            html += "<td data-label=\"" + esc(key_name(site, key)) + "\" class=\"num\">" + (target != config.key_figure_targets.end() ? number(lang, target->second) : "-") + "</td>";
        }
        html += "</tr>\n</tbody></table></div>\n";
    }

    // The follow-ups of five years; an unannounced visit shows its year only.
    html += "<h2>" + esc(fmt::format(fmt::runtime(text(lang, "history")), first, site.year)) + "</h2>\n";
    if (r.history.empty()) {
        html += "<p>" + esc(text(lang, "no_history")) + "</p>\n";
    } else {
        html += "<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"historik\"><table class=\"history cards\">\n<caption id=\"historik\">" +
                fmt::format(fmt::runtime(esc(text(lang, "history_caption"))), html_name(r.name), first, site.year) + "</caption>\n<thead><tr><th scope=\"col\">" +
                esc(text(lang, "date")) + "</th><th scope=\"col\">" + esc(text(lang, "form")) + "</th><th scope=\"col\">" + esc(text(lang, "col_grade")) +
                "</th><th scope=\"col\" class=\"num\">" + esc(text(lang, "deficiencies")) + "</th><th scope=\"col\">" + esc(text(lang, "summary")) +
                "</th></tr></thead>\n<tbody>\n";
        for (const auto& h : r.history)
            html += "<tr><th scope=\"row\">" + esc(h.date.empty() ? fmt::format(fmt::runtime(text(lang, "unannounced_year")), h.year) : h.date) +
                    "</th><td data-label=\"" + esc(text(lang, "form")) + "\">" + esc(h.form) + "</td><td data-label=\"" + esc(text(lang, "col_grade")) + "\">" +
                    esc(h.grade.empty() ? "-" : h.grade) + "</td><td data-label=\"" + esc(text(lang, "deficiencies")) + "\" class=\"num\">" +
                    std::to_string(h.deficiencies) + "</td><td data-label=\"" + esc(text(lang, "summary")) + "\">" + esc(h.summary.empty() ? "-" : h.summary) +
                    "</td></tr>\n";
        html += "</tbody></table></div>\n";
    }
    html += "<p><a href=\"../../index.html\">" + esc(fmt::format(fmt::runtime(text(lang, "back_to_area")), area.area->name)) + "</a></p>\n";
    return html + page_bottom(site, root, false);
}

std::string index_page(const Site& site) {
    const Language lang = site.lang;
    const MunicipalityConfig& config = *site.config;
    const std::string title = fmt::format(fmt::runtime(text(lang, "site_name")), config.municipality.name, site.year);
    std::string html = page_top(site, "", title, fmt::format(fmt::runtime(text(lang, "index_description")), config.municipality.name, site.year), "", {});
    html += "<h1>" + esc(title) + "</h1>\n<p>" + esc(text(lang, "intro")) + "</p>\n";
    std::string board;
    bool open = false;
    for (const auto& area : site.areas) {
        if (area.board_name != board) {
            if (open) html += "</ul>\n";
            board = area.board_name;
            html += "<h2>" + esc(board) + "</h2>\n<ul class=\"areas\">\n";
            open = true;
        }
        html += "<li><a href=\"omrade/" + esc(area.area->id) + "/index.html\">" + esc(area.area->name) + "</a> <span class=\"note\">" +
                esc(fmt::format(fmt::runtime(text(lang, "unit_count")), area.units.size())) + "</span></li>\n";
    }
    if (open) html += "</ul>\n";
    return html + page_bottom(site, "", false);
}

}  // namespace

std::vector<std::string> write_pages(const Site& site, const fs::path& root, PublishedFiles& out) {
    std::vector<std::string> pages{""};
    write_file(root / "stil.css", site_style, out);
    write_file(root / "jamfor.js", site_script, out);
    write_file(root / "index.html", index_page(site), out);
    for (const auto& area : site.areas) {
        const fs::path folder = root / "omrade" / area.area->id;
        pages.push_back("omrade/" + area.area->id + "/");
        const std::vector<Column> cols = columns_of(site, area);
        for (std::size_t c = 0; c < cols.size(); ++c)
            for (bool descending : {false, true}) {
                std::vector<const UnitRow*> rows;
                for (const auto& r : area.units) rows.push_back(&r);
                const Column& col = cols[c];
                // Missing values last in either direction; ties by name, so every ordering is stable.
                std::stable_sort(rows.begin(), rows.end(), [&](const UnitRow* a, const UnitRow* b) {
                    if (col.numeric) {
                        auto x = col.number_key(*a), y = col.number_key(*b);
                        if (x.has_value() != y.has_value()) return x.has_value();
                        if (!x || *x == *y) return false;
                        return descending ? *y < *x : *x < *y;
                    }
                    auto x = col.text_key(*a), y = col.text_key(*b);
                    if (x.has_value() != y.has_value()) return x.has_value();
                    if (!x || *x == *y) return false;
                    return descending ? *y < *x : *x < *y;
                });
                write_file(folder / ordering_file(col, descending), area_page(site, area, cols, c, descending, rows), out);
            }
        for (const auto* list : {&area.units, &area.departed})
            for (const auto& r : *list) {
                pages.push_back("omrade/" + area.area->id + "/enhet/" + r.id + "/");
                write_file(folder / "enhet" / r.id / "index.html", unit_page(site, area, r), out);
            }
    }
    return pages;
}

}  // namespace followup::core::publishing
