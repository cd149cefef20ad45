// The authorization lifecycle (seeds 000, 003): an application is decided with the conditions the
// board's condition-timing table puts "at authorization" checked and met; the authorization may
// be suspended; it ends by de-authorization (the provider leaves, a contract ends) or by the
// board's revocation decision on a follow-up (seed 001: "Om det uppstår exempelvis brister i
// verksamheten kan kommunen återkalla auktorisationen"), which write_decision makes in the same
// transaction as the decision. From the day it ends (sdk::in_force) the provider is off the
// area's list: nothing more is planned or due, and its open deficiency cases close with that
// reason (schedule/cases). An end dated in the future leaves all of that until its day.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "lifecycle/entries.hpp"
#include "store/register.hpp"

namespace followup::core {

/// Every reason the application cannot be granted (empty: it can): an unknown provider or area,
/// an authorization already in force, a condition due at authorization not checked or not met.
std::vector<std::string> check_authorization(const MunicipalityConfig& config, const Register& store,
                                             const AuthorizationEntry& entry);
/// Writes the authorization (active from `granted`) and the checks it rests on (condition_checks,
/// occasion authorization, dated the grant's day or today when that is still to come), in one
/// transaction, audited. Call after check_authorization.
void grant_authorization(Register& store, const MunicipalityConfig& config, const AuthorizationEntry& entry,
                         const std::string& actor);

/// Every reason the checks cannot be recorded (empty: they can): each row as every way in checks
/// it (store/record_rules: a condition the area has, on its timing table's occasion, on the
/// board's scale, a signal about this provider), a condition given twice, none given.
std::vector<std::string> check_condition_checks(const MunicipalityConfig& config, const Register& store,
                                                const ConditionCheckEntry& entry);
/// Writes the checks, audited; returns what was recorded, in words, and each condition found not
/// met (which the board must act on: a follow-up, a decision). Call after check_condition_checks.
std::vector<std::string> record_condition_checks(Register& store, const MunicipalityConfig& config, const ConditionCheckEntry& entry,
                                                 const std::string& actor);


/// Every reason the change cannot be made (empty: it can): no authorization in force on the
/// change's day (sdk::in_force; one granted later counts, to be refused as before it was
/// granted), a date before it was granted, resuming one that is not suspended.
std::vector<std::string> check_authorization_change(const Register& store, const AuthorizationChangeEntry& entry);

/// A change worked out before anything is written: the authorization's row as it becomes, and
/// what it does, in words. The caller writes the row in its own transaction: a board's revocation
/// decision and the revocation it makes are one (lifecycle.hpp, write_decision).
struct PreparedAuthorizationChange {
    Row row;
    std::string what;
};
/// Call after check_authorization_change.
PreparedAuthorizationChange prepare_authorization_change(const Register& store, const AuthorizationChangeEntry& entry);
/// Writes the change, audited; returns what it did, in words. A revocation is a board's decision
/// on a follow-up: it is written with its decision by write_decision, not alone.
std::string change_authorization(Register& store, const AuthorizationChangeEntry& entry, const std::string& actor);

}  // namespace followup::core
