// The embedded SQLite register: one file, WAL, foreign keys enforced, the schema versioned with
// migrations applied on open.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "store/register.hpp"

namespace followup::core {

/// The schema version this build writes. A file with a higher version is refused.
inline constexpr int register_schema_version = 9;  // as many as register_migrations() has

/// Whether opening a register may create it. Only the commands that put data in (import, demo
/// generate --import, restore) create one: a misspelled --db given to any other command would
/// otherwise become a new, empty register, and a report on it all zeros.
enum class RegisterCreation { must_exist, create_if_missing };

/// Opens the register at `file` (creating it if missing, when allowed) and brings its schema up
/// to date.
/// @throws StoreError naming the file: missing (must_exist), unreadable, not a register, or a
/// newer schema.
///
/// The audit trail's head is sealed after every write (sqlite_audit.cpp): an HMAC-SHA-256 under
/// the key in `audit_key` (default: default_audit_key(file); made, owner-only, with the first
/// write) appended to the side file audit_heads_file(file). `audit verify` checks both.
std::unique_ptr<Register> open_sqlite_register(const std::filesystem::path& file,
                                               RegisterCreation creation = RegisterCreation::create_if_missing,
                                               const std::optional<std::filesystem::path>& audit_key = std::nullopt);

/// `<register>.audit-key`: the audit key when the configuration names none ([register] audit_key).
std::filesystem::path default_audit_key(const std::filesystem::path& register_file);
/// `<register>.audit-heads`: the append-only side file of sealed heads.
std::filesystem::path audit_heads_file(const std::filesystem::path& register_file);

/// `<register>.writer`: the note of the command that holds the register for a write.
std::filesystem::path writer_note_file(const std::filesystem::path& register_file);
/// The register this process uses, for naming its writer when a wait runs out.
void note_register_in_use(const std::filesystem::path& register_file);
/// "`followup import` run by anna (process 4711) since 17:30:02", or "" when no live command holds it.
std::string who_holds(const std::filesystem::path& register_file);

/// Makes `file` empty with the register's private rights (0600, or 0640 and the group of
/// [register] group: util/private_files.hpp) unless it exists: the register, a backup or a
/// restored copy, before SQLite opens it. @throws StoreError when it cannot be made.
void create_private(const std::filesystem::path& file);

/// When `e` is the register's situation rather than a bug — locked by another process, a full
/// disk, a read-only file — what to tell the user; nothing otherwise. The CLI exits 1 with it.
std::optional<std::string> register_situation(const std::exception& e);

/// How long a command waits for another's write to a SQLite register ([register] wait_seconds):
/// set once, when the configuration is read, before the register is opened (process-wide, as
/// the files' group is: util/private_files.hpp).
void set_sqlite_wait_seconds(int seconds);
int sqlite_wait_seconds();

/// The message for a register that is not there: the file, and what creates one.
std::string no_register_message(const std::filesystem::path& file);

/// Replaces the register at `target` with a copy of `backup`, after checking that `backup` is a
/// register this build can read. @throws StoreError.
/// The trail restored is sealed anew ("restored"), so that `audit verify` checks it from there on
/// rather than against the history it replaced.
void restore_sqlite_register(const std::filesystem::path& backup, const std::filesystem::path& target,
                             const std::optional<std::filesystem::path>& audit_key = std::nullopt);

}  // namespace followup::core
