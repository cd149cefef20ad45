#include "store/importer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "followup/sdk/config_reader.hpp"
#include "store/record_rules.hpp"
#include "io/csv.hpp"
#include "util/stopwatch.hpp"

namespace followup::core {

ImportReport import_csv(Register& store, const RecordKind& kind, const std::string& csv, const MunicipalityConfig* config,
                        const std::string& actor, bool dry_run) {
    ImportReport report;
    Stopwatch watch(spdlog::level::debug);  // where an import's time goes: `--log-level debug`
    CsvDocument doc = parse_csv(csv);
    watch.lap(fmt::format("import {}: parsed {} records", kind.name, doc.records.size()));
    for (const auto& p : doc.problems)
        report.problems.push_back({p.line, p.column > 0 ? fmt::format("byte {}", p.column) : "", p.message});
    if (doc.records.empty() || doc.records.front().fields.empty()) {
        if (report.problems.empty())
            report.problems.push_back({0, "", fmt::format("the file is empty; expected a header line with the columns of {}",
                                                          kind.name)});
        return report;
    }

    // The header: every column of the kind, in any order, and nothing else.
    std::vector<std::string> expected;
    for (const auto& c : kind.columns) expected.push_back(c.name);
    const CsvRecord& header = doc.records.front();
    std::vector<std::size_t> position(kind.columns.size(), SIZE_MAX);
    std::size_t header_problems = report.problems.size();
    if (header.fields.size() == 1 && kind.columns.size() > 1) {
        report.problems.push_back({header.line, "",
                                   fmt::format("found one column {}; expected the columns {} separated by ';' or ','",
                                               shown(header.fields[0]), fmt::join(expected, ";"))});
        return report;
    }
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string name = column_name(header.fields[i]);
        const std::size_t c = kind.column_index(name);
        if (c == kind.columns.size())
            report.problems.push_back({header.line, name, "unknown column; " + sdk::not_one_of(name, expected).substr(
                                                                                   sdk::not_one_of(name, expected).find("expected"))});
        else if (position[c] != SIZE_MAX)
            report.problems.push_back({header.line, name, "the column appears twice"});
        else
            position[c] = i;
    }
    for (std::size_t c = 0; c < kind.columns.size(); ++c)
        if (position[c] == SIZE_MAX && !kind.columns[c].added_later)
            report.problems.push_back({header.line, kind.columns[c].name, "missing column; expected it in the header"});
    if (report.problems.size() > header_problems) return report;

