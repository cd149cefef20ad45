// How the SQLite register runs the questions plugins ask (RowRegister, row_register.cpp): one
// cached statement per query, its rows read as the kind's columns.
#include "store/sqlite_internal.hpp"

namespace followup::core::sqlite_detail {

std::vector<Row> SqliteRegister::select_rows(const RecordKind& kind, std::string_view where, std::string_view order,
                                             std::initializer_list<std::string_view> values) const {
    std::string columns;
    for (const auto& c : kind.columns) columns += (columns.empty() ? "" : ", ") + c.name;
    SQLite::Statement& s = cached(fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {}", columns, kind.name, where, order));
    int index = 0;
    for (std::string_view value : values) s.bind(++index, std::string(value));
    std::vector<Row> out;
    while (s.executeStep()) {
        Row& row = out.emplace_back(kind.columns.size());
        for (std::size_t i = 0; i < kind.columns.size(); ++i)
            read_canonical(row[i], s.getColumn(static_cast<int>(i)), kind.columns[i].type);
    }
    s.reset();
    return out;
}

}  // namespace followup::core::sqlite_detail
