// The embedded SQLite register: one file, WAL, foreign keys enforced, the schema versioned with
// migrations applied on open.
#pragma once

#include <filesystem>
#include <memory>

#include "store/register.hpp"

namespace followup::core {

/// The schema version this build writes. A file with a higher version is refused.
inline constexpr int register_schema_version = 2;

/// Opens (creating it if missing) the register at `file` and brings its schema up to date.
/// @throws StoreError naming the file: unreadable, not a register, or a newer schema.
std::unique_ptr<Register> open_sqlite_register(const std::filesystem::path& file);

/// Replaces the register at `target` with a copy of `backup`, after checking that `backup` is a
/// register this build can read. @throws StoreError.
void restore_sqlite_register(const std::filesystem::path& backup, const std::filesystem::path& target);

}  // namespace followup::core
