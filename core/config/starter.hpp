// `followup init DIR`: a commented starting configuration that validates as written.
#pragma once

#include <filesystem>
#include <vector>

namespace followup::core {

/// Writes DIR/municipality.toml and DIR/boards/*.toml. Never overwrites: @throws
/// std::runtime_error naming the first file that already exists, before writing anything.
/// Returns the files written.
std::vector<std::filesystem::path> write_starter_configuration(const std::filesystem::path& directory);

}  // namespace followup::core
