// Inside the SQLite register: what its files (sqlite_register.cpp: opening, migrating, reading
// rows; sqlite_register_view.cpp: what plugins read; sqlite_writer.cpp: one transaction;
// sqlite_audit.cpp: the hash-chained trail) share. Never included outside store/sqlite_*.cpp.
#pragma once

#include <algorithm>
#include <chrono>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string_view>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>

#include "util/os_user.hpp"
#include <sqlite3.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "store/audit_trail.hpp"
#include "store/officer_credentials.hpp"
#include "store/personal_data.hpp"
#include "store/register.hpp"
#include "store/row_register.hpp"
#include "store/register_copy.hpp"
#include "store/sqlite_register.hpp"
#include "util/sha256.hpp"

namespace followup::core {
const std::vector<std::string>& register_migrations();  // sqlite_schema.cpp
}

namespace followup::core::sqlite_detail {
namespace fs = std::filesystem;

inline bool is_key(const RecordKind& kind, std::size_t column) {
    return std::find(kind.key.begin(), kind.key.end(), kind.columns[column].name) != kind.key.end();
}

inline bool stored_as_null_when_empty(const RecordKind& kind, std::size_t column) {
    const ColumnType t = kind.columns[column].type;
    return !is_key(kind, column) &&
           (t == ColumnType::note || t == ColumnType::date_or_empty || t == ColumnType::integer_or_empty);
}

/// Binds one canonical value with the column's storage type.
inline void bind(SQLite::Statement& statement, int index, const RecordKind& kind, std::size_t column, const std::string& value) {
    const ColumnType t = kind.columns[column].type;
    if (value.empty() && stored_as_null_when_empty(kind, column)) {
        statement.bind(index);  // NULL
    } else if (t == ColumnType::integer || t == ColumnType::integer_or_empty) {
        statement.bind(index, static_cast<int64_t>(std::stoll(value)));
    } else if (t == ColumnType::number) {
        statement.bind(index, std::stod(value));
    } else if (t == ColumnType::boolean) {
        statement.bind(index, value == "ja" ? 1 : 0);
    } else {
        // No copy: every bound row outlives the statement's execution.
        statement.bindNoCopy(index, value);
    }
}

/// A column of a statement stepped through SQLite's C API, with the accessors of SQLiteCpp's
/// Column that read_canonical() uses: the bulk reads use the C API (SQLiteCpp's Column costs a
/// reference count per field, which at five million findings is a tenth of the compilation).
struct RawColumn {
    sqlite3_stmt* statement;
    int index;
    bool isNull() const { return sqlite3_column_type(statement, index) == SQLITE_NULL; }
    std::int64_t getInt64() const { return sqlite3_column_int64(statement, index); }
    int getInt() const { return sqlite3_column_int(statement, index); }
    double getDouble() const { return sqlite3_column_double(statement, index); }
    const char* getText() const { return reinterpret_cast<const char*>(sqlite3_column_text(statement, index)); }
    int getBytes() const { return sqlite3_column_bytes(statement, index); }
};

/// The canonical text of a stored value (what an export writes and an import produces), into
/// `out`: text goes into the string's existing buffer, without an allocation per field.
template <class Value>
void read_canonical(std::string& out, const Value& c, ColumnType type);

/// The same for a column read through the C API: a text column's value is asked for once
/// (sqlite3_column_text is null for NULL), not its type first; three calls a field were a
/// third of reading the follow-ups.
inline void read_canonical(std::string& out, const RawColumn& c, ColumnType type) {
    switch (type) {
        case ColumnType::integer:
        case ColumnType::integer_or_empty:
        case ColumnType::number:
        case ColumnType::boolean: return read_canonical<RawColumn>(out, c, type);
        default: {
            const char* text = c.getText();
            if (text == nullptr) out.clear();
            else out.assign(text, static_cast<std::size_t>(c.getBytes()));
        }
    }
}

template <class Value>
void read_canonical(std::string& out, const Value& c, ColumnType type) {
    if (c.isNull()) {
        out.clear();
        return;
    }
    switch (type) {
        case ColumnType::integer:
        case ColumnType::integer_or_empty: out = std::to_string(c.getInt64()); return;
        case ColumnType::number: out = fmt::format("{}", c.getDouble()); return;
        case ColumnType::boolean: out = c.getInt() != 0 ? "ja" : "nej"; return;
        default: {
            const char* text = c.getText();  // before getBytes(), as SQLite asks
            out.assign(text, static_cast<std::size_t>(c.getBytes()));
        }
    }
}

// image(), join_key(), utc_now(), AuditEntry and entry_hash() are the trail's, whichever database
// keeps it (audit_trail.hpp).
using namespace audit_detail;

class SqliteRegister;

class SqliteWriter final : public RegisterWriter {
public:
    /// `bulk`: a large transaction, written through a rollback journal (BulkJournal).
    SqliteWriter(SqliteRegister& owner, std::string actor, bool bulk = false);
    Change upsert(const RecordKind& kind, const Row& row) override;
    bool remove(const RecordKind& kind, const Row& row) override;
    ErasedValue erase_personal_value(const std::string& value, const std::string& why) override;
    void set_credential(const std::string& officer, const std::string& hash) override;
    std::optional<OfficerCredential> record_sign_in(const std::string& officer, bool succeeded,
                                                    std::chrono::system_clock::time_point now) override;
    void commit() override;

private:
    struct Statements {
        std::unique_ptr<SQLite::Statement> select, insert, update, remove;
        std::vector<std::size_t> keys;  ///< the kind's key columns (key_indexes() allocates)
    };
    /// A bulk load leaves WAL mode for its transaction and returns to it afterwards (this is
    /// destroyed after the transaction, committed or rolled back). In WAL mode a transaction
    /// larger than the page cache spills every page it writes into the WAL, and the checkpoint
    /// after the commit copies each into the file again: a national import wrote its 2.3 GB
    /// twice. A rollback journal keeps only the original of a page that existed before the
    /// transaction; pages added at the end of the file (nearly all of a bulk load's) are written
    /// once. Just as atomic: a failed or interrupted transaction is rolled back from the journal
    /// (at the next open if the process died). When another connection has the register open the
    /// switch is refused and the transaction simply runs in WAL mode.
    /// A bulk load also leaves SQLite's foreign-key enforcement off for its transaction: its
    /// writer (the importer) has checked every reference against the register inside the same
    /// transaction (record_kinds' references are the schema's foreign keys), and SQLite looked
    /// each up a second time per row (a B-tree search of the follow-ups per finding).
    struct BulkJournal {
        SQLite::Database* switched = nullptr;
        SQLite::Database* foreign_keys_off = nullptr;
        BulkJournal(SQLite::Database& db, bool bulk);
        ~BulkJournal();
        BulkJournal(const BulkJournal&) = delete;
        BulkJournal& operator=(const BulkJournal&) = delete;
    };
    Statements& statements(const RecordKind& kind);
    /// The stored row with `row`'s key, as canonical text; nothing when there is none.
    std::optional<Row> stored(Statements& s, const RecordKind& kind, const Row& row);
    /// Appends one entry; `row` is as the trail holds it (in_trail()).
    void append_audit(const std::string& action, const std::string& entity, const std::vector<std::size_t>& keys, const Row& row,
                      std::string before, std::string after);
    /// The row's image and key as the trail holds them: personal values as their tokens.
    const Row& in_trail(const RecordKind& kind, const Row& row, Row& scratch) { return pseudonyms_.in_trail(kind, row, scratch); }

