// The SQLite register's audit trail: every change an entry chained by hash to the one before,
// written in batches within the writer's transaction, read back by `audit log` and checked by
// `audit verify` (audit_trail.cpp holds what makes it tamper-evident, shared with PostgreSQL).
//
// Here the heads are sealed into a side file (`<register>.audit-heads`), appended after every
// write. Make the side file append-only (`chattr +a`) so that it cannot be cut either.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "store/sqlite_internal.hpp"
#include "util/private_files.hpp"

namespace followup::core::sqlite_detail {
namespace {

constexpr std::string_view head_tag = "followup-audit-head";

/// One line of the side file: `followup-audit-head v1 WHY ENTRIES HASH AT MAC`.
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

}  // namespace

std::vector<SealedHead> SqliteRegister::sealed_heads() const { return read_heads(heads_); }

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
    return make_key(audit_key_, file_.string());
}

void SqliteRegister::seal(const std::string& key, std::int64_t entries, const std::string& hash, std::string_view why) {
    const std::string at = utc_now();
    const std::string text = sealed_text(why, entries, hash, at);
    const std::string line = fmt::format("{} {} {}\n", head_tag, text, hmac_sha256_hex(key, text));
    // O_APPEND: every writer adds at the end, whatever the others did; never rewritten.
    const int fd = ::open(heads_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    // The register's own rights (util/private_files.hpp), set while the file is new.
    std::string why_not;
    struct stat st {};
    if (fd >= 0 && ::fstat(fd, &st) == 0 && st.st_size == 0) {
        try {
            make_private(fd, heads_);
        } catch (const std::exception& e) {
            why_not = e.what();
        }
    }
    const bool written = fd >= 0 && why_not.empty() && ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                         ::fsync(fd) == 0;
    const int error = errno;
    if (fd >= 0) ::close(fd);
    if (!written)
        throw StoreError(fmt::format("'{}': the change is saved but its audit head could not be sealed in '{}': {}; "
                                     "`followup audit verify` will report entries after the last seal",
                                     file_.string(), heads_.string(), why_not.empty() ? std::strerror(error) : why_not));
}

SqliteRegister::HeadsLock::HeadsLock(const fs::path& heads) : heads_(heads) {
    fd_ = ::open(heads_.c_str(), O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd_ >= 0) created_ = true;
    else if (errno == EEXIST) fd_ = ::open(heads_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
        throw StoreError(fmt::format("'{}' cannot be opened to seal the audit trail's head: {}", heads_.string(), std::strerror(errno)));
    while (::flock(fd_, LOCK_EX) != 0)
        if (errno != EINTR)
            throw StoreError(fmt::format("'{}' cannot be locked to seal the audit trail's head: {}", heads_.string(), std::strerror(errno)));
}

SqliteRegister::HeadsLock::~HeadsLock() {
    // Made here and never sealed in (the write was refused or failed): as it was, no side file.
    struct stat st {};
    if (created_ && ::fstat(fd_, &st) == 0 && st.st_size == 0) ::unlink(heads_.c_str());
    ::close(fd_);  // lets go of the lock
}

void SqliteRegister::seal_current(std::string_view why) {
    SQLite::Statement last(db_, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    std::int64_t entries = 0;
    std::string hash;
    if (last.executeStep()) entries = last.getColumn(0).getInt64(), hash = last.getColumn(1).getString();
    if (entries == 0 && !heads_exist()) return;  // nothing to seal yet
    std::string why_not;
    std::optional<std::string> key = read_key(audit_key_, why_not);
    if (!key) key = key_for_writing();
    seal(*key, entries, hash, why);
}

std::string SqliteRegister::reseal_audit() {
    // The writers' lock, held while sealing: no write comes between the trail read and its seal.
    SQLite::Transaction hold(db_, SQLite::TransactionBehavior::IMMEDIATE);
    const HeadsLock locked(heads_);  // after a writer's seal still to come, never before it
    SQLite::Statement last(db_, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1");
    std::int64_t entries = 0;
    std::string hash;
    if (last.executeStep()) entries = last.getColumn(0).getInt64(), hash = last.getColumn(1).getString();
    std::string why;
    std::optional<std::string> key = read_key(audit_key_, why);
    bool made = false;
    if (!key) {
        if (fs::exists(audit_key_)) throw StoreError(fmt::format("'{}' is not resealed: {}", file_.string(), why));
        key = make_key(audit_key_, file_.string());
        made = true;
    }
    seal(*key, entries, hash, "resealed");
    hold.commit();
    return fmt::format("resealed the trail of {} entries of '{}' as it stands, in '{}'{}", entries, file_.string(), heads_.string(),
                       made ? fmt::format(", under a new audit key '{}'", audit_key_.string()) : std::string());
}

std::vector<AuditRecord> SqliteRegister::audit_log(const std::string& kind, const std::string& key) const {
    SQLite::Statement& s = cached(
        "SELECT seq, at, actor, action, entity, key, before, after, on_behalf_of FROM audit "
        "WHERE (?1 = '' OR entity = ?1) AND (?2 = '' OR key = ?2) ORDER BY seq");
    s.bind(1, kind);
    s.bind(2, key);
    std::vector<AuditRecord> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getInt64(), s.getColumn(1).getString(), s.getColumn(2).getString(), s.getColumn(3).getString(),
                       s.getColumn(4).getString(), s.getColumn(5).getString(), s.getColumn(6).getString(), s.getColumn(7).getString(),
                       s.getColumn(8).getString()});
    s.reset();
    return out;
}

std::vector<AuditProblem> SqliteRegister::verify_audit() const {
    TrailToVerify trail;
    trail.heads_place = heads_.string();
    trail.heads_exist = heads_exist();
    if (trail.heads_exist) trail.heads = read_heads(heads_);
    trail.key_file = audit_key_;
    trail.entry_count = audit_entries();
    trail.rows = this;
    trail.entries = [this](const std::function<void(const AuditEntry&)>& visit) { for_each_entry(visit); };
    for (PersonalValue& v : personal_values()) trail.tokens.emplace(std::move(v.value), std::move(v.token));
    return verify_trail(trail);
}

std::vector<PersonalValue> SqliteRegister::personal_values() const {
    std::vector<PersonalValue> out;
    SQLite::Statement all(db_, "SELECT token, kind, value, since FROM personal_data ORDER BY value");
    while (all.executeStep())
        out.push_back({all.getColumn(0).getString(), all.getColumn(1).getString(), all.getColumn(2).getString(),
                       all.getColumn(3).getString()});
    return out;
}

std::vector<std::string> SqliteRegister::forget_erased() {
    // Deleted rows stay in the file's free pages, and their pages' old versions in the write-ahead
    // log, until overwritten. secure_delete zeroes what is deleted from now on; VACUUM rebuilds
    // the file from its live rows only (no free page is left); the checkpoints first put the
    // erase into the file, then empty the log (TRUNCATE), waiting for readers as any write does.
    std::vector<std::string> warnings;
    db_.exec("PRAGMA secure_delete = ON");
    auto checkpoint = [&](const char* when) {
        SQLite::Statement s(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
        if (s.executeStep() && s.getColumn(0).getInt() != 0)
            warnings.push_back(fmt::format("'{}': another process was reading the register {}, so its write-ahead log '{}-wal' may "
                                           "still hold the erased value's old pages until the next write empties it",
                                           file_.string(), when, file_.string()));
    };
    checkpoint("before the file was rebuilt");
    db_.exec("VACUUM");
    checkpoint("after the file was rebuilt");
    return warnings;
}

void SqliteWriter::append_audit(const std::string& action, const std::string& entity, const std::vector<std::size_t>& keys,
                                const Row& row, std::string before, std::string after) {
    // The images are moved in, and the previous hash moved from last_hash_ (which becomes this
    // entry's): no copy of either per row.
    AuditEntry e{last_seq_ + 1, at_, actor_, action, entity, join_key(keys, row), std::move(before), std::move(after),
                 std::move(last_hash_), "", on_behalf_of_};
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
            const int base = static_cast<int>(k * 11);
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
            insert.bindNoCopy(base + 11, e.on_behalf_of);
        }
        insert.exec();
        done += count;
    }
    pending_.clear();
}

}  // namespace followup::core::sqlite_detail
