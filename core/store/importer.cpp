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
#include "store/consistency.hpp"
#include "io/csv.hpp"
#include "util/stopwatch.hpp"

namespace followup::core {

namespace {

std::string trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return "";
    return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

/// A value as a message shows it: control characters escaped (\x1b), never sent raw to the
/// terminal that reads the message.
std::string escaped(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) out += fmt::format("\\x{:02x}", u);
        else out += c;
    }
    return out;
}

std::string shown(const std::string& value) {
    if (value.size() > 60) return "\"" + escaped(value.substr(0, 57)) + "...\"";
    return "\"" + escaped(value) + "\"";
}

/// The canonical text of one value, or an error message (what was found, what was expected).
struct Checked {
    std::string value;
    std::string error;
};

/// A control character other than tab and line breaks (a NUL, an escape, a backspace): a value
/// no municipality means to store, and one that would reach a terminal or a report raw. Shown
/// escaped, never echoed.
std::string control_character_in(const std::string& v) {
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto c = static_cast<unsigned char>(v[i]);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
            return fmt::format("found the control character U+{:04X} at byte {}; expected printable text", c, i + 1);
    }
    return "";
}

/// The years a follow-up register can be about: a date outside is a typo (20255-01-01 is caught
/// as no date at all; 2205-01-01 is a date, but not one anybody means).
constexpr int first_plausible_year = 1990, last_plausible_year = 2100;

/// Takes the field by value: most are moved in from the parsed file and moved on into the row.
Checked check_value(const ColumnSpec& column, std::string v) {
    if (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.back() == ' ' || v.back() == '\t')) v = trim(v);
    if (column.type == ColumnType::text || column.type == ColumnType::note)
        if (std::string control = control_character_in(v); !control.empty()) return {"", std::move(control)};
    switch (column.type) {
        case ColumnType::text:
            if (v.empty()) return {"", "found an empty value; expected " + (column.doc.empty() ? "a value" : column.doc)};
            return {std::move(v), ""};
        case ColumnType::note: return {std::move(v), ""};
        case ColumnType::date:
        case ColumnType::date_or_empty:
            if (v.empty() && column.type == ColumnType::date_or_empty) return {"", ""};
            if (auto d = sdk::parse_date(v)) {
                const int y = static_cast<int>(d->year());
                if (y < first_plausible_year || y > last_plausible_year)
                    return {"", fmt::format("found {}; expected a date from {} to {}", shown(v), first_plausible_year,
                                            last_plausible_year)};
                return {std::move(v), ""};  // parse_date takes YYYY-MM-DD only: v is the date as the register writes it
            }
            return {"", fmt::format("found {}; expected a date YYYY-MM-DD", shown(v))};
        case ColumnType::integer:
        case ColumnType::integer_or_empty: {
            if (v.empty() && column.type == ColumnType::integer_or_empty) return {"", ""};
            long long n = 0;
            auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            if (ec != std::errc{} || ptr != v.data() + v.size() || v.empty())
                return {"", fmt::format("found {}; expected a whole number", shown(v))};
            // Every whole number in the register counts something or is a year.
            if (n < 0) return {"", fmt::format("found {}; expected 0 or more (it counts something)", shown(v))};
            if (column.name == "year" && (n < first_plausible_year || n > last_plausible_year))
                return {"", fmt::format("found {}; expected a year from {} to {}", shown(v), first_plausible_year, last_plausible_year)};
            return {std::to_string(n), ""};
        }
        case ColumnType::number: {
            std::string t = v;
            std::replace(t.begin(), t.end(), ',', '.');  // Swedish decimal comma
            double d = 0;
            auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
            if (t.empty() || ec != std::errc{} || ptr != t.data() + t.size() || !std::isfinite(d))
                return {"", fmt::format("found {}; expected a number such as 12.5 or 12,5", shown(v))};
            return {fmt::format("{}", d), ""};
        }
        case ColumnType::boolean: {
            const std::string l = lower(v);
            if (l == "ja" || l == "yes" || l == "true" || l == "1") return {"ja", ""};
            if (l == "nej" || l == "no" || l == "false" || l == "0") return {"nej", ""};
            return {"", fmt::format("found {}; expected ja or nej", shown(v))};
        }
        case ColumnType::org_number:
            if (auto org = canonical_org_number(v)) return {*org, ""};
            return {"", fmt::format("found {}; expected a Swedish organisation number NNNNNN-NNNN with a valid check digit",
                                    shown(v))};
        case ColumnType::choice:
            if (std::find(column.choices.begin(), column.choices.end(), v) != column.choices.end()) return {std::move(v), ""};
            return {"", sdk::not_one_of(escaped(v), column.choices)};
    }
    return {v, ""};
}

