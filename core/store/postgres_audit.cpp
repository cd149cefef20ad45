// The PostgreSQL register's audit trail: the same chain as SQLite's (audit_trail.hpp), its heads
// sealed in the table audit_heads within the transaction of the write they seal (a change and its
// seal are committed together, or neither is), read back by `audit log`, checked by `audit
// verify`, copied whole by `register copy`, and dumped by `backup` through pg_dump.
//
// The key stays outside the database, a file on the machine of whoever writes (the
// configuration's [register] audit_key, else $FOLLOWUP_AUDIT_KEY): one who can change the
// database but not read the key cannot rewrite the chain nor its seals. Only the register's
// owner may UPDATE or DELETE in audit and audit_heads (docs/data.md, roles).
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "store/postgres_internal.hpp"
#include "store/sqlite_register.hpp"

namespace followup::core::postgres_detail {

bool PostgresRegister::heads_exist(pqxx::transaction_base& t) { return !t.exec("SELECT 1 FROM audit_heads LIMIT 1").empty(); }

namespace {

/// The sealed heads a query of (line, why, entries, hash, at, mac) over audit_heads finds.
std::vector<SealedHead> heads_of(const pqxx::result& rows) {
    std::vector<SealedHead> heads;
    for (const auto& r : rows) {
        SealedHead h;
        h.line = r[0].as<std::size_t>();
        h.why = r[1].c_str();
        h.entries = r[2].as<std::int64_t>();
        h.hash = r[3].c_str();
        h.at = r[4].c_str();
        h.mac = r[5].c_str();
        h.well_formed = true;
        heads.push_back(std::move(h));
    }
    return heads;
}

}  // namespace

std::vector<SealedHead> PostgresRegister::latest_heads(pqxx::transaction_base& t) {
    return heads_of(t.exec("SELECT line, why, entries, hash, at, mac FROM audit_heads ORDER BY line DESC LIMIT 1"));
}

std::string PostgresRegister::key_for_writing(pqxx::transaction_base& t) {
    if (!audit_key_)
        throw StoreError(fmt::format("'{}' is not written: no audit key is configured. Name the file that holds it (or is to "
                                     "hold it) in the configuration's [register] audit_key, or in $FOLLOWUP_AUDIT_KEY; every "
                                     "officer who writes needs the same key",
                                     url_));
    std::string why;
    if (auto key = read_key(*audit_key_, why)) return *key;
    if (fs::exists(*audit_key_)) throw StoreError(fmt::format("'{}' is not written: {}", url_, why));
    if (heads_exist(t))
        throw StoreError(fmt::format("'{}' is not written: {}, but its trail was sealed with it (see its table audit_heads). "
                                     "Put the key back (from where it is kept safe, or its backup); [register] audit_key or "
                                     "$FOLLOWUP_AUDIT_KEY names it",
                                     url_, why));
    return make_key(*audit_key_, url_);
}

void PostgresRegister::seal(pqxx::transaction_base& t, const std::string& key, std::int64_t entries, const std::string& hash,
                            std::string_view why) {
    const std::string at = utc_now();
    t.exec_params("INSERT INTO audit_heads (why, entries, hash, at, mac) VALUES ($1, $2, $3, $4, $5)", std::string(why), entries,
                  hash, at, hmac_sha256_hex(key, sealed_text(why, entries, hash, at)));
}

std::string PostgresRegister::reseal_audit() {
    if (current_ != nullptr) throw StoreError(fmt::format("'{}': a transaction is already open on this connection", url_));
    if (!audit_key_)
        throw StoreError(fmt::format("'{}' is not resealed: no audit key is configured ([register] audit_key, or "
                                     "$FOLLOWUP_AUDIT_KEY)",
                                     url_));
    pqxx::work t(connection());
    // The writers' lock, held while sealing: no write comes between the trail read and its seal.
    t.exec_params("SELECT pg_advisory_xact_lock($1)", writer_lock);
    const pqxx::result last = t.exec("SELECT seq, hash FROM followup_audit_head() WHERE seq IS NOT NULL");
    const std::int64_t entries = last.empty() ? 0 : last[0][0].as<std::int64_t>();
    const std::string hash = last.empty() ? std::string() : last[0][1].c_str();
    std::string why;
    std::optional<std::string> key = read_key(*audit_key_, why);
    bool made = false;
    if (!key) {
        if (fs::exists(*audit_key_)) throw StoreError(fmt::format("'{}' is not resealed: {}", url_, why));
        key = make_key(*audit_key_, url_);
        made = true;
    }
    seal(t, *key, entries, hash, "resealed");
    t.commit();
    return fmt::format("resealed the trail of {} entries of '{}' as it stands, in its table audit_heads{}", entries, url_,
                       made ? fmt::format(", under a new audit key '{}'", audit_key_->string()) : std::string());
}

std::vector<AuditRecord> PostgresRegister::audit_log(const std::string& kind, const std::string& key) const {
    std::vector<AuditRecord> out;
    const std::string statement = prepared(
        "SELECT seq, at, actor, action, entity, key, before, after, on_behalf_of FROM audit "
        "WHERE ($1 = '' OR entity = $1) AND ($2 = '' OR key = $2) ORDER BY seq");
    in_transaction([&](pqxx::transaction_base& t) {
        for (const auto& r : t.exec_prepared(statement, kind, key))
            out.push_back({r[0].as<std::int64_t>(), r[1].c_str(), r[2].c_str(), r[3].c_str(), r[4].c_str(), r[5].c_str(),
                           r[6].c_str(), r[7].c_str(), r[8].c_str()});
    });
    return out;
}

void PostgresRegister::for_each_entry(const std::function<void(const AuditEntry&)>& visit) const {
    auto read = [&](pqxx::transaction_base& t) {
        const std::string cursor = fmt::format("followup_audit_{}", ++cursors_);
        t.exec(fmt::format("DECLARE {} NO SCROLL CURSOR FOR SELECT seq, at, actor, action, entity, key, before, after, "
                           "prev_hash, hash, on_behalf_of FROM audit ORDER BY seq",
                           cursor));
        for (;;) {
            const pqxx::result batch = t.exec(fmt::format("FETCH 20000 FROM {}", cursor));
            for (const auto& r : batch)
                visit(AuditEntry{r[0].as<std::int64_t>(), r[1].c_str(), r[2].c_str(), r[3].c_str(), r[4].c_str(), r[5].c_str(),
                                 r[6].c_str(), r[7].c_str(), r[8].c_str(), r[9].c_str(), r[10].c_str()});
            if (batch.size() < 20000) break;
        }
        t.exec(fmt::format("CLOSE {}", cursor));
    };
    if (current_ != nullptr) return read(*current_);
    read_consistently([&] { read(*current_); });
}

std::vector<AuditProblem> PostgresRegister::verify_audit() const {
    std::vector<AuditProblem> problems;
    // One snapshot: the trail and the rows as one writer left them, whatever others write meanwhile.
    read_consistently([&] {
        TrailToVerify trail;
        trail.heads_place = fmt::format("the table audit_heads of '{}'", url_);
        trail.heads = heads_of(current_->exec("SELECT line, why, entries, hash, at, mac FROM audit_heads ORDER BY line"));
        trail.heads_exist = !trail.heads.empty();
        if (audit_key_) trail.key_file = *audit_key_;
        trail.entry_count = audit_entries();
        trail.rows = this;
        trail.entries = [this](const std::function<void(const AuditEntry&)>& visit) { for_each_entry(visit); };
        for (PersonalValue& v : personal_values()) trail.tokens.emplace(std::move(v.value), std::move(v.token));
        problems = verify_trail(trail);
    });
    return problems;
}

std::vector<PersonalValue> PostgresRegister::personal_values() const {
    std::vector<PersonalValue> out;
    in_transaction([&](pqxx::transaction_base& t) {
        for (const auto& r : t.exec("SELECT token, kind, value, since FROM personal_data ORDER BY value"))
            out.push_back({r[0].c_str(), r[1].c_str(), r[2].c_str(), r[3].c_str()});
    });
    return out;
}

std::vector<std::string> PostgresRegister::forget_erased() {
    // The server keeps a deleted or updated row's old version in the table's file until VACUUM
    // FULL rewrites it, which only the tables' owner may run (outside a transaction); its
    // write-ahead log and any archive of it keep them until they are recycled.
    std::vector<std::string> warnings;
    std::string tables = "personal_data", quoted = "'personal_data'";
    for (const RecordKind& kind : record_kinds())
        for (const ColumnSpec& c : kind.columns)
            if (pseudonymised(c)) {
                tables += ", " + kind.name;
                quoted += ", '" + kind.name + "'";
                break;
            }
    pqxx::nontransaction t(session());
    const pqxx::result owned = t.exec(fmt::format("SELECT string_agg(tablename, ', ' ORDER BY tablename) FROM pg_catalog.pg_tables "
                                                  "WHERE schemaname = current_schema() AND tableowner <> current_user AND tablename "
                                                  "IN ({})",
                                                  quoted));
    const std::string others = owned[0][0].is_null() ? std::string() : owned[0][0].c_str();
    if (!others.empty()) {
        warnings.push_back(fmt::format("'{}': the tables {} are not this role's, so their old row versions were not rewritten: the "
                                       "register's owner runs VACUUM FULL {} on the server",
                                       url_, others, tables));
    } else {
        t.exec("SET client_min_messages = warning");
        t.exec("VACUUM FULL " + tables);
    }
    warnings.push_back(fmt::format("'{}': the server's write-ahead log (and its archive, if one is kept) holds the erased value "
                                   "until it is recycled; backups made before the erase hold it until they are culled",
                                   url_));
    return warnings;
}

namespace {

/// Rows and entries put in as they are, through COPY (the fastest way into PostgreSQL).
class PostgresLoad final : public VerbatimLoad {
public:
    explicit PostgresLoad(PostgresRegister& owner) : owner_(owner), work_(owner.connection()) {
        work_.exec_params("SELECT pg_advisory_xact_lock($1)", writer_lock);
        std::string tables;
        for (const RecordKind& k : record_kinds()) tables += fmt::format(" UNION ALL (SELECT 1 FROM {} LIMIT 1)", k.name);
        if (!work_.exec("(SELECT 1 FROM audit LIMIT 1) UNION ALL (SELECT 1 FROM personal_data LIMIT 1) UNION ALL (SELECT 1 FROM "
                        "officer_credentials LIMIT 1)" + tables).empty())
            throw StoreError(fmt::format("'{}' already holds records or an audit trail; a register is copied into an empty "
                                         "database only",
                                         owner_.url()));
    }

