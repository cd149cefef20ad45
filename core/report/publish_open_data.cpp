// Open data like Kolada: one file per key figure and year, as CSV (';' with decimal commas for
// Swedish spreadsheets, ',' with decimal points for everything else) and JSON, rows keyed by key
// figure, municipality code, unit, period and gender, with a JSON Schema and a data catalogue in
// the manner of DCAT-AP-SE (a page for people, JSON-LD for harvesters). And the sitemap.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/csv.hpp"
#include "report/publish_internal.hpp"
#include "report/render.hpp"

namespace followup::core::publishing {
namespace fs = std::filesystem;
using nlohmann::ordered_json;

std::string csv_text_safe(std::string_view text) {
    if (!text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' || text.front() == '@' || text.front() == '\t' ||
                          text.front() == '\r'))
        return "'" + std::string(text);
    return std::string(text);
}

namespace {

constexpr const char* licence = "https://creativecommons.org/publicdomain/zero/1.0/";

/// A key figure id as a file name: letters, digits, '-' and '_' only.
std::string file_stem(const std::string& key, int year) {
    std::string stem;
    for (char c : key) stem += ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') ? c : '-';
    return fmt::format("{}-{}", stem, year);
}

/// One published value: a unit's figure for the year. Suppressed: empty value, status "..";
/// Kolada's gender is T (total) since no key figure here is kept by gender.
struct OpenRow {
    const AreaPage* area;
    const UnitRow* unit;
    const Figure* figure;
    bool suppressed;
};

std::vector<OpenRow> rows_of(const Site& site, const std::string& key) {
    std::vector<OpenRow> rows;
    for (const auto& area : site.areas)
        for (const auto& unit : area.units)
            if (auto it = unit.figures.find(key); it != unit.figures.end())
                rows.push_back({&area, &unit, &it->second, withheld(it->second, site.config->min_group_size)});
    return rows;
}

std::string csv(const Site& site, const std::string& key, const std::vector<OpenRow>& rows, char separator) {
    static const std::vector<std::string> header{"kpi", "municipality", "unit", "unit_name", "area", "period", "gender", "value", "n", "status"};
    // A byte-order mark first: Excel, which most residents open a CSV with, reads a file without
    // one as Windows-1252 and shows "Ã¶" for "ö"; csv readers that know UTF-8 skip it.
    std::string out = "\xEF\xBB\xBF";
    for (std::size_t i = 0; i < header.size(); ++i) out += (i ? std::string(1, separator) : "") + header[i];
    out += "\r\n";
    for (const auto& r : rows) {
        std::string value = r.suppressed ? "" : fmt::format("{:.1f}", r.figure->value);
        if (separator == ';') std::replace(value.begin(), value.end(), '.', ',');  // what Swedish spreadsheets read as a number
        const std::string n = !r.suppressed && r.figure->has_answers ? std::to_string(r.figure->answers) : "";
        const std::vector<std::string> fields{csv_text_safe(key), site.config->municipality_code, csv_text_safe(r.unit->id), csv_text_safe(r.unit->name),
                                              csv_text_safe(r.area->area->id), std::to_string(site.year), "T", value, n, r.suppressed ? ".." : ""};
        for (std::size_t i = 0; i < fields.size(); ++i) out += (i ? std::string(1, separator) : "") + csv_field(fields[i], separator);
        out += "\r\n";
    }
    return out;
}

ordered_json json_of(const Site& site, const std::string& key, const std::vector<OpenRow>& rows) {
    const MunicipalityConfig& config = *site.config;
    ordered_json values = ordered_json::array();
    for (const auto& r : rows) {
        ordered_json v;
        v["kpi"] = key;
        v["municipality"] = config.municipality_code;
        v["unit"] = r.unit->id;
        v["unit_name"] = r.unit->name;
        v["area"] = r.area->area->id;
        v["period"] = site.year;
        v["gender"] = "T";
        v["value"] = r.suppressed ? ordered_json(nullptr) : ordered_json(std::round(r.figure->value * 10) / 10);
        v["n"] = !r.suppressed && r.figure->has_answers ? ordered_json(r.figure->answers) : ordered_json(nullptr);
        v["status"] = r.suppressed ? ".." : "";
        values.push_back(std::move(v));
    }
    auto name = config.key_figure_names.find(key);
    auto description = config.key_figure_descriptions.find(key);
    ordered_json doc;
    doc["$schema"] = "oppna-data.schema.json";
    doc["key_figure"] = {{"id", key},
                         {"title", name != config.key_figure_names.end() ? name->second : key},
                         {"description", description != config.key_figure_descriptions.end() ? description->second : ""}};
    doc["municipality"] = {{"code", config.municipality_code}, {"name", config.municipality.name}};
    doc["period"] = site.year;
    doc["published"] = site.published;
    doc["licence"] = licence;
    doc["min_group_size"] = config.min_group_size;
    doc["values"] = std::move(values);
    return doc;
}

/// The JSON Schema every key figure's JSON file follows (draft-07, which every validator reads).
std::string schema() {
    const ordered_json row = {
        {"type", "object"},
        {"additionalProperties", false},
        {"required", {"kpi", "municipality", "unit", "unit_name", "area", "period", "gender", "value", "n", "status"}},
        {"properties",
         {{"kpi", {{"type", "string"}, {"minLength", 1}}},
          {"municipality", {{"type", "string"}, {"pattern", "^([0-9]{4})?$"}, {"description", "the municipality's code (kommunkod), e.g. 0182"}}},
          {"unit", {{"type", "string"}, {"pattern", "^[A-Za-z0-9_-]+$"}}},
          {"unit_name", {{"type", "string"}}},
          {"area", {{"type", "string"}}},
          {"period", {{"type", "integer"}, {"minimum", 1900}, {"maximum", 2200}}},
          {"gender", {{"enum", {"T", "K", "M"}}, {"description", "T total, K women, M men, as in Kolada"}}},
          {"value", {{"type", {"number", "null"}}, {"description", "empty (null) when withheld"}}},
          {"n", {{"type", {"integer", "null"}}, {"minimum", 0}, {"description", "the answers behind the value, when known"}}},
          {"status", {{"enum", {"", ".."}}, {"description", "\"..\": withheld, fewer answers than min_group_size"}}}}}};
    const ordered_json doc = {
        {"$schema", "http://json-schema.org/draft-07/schema#"},
        {"$id", "oppna-data.schema.json"},
        {"title", "Key figure of the residents' comparison, one year"},
        {"type", "object"},
        {"additionalProperties", false},
        {"required", {"key_figure", "municipality", "period", "published", "licence", "min_group_size", "values"}},
        {"properties",
         {{"$schema", {{"type", "string"}}},
          {"key_figure",
           {{"type", "object"},
            {"additionalProperties", false},
            {"required", {"id", "title", "description"}},
            {"properties", {{"id", {{"type", "string"}}}, {"title", {{"type", "string"}}}, {"description", {{"type", "string"}}}}}}},
          {"municipality",
           {{"type", "object"},
            {"additionalProperties", false},
            {"required", {"code", "name"}},
            {"properties", {{"code", {{"type", "string"}, {"pattern", "^([0-9]{4})?$"}}}, {"name", {{"type", "string"}}}}}}},
          {"period", {{"type", "integer"}}},
          {"published", {{"type", "string"}, {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}}},
          {"licence", {{"type", "string"}}},
          {"min_group_size", {{"type", "integer"}, {"minimum", 1}}},
          {"values", {{"type", "array"}, {"items", row}}}}}};
    return doc.dump(2) + "\n";
}

}  // namespace

