// Who is signed in to this machine: the name the operating system gives the process's effective
// user. On SQLite the register's trail records it as the one who wrote (the file's owner and group
// are the register's access control, docs/data.md); what --actor says is kept beside it as "on
// behalf of", never instead of it.
#pragma once

#include <string>

namespace followup::core {

/// The effective user's name (getpwuid), else $USER, else "uid N".
std::string os_user();

}  // namespace followup::core