    void row(const RecordKind& kind, const Row& row) override {
        if (!stream_ || table_ != kind.name) {
            close_stream();
            std::vector<std::string> columns;
            for (const auto& c : kind.columns) columns.push_back(c.name);
            stream_ = copy_into(work_, kind.name, columns);
            table_ = kind.name;
        }
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) append_copy_field(line, i, stored(kind, i, row[i]));
        stream_->write_raw_line(line);
    }

    void entry(const AuditEntry& e) override {
        if (!stream_ || table_ != "audit") {
            close_stream();
            stream_ = copy_into(work_, "audit",
                                {"seq", "at", "actor", "action", "entity", "key", "before", "after", "prev_hash", "hash", "on_behalf_of"});
            table_ = "audit";
        }
        last_seq_ = e.seq;
        last_hash_ = e.hash;
        std::string line = std::to_string(e.seq);
        std::size_t i = 1;
        for (const std::string* f : {&e.at, &e.actor, &e.action, &e.entity, &e.key, &e.before, &e.after, &e.prev_hash, &e.hash, &e.on_behalf_of})
            append_copy_field(line, i++, *f);
        stream_->write_raw_line(line);
    }

    void personal_value(const PersonalValue& v) override {
        close_stream();
        work_.exec_params("INSERT INTO personal_data (token, kind, value, since) VALUES ($1, $2, $3, $4)", v.token, v.kind, v.value,
                          v.since);
    }

