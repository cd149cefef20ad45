// Problems found in a municipality's configuration, each located well enough for an
// administrator to fix it without asking: file, line, column, key path, found vs expected.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace followup::core {

struct Diagnostic {
    std::string file;
    std::uint32_t line = 0;  ///< 0 when the problem is a missing key (then the table's line)
    std::uint32_t column = 0;
    std::string key_path;    ///< dotted: "areas[2].board", "model.interval_years"
    std::string message;     ///< what was found and what was expected
    std::string plugin;      ///< the plugin that reported it, if a plugin did
};

/// "file:line:column: key: message (plugin 'x')", the form compilers use, so editors can jump.
std::string to_string(const Diagnostic& diagnostic);

using Diagnostics = std::vector<Diagnostic>;

}  // namespace followup::core
