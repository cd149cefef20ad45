// The lifecycle's records as an officer gives them (a follow-up, a decision, an authorization and
// its changes) and a follow-up's assessment as `assess` shows it: types only. No register here, so
// a front (cli/) builds and reads them through core/app without reaching the store.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "followup/sdk/assessment.hpp"
#include "followup/sdk/plugin.hpp"  // sdk::Evidence
#include "followup/sdk/types.hpp"

namespace followup::core {

/// One follow-up as an officer records it.
struct FollowUpEntry {
    std::string id;
    std::string provider;  ///< organisation number
    std::string unit_id;   ///< empty: the provider as a whole
    std::string area_id;
    std::string form_id;
    sdk::Date done;
    std::string inspector;
    sdk::Trigger trigger = sdk::Trigger::planned;
    std::vector<sdk::Finding> findings;  ///< activity_id may be empty: it is the entry's id
    std::vector<sdk::Evidence> evidence;
    std::vector<sdk::ProcessStep> steps;
};

/// The board's decision on a follow-up, as adopted.
struct DecisionEntry {
    std::string follow_up;
    sdk::Decision decision;  ///< `decided` is required
};

struct AuthorizationEntry {
    std::string provider;  ///< organisation number
    std::string area_id;
    sdk::Date granted{};
    /// The conditions checked for the application: condition id → a level of the board's scale.
    std::vector<std::pair<std::string, std::string>> checked;
};

/// Authorization conditions checked on one day for a provider in an area, outside a follow-up: the
/// yearly check or a check called for by a signal (the condition-timing table's `annually` and
/// `signal`). The checks a grant rests on are its AuthorizationEntry's.
struct ConditionCheckEntry {
    std::string provider;  ///< organisation number
    std::string area_id;
    sdk::Date checked{};
    std::string occasion = "annually";  ///< annually or signal (the condition_checks kind's choices)
    std::string signal;                 ///< occasion signal: the signal's id
    std::string note;                   ///< what the checks rest on
    std::vector<std::pair<std::string, std::string>> grades;  ///< condition id → a level of the board's scale
};

/// How an authorization changes after it is granted.
enum class AuthorizationChange { suspend, resume, end, revoke };

struct AuthorizationChangeEntry {
    std::string provider;
    std::string area_id;
    AuthorizationChange change = AuthorizationChange::end;
    sdk::Date on{};
};

/// A follow-up's stored assessment beside the board's adopted decisions: the board decides, the
/// model proposes, and where they differ the compilation and `assess` say so.
struct ProposalAndDecision {
    std::string follow_up;
    std::string board_id, area_id, provider, provider_name, unit_id;
    std::string model;  ///< plugin and version that assessed it
    sdk::Date assessed;
    sdk::Assessment proposal;
    std::vector<sdk::Decision> adopted;  ///< oldest first
    /// No adopted decision, or none of the proposed kind (a proposal of no action matches none).
    bool differs() const;
};

}  // namespace followup::core
