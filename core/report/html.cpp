#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/render.hpp"
#include "followup/sdk/numbers.hpp"
#include "util/utf8.hpp"

namespace followup::core {

namespace {

/// Escapes `text`; each direction control is left out, or with `isolated` kept in a <bdi> of its own.
std::string escape(std::string_view text, bool isolated) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (static_cast<unsigned char>(c) >= 0x80) {
            const auto [cp, length] = utf8_code_point(text, i);
            if (is_bidi_control(cp)) {
                if (isolated) out += "<bdi>" + std::string(text.substr(i, length)) + "</bdi>";
            } else {
                out.append(text.substr(i, length));
            }
            i += length;
            continue;
        }
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
        ++i;
    }
    return out;
}

}  // namespace

std::string html_escape(std::string_view text) { return escape(text, false); }
std::string html_text(std::string_view text) { return escape(text, true); }
std::string html_name(std::string_view text) { return "<bdi>" + escape(text, true) + "</bdi>"; }

namespace {

constexpr const char* palette[] = {"#1f5f8b", "#c8553d", "#4f9d69", "#e0a526", "#7b5ea7", "#5d737e", "#a23b72"};

/// A chart as inline SVG (sizes and colours as presentation attributes, not only the page's CSS:
/// the PDF's typesetter draws SVG without the document's styles): bars (one group per category, one bar per series), an optional limit
/// drawn as a dashed line, or lines (one per series). Drawn here rather than by a library: the
/// file must be self-contained, and a few rectangles and polylines are all it takes.
std::string svg_chart(const Chart& chart, sdk::Language language) {
    // The legend wraps onto as many lines as the series' names need; the chart grows to hold them.
    const double width = 640, left = 48, right = 12, top = 28, legend_line = 16;
    std::size_t legend_lines = 1;
    {
        double x = left;
        auto place = [&](const std::string& name) {
            const double w = 30 + 6.5 * static_cast<double>(utf8_length(name));
            if (x > left && x + w > width - right) ++legend_lines, x = left;
            x += w;
        };
        for (const auto& s : chart.series) place(s.name);
        if (chart.limit) place(chart.limit->name);
    }
    const double bottom = 36 + legend_line * static_cast<double>(legend_lines), height = 224 + bottom;
    double max_value = 1;
    for (const auto& s : chart.series)
        for (double v : s.values) max_value = std::max(max_value, v);
    if (chart.limit)
        for (double v : chart.limit->values) max_value = std::max(max_value, v);
    // A round step for the axis (1, 2 or 5 times a power of ten, at most five steps), so that every
    // tick is a whole number a reader can take in: 0, 20, 40 rather than 0, 12.5, 25.
    double step = 1;
    for (double magnitude = 1;; magnitude *= 10) {
        const double candidates[] = {1 * magnitude, 2 * magnitude, 5 * magnitude};
        const auto fit = std::find_if(std::begin(candidates), std::end(candidates), [&](double c) { return std::ceil(max_value / c) <= 5; });
        if (fit != std::end(candidates)) {
            step = *fit;
            break;
        }
    }
    const int steps = static_cast<int>(std::max(1.0, std::ceil(max_value / step)));
    const double axis_max = step * steps;
    const double plot_w = width - left - right, plot_h = height - top - bottom;
    const std::size_t n = std::max<std::size_t>(1, chart.categories.size());
    auto y_of = [&](double v) { return top + plot_h - plot_h * v / axis_max; };

    std::string svg = fmt::format(R"(<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-label="{}" font-family="DejaVu Sans, Arial, sans-serif">)",
                                  width, height, html_escape(chart.title));
    svg += fmt::format(R"(<text x="{}" y="16" class="chart-title" font-size="13" font-weight="bold" fill="#1d2329">{}</text>)", left, html_escape(chart.title));
    for (int t = 0; t <= steps; ++t) {
        const double v = step * t, y = y_of(v);
        svg += fmt::format(R"(<line x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}" class="grid" stroke="#e6eaed"/><text x="{}" y="{:.1f}" class="tick" font-size="10" fill="#5d6770" text-anchor="end">{}</text>)",
                           left, width - right, y, y, left - 4, y + 4, sdk::format_number(v, 0, language));
    }
    const double slot = plot_w / static_cast<double>(n);
    if (chart.kind == Chart::Kind::lines) {
        for (std::size_t s = 0; s < chart.series.size(); ++s) {
            std::string points;
            for (std::size_t i = 0; i < chart.series[s].values.size(); ++i)
                points += fmt::format("{:.1f},{:.1f} ", left + slot * (static_cast<double>(i) + 0.5), y_of(chart.series[s].values[i]));
            svg += fmt::format(R"(<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>)", points, palette[s % 7]);
        }
    } else {
        const std::size_t k = std::max<std::size_t>(1, chart.series.size());
        const double bar = slot * 0.8 / static_cast<double>(k);
        for (std::size_t s = 0; s < chart.series.size(); ++s)
            for (std::size_t i = 0; i < chart.series[s].values.size(); ++i) {
                const double v = chart.series[s].values[i];
                const double x = left + slot * static_cast<double>(i) + slot * 0.1 + bar * static_cast<double>(s);
                svg += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}"><title>{}: {}</title></rect>)",
                                   x, y_of(v), bar, top + plot_h - y_of(v), palette[s % 7],
                                   html_escape(chart.categories.size() > i ? chart.categories[i] : ""), sdk::format_number(v, 0, language));
            }
    }
    if (chart.limit) {
        std::string points;
        for (std::size_t i = 0; i < chart.limit->values.size(); ++i) {
            points += fmt::format("{:.1f},{:.1f} ", left + slot * static_cast<double>(i) + 2, y_of(chart.limit->values[i]));
            points += fmt::format("{:.1f},{:.1f} ", left + slot * static_cast<double>(i + 1) - 2, y_of(chart.limit->values[i]));
        }
        svg += fmt::format(R"(<polyline points="{}" fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="5 3"/>)", points);
    }
    for (std::size_t i = 0; i < chart.categories.size(); ++i)
        svg += fmt::format(R"(<text x="{:.1f}" y="{}" class="tick" font-size="10" fill="#5d6770" text-anchor="middle">{}</text>)",
                           left + slot * (static_cast<double>(i) + 0.5), top + plot_h + 14,
                           html_escape(utf8_truncate(chart.categories[i], 18)));
    // Legend.
    double lx = left;
    double ly = top + plot_h + 36;
    auto legend = [&](const std::string& name, const std::string& colour, bool dashed) {
        const double w = 30 + 6.5 * static_cast<double>(utf8_length(name));
        if (lx > left && lx + w > width - right) lx = left, ly += legend_line;
        svg += dashed ? fmt::format(R"(<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" stroke="#222" stroke-dasharray="5 3"/>)", lx, lx + 14, ly - 4, ly - 4)
                      : fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="12" height="10" fill="{}"/>)", lx, ly - 9, colour);
        svg += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" class="legend" font-size="10" fill="#5d6770">{}</text>)", lx + 18, ly, html_escape(name));
        lx += w;
    };
    for (std::size_t s = 0; s < chart.series.size(); ++s) legend(chart.series[s].name, palette[s % 7], false);
    if (chart.limit) legend(chart.limit->name, "", true);
    svg += "</svg>";
    return svg;
}

