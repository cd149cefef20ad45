#include "store/sqlite_register.hpp"

#include "store/assessment_rows.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <fmt/chrono.h>
#include <fmt/format.h>

#include "util/sha256.hpp"

namespace followup::core {
namespace fs = std::filesystem;

const std::vector<std::string>& register_migrations();

namespace {

bool is_key(const RecordKind& kind, std::size_t column) {
    return std::find(kind.key.begin(), kind.key.end(), kind.columns[column].name) != kind.key.end();
}

bool stored_as_null_when_empty(const RecordKind& kind, std::size_t column) {
    const ColumnType t = kind.columns[column].type;
    return !is_key(kind, column) &&
           (t == ColumnType::note || t == ColumnType::date_or_empty || t == ColumnType::integer_or_empty);
}

/// Binds one canonical value with the column's storage type.
void bind(SQLite::Statement& statement, int index, const RecordKind& kind, std::size_t column, const std::string& value) {
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

/// The row as a JSON array of strings: the before/after image in the audit trail. Written by
/// hand because it runs once per imported row; nlohmann::json's dump cost a tenth of an import.
std::string image(const Row& row) {
    std::string out;
    out.reserve(16 * row.size() + 2);
    out += '[';
    for (std::size_t i = 0; i < row.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char c : row[i]) {
            switch (c) {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                default:
                    if (static_cast<unsigned char>(c) < 0x20) out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
                    else out += c;
            }
        }
        out += '"';
    }
    out += ']';
    return out;
}

std::string join_key(const RecordKind& kind, const Row& row) {
    std::string key;
    for (std::size_t i : kind.key_indexes()) key += (key.empty() ? "" : "/") + row[i];
    return key;
}

std::string utc_now() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

struct AuditEntry {
    std::int64_t seq = 0;
    std::string at, actor, action, entity, key, before, after, prev_hash, hash;
};

std::string entry_hash(const AuditEntry& e, Sha256& sha) {
    // Every field, separated by a byte no field contains (unit separator), after the previous
    // entry's hash: changing, removing or reordering an entry breaks every hash after it.
    const std::string_view sep = "\x1f";
    return sha.begin().add(e.prev_hash).add(sep).add(std::to_string(e.seq)).add(sep).add(e.at).add(sep).add(e.actor).add(sep)
        .add(e.action).add(sep).add(e.entity).add(sep).add(e.key).add(sep).add(e.before).add(sep).add(e.after).hex();
}

sdk::Date date_of(const SQLite::Column& c) { return sdk::parse_date(c.getString()).value_or(sdk::Date{}); }
std::optional<sdk::Date> optional_date_of(const SQLite::Column& c) {
    if (c.isNull()) return std::nullopt;
    return sdk::parse_date(c.getString());
}
std::string text_of(const SQLite::Column& c) { return c.isNull() ? std::string() : c.getString(); }

class SqliteRegister;

class SqliteWriter final : public RegisterWriter {
public:
    SqliteWriter(SqliteRegister& owner, std::string actor);
    Change upsert(const RecordKind& kind, const Row& row) override;
    void commit() override;

private:
    struct Statements {
        std::unique_ptr<SQLite::Statement> select, insert, update;
    };
    Statements& statements(const RecordKind& kind);
    void append_audit(const std::string& action, const RecordKind& kind, const Row& row, const std::string& before,
                      const std::string& after);

