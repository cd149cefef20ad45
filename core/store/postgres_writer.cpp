// One transaction of the PostgreSQL register: upserts by natural key, audited, as SQLite's writer
// (sqlite_writer.cpp) does, so that the same changes give the same trail.
//
// Several officers' processes write at once. Each writer first takes the writer lock (an
// advisory lock held until its transaction ends): writers follow one another, as with SQLite's
// write lock, while readers go on. Under the lock the trail's head read at the start is still the
// head at commit, so the chain never forks, and the row a writer reads as "before" is the last
// committed one, so no write is lost. The head is sealed in the same transaction.
#include <spdlog/spdlog.h>

#include "store/postgres_internal.hpp"

namespace followup::core::postgres_detail {

namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

bool is_key(const RecordKind& kind, std::size_t column) {
    return std::find(kind.key.begin(), kind.key.end(), kind.columns[column].name) != kind.key.end();
}

struct Statements {
    std::string insert, select, update, remove;
};

/// The statements for `kind`, prepared once per connection.
Statements statements(const PostgresRegister& owner, const RecordKind& kind) {
    std::string marks, where, set, keys;
    int n = 0;
    for (std::size_t i = 0; i < kind.columns.size(); ++i) marks += fmt::format("{}${}", i ? ", " : "", ++n);
    n = 0;
    for (const auto& k : kind.key) where += fmt::format("{}{} = ${}", where.empty() ? "" : " AND ", k, ++n);
    for (const auto& k : kind.key) keys += (keys.empty() ? "" : ", ") + k;
    // The UPDATE binds the other columns first, then the key, as SQLite's writer does.
    n = 0;
    std::string update_where;
    for (std::size_t i = 0; i < kind.columns.size(); ++i)
        if (!is_key(kind, i)) set += fmt::format("{}{} = ${}", set.empty() ? "" : ", ", kind.columns[i].name, ++n);
    for (const auto& k : kind.key) update_where += fmt::format("{}{} = ${}", update_where.empty() ? "" : " AND ", k, ++n);
    Statements s;
    // Insert first: most imported rows are new, and a conflict on the natural key sends the row to
    // the comparison below instead.
    s.insert = owner.prepared(
        fmt::format("INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}) DO NOTHING", kind.name, column_list(kind), marks, keys));
    s.select = owner.prepared(fmt::format("SELECT {} FROM {} WHERE {}", column_list(kind), kind.name, where));
    if (!set.empty()) s.update = owner.prepared(fmt::format("UPDATE {} SET {} WHERE {}", kind.name, set, update_where));
    s.remove = owner.prepared(fmt::format("DELETE FROM {} WHERE {}", kind.name, where));
    return s;
}

}  // namespace

PostgresWriter::PostgresWriter(PostgresRegister& owner, std::string on_behalf_of)
    : owner_(owner), at_(utc_now()), work_(owner.connection()),
      pseudonyms_(
          [this] {
              Pseudonyms::Tokens tokens;
              for (const auto& r : work_.exec("SELECT value, token FROM personal_data")) tokens.emplace(r[0].c_str(), r[1].c_str());
              return tokens;
          },
          [this](const PersonalValue& made) {
              // Prepared once per connection: a national import adds a hundred thousand.
              static const std::string insert = "INSERT INTO personal_data (token, kind, value, since) VALUES ($1, $2, $3, $4)";
              work_.exec_prepared(owner_.prepared(insert), made.token, made.kind, made.value, made.since);
          },
          at_) {
    // Who signed in is the server's word, not the command line's: the session's login role (a SET
    // ROLE changes current_user, never session_user). The role's row-level security (docs/sql/
    // postgres-roles.sql) refuses an entry naming anyone else.
    const pqxx::row lock = work_.exec_params1("SELECT session_user, pg_advisory_xact_lock($1)::text", writer_lock);
    actor_ = lock[0].c_str();
    if (on_behalf_of != actor_) on_behalf_of_ = std::move(on_behalf_of);
    const pqxx::result last = work_.exec("SELECT seq, hash FROM followup_audit_head() WHERE seq IS NOT NULL");
    if (!last.empty()) last_seq_ = last[0][0].as<std::int64_t>(), last_hash_ = last[0][1].c_str();
    first_seq_ = last_seq_;
    first_hash_ = last_hash_;
    owner_.set_current(&work_);
    owner_.begin_writing();
    note_postgres_change(true);
}

PostgresWriter::~PostgresWriter() {
    // Destroying work_ uncommitted rolls it back.
    if (!done_) {
        owner_.set_current(nullptr);
        owner_.end_writing();
    }
}

