// One transaction of the SQLite register: upserts by natural key, audited.
#include <fcntl.h>
#include <unistd.h>

#include <ctime>

#include <fmt/chrono.h>

#include "store/sqlite_internal.hpp"
#include "util/private_files.hpp"

namespace followup::core::sqlite_detail {

SqliteWriter::BulkJournal::BulkJournal(SQLite::Database& db, bool bulk) {
    if (!bulk) return;
    // Outside any transaction: SQLite ignores both inside one.
    db.exec("PRAGMA foreign_keys = OFF");
    foreign_keys_off = &db;
    try {
        if (db.execAndGet("PRAGMA journal_mode = DELETE").getString() == "delete") switched = &db;
    } catch (const SQLite::Exception&) {
        // Locked by another connection: the transaction runs in WAL mode, as any other.
    }
}

SqliteWriter::BulkJournal::~BulkJournal() {
    try {
        if (foreign_keys_off != nullptr) foreign_keys_off->exec("PRAGMA foreign_keys = ON");
        if (switched != nullptr) switched->exec("PRAGMA journal_mode = WAL");
    } catch (const SQLite::Exception&) {
        // Stays so until the register is next opened (which sets both again).
    }
}

SqliteWriter::WriterNote::WriterNote(fs::path note) : file(std::move(note)) {
    const CommandDescription& described = described_command();
    const std::string user = os_user();
    const std::string text = fmt::format("{}\t`followup {}` run by {}{} (process {}) since {:%H:%M:%S}\n", ::getpid(), described.command, user,
                                         described.on_behalf_of.empty() || described.on_behalf_of == user
                                             ? std::string()
                                             : " on behalf of " + described.on_behalf_of,
                                         ::getpid(), fmt::localtime(std::time(nullptr)));
    // Best effort: the note helps a waiting command say who holds the register; a folder the
    // writer may not create files in (rare: it writes the register's WAL there) loses only that.
    int fd = -1;
    try {
        fd = open_private(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC);
    } catch (const std::exception&) {
    }
    if (fd < 0) return;
    const ssize_t written = ::write(fd, text.data(), text.size());
    (void)written;
    ::close(fd);
}

void SqliteWriter::WriterNote::remove() noexcept {
    if (file.empty()) return;
    ::unlink(file.c_str());
    file.clear();
}

SqliteWriter::SqliteWriter(SqliteRegister& owner, std::string on_behalf_of, bool bulk)
    : owner_(owner), actor_(os_user()), on_behalf_of_(on_behalf_of == actor_ ? std::string() : std::move(on_behalf_of)), at_(utc_now()),
      bulk_(bulk), journal_(owner.db(), bulk), transaction_(owner.db(), SQLite::TransactionBehavior::IMMEDIATE),
      note_(writer_note_file(owner.file())),
      pseudonyms_(
          [this] {
              Pseudonyms::Tokens tokens;
              SQLite::Statement all(owner_.db(), "SELECT value, token FROM personal_data");
              while (all.executeStep()) tokens.emplace(all.getColumn(0).getString(), all.getColumn(1).getString());
              return tokens;
          },
          [this](const PersonalValue& made) {
              if (!personal_insert_)
                  personal_insert_ = std::make_unique<SQLite::Statement>(
                      owner_.db(), "INSERT INTO personal_data (token, kind, value, since) VALUES (?, ?, ?, ?)");
              SQLite::Statement& insert = *personal_insert_;
              insert.reset();
              insert.bind(1, made.token);
              insert.bind(2, made.kind);
              insert.bind(3, made.value);
              insert.bind(4, made.since);
              insert.exec();
          },
          at_) {
    SQLite::Statement last(owner_.db(), "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    if (last.executeStep()) last_seq_ = last.getColumn(0).getInt64(), last_hash_ = last.getColumn(1).getString();
    first_seq_ = last_seq_;
    first_hash_ = last_hash_;
    const std::string insert =
        "INSERT INTO audit (seq, at, actor, action, entity, key, before, after, prev_hash, hash, on_behalf_of) VALUES ";
    audit_insert_ = std::make_unique<SQLite::Statement>(owner_.db(), insert + "(?,?,?,?,?,?,?,?,?,?,?)");
    std::string many = insert;
    for (std::size_t k = 0; k < audit_batch; ++k) many += k ? ",(?,?,?,?,?,?,?,?,?,?,?)" : "(?,?,?,?,?,?,?,?,?,?,?)";
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
    if (bulk_ && !owner_.db().execAndGet(fmt::format("SELECT EXISTS (SELECT 1 FROM {})", kind.name)).getInt()) {
        SQLite::Statement indexes(owner_.db(), "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL");
        indexes.bind(1, kind.name);
        std::vector<std::string> names;
        while (indexes.executeStep()) names.push_back(indexes.getColumn(0).getString()), indexes_to_build_.push_back(indexes.getColumn(1).getString());
        for (const auto& name : names) owner_.db().exec(fmt::format("DROP INDEX {}", name));
    }
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
    s.remove = std::make_unique<SQLite::Statement>(owner_.db(), fmt::format("DELETE FROM {} WHERE {}", kind.name, where));
    s.keys = kind.key_indexes();
    return statements_.emplace(kind.name, std::move(s)).first->second;
}

std::optional<Row> SqliteWriter::stored(Statements& s, const RecordKind& kind, const Row& row) {
    const auto& keys = s.keys;
    s.select->reset();
    for (std::size_t k = 0; k < keys.size(); ++k) bind(*s.select, static_cast<int>(k + 1), kind, keys[k], row[keys[k]]);
    std::optional<Row> existing;
    if (s.select->executeStep()) {
        existing.emplace(kind.columns.size());
        for (std::size_t i = 0; i < kind.columns.size(); ++i)
            read_canonical((*existing)[i], s.select->getColumn(static_cast<int>(i)), kind.columns[i].type);
    }
    s.select->reset();
    return existing;
}

Change SqliteWriter::upsert(const RecordKind& kind, const Row& row) {
    Statements& s = statements(kind);
    s.insert->reset();
    for (std::size_t i = 0; i < row.size(); ++i) bind(*s.insert, static_cast<int>(i + 1), kind, i, row[i]);
    if (s.insert->exec() == 1) {
        const Row& shown = in_trail(kind, row, scratch_);
        append_audit("insert", kind.name, s.keys, shown, "", image(shown));
        return Change::inserted;
    }
    const auto& keys = s.keys;
    const std::optional<Row> existing = stored(s, kind, row);
    if (!existing) throw StoreError(fmt::format("{} '{}': neither inserted nor found", kind.name, join_key(kind, row)));
    if (*existing == row) return Change::unchanged;
    s.update->reset();
    int index = 1;
    for (std::size_t i = 0; i < row.size(); ++i)
        if (!is_key(kind, i)) bind(*s.update, index++, kind, i, row[i]);
    for (std::size_t k : keys) bind(*s.update, index++, kind, k, row[k]);
    s.update->exec();
    const Row& was = in_trail(kind, *existing, scratch_before_);
    const Row& now = in_trail(kind, row, scratch_);
    append_audit("update", kind.name, s.keys, now, image(was), image(now));
    return Change::updated;
}

bool SqliteWriter::remove(const RecordKind& kind, const Row& row) {
    Statements& s = statements(kind);
    const auto& keys = s.keys;
    // The row as it was, for the trail's before-image.
    const std::optional<Row> existing = stored(s, kind, row);
    if (!existing) return false;
    const Row& was = *existing;
    s.remove->reset();
    for (std::size_t k = 0; k < keys.size(); ++k) bind(*s.remove, static_cast<int>(k + 1), kind, keys[k], was[keys[k]]);
    if (s.remove->exec() != 1) throw StoreError(fmt::format("{} '{}': found but not deleted", kind.name, join_key(kind, *existing)));
    const Row& shown = in_trail(kind, was, scratch_before_);
    append_audit("delete", kind.name, s.keys, shown, image(shown), "");
    return true;
}

ErasedValue SqliteWriter::erase_personal_value(const std::string& value, const std::string& why) {
    const std::string where = owner_.file().string();
    SQLite::Statement find(owner_.db(), "SELECT token, kind, value, since FROM personal_data WHERE value = ?");
    find.bind(1, value);
    if (!find.executeStep()) throw StoreError(not_held(where, value));
    ErasedValue out;
    out.erased = {find.getColumn(0).getString(), find.getColumn(1).getString(), find.getColumn(2).getString(), find.getColumn(3).getString()};
    find.reset();
    // What is deleted from now on is overwritten with zeros in the file (forget_erased() then
    // rebuilds it), not only marked free.
    owner_.db().exec("PRAGMA secure_delete = ON");
    // The trail must not hold the number in any form: in the clear from before the register
    // pseudonymised it, or typed into a free text. Then it cannot be erased, and nothing is.
    flush_audit();
    const std::vector<std::string> forms = written_forms(value);
    {
        SQLite::Statement holding(owner_.db(), trail_holding_sql([](int n) { return fmt::format("?{}", n); }));
        for (std::size_t f = 0; f < forms.size(); ++f) holding.bind(static_cast<int>(f + 1), "%" + forms[f] + "%");
        std::vector<std::int64_t> entries;
        std::int64_t total = 0;
        while (holding.executeStep())
            if (++total <= 10) entries.push_back(holding.getColumn(0).getInt64());
        if (total > 0) throw StoreError(held_in_the_clear(where, value, entries, total));
    }
    for (const ErasureStep& step : erasure_steps([](int n) { return fmt::format("?{}", n); })) {
        SQLite::Statement statement(owner_.db(), step.sql);
        statement.bind(1, value);
        if (step.uses_token) statement.bind(2, out.erased.token);
        const int changed = statement.exec();
        if (!step.kind.empty() && changed > 0) out.rows.emplace_back(step.kind, changed);
    }
    // A row may hold it beyond its organisation numbers, typed into a text: not erased then.
    for (const RecordKind& kind : record_kinds()) {
        SQLite::Statement holding(owner_.db(), rows_holding_sql(kind, [](int n) { return fmt::format("?{}", n); }));
        for (std::size_t f = 0; f < forms.size(); ++f) holding.bind(static_cast<int>(f + 1), "%" + forms[f] + "%");
        if (holding.executeStep()) throw StoreError(held_in_a_text(where, value, kind, holding.getColumn(0).getString()));
    }
    SQLite::Statement forget(owner_.db(), "DELETE FROM personal_data WHERE token = ?");
    forget.bind(1, out.erased.token);
    forget.exec();
    pseudonyms_.forget(value);
    append_audit("erase", "personal_data", {0}, Row{out.erased.token}, "", erased_image(out.erased, why));
    return out;
}

namespace {

OfficerCredential credential_of(SQLite::Statement& s) {
    return {s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getInt64(), s.getColumn(3).getString(),
            s.getColumn(4).getString()};
}

constexpr const char* credential_columns = "SELECT officer, hash, failed_sign_ins, paused_until, changed FROM officer_credentials";

}  // namespace

std::optional<OfficerCredential> SqliteRegister::credential(const std::string& officer) const {
    SQLite::Statement s(db_, fmt::format("{} WHERE officer = ?", credential_columns));
    s.bind(1, officer);
    if (!s.executeStep()) return std::nullopt;
    return credential_of(s);
}

std::vector<OfficerCredential> SqliteRegister::credentials() const {
    std::vector<OfficerCredential> out;
    SQLite::Statement s(db_, fmt::format("{} ORDER BY officer", credential_columns));
    while (s.executeStep()) out.push_back(credential_of(s));
    return out;
}

void SqliteWriter::set_credential(const std::string& officer, const std::string& hash) {
    // In this writer's transaction: the account as it was is the entry's before-image.
    const std::optional<OfficerCredential> was = owner_.credential(officer);
    SQLite::Statement set(owner_.db(),
                          "INSERT INTO officer_credentials (officer, hash, failed_sign_ins, paused_until, changed) VALUES (?, ?, 0, NULL, ?) "
                          "ON CONFLICT (officer) DO UPDATE SET hash = excluded.hash, failed_sign_ins = 0, paused_until = NULL, "
                          "changed = excluded.changed");
    set.bind(1, officer);
    set.bind(2, hash);
    set.bind(3, at_);
    set.exec();
    const Row now = credential_in_trail({officer, hash, 0, "", at_});
    append_audit("credential set", "officer_credentials", {0}, now, was ? image(credential_in_trail(*was)) : "", image(now));
}

std::optional<OfficerCredential> SqliteWriter::record_sign_in(const std::string& officer, bool succeeded,
                                                              std::chrono::system_clock::time_point now) {
    // Read and written in this writer's transaction, which holds the register's write lock: two
    // sign-ins at once each count.
    const std::optional<OfficerCredential> was = owner_.credential(officer);
    if (!was) return std::nullopt;
    OfficerCredential after = after_sign_in(*was, succeeded, now);
    if (after.failed_sign_ins == was->failed_sign_ins && after.paused_until == was->paused_until) return after;
    SQLite::Statement update(owner_.db(), "UPDATE officer_credentials SET failed_sign_ins = ?, paused_until = ? WHERE officer = ?");
    update.bind(1, static_cast<int64_t>(after.failed_sign_ins));
    if (after.paused_until.empty()) update.bind(2);
    else update.bind(2, after.paused_until);
    update.bind(3, officer);
    update.exec();
    return after;
}

void SqliteWriter::commit() {
    flush_audit();
    for (const auto& sql : indexes_to_build_) owner_.db().exec(sql);
    indexes_to_build_.clear();
    if (last_seq_ == first_seq_) {
        note_.remove();
        transaction_.commit();
        return;
    }
    // The key is read before the commit: without it nothing is written, rather than a change
    // that no seal covers. A trail with entries was sealed (sqlite_audit.cpp): it is written on
    // only while its latest seal verifies under the key and is the trail as it stands — with the
    // side file deleted, emptied or cut back, or another key in the key's place, the write would
    // seal anew a history that nobody can check. Refused, and the transaction rolled back. The
    // side file stays locked until this write's seal is in it, so that the next writer never
    // takes a seal still to come for a cut.
    const SqliteRegister::HeadsLock locked(owner_.heads_file());
    const bool heads_exist = owner_.heads_exist();
    const std::vector<SealedHead> heads = heads_exist ? owner_.sealed_heads() : std::vector<SealedHead>{};
    if (auto refusal = unsealed_write_refusal(owner_.file().string(), owner_.heads_file().string(), first_seq_, first_hash_, heads_exist,
                                              heads, nullptr);
        refusal && !heads_exist)
        throw StoreError(*refusal);  // before the key: a missing key is not made for a refused write
    const std::string key = owner_.key_for_writing();
    if (auto refusal = unsealed_write_refusal(owner_.file().string(), owner_.heads_file().string(), first_seq_, first_hash_, heads_exist,
                                              heads, &key))
        throw StoreError(*refusal);
    note_.remove();
    transaction_.commit();
    owner_.seal(key, last_seq_, last_hash_, "commit");
}

}  // namespace followup::core::sqlite_detail
