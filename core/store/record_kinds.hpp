// The kinds of record the register holds, described once: their table, their columns (which are
// also their CSV columns, in this order), their natural key and what each column must contain.
// Import, export, the audit trail and the schema all read these descriptions, so a column is
// added in one place. docs/data.md documents the same columns for people.
#pragma once

#include <initializer_list>
#include <string>
#include <optional>
#include <string_view>
#include <vector>

namespace followup::core {

enum class ColumnType {
    text,        ///< non-empty text
    note,        ///< text, may be empty
    date,        ///< YYYY-MM-DD
    date_or_empty,
    integer,
    integer_or_empty,
    number,      ///< decimal, "." or "," as decimal mark
    boolean,     ///< "ja"/"nej", "yes"/"no", "true"/"false", "1"/"0"
    org_number,  ///< Swedish organisation (or personal identity) number with a valid check digit
    choice,      ///< one of `choices`
};

/// Something in the municipality's configuration a column must name (checked when a
/// configuration is at hand).
enum class ConfigReference { none, area, board, form, scale, level };

struct ColumnSpec {
    std::string name;
    ColumnType type = ColumnType::text;
    std::vector<std::string> choices;
    std::string references;  ///< another kind whose key this column names ("providers"), or empty
    ConfigReference config = ConfigReference::none;
    std::string doc;
    /// A column added after the kind's first release: a file written before it existed may leave
    /// it out of its header, and the column is then empty in every row.
    bool added_later = false;
};

struct RecordKind {
    std::string name;   ///< the kind on the command line and the table in the database
    std::string title;  ///< for people
    std::vector<ColumnSpec> columns;
    std::vector<std::string> key;  ///< the natural key: re-importing the same row changes nothing
    std::string doc;

    std::size_t column_index(std::string_view column) const;  ///< columns.size() if absent
    std::vector<std::size_t> key_indexes() const;
    std::vector<std::string> column_names() const;
};

/// What a bulk read of some of a kind's columns asks a database: the columns as a select list,
/// their types in that order, and the natural key as an ORDER BY list. `missing` names the first
/// column the kind does not have ("" when there is none).
struct ColumnSelection {
    std::string columns, order, missing;
    std::vector<ColumnType> types;
};
ColumnSelection select_columns(const RecordKind& kind, const std::vector<std::string>& wanted);

/// A row of `kind` from named values; the columns not named are empty. Throws std::logic_error
/// for a name the kind does not have, so that a renamed column fails loudly, not silently.
std::vector<std::string> row_of(const RecordKind& kind, std::initializer_list<std::pair<std::string_view, std::string>> values);
/// The value of the named column in a row of `kind` (std::logic_error for an unknown name).
const std::string& value_of(const RecordKind& kind, const std::vector<std::string>& row, std::string_view column);

/// Every kind, in dependency order (a kind only references kinds before it).
const std::vector<RecordKind>& record_kinds();
const RecordKind* find_record_kind(std::string_view name);

/// "556036-0793": ten digits (twelve with the century), check digit by the Luhn algorithm.
/// Returns the canonical "NNNNNN-NNNN" form, or std::nullopt.
std::optional<std::string> canonical_org_number(std::string_view text);

/// Whether a canonical organisation number ("NNNNNN-NNNN", canonical_org_number()) is a person's
/// personal identity number (personnummer, or a coordination number): a sole trader's (enskild
/// firma) organisation number is its owner's. Digits 3-4 are then a month, 01-12; a legal
/// person's organisation number has 20 or more there (Bolagsverket), so that the third digit
/// tells them apart. Such a number is personal data (docs/data.md, "Record of processing").
bool is_personal_identity_number(std::string_view canonical);

/// What personal data the register pseudonymises in its audit trail is called there
/// (personal_data.kind) and in the configuration ([register.retention] KIND_years).
inline constexpr std::string_view personal_identity_number_kind = "personal_identity_number";

/// "NNNNNN-NNNC": nine digits and the Luhn check digit that makes them a valid number (for
/// generated and test data).
std::string org_number_with_check_digit(std::string_view first_nine);

}  // namespace followup::core