Change PostgresWriter::upsert(const RecordKind& kind, const Row& row) {
    try {
        return upsert_row(kind, row);
    } catch (const pqxx::insufficient_privilege& e) {
        // Row-level security or a missing grant (docs/sql/postgres-roles.sql): logged here and by
        // the server; the transaction is aborted, so nothing of it is kept.
        const std::string who = owner_.connection().username();  // the transaction is aborted: no query
        spdlog::warn("denied: {} may not write the {} '{}' in '{}'", who, kind.name, join_key(kind, row), owner_.url());
        throw StoreError(fmt::format("'{}' refuses the {} '{}': the role '{}' may not write it ({}); an officer writes only in "
                                     "the areas of their own boards (officer_boards). Nothing of this change was kept",
                                     owner_.url(), kind.name, join_key(kind, row), who, first_line(e.what())));
    }
}

Change PostgresWriter::upsert_row(const RecordKind& kind, const Row& row) {
    const Statements s = statements(owner_, kind);
    Parameters all;
    for (std::size_t i = 0; i < row.size(); ++i) all.values.push_back(stored(kind, i, row[i]));
    const auto pointers = all.pointers();
    const auto keys = kind.key_indexes();
    if (work_.exec_prepared(s.insert, pqxx::prepare::make_dynamic_params(pointers)).affected_rows() == 1) {
        owner_.note_inserted(kind, row);
        const Row& shown = in_trail(kind, row, scratch_);
        append_audit("insert", kind.name, keys, shown, "", image(shown));
        return Change::inserted;
    }
    Parameters key;
    for (std::size_t k : keys) key.values.push_back(stored(kind, k, row[k]));
    const auto key_pointers = key.pointers();
    const pqxx::result found = work_.exec_prepared(s.select, pqxx::prepare::make_dynamic_params(key_pointers));
    // The key is taken, yet the row cannot be read: row-level security hides another board's
    // record from an officer's role (docs/sql/postgres-roles.sql). A refusal, as a write is.
    if (found.empty())
        throw pqxx::insufficient_privilege(fmt::format("the {} '{}' is another board's", kind.name, join_key(kind, row)));
    Row existing(kind.columns.size());
    for (std::size_t i = 0; i < kind.columns.size(); ++i) read_canonical(existing[i], found[0][static_cast<int>(i)], kind.columns[i].type);
    if (existing == row) return Change::unchanged;
    Parameters update;
    for (std::size_t i = 0; i < row.size(); ++i)
        if (!is_key(kind, i)) update.values.push_back(all.values[i]);
    for (std::size_t k : keys) update.values.push_back(all.values[k]);
    const auto update_pointers = update.pointers();
    // Row-level security hides a row the role may not change: the UPDATE then changes nothing,
    // which must not be audited as a change.
    if (work_.exec_prepared(s.update, pqxx::prepare::make_dynamic_params(update_pointers)).affected_rows() != 1)
        throw pqxx::insufficient_privilege(fmt::format("the {} '{}' is another board's", kind.name, join_key(kind, row)));
    const Row& was = in_trail(kind, existing, scratch_before_);
    const Row& now = in_trail(kind, row, scratch_);
    append_audit("update", kind.name, keys, now, image(was), image(now));
    return Change::updated;
}

bool PostgresWriter::remove(const RecordKind& kind, const Row& row) {
    try {
        const Statements s = statements(owner_, kind);
        Parameters key;
        for (std::size_t k : kind.key_indexes()) key.values.push_back(stored(kind, k, row[k]));
        const auto key_pointers = key.pointers();
        const pqxx::result found = work_.exec_prepared(s.select, pqxx::prepare::make_dynamic_params(key_pointers));
        if (found.empty()) return false;
        Row existing(kind.columns.size());
        for (std::size_t i = 0; i < kind.columns.size(); ++i) read_canonical(existing[i], found[0][static_cast<int>(i)], kind.columns[i].type);
        // Row-level security hides a row the role may not delete: nothing deleted, nothing audited.
        if (work_.exec_prepared(s.remove, pqxx::prepare::make_dynamic_params(key_pointers)).affected_rows() != 1)
            throw pqxx::insufficient_privilege(fmt::format("the {} '{}' is another board's", kind.name, join_key(kind, row)));
        owner_.note_removed(kind);
        const Row& shown = in_trail(kind, existing, scratch_before_);
        append_audit("delete", kind.name, kind.key_indexes(), shown, image(shown), "");
        return true;
    } catch (const pqxx::insufficient_privilege& e) {
        const std::string who = owner_.connection().username();
        spdlog::warn("denied: {} may not delete the {} '{}' in '{}'", who, kind.name, join_key(kind, row), owner_.url());
        throw StoreError(fmt::format("'{}' refuses to delete the {} '{}': the role '{}' may not ({}); an officer writes only in "
                                     "the areas of their own boards (officer_boards). Nothing of this change was kept",
                                     owner_.url(), kind.name, join_key(kind, row), who, first_line(e.what())));
    }
}

