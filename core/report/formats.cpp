// Markdown, JSON and XLSX renderings of the compilation.
#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/csv.hpp"
#include "report/render.hpp"
#include "util/utf8.hpp"

namespace followup::core {

namespace {
/// Whether a spreadsheet would take the text for a formula. A leading tab or carriage return is
/// a formula trigger too (OWASP's CSV injection list).
bool formula_trigger(std::string_view text) {
    return !text.empty() && (text.front() == '=' || text.front() == '+' || text.front() == '-' || text.front() == '@' ||
                             text.front() == '\t' || text.front() == '\r');
}
}  // namespace

std::string spreadsheet_safe(std::string_view text) { return formula_trigger(text) ? "'" + std::string(text) : std::string(text); }

// ---- Markdown ----

namespace {

std::string md_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == '|' || c == '*' || c == '_' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']' || c == '#')
            out += '\\';
        if (c == '\n') {
            out += ' ';
            continue;
        }
        out += c;
    }
    return out;
}

void md_section(const Section& s, int depth, std::string& out) {
    out += std::string(static_cast<std::size_t>(std::min(depth + 2, 6)), '#') + " " + md_text(s.title) + "\n\n";
    for (const auto& b : s.blocks) {
        switch (b.kind) {
            case Block::Kind::paragraph: out += md_text(b.text) + "\n\n"; break;
            case Block::Kind::table: {
                if (b.table.listing) {  // its rows are in the file named, not on the page
                    out += "**" + md_text(b.table.caption) + "**: ";
                    out += b.table.note.empty() ? std::string("–\n\n")
                                                : md_text(b.table.note) + " [" + md_text(b.table.rows_file) + "](" + b.table.rows_file + ")\n\n";
                    break;
                }
                out += "**" + md_text(b.table.caption) + "**\n\n|";
                for (const auto& c : b.table.columns) out += " " + md_text(c) + " |";
                out += "\n|";
                for (std::size_t i = 0; i < b.table.columns.size(); ++i) out += "---|";
                out += "\n";
                for (const auto& row : b.table.rows) {
                    out += "|";
                    for (const auto& cell : row) out += " " + md_text(cell.text) + " |";
                    out += "\n";
                }
                if (b.table.rows.empty()) out += "|" + std::string(" – |") + "\n";
                out += "\n";
                if (!b.table.note.empty()) out += md_text(b.table.note) + " [" + md_text(b.table.rows_file) + "](" + b.table.rows_file + ")\n\n";
                break;
            }
            case Block::Kind::chart: {
                // Markdown has no charts: the figures behind the chart, as a table.
                out += "**" + md_text(b.chart.title) + "**\n\n| |";
                for (const auto& c : b.chart.categories) out += " " + md_text(c) + " |";
                out += "\n|---|";
                for (std::size_t i = 0; i < b.chart.categories.size(); ++i) out += "---|";
                out += "\n";
                auto series_row = [&](const Series& series) {
                    out += "| " + md_text(series.name) + " |";
                    for (double v : series.values) out += fmt::format(" {:g} |", v);
                    out += "\n";
                };
                for (const auto& series : b.chart.series) series_row(series);
                if (b.chart.limit) series_row(*b.chart.limit);
                out += "\n";
                break;
            }
            case Block::Kind::verdict:
                out += "- **" + md_text(b.verdict.requirement) + ": " + md_text(b.verdict.level_text) + "** — " + md_text(b.verdict.claim) + "\n";
                for (const auto& e : b.verdict.evidence) out += "  - " + md_text(e) + "\n";
                out += "\n";
                break;
        }
    }
    for (const auto& c : s.children) md_section(c, depth + 1, out);
}

}  // namespace

std::string render_markdown(const Document& d) {
    std::string out = "# " + md_text(d.title) + "\n\n" + md_text(d.municipality + " – " + d.subtitle) + "  \n" + md_text(d.date_in_prose) +
                      " · " + md_text(d.reference) + "\n\n";
    for (const auto& s : d.sections) md_section(s, 0, out);
    return out;
}

