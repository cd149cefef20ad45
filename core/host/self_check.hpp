// The plugin self-check, the plugin listing and the configuration check, as reports written to a
// stream: the CLI's `plugins check`, `plugins list` and `validate` call these and print them.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace followup::core {

/// Lists every plugin found in `directories` from its manifest, without running plugin code.
int list_plugins(const std::vector<std::filesystem::path>& directories, std::ostream& out);

/// Loads one plugin and exercises its declarations (with `config_file`: against that
/// configuration's scales and boards). `stage` is told each call before it is made, so that a
/// crash in a child process can be reported with the call (see isolation.hpp). Returns the exit code.
int check_plugin(const std::filesystem::path& path, const std::optional<std::string>& sha256,
                 const std::optional<std::filesystem::path>& config_file, const std::function<void(std::string_view)>& stage,
                 std::ostream& out);

/// Reads and checks a configuration, then has each board's plugin check its own table. Returns
/// the exit code.
int validate_configuration(const std::filesystem::path& file, std::ostream& out);

}  // namespace followup::core
