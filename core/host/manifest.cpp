#include "host/manifest.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <toml++/toml.h>

namespace followup::core {
namespace fs = std::filesystem;

namespace {

std::string where(const fs::path& file, const toml::node* node) {
    if (node == nullptr) return file.string();
    return fmt::format("{}:{}:{}", file.string(), node->source().begin.line, node->source().begin.column);
}

std::string required_string(const fs::path& file, const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (node == nullptr)
        throw ManifestError(fmt::format("{}: missing key '{}'; expected a string", file.string(), key));
    if (auto value = node->value<std::string>(); value && !value->empty()) return *value;
    throw ManifestError(fmt::format("{}: key '{}' is {}; expected a non-empty string", where(file, node), key,
                                    node->is_string() ? std::string("empty") : fmt::format("a {}", fmt::streamed(node->type()))));
}

}  // namespace

PluginManifest read_manifest(const fs::path& file_in) {
    const fs::path file = fs::absolute(file_in);
    toml::table table;
    try {
        table = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        if (!fs::exists(file)) throw ManifestError(fmt::format("{}: no such manifest file", file.string()));
        throw ManifestError(fmt::format("{}:{}:{}: {}", file.string(), e.source().begin.line,
                                        e.source().begin.column, e.description()));
    }
    PluginManifest m;
    m.file = file;
    m.id = required_string(file, table, "id");
    m.version = required_string(file, table, "version");
    m.display_name = required_string(file, table, "display_name");
    const std::string library = required_string(file, table, "library");
    if (fs::path(library).has_parent_path())
        throw ManifestError(fmt::format("{}: key 'library' is '{}'; expected a file name beside the manifest",
                                        where(file, table.get("library")), library));
    m.library = file.parent_path() / library;

    const toml::node* abi = table.get("sdk_abi");
    if (abi == nullptr)
        throw ManifestError(fmt::format("{}: missing key 'sdk_abi'; expected an integer", file.string()));
    auto abi_value = abi->value<std::int64_t>();
    if (!abi_value || *abi_value < 1 || *abi_value > 0xFFFF)
        throw ManifestError(fmt::format("{}: key 'sdk_abi' is not a positive integer", where(file, abi)));
    m.sdk_abi = static_cast<std::uint32_t>(*abi_value);
    if (const toml::node* minor = table.get("sdk_abi_minor")) {
        auto minor_value = minor->value<std::int64_t>();
        if (!minor_value || *minor_value < 0 || *minor_value > 0xFFFF)
            throw ManifestError(fmt::format("{}: key 'sdk_abi_minor' is not a whole number from 0; expected the SDK's ABI minor version",
                                            where(file, minor)));
        m.sdk_abi_minor = static_cast<std::uint32_t>(*minor_value);
    }

    if (const toml::node* boards = table.get("boards")) {
        const toml::array* array = boards->as_array();
        if (array == nullptr)
            throw ManifestError(fmt::format("{}: key 'boards' is not an array; expected an array of board ids",
                                            where(file, boards)));
        for (const toml::node& board : *array) {
            auto id = board.value<std::string>();
            if (!id)
                throw ManifestError(fmt::format("{}: an element of 'boards' is not a string; expected a board id",
                                                where(file, &board)));
            m.boards.push_back(*id);
        }
    }
    return m;
}

fs::path manifest_path_for(const fs::path& library) {
    return library.parent_path() / (library.stem().string() + manifest_suffix);
}

}  // namespace followup::core