// ---- JSON ----

namespace {

nlohmann::json json_section(const Section& s) {
    nlohmann::json blocks = nlohmann::json::array();
    for (const auto& b : s.blocks) {
        switch (b.kind) {
            case Block::Kind::paragraph: blocks.push_back({{"type", "paragraph"}, {"text", b.text}}); break;
            case Block::Kind::table: {
                nlohmann::json rows = nlohmann::json::array();
                for (const auto& row : b.table.rows) {
                    nlohmann::json cells = nlohmann::json::array();
                    for (const auto& c : row) {
                        nlohmann::json cell{{"text", c.text}};
                        if (c.number) cell["value"] = *c.number;
                        if (!c.id.empty()) cell["id"] = c.id;
                        cells.push_back(std::move(cell));
                    }
                    rows.push_back(std::move(cells));
                }
                nlohmann::json table{{"type", "table"}, {"id", b.table.id}, {"caption", b.table.caption}, {"columns", b.table.columns}, {"rows", rows}};
                if (!b.table.rows_file.empty()) {
                    table["rows_total"] = b.table.rows_total;
                    table["rows_file"] = b.table.rows_file;
                    table["note"] = b.table.note;
                }
                blocks.push_back(std::move(table));
                break;
            }
            case Block::Kind::chart: {
                nlohmann::json series = nlohmann::json::array();
                for (const auto& x : b.chart.series) series.push_back({{"name", x.name}, {"values", x.values}});
                nlohmann::json chart{{"type", "chart"},
                                     {"id", b.chart.id},
                                     {"kind", b.chart.kind == Chart::Kind::lines ? "lines" : "bars"},
                                     {"title", b.chart.title},
                                     {"categories", b.chart.categories},
                                     {"series", series}};
                if (b.chart.limit) chart["limit"] = {{"name", b.chart.limit->name}, {"values", b.chart.limit->values}};
                blocks.push_back(std::move(chart));
                break;
            }
            case Block::Kind::verdict:
                blocks.push_back({{"type", "verdict"},
                                  {"requirement", b.verdict.requirement},
                                  {"level", b.verdict.level == Verdict::Level::met          ? "met"
                                            : b.verdict.level == Verdict::Level::partly_met ? "partly_met"
                                            : b.verdict.level == Verdict::Level::not_shown  ? "not_shown"
                                                                                            : "not_met"},
                                  {"level_text", b.verdict.level_text},
                                  {"claim", b.verdict.claim},
                                  {"evidence", b.verdict.evidence}});
                break;
        }
    }
    nlohmann::json children = nlohmann::json::array();
    for (const auto& c : s.children) children.push_back(json_section(c));
    nlohmann::json out{{"id", s.id}, {"title", s.title}, {"blocks", blocks}, {"sections", children}, {"failed", s.failed}};
    if (s.failed) out["failure"] = s.failure;
    return out;
}

}  // namespace

std::string render_json(const Document& d) {
    nlohmann::json sections = nlohmann::json::array();
    for (const auto& s : d.sections) sections.push_back(json_section(s));
    return nlohmann::json{{"format", "followup-compilation"},
                          {"format_version", 1},
                          {"language", d.language},
                          {"title", d.title},
                          {"subtitle", d.subtitle},
                          {"municipality", d.municipality},
                          {"date", d.date},
                          {"reference", d.reference},
                          {"year", d.year},
                          {"sections", sections}}
               .dump(2) + "\n";
}

// ---- CSV ----

namespace {
/// The rows from `first` on, as CSV lines.
void csv_rows(const Table& t, std::size_t first, std::string& out) {
    for (std::size_t r = first; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c) out += ';';
            // A text cell as spreadsheet_safe() would have it, without a copy when it is safe already.
            if (!row[c].number && formula_trigger(row[c].text)) append_csv_field(out, spreadsheet_safe(row[c].text), ';');
            else append_csv_field(out, row[c].text, ';');
        }
        out += "\r\n";
    }
}
}  // namespace

