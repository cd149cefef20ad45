// The SQLite register as the source or the destination of `register copy` (register_copy.hpp).
#include "store/sqlite_internal.hpp"

namespace followup::core::sqlite_detail {

void SqliteRegister::for_each_entry(const std::function<void(const AuditEntry&)>& visit) const {
    SQLite::Statement s(db_, "SELECT seq, at, actor, action, entity, key, before, after, prev_hash, hash, on_behalf_of FROM audit ORDER BY seq");
    while (s.executeStep())
        visit(AuditEntry{s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                         s.getColumn(3).getString(), s.getColumn(4).getString(), s.getColumn(5).getString(),
                         s.getColumn(6).getString(), s.getColumn(7).getString(), s.getColumn(8).getString(),
                         s.getColumn(9).getString(), s.getColumn(10).getString()});
}

namespace {

class SqliteLoad final : public VerbatimLoad {
public:
    explicit SqliteLoad(SqliteRegister& owner)
        : owner_(owner), transaction_(owner.db(), SQLite::TransactionBehavior::IMMEDIATE),
          audit_(owner.db(), "INSERT INTO audit (seq, at, actor, action, entity, key, before, after, prev_hash, hash, "
                             "on_behalf_of) VALUES (?,?,?,?,?,?,?,?,?,?,?)") {
        bool empty = owner.db().execAndGet("SELECT count(*) FROM audit").getInt64() == 0 &&
                     owner.db().execAndGet("SELECT count(*) FROM personal_data").getInt64() == 0 &&
                     owner.db().execAndGet("SELECT count(*) FROM officer_credentials").getInt64() == 0;
        for (const RecordKind& k : record_kinds())
            empty = empty && owner.db().execAndGet(fmt::format("SELECT count(*) FROM {}", k.name)).getInt64() == 0;
        if (!empty)
            throw StoreError(fmt::format("'{}' already holds records or an audit trail; a register is copied into an empty "
                                         "one only",
                                         owner.file().string()));
    }

    void row(const RecordKind& kind, const Row& row) override {
        auto it = inserts_.find(kind.name);
        if (it == inserts_.end()) {
            std::string columns, marks;
            for (std::size_t i = 0; i < kind.columns.size(); ++i) {
                columns += (i ? ", " : "") + kind.columns[i].name;
                marks += i ? ", ?" : "?";
            }
            it = inserts_
                     .emplace(kind.name, std::make_unique<SQLite::Statement>(
                                             owner_.db(), fmt::format("INSERT INTO {} ({}) VALUES ({})", kind.name, columns, marks)))
                     .first;
        }
        SQLite::Statement& s = *it->second;
        s.reset();
        for (std::size_t i = 0; i < row.size(); ++i) bind(s, static_cast<int>(i + 1), kind, i, row[i]);
        s.exec();
    }

    void entry(const AuditEntry& e) override {
        audit_.reset();
        audit_.bind(1, static_cast<int64_t>(e.seq));
        int index = 2;
        for (const std::string* f :
             {&e.at, &e.actor, &e.action, &e.entity, &e.key, &e.before, &e.after, &e.prev_hash, &e.hash, &e.on_behalf_of})
            audit_.bind(index++, *f);
        audit_.exec();
        last_seq_ = e.seq;
        last_hash_ = e.hash;
    }

    void personal_value(const PersonalValue& v) override {
        SQLite::Statement insert(owner_.db(), "INSERT INTO personal_data (token, kind, value, since) VALUES (?, ?, ?, ?)");
        insert.bind(1, v.token);
        insert.bind(2, v.kind);
        insert.bind(3, v.value);
        insert.bind(4, v.since);
        insert.exec();
    }

    void credential(const OfficerCredential& a) override {
        SQLite::Statement insert(owner_.db(), "INSERT INTO officer_credentials (officer, hash, failed_sign_ins, paused_until, changed) "
                                              "VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, a.officer);
        insert.bind(2, a.hash);
        insert.bind(3, static_cast<int64_t>(a.failed_sign_ins));
        if (a.paused_until.empty()) insert.bind(4);
        else insert.bind(4, a.paused_until);
        insert.bind(5, a.changed);
        insert.exec();
    }

    void commit() override {
        const std::string key = owner_.key_for_writing();
        transaction_.commit();
        owner_.seal(key, last_seq_, last_hash_, "copied");
    }

private:
    SqliteRegister& owner_;
    SQLite::Transaction transaction_;
    SQLite::Statement audit_;
    std::map<std::string, std::unique_ptr<SQLite::Statement>> inserts_;
    std::int64_t last_seq_ = 0;
    std::string last_hash_;
};

}  // namespace

std::unique_ptr<VerbatimLoad> SqliteRegister::begin_verbatim_load() { return std::make_unique<SqliteLoad>(*this); }

}  // namespace followup::core::sqlite_detail
