// The desk's signed-in officers: sessions held in memory, each named by a 256-bit random id (the
// cookie) and carrying a 256-bit random token that every form sends back (the CSRF check). In
// memory only: a restart signs everyone out, which is what a restart of the desk should do, and
// no session can be read from the register or a file.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace followup::core::desk {

/// Who is signed in, as sign_in() said.
struct Officer {
    std::string id, name;
    std::vector<std::string> boards;
};

struct DeskSession {
    Officer officer;
    std::string csrf;  ///< the token every form of this session carries
    std::chrono::steady_clock::time_point last_used;
};

class Sessions {
public:
    /// An idle session ends after this (OWASP's guidance for an application of this kind: 15–30 min).
    static constexpr std::chrono::minutes idle_end{30};

    using Clock = std::chrono::steady_clock;

    /// A new session for `officer`; its id (64 hex digits) is the cookie's value. `now` is the
    /// clock's unless a test says otherwise.
    std::string start(Officer officer, Clock::time_point now = Clock::now());
    /// The session of this id, when it exists and has not been idle too long; touching it
    /// starts its idle time anew. A copy: another request may end it meanwhile.
    std::optional<DeskSession> find(const std::string& id, Clock::time_point now = Clock::now());
    void end(const std::string& id);

private:
    std::mutex mutex_;
    std::map<std::string, DeskSession> sessions_;
};

/// 32 random bytes from OpenSSL's generator (RAND_bytes), as 64 hex digits.
std::string random_token();

/// Whether the token a form sent is the session's, compared in constant time (CRYPTO_memcmp), so
/// that how long the refusal takes does not tell how much of a guess was right.
bool same_token(const std::string& sent, const std::string& expected);

}  // namespace followup::core::desk