    void credential(const OfficerCredential& a) override {
        close_stream();
        const std::optional<std::string> paused_until = a.paused_until.empty() ? std::nullopt : std::optional<std::string>(a.paused_until);
        work_.exec_params("INSERT INTO officer_credentials (officer, hash, failed_sign_ins, paused_until, changed) VALUES ($1, $2, $3, $4, $5)",
                          a.officer, a.hash, a.failed_sign_ins, paused_until, a.changed);
    }

    void commit() override {
        close_stream();
        const std::string key = owner_.key_for_writing(work_);
        PostgresRegister::seal(work_, key, last_seq_, last_hash_, "copied");
        work_.commit();
    }

private:
    void close_stream() {
        if (stream_) stream_->complete();
        stream_.reset();
    }

    PostgresRegister& owner_;
    pqxx::work work_;
    std::unique_ptr<pqxx::tablewriter> stream_;
    std::string table_;
    std::int64_t last_seq_ = 0;
    std::string last_hash_;
};

}  // namespace

std::unique_ptr<VerbatimLoad> PostgresRegister::begin_verbatim_load() {
    if (current_ != nullptr) throw StoreError(fmt::format("'{}': a transaction is already open on this connection", url_));
    return std::make_unique<PostgresLoad>(*this);
}

void PostgresRegister::backup_to(const fs::path& file) const { dump_postgres_register(connect_url_, file); }

}  // namespace followup::core::postgres_detail

namespace followup::core {

void dump_postgres_register(const std::string& url, const std::filesystem::path& file) {
    namespace fs = std::filesystem;
    if (fs::exists(file)) throw StoreError(fmt::format("'{}' already exists; choose a new file for the backup", file.string()));
    // Made first with the register's private rights: pg_dump writes into it as it stands, instead
    // of creating it readable by every user of the machine.
    create_private(file);
    // The server's own dump: consistent while others write, and restored with pg_restore. Debian
    // puts the versioned tools under /usr/lib/postgresql/N/bin; /usr/bin/pg_dump picks one.
    std::string program = "pg_dump";
    for (const char* candidate : {"/usr/lib/postgresql/15/bin/pg_dump", "/usr/bin/pg_dump"})
        if (fs::exists(candidate)) {
            program = candidate;
            break;
        }
    const std::string target = file.string();
    const pid_t child = ::fork();
    if (child < 0) throw StoreError(fmt::format("cannot start pg_dump: {}", std::strerror(errno)));
    if (child == 0) {
        const char* argv[] = {program.c_str(), "--format=custom", "--no-owner", "--file", target.c_str(), "--dbname", url.c_str(), nullptr};
        ::execvp(argv[0], const_cast<char* const*>(argv));
        ::_exit(127);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::error_code ignored;
        fs::remove(file, ignored);
        throw StoreError(fmt::format("pg_dump of '{}' into '{}' failed ({}); is the postgresql-client package installed, of the "
                                     "server's version or newer? Its message is above",
                                     url_for_people(url), target,
                                     WIFEXITED(status) && WEXITSTATUS(status) == 127 ? "pg_dump was not found"
                                                                                    : fmt::format("status {}", status)));
    }
}

}  // namespace followup::core
