// Personal data in the audit trail (personal_data.hpp).
#include "store/personal_data.hpp"

#include <fmt/format.h>

#include "store/audit_trail.hpp"
#include "util/sha256.hpp"

namespace followup::core::audit_detail {

std::string new_personal_token() { return "pnr-" + random_hex(8); }

Pseudonyms::Pseudonyms(std::function<Tokens()> load, std::function<void(const PersonalValue&)> keep, std::string at)
    : load_(std::move(load)), keep_(std::move(keep)), at_(std::move(at)) {}

Pseudonyms::Pseudonyms(Tokens tokens) : loaded_(true), tokens_(std::move(tokens)) {}

const std::string& Pseudonyms::token_for(const std::string& value) {
    if (!loaded_) {
        tokens_ = load_();
        loaded_ = true;
    }
    auto it = tokens_.find(value);
    if (it != tokens_.end()) return it->second;
    if (!keep_) return value;  // audit verify: as the trail must then hold it
    PersonalValue made{new_personal_token(), std::string(personal_identity_number_kind), value, at_};
    keep_(made);
    return tokens_.emplace(value, std::move(made.token)).first->second;
}

const Row& Pseudonyms::in_trail(const RecordKind& kind, const Row& row, Row& scratch) {
    bool copied = false;
    for (std::size_t i = 0; i < kind.columns.size() && i < row.size(); ++i) {
        if (!pseudonymised(kind.columns[i]) || !is_personal_identity_number(row[i])) continue;
        const std::string& token = token_for(row[i]);
        if (token == row[i]) continue;  // held in the clear (from before pseudonymisation)
        if (!copied) {
            scratch = row;
            copied = true;
        }
        scratch[i] = token;
    }
    return copied ? scratch : row;
}

void Pseudonyms::forget(const std::string& value) { tokens_.erase(value); }

std::vector<ErasureStep> erasure_steps(const std::function<std::string(int)>& parameter) {
    const std::string value = parameter(1), token = parameter(2);
    std::vector<ErasureStep> copies, updates, deletions;
    for (const RecordKind& kind : record_kinds()) {
        const auto keys = kind.key_indexes();
        for (std::size_t i = 0; i < kind.columns.size(); ++i) {
            if (!pseudonymised(kind.columns[i])) continue;
            const std::string& column = kind.columns[i].name;
            if (keys.size() == 1 && keys.front() == i) {
                // The row others name (providers): copied under the token, deleted under the number last.
                std::string columns, selected;
                for (std::size_t c = 0; c < kind.columns.size(); ++c) {
                    columns += (c ? ", " : "") + kind.columns[c].name;
                    selected += (c ? ", " : "") + (c == i ? token : kind.columns[c].name);
                }
                copies.push_back({fmt::format("INSERT INTO {} ({}) SELECT {} FROM {} WHERE {} = {}", kind.name, columns, selected,
                                              kind.name, column, value),
                                  kind.name});
                deletions.push_back({fmt::format("DELETE FROM {} WHERE {} = {}", kind.name, column, value), "", false});
            } else {
                updates.push_back({fmt::format("UPDATE {} SET {} = {} WHERE {} = {}", kind.name, column, token, column, value), kind.name});
            }
        }
    }
    copies.insert(copies.end(), updates.begin(), updates.end());
    copies.insert(copies.end(), deletions.begin(), deletions.end());
    return copies;
}

std::vector<std::string> written_forms(const std::string& value) {
    std::string digits;
    for (char c : value)
        if (c != '-') digits += c;
    return {value, digits};
}

std::string trail_holding_sql(const std::function<std::string(int)>& parameter) {
    std::string where;
    for (int p = 1; p <= 2; ++p)
        for (const char* field : {"key", "before", "after"})
            where += fmt::format("{}{} LIKE {}", where.empty() ? "" : " OR ", field, parameter(p));
    return "SELECT seq FROM audit WHERE " + where + " ORDER BY seq";
}

std::string rows_holding_sql(const RecordKind& kind, const std::function<std::string(int)>& parameter) {
    std::string where;
    for (const ColumnSpec& c : kind.columns) {
        // The columns kept as text (numbers and booleans are not, and PostgreSQL compares no
        // number with LIKE).
        if (c.type == ColumnType::integer || c.type == ColumnType::integer_or_empty || c.type == ColumnType::number ||
            c.type == ColumnType::boolean)
            continue;
        for (int p = 1; p <= 2; ++p) where += fmt::format("{}{} LIKE {}", where.empty() ? "" : " OR ", c.name, parameter(p));
    }
    std::string key;
    for (const auto& k : kind.key) key += (key.empty() ? "" : " || '/' || ") + k;
    return fmt::format("SELECT {} AS found FROM {} WHERE {} LIMIT 1", key, kind.name, where);
}

std::string held_in_a_text(const std::string& register_name, const std::string& value, const RecordKind& kind, const std::string& key) {
    // Whatever followup writes its trail holds too, and was refused before: this row was written
    // behind followup's back.
    return fmt::format("'{}': {} is not erased: the {} '{}' holds it in a text column, and its trail does not (the row was "
                       "written behind followup's back; `followup audit verify` reports it); nothing was changed",
                       register_name, value, kind.name, key);
}

std::string erased_image(const PersonalValue& value, const std::string& why) {
    return image({value.token, value.kind, why, value.since});
}

std::string held_in_the_clear(const std::string& register_name, const std::string& value, const std::vector<std::int64_t>& entries,
                              std::int64_t total) {
    std::string listed;
    for (std::int64_t seq : entries) listed += (listed.empty() ? "" : ", ") + std::to_string(seq);
    return fmt::format(
        "'{}': {} is not erased: its audit trail holds it in the clear, in {} entr{} ({}{}): written before the register kept "
        "personal identity numbers only as tokens in its trail (the schema migration that made its table personal_data), or "
        "holding it typed into a text. Those entries are hash-chained and sealed: "
        "rewriting them would break `audit verify` for the whole trail, and erasing the number from the rows alone would leave "
        "it there. Nothing was changed. The trail is an official record kept under the archives act: ask the archive authority "
        "whether it may be culled; a register started anew from `followup export` of each kind keeps the number as a token "
        "from its first entry (docs/data.md, \"Record of processing\")",
        register_name, value, total, total == 1 ? "y" : "ies", listed,
        total > static_cast<std::int64_t>(entries.size()) ? fmt::format(" and {} more", total - static_cast<std::int64_t>(entries.size()))
                                                          : std::string());
}

std::string not_held(const std::string& register_name, const std::string& value) {
    return fmt::format("'{}' holds no personal identity number {} (none of its providers has it, nor had it unless it was "
                       "erased already); nothing was changed",
                       register_name, value);
}

}  // namespace followup::core::audit_detail
