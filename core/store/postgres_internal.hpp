// Inside the PostgreSQL register: what its files share (postgres_register.cpp: connecting,
// migrating, reading rows; postgres_reads.cpp: what plugins read; postgres_writer.cpp: one
// transaction; postgres_audit.cpp: sealing and checking the trail). Never included outside
// store/postgres_*.cpp and store/register_copy.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <sys/types.h>

#include <pqxx/pqxx>
#include <pqxx/tablewriter>

#include "store/audit_trail.hpp"
#include "store/officer_credentials.hpp"
#include "store/personal_data.hpp"
#include "store/postgres_register.hpp"
#include "store/register.hpp"
#include "store/row_register.hpp"
#include "store/register_copy.hpp"

namespace followup::core {
const std::vector<std::string>& register_migrations();  // sqlite_schema.cpp
/// The register's migrations in PostgreSQL's dialect, numbered as SQLite's (postgres_schema.cpp).
const std::vector<std::string>& postgres_migrations();
/// What the register keeps beside its records: the schema's version, the sealed heads.
const std::string& postgres_bookkeeping();
/// The functions the roles rely on (followup_audit_head), made anew after every migration.
const std::string& postgres_functions();
}

namespace followup::core::postgres_detail {
namespace fs = std::filesystem;
using namespace audit_detail;

/// Writers take this transaction-scoped advisory lock first: one writer at a time, as SQLite's
/// write lock, so that the trail's head is read and advanced by one transaction only and a
/// row's before-image is always the last committed one. Readers never wait for it.
inline constexpr std::int64_t writer_lock = 0x666f6c6c6f7775;  // "followu"
/// Taken while the schema is created or migrated: several officers' first commands at once.
inline constexpr std::int64_t migration_lock = 0x666f6c6c6f776d;

/// The canonical text of a stored value, as the SQLite register gives it (sqlite_internal.hpp).
void read_canonical(std::string& out, const pqxx::field& field, ColumnType type);

/// The parameter text a canonical value is stored as; nothing for NULL.
std::optional<std::string> stored(const RecordKind& kind, std::size_t column, const std::string& value);

/// Parameters, NULL as a null pointer, for pqxx's dynamic parameters.
struct Parameters {
    std::vector<std::optional<std::string>> values;
    std::vector<const char*> pointers() const {
        std::vector<const char*> out;
        out.reserve(values.size());
        for (const auto& v : values) out.push_back(v ? v->c_str() : nullptr);
        return out;
    }
};

class PostgresRegister;

class PostgresWriter final : public RegisterWriter {
public:
    PostgresWriter(PostgresRegister& owner, std::string actor);
    ~PostgresWriter() override;
    Change upsert(const RecordKind& kind, const Row& row) override;
    bool remove(const RecordKind& kind, const Row& row) override;
    /// COPY into a staging table, one set-based upsert (postgres_bulk.cpp).
    ChangeCounts upsert_all(const RecordKind& kind, const NumberedRows& rows) override;
    ErasedValue erase_personal_value(const std::string& value, const std::string& why) override;
    void set_credential(const std::string& officer, const std::string& hash) override;
    std::optional<OfficerCredential> record_sign_in(const std::string& officer, bool succeeded,
                                                    std::chrono::system_clock::time_point now) override;
    void commit() override;

private:
    /// The row's image and key as the trail holds them: personal values as their tokens.
    const Row& in_trail(const RecordKind& kind, const Row& row, Row& scratch) { return pseudonyms_.in_trail(kind, row, scratch); }
    Change upsert_row(const RecordKind& kind, const Row& row);
    /// Row by row, naming the line of the first row the database refuses.
    ChangeCounts upsert_each(const RecordKind& kind, const NumberedRows& rows);
    /// Appends one entry; `row` is as the trail holds it (in_trail()), `inserted` the row as stored.
    void append_audit(const std::string& action, const std::string& entity, const std::vector<std::size_t>& keys, const Row& row,
                      std::string before, std::string after);
    /// Inserts the pending entries; through COPY when there are many.
    void flush_audit();