void spill_long_table(Table& t, std::size_t max_rows) {
    if (t.rows.size() <= max_rows) return;
    if (t.spilled_csv.empty()) {
        t.spilled_csv = render_csv(t);
        t.rows_total = t.rows.size();
    } else {
        // Spilled before: the first rows are in the CSV already, the ones added since are not.
        csv_rows(t, max_rows, t.spilled_csv);
        t.rows_total += t.rows.size() - max_rows;
    }
    t.rows.resize(max_rows);
}

void spill_long_tables(Section& section, std::size_t max_rows) {
    for (auto& b : section.blocks)
        if (b.kind == Block::Kind::table) spill_long_table(b.table, max_rows);
    for (auto& c : section.children) spill_long_tables(c, max_rows);
}

std::string render_csv(const Table& t) {
    if (!t.spilled_csv.empty()) return t.spilled_csv;
    std::string out;
    for (std::size_t c = 0; c < t.columns.size(); ++c) out += (c ? ";" : "") + csv_field(spreadsheet_safe(t.columns[c]), ';');
    out += "\r\n";
    csv_rows(t, 0, out);
    return out;
}

// ---- XLSX ----

namespace {
/// Where each table stands: in the decision document or in which appendix.
void tables_by_part(const Section& s, const std::string& part, const std::string& appendices_id,
                    std::vector<std::pair<std::string, const Table*>>& out) {
    for (const auto& b : s.blocks)
        if (b.kind == Block::Kind::table) out.emplace_back(part, &b.table);
    for (const auto& c : s.children) tables_by_part(c, s.id == appendices_id ? c.title : part, appendices_id, out);
}
}  // namespace

