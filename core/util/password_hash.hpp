// Officers' passwords for the desk's local accounts (issue 33: the sign-in's embedded default, for
// a small municipality and for tests), kept only as Argon2id hashes in libargon2's encoded form:
// "$argon2id$v=19$m=65536,t=3,p=1$SALT$HASH", which carries its own parameters and salt, so that a
// hash made under other parameters later still verifies.
#pragma once

#include <cstdint>
#include <cstddef>
#include <string>
#include <string_view>

namespace followup::core {

/// The parameters every new hash is made with. 64 MiB and three passes: well above OWASP's floor
/// for Argon2id (19 MiB, two passes), since a municipality's desk has few officers who sign in a
/// few times a day, so a fraction of a second per sign-in costs nothing, while each guess against
/// a stolen register costs an attacker the same 64 MiB. One lane: the desk serves several officers
/// at once, and a hash that took every core would stall the others.
struct Argon2idParameters {
    static constexpr std::uint32_t passes = 3;
    static constexpr std::uint32_t memory_kib = 65536;
    static constexpr std::uint32_t lanes = 1;
    static constexpr std::size_t salt_bytes = 16;
    static constexpr std::size_t hash_bytes = 32;
};

/// The encoded Argon2id hash of `password` under a new random salt (OpenSSL's RAND_bytes).
/// @throws std::runtime_error when the random generator or the hashing fails (e.g. the 64 MiB
/// cannot be had), with libargon2's reason.
std::string hash_password(std::string_view password);

/// Whether `password` is the one `encoded` was made from, in the time a hash takes whatever the
/// answer (libargon2 compares in constant time).
/// @throws std::runtime_error when `encoded` is not an Argon2id hash libargon2 can read.
bool password_matches(std::string_view password, const std::string& encoded);

/// A hash of no officer's password, made with the same parameters: a sign-in with an id that
/// has no password is checked against it, so that it takes as long as one with a wrong password
/// and the time of the answer does not tell which ids exist.
const std::string& hash_of_no_password();

/// How many hashes password_matches() has checked in this process: for the tests that a refusal
/// of an unknown id costs one check, counted rather than timed (a timed test fails on a busy
/// machine without a fault).
std::size_t password_checks_made();

}  // namespace followup::core
