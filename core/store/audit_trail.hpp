// What every register's audit trail shares, whichever database keeps it: the entries' chain hash,
// the rows' before/after images, the sealed heads and the key they are sealed with, and the check
// of a whole trail against the rows (`audit verify`). The SQLite register keeps its sealed heads
// in a side file, the PostgreSQL register in a table; both give them to verify_trail() alike, so
// that a trail copied from one to the other verifies the same. Never included outside store/.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "store/personal_data.hpp"
#include "store/register.hpp"
#include "util/sha256.hpp"

namespace followup::core::audit_detail {

/// The row as a JSON array of strings: the before/after image in the audit trail. Written by
/// hand because it runs once per imported row; nlohmann::json's dump cost a tenth of an import.
inline std::string image(const Row& row) {
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

inline std::string join_key(const std::vector<std::size_t>& key_indexes, const Row& row) {
    std::string key;
    for (std::size_t i : key_indexes) {
        if (!key.empty()) key += '/';
        key += row[i];
    }
    return key;
}

inline std::string join_key(const RecordKind& kind, const Row& row) { return join_key(kind.key_indexes(), row); }

inline std::string utc_now() {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

struct AuditEntry {
    std::int64_t seq = 0;
    /// `actor` is who signed in (the OS user on SQLite, the login role on PostgreSQL); `on_behalf_of`
    /// whom they said they acted for (--actor), empty when for themselves.
    std::string at, actor, action, entity, key, before, after, prev_hash, hash;
    std::string on_behalf_of;
};

inline std::string entry_hash(const AuditEntry& e, Sha256& sha) {
    // Every field, separated by a byte no field contains (unit separator), after the previous
    // entry's hash: changing, removing or reordering an entry breaks every hash after it.
    const std::string_view sep = "\x1f";
    sha.begin().add(e.prev_hash).add(sep).add(std::to_string(e.seq)).add(sep).add(e.at).add(sep).add(e.actor).add(sep)
        .add(e.action).add(sep).add(e.entity).add(sep).add(e.key).add(sep).add(e.before).add(sep).add(e.after);
    // "On behalf of" came with schema version 4: hashed only when there is one, so that every entry
    // written before it keeps its hash and an older trail verifies as it did.
    if (!e.on_behalf_of.empty()) sha.add(sep).add("on behalf of").add(sep).add(e.on_behalf_of);
    return sha.hex();
}

/// One sealed head: after a write, how many entries the trail had and its last hash, with an
/// HMAC under the audit key. `line` is where it is kept (the side file's line, the table's row).
struct SealedHead {
    std::size_t line = 0;
    std::string why;
    std::int64_t entries = 0;
    std::string hash, at, mac;
    bool well_formed = false;
};

/// What the MAC covers: `v1 WHY ENTRIES HASH AT`.
std::string sealed_text(std::string_view why, std::int64_t entries, std::string_view hash, std::string_view at);

/// Whether `head`'s MAC is the audit key's over its text.
bool seal_verifies(const SealedHead& head, const std::string& key);

/// What to do when the seal does not hold, said by the writers' refusals and by `audit verify`.
std::string what_to_do_when_the_seal_fails(std::string_view heads_place);

/// Why the trail may not be written on (nothing when it may). A trail with an entry has been
/// sealed — every write seals the head it leaves, and a trail from before sealing is sealed once by
/// `audit reseal` — so the trail itself is the mark that it was sealed: deleting the heads (or the
/// key beside them) cannot make it a new register again. It is written on only when its heads
/// exist and the latest seal verifies under `key` and is the trail as it stands: `entries` entries
/// ending in `last_hash` (the heads cut back, or the trail cut or rewritten since, do not match).
/// `key` may be null only when the heads are missing (the refusal then needs no key).
/// `place` names the side file or table, `register_name` the register.
std::optional<std::string> unsealed_write_refusal(const std::string& register_name, const std::string& place, std::int64_t entries,
                                                  const std::string& last_hash, bool heads_exist,
                                                  const std::vector<SealedHead>& heads, const std::string* key);

/// Whether a head of this kind starts the trail's sealed history anew: a restore, or a copy from
/// another register (the history before it is not this trail's), or `audit reseal` after someone
/// checked the trail (the history before it is vouched for by them, not by the seal).
inline bool starts_anew(std::string_view why) { return why == "restored" || why == "copied" || why == "resealed"; }

/// The key's text, or nothing with `why` set. Owner-only rights: a key others can read seals
/// nothing.
std::optional<std::string> read_key(const std::filesystem::path& file, std::string& why);

/// Makes a new key at `file`, readable by its owner only, never replacing one.
/// @throws StoreError naming `what` (the register) and the key.
std::string make_key(const std::filesystem::path& file, const std::string& what);

/// A trail to check, whichever database keeps it.
struct TrailToVerify {
    std::string heads_place;  ///< where the sealed heads are kept, for messages ("'r.sqlite.audit-heads'")
    bool heads_exist = false;
    std::vector<SealedHead> heads;        ///< in the order written
    std::filesystem::path key_file;      ///< the audit key (may be empty: none configured)
    std::int64_t entry_count = 0;
    /// Calls `visit` with every entry, by sequence number.
    std::function<void(const std::function<void(const AuditEntry&)>& visit)> entries;
    const Register* rows = nullptr;      ///< the register whose rows the trail must account for
    /// The register's personal values and their tokens (personal_data): the rows' images are
    /// compared with the trail's with each value replaced by its token, as the writers wrote them.
    Pseudonyms::Tokens tokens;
};

/// Every problem of the trail: the seals, the chain, the rows against the trail (docs/data.md).
std::vector<AuditProblem> verify_trail(const TrailToVerify& trail);

}  // namespace followup::core::audit_detail