    PostgresRegister& owner_;
    std::string actor_;         ///< who signed in: the session's login role
    std::string on_behalf_of_;  ///< whom they act for (--actor), "" for themselves
    std::string at_;
    pqxx::work work_;
    /// Entries per INSERT of the trail: 100 × 11 parameters.
    static constexpr std::size_t audit_batch = 100;
    std::vector<AuditEntry> pending_;  ///< computed, chained entries not yet inserted
    std::size_t flush_at_ = audit_batch;  ///< more while upsert_all() writes a file's entries
    std::int64_t last_seq_ = 0;
    std::string last_hash_;
    std::int64_t first_seq_ = 0;  ///< the trail's head when this transaction began
    std::string first_hash_;
    Sha256 sha_;
    bool done_ = false;
    Pseudonyms pseudonyms_;  ///< after work_: it reads and writes personal_data in it
    Row scratch_, scratch_before_;
};

class PostgresRegister final : public RowRegister, public TrailSource, public VerbatimTarget {
public:
    /// Connects to `url`. @throws pqxx::broken_connection (open_postgres_register() says what to check).
    PostgresRegister(const std::string& url, std::optional<fs::path> audit_key);
    ~PostgresRegister() override;

    const std::string& url() const { return url_; }  ///< without a password
    /// This process's session with the server (session()).
    pqxx::connection& connection() { return session(); }

    /// Creates the tables or brings them up to date, under the migration lock.
    void migrate();

    /// Runs `work` in the transaction open on the connection (a writer's, or a consistent read),
    /// else in one of its own: PostgreSQL allows one transaction per connection at a time.
    void in_transaction(const std::function<void(pqxx::transaction_base&)>& work) const;
    /// The writer whose transaction is open, or none.
    void set_current(pqxx::transaction_base* transaction) const { current_ = transaction; }
    /// A writer holds the writer lock from begin_writing() to end_writing(): meanwhile nobody else
    /// adds a row, so the keys contains() loaded stay true, with what the writer adds itself.
    void begin_writing() { writing_ = true; }
    void end_writing() {
        writing_ = false;
        known_keys_.clear();
    }
    /// The writer inserted `row` (its key is now there).
    void note_inserted(const RecordKind& kind, const Row& row);
    /// A row deleted: the keys loaded for `kind` may name it, so they are loaded again if asked.
    void note_removed(const RecordKind& kind) { known_keys_.erase(kind.name); }
    /// The statement named for `sql`, prepared on the connection once.
    std::string prepared(const std::string& sql) const;

    // ---- Register ----
    bool contains(const RecordKind& kind, const std::string& key) const override;
    std::optional<Row> find(const RecordKind& kind, const std::string& key) const override;
    std::vector<Row> rows_where(const RecordKind& kind, const std::string& column, const std::string& value) const override;
    std::unique_ptr<RegisterWriter> begin(const std::string& actor) override;
    void for_each(const RecordKind& kind, const std::function<void(const Row&)>& visit) const override;
    void read_consistently(const std::function<void()>& reads) const override;
    void for_each(const RecordKind& kind, const std::vector<std::string>& columns,
                  const std::function<void(const Row&)>& visit) const override;
    std::vector<AuditProblem> verify_audit() const override;
    std::int64_t audit_entries() const override;
    std::vector<PersonalValue> personal_values() const override;  // postgres_audit.cpp
    std::vector<std::string> forget_erased() override;
    std::optional<OfficerCredential> credential(const std::string& officer) const override;  // postgres_writer.cpp
    std::vector<OfficerCredential> credentials() const override;
    std::vector<AuditRecord> audit_log(const std::string& kind, const std::string& key) const override;
    void backup_to(const fs::path& file) const override;

    // ---- copies (register_copy.hpp) ----
    void for_each_entry(const std::function<void(const AuditEntry&)>& visit) const override;
    std::unique_ptr<VerbatimLoad> begin_verbatim_load() override;

