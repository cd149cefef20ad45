// `followup register copy`: a whole register from one database to another (an SQLite file to a
// PostgreSQL server and back), rows and audit trail as they are.
//
// The trail is copied, not rewritten: the copy's entries have the same numbers, times, actors,
// images and hashes, so that `audit verify` checks the copy against the same chain. The source is
// verified before anything is written and the copy after; the copy's head is sealed "copied"
// under the destination's audit key (its sealed history starts there, as after a restore).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "store/audit_trail.hpp"
#include "store/register.hpp"

namespace followup::core {

/// What copy_register() found and wrote.
struct CopyReport {
    std::int64_t rows = 0;
    std::int64_t entries = 0;
};

/// Copies every row, every audit entry, the personal values' tokens and the officers' local
/// accounts of `from` into `to`, which must be empty.
/// @throws StoreError when `from`'s trail does not verify (its first problem), `to` is not empty,
/// or the copy does not verify afterwards.
CopyReport copy_register(const Register& from, Register& to);

namespace audit_detail {

/// A register whose whole trail can be read entry by entry, hashes included.
class TrailSource {
public:
    virtual ~TrailSource() = default;
    virtual void for_each_entry(const std::function<void(const AuditEntry&)>& visit) const = 0;
};

/// One transaction that puts rows and entries in as they are, without auditing them again.
class VerbatimLoad {
public:
    virtual ~VerbatimLoad() = default;
    virtual void row(const RecordKind& kind, const Row& row) = 0;
    virtual void entry(const AuditEntry& entry) = 0;
    /// A personal value and its token (personal_data), as the source holds it: the copy's trail
    /// holds the same tokens, and `followup erase` on the copy erases the same values.
    virtual void personal_value(const PersonalValue& value) = 0;
    /// An officer's local account (officer_credentials), as the source holds it: the copy's trail
    /// says when each password was set, and the officers sign in to the copy as before.
    virtual void credential(const OfficerCredential& account) = 0;
    /// Commits, and seals the head the entries end at as "copied".
    virtual void commit() = 0;
};

/// A register that can be the destination of a copy.
class VerbatimTarget {
public:
    virtual ~VerbatimTarget() = default;
    /// @throws StoreError when the register holds a row or an entry already.
    virtual std::unique_ptr<VerbatimLoad> begin_verbatim_load() = 0;
};

}  // namespace audit_detail
}  // namespace followup::core