void render_section(const Section& section, int depth, const std::string& language, std::string& out) {
    const int h = std::min(depth + 2, 6);
    out += fmt::format(R"(<section id="{}"{}><h{}>{}</h{}>)", html_escape(section.id), section.failed ? R"( class="failed")" : "", h,
                       html_text(section.title), h);
    for (const Block& b : section.blocks) {
        switch (b.kind) {
            case Block::Kind::paragraph: out += "<p>" + html_text(b.text) + "</p>"; break;
            case Block::Kind::table: {
                if (b.table.listing) {  // its rows are in the file named, not on the page
                    out += R"(<p class="table-note"><strong>)" + html_text(b.table.caption) + "</strong>: ";
                    out += b.table.note.empty() ? std::string("–</p>")
                                                : fmt::format(R"({} <a href="{}">{}</a></p>)", html_text(b.table.note),
                                                              html_escape(b.table.rows_file), html_text(b.table.rows_file));
                    break;
                }
                out += "<table><caption>" + html_text(b.table.caption) + "</caption><thead><tr>";
                for (const auto& c : b.table.columns) out += R"(<th scope="col">)" + html_text(c) + "</th>";
                out += "</tr></thead><tbody>";
                if (b.table.rows.empty())
                    out += fmt::format(R"(<tr><td colspan="{}" class="empty">–</td></tr>)", std::max<std::size_t>(1, b.table.columns.size()));
                for (const auto& row : b.table.rows) {
                    out += "<tr>";
                    for (const auto& cell : row) out += std::string(cell.number ? R"(<td class="num">)" : "<td>") + html_text(cell.text) + "</td>";
                    out += "</tr>";
                }
                out += "</tbody></table>";
                if (!b.table.note.empty())
                    out += fmt::format(R"(<p class="table-note">{} <a href="{}">{}</a></p>)", html_text(b.table.note),
                                       html_escape(b.table.rows_file), html_text(b.table.rows_file));
                break;
            }
            case Block::Kind::chart: {
                // The chart's values as a table too: a screen reader reads the table, a reader
                // who wants the figures opens it (WCAG 1.1.1, a text alternative for the image).
                const auto lang = language == "en" ? sdk::Language::en : sdk::Language::sv;
                out += "<figure>" + svg_chart(b.chart, lang);
                out += fmt::format(R"(<details class="chart-data"><summary>{}</summary><table><caption>{}</caption><thead><tr><th scope="col">{}</th>)",
                                   language == "en" ? "The chart's values" : "Diagrammets värden", html_text(b.chart.title),
                                   language == "en" ? "Category" : "Kategori");
                std::vector<const Series*> series;
                for (const auto& x : b.chart.series) series.push_back(&x);
                if (b.chart.limit) series.push_back(&*b.chart.limit);
                for (const auto* x : series) out += R"(<th scope="col">)" + html_text(x->name) + "</th>";
                out += "</tr></thead><tbody>";
                for (std::size_t i = 0; i < b.chart.categories.size(); ++i) {
                    out += R"(<tr><th scope="row">)" + html_text(b.chart.categories[i]) + "</th>";
                    for (const auto* x : series)
                        out += R"(<td class="num">)" + (i < x->values.size() ? sdk::format_number(x->values[i], 0, lang) : std::string("–")) + "</td>";
                    out += "</tr>";
                }
                out += "</tbody></table></details>";
                // On paper the closed table above is not shown: the values as one line per
                // series under the chart, so that the executive board reads December's visits
                // against the capacity, not only a bar's height.
                out += R"(<figcaption class="chart-values">)";
                for (const auto* x : series) {
                    out += "<span>" + html_text(x->name) + ": ";
                    for (std::size_t i = 0; i < b.chart.categories.size(); ++i)
                        out += (i > 0 ? " · " : "") + html_text(b.chart.categories[i]) + " " +
                               (i < x->values.size() ? sdk::format_number(x->values[i], 0, lang) : std::string("–"));
                    out += "</span>";
                }
                out += "</figcaption></figure>";
                break;
            }
            case Block::Kind::verdict: {
                const char* level = b.verdict.level == Verdict::Level::met          ? "met"
                                    : b.verdict.level == Verdict::Level::partly_met ? "partly"
                                    : b.verdict.level == Verdict::Level::not_shown  ? "not-shown"
                                                                                    : "not-met";
                // The verdict, the board's claim, and the evidence on one line (issue 17: "with
                // the evidence in one line each"): the executive board reads the verdict first.
                out += fmt::format(R"(<div class="verdict {}"><div class="verdict-head"><span class="badge">{}</span> {}</div><p class="claim">{}</p><p class="evidence">)",
                                   level, html_text(b.verdict.level_text), html_text(b.verdict.requirement), html_text(b.verdict.claim));
                for (std::size_t e = 0; e < b.verdict.evidence.size(); ++e)
                    out += (e ? " · " : "") + html_text(b.verdict.evidence[e]);
                out += "</p></div>";
                break;
            }
        }
    }
    for (const auto& child : section.children) render_section(child, depth + 1, language, out);
    out += "</section>";
}