/// Checks against the municipality's configuration; empty when fine.
std::string check_config(const ColumnSpec& column, const std::string& value, const RecordKind& kind, const Row& row,
                         const MunicipalityConfig& config) {
    auto unknown = [&](const char* what, const std::vector<std::string>& known) {
        return fmt::format("names {} {}, which the configuration does not have; {}", what, shown(value),
                           sdk::not_one_of(value, known).substr(sdk::not_one_of(value, known).find("expected")));
    };
    if (value.empty() && column.type == ColumnType::note) return "";  // an optional reference left out
    switch (column.config) {
        case ConfigReference::none: return "";
        case ConfigReference::area: {
            if (config.area(value) != nullptr) return "";
            std::vector<std::string> ids;
            for (const auto& a : config.areas) ids.push_back(a.id);
            return unknown("area", ids);
        }
        case ConfigReference::board: {
            if (config.board(value) != nullptr) return "";
            std::vector<std::string> ids;
            for (const auto& b : config.boards) ids.push_back(b.board.id);
            return unknown("board", ids);
        }
        case ConfigReference::form: {
            const std::size_t area_column = kind.column_index("area");
            const sdk::Area* area = area_column < row.size() ? config.area(row[area_column]) : nullptr;
            const BoardSettings* board = area != nullptr ? config.board(area->board_id) : nullptr;
            if (board == nullptr) return "";  // the area is reported already
            std::vector<std::string> ids;
            for (const auto& f : board->forms) ids.push_back(f.id);
            if (std::find(ids.begin(), ids.end(), value) != ids.end()) return "";
            return unknown(("form of board " + board->board.id + ":").c_str(), ids);
        }
        case ConfigReference::scale:
            if (config.scales.find(value) != nullptr) return "";
            return unknown("scale", config.scales.ids());
        case ConfigReference::level: {
            const sdk::GradingScale* scale = config.scales.find(row[kind.column_index("scale")]);
            if (scale == nullptr || scale->level(value) != nullptr) return "";
            std::vector<std::string> ids;
            for (const auto& l : scale->levels()) ids.push_back(l.id);
            return unknown(("grade on scale " + scale->id() + ":").c_str(), ids);
        }
    }
    return "";
}

/// A record whose values are each well-formed but cannot all be true together: a window that ends
/// before it starts, a planned follow-up already done, a decision's deadline before the decision.
/// Each problem: the column, and what was found against what was expected.
class ImpossibleRecords {
public:
    ImpossibleRecords(const Register& store, const MunicipalityConfig* config, sdk::Date today)
        : store_(store), config_(config), today_(sdk::format_date(today)) {}

