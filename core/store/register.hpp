// The register: what was followed up, what was found and what was decided, kept for years.
//
// A narrow interface, so that a server database can stand beside the embedded SQLite store
// without touching plugins (which see only sdk::RegisterView) or reports. Records cross it as
// rows of canonical text, one string per column of their RecordKind; every change is recorded in
// an append-only audit trail whose entries are chained by hash.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "followup/sdk/host.hpp"
#include "store/record_kinds.hpp"

namespace followup::core {

/// Canonical text per column, in the kind's column order; "" for an empty optional value.
using Row = std::vector<std::string>;

enum class Change { unchanged, inserted, updated };

/// One personal value the register holds (its table personal_data, docs/data.md "Record of
/// processing"): the rows keep the value, the audit trail only its token, so that erasing the
/// value leaves the trail as it was. `since`: when it was first written.
struct PersonalValue {
    std::string token, kind, value, since;
    /// The trail holds the value itself: written before the register pseudonymised it (the
    /// migration that made personal_data), when its token was made the value.
    bool in_the_clear() const { return token == value; }
};

/// What erasing one personal value did.
struct ErasedValue {
    PersonalValue erased;
    std::vector<std::pair<std::string, std::int64_t>> rows;  ///< per kind, the rows now holding the token
};

/// An officer's local account for signing in to the desk (the table officer_credentials, docs/data.md,
/// "Officers' passwords"): kept beside the records, not one of them: never exported, imported or
/// in the audit trail, which records only that a password was set, by whom and when.
struct OfficerCredential {
    std::string officer;               ///< the configuration's [[officers]] id
    std::string hash;                  ///< Argon2id in libargon2's encoded form (util/password_hash.hpp)
    std::int64_t failed_sign_ins = 0;  ///< failed sign-ins in a row since the last success, pause or new password
    std::string paused_until;          ///< "YYYY-MM-DDTHH:MM:SSZ"; "" when never paused (it may lie in the past)
    std::string changed;               ///< when the password was set, "YYYY-MM-DDTHH:MM:SSZ"
};

/// Rows of one kind, each with the line of the file it came from (for messages).
using NumberedRows = std::vector<std::pair<std::size_t, Row>>;

struct ChangeCounts {
    std::size_t inserted = 0, updated = 0, unchanged = 0;
};

/// The store cannot be opened, is of a newer schema, or failed: the message says which file and why.
class StoreError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// One transaction. Nothing is visible to others, or kept, until commit(); destroying an
/// uncommitted writer rolls everything back.
class RegisterWriter {
public:
    virtual ~RegisterWriter() = default;
    /// Inserts the row, or updates the row with the same natural key if it differs; an
    /// identical row is left alone (and not audited).
    virtual Change upsert(const RecordKind& kind, const Row& row) = 0;
    /// Upserts every row, in order, as upsert() would one by one (the same trail). A server
    /// database writes them set-based (PostgreSQL: COPY into a staging table, one upsert), where a
    /// statement per row would cost a round trip each.
    /// @throws StoreError naming the line of a row the database refuses; nothing is then kept.
    virtual ChangeCounts upsert_all(const RecordKind& kind, const NumberedRows& rows) {
        ChangeCounts counts;
        for (const auto& numbered : rows) {
            switch (upsert(kind, numbered.second)) {
                case Change::inserted: ++counts.inserted; break;
                case Change::updated: ++counts.updated; break;
                case Change::unchanged: ++counts.unchanged; break;
            }
        }
        return counts;
    }
    /// Deletes the row with the natural key of `row` (its other columns are not compared), audited
    /// as a "delete" with the row as it was; false, and nothing audited, when there is none. Only
    /// for rows replaced as a whole with what they derive from: a re-assessed follow-up's model
    /// deficiencies (assessment_deficiencies) that the new assessment no longer finds. What was
    /// recorded (a finding, a document shown, a decision) is corrected, never removed.
    virtual bool remove(const RecordKind& kind, const Row& row) = 0;
    /// Erases the personal value `value` (canonical: "NNNNNN-NNNN"): every row that holds it holds
    /// its token instead (the key of a provider's row too, with the rows that name it), the value
    /// is deleted from personal_data, and one audit entry ("erase", personal_data, the token)
    /// records it with `why` and without the value. The trail held only the token: it verifies as
    /// before. @throws StoreError when the register holds no such value, or when its trail holds it
    /// in the clear (PersonalValue::in_the_clear(): the entries named); nothing is then changed.
    virtual ErasedValue erase_personal_value(const std::string& value, const std::string& why) = 0;
    /// Sets `officer`'s password hash (officer_credentials); the count of failed sign-ins and any
    /// pause start anew. One audit entry ("credential set", officer_credentials, the officer)
    /// records who set it and when, its images the officer and the time the password was set,
    /// never the hash.
    virtual void set_credential(const std::string& officer, const std::string& hash) = 0;
    /// Records the outcome of `officer`'s sign-in at `now` as after_sign_in() (officer_credentials.hpp)
    /// says: a success ends the row of failures, the fifth failure in a row pauses the account.
    /// Not audited (a sign-in changes no record), so it needs no audit key. Gives the account as it
    /// now is; nothing, and nothing written, when the officer has no password.
    virtual std::optional<OfficerCredential> record_sign_in(const std::string& officer, bool succeeded,
                                                            std::chrono::system_clock::time_point now) = 0;
    virtual void commit() = 0;
};

/// The command this process runs, as the register tells others: the read log of a PostgreSQL
/// register (who signed in is the server's word; what they ran and whom they acted for, the
/// command line's), and the note an SQLite writer leaves while it holds the register, so that a
/// command that waited for it in vain can say which command holds it. Set once by the front.
struct CommandDescription {
    std::string command = "followup";  ///< the command's words, e.g. "import", "audit verify"
    std::string on_behalf_of;          ///< --actor, "" for themselves
};
void describe_command(CommandDescription described);
const CommandDescription& described_command();

/// One entry of the audit trail, as people read it.
struct AuditRecord {
    std::int64_t seq = 0;
    std::string at, actor, action, kind, key;
    std::string before, after;  ///< the row's images, JSON arrays of the columns' text ("" when none)
    std::string on_behalf_of;   ///< whom `actor` (who signed in) acted for, "" for themselves
};

struct AuditProblem {
    std::int64_t entry = 0;  ///< the audit entry concerned; 0 for a row that has none
    std::string message;
};

class Register : public sdk::RegisterView {
public:
    /// Whether a record of `kind` with this (single-column) key exists.
    virtual bool contains(const RecordKind& kind, const std::string& key) const = 0;
    /// The record of `kind` with this (single-column) key, every column, or nothing.
    virtual std::optional<Row> find(const RecordKind& kind, const std::string& key) const = 0;
    /// Every record of `kind` whose `column` holds `value`, every column, by natural key.
    virtual std::vector<Row> rows_where(const RecordKind& kind, const std::string& column, const std::string& value) const = 0;
    /// A writer for one transaction. The register itself knows who signed in (the OS user on
    /// SQLite, the login role on PostgreSQL) and records them in the audit trail; `actor` is whom
    /// they act on behalf of (--actor), recorded beside them, or "" for themselves.
    virtual std::unique_ptr<RegisterWriter> begin(const std::string& actor) = 0;
    /// begin() for a transaction about to write about `rows` rows: a register may write a large
    /// one another way (the SQLite register through a rollback journal instead of its WAL). Just
    /// as atomic; by default the same as begin().
    virtual std::unique_ptr<RegisterWriter> begin_bulk(const std::string& actor, std::size_t rows) {
        (void)rows;
        return begin(actor);
    }
    /// Every row of `kind`, ordered by its natural key.
    virtual void for_each(const RecordKind& kind, const std::function<void(const Row&)>& visit) const = 0;
    /// Runs `reads` as one read transaction: every read inside sees the register as it was when
    /// the first began, whatever others write meanwhile (a snapshot spanning several tables).
    virtual void read_consistently(const std::function<void()>& reads) const = 0;
    /// Another reader of the same register, so that two tables can be read on two cores at once
    /// (the compilation's snapshot reads the findings beside the follow-ups); nothing where the
    /// store offers none. It reads what this one reads only when state() is the same in both.
    virtual std::unique_ptr<const Register> another_reader() const { return nullptr; }
    /// Inside a read transaction: what names the committed state read (the audit trail's head:
    /// every write extends it), to tell whether two readers see the same register. "" when unknown.
    virtual std::string state() const { return {}; }
    /// The same, with only the named columns, in the order named: for reading millions of rows
    /// (the compilation's snapshot) without the columns not needed.
    virtual void for_each(const RecordKind& kind, const std::vector<std::string>& columns,
                          const std::function<void(const Row&)>& visit) const = 0;
    /// Checks the audit chain (no entry edited, removed or reordered) and that every row is what
    /// the trail says it should be (no row edited, inserted or deleted behind the tool's back).
    virtual std::vector<AuditProblem> verify_audit() const = 0;
    virtual std::int64_t audit_entries() const = 0;
    /// The audit trail's entries about `kind` (every kind when empty) and `key` (every key when
    /// empty), oldest first.
    virtual std::vector<AuditRecord> audit_log(const std::string& kind, const std::string& key) const = 0;
    /// Seals the trail as it stands, under the audit key (made when there is none): for an
    /// administrator, after someone checked a trail whose seal does not hold (the heads lost, the
    /// key lost or replaced, a register from before the trail was sealed). Says what it sealed.
    /// @throws StoreError when the register keeps no sealed trail or the key cannot be read.
    virtual std::string reseal_audit() { throw StoreError("this register keeps no sealed audit trail"); }
    /// Who is whose officer and which areas each board has (the configuration's [[officers]] and
    /// boards), for a register whose database enforces it: a PostgreSQL register's row-level
    /// security lets an officer read and write only their boards' records. Replaces what was
    /// there; says what changed and which officers have no login role yet.
    /// @throws StoreError on a register that does not enforce it (SQLite: its file's owner and
    /// group are its access control), or when the roles were not set up.
    virtual std::vector<std::string> grant_officers(const std::vector<std::pair<std::string, std::string>>& board_areas,
                                                    const std::vector<std::pair<std::string, std::string>>& officer_boards) {
        (void)board_areas;
        (void)officer_boards;
        throw StoreError("an SQLite register does not tell officers apart: whoever may open its file reads and writes all of "
                         "it, so its file's owner and group are its access control (docs/data.md, \"The register's files and who may read them\"). "
                         "Officers scoped to their boards need a PostgreSQL register (docs/data.md, \"PostgreSQL\")");
    }
    /// Every personal value the register holds (personal_data), by value.
    virtual std::vector<PersonalValue> personal_values() const = 0;
    /// `officer`'s local account, or nothing when no password was set for them.
    virtual std::optional<OfficerCredential> credential(const std::string& officer) const = 0;
    /// Every officer's local account, by officer id.
    virtual std::vector<OfficerCredential> credentials() const = 0;
    /// After a committed erase: makes sure the erased bytes are gone from the database's files
    /// (SQLite: the freed pages overwritten, the file rebuilt, the write-ahead log emptied).
    /// Returns what could not be made sure of, as warnings.
    virtual std::vector<std::string> forget_erased() { return {}; }
    /// A consistent copy of the whole register, taken while others may read it.
    virtual void backup_to(const std::filesystem::path& file) const = 0;
};

}  // namespace followup::core
