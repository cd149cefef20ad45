#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace followup::core {

/// Lower-case hex SHA-256 of a file's contents (OpenSSL). @throws std::runtime_error if unreadable.
std::string sha256_file_hex(const std::filesystem::path& file);
/// Lower-case hex SHA-256 of bytes.
std::string sha256_hex(std::string_view bytes);

/// Lower-case hex HMAC-SHA-256 of `data` under `key` (OpenSSL's EVP_MAC): the seal on the audit
/// trail's head, which only the holder of the key can make.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

/// `bytes` bytes from OpenSSL's random generator, as lower-case hex (a new audit key).
/// @throws std::runtime_error when the generator fails.
std::string random_hex(std::size_t bytes);

/// SHA-256 over several pieces, reusing one OpenSSL context and digest: for hashing many small
/// records (the audit trail) without building each record as one string first.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    Sha256& begin();
    Sha256& add(std::string_view bytes);
    std::string hex();

private:
    struct State;
    State* state_;
};

}  // namespace followup::core
