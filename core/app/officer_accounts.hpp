// The officers' local accounts for signing in to the desk (issue 33, point 2: the sign-in's
// embedded default, for a small municipality and for tests; a larger one signs in through its
// single sign-on). Who an officer is — their name and boards — is the configuration's [[officers]];
// the register keeps only their password's Argon2id hash and their failed sign-ins
// (officer_credentials, docs/data.md "Officers' passwords"). `followup officer password|add|list`
// call these, and so will the desk's sign-in page.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/register_options.hpp"

namespace followup::core {

/// The fewest characters (code points, as people count them) a password may have: NIST SP 800-63B
/// asks at least 8 of a password chosen by its user; 12 for an account that reads and writes
/// the register's decisions.
inline constexpr std::size_t minimum_password_length = 12;

struct PasswordRequest {
    std::string officer;   ///< the configuration's [[officers]] id
    std::string password;  ///< as typed, never stored or shown
    /// `officer add`: the officer's first password, refused when they have one already.
    bool first = false;
    /// `officer add --name/--board` (the spelling): said again, they must be what the
    /// configuration says of the officer, which is where they are kept.
    std::optional<std::string> name;
    std::vector<std::string> boards;
};

/// Sets the officer's password: its Argon2id hash is stored (util/password_hash.hpp), their failed
/// sign-ins and any pause start anew, and one audit entry records who set it and when (never the
/// password or its hash). Refused, and nothing written, for an id the configuration's
/// [[officers]] does not name, a password shorter than minimum_password_length, and with
/// `first` when the officer has a password already.
Outcome set_officer_password(const RegisterOptions& options, const PasswordRequest& request);

/// One configured officer, as `officer list` shows them.
struct OfficerAccount {
    std::string id, name;
    std::vector<std::string> boards;
    bool password_set = false;
    std::string password_changed;  ///< when it was set, "YYYY-MM-DDTHH:MM:SSZ"; "" when none is
    std::int64_t failed_sign_ins = 0;  ///< in a row, since the last success or pause
    /// When the pause after failed sign-ins ends, in the machine's local time ("YYYY-MM-DD HH:MM");
    /// nothing when the account is not paused at the time asked about.
    std::optional<std::string> paused_until;
};
struct OfficerList : Outcome {
    std::vector<OfficerAccount> officers;  ///< the configuration's [[officers]], by name
};
/// Every officer of the configuration with their account as it is at `now`; a password stored for
/// an id the configuration no longer names is a warning (that id cannot sign in).
OfficerList list_officers(const RegisterOptions& options, std::chrono::system_clock::time_point now);

/// What a sign-in came to. `problems` are the register's or the configuration's (the desk logs
/// them and says it cannot sign anyone in now), never the officer's mistake, which is `refusal`.
struct SignInResult : Outcome {
    bool signed_in = false;
    std::string officer, name;          ///< when signed in
    std::vector<std::string> boards;    ///< when signed in: what they may see and write
    /// When refused: "wrong officer id or password" whether the id exists or not, or "paused until
    /// HH:MM" (local time) after SignInPause::after_failures failed sign-ins in a row.
    std::string refusal;
};

/// The desk's sign-in rule. The account must be a configured officer's with a password set, not
/// paused at `now`, and the password must match its hash. A failure counts towards the pause
/// (store/officer_credentials.hpp: five in a row pause it for fifteen minutes); a success ends the
/// row. A paused account is refused without looking at the password. An id with no account costs
/// one Argon2id check against a hash of no password all the same, so that how long the answer
/// takes does not tell which ids exist.
SignInResult sign_in(const RegisterOptions& options, const std::string& officer_id, const std::string& password,
                     std::chrono::system_clock::time_point now);

}  // namespace followup::core
