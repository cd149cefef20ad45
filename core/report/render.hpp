// The compilation's formats. Every text is escaped for its format: a provider named
// "<script>" shows as text in HTML, a "|" does not break a Markdown table, and a spreadsheet
// cell that starts with =, +, - or @ is written so that no spreadsheet takes it for a formula.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "report/document.hpp"

namespace followup::core {

/// One self-contained HTML file: styles inline, charts as inline SVG, readable on screen and
/// printable on A4.
std::string render_html(const Document& document);
std::string render_markdown(const Document& document);
/// JSON following schemas/compilation.schema.json.
std::string render_json(const Document& document);
/// An .xlsx workbook: one sheet per table, values (numbers as numbers), never formulas. A table
/// the document shortened gets every row from `full_tables` (shorten_long_tables' result) when
/// they are held as cells.
/// @throws std::runtime_error if the file cannot be written.
void write_xlsx(const Document& document, const std::filesystem::path& file, const std::vector<Table>& full_tables = {});

/// One table as CSV (';'-separated, as Swedish spreadsheets expect): the columns, then every
/// row; text cells are spreadsheet_safe. For the full rows of a table the document shortened.
std::string render_csv(const Table& table);
/// A table longer than `max_rows` keeps its first rows as cells and every row as CSV text
/// (Table::spilled_csv), which shorten_long_tables then writes beside the document. May be
/// called again as rows are added: the rows added since go on the end of the CSV.
void spill_long_table(Table& table, std::size_t max_rows);
/// spill_long_table() for every table of the section and its children.
void spill_long_tables(Section& section, std::size_t max_rows);

/// `text` for any place in HTML or XML — an attribute, a <title>, an SVG label, a sitemap — with
/// &, <, >, " and ' escaped and the invisible direction controls (util/utf8.hpp) left out: none
/// of those places can isolate one, and one left in could make what follows it read backwards.
std::string html_escape(std::string_view text);
/// "Fler utförda timmar" → "fler utförda timmar", for a name inside a list.
inline std::string lower_case_first(std::string text) {
    if (!text.empty() && text[0] >= 'A' && text[0] <= 'Z') text[0] = static_cast<char>(text[0] - 'A' + 'a');
    // "Äldrenämnden" → "äldrenämnden": the Latin-1 capitals (Å, Ä, Ö, É …) are U+00C0–U+00DE in
    // UTF-8 as 0xC3 0x80–0x9E, their small letters 0x20 higher (× at U+00D7 has none).
    else if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xC3) {
        const auto second = static_cast<unsigned char>(text[1]);
        if (second >= 0x80 && second <= 0x9E && second != 0x97) text[1] = static_cast<char>(second + 0x20);
    }
    return text;
}

/// `text` for an HTML element's content: escaped as html_escape() does, but each direction control
/// kept, isolated in its own <bdi> so that it reorders nothing outside it.
std::string html_text(std::string_view text);
/// A name from the register (a unit's, a provider's, an address) inserted in HTML content: the
/// whole name in a <bdi>, so that its direction — a name in Arabic, or a control in it — never
/// reorders the words around it; within it, as html_text().
std::string html_name(std::string_view text);
/// The text a spreadsheet cell gets: a leading =, +, -, @, tab or carriage return is prefixed with an apostrophe.
std::string spreadsheet_safe(std::string_view text);

}  // namespace followup::core