    std::vector<std::pair<std::string, std::string>> problems(const RecordKind& kind, const Row& row) {
        std::vector<std::pair<std::string, std::string>> found;
        auto cell = [&](const char* column) -> const std::string& { return row[kind.column_index(column)]; };
        // ISO dates compare as text.
        auto not_before = [&](const char* later, const char* earlier, const char* what) {
            if (!cell(later).empty() && !cell(earlier).empty() && cell(later) < cell(earlier))
                found.push_back({later, fmt::format("found {}, before {} {}; expected {}", cell(later), earlier, cell(earlier), what)});
        };
        if (kind.name == "follow_ups") {
            not_before("planned_to", "planned_from", "a planned window that ends on or after the day it starts");
            const std::string& status = cell("status");
            const std::string& done = cell("done");
            if (status == "planned" && !done.empty())
                found.push_back({"done", fmt::format("found {} on a follow-up whose status is planned; expected no date until it "
                                                     "is done (or status done)",
                                                     done)});
            if (status == "done" && done.empty())
                found.push_back({"done", "found no date on a follow-up whose status is done; expected the day it was done"});
            if (!done.empty() && done > today_)
                found.push_back({"done", fmt::format("found {}, after today ({}); expected a day that has come", done, today_)});
            const std::string& inspector = cell("inspector");
            if (config_ != nullptr && !inspector.empty() &&
                std::none_of(config_->inspectors.begin(), config_->inspectors.end(),
                             [&](const Inspector& i) { return i.id == inspector; })) {
                std::vector<std::string> ids;
                for (const auto& i : config_->inspectors) ids.push_back(i.id);
                found.push_back({"inspector", fmt::format("names inspector {}, which the configuration does not have; {}",
                                                          shown(inspector), sdk::not_one_of(inspector, ids).substr(
                                                                                sdk::not_one_of(inspector, ids).find("expected")))});
            }
            if (const std::string& unit = cell("unit"); !unit.empty())
                if (const std::string* owner = provider_of_unit(unit); owner != nullptr && *owner != cell("provider"))
                    found.push_back({"unit", fmt::format("unit {} belongs to provider {}, not {}; expected a unit of the "
                                                         "provider followed up",
                                                         unit, *owner, cell("provider"))});
        } else if (kind.name == "authorizations") {
            not_before("ended", "granted", "an authorization that ends on or after the day it was granted");
        } else if (kind.name == "decisions") {
            not_before("deadline", "decided", "a deadline for remedy on or after the day of the decision");
        } else if (kind.name == "indicators") {
            not_before("period_to", "period_from", "a period that ends on or after the day it starts");
        } else if (kind.name == "assessments") {
            not_before("recheck_to", "recheck_from", "a re-check window that ends on or after the day it opens");
        }
        return found;
    }

private:
    /// The provider a unit in the register belongs to; null when the unit is not there (that is
    /// reported as a missing reference). Remembered: a file names the same units again and again.
    const std::string* provider_of_unit(const std::string& unit) {
        auto it = unit_owner_.find(unit);
        if (it == unit_owner_.end()) {
            const RecordKind& units = *find_record_kind("units");
            std::optional<std::string> owner;
            if (auto r = store_.find(units, unit)) owner = (*r)[units.column_index("provider")];
            it = unit_owner_.emplace(unit, std::move(owner)).first;
        }
        return it->second ? &*it->second : nullptr;
    }

    const Register& store_;
    const MunicipalityConfig* config_;
    std::string today_;
    std::unordered_map<std::string, std::optional<std::string>> unit_owner_;
};

}  // namespace

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
        const std::string name = lower(trim(header.fields[i]));
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
    // The last key each referencing column named and whether it exists: a file names the same
    // follow-up or provider on consecutive rows (five findings a follow-up). Otherwise the
    // register is asked (a point query on its key): a map of every key asked before cost a
    // quarter of checking a national file of findings, nearly all of it keys asked once.
    std::vector<std::optional<std::pair<std::string, bool>>> last_reference(kind.columns.size());
    auto exists = [&](const std::string& kind_name, const std::string& key) {
        return store.contains(*find_record_kind(kind_name), key);
    };

    std::optional<ConsistencyCheck> consistency;
    if (config != nullptr) consistency.emplace(*config, store);
    ImpossibleRecords impossible(store, config, std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));

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
        bool good = true;
        for (std::size_t c = 0; c < kind.columns.size(); ++c) {
            Checked checked = check_value(kind.columns[c], position[c] == SIZE_MAX ? std::string()
                                                                                   : std::move(doc.records[r].fields[position[c]]));
            if (!checked.error.empty()) {
                report.problems.push_back({record.line, kind.columns[c].name, checked.error});
                good = false;
            }
            row[c] = std::move(checked.value);
        }
        if (!good) continue;
        for (std::size_t c = 0; c < kind.columns.size(); ++c) {
            const ColumnSpec& column = kind.columns[c];
            if (!column.references.empty() && !row[c].empty() && ![&] {
                    auto& last = last_reference[c];
                    if (!last || last->first != row[c]) last.emplace(row[c], exists(column.references, row[c]));
                    return last->second;
                }())
                report.problems.push_back({record.line, column.name,
                                           fmt::format("names {} {}, which is not in the register; expected one imported "
                                                       "first (followup import {})",
                                                       column.references == "follow_ups" ? "follow-up" : column.references.substr(0, column.references.size() - 1),
                                                       shown(row[c]), column.references)});
            if (config != nullptr)
                if (std::string problem = check_config(column, row[c], kind, row, *config); !problem.empty())
                    report.problems.push_back({record.line, column.name, problem});
        }
        if (consistency)
            for (auto& [column, message] : consistency->problems(kind, row))
                report.problems.push_back({record.line, std::move(column), std::move(message)});
        for (auto& [column, message] : impossible.problems(kind, row))
            report.problems.push_back({record.line, std::move(column), std::move(message)});
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
    const ChangeCounts counts = writer->upsert_all(kind, rows);
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
