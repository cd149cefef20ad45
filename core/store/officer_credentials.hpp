// The rule of the desk's local accounts that the register keeps for both databases alike: when a
// row of failed sign-ins pauses an account, and for how long (issue 33: "a pause after repeated
// failed sign-ins"); and what of an account the audit trail may hold. The SQLite and PostgreSQL
// writers store what after_sign_in() gives; the use-case floor (app/officer_accounts.hpp) asks.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "store/register.hpp"

namespace followup::core {

/// Five failed sign-ins in a row pause an account for fifteen minutes: enough for an officer who
/// mistypes, while a guesser gets twenty tries an hour, each costing an Argon2id hash.
struct SignInPause {
    static constexpr std::int64_t after_failures = 5;
    static constexpr std::chrono::minutes length{15};
};

/// `at` as the register stores times: "YYYY-MM-DDTHH:MM:SSZ", UTC, to the second.
std::string utc_text(std::chrono::system_clock::time_point at);
/// The time `text` (as utc_text() writes it) names; nothing when it is not such a time.
std::optional<std::chrono::system_clock::time_point> parse_utc_text(const std::string& text);

/// Whether the account is paused at `now`; a pause whose end is not a time (edited behind
/// followup's back) counts as paused, so that a damaged row never opens an account.
bool paused_at(const OfficerCredential& account, std::chrono::system_clock::time_point now);

/// The account after a sign-in at `now`: a success ends the row of failures (and an ended pause);
/// a failure counts, and the SignInPause::after_failures-th in a row pauses it for
/// SignInPause::length and starts the count anew, so that after the pause the officer has as
/// many tries again.
OfficerCredential after_sign_in(OfficerCredential account, bool succeeded, std::chrono::system_clock::time_point now);

/// What the audit trail holds of an account: its officer and when the password was set (the
/// "credential set" entry's image), never the hash.
Row credential_in_trail(const OfficerCredential& account);

}  // namespace followup::core
