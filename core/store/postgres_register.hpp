// The shared register on a PostgreSQL server: the same record tables, migrations and audit trail
// as the SQLite file, for a whole municipality's officers writing at the same time.
//
// Chosen by a URL instead of a file (`--db postgresql://user@host/dbname`, or `[register] url`;
// register_location.hpp decides). The database must exist (an administrator makes it with
// `createdb`); the first writer creates the tables (docs/data.md, "PostgreSQL").
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/register.hpp"
#include "store/sqlite_register.hpp"

namespace followup::core {

/// Whether `location` names a PostgreSQL register (`postgresql://…` or `postgres://…`) rather than
/// an SQLite file.
bool is_postgres_url(std::string_view location);

/// The URL as it may be shown: without a password (in the authority or as `password=`).
std::string url_for_people(std::string_view url);

/// Opens the register in the database at `url`, creating its tables when allowed.
/// @throws StoreError naming the URL (without its password) and what to check: the server is not
/// reachable, the database does not exist, the register is missing (must_exist) or of a newer
/// schema.
///
/// The trail's heads are sealed in the table audit_heads, in the transaction of the write they
/// seal, with an HMAC under the key in `audit_key` (a file on the writer's machine: the
/// configuration's [register] audit_key, else $FOLLOWUP_AUDIT_KEY). Reading needs no key;
/// writing and a full `audit verify` do.
std::unique_ptr<Register> open_postgres_register(const std::string& url, RegisterCreation creation,
                                                 const std::optional<std::filesystem::path>& audit_key);

/// Whether the database at `url` holds a register (its tables were created).
/// @throws StoreError when the server cannot be reached.
bool postgres_register_exists(const std::string& url);

/// The message for a database that holds no register yet: the URL, and what creates one.
std::string no_postgres_register_message(const std::string& url);

/// When `e` is the server's situation rather than a bug — the connection lost, a statement refused
/// — what to tell the user (register_situation() asks); nothing otherwise.
std::optional<std::string> postgres_situation(const std::exception& e);
/// A writer says a change is under way (true) or committed (false): postgres_situation() then says
/// whether a lost connection lost it.
void note_postgres_change(bool under_way) noexcept;

/// Writes the server's own dump of the register (pg_dump, custom format) to `file`; restored with
/// pg_restore (docs/data.md). @throws StoreError when pg_dump is missing or fails, with its message.
void dump_postgres_register(const std::string& url, const std::filesystem::path& file);

}  // namespace followup::core