    SqliteRegister& owner_;
    std::string actor_;         ///< who signed in: the OS user
    std::string on_behalf_of_;  ///< whom they act for (--actor), "" for themselves
    std::string at_;
    bool bulk_ = false;
    /// A bulk load into an empty table drops the table's secondary indexes when it first writes
    /// to it and builds them again before the commit, in the same transaction: one sort instead
    /// of a B-tree insert per row in the index's order, which is not the file's (the follow-ups
    /// come in id order, their index is by provider). A rollback brings the indexes back with
    /// everything else. The CREATE INDEX statements, as the schema has them.
    std::vector<std::string> indexes_to_build_;
    BulkJournal journal_;  ///< before transaction_: switched back after it has ended
    SQLite::Transaction transaction_;
    /// `<register>.writer`: which command holds the register while this transaction does, for
    /// a command that waits for it (register_situation()). Made once the write lock is taken
    /// (after transaction_), removed before the lock is let go (destroyed before transaction_,
    /// and by commit()), so that it never names a writer that is gone or removes the next one's.
    struct WriterNote {
        explicit WriterNote(fs::path file);
        ~WriterNote() { remove(); }
        WriterNote(const WriterNote&) = delete;
        WriterNote& operator=(const WriterNote&) = delete;
        void remove() noexcept;
        fs::path file;
    };
    WriterNote note_;
    std::map<std::string, Statements> statements_;
    void flush_audit();
    static constexpr std::size_t audit_batch = 32;  // 352 parameters, within SQLite's limit of 32766
    std::unique_ptr<SQLite::Statement> audit_insert_, audit_insert_batch_;
    std::vector<AuditEntry> pending_;  ///< computed, chained entries not yet inserted
    std::int64_t last_seq_ = 0;
    std::string last_hash_;
    std::int64_t first_seq_ = 0;  ///< the trail's head when this transaction began
    std::string first_hash_;
    Sha256 sha_;
    /// Prepared once, when the first new personal value comes (a national import adds a hundred
    /// thousand: a statement prepared for each was most of its time).
    std::unique_ptr<SQLite::Statement> personal_insert_;
    Pseudonyms pseudonyms_;  ///< after transaction_: it reads and writes personal_data in it
    Row scratch_, scratch_before_;
};

class SqliteRegister final : public RowRegister, public TrailSource, public VerbatimTarget {
public:
    SqliteRegister(const fs::path& file, fs::path audit_key)
        : file_(file), audit_key_(std::move(audit_key)), heads_(audit_heads_file(file)), db_(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {
        // Wait for another officer's write first of all: the statements below take locks (the
        // journal mode while an import loads in bulk with a rollback journal), and without the
        // timeout set a reader failed at once with "database is locked".
        note_register_in_use(file_);
        db_.setBusyTimeout(sqlite_wait_seconds() * 1000);  // [register] wait_seconds
        // Larger pages for a new file: fewer B-tree splits per imported row (has no effect on an
        // existing file).
        db_.exec("PRAGMA page_size = 32768");
        db_.exec("PRAGMA journal_mode = WAL");
        // NORMAL in WAL mode: a crash of the process never loses a committed transaction; a power
        // failure may lose the last ones but never corrupts the file.
        db_.exec("PRAGMA synchronous = NORMAL");
        db_.exec("PRAGMA foreign_keys = ON");
        // A large page cache: an import of a million rows otherwise spills and re-reads pages
        // through the file system for most of its time (measured: 40 % of an import in
        // pread/pwrite with the default 2 MB).
        db_.exec("PRAGMA cache_size = -262144");
        migrate();
    }

    SQLite::Database& db() { return db_; }
    const fs::path& file() const { return file_; }

    void migrate() {
        const int version = db_.execAndGet("PRAGMA user_version").getInt();
        const auto& migrations = register_migrations();
        if (version > static_cast<int>(migrations.size()))
            throw StoreError(fmt::format("'{}' has register schema version {}; this followup understands versions up to "
                                         "{}. Open it with a newer followup.",
                                         file_.string(), version, migrations.size()));
        if (version == 0 && db_.execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0)
            throw StoreError(fmt::format("'{}' is an SQLite database but not a followup register", file_.string()));
        for (int v = version; v < static_cast<int>(migrations.size()); ++v) {
            SQLite::Transaction t(db_);
            db_.exec(migrations[static_cast<std::size_t>(v)]);
            db_.exec(fmt::format("PRAGMA user_version = {}", v + 1));
            t.commit();
        }
    }

    // ---- Register ----

    bool contains(const RecordKind& kind, const std::string& key) const override {
        auto it = contains_.find(kind.name);
        if (it == contains_.end())
            it = contains_.emplace(kind.name, std::make_unique<SQLite::Statement>(
                                                  db_, fmt::format("SELECT 1 FROM {} WHERE {} = ?", kind.name, kind.key.front())))
                     .first;
        SQLite::Statement& s = *it->second;
        s.reset();
        s.bind(1, key);
        const bool found = s.executeStep();
        s.reset();
        return found;
    }

    std::optional<Row> find(const RecordKind& kind, const std::string& key) const override {
        // The statement kept per kind, by its short name: an import's checks look rows up by key
        // once per row, and building the query and finding it among the cached ones by its text
        // cost more than the lookup (a third of checking a national file of decisions).
        auto it = find_.find(kind.name);
        if (it == find_.end()) {
            std::string columns;
            for (const auto& c : kind.columns) columns += (columns.empty() ? "" : ", ") + c.name;
            it = find_.emplace(kind.name, std::make_unique<SQLite::Statement>(
                                              db_, fmt::format("SELECT {} FROM {} WHERE {} = ?", columns, kind.name, kind.key.front())))
                     .first;
        }
        SQLite::Statement& s = *it->second;
        s.reset();
        s.bindNoCopy(1, key);
        std::optional<Row> out;
        if (s.executeStep()) {
            out.emplace(kind.columns.size());
            for (std::size_t i = 0; i < kind.columns.size(); ++i)
                read_canonical((*out)[i], s.getColumn(static_cast<int>(i)), kind.columns[i].type);
        }
        s.reset();
        return out;
    }

    std::vector<Row> rows_where(const RecordKind& kind, const std::string& column, const std::string& value) const override {
        if (kind.column_index(column) == kind.columns.size()) throw StoreError(fmt::format("{} has no column '{}'", kind.name, column));
        std::string order;
        for (const auto& k : kind.key) order += (order.empty() ? "" : ", ") + k;
        return select_rows(kind, column + " = ?", order, {value});
    }

    std::unique_ptr<RegisterWriter> begin(const std::string& actor) override {
        return std::make_unique<SqliteWriter>(*this, actor);
    }

    /// From this many rows on a transaction is a bulk load: see SqliteWriter::BulkJournal.
    static constexpr std::size_t bulk_rows = 100000;

    std::unique_ptr<RegisterWriter> begin_bulk(const std::string& actor, std::size_t rows) override {
        return std::make_unique<SqliteWriter>(*this, actor, rows >= bulk_rows);
    }

    void read_consistently(const std::function<void()>& reads) const override {
        // A bulk read passes over each page once: the import's 256 MB page cache would only
        // hold pages nobody reads again, and would be a third of the compilation's memory.
        const std::int64_t cache = db_.execAndGet("PRAGMA cache_size").getInt64();
        db_.exec("PRAGMA cache_size = -16384");
        db_.exec("BEGIN");  // deferred: the read transaction starts with the first read, in WAL a snapshot
        try {
            reads();
        } catch (...) {
            db_.exec("ROLLBACK");
            db_.exec(fmt::format("PRAGMA cache_size = {}", cache));
            throw;
        }
        db_.exec("COMMIT");
        db_.exec(fmt::format("PRAGMA cache_size = {}", cache));
    }

    std::unique_ptr<const Register> another_reader() const override { return std::make_unique<SqliteRegister>(file_, audit_key_); }

    std::string state() const override {
        SQLite::Statement s(db_, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
        return s.executeStep() ? s.getColumn(0).getString() + ":" + s.getColumn(1).getString() : "0:";
    }

    void for_each(const RecordKind& kind, const std::function<void(const Row&)>& visit) const override {
        for_each(kind, kind.column_names(), visit);
    }

    void for_each(const RecordKind& kind, const std::vector<std::string>& wanted,
                  const std::function<void(const Row&)>& visit) const override {
        const ColumnSelection selected = select_columns(kind, wanted);
        if (!selected.missing.empty()) throw StoreError(fmt::format("{} has no column '{}'", kind.name, selected.missing));
        const std::vector<ColumnType>& types = selected.types;
        const std::string sql = fmt::format("SELECT {} FROM {} ORDER BY {}", selected.columns, kind.name, selected.order);
        sqlite3_stmt* raw = nullptr;
        if (sqlite3_prepare_v2(db_.getHandle(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
            throw StoreError(fmt::format("{}: cannot read {}: {}", file_.string(), kind.name, sqlite3_errmsg(db_.getHandle())));
        const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(raw, sqlite3_finalize);
        Row row(types.size());
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
            for (std::size_t i = 0; i < types.size(); ++i) read_canonical(row[i], RawColumn{raw, static_cast<int>(i)}, types[i]);
            visit(row);
        }
        if (rc != SQLITE_DONE)
            throw StoreError(fmt::format("{}: cannot read {}: {}", file_.string(), kind.name, sqlite3_errmsg(db_.getHandle())));
    }

    std::vector<AuditRecord> audit_log(const std::string& kind, const std::string& key) const override;

    std::int64_t audit_entries() const override { return db_.execAndGet("SELECT count(*) FROM audit").getInt64(); }

    std::vector<AuditProblem> verify_audit() const override;
    std::vector<PersonalValue> personal_values() const override;  // sqlite_audit.cpp
    std::vector<std::string> forget_erased() override;
    std::optional<OfficerCredential> credential(const std::string& officer) const override;  // sqlite_writer.cpp
    std::vector<OfficerCredential> credentials() const override;

    // ---- copies (register_copy.hpp; sqlite_copy.cpp) ----
    void for_each_entry(const std::function<void(const AuditEntry&)>& visit) const override;
    std::unique_ptr<VerbatimLoad> begin_verbatim_load() override;

    // ---- sealing the trail's head (sqlite_audit.cpp) ----

    /// The key, read before a write commits: a register whose heads were sealed cannot be
    /// written without it. Made (owner-only) when neither it nor the side file exists yet.
    /// @throws StoreError naming the file and what to do.
    std::string key_for_writing();
    /// Appends the head (`entries`, `hash`) sealed under `key` to the side file; `why` is
    /// "commit", "restored", "copied" or "resealed".
    void seal(const std::string& key, std::int64_t entries, const std::string& hash, std::string_view why);
    /// The side file locked (flock) by a writer from before its commit until its seal is written:
    /// the next writer, whose transaction can begin only after that commit, checks the seals only
    /// once the seal of what it read is there. Made (empty) when missing, and removed again when
    /// the write ends without sealing.
    class HeadsLock {
    public:
        explicit HeadsLock(const fs::path& heads);
        ~HeadsLock();
        HeadsLock(const HeadsLock&) = delete;
        HeadsLock& operator=(const HeadsLock&) = delete;

    private:
        fs::path heads_;
        int fd_ = -1;
        bool created_ = false;
    };
    /// Seals the trail's current head (after a restore).
    void seal_current(std::string_view why);
    std::string reseal_audit() override;
    /// Whether the side file holds anything (an empty one is a lock a writer made: HeadsLock).
    bool heads_exist() const {
        std::error_code ignored;
        return fs::exists(heads_) && fs::file_size(heads_, ignored) > 0;
    }
    std::vector<SealedHead> sealed_heads() const;
    const fs::path& heads_file() const { return heads_; }
    const fs::path& audit_key_file() const { return audit_key_; }

    void backup_to(const fs::path& file) const override {
        if (fs::exists(file)) throw StoreError(fmt::format("'{}' already exists; choose a new file for the backup", file.string()));
        create_private(file);    // a backup holds what the register holds
        SQLite::Database target(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        // The online backup API copies a consistent snapshot page by page while others read.
        SQLite::Backup backup(target, const_cast<SQLite::Database&>(db_));
        backup.executeStep(-1);
    }

    // sdk::RegisterView, for plugins: RowRegister, through select_rows().

private:
    /// The rows of `kind` that `where` selects (its ?1, ?2 … bound to `values` in turn), in `order`:
    /// every column, in the kind's order, as canonical text, for the converters of rows.hpp. The
    /// views say only what they ask and in which order (RegisterView documents the orders).
    std::vector<Row> select_rows(const RecordKind& kind, std::string_view where, std::string_view order,
                                 std::initializer_list<std::string_view> values) const override;

    SQLite::Statement& cached(const std::string& sql) const {
        auto it = cache_.find(sql);
        if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
        it->second->reset();
        it->second->clearBindings();
        return *it->second;
    }

    fs::path file_;
    fs::path audit_key_;  ///< the key the heads are sealed with
    fs::path heads_;      ///< the side file of sealed heads
    mutable SQLite::Database db_;
    mutable std::map<std::string, std::unique_ptr<SQLite::Statement>> cache_;
    mutable std::map<std::string, std::unique_ptr<SQLite::Statement>, std::less<>> contains_;
    mutable std::map<std::string, std::unique_ptr<SQLite::Statement>, std::less<>> find_;  ///< find(), per kind
};

}  // namespace followup::core::sqlite_detail