void render_toc(const std::vector<Section>& sections, std::string& out) {
    out += "<ol>";
    for (const auto& s : sections) {
        out += fmt::format(R"(<li><a href="#{}">{}</a>)", html_escape(s.id), html_text(s.title));
        if (!s.children.empty() && s.id != "appendices") render_toc(s.children, out);
        out += "</li>";
    }
    out += "</ol>";
}

constexpr const char* style = R"CSS(
/* Colours written out rather than as custom properties: WeasyPrint, which prints the PDF, does not
   take var() in shorthands or in SVG's fill. */
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; color: #1d2329; max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; font-size: 15px; }
header.cover { border-bottom: 3px solid #1f5f8b; margin-bottom: 1.5rem; padding-bottom: 1rem; }
header.cover h1 { font-size: 1.7rem; margin: 0.3rem 0; }
.meta { color: #5d6770; margin: 0.2rem 0; }
h2 { border-bottom: 1px solid #d5dbe0; padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { margin-top: 1.8rem; color: #1f5f8b; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0 1.2rem; font-size: 0.88rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid #d5dbe0; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f1f4f6; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.empty { color: #5d6770; }
p.table-note { font-size: 0.85rem; color: #5d6770; margin-top: -0.8rem; }
figure { margin: 1rem 0; }
svg.chart { width: 100%; max-width: 40rem; height: auto; }
svg .chart-title { font-size: 13px; font-weight: bold; fill: #1d2329; }
svg .tick, svg .legend { font-size: 10px; fill: #5d6770; }
svg .grid { stroke: #e6eaed; }
.verdict { border-left: 4px solid #4f9d69; padding: 0.3rem 0.8rem; margin: 0.6rem 0; background: #f7faf8; }
.verdict.partly { border-color: #e0a526; background: #fdf9ef; }
.verdict.not-met { border-color: #c8553d; background: #fcf3f1; }
.verdict.not-shown { border-color: #8a8f98; background: #f4f5f7; border-style: dashed; }
.verdict .badge { font-weight: bold; }
.verdict .evidence { margin: 0.2rem 0; font-size: 0.9em; color: #3d4650; }
.verdict .claim { margin: 0.2rem 0; font-style: italic; }
section.failed > h3::after { content: " ⚠"; color: #c8553d; }
nav.toc { background: #f7f9fa; padding: 0.5rem 1rem; border: 1px solid #d5dbe0; }
@page { size: A4; margin: 18mm 16mm; @bottom-center { content: counter(page) " (" counter(pages) ")"; font-size: 9pt; } }
details.chart-data { font-size: 0.85rem; margin-top: 0.3rem; }
figcaption.chart-values { display: none; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; line-height: 1.35; }
  /* On paper the bookmarks are the table of contents, and the chart is its own text. */
  nav.toc, details.chart-data { display: none; }
  /* A chart's values are printed under it: the chart itself can be smaller on paper. */
  svg.chart { max-width: 12cm; }
  figcaption.chart-values { display: block; font-size: 8pt; color: #3d4650; }
  figcaption.chart-values span { display: block; }
  table { font-size: 8.5pt; }
  /* Narrower cells on paper: eight columns of figures fit the text box (pdftotext -bbox finds no
     word in the margin). */
  th, td { padding: 0.2rem 0.3rem; }
  h2 { margin-top: 1.4rem; }
  /* The decision document runs on; each appendix starts on a page of its own. */
  section[id^="appendix-"] { page-break-before: always; }
  figure, .verdict, tr { page-break-inside: avoid; }
  caption, h2, h3 { page-break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
)CSS";

}  // namespace

std::string render_html(const Document& d) {
    std::string out = fmt::format(R"(<!DOCTYPE html><html lang="{}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{}</title><style>{}</style></head><body>)",
                                  d.language, html_escape(d.title), style);
    out += fmt::format(R"(<header class="cover"><p class="meta">{}</p><h1>{}</h1><p class="meta"><span>{}</span> · <span>{}</span></p></header>)",
                       html_text(d.municipality + " – " + d.subtitle), html_text(d.title), html_text(d.date_in_prose), html_text(d.reference));
    out += R"(<nav class="toc">)";
    render_toc(d.sections, out);
    out += "</nav><main>";
    for (const auto& s : d.sections) render_section(s, 0, d.language, out);
    out += "</main></body></html>\n";
    return out;
}

}  // namespace followup::core
