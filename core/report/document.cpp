#include "report/document.hpp"

namespace followup::core {

Section& Section::paragraph(std::string text) {
    Block b;
    b.kind = Block::Kind::paragraph;
    b.text = std::move(text);
    blocks.push_back(std::move(b));
    return *this;
}

Section& Section::add(Table table) {
    Block b;
    b.kind = Block::Kind::table;
    b.table = std::move(table);
    blocks.push_back(std::move(b));
    return *this;
}

Section& Section::add(Chart chart) {
    Block b;
    b.kind = Block::Kind::chart;
    b.chart = std::move(chart);
    blocks.push_back(std::move(b));
    return *this;
}

Section& Section::add(Verdict verdict) {
    Block b;
    b.kind = Block::Kind::verdict;
    b.verdict = std::move(verdict);
    blocks.push_back(std::move(b));
    return *this;
}

namespace {
void collect(const Section& s, std::vector<const Table*>& out) {
    for (const auto& b : s.blocks)
        if (b.kind == Block::Kind::table) out.push_back(&b.table);
    for (const auto& c : s.children) collect(c, out);
}
}  // namespace

namespace {
void shorten(Section& s, std::size_t max_rows, std::vector<Table>& full, const std::function<std::string(const Table&)>& file_of,
             const std::function<std::string(std::size_t, std::size_t)>& note_of) {
    for (auto& b : s.blocks) {
        if (b.kind != Block::Kind::table) continue;
        Table& t = b.table;
        if (!t.spilled_csv.empty()) {
            // Shortened when it was made: its rows are already CSV.
            t.rows_file = file_of(t);
            t.note = note_of(t.listing ? 0 : t.rows.size(), t.rows_total);
            Table& all = full.emplace_back();
            all.id = t.id, all.caption = t.caption, all.columns = t.columns;
            all.spilled_csv = std::move(t.spilled_csv);
            all.rows_total = t.rows_total, all.rows_file = t.rows_file, all.note = t.note;
            t.spilled_csv.clear();
            continue;
        }
        // A listing goes to its file however short: the pages show none of it (the renderers), the
        // JSON keeps its rows up to `max_rows` as any table's.
        if (t.rows.size() <= max_rows && !(t.listing && !t.rows.empty())) continue;
        const std::size_t keep = std::min(max_rows, t.rows.size());
        t.rows_total = t.rows.size();
        t.rows_file = file_of(t);
        t.note = note_of(t.listing ? 0 : keep, t.rows_total);
        // Every row moves to the full table; the document keeps copies of the first ones.
        Table& all = full.emplace_back();
        all.id = t.id, all.caption = t.caption, all.columns = t.columns;
        all.rows = std::move(t.rows);
        t.rows.assign(all.rows.begin(), all.rows.begin() + static_cast<std::ptrdiff_t>(keep));
        all.rows_total = t.rows_total, all.rows_file = t.rows_file, all.note = t.note;
    }
    for (auto& c : s.children) shorten(c, max_rows, full, file_of, note_of);
}
}  // namespace

std::vector<Table> shorten_long_tables(Document& document, std::size_t max_rows,
                                       const std::function<std::string(const Table&)>& file_of,
                                       const std::function<std::string(std::size_t, std::size_t)>& note_of) {
    std::vector<Table> full;
    for (auto& s : document.sections) shorten(s, max_rows, full, file_of, note_of);
    return full;
}

std::vector<const Table*> all_tables(const Document& document) {
    std::vector<const Table*> out;
    for (const auto& s : document.sections) collect(s, out);
    return out;
}

}  // namespace followup::core
