// The authorization lifecycle (seeds 000, 003): an application is decided with the conditions the
// board's condition-timing table puts "at authorization" checked and met; the authorization may
// be suspended; it ends by de-authorization (the provider leaves, a contract ends) or revocation.
// An ended authorization takes the provider off the area's list (nothing more is planned or
// due), and its open deficiency cases close with that reason (schedule/cases).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "store/register.hpp"

namespace followup::core {

struct AuthorizationEntry {
    std::string provider;  ///< organisation number
    std::string area_id;
    sdk::Date granted{};
    /// The conditions checked for the application: condition id → a level of the board's scale.
    std::vector<std::pair<std::string, std::string>> checked;
};

/// Every reason the application cannot be granted (empty: it can): an unknown provider or area,
/// an authorization already in force, a condition due at authorization not checked or not met.
std::vector<std::string> check_authorization(const MunicipalityConfig& config, const Register& store,
                                             const AuthorizationEntry& entry);
/// Writes the authorization (active from `granted`), audited. Call after check_authorization.
void grant_authorization(Register& store, const AuthorizationEntry& entry, const std::string& actor);

/// How an authorization changes after it is granted.
enum class AuthorizationChange { suspend, resume, end, revoke };

struct AuthorizationChangeEntry {
    std::string provider;
    std::string area_id;
    AuthorizationChange change = AuthorizationChange::end;
    sdk::Date on{};
};

/// Every reason the change cannot be made (empty: it can): no authorization in force, a date
/// before it was granted, resuming one that is not suspended.
std::vector<std::string> check_authorization_change(const Register& store, const AuthorizationChangeEntry& entry);
/// Writes the change, audited; returns what it did, in words.
std::string change_authorization(Register& store, const AuthorizationChangeEntry& entry, const std::string& actor);

}  // namespace followup::core