void write_open_data(const Site& site, const fs::path& root, PublishedFiles& out) {
    const MunicipalityConfig& config = *site.config;
    const Language lang = site.lang;
    const fs::path folder = root / "data";
    write_file(folder / "oppna-data.schema.json", schema(), out);
    const std::string contact = config.publishing_contact.empty() ? config.municipality.name : config.publishing_contact;
    std::string rows_html;
    ordered_json datasets = ordered_json::array();
    for (const std::string& key : config.published_key_figures) {
        const auto rows = rows_of(site, key);
        const std::string stem = file_stem(key, site.year);
        write_file(folder / (stem + ".csv"), csv(site, key, rows, ';'), out);
        write_file(folder / (stem + "-komma.csv"), csv(site, key, rows, ','), out);
        write_file(folder / (stem + ".json"), json_of(site, key, rows).dump(2) + "\n", out);
        auto name = config.key_figure_names.find(key);
        auto description = config.key_figure_descriptions.find(key);
        const std::string title = name != config.key_figure_names.end() ? name->second : key;
        const std::string about = description != config.key_figure_descriptions.end() ? description->second : text(lang, "key_figure_default");
        rows_html += fmt::format("<tr><th scope=\"row\">{} <span class=\"note\">({})</span></th><td data-label=\"{}\">{}</td><td data-label=\"{}\"><span><a href=\"{}.csv\">CSV (;)</a>, "
                                 "<a href=\"{}-komma.csv\">CSV (,)</a>, <a href=\"{}.json\">JSON</a></span></td></tr>\n",
                                 html_escape(title), html_escape(key), html_escape(text(lang, "description")), html_escape(about), html_escape(text(lang, "files")),
                                 html_escape(stem), html_escape(stem), html_escape(stem));
        ordered_json distributions = ordered_json::array();
        for (const auto& [suffix, media] : std::vector<std::pair<std::string, std::string>>{{".csv", "text/csv"}, {"-komma.csv", "text/csv"}, {".json", "application/json"}})
            distributions.push_back({{"@type", "dcat:Distribution"}, {"dcat:accessURL", stem + suffix}, {"dcat:mediaType", media}, {"dcterms:license", licence}});
        datasets.push_back({{"@type", "dcat:Dataset"},
                            {"dcterms:identifier", stem},
                            {"dcterms:title", title},
                            {"dcterms:description", about},
                            {"dcterms:modified", site.published},
                            {"dcterms:temporal", std::to_string(site.year)},
                            {"dcterms:license", licence},
                            {"dcat:contactPoint", {{"@type", "vcard:Organization"}, {"vcard:fn", config.municipality.name}, {"vcard:hasEmail", contact}}},
                            {"dcat:distribution", distributions}});
    }
    const ordered_json catalogue = {{"@context", {{"dcat", "http://www.w3.org/ns/dcat#"}, {"dcterms", "http://purl.org/dc/terms/"}, {"vcard", "http://www.w3.org/2006/vcard/ns#"}}},
                                    {"@type", "dcat:Catalog"},
                                    {"dcterms:title", fmt::format(fmt::runtime(text(lang, "data_title")), config.municipality.name, site.year)},
                                    {"dcterms:publisher", config.municipality.name},
                                    {"dcterms:license", licence},
                                    {"dcterms:modified", site.published},
                                    {"dcat:dataset", datasets}};
    write_file(folder / "katalog.jsonld", catalogue.dump(2) + "\n", out);

    const std::string title = fmt::format(fmt::runtime(text(lang, "data_title")), config.municipality.name, site.year);
    std::string page = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<title>{}</title>\n<meta name=\"description\" content=\"{}\">\n<link rel=\"stylesheet\" href=\"../stil.css\">\n</head>\n<body>\n"
        "<a class=\"skip\" href=\"#innehall\">{}</a>\n<nav class=\"crumbs\" aria-label=\"{}\"><ol><li><a href=\"../index.html\">{}</a></li>"
        "<li><a href=\"index.html\" aria-current=\"page\">{}</a></li></ol></nav>\n<main id=\"innehall\" tabindex=\"-1\">\n<h1>{}</h1>\n<p>{}</p>\n"
        "<dl class=\"facts\">\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd><a href=\"{}\">CC0 1.0</a></dd>\n<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n"
        "<dt>{}</dt><dd>{}</dd>\n</dl>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"dataset\"><table class=\"cards\">\n<caption id=\"dataset\">{}</caption>\n"
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n{}</tbody></table></div>\n"
        "<p>{} <a href=\"oppna-data.schema.json\">JSON Schema</a>, <a href=\"katalog.jsonld\">DCAT (JSON-LD)</a>.</p>\n</main>\n</body>\n</html>\n",
        lang == Language::en ? "en" : "sv", html_escape(title), html_escape(title), html_escape(text(lang, "skip")), html_escape(text(lang, "crumbs")),
        html_escape(text(lang, "home")), html_escape(text(lang, "open_data")), html_escape(title), html_escape(text(lang, "data_intro")),
        html_escape(text(lang, "publisher")), html_escape(config.municipality.name), html_escape(text(lang, "licence")), licence,
        html_escape(text(lang, "updated")), site.published, html_escape(text(lang, "contact")), html_escape(contact),
        html_escape(text(lang, "columns")), html_escape(fmt::format(fmt::runtime(text(lang, "columns_explained")), config.min_group_size)),
        html_escape(text(lang, "datasets")), html_escape(text(lang, "key_figure")), html_escape(text(lang, "description")),
        html_escape(text(lang, "files")), rows_html, html_escape(text(lang, "schema")));
    write_file(folder / "index.html", page, out);
}

void write_sitemap(const Site& site, const std::vector<std::string>& pages, const fs::path& root, PublishedFiles& out) {
    const std::string& base = site.config->publishing_base_url;
    if (base.empty()) return;  // a sitemap's addresses must be absolute
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    for (const auto& page : pages) xml += "<url><loc>" + html_escape(base + page) + "</loc><lastmod>" + site.published + "</lastmod></url>\n";
    xml += "<url><loc>" + html_escape(base + "data/") + "</loc><lastmod>" + site.published + "</lastmod></url>\n</urlset>\n";
    write_file(root / "sitemap.xml", xml, out);
    write_file(root / "robots.txt", "User-agent: *\nAllow: /\nSitemap: " + base + "sitemap.xml\n", out);
    out.sitemap = true;
}

}  // namespace followup::core::publishing
