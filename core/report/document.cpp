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

std::vector<const Table*> all_tables(const Document& document) {
    std::vector<const Table*> out;
    for (const auto& s : document.sections) collect(s, out);
    return out;
}

}  // namespace followup::core
