// Where the register is: an SQLite file or a PostgreSQL database, told apart in one place.
//
// `--db` (else the configuration's [register] url or database) names it: a value starting with
// postgresql:// or postgres:// is a PostgreSQL database (postgres_register.hpp), anything else
// an SQLite file (sqlite_register.hpp). Every command opens its register through here.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "store/postgres_register.hpp"
#include "store/register.hpp"
#include "store/sqlite_register.hpp"

namespace followup::core {

/// Opens the register at `location`. For PostgreSQL, `audit_key` defaults to $FOLLOWUP_AUDIT_KEY.
/// @throws StoreError as open_sqlite_register() and open_postgres_register() do.
std::unique_ptr<Register> open_register(const std::string& location, RegisterCreation creation,
                                        const std::optional<std::filesystem::path>& audit_key);

/// Whether a register is there: the file exists, or the database holds the register's tables.
/// @throws StoreError when a PostgreSQL server cannot be reached.
bool register_exists(const std::string& location);

/// The message for a register that is not there (no_register_message() for a file).
std::string missing_register_message(const std::string& location);

/// The location as it may be printed: a URL without its password.
std::string location_for_people(const std::string& location);

/// The audit key a PostgreSQL register uses: the configuration's, else $FOLLOWUP_AUDIT_KEY.
std::optional<std::filesystem::path> postgres_audit_key(const std::optional<std::filesystem::path>& configured);

}  // namespace followup::core