    // The transaction starts before the rows are checked, so that the reference checks read
    // the register as it will be written (and without taking a lock per lookup).
    // A large file is a bulk load (the SQLite register then writes it through a rollback journal
    // instead of its WAL: sqlite_writer.cpp).
    auto writer = store.begin_bulk(actor, doc.records.size() - 1);
    // Every row is checked by the rules that every way in applies (store/record_rules.hpp).
    RecordRules rules(store, config, std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));

    // Every row.
    std::vector<std::pair<std::size_t, Row>> rows;
    rows.reserve(doc.records.size());
    // Duplicate keys: by the key's hash, confirmed by comparing the rows (no key strings kept).
    // The (hash, index in rows) pairs are sorted once after the rows are read: a hash table of
    // millions of entries cost a tenth of a national import in cache misses.
    std::vector<std::pair<std::size_t, std::size_t>> key_hashes;
    key_hashes.reserve(doc.records.size());
    const auto key_indexes = kind.key_indexes();
    for (std::size_t r = 1; r < doc.records.size(); ++r) {
        const CsvRecord& record = doc.records[r];
        if (record.fields.empty()) continue;  // malformed; reported by the parser
        ++report.rows;
        if (record.fields.size() != header.fields.size()) {
            report.problems.push_back({record.line, "",
                                       fmt::format("found {} fields; expected {} as in the header (is a value with '{}' "
                                                   "not quoted?)",
                                                   record.fields.size(), header.fields.size(), doc.separator)});
            continue;
        }
        Row row(kind.columns.size());
        for (std::size_t c = 0; c < kind.columns.size(); ++c)
            if (position[c] != SIZE_MAX) row[c] = std::move(doc.records[r].fields[position[c]]);
        auto problems = rules.check(kind, row);
        if (!problems.empty()) {  // its key may be malformed: not compared with the others'
            for (auto& [column, message] : problems) report.problems.push_back({record.line, std::move(column), std::move(message)});
            continue;
        }
        std::size_t hash = 0;
        for (std::size_t k : key_indexes) hash = hash * 1000003u ^ std::hash<std::string>{}(row[k]);
        key_hashes.emplace_back(hash, rows.size());
        rows.emplace_back(record.line, std::move(row));
    }
    // A row whose key an earlier row has: sorted by hash and then by position, so each group of
    // equal hashes is in file order and a repeat names the first line with its key.
    watch.lap(fmt::format("import {}: checked the values and references", kind.name));
    std::sort(key_hashes.begin(), key_hashes.end());
    for (std::size_t group = 0; group < key_hashes.size();) {
        std::size_t end = group + 1;
        while (end < key_hashes.size() && key_hashes[end].first == key_hashes[group].first) ++end;
        for (std::size_t b = group + 1; b < end; ++b) {
            const Row& row = rows[key_hashes[b].second].second;
            for (std::size_t a = group; a < b; ++a) {
                const Row& other = rows[key_hashes[a].second].second;
                if (std::all_of(key_indexes.begin(), key_indexes.end(), [&](std::size_t k) { return other[k] == row[k]; })) {
                    report.problems.push_back({rows[key_hashes[b].second].first, "",
                                               fmt::format("the same {} as line {}; expected each record once",
                                                           fmt::join(kind.key, " and "), rows[key_hashes[a].second].first)});
                    break;
                }
            }
        }
        group = end;
    }
    key_hashes = {};
    watch.lap(fmt::format("import {}: checked for repeated keys", kind.name));
    std::stable_sort(report.problems.begin(), report.problems.end(),
                     [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    if (!report.problems.empty()) return report;

    // The follow-ups the file is about, in file order, for their boards' models to assess once
    // it is written.
    std::vector<std::string> follow_ups;
    const std::size_t follow_up_column = kind.name == "follow_ups" ? kind.column_index("id") : kind.column_index("follow_up");
    if (!dry_run && follow_up_column < kind.columns.size() &&
        (kind.name == "follow_ups" || kind.name == "findings" || kind.name == "evidence" || kind.name == "steps")) {
        std::set<std::string> seen;
        const std::string* previous = nullptr;  // consecutive rows name the same follow-up
        for (const auto& [line, row] : rows) {
            if (previous == nullptr || *previous != row[follow_up_column])
                if (seen.insert(row[follow_up_column]).second) follow_ups.push_back(row[follow_up_column]);
            previous = &row[follow_up_column];
        }
    }

    // All good: one transaction. A dry run writes and rolls back, so its counts are exact.
    // Through upsert_all: on PostgreSQL, COPY into a staging table and one set-based upsert.
    // A revocation decision acts as it does through `followup decide`: the authorization it
    // revokes is written in the same transaction (worked out before anything is written).
    std::vector<Row> revoked;
    if (kind.name == "decisions")
        for (const auto& [line, row] : rows)
            if (auto authorization = authorization_revoked_by(store, row)) revoked.push_back(std::move(*authorization));
    const ChangeCounts counts = writer->upsert_all(kind, rows);
    for (const Row& row : revoked) writer->upsert(*find_record_kind("authorizations"), row);
    report.inserted += counts.inserted;
    report.updated += counts.updated;
    report.unchanged += counts.unchanged;
    watch.lap(fmt::format("import {}: wrote {} rows and their audit entries", kind.name, rows.size()));
    if (!dry_run) {
        writer->commit();
        watch.lap(fmt::format("import {}: committed", kind.name));
        report.written = true;
        report.follow_ups = std::move(follow_ups);
    }
    return report;
}

std::string export_csv(const Register& store, const RecordKind& kind, char separator) {
    std::string out;
    for (std::size_t i = 0; i < kind.columns.size(); ++i) out += (i ? std::string(1, separator) : "") + kind.columns[i].name;
    out += '\n';
    store.for_each(kind, [&](const Row& row) {
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (i) out += separator;
            out += csv_field(row[i], separator);
        }
        out += '\n';
    });
    return out;
}

}  // namespace followup::core
