// A whole file's rows into the PostgreSQL register at once (RegisterWriter::upsert_all): a
// statement per row costs a round trip to the server each, which at national scale is most of an
// import. Instead:
//  1. COPY the rows into a staging table that lives until the transaction ends;
//  2. read, in one query, what the register holds under each staged row's key, and decide in
//     file order what each row is (new, changed, unchanged) and its audit entry, exactly as
//     upsert() row by row would: the same trail, entry for entry;
//  3. write them with one INSERT … SELECT … ON CONFLICT DO UPDATE;
//  4. COPY the entries into the trail.
// The writer lock is held throughout, so nothing changes between 2 and 3. A row the database
// refuses (a reference the importer could not see) aborts the statement: the writer then goes
// through the rows one by one to name the line, and nothing of the file is kept.
#include "store/postgres_internal.hpp"

namespace followup::core::postgres_detail {

namespace {

/// Below this, a statement per row is as quick as the staging table's set-up.
constexpr std::size_t bulk_from = 64;

bool is_key(const RecordKind& kind, std::size_t column) {
    return std::find(kind.key.begin(), kind.key.end(), kind.columns[column].name) != kind.key.end();
}

}  // namespace

ChangeCounts PostgresWriter::upsert_each(const RecordKind& kind, const NumberedRows& rows) {
    ChangeCounts counts;
    for (const auto& [line, row] : rows) {
        Change change = Change::unchanged;
        try {
            change = upsert(kind, row);
        } catch (const StoreError& e) {
            throw StoreError(fmt::format("line {}: {}", line, e.what()));
        } catch (const pqxx::sql_error& e) {
            throw StoreError(fmt::format("line {}: the register refuses the {} '{}': {}nothing of the file was imported", line,
                                         kind.name, join_key(kind, row), e.what()));
        }
        switch (change) {
            case Change::inserted: ++counts.inserted; break;
            case Change::updated: ++counts.updated; break;
            case Change::unchanged: ++counts.unchanged; break;
        }
    }
    return counts;
}

ChangeCounts PostgresWriter::upsert_all(const RecordKind& kind, const NumberedRows& rows) {
    if (rows.size() < bulk_from) return upsert_each(kind, rows);
    flush_audit();
    std::string columns, keys, join, set, distinct_old, distinct_new;
    for (std::size_t i = 0; i < kind.columns.size(); ++i) {
        const std::string& c = kind.columns[i].name;
        columns += (i ? ", " : "") + c;
        if (is_key(kind, i)) continue;
        set += fmt::format("{}{} = EXCLUDED.{}", set.empty() ? "" : ", ", c, c);
        distinct_old += (distinct_old.empty() ? "" : ", ") + kind.name + "." + c;
        distinct_new += (distinct_new.empty() ? "" : ", ") + std::string("EXCLUDED.") + c;
    }
    for (const auto& k : kind.key) {
        keys += (keys.empty() ? "" : ", ") + k;
        join += fmt::format("{}r.{} = s.{}", join.empty() ? "" : " AND ", k, k);
    }
    try {
        // A savepoint: a refused row rolls back to here, and the writer goes on row by row.
        pqxx::subtransaction bulk(work_, "followup_bulk");
        // 1. The staging table: the kind's columns and types, the file's line, no constraints.
        bulk.exec(fmt::format("CREATE TEMP TABLE IF NOT EXISTS followup_staging_{0} ON COMMIT DROP AS "
                               "SELECT 0::bigint AS followup_line, {1} FROM {0} WITH NO DATA",
                               kind.name, columns));
        bulk.exec(fmt::format("TRUNCATE followup_staging_{}", kind.name));
        {
            std::vector<std::string> staged{"followup_line"};
            for (const auto& c : kind.columns) staged.push_back(c.name);
            auto copy = copy_into(bulk, "followup_staging_" + kind.name, staged);
            std::string line;
            for (const auto& [number, row] : rows) {
                line = std::to_string(number);
                for (std::size_t i = 0; i < row.size(); ++i) append_copy_field(line, i + 1, stored(kind, i, row[i]));
                copy->write_raw_line(line);
            }
            copy->complete();
        }
        // 2. What the register holds under each key, in file order.
        std::string existing;
        for (const auto& c : kind.columns) existing += ", r." + c.name;
        const pqxx::result found = bulk.exec(fmt::format(
            "SELECT (r.{} IS NOT NULL) AS present{} FROM followup_staging_{} s LEFT JOIN {} r ON {} ORDER BY s.followup_line",
            kind.key.front(), existing, kind.name, kind.name, join));
        const auto key_columns = kind.key_indexes();
        Row scratch;
        std::vector<Change> changes(rows.size(), Change::inserted);
        // The rows as they were, imaged for the trail after the savepoint is released: a personal
        // value's token may have to be read or made, which the writer's transaction does.
        std::vector<Row> before(rows.size());
        Row old(kind.columns.size());
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const auto& fields = found[static_cast<int>(r)];
            if (std::string_view(fields[0].c_str()) != "t") continue;
            for (std::size_t i = 0; i < kind.columns.size(); ++i)
                read_canonical(old[i], fields[static_cast<int>(i + 1)], kind.columns[i].type);
            if (old == rows[r].second) {
                changes[r] = Change::unchanged;
            } else {
                changes[r] = Change::updated;
                before[r] = old;
            }
        }
        // 3. One statement writes them all; unchanged rows are left alone.
        bulk.exec(fmt::format("INSERT INTO {0} ({1}) SELECT {1} FROM followup_staging_{0} ORDER BY followup_line "
                               "ON CONFLICT ({2}) DO {3}",
                               kind.name, columns, keys,
                               set.empty() ? std::string("NOTHING")
                                           : fmt::format("UPDATE SET {} WHERE ({}) IS DISTINCT FROM ({})", set, distinct_old,
                                                         distinct_new)));
        bulk.commit();
        // 4. The trail, in file order, through COPY in large batches.
        ChangeCounts counts;
        flush_at_ = 20000;
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const Row& row = rows[r].second;
            switch (changes[r]) {
                case Change::inserted: {
                    ++counts.inserted;
                    owner_.note_inserted(kind, row);
                    const Row& shown = in_trail(kind, row, scratch);
                    append_audit("insert", kind.name, key_columns, shown, "", image(shown));
                    break;
                }
                case Change::updated: {
                    ++counts.updated;
                    std::string was = image(in_trail(kind, before[r], scratch));
                    const Row& shown = in_trail(kind, row, scratch);
                    append_audit("update", kind.name, key_columns, shown, std::move(was), image(shown));
                    break;
                }
                case Change::unchanged: ++counts.unchanged; break;
            }
        }
        flush_audit();
        flush_at_ = audit_batch;
        return counts;
    } catch (const pqxx::sql_error&) {
        // Refused, and rolled back to before the file: row by row to say which line.
        flush_at_ = audit_batch;
        return upsert_each(kind, rows);
    }
}

}  // namespace followup::core::postgres_detail
