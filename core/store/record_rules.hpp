// The rules a record must keep to enter the register, whichever way it comes in: a CSV file
// (`followup import`, the demo), a command (`record`, `decide`, `case close`, `authorization …`)
// or any later front. One class, so that the doors cannot drift apart: what `import` refuses,
// `record` refuses with the same words.
//
// For one row of a record kind, in this order (a row whose values are malformed is not checked
// further, as its references would only repeat the problem):
//  1. each value against its column: a date from 1990 to 2100, a whole number that counts (0 or
//     more), an organisation number with its check digit, one of the column's choices, and no
//     control character in any text;
//  2. references: to another record in the register (or written in the same transaction), and,
//     with a configuration, to its areas, boards, forms, scales and grades;
//  3. the rules across records (store/consistency.hpp);
//  4. records that cannot be true: a window that ends before it starts, a follow-up done after
//     today, a deadline before its decision, an inspector the configuration does not have.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/municipality_config.hpp"
#include "store/consistency.hpp"
#include "store/register.hpp"

namespace followup::core {

class RecordRules {
public:
    /// `config` may be null: a register without a configuration checks values and references
    /// only. `today` is the day after which nothing can have been done.
    RecordRules(const Register& store, const MunicipalityConfig* config, sdk::Date today);
    ~RecordRules();
    RecordRules(const RecordRules&) = delete;
    RecordRules& operator=(const RecordRules&) = delete;

    /// Checks one row of `kind` (its columns in the kind's order) and makes its values canonical
    /// in place (trimmed, the organisation number with its dash, a boolean as ja/nej). Each
    /// problem names its column (empty for the whole row) and says what was found and what was
    /// expected. Empty when the row may be written.
    std::vector<ConsistencyProblem> check(const RecordKind& kind, Row& row);

    /// A row that will be written in the same transaction as the rows checked after it (a
    /// follow-up recorded with its findings): references to it are good, and the rules across
    /// records read it as if it were stored. Call after it passed `check`.
    void written_with(const RecordKind& kind, const Row& row);

private:
    struct State;
    std::unique_ptr<State> state_;
};

/// What a decision does beyond its own row: a board's revocation decision revokes the
/// authorization of the follow-up's provider in the follow-up's area from the decision's day
/// (status revoked, ended that day), in the same transaction as the decision, whichever way the
/// decision comes in (`decide`, `authorization revoke`, `import decisions`). The authorization's
/// row as it becomes; nothing for another kind, when no authorization is in force on that day
/// (or granted after it), or when one is already revoked on that day.
std::optional<Row> authorization_revoked_by(const Register& store, const Row& decision);

/// The first rule alone, for a value a command takes before it has a whole row (a year, a
/// decision's kind): the problem with `value` in `column` of `kind`, in the words `check` uses,
/// or empty when it is good (then `value` is made canonical).
std::string check_column_value(const RecordKind& kind, std::string_view column, std::string& value);

/// A header's column name as the register knows it: without surrounding blanks, in lower case.
std::string column_name(std::string_view header_field);

/// A value as a message shows it: control characters escaped (\x1b), so that a message never
/// sends them raw to the terminal that reads it.
std::string escaped(std::string_view value);

/// A value quoted for a message, escaped and cut to 60 characters.
std::string shown(const std::string& value);

/// "follow-up", "provider", ...: the word a message uses for one record of the kind named.
std::string record_word(const std::string& kind_name);

}  // namespace followup::core
