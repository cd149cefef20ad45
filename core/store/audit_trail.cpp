// The audit trail's shared part: sealing keys and the check of a whole trail (audit_trail.hpp).
//
// What makes a trail tamper-evident, as transparency logs are:
//  - each entry's hash covers its fields and the previous entry's hash: an entry edited, removed
//    or moved breaks the chain at that entry;
//  - each entry's before-value must be the previous entry's after-value for the same row: a row
//    changed behind followup's back between two writes is caught at the next entry for it, not
//    only while it differs from the trail;
//  - after every write the head (how many entries, the last hash) is sealed with an HMAC under a
//    key kept outside the register. One who can edit the register but not read the key cannot
//    rewrite the chain (the seals would not match) nor cut its tail off with the rows it made
//    (the last seal counts more entries).
#include "store/audit_trail.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

namespace followup::core::audit_detail {
namespace fs = std::filesystem;

std::string sealed_text(std::string_view why, std::int64_t entries, std::string_view hash, std::string_view at) {
    return fmt::format("v1 {} {} {} {}", why, entries, hash, at);
}

bool seal_verifies(const SealedHead& head, const std::string& key) {
    return head.well_formed && hmac_sha256_hex(key, sealed_text(head.why, head.entries, head.hash, head.at)) == head.mac;
}

std::string what_to_do_when_the_seal_fails(std::string_view heads_place) {
    return fmt::format(
        "put the sealed heads {} back from a backup of them, or restore the register from a backup (`followup restore` for a "
        "SQLite file, pg_restore for PostgreSQL), which seals its trail anew; only when someone has checked the trail "
        "(`followup audit log`) and found it right, `followup audit reseal` seals it as it stands",
        heads_place);
}

std::optional<std::string> unsealed_write_refusal(const std::string& register_name, const std::string& place, std::int64_t entries,
                                                  const std::string& last_hash, bool heads_exist,
                                                  const std::vector<SealedHead>& heads, const std::string* key) {
    const std::string what_to_do = what_to_do_when_the_seal_fails(place) + "; `followup audit verify` says what does not hold";
    if (!heads_exist) {
        if (entries == 0) return std::nullopt;  // a new register: its first write starts the seal
        return fmt::format("'{}' is not written: its trail has {} entries, so it was sealed, and the sealed heads '{}' are missing; {}",
                           register_name, entries, place, what_to_do);
    }
    const SealedHead* latest = nullptr;
    for (const SealedHead& h : heads)
        if (h.well_formed) latest = &h;
    if (latest == nullptr) {
        if (entries == 0) return std::nullopt;
        return fmt::format("'{}' is not written: its trail has {} entries, so it was sealed, and '{}' holds no seal; {}", register_name,
                           entries, place, what_to_do);
    }
    if (key == nullptr || !seal_verifies(*latest, *key))
        return fmt::format("'{}' is not written: the latest seal in '{}' (line {}, {}) does not verify under the audit key: the key "
                           "is not the one the trail was sealed with, or the seal was forged; {}",
                           register_name, place, latest->line, latest->at, what_to_do);
    // Every writer seals before the next may check (PostgreSQL: in its transaction, under the
    // writers' lock; SQLite: with the side file locked from before its commit to its seal): the
    // latest seal is the trail as the last writer left it, unless the heads were cut back or the
    // trail changed since.
    if (latest->entries != entries || latest->hash != last_hash)
        return fmt::format("'{}' is not written: the latest seal in '{}' (line {}, {}) is of a trail of {} entries, and the trail "
                           "now has {}{}: {}; {}",
                           register_name, place, latest->line, latest->at, latest->entries, entries,
                           latest->entries == entries ? " with another last entry" : "",
                           latest->entries < entries ? "the heads were cut back, or entries were written without the key"
                           : latest->entries > entries ? "entries were deleted from the trail"
                                                       : "the trail was rewritten",
                           what_to_do);
    return std::nullopt;
}

std::optional<std::string> read_key(const fs::path& file, std::string& why) {
    if (file.empty()) {
        why = "no audit key is configured ([register] audit_key, or $FOLLOWUP_AUDIT_KEY for a PostgreSQL register)";
        return std::nullopt;
    }
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

std::string make_key(const fs::path& file, const std::string& what) {
    if (file.has_parent_path()) fs::create_directories(file.parent_path());
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw StoreError(fmt::format("'{}' is not written: cannot create its audit key '{}': {}", what, file.string(),
                                     std::strerror(errno)));
    const std::string key = random_hex(32);
    const std::string line = key + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!written) {
        fs::remove(file);
        throw StoreError(fmt::format("'{}' is not written: cannot write its audit key '{}'", what, file.string()));
    }
    return key;
}

std::vector<AuditProblem> verify_trail(const TrailToVerify& trail) {
    const std::string& heads_place = trail.heads_place;
    std::vector<AuditProblem> problems;
    auto describe = [](const AuditEntry& e) {
        return fmt::format("entry {} ({} {} '{}', {} by {}{})", e.seq, e.action, e.entity, e.key, e.at, e.actor,
                           e.on_behalf_of.empty() ? "" : " on behalf of " + e.on_behalf_of);
    };
    // 0. The sealed heads: each line's seal, and from the last restore on, what they say the chain
    //    was at each write.
    std::vector<SealedHead> heads;
    std::optional<std::string> audit_key;
    std::string key_problem;
    if (trail.heads_exist) {
        audit_key = read_key(trail.key_file, key_problem);
        if (!audit_key) problems.push_back({0, key_problem + "; the sealed heads in '" + heads_place + "' cannot be checked"});
        // The lines' own problems, until a head resealed under the key after someone checked the
        // trail: what came before it is theirs to vouch for, not the seal's (a lost key's heads).
        std::vector<AuditProblem> head_problems;
        for (SealedHead h : trail.heads) {
            if (!h.well_formed) {
                head_problems.push_back({0, fmt::format("'{}' line {}: not a sealed head; the side file was edited",
                                                        heads_place, h.line)});
                continue;
            }
            if (audit_key && hmac_sha256_hex(*audit_key, sealed_text(h.why, h.entries, h.hash, h.at)) != h.mac) {
                head_problems.push_back({h.entries, fmt::format("'{}' line {} (the head at {} entries, {}): its seal does not "
                                                                "match the audit key: written without the key",
                                                                heads_place, h.line, h.entries, h.at)});
                continue;
            }
            if (h.why == "resealed" && audit_key) head_problems.clear();
            if (starts_anew(h.why)) heads.clear();  // the history before a restore, copy or reseal is not checked against it
            heads.push_back(std::move(h));
        }
        problems.insert(problems.end(), head_problems.begin(), head_problems.end());
    } else if (trail.entry_count > 0) {
        // Every write seals: a trail with entries and no heads had them removed.
        problems.push_back({0, fmt::format("the sealed heads '{}' are missing, but the trail has {} entries: the heads were "
                                           "sealed, and what records them was removed; nothing is written until the seal holds: {}",
                                           heads_place, trail.entry_count, what_to_do_when_the_seal_fails(heads_place))});
    }
    std::map<std::int64_t, const SealedHead*> sealed_at;  // entries → the latest seal at that count
    for (const SealedHead& h : heads) sealed_at[h.entries] = &h;
    std::int64_t last_good_seal = 0;  // the latest sealed count the chain still matches

    // 1. The chain: consecutive numbers, each entry's hash over its fields and its predecessor's,
    //    each before-value the after-value of the entry before it for the same row.
    std::map<std::string, std::map<std::string, std::pair<std::string, AuditEntry>>> last;  // entity → key → (after, entry)
    std::int64_t expected = 1;
    std::string previous_hash;
    Sha256 sha;
    trail.entries([&](const AuditEntry& e) {
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
                                                       e.seq, seal->second->at, heads_place, seal->second->line,
                                                       last_good_seal + 1, e.seq)});
            else
                last_good_seal = e.seq;
        }
        previous_hash = e.hash;
        expected = e.seq + 1;
        previous[e.key] = {e.action == "delete" ? std::string() : e.after, e};
    });
    // The end of the chain against the last seal: a tail cut off, or entries no seal covers.
    const std::int64_t chain_end = expected - 1;
    if (trail.heads_exist && heads.empty() && chain_end > 0 && audit_key)
        problems.push_back({1, fmt::format("the side file '{}' holds no sealed head, but the trail has {} entries: the file "
                                           "was emptied; {}",
                                           heads_place, chain_end, what_to_do_when_the_seal_fails(heads_place))});
    if (!heads.empty()) {
        const SealedHead& latest = heads.back();
        if (latest.entries > chain_end)
            problems.push_back({chain_end + 1, fmt::format("entries {} to {} are gone: the trail was sealed at {} entries on {} "
                                                           "('{}' line {}) and now ends at entry {}; the last entries were "
                                                           "deleted (look for the rows they made, deleted with them)",
                                                           chain_end + 1, latest.entries, latest.entries, latest.at,
                                                           heads_place, latest.line, chain_end)});
        else if (latest.entries < chain_end)
            problems.push_back({latest.entries + 1, fmt::format("entries {} to {} were added after the last seal ({} entries "
                                                                "on {}): written without the audit key, the heads cut back, "
                                                                "or by a followup stopped before it sealed them",
                                                                latest.entries + 1, chain_end, latest.entries, latest.at)});
    }
    // 2. The data: every row is what its last entry says, and nothing is there without one. Each
    //    personal value is compared as its token, which is what the trail holds.
    Pseudonyms pseudonyms(trail.tokens);
    Row scratch;
    for (const RecordKind& kind : record_kinds()) {
        auto& audited = last[kind.name];
        std::map<std::string, bool> seen;
        trail.rows->for_each(kind, [&](const Row& stored) {
            const Row& row = pseudonyms.in_trail(kind, stored, scratch);
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


}  // namespace followup::core::audit_detail
