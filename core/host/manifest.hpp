// A plugin's manifest: the TOML file beside its library that lets the host list a plugin without
// loading it (loading runs the library's static initializers, which is plugin code).
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace followup::core {

struct PluginManifest {
    std::filesystem::path file;     ///< the manifest itself, absolute
    std::filesystem::path library;  ///< absolute: resolved against the manifest's folder
    std::string id;
    std::string version;
    std::string display_name;
    std::uint32_t sdk_abi = 0;
    std::uint32_t sdk_abi_minor = 0;  ///< absent in manifests written before SDK 3: 0
    std::vector<std::string> boards;
};

/// Thrown for a manifest that cannot be read; the message names the file, line, key and what
/// was expected.
class ManifestError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

inline constexpr const char* manifest_suffix = ".plugin.toml";

PluginManifest read_manifest(const std::filesystem::path& file);

/// The manifest expected beside `library` (its name without extension + ".plugin.toml").
std::filesystem::path manifest_path_for(const std::filesystem::path& library);

}  // namespace followup::core
