// Personal data in the audit trail, whichever database keeps it (docs/data.md, "Record of
// processing"). A sole trader's organisation number is its owner's personal identity number; the
// trail, hash-chained and sealed, can never be rewritten, so it never holds one: every writer
// puts a token in its place in the rows' images and keys, and the table personal_data (the
// register's one erasable table, not audited itself) says which value each token stands for.
// The rows keep the value, so that everything else reads them unchanged. `followup erase` puts
// the token in the rows too and deletes the value from personal_data: the rows are then what the
// trail always said, and `audit verify` passes. Never included outside store/.
#pragma once

#include <functional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/register.hpp"

namespace followup::core::audit_detail {

/// Whether a column may hold personal data the trail pseudonymises: the organisation numbers.
inline bool pseudonymised(const ColumnSpec& column) { return column.type == ColumnType::org_number; }

/// A new token: "pnr-" and 16 hex digits from OpenSSL's random generator. Random, not a hash of
/// the number: there are only about 10^8 personal identity numbers, and a hash of each (keyed or
/// not, once its key is known) would give the erased number back.
std::string new_personal_token();

/// The values a writer (or `audit verify`) replaces by their tokens.
class Pseudonyms {
public:
    using Tokens = std::unordered_map<std::string, std::string>;  ///< value → token
    /// For a writer: `load` reads personal_data the first time a row holds a personal value (most
    /// writes hold none, and an import then reads it once), `keep` inserts a new value in the
    /// writer's transaction, `at` is when (personal_data.since).
    Pseudonyms(std::function<Tokens()> load, std::function<void(const PersonalValue&)> keep, std::string at);
    /// For `audit verify`: the tokens as they are. A personal value without one is left as it is
    /// (what the trail then holds: a row written behind followup's back is reported as such).
    explicit Pseudonyms(Tokens tokens);

    /// `row` as the trail holds it: `row` itself when it holds no personal value (no copy), else
    /// `scratch`, a copy with each personal value replaced by its token (made when it has none).
    const Row& in_trail(const RecordKind& kind, const Row& row, Row& scratch);
    /// The value was erased in this transaction: it has no token any more.
    void forget(const std::string& value);

private:
    const std::string& token_for(const std::string& value);

    std::function<Tokens()> load_;
    std::function<void(const PersonalValue&)> keep_;
    std::string at_;
    bool loaded_ = false;
    Tokens tokens_;
};

/// One statement of an erase, with its parameters `value` (1) and `token` (2) written by
/// `parameter(n)` in the engine's dialect (?1, $1). `kind` names the rows it changes (counted)
/// or is empty (the old key's row deleted).
struct ErasureStep {
    std::string sql;
    std::string kind;
    bool uses_token = true;  ///< false: only the value (1) is a parameter
};
/// The statements that put the token in every row holding the value, in an order the foreign
/// keys allow without deferring them: a provider's row is copied under the token first, the rows
/// naming it then name the token, and its row under the number is deleted last.
std::vector<ErasureStep> erasure_steps(const std::function<std::string(int)>& parameter);

/// The forms a canonical number may be written in: "NNNNNN-NNNN" and "NNNNNNNNNN" (the twelve
/// digits of either with the century hold one of them). Searched for as LIKE '%FORM%'.
std::vector<std::string> written_forms(const std::string& value);
/// The entries of the trail holding any of the forms (parameters 1 and 2: '%FORM%'), by number.
std::string trail_holding_sql(const std::function<std::string(int)>& parameter);
/// The first key of a row of `kind` a text column of which holds any of the forms (parameters as
/// above), as the column "found"; no row when none does.
std::string rows_holding_sql(const RecordKind& kind, const std::function<std::string(int)>& parameter);
/// Why a value a row holds in a text is not erased.
std::string held_in_a_text(const std::string& register_name, const std::string& value, const RecordKind& kind, const std::string& key);

/// The erase's audit entry's after-image: the token, the kind, why, and when it was first
/// written; never the value.
std::string erased_image(const PersonalValue& value, const std::string& why);

/// Why a value the trail holds in the clear is not erased: `entries` (the first of them, `total`
/// in all) hold it, and the trail cannot be rewritten without breaking its chain and seals.
std::string held_in_the_clear(const std::string& register_name, const std::string& value, const std::vector<std::int64_t>& entries,
                              std::int64_t total);

/// The refusal for a value the register does not hold.
std::string not_held(const std::string& register_name, const std::string& value);

}  // namespace followup::core::audit_detail
