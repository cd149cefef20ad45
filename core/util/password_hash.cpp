#include "util/password_hash.hpp"

#include <atomic>

#include <argon2.h>
#include <openssl/rand.h>

#include <array>
#include <stdexcept>

namespace followup::core {

std::string hash_password(std::string_view password) {
    using P = Argon2idParameters;
    std::array<unsigned char, P::salt_bytes> salt{};
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
        throw std::runtime_error("cannot hash the password: OpenSSL's random generator gave no salt");
    std::string encoded(argon2_encodedlen(P::passes, P::memory_kib, P::lanes, P::salt_bytes, P::hash_bytes, Argon2_id), '\0');
    const int rc = argon2id_hash_encoded(P::passes, P::memory_kib, P::lanes, password.data(), password.size(), salt.data(), salt.size(),
                                         P::hash_bytes, encoded.data(), encoded.size());
    if (rc != ARGON2_OK) throw std::runtime_error(std::string("cannot hash the password: Argon2id failed: ") + argon2_error_message(rc));
    encoded.resize(encoded.find('\0'));  // argon2_encodedlen counts the terminating zero
    return encoded;
}

namespace {
std::atomic<std::size_t> checks_made{0};
}  // namespace

std::size_t password_checks_made() { return checks_made.load(); }

bool password_matches(std::string_view password, const std::string& encoded) {
    ++checks_made;
    const int rc = argon2id_verify(encoded.c_str(), password.data(), password.size());
    if (rc == ARGON2_OK) return true;
    if (rc == ARGON2_VERIFY_MISMATCH) return false;
    throw std::runtime_error(std::string("the stored password hash cannot be checked: ") + argon2_error_message(rc) +
                             "; expected an Argon2id hash as followup writes it ($argon2id$v=19$m=…,t=…,p=…$salt$hash)");
}

const std::string& hash_of_no_password() {
    // Made once with Argon2idParameters from a text that is nobody's password and a fixed salt:
    // a constant, so that even the first sign-in with an unknown id costs one verify, no more.
    static const std::string hash =
        "$argon2id$v=19$m=65536,t=3,p=1$Zm9sbG93dXAtbm8tc3VjaA$hf1mCzGCTCQqI99R37dYql0q5kky4M2BCIU51DAxm9E";
    return hash;
}

}  // namespace followup::core