ErasedValue PostgresWriter::erase_personal_value(const std::string& value, const std::string& why) {
    const std::string where = owner_.url();
    const pqxx::result found = work_.exec_params("SELECT token, kind, value, since FROM personal_data WHERE value = $1", value);
    if (found.empty()) throw StoreError(not_held(where, value));
    ErasedValue out;
    out.erased = {found[0][0].c_str(), found[0][1].c_str(), found[0][2].c_str(), found[0][3].c_str()};
    // As on SQLite (sqlite_writer.cpp): not when the trail holds the number in any form.
    flush_audit();
    const std::vector<std::string> forms = written_forms(value);
    const auto parameter = [](int n) { return fmt::format("${}", n); };
    const pqxx::result holding = work_.exec_params(trail_holding_sql(parameter), "%" + forms[0] + "%", "%" + forms[1] + "%");
    if (!holding.empty()) {
        std::vector<std::int64_t> entries;
        for (std::size_t i = 0; i < holding.size() && i < 10; ++i) entries.push_back(holding[static_cast<int>(i)][0].as<std::int64_t>());
        throw StoreError(held_in_the_clear(where, value, entries, static_cast<std::int64_t>(holding.size())));
    }
    for (const ErasureStep& step : erasure_steps(parameter)) {
        const auto changed =
            (step.uses_token ? work_.exec_params(step.sql, value, out.erased.token) : work_.exec_params(step.sql, value)).affected_rows();
        if (!step.kind.empty() && changed > 0) out.rows.emplace_back(step.kind, static_cast<std::int64_t>(changed));
    }
    for (const RecordKind& kind : record_kinds()) {
        const pqxx::result text = work_.exec_params(rows_holding_sql(kind, parameter), "%" + forms[0] + "%", "%" + forms[1] + "%");
        if (!text.empty()) throw StoreError(held_in_a_text(where, value, kind, text[0][0].c_str()));
    }
    work_.exec_params("DELETE FROM personal_data WHERE token = $1", out.erased.token);
    pseudonyms_.forget(value);
    append_audit("erase", "personal_data", {0}, Row{out.erased.token}, "", erased_image(out.erased, why));
    return out;
}

namespace {

OfficerCredential credential_of(const pqxx::row& r) {
    return {r[0].c_str(), r[1].c_str(), r[2].as<std::int64_t>(), r[3].is_null() ? std::string() : r[3].c_str(), r[4].c_str()};
}

constexpr const char* credential_columns = "SELECT officer, hash, failed_sign_ins, paused_until, changed FROM officer_credentials";

}  // namespace

std::optional<OfficerCredential> PostgresRegister::credential(const std::string& officer) const {
    std::optional<OfficerCredential> out;
    // In a writer's transaction (set_credential, record_sign_in), which holds the writers' lock:
    // the account as the writer changes it.
    in_transaction([&](pqxx::transaction_base& t) {
        const pqxx::result r = t.exec_params(fmt::format("{} WHERE officer = $1", credential_columns), officer);
        if (!r.empty()) out = credential_of(r[0]);
    });
    return out;
}

std::vector<OfficerCredential> PostgresRegister::credentials() const {
    std::vector<OfficerCredential> out;
    in_transaction([&](pqxx::transaction_base& t) {
        for (const auto& r : t.exec(fmt::format("{} ORDER BY officer", credential_columns))) out.push_back(credential_of(r));
    });
    return out;
}

void PostgresWriter::set_credential(const std::string& officer, const std::string& hash) {
    const std::optional<OfficerCredential> was = owner_.credential(officer);
    work_.exec_params("INSERT INTO officer_credentials (officer, hash, failed_sign_ins, paused_until, changed) VALUES ($1, $2, 0, NULL, $3) "
                      "ON CONFLICT (officer) DO UPDATE SET hash = excluded.hash, failed_sign_ins = 0, paused_until = NULL, "
                      "changed = excluded.changed",
                      officer, hash, at_);
    const Row now = credential_in_trail({officer, hash, 0, "", at_});
    append_audit("credential set", "officer_credentials", {0}, now, was ? image(credential_in_trail(*was)) : "", image(now));
}