    // ---- sealing the trail's head (postgres_audit.cpp) ----

    /// The key, read before a write commits: a register whose heads were sealed cannot be written
    /// without it. Made (owner-only) when neither it nor a sealed head exists yet.
    /// @throws StoreError naming the register, the key and what to do.
    std::string key_for_writing(pqxx::transaction_base& t);
    /// Inserts the head (`entries`, `hash`) sealed under `key` in `t`; `why` as in SQLite's.
    static void seal(pqxx::transaction_base& t, const std::string& key, std::int64_t entries, const std::string& hash,
                     std::string_view why);
    static bool heads_exist(pqxx::transaction_base& t);
    /// The latest sealed head (none when there is none).
    static std::vector<SealedHead> latest_heads(pqxx::transaction_base& t);
    std::string reseal_audit() override;
    std::vector<std::string> grant_officers(const std::vector<std::pair<std::string, std::string>>& board_areas,
                                            const std::vector<std::pair<std::string, std::string>>& officer_boards) override;

    // ---- sdk::RegisterView, for plugins: RowRegister, through select_rows (postgres_reads.cpp) ----

    /// The rows of `kind` that `where` selects (?1, ?2 … or $1, $2 … bound to `values`), in
    /// `order`: every column, in the kind's order, as canonical text.
    std::vector<Row> select_rows(const RecordKind& kind, std::string_view where, std::string_view order,
                                 std::initializer_list<std::string_view> values) const override;

    const std::optional<fs::path>& audit_key() const { return audit_key_; }

private:
    /// The connection, made anew in a child process: a plugin call run isolated (host/
    /// isolation.cpp) is a fork of the host, and a plugin reads the register through it.
    pqxx::connection& session() const;

    std::string url_;          ///< without its password, for messages
    std::string connect_url_;  ///< as given, for pg_dump
    mutable std::unique_ptr<pqxx::connection> connection_;
    mutable pid_t connected_in_;  ///< the process that made connection_
    std::optional<fs::path> audit_key_;
    mutable pqxx::transaction_base* current_ = nullptr;
    mutable std::map<std::string, std::string> prepared_;  ///< SQL → statement name
    mutable int cursors_ = 0;
    bool writing_ = false;
    /// Rows read of each kind that may hold personal data (a sole trader's organisation number is
    /// their personal identity number): written to the read log when the register is closed.
    mutable std::map<std::string, std::size_t> personal_reads_;
    void note_read(const RecordKind& kind, std::size_t rows) const;
    void log_reads() noexcept;
    /// An import's reference checks ask contains() once per distinct key: a round trip each,
    /// most of a large import. After `load_keys_after` lookups of one kind within one writer,
    /// its keys are read once and answered from memory until the writer ends.
    static constexpr std::size_t load_keys_after = 1000;
    struct KnownKeys {
        std::size_t lookups = 0;
        bool loaded = false;
        std::unordered_set<std::string> keys;
    };
    mutable std::map<std::string, KnownKeys> known_keys_;
};

/// A COPY … FROM STDIN into `table`'s `columns`, fed line by line (append_copy_field()).
/// pqxx 6's tablewriter is the one way it gives to write COPY's text lines ourselves (its
/// stream_to wants a tuple, not a row of a kind's columns).
std::unique_ptr<pqxx::tablewriter> copy_into(pqxx::transaction_base& t, const std::string& table,
                                             const std::vector<std::string>& columns);
/// Appends one field of COPY's text format (after a tab unless it is the line's first): NULL as
/// \N, backslash, tab, newline and carriage return escaped.
void append_copy_field(std::string& line, std::size_t index, const std::optional<std::string>& value);

/// Inserts the entries in `t`, many per statement.
void insert_entries(const PostgresRegister& owner, pqxx::transaction_base& t, const std::vector<AuditEntry>& entries);

/// "col1, col2, …" of the kind.
std::string column_list(const RecordKind& kind);

}  // namespace followup::core::postgres_detail
