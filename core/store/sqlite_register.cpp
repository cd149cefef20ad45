#include "store/sqlite_register.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <signal.h>

#include <cerrno>
#include <fstream>
#include <cstring>

#include "store/postgres_register.hpp"
#include "store/sqlite_internal.hpp"
#include "util/private_files.hpp"

namespace followup::core {
namespace fs = std::filesystem;

using sqlite_detail::SqliteRegister;


namespace {
int wait_seconds = 10;
fs::path register_in_use;
}  // namespace

fs::path writer_note_file(const fs::path& register_file) {
    fs::path note = register_file;
    note += ".writer";
    return note;
}

void note_register_in_use(const fs::path& register_file) { register_in_use = register_file; }

std::string who_holds(const fs::path& register_file) {
    // "PID\tWHAT": written by the writer while it holds the write lock (SqliteWriter::WriterNote).
    std::ifstream in(writer_note_file(register_file));
    std::string line;
    if (!in || !std::getline(in, line)) return {};
    const auto tab = line.find('\t');
    if (tab == std::string::npos) return {};
    long pid = 0;
    try {
        pid = std::stol(line.substr(0, tab));
    } catch (const std::exception&) {
        return {};
    }
    // A note left by a writer that was killed names nobody: its process is gone (or is not ours
    // to see, when another user's: then it is named, as it most likely still runs).
    if (pid <= 0 || (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)) return {};
    return line.substr(tab + 1);
}

void set_sqlite_wait_seconds(int seconds) { wait_seconds = seconds; }
int sqlite_wait_seconds() { return wait_seconds; }

std::optional<std::string> register_situation(const std::exception& e) {
    if (auto server = postgres_situation(e)) return server;
    const auto* sqlite = dynamic_cast<const SQLite::Exception*>(&e);
    if (sqlite == nullptr) return std::nullopt;
    switch (sqlite->getErrorCode() & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
        {
            const std::string holder = register_in_use.empty() ? std::string() : who_holds(register_in_use);
            return fmt::format("the register is locked by another process's write ({}){}, and stayed so for the {} s that [register] "
                               "wait_seconds allows; this command stopped and wrote nothing. Run it again when that command is done, or "
                               "raise wait_seconds",
                               e.what(), holder.empty() ? std::string() : ": it is held by " + holder, wait_seconds);
        }
        case SQLITE_FULL: return fmt::format("the disk is full ({}); nothing of this change was kept. Free space and try again", e.what());
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_CANTOPEN:
            return fmt::format("the register cannot be written or opened ({}); check the file's and its folder's rights", e.what());
        case SQLITE_IOERR: return fmt::format("the register could not be read or written ({}); check the disk", e.what());
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            return fmt::format("the register file is damaged or not a register ({}); restore it from a backup (followup restore)",
                               e.what());
        default: return std::nullopt;
    }
}

std::string no_register_message(const fs::path& file) {
    return fmt::format("no register at '{}' (--db, else the configuration's [register] database, else followup.sqlite "
                       "in the current folder); is the name right? `followup import` or `followup demo generate --import` "
                       "creates a register",
                       file.string());
}

fs::path default_audit_key(const fs::path& register_file) { return register_file.string() + ".audit-key"; }
fs::path audit_heads_file(const fs::path& register_file) { return register_file.string() + ".audit-heads"; }

void create_private(const fs::path& file) {
    // SQLite creates a database with 0644 (less the umask), and its WAL and shared-memory files
    // with the database file's mode: made empty with the private mode first (0600, or 0640 with
    // [register] group), the register and its side files are its owner's only, or also its
    // group's to read (an empty file is a new database to SQLite).
    int fd = -1;
    try {
        fd = open_private(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC);
    } catch (const std::exception& e) {
        throw StoreError(e.what());
    }
    if (fd < 0) {
        if (errno == EEXIST) return;
        throw StoreError(fmt::format("'{}' cannot be created: {}", file.string(), std::strerror(errno)));
    }
    ::close(fd);
}

namespace {

/// SQLite makes the WAL and shared-memory files with the register's mode but the creating
/// process's group: given the configured group too, those this user owns.
void share_wal_files(const fs::path& file) {
    if (!register_group()) return;
    for (const char* suffix : {"-wal", "-shm"}) {
        const fs::path side = file.string() + suffix;
        struct stat st {};
        if (::stat(side.c_str(), &st) != 0 || st.st_uid != ::geteuid()) continue;
        if (st.st_gid == *register_group() && (st.st_mode & 0777) == private_file_mode()) continue;
        try {
            make_private(side);
        } catch (const std::exception& e) {
            throw StoreError(e.what());
        }
    }
}

}  // namespace

std::unique_ptr<Register> open_sqlite_register(const fs::path& file, RegisterCreation creation,
                                               const std::optional<fs::path>& audit_key) {
    try {
        if (file.has_parent_path() && !fs::exists(file.parent_path()))
            throw StoreError(fmt::format("'{}': the folder '{}' does not exist", file.string(), file.parent_path().string()));
        if (creation == RegisterCreation::must_exist && !fs::exists(file)) throw StoreError(no_register_message(file));
        create_private(file);
        auto opened = std::make_unique<SqliteRegister>(file, audit_key.value_or(default_audit_key(file)));
        share_wal_files(file);
        return opened;
    } catch (const SQLite::Exception& e) {
        // Another process's write held it for longer than the wait: said as such, with the key.
        const int code = e.getErrorCode() & 0xff;
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) throw StoreError(fmt::format("'{}': {}", file.string(), *register_situation(e)));
        throw StoreError(fmt::format("'{}' cannot be opened as a register: {}", file.string(), e.what()));
    }
}

void restore_sqlite_register(const fs::path& backup, const fs::path& target, const std::optional<fs::path>& audit_key) {
    if (!fs::is_regular_file(backup)) throw StoreError(fmt::format("'{}': no such backup file", backup.string()));
    try {
        SQLite::Database source(backup.string(), SQLite::OPEN_READONLY);
        const int version = source.execAndGet("PRAGMA user_version").getInt();
        if (version < 1 || !source.tableExists("audit"))
            throw StoreError(fmt::format("'{}' is not a followup register backup", backup.string()));
        if (version > register_schema_version)
            throw StoreError(fmt::format("'{}' has register schema version {}; this followup understands versions up to {}",
                                         backup.string(), version, register_schema_version));
        create_private(target);
        SQLite::Database destination(target.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
        SQLite::Backup copy(destination, source);
        copy.executeStep(-1);
    } catch (const SQLite::Exception& e) {
        throw StoreError(fmt::format("restoring '{}' into '{}' failed: {}", backup.string(), target.string(), e.what()));
    }
    // Bring a backup of an older schema up to date, and seal the trail it brings.
    SqliteRegister restored(target, audit_key.value_or(default_audit_key(target)));
    restored.seal_current("restored");
}

}  // namespace followup::core
