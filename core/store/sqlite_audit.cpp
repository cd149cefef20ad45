// The audit trail: every change an entry chained by hash to the one before, written in batches
// within the writer's transaction, read back by `audit log` and checked by `audit verify`.
//
// What makes it tamper-evident, as transparency logs are:
//  - each entry's hash covers its fields and the previous entry's hash: an entry edited, removed
//    or moved breaks the chain at that entry;
//  - each entry's before-value must be the previous entry's after-value for the same row: a row
//    changed behind followup's back between two writes is caught at the next entry for it, not
//    only while it differs from the trail;
//  - after every write the head (how many entries, the last hash) is sealed with an HMAC under a
//    key kept outside the register, and appended to a side file (`<register>.audit-heads`). One
//    who can edit the register but not read the key cannot rewrite the chain (the seals would
//    not match) nor cut its tail off with the rows it made (the last seal counts more entries).
//    Make the side file append-only (`chattr +a`) so that it cannot be cut either.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "store/sqlite_internal.hpp"

namespace followup::core::sqlite_detail {
namespace {

constexpr std::string_view head_tag = "followup-audit-head";

/// One line of the side file: `followup-audit-head v1 WHY ENTRIES HASH AT MAC`.
struct SealedHead {
    std::size_t line = 0;
    std::string why;
    std::int64_t entries = 0;
    std::string hash, at, mac;
    bool well_formed = false;
};

std::string sealed_text(std::string_view why, std::int64_t entries, std::string_view hash, std::string_view at) {
    return fmt::format("v1 {} {} {} {}", why, entries, hash, at);
}

std::vector<SealedHead> read_heads(const fs::path& file) {
    std::vector<SealedHead> heads;
    std::ifstream in(file, std::ios::binary);
    std::string text;
    std::size_t number = 0;
    while (std::getline(in, text)) {
        SealedHead h;
        h.line = ++number;
        std::istringstream fields(text);
        std::string tag, version;
        fields >> tag >> version >> h.why >> h.entries >> h.hash >> h.at >> h.mac;
        h.well_formed = !fields.fail() && tag == head_tag && version == "v1";
        heads.push_back(std::move(h));
    }
    return heads;
}

/// The key's text, or why it cannot be used. Owner-only rights: a key others can read seals
/// nothing.
std::optional<std::string> read_key(const fs::path& file, std::string& why) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        why = fmt::format("the audit key '{}' is missing ({})", file.string(), std::strerror(errno));
        return std::nullopt;
    }
    if ((st.st_mode & 077) != 0) {
        why = fmt::format("the audit key '{}' may be read by others (mode {:04o}); expected owner-only rights: chmod 600 '{}'",
                          file.string(), st.st_mode & 07777, file.string());
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    std::string key;
    std::getline(in, key);
    if (key.size() < 32) {
        why = fmt::format("the audit key '{}' holds {} characters; expected at least 32", file.string(), key.size());
        return std::nullopt;
    }
    return key;
}

}  // namespace

std::string SqliteRegister::key_for_writing() {
    std::string why;
    if (auto key = read_key(audit_key_, why)) return *key;
    if (fs::exists(audit_key_))
        throw StoreError(fmt::format("'{}' is not written: {}", file_.string(), why));
    if (heads_exist())
        throw StoreError(fmt::format("'{}' is not written: {}, but its trail was sealed with it (see '{}'). Put the key back "
                                     "(from where it is kept safe, or its backup); [register] audit_key names it",
                                     file_.string(), why, heads_.string()));
    // The first write: a new key, readable by its owner only, never replacing one.
    if (audit_key_.has_parent_path()) fs::create_directories(audit_key_.parent_path());
    const int fd = ::open(audit_key_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw StoreError(fmt::format("'{}' is not written: cannot create its audit key '{}': {}", file_.string(),
                                     audit_key_.string(), std::strerror(errno)));
    const std::string key = random_hex(32);
    const std::string line = key + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        fs::remove(audit_key_);
        throw StoreError(fmt::format("'{}' is not written: cannot write its audit key '{}'", file_.string(), audit_key_.string()));
    }
    return key;
}

