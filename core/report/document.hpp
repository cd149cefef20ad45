// The annual compilation as a document: sections of paragraphs, tables and charts, independent
// of any format. compile.cpp builds it; html.cpp, markdown.cpp, json.cpp and xlsx.cpp render it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace followup::core {

/// A table cell: text, and the number behind it when there is one (so that a spreadsheet gets a
/// number and a chart a value).
struct Cell {
    std::string text;
    std::optional<double> number;
    /// The id behind a name (an area's, a board's, a form's id, a provider's organisation number):
    /// the reader sees the name, a program reading the JSON gets both.
    std::string id{};
    Cell(std::string t) : text(std::move(t)) {}                          // NOLINT: cells are written as literals
    Cell(const char* t) : text(t) {}                                     // NOLINT
    Cell(std::string t, double n) : text(std::move(t)), number(n) {}
    static Cell named(std::string name, std::string id) {
        Cell c(std::move(name));
        c.id = std::move(id);
        return c;
    }
};

struct Table {
    std::string id;  ///< stable, for spreadsheet sheet names and JSON
    std::string caption;
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
    /// Set when the document shows only the first rows: how many there are, the CSV file beside
    /// the document that holds them all, and the sentence saying so.
    std::size_t rows_total = 0;
    std::string rows_file{};
    std::string note{};
    /// Every row as CSV, when the table was shortened as soon as it was made (spill_long_table):
    /// a national compilation's long tables held as cells were a third of its memory.
    std::string spilled_csv{};
    /// An item-by-item list for the officers' files (next year's follow-ups, one row each): the
    /// documents people read (HTML, the PDF, Markdown) show its caption and where the rows are,
    /// the spreadsheet and a CSV file beside the document hold every row, the JSON as many as
    /// any table's. The decision document
    /// is read on paper by the executive board, and a hundred pages of rows were most of it.
    bool listing = false;
};

struct Series {
    std::string name;
    std::vector<double> values;  ///< one per category
};

struct Chart {
    enum class Kind { bars, stacked_bars, lines };
    Kind kind = Kind::bars;
    std::string id;
    std::string title;
    std::vector<std::string> categories;
    std::vector<Series> series;
    std::optional<Series> limit;  ///< drawn as a line over the bars (e.g. capacity)
    std::string unit;
};

/// The core's verdict on one of the regulation's requirements for one board, with its evidence.
struct Verdict {
    std::string requirement;
    /// not_shown: the claim rests on evidence the core cannot check, or on no followed-up unit.
    enum class Level { met, partly_met, not_shown, not_met } level = Level::met;
    std::string level_text;
    std::string claim;                 ///< what the board's model says
    std::vector<std::string> evidence; ///< what the core checked, each with its outcome
    /// The decisive evidence, for the overall assessment's one line: what failed, else what the
    /// core measured. The full list above goes to the board's appendix.
    std::vector<std::string> brief{};
    /// What the board is asked to do where the requirement is not shown, in the decision's words.
    std::vector<std::string> asks{};
};

struct Block {
    enum class Kind { paragraph, table, chart, verdict };
    Kind kind = Kind::paragraph;
    std::string text;
    Table table;
    Chart chart;
    Verdict verdict;
};

struct Section {
    std::string id;
    std::string title;
    std::vector<Block> blocks;
    std::vector<Section> children;
    bool failed = false;  ///< a board whose plugin failed: the section says why
    std::string failure;

    Section& paragraph(std::string text);
    Section& add(Table table);
    Section& add(Chart chart);
    Section& add(Verdict verdict);
};

struct Document {
    std::string language;  ///< "sv" or "en"
    std::string title;
    std::string subtitle;
    std::string municipality;
    std::string date;          ///< YYYY-MM-DD, for machines (the JSON)
    std::string date_in_prose; ///< "25 november 2026", for readers (the heading)
    std::string reference;
    int year = 0;
    std::vector<Section> sections;
};

/// Every table of the document, depth first (for the spreadsheet).
std::vector<const Table*> all_tables(const Document& document);

/// Shortens every table longer than `max_rows` to its first `max_rows` rows and returns the
/// tables in full, for writing beside the document, every listing among them however short.
/// `file_of` names a table's CSV file; `note_of(shown, total)` is the sentence shown under a
/// shortened table (`shown` is 0 for a listing: the pages show none of its rows).
std::vector<Table> shorten_long_tables(Document& document, std::size_t max_rows,
                                       const std::function<std::string(const Table&)>& file_of,
                                       const std::function<std::string(std::size_t, std::size_t)>& note_of);

}  // namespace followup::core