std::optional<OfficerCredential> PostgresWriter::record_sign_in(const std::string& officer, bool succeeded,
                                                                std::chrono::system_clock::time_point now) {
    // Under the writers' lock (taken when this writer began): two sign-ins at once each count.
    const std::optional<OfficerCredential> was = owner_.credential(officer);
    if (!was) return std::nullopt;
    OfficerCredential after = after_sign_in(*was, succeeded, now);
    if (after.failed_sign_ins == was->failed_sign_ins && after.paused_until == was->paused_until) return after;
    const std::optional<std::string> paused_until =
        after.paused_until.empty() ? std::nullopt : std::optional<std::string>(after.paused_until);
    work_.exec_params("UPDATE officer_credentials SET failed_sign_ins = $1, paused_until = $2 WHERE officer = $3", after.failed_sign_ins,
                      paused_until, officer);
    return after;
}

void PostgresWriter::append_audit(const std::string& action, const std::string& entity, const std::vector<std::size_t>& keys,
                                  const Row& row, std::string before, std::string after) {
    AuditEntry e{last_seq_ + 1, at_, actor_, action, entity, join_key(keys, row), std::move(before), std::move(after), last_hash_, "",
                 on_behalf_of_};
    e.hash = entry_hash(e, sha_);
    last_seq_ = e.seq;
    last_hash_ = e.hash;
    pending_.push_back(std::move(e));
    if (pending_.size() >= flush_at_) flush_audit();
}

void insert_entries(const PostgresRegister& owner, pqxx::transaction_base& t, const std::vector<AuditEntry>& entries) {
    if (entries.empty()) return;
    std::string sql = "INSERT INTO audit (seq, at, actor, action, entity, key, before, after, prev_hash, hash, on_behalf_of) VALUES ";
    int n = 0;
    for (std::size_t k = 0; k < entries.size(); ++k) {
        sql += k ? ",(" : "(";
        for (int f = 0; f < 11; ++f) sql += fmt::format("{}${}", f ? "," : "", ++n);
        sql += ")";
    }
    std::vector<std::string> values;
    values.reserve(entries.size() * 11);
    for (const AuditEntry& e : entries) {
        values.push_back(std::to_string(e.seq));
        for (const std::string* f : {&e.at, &e.actor, &e.action, &e.entity, &e.key, &e.before, &e.after, &e.prev_hash, &e.hash, &e.on_behalf_of})
            values.push_back(*f);
    }
    // Prepared once per batch size: full batches, and the one shorter batch at the end.
    t.exec_prepared(owner.prepared(sql), pqxx::prepare::make_dynamic_params(values));
}

void PostgresWriter::flush_audit() {
    if (pending_.size() <= audit_batch) {
        insert_entries(owner_, work_, pending_);
    } else {
        // A file's worth (upsert_all): COPY, a tenth of the INSERTs' time.
        auto copy = copy_into(work_, "audit", {"seq", "at", "actor", "action", "entity", "key", "before", "after", "prev_hash", "hash", "on_behalf_of"});
        std::string line;
        for (const AuditEntry& e : pending_) {
            line = std::to_string(e.seq);
            std::size_t i = 1;
            for (const std::string* f : {&e.at, &e.actor, &e.action, &e.entity, &e.key, &e.before, &e.after, &e.prev_hash, &e.hash, &e.on_behalf_of})
                append_copy_field(line, i++, *f);
            copy->write_raw_line(line);
        }
        copy->complete();
    }
    pending_.clear();
}

void PostgresWriter::commit() {
    flush_audit();
    if (last_seq_ != first_seq_) {
        // The key is read before the commit: without it nothing is written, rather than a change
        // no seal covers. As on SQLite (sqlite_writer.cpp): a trail with entries was sealed, and is
        // written on only while its latest seal verifies under the key and is the trail as it
        // stands (this transaction holds the writers' lock, and every writer seals in its own).
        const bool heads_exist = PostgresRegister::heads_exist(work_);
        const std::vector<SealedHead> heads = heads_exist ? PostgresRegister::latest_heads(work_) : std::vector<SealedHead>{};
        const std::string place = "its table audit_heads";
        if (auto refusal = unsealed_write_refusal(owner_.url(), place, first_seq_, first_hash_, heads_exist, heads, nullptr);
            refusal && !heads_exist)
            throw StoreError(*refusal);  // before the key: a missing key is not made for a refused write
        const std::string key = owner_.key_for_writing(work_);
        if (auto refusal = unsealed_write_refusal(owner_.url(), place, first_seq_, first_hash_, heads_exist, heads, &key))
            throw StoreError(*refusal);
        PostgresRegister::seal(work_, key, last_seq_, last_hash_, "commit");
    }
    owner_.set_current(nullptr);
    owner_.end_writing();
    done_ = true;
    work_.commit();
    note_postgres_change(false);
}

}  // namespace followup::core::postgres_detail