    SqliteRegister& owner_;
    std::string actor_;
    std::string at_;
    SQLite::Transaction transaction_;
    std::map<std::string, Statements> statements_;
    void flush_audit();
    static constexpr std::size_t audit_batch = 32;  // 320 parameters, within SQLite's limit of 32766
    std::unique_ptr<SQLite::Statement> audit_insert_, audit_insert_batch_;
    std::vector<AuditEntry> pending_;  ///< computed, chained entries not yet inserted
    std::int64_t last_seq_ = 0;
    std::string last_hash_;
    Sha256 sha_;
};

class SqliteRegister final : public Register {
public:
    explicit SqliteRegister(const fs::path& file)
        : file_(file), db_(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX) {
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
        db_.setBusyTimeout(10000);
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
        std::string columns;
        for (const auto& c : kind.columns) columns += (columns.empty() ? "" : ", ") + c.name;
        SQLite::Statement& s = cached(fmt::format("SELECT {} FROM {} WHERE {} = ?", columns, kind.name, kind.key.front()));
        s.bind(1, key);
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
        std::string columns, order;
        for (const auto& c : kind.columns) columns += (columns.empty() ? "" : ", ") + c.name;
        for (const auto& k : kind.key) order += (order.empty() ? "" : ", ") + k;
        SQLite::Statement& s = cached(fmt::format("SELECT {} FROM {} WHERE {} = ? ORDER BY {}", columns, kind.name, column, order));
        s.bind(1, value);
        std::vector<Row> out;
        while (s.executeStep()) {
            Row& row = out.emplace_back(kind.columns.size());
            for (std::size_t i = 0; i < kind.columns.size(); ++i)
                read_canonical(row[i], s.getColumn(static_cast<int>(i)), kind.columns[i].type);
        }
        s.reset();
        return out;
    }

    std::unique_ptr<RegisterWriter> begin(const std::string& actor) override {
        return std::make_unique<SqliteWriter>(*this, actor);
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

    void for_each(const RecordKind& kind, const std::function<void(const Row&)>& visit) const override {
        std::vector<std::string> all;
        for (const auto& c : kind.columns) all.push_back(c.name);
        for_each(kind, all, visit);
    }

    void for_each(const RecordKind& kind, const std::vector<std::string>& wanted,
                  const std::function<void(const Row&)>& visit) const override {
        std::string columns, order;
        std::vector<ColumnType> types;
        for (const auto& name : wanted) {
            const std::size_t i = kind.column_index(name);
            if (i == kind.columns.size()) throw StoreError(fmt::format("{} has no column '{}'", kind.name, name));
            columns += (columns.empty() ? "" : ", ") + name;
            types.push_back(kind.columns[i].type);
        }
        for (const auto& k : kind.key) order += (order.empty() ? "" : ", ") + k;
        const std::string sql = fmt::format("SELECT {} FROM {} ORDER BY {}", columns, kind.name, order);
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

    std::vector<AuditRecord> audit_log(const std::string& kind, const std::string& key) const override {
        SQLite::Statement& s = cached(
            "SELECT seq, at, actor, action, entity, key, before, after FROM audit "
            "WHERE (?1 = '' OR entity = ?1) AND (?2 = '' OR key = ?2) ORDER BY seq");
        s.bind(1, kind);
        s.bind(2, key);
        std::vector<AuditRecord> out;
        while (s.executeStep())
            out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(), s.getColumn(3).getString(),
                           s.getColumn(4).getString(), s.getColumn(5).getString(), s.getColumn(6).getString(), s.getColumn(7).getString()});
        s.reset();
        return out;
    }

    std::int64_t audit_entries() const override { return db_.execAndGet("SELECT count(*) FROM audit").getInt64(); }

    std::vector<AuditProblem> verify_audit() const override {
        std::vector<AuditProblem> problems;
        auto describe = [](const AuditEntry& e) {
            return fmt::format("entry {} ({} {} '{}', {} by {})", e.seq, e.action, e.entity, e.key, e.at, e.actor);
        };
        // 1. The chain: consecutive numbers, each entry's hash over its fields and its predecessor's.
        std::map<std::string, std::map<std::string, std::pair<std::string, AuditEntry>>> last;  // entity → key → (after, entry)
        SQLite::Statement s(db_, "SELECT seq, at, actor, action, entity, key, before, after, prev_hash, hash FROM audit ORDER BY seq");
        std::int64_t expected = 1;
        std::string previous_hash;
        Sha256 sha;
        while (s.executeStep()) {
            AuditEntry e{s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                         s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getString(),
                         s.getColumn(6).getString(), s.getColumn(7).getString(), s.getColumn(8).getString(),
                         s.getColumn(9).getString()};
            if (e.seq != expected)
                problems.push_back({e.seq, fmt::format("entries {} to {} are missing: deleted behind followup's back",
                                                       expected, e.seq - 1)});
            if (e.prev_hash != previous_hash)
                problems.push_back({e.seq, describe(e) + ": does not follow the entry before it (an entry was removed or "
                                                         "replaced)"});
            if (entry_hash(e, sha) != e.hash)
                problems.push_back({e.seq, describe(e) + ": its content does not match its hash: edited behind "
                                                         "followup's back"});
            previous_hash = e.hash;
            expected = e.seq + 1;
            last[e.entity][e.key] = {e.action == "delete" ? std::string() : e.after, e};
        }
        // 2. The data: every row is what its last entry says, and nothing is there without one.
        for (const RecordKind& kind : record_kinds()) {
            auto& audited = last[kind.name];
            std::map<std::string, bool> seen;
            for_each(kind, [&](const Row& row) {
                const std::string key = join_key(kind, row);
                seen[key] = true;
                auto it = audited.find(key);
                if (it == audited.end() || it->second.first.empty()) {
                    problems.push_back({0, fmt::format("{} '{}': the row has no audit entry: inserted behind followup's "
                                                       "back; it is {}",
                                                       kind.name, key, image(row))});
                } else if (it->second.first != image(row)) {
                    problems.push_back({it->second.second.seq,
                                        fmt::format("{}: the row is now {} but the trail says {}: changed behind "
                                                    "followup's back",
                                                    describe(it->second.second), image(row), it->second.first)});
                }
            });
            for (const auto& [key, entry] : audited)
                if (!entry.first.empty() && !seen.count(key))
                    problems.push_back({entry.second.seq, fmt::format("{}: the row is gone: deleted behind followup's back",
                                                                      describe(entry.second))});
        }
        return problems;
    }

