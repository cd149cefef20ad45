// Looking at a plugin file without loading it: is it a shared library we can map safely, and
// which SDK ABI does its entry symbol name? Nothing here runs a line of the plugin's code.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace followup::core {

struct LibraryInspection {
    enum class Verdict { loadable, missing, not_shared_library, truncated, no_entry_point };
    Verdict verdict = Verdict::missing;
    std::string detail;                    ///< why, for anything but `loadable`
    std::optional<std::uint32_t> sdk_abi;  ///< from the entry symbol's name, when there is one
};

/// Reads the ELF headers and dynamic symbol table of `library`.
///
/// libelf does the ELF parsing (Boost.DLL's library_info reads only the static .symtab, which a
/// stripped plugin lacks). The truncation check is ours: dlopen maps every PT_LOAD segment, and
/// touching a page past the end of the file raises SIGBUS in the host, so every segment and
/// section must lie inside the file before dlopen may see it.
LibraryInspection inspect_library(const std::filesystem::path& library);

}  // namespace followup::core
