// The audit trail: every change an entry chained by hash to the one before, written in batches
// within the writer's transaction, read back by `audit log` and checked by `audit verify`.
#include "store/sqlite_internal.hpp"

namespace followup::core::sqlite_detail {

std::vector<AuditRecord> SqliteRegister::audit_log(const std::string& kind, const std::string& key) const {
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

std::vector<AuditProblem> SqliteRegister::verify_audit() const {
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

}  // namespace followup::core::sqlite_detail