void SqliteRegister::seal(const std::string& key, std::int64_t entries, const std::string& hash, std::string_view why) {
    const std::string at = utc_now();
    const std::string text = sealed_text(why, entries, hash, at);
    const std::string line = fmt::format("{} {} {}\n", head_tag, text, hmac_sha256_hex(key, text));
    // O_APPEND: every writer adds at the end, whatever the others did; never rewritten.
    const int fd = ::open(heads_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    const bool written = fd >= 0 && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    const int error = errno;
    if (fd >= 0) ::close(fd);
    if (!written)
        throw StoreError(fmt::format("'{}': the change is saved but its audit head could not be sealed in '{}': {}; "
                                     "`followup audit verify` will report entries after the last seal",
                                     file_.string(), heads_.string(), std::strerror(error)));
}

void SqliteRegister::seal_current(std::string_view why) {
    SQLite::Statement last(db_, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    std::int64_t entries = 0;
    std::string hash;
    if (last.executeStep()) entries = last.getColumn(0).getInt64(), hash = last.getColumn(1).getString();
    const bool had_heads = heads_exist();
    if (entries == 0 && !had_heads) return;  // nothing to seal yet
    std::string why_not;
    std::optional<std::string> key = read_key(audit_key_, why_not);
    if (!key) key = key_for_writing();
    seal(*key, entries, hash, why);
}

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
    // 0. The sealed heads: each line's seal, and from the last restore on, what they say the chain
    //    was at each write.
    std::vector<SealedHead> heads;
    std::optional<std::string> audit_key;
    std::string key_problem;
    if (heads_exist()) {
        audit_key = read_key(audit_key_, key_problem);
        if (!audit_key) problems.push_back({0, key_problem + "; the sealed heads in '" + heads_.string() + "' cannot be checked"});
        for (SealedHead& h : read_heads(heads_)) {
            if (!h.well_formed) {
                problems.push_back({0, fmt::format("'{}' line {}: not a sealed head; the side file was edited",
                                                   heads_.string(), h.line)});
                continue;
            }
            if (audit_key && hmac_sha256_hex(*audit_key, sealed_text(h.why, h.entries, h.hash, h.at)) != h.mac) {
                problems.push_back({h.entries, fmt::format("'{}' line {} (the head at {} entries, {}): its seal does not "
                                                           "match the audit key: written without the key",
                                                           heads_.string(), h.line, h.entries, h.at)});
                continue;
            }
            if (h.why == "restored") heads.clear();  // the history before a restore is not this trail's
            heads.push_back(std::move(h));
        }
    } else if (audit_entries() > 0 && fs::exists(audit_key_)) {
        problems.push_back({0, fmt::format("the side file '{}' is missing, but the audit key '{}' exists: the heads were "
                                           "sealed, and the file that records them was removed",
                                           heads_.string(), audit_key_.string())});
    }
    std::map<std::int64_t, const SealedHead*> sealed_at;  // entries → the latest seal at that count
    for (const SealedHead& h : heads) sealed_at[h.entries] = &h;
    std::int64_t last_good_seal = 0;  // the latest sealed count the chain still matches

    // 1. The chain: consecutive numbers, each entry's hash over its fields and its predecessor's,
    //    each before-value the after-value of the entry before it for the same row.
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
        auto& previous = last[e.entity];
        const auto before = previous.find(e.key);
        const std::string expected_before = before == previous.end() ? std::string() : before->second.first;
        if (e.before != expected_before)
            problems.push_back(
                {e.seq, before == previous.end()
                            ? fmt::format("{}: says the row was {} before, but no earlier entry made it so: it was put in "
                                          "behind followup's back",
                                          describe(e), e.before)
                            : fmt::format("{}: says the row was {} before, but entry {} left it {}: it was changed behind "
                                          "followup's back between entries {} and {}",
                                          describe(e), e.before, before->second.second.seq, expected_before,
                                          before->second.second.seq, e.seq)});
        if (auto seal = sealed_at.find(e.seq); seal != sealed_at.end()) {
            if (seal->second->hash != e.hash)
                problems.push_back({e.seq, fmt::format("entry {}: the trail up to it is not the one sealed at {} ('{}' line "
                                                       "{}): an entry from {} to {} was rewritten (its hashes recomputed "
                                                       "without the key)",
                                                       e.seq, seal->second->at, heads_.string(), seal->second->line,
                                                       last_good_seal + 1, e.seq)});
            else
                last_good_seal = e.seq;
        }
        previous_hash = e.hash;
        expected = e.seq + 1;
        previous[e.key] = {e.action == "delete" ? std::string() : e.after, e};
    }
    // The end of the chain against the last seal: a tail cut off, or entries no seal covers.
    const std::int64_t chain_end = expected - 1;
    if (heads_exist() && heads.empty() && chain_end > 0 && audit_key)
        problems.push_back({1, fmt::format("the side file '{}' holds no sealed head, but the trail has {} entries: the file "
                                           "was emptied",
                                           heads_.string(), chain_end)});
    if (!heads.empty()) {
        const SealedHead& latest = heads.back();
        if (latest.entries > chain_end)
            problems.push_back({chain_end + 1, fmt::format("entries {} to {} are gone: the trail was sealed at {} entries on {} "
                                                           "('{}' line {}) and now ends at entry {}; the last entries were "
                                                           "deleted (look for the rows they made, deleted with them)",
                                                           chain_end + 1, latest.entries, latest.entries, latest.at,
                                                           heads_.string(), latest.line, chain_end)});
        else if (latest.entries < chain_end)
            problems.push_back({latest.entries + 1, fmt::format("entries {} to {} were added after the last seal ({} entries "
                                                                "on {}): written without the audit key, or by a followup "
                                                                "stopped before it sealed them",
                                                                latest.entries + 1, chain_end, latest.entries, latest.at)});
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

void SqliteWriter::append_audit(const std::string& action, const RecordKind& kind, const std::vector<std::size_t>& keys,
                                const Row& row, std::string before, std::string after) {
    // The images are moved in, and the previous hash moved from last_hash_ (which becomes this
    // entry's): no copy of either per row.
    AuditEntry e{last_seq_ + 1, at_, actor_, action, kind.name, join_key(keys, row), std::move(before), std::move(after),
                 std::move(last_hash_), ""};
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
