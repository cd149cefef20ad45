#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace followup::core {

/// Lower-case hex SHA-256 of a file's contents (OpenSSL). @throws std::runtime_error if unreadable.
std::string sha256_file_hex(const std::filesystem::path& file);
/// Lower-case hex SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);

}  // namespace followup::core
