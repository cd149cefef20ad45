// Writing an output file so that it is either whole or not there: a full disk, a killed process
// or an unwritable folder never leaves a truncated or empty file where a good one was expected
// (or where the previous good one was).
#pragma once

#include <filesystem>
#include <functional>
#include <string_view>

namespace followup::core {

/// Who may read the file: anyone (a report, a site: 0644 less the umask), or its owner only (the
/// register's rows, which hold personal data: 0600, or 0640 with [register] group:
/// private_files.hpp).
enum class FileReaders { anyone, owner_only };

/// Writes `text` to a temporary file beside `file`, flushes it to disk and renames it over
/// `file`. @throws std::runtime_error naming the file and the system's reason ("No space left on
/// device"); the temporary file is removed and `file` is left as it was.
void write_file_atomically(const std::filesystem::path& file, std::string_view text, FileReaders readers = FileReaders::anyone);

/// The same for a writer that needs a path of its own (a spreadsheet library): `write(temporary)`
/// writes the file, which is renamed over `file` only if it returns without throwing.
void write_file_atomically(const std::filesystem::path& file,
                           const std::function<void(const std::filesystem::path& temporary)>& write);

}  // namespace followup::core