void write_xlsx(const Document& d, const std::filesystem::path& file, const std::vector<Table>& full_tables) {
    lxw_workbook* book = workbook_new(file.c_str());
    if (book == nullptr) throw std::runtime_error(fmt::format("cannot create '{}'", file.string()));
    const bool sv = d.language != "en";
    lxw_format* bold = workbook_add_format(book);
    format_set_bold(bold);
    // Number formats are stored locale-neutral ("#,##0") and shown as the reader's spreadsheet
    // writes them: "1 234" and "87 %" in a Swedish Excel or LibreOffice.
    lxw_format* whole = workbook_add_format(book);
    format_set_num_format(whole, "#,##0");
    lxw_format* decimal = workbook_add_format(book);
    format_set_num_format(decimal, "#,##0.0");
    lxw_format* share = workbook_add_format(book);
    format_set_num_format(share, "0 %");

    std::vector<std::pair<std::string, const Table*>> tables;
    for (const auto& s : d.sections) tables_by_part(s, sv ? "Tjänsteskrivelse" : "Decision document", "appendices", tables);

    // The first sheet says where each sheet belongs: the decision document or which appendix.
    lxw_worksheet* contents = workbook_add_worksheet(book, sv ? "Innehåll" : "Contents");
    worksheet_write_string(contents, 0, 0, spreadsheet_safe(d.title).c_str(), bold);
    const char* heads[] = {sv ? "Blad" : "Sheet", sv ? "Del" : "Part", sv ? "Tabell" : "Table"};
    for (lxw_col_t c = 0; c < 3; ++c) worksheet_write_string(contents, 2, c, heads[c], bold);
    worksheet_set_column(contents, 0, 0, 28, nullptr);
    worksheet_set_column(contents, 1, 2, 60, nullptr);

    std::set<std::string> used{sv ? "Innehåll" : "Contents"};
    lxw_row_t listed = 3;
    for (const auto& [part, t] : tables) {
        // Sheet names: at most 31 characters, none of []:*?/\, unique.
        std::string name;
        for (char c : t->id)
            if (std::string_view("[]:*?/\\").find(c) == std::string_view::npos) name += c;
        name = utf8_truncate(name, 28, "");
        for (int n = 2; used.count(name); ++n) name = utf8_truncate(name, 26, "") + "~" + std::to_string(n);
        used.insert(name);
        worksheet_write_string(contents, listed, 0, name.c_str(), nullptr);
        worksheet_write_string(contents, listed, 1, spreadsheet_safe(part).c_str(), nullptr);
        worksheet_write_string(contents, listed++, 2, spreadsheet_safe(t->caption).c_str(), nullptr);

        lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
        worksheet_write_string(sheet, 0, 0, spreadsheet_safe(t->caption).c_str(), bold);
        const std::size_t columns = std::max<std::size_t>(1, t->columns.size());
        // A table the document shortened, or a listing it does not show, gets every row here
        // when they are held as cells; a national one, held only as CSV text, keeps its note.
        const std::vector<std::vector<Cell>>* rows = &t->rows;
        bool every_row = t->rows_file.empty();
        if (!every_row)
            for (const Table& all : full_tables)
                if (all.id == t->id && all.spilled_csv.empty() && all.rows.size() == all.rows_total) rows = &all.rows, every_row = true;
        for (std::size_t r = 0; r < rows->size(); ++r)
            for (std::size_t c = 0; c < (*rows)[r].size() && c < columns; ++c) {
                const Cell& cell = (*rows)[r][c];
                const auto row = static_cast<lxw_row_t>(r + 2);
                const auto col = static_cast<lxw_col_t>(c);
                // Values, never formulas; text that looks like one is neutralised. A share is
                // stored as a fraction with a percent format, so that a spreadsheet can sum it.
                if (cell.number && cell.text.ends_with("%")) worksheet_write_number(sheet, row, col, *cell.number / 100.0, share);
                else if (cell.number)
                    worksheet_write_number(sheet, row, col, *cell.number, *cell.number == std::floor(*cell.number) ? whole : decimal);
                else worksheet_write_string(sheet, row, col, spreadsheet_safe(cell.text).c_str(), nullptr);
            }
        // The header row as an Excel table's named columns (filter buttons, the names used in
        // formulas), over the rows below it; unique names, as the format requires.
        std::vector<std::string> headers;
        for (std::size_t c = 0; c < columns; ++c) {
            std::string h = c < t->columns.size() && !t->columns[c].empty() ? t->columns[c] : fmt::format("{} {}", sv ? "Kolumn" : "Column", c + 1);
            for (int n = 2; std::find(headers.begin(), headers.end(), h) != headers.end(); ++n) h = fmt::format("{} ({})", h, n);
            headers.push_back(h);
        }
        std::vector<lxw_table_column> table_columns(columns);
        std::vector<lxw_table_column*> column_list;
        for (std::size_t c = 0; c < columns; ++c) {
            table_columns[c] = lxw_table_column{};
            table_columns[c].header = headers[c].data();
            column_list.push_back(&table_columns[c]);
        }
        column_list.push_back(nullptr);
        lxw_table_options options{};
        options.columns = column_list.data();
        options.style_type = LXW_TABLE_STYLE_TYPE_LIGHT;
        options.style_type_number = 1;
        const auto last_row = static_cast<lxw_row_t>(1 + std::max<std::size_t>(1, rows->size()));
        worksheet_add_table(sheet, 1, 0, last_row, static_cast<lxw_col_t>(columns - 1), &options);
        if (!every_row && !t->note.empty())
            worksheet_write_string(sheet, last_row + 2, 0, spreadsheet_safe(t->note + " " + t->rows_file).c_str(), nullptr);
        worksheet_set_column(sheet, 0, static_cast<lxw_col_t>(columns - 1), 22, nullptr);
        worksheet_freeze_panes(sheet, 2, 0);
    }
    if (workbook_close(book) != LXW_NO_ERROR) throw std::runtime_error(fmt::format("cannot write '{}'", file.string()));
}

}  // namespace followup::core
