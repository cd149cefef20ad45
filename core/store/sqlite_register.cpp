#include "store/sqlite_register.hpp"

#include "store/sqlite_internal.hpp"

namespace followup::core {
namespace fs = std::filesystem;

using sqlite_detail::SqliteRegister;


std::unique_ptr<Register> open_sqlite_register(const fs::path& file) {
    try {
        if (file.has_parent_path() && !fs::exists(file.parent_path()))
            throw StoreError(fmt::format("'{}': the folder '{}' does not exist", file.string(), file.parent_path().string()));
        return std::make_unique<SqliteRegister>(file);
    } catch (const SQLite::Exception& e) {
        throw StoreError(fmt::format("'{}' cannot be opened as a register: {}", file.string(), e.what()));
    }
}

void restore_sqlite_register(const fs::path& backup, const fs::path& target) {
    if (!fs::is_regular_file(backup)) throw StoreError(fmt::format("'{}': no such backup file", backup.string()));
    try {
        SQLite::Database source(backup.string(), SQLite::OPEN_READONLY);
        const int version = source.execAndGet("PRAGMA user_version").getInt();
        if (version < 1 || !source.tableExists("audit"))
            throw StoreError(fmt::format("'{}' is not a followup register backup", backup.string()));
        if (version > register_schema_version)
            throw StoreError(fmt::format("'{}' has register schema version {}; this followup understands versions up to {}",
                                         backup.string(), version, register_schema_version));
        SQLite::Database destination(target.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        SQLite::Backup copy(destination, source);
        copy.executeStep(-1);
    } catch (const SQLite::Exception& e) {
        throw StoreError(fmt::format("restoring '{}' into '{}' failed: {}", backup.string(), target.string(), e.what()));
    }
    // Bring a backup of an older schema up to date.
    open_sqlite_register(target);
}

}  // namespace followup::core
