#include "desk/sessions.hpp"

#include <array>
#include <stdexcept>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace followup::core::desk {

std::string random_token() {
    std::array<unsigned char, 32> bytes{};
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
        throw std::runtime_error("OpenSSL's random generator gave no bytes for a session id: the desk cannot sign anyone in");
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(bytes.size() * 2);
    for (const unsigned char b : bytes) {
        hex += digits[b >> 4];
        hex += digits[b & 0x0f];
    }
    return hex;
}

bool same_token(const std::string& sent, const std::string& expected) {
    // The lengths are not secret (every token has 64 digits); the digits are.
    return !expected.empty() && sent.size() == expected.size() && CRYPTO_memcmp(sent.data(), expected.data(), sent.size()) == 0;
}

std::string Sessions::start(Officer officer, Clock::time_point now) {
    std::string id = random_token();
    const std::lock_guard lock(mutex_);
    // Sessions that ended by idling are dropped here, so the map does not grow with every
    // officer who closed the browser instead of signing out.
    std::erase_if(sessions_, [&](const auto& entry) { return now - entry.second.last_used > idle_end; });
    sessions_[id] = DeskSession{std::move(officer), random_token(), now};
    return id;
}

std::optional<DeskSession> Sessions::find(const std::string& id, Clock::time_point now) {
    const std::lock_guard lock(mutex_);
    const auto it = sessions_.find(id);
    if (it == sessions_.end()) return std::nullopt;
    if (now - it->second.last_used > idle_end) {
        sessions_.erase(it);
        return std::nullopt;
    }
    it->second.last_used = now;
    return it->second;
}

void Sessions::end(const std::string& id) {
    const std::lock_guard lock(mutex_);
    sessions_.erase(id);
}

}  // namespace followup::core::desk
