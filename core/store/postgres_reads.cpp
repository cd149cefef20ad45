// How the PostgreSQL register runs the questions plugins ask (RowRegister, row_register.cpp):
// a prepared statement per query, in the register's read transaction when there is one.
#include "store/postgres_internal.hpp"

#include <algorithm>

namespace followup::core::postgres_detail {

std::vector<Row> PostgresRegister::select_rows(const RecordKind& kind, std::string_view where, std::string_view order,
                                               std::initializer_list<std::string_view> values) const {
    // The questions number their parameters ?1, ?2 …; PostgreSQL writes them $1, $2 ….
    std::string numbered(where);
    std::replace(numbered.begin(), numbered.end(), '?', '$');
    const std::string statement =
        prepared(fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {}", column_list(kind), kind.name, numbered, order));
    std::vector<std::string> parameters(values.begin(), values.end());
    std::vector<Row> out;
    in_transaction([&](pqxx::transaction_base& t) {
        const pqxx::result result = t.exec_prepared(statement, pqxx::prepare::make_dynamic_params(parameters));
        note_read(kind, result.size());
        out.reserve(result.size());
        for (const auto& r : result) {
            Row& row = out.emplace_back(kind.columns.size());
            for (std::size_t i = 0; i < kind.columns.size(); ++i) read_canonical(row[i], r[static_cast<int>(i)], kind.columns[i].type);
        }
    });
    return out;
}

}  // namespace followup::core::postgres_detail