    void backup_to(const fs::path& file) const override {
        if (fs::exists(file)) throw StoreError(fmt::format("'{}' already exists; choose a new file for the backup", file.string()));
        SQLite::Database target(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        // The online backup API copies a consistent snapshot page by page while others read.
        SQLite::Backup backup(target, const_cast<SQLite::Database&>(db_));
        backup.executeStep(-1);
    }

    // ---- sdk::RegisterView, for plugins ----

    std::vector<sdk::Provider> providers_in_area(std::string_view area_id) const override {
        SQLite::Statement& s = cached(
            "SELECT org_number, name, ownership FROM providers WHERE org_number IN "
            "(SELECT provider FROM authorizations WHERE area = ?) ORDER BY org_number");
        s.bind(1, std::string(area_id));
        std::vector<sdk::Provider> out;
        while (s.executeStep())
            out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                           sdk::ownership_from_string(s.getColumn(2).getString()).value_or(sdk::Ownership::private_company)});
        s.reset();
        return out;
    }

    std::vector<sdk::Authorization> authorizations(std::string_view provider, std::string_view area_id) const override {
        SQLite::Statement& s = cached(
            "SELECT provider, area, status, granted, ended FROM authorizations WHERE provider = ? AND area = ? ORDER BY granted");
        s.bind(1, std::string(provider));
        s.bind(2, std::string(area_id));
        std::vector<sdk::Authorization> out;
        while (s.executeStep()) {
            const std::string status = s.getColumn(2).getString();
            out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                           status == "revoked"     ? sdk::AuthorizationStatus::revoked
                           : status == "suspended" ? sdk::AuthorizationStatus::suspended
                                                   : sdk::AuthorizationStatus::active,
                           date_of(s.getColumn(3)), optional_date_of(s.getColumn(4))});
        }
        s.reset();
        return out;
    }

    std::vector<sdk::Unit> units_of(std::string_view provider) const override {
        SQLite::Statement& s = cached("SELECT id, provider, name, address, area, registered_persons FROM units WHERE provider = ? ORDER BY id");
        s.bind(1, std::string(provider));
        std::vector<sdk::Unit> out;
        while (s.executeStep())
            out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                           text_of(s.getColumn(3)), text_of(s.getColumn(4)),
                           s.getColumn(5).isNull() ? std::nullopt : std::optional<int>(s.getColumn(5).getInt())});
        s.reset();
        return out;
    }

    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view provider, std::string_view area_id) const override {
        SQLite::Statement& s = cached(
            "SELECT id, form, area, provider, unit, planned_from, planned_to, done, status, inspector, trigger "
            "FROM follow_ups WHERE provider = ? AND area = ? ORDER BY planned_from, id");
        s.bind(1, std::string(provider));
        s.bind(2, std::string(area_id));
        std::vector<sdk::FollowUpActivity> out;
        while (s.executeStep()) {
            const std::string status = s.getColumn(8).getString();
            out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                           s.getColumn(3).getString(), text_of(s.getColumn(4)),
                           {date_of(s.getColumn(5)), date_of(s.getColumn(6))}, optional_date_of(s.getColumn(7)),
                           status == "done"        ? sdk::ActivityStatus::done
                           : status == "cancelled" ? sdk::ActivityStatus::cancelled
                                                   : sdk::ActivityStatus::planned,
                           text_of(s.getColumn(9)),
                           s.getColumn(10).getString() == "signal" ? sdk::Trigger::signal : sdk::Trigger::planned});
        }
        s.reset();
        return out;
    }

    std::vector<sdk::Finding> findings(std::string_view activity_id) const override {
        SQLite::Statement& s = cached(
            "SELECT follow_up, condition, scale, grade, text, basis FROM findings WHERE follow_up = ? ORDER BY condition");
        s.bind(1, std::string(activity_id));
        std::vector<sdk::Finding> out;
        while (s.executeStep())
            out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                           {s.getColumn(2).getString(), s.getColumn(3).getString()}, text_of(s.getColumn(4)),
                           text_of(s.getColumn(5))});
        s.reset();
        return out;
    }

    std::vector<sdk::Decision> decisions(std::string_view activity_id) const override {
        SQLite::Statement& s = cached(
            "SELECT kind, serious_maladministration, deadline, reason, decided, reference, legal_ground FROM decisions "
            "WHERE follow_up = ? ORDER BY decided, kind");
        s.bind(1, std::string(activity_id));
        std::vector<sdk::Decision> out;
        while (s.executeStep())
            out.push_back({sdk::decision_kind_from_string(s.getColumn(0).getString()).value_or(sdk::DecisionKind::no_action),
                           s.getColumn(1).getInt() != 0, optional_date_of(s.getColumn(2)), text_of(s.getColumn(3)),
                           optional_date_of(s.getColumn(4)), text_of(s.getColumn(5)), text_of(s.getColumn(6))});
        s.reset();
        return out;
    }

    std::optional<sdk::Assessment> stored_assessment(std::string_view activity_id) const override {
        const auto row = find(*find_record_kind("assessments"), std::string(activity_id));
        if (!row) return std::nullopt;
        return assessment_from_row(*row);
    }

    std::vector<sdk::ProcessStep> steps(std::string_view activity_id) const override {
        SQLite::Statement& s = cached("SELECT step, done FROM steps WHERE follow_up = ? ORDER BY step");
        s.bind(1, std::string(activity_id));
        std::vector<sdk::ProcessStep> out;
        while (s.executeStep()) out.push_back({s.getColumn(0).getString(), date_of(s.getColumn(1))});
        s.reset();
        return out;
    }

    std::optional<sdk::Closure> closure(std::string_view activity_id) const override {
        SQLite::Statement& s = cached("SELECT closed, basis, reason FROM closures WHERE follow_up = ?");
        s.bind(1, std::string(activity_id));
        std::optional<sdk::Closure> out;
        if (s.executeStep()) out = sdk::Closure{date_of(s.getColumn(0)), s.getColumn(1).getString(), text_of(s.getColumn(2))};
        s.reset();
        return out;
    }

    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area_id) const override {
        SQLite::Statement& s = cached(
            "SELECT id, provider, area, kind, received, summary, unit, substantiated, outcome FROM signals "
            "WHERE provider = ? AND area = ? ORDER BY received, id");
        s.bind(1, std::string(provider));
        s.bind(2, std::string(area_id));
        std::vector<sdk::Signal> out;
        while (s.executeStep()) {
            const std::string substantiated = text_of(s.getColumn(7));
            out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                           sdk::signal_kind_from_string(s.getColumn(3).getString()).value_or(sdk::SignalKind::complaint),
                           date_of(s.getColumn(4)), text_of(s.getColumn(5)), text_of(s.getColumn(6)),
                           substantiated.empty() ? std::nullopt : std::optional<bool>(substantiated == "ja"),
                           text_of(s.getColumn(8))});
        }
        s.reset();
        return out;
    }

    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure, std::string_view provider) const override {
        SQLite::Statement& s = cached(
            "SELECT key_figure, provider, unit, period_from, period_to, value, answers FROM indicators "
            "WHERE key_figure = ? AND provider = ? ORDER BY period_from, unit");
        s.bind(1, std::string(key_figure));
        s.bind(2, std::string(provider));
        std::vector<sdk::IndicatorValue> out;
        while (s.executeStep())
            out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                           {date_of(s.getColumn(3)), date_of(s.getColumn(4))}, s.getColumn(5).getDouble(),
                           s.getColumn(6).isNull() ? std::nullopt : std::optional<int>(s.getColumn(6).getInt())});
        s.reset();
        return out;
    }

