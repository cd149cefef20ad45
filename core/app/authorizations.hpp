// A provider's authorization in an area: grant it, suspend, resume, end or revoke it. A
// revocation is the board's decision on a follow-up and is recorded as `decide` records one (the
// same checks; the decision and the authorization's end in one transaction).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app/register_options.hpp"
#include "lifecycle/entries.hpp"

namespace followup::core {

struct AuthorizationRequest {
    AuthorizationChange change = AuthorizationChange::end;
    bool grant = false;       ///< a new authorization (then `change` is not read)
    std::string provider;     ///< an organisation number as typed
    std::string area_id;
    sdk::Date on{};           ///< granted, suspended, resumed, ended or decided on this day
    std::vector<std::pair<std::string, std::string>> checked;  ///< grant: condition → level
    /// revoke: the board's decision, on the follow-up whose deficiencies it rests on.
    std::string follow_up, reference, reason, legal_ground;
};

struct AuthorizationResult : Outcome {
    bool written = false;
    std::string provider;  ///< the organisation number as the register keeps it
};
AuthorizationResult record_authorization(const RegisterOptions& options, const AuthorizationRequest& request);

/// The yearly check of an authorized provider's conditions, or the check a signal calls for
/// (`followup authorization check`): each condition graded on the board's scale, kept in the
/// register (condition_checks) with what it rests on.
struct ConditionCheckRequest {
    std::string provider;  ///< an organisation number as typed
    std::string area_id;
    sdk::Date on{};
    std::string signal;  ///< the signal that called for the check; empty: the yearly check
    std::string note;
    std::vector<std::pair<std::string, std::string>> checked;  ///< condition → level
};
AuthorizationResult record_condition_check(const RegisterOptions& options, const ConditionCheckRequest& request);

}  // namespace followup::core
