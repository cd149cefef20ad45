// Who may read the files the register makes — the register, its WAL and shared-memory files, its
// sealed heads, a backup, an export: they hold personal data. Their owner only (0600), or with the
// configuration's [register] group also that group's members, to read (0640). On SQLite the file's
// owner and group are the register's access control (docs/data.md). The audit key is never the
// group's: it stays 0600 whatever is configured.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>

namespace followup::core {

/// The group that may read the register's files (none: the owner only). Set once, when the
/// configuration is read, before any of them is made: a process-wide setting, as the umask is.
void set_register_group(std::optional<::gid_t> group);
std::optional<::gid_t> register_group();

/// 0600, or 0640 with a group.
::mode_t private_file_mode();

/// Gives the open file `fd` (named `file`, for the message) the private mode and the group, exactly
/// (the umask does not apply). @throws std::runtime_error naming the file and the system's reason
/// (a group its owner is not a member of).
void make_private(int fd, const std::filesystem::path& file);
/// The same for a file by name; nothing when it does not exist.
void make_private(const std::filesystem::path& file);

/// Opens `file` with `flags` (O_CREAT among them) and makes it private (make_private): the one
/// way the register's files are created. Returns the descriptor, or -1 with errno set when the
/// file cannot be opened (EEXIST with O_EXCL); when it cannot be made private it is closed,
/// removed and the reason thrown, so that no file with wider rights is left behind.
int open_private(const std::filesystem::path& file, int flags);

}  // namespace followup::core