private:
    SQLite::Statement& cached(const std::string& sql) const {
        auto it = cache_.find(sql);
        if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<SQLite::Statement>(db_, sql)).first;
        it->second->reset();
        it->second->clearBindings();
        return *it->second;
    }

    fs::path file_;
    mutable SQLite::Database db_;
    mutable std::map<std::string, std::unique_ptr<SQLite::Statement>> cache_;
    mutable std::map<std::string, std::unique_ptr<SQLite::Statement>, std::less<>> contains_;
};

SqliteWriter::SqliteWriter(SqliteRegister& owner, std::string actor)
    : owner_(owner), actor_(std::move(actor)), at_(utc_now()), transaction_(owner.db(), SQLite::TransactionBehavior::IMMEDIATE) {
    SQLite::Statement last(owner_.db(), "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (last.executeStep()) last_seq_ = last.getColumn(0).getInt64(), last_hash_ = last.getColumn(1).getString();
    const std::string insert = "INSERT INTO audit (seq, at, actor, action, entity, key, before, after, prev_hash, hash) VALUES ";
    audit_insert_ = std::make_unique<SQLite::Statement>(owner_.db(), insert + "(?,?,?,?,?,?,?,?,?,?)");
    std::string many = insert;
    for (std::size_t k = 0; k < audit_batch; ++k) many += k ? ",(?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?)";
    audit_insert_batch_ = std::make_unique<SQLite::Statement>(owner_.db(), many);
    pending_.reserve(audit_batch);
}

SqliteWriter::Statements& SqliteWriter::statements(const RecordKind& kind) {
    auto it = statements_.find(kind.name);
    if (it != statements_.end()) return it->second;
    std::string columns, marks, where, set;
    for (std::size_t i = 0; i < kind.columns.size(); ++i) {
        columns += (i ? ", " : "") + kind.columns[i].name;
        marks += i ? ", ?" : "?";
        if (!is_key(kind, i)) set += (set.empty() ? "" : ", ") + kind.columns[i].name + " = ?";
    }
    for (const auto& k : kind.key) where += (where.empty() ? "" : " AND ") + k + " = ?";
    Statements s;
    s.select = std::make_unique<SQLite::Statement>(owner_.db(), fmt::format("SELECT {} FROM {} WHERE {}", columns, kind.name, where));
    std::string key_list;
    for (const auto& k : kind.key) key_list += (key_list.empty() ? "" : ", ") + k;
    // Insert first: most imported rows are new, and a conflict on the natural key (the only
    // one this clause swallows) sends the row to the comparison below instead.
    s.insert = std::make_unique<SQLite::Statement>(
        owner_.db(), fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO NOTHING", kind.name, columns, marks, key_list));
    if (!set.empty())
        s.update = std::make_unique<SQLite::Statement>(owner_.db(), fmt::format("UPDATE {} SET {} WHERE {}", kind.name, set, where));
    return statements_.emplace(kind.name, std::move(s)).first->second;
}

Change SqliteWriter::upsert(const RecordKind& kind, const Row& row) {
    Statements& s = statements(kind);
    s.insert->reset();
    for (std::size_t i = 0; i < row.size(); ++i) bind(*s.insert, static_cast<int>(i + 1), kind, i, row[i]);
    if (s.insert->exec() == 1) {
        append_audit("insert", kind, row, "", image(row));
        return Change::inserted;
    }
    const auto keys = kind.key_indexes();
    s.select->reset();
    for (std::size_t k = 0; k < keys.size(); ++k) bind(*s.select, static_cast<int>(k + 1), kind, keys[k], row[keys[k]]);
    std::optional<Row> existing;
    if (s.select->executeStep()) {
        existing.emplace(kind.columns.size());
        for (std::size_t i = 0; i < kind.columns.size(); ++i)
            read_canonical((*existing)[i], s.select->getColumn(static_cast<int>(i)), kind.columns[i].type);
    }
    s.select->reset();
    if (!existing) throw StoreError(fmt::format("{} '{}': neither inserted nor found", kind.name, join_key(kind, row)));
    if (*existing == row) return Change::unchanged;
    s.update->reset();
    int index = 1;
    for (std::size_t i = 0; i < row.size(); ++i)
        if (!is_key(kind, i)) bind(*s.update, index++, kind, i, row[i]);
    for (std::size_t k : keys) bind(*s.update, index++, kind, k, row[k]);
    s.update->exec();
    append_audit("update", kind, row, image(*existing), image(row));
    return Change::updated;
}

void SqliteWriter::append_audit(const std::string& action, const RecordKind& kind, const Row& row, const std::string& before,
                                const std::string& after) {
    AuditEntry e{last_seq_ + 1, at_, actor_, action, kind.name, join_key(kind, row), before, after, last_hash_, ""};
    e.hash = entry_hash(e, sha_);
    last_seq_ = e.seq;
    last_hash_ = e.hash;
    pending_.push_back(std::move(e));
    if (pending_.size() == audit_batch) flush_audit();
}

void SqliteWriter::flush_audit() {
    // Many entries per INSERT: a statement per entry cost a fifth of an import.
    std::size_t done = 0;
    while (done < pending_.size()) {
        const bool full = pending_.size() - done >= audit_batch;
        SQLite::Statement& insert = full ? *audit_insert_batch_ : *audit_insert_;
        const std::size_t count = full ? audit_batch : 1;
        insert.reset();
        for (std::size_t k = 0; k < count; ++k) {
            const AuditEntry& e = pending_[done + k];
            const int base = static_cast<int>(k * 10);
            insert.bind(base + 1, static_cast<int64_t>(e.seq));
            insert.bindNoCopy(base + 2, e.at);
            insert.bindNoCopy(base + 3, e.actor);
            insert.bindNoCopy(base + 4, e.action);
            insert.bindNoCopy(base + 5, e.entity);
            insert.bindNoCopy(base + 6, e.key);
            insert.bindNoCopy(base + 7, e.before);
            insert.bindNoCopy(base + 8, e.after);
            insert.bindNoCopy(base + 9, e.prev_hash);
            insert.bindNoCopy(base + 10, e.hash);
        }
        insert.exec();
        done += count;
    }
    pending_.clear();
}

void SqliteWriter::commit() {
    flush_audit();
    transaction_.commit();
}

}  // namespace

std::unique_ptr<Register> open_sqlite_register(const fs::path& file) {
    try {
        if (file.has_parent_path() && !fs::exists(file.parent_path()))
            throw StoreError(fmt::format("'{}': the folder '{}' does not exist", file.string(), file.parent_path().string()));
        return std::make_unique<SqliteRegister>(file);
    } catch (const SQLite::Exception& e) {
        throw StoreError(fmt::format("'{}' cannot be opened as a register: {}", file.string(), e.what()));
    }
}

void restore_sqlite_register(const fs::path& backup, const fs::path& target) {
    if (!fs::is_regular_file(backup)) throw StoreError(fmt::format("'{}': no such backup file", backup.string()));
    try {
        SQLite::Database source(backup.string(), SQLite::OPEN_READONLY);
        const int version = source.execAndGet("PRAGMA user_version").getInt();
        if (version < 1 || !source.tableExists("audit"))
            throw StoreError(fmt::format("'{}' is not a followup register backup", backup.string()));
        if (version > register_schema_version)
            throw StoreError(fmt::format("'{}' has register schema version {}; this followup understands versions up to {}",
                                         backup.string(), version, register_schema_version));
        SQLite::Database destination(target.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        SQLite::Backup copy(destination, source);
        copy.executeStep(-1);
    } catch (const SQLite::Exception& e) {
        throw StoreError(fmt::format("restoring '{}' into '{}' failed: {}", backup.string(), target.string(), e.what()));
    }
    // Bring a backup of an older schema up to date.
    open_sqlite_register(target);
}

}  // namespace followup::core
