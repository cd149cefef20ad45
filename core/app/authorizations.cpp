#include "app/authorizations.hpp"

#include <fmt/format.h>

#include "app/session.hpp"
#include "lifecycle/authorization.hpp"
#include "lifecycle/lifecycle.hpp"
#include "store/record_kinds.hpp"

namespace followup::core {

namespace {

/// A revocation is the board's decision on a follow-up, with its date and diary number: recorded
/// as decide() records it (the same checks, the decision and the authorization's end in one
/// transaction), the provider and area named to be sure they are the follow-up's.
void revoke(Session& s, const RegisterOptions& options, const AuthorizationRequest& request, AuthorizationResult& result) {
    const std::string& org = result.provider;
    if (const auto record = follow_up_record(*s.store, request.follow_up)) {
        if (record->activity.provider != org || record->activity.area_id != request.area_id)
            result.problems.push_back(fmt::format("follow-up {} is of provider {} in area {}, not of {} in {}; expected the follow-up the "
                                                  "board's revocation decision is on",
                                                  request.follow_up, record->activity.provider, record->activity.area_id, org,
                                                  request.area_id));
    }
    DecisionEntry entry;
    entry.follow_up = request.follow_up;
    entry.decision.kind = sdk::DecisionKind::revocation;
    entry.decision.decided = request.on;
    entry.decision.reference = request.reference;
    entry.decision.reason = request.reason;
    entry.decision.legal_ground = request.legal_ground;
    if (result.problems.empty()) result.problems = check_decision(s.config, *s.store, entry, today());
    if (!result.problems.empty()) return;
    const auto [change, revoked] = write_decision(*s.store, entry, options.actor);
    result.written = true;
    result.done.push_back(fmt::format("{} the board's decision on {}: revocation ({}, {})",
                                      change == Change::unchanged ? "already recorded:" : "recorded", entry.follow_up,
                                      sdk::format_date(request.on), entry.decision.reference));
    result.done.push_back(revoked.empty() ? fmt::format("the authorization of {} in {} was already revoked on {}", org, request.area_id,
                                                        sdk::format_date(request.on))
                                          : revoked);
    result.done.push_back("note: the provider leaves the area's list from that day: nothing more is planned or due, it is off the "
                          "residents' site, and its open deficiency cases in the area close with the authorization");
}

/// The register, and the provider's organisation number as the register keeps it (in
/// `result.provider`); null with the problem said when either cannot be had.
std::unique_ptr<Session> open_for_provider(const RegisterOptions& options, const std::string& typed, AuthorizationResult& result) {
    auto session = open_session(options, Plugins::none, result);
    if (!session) return session;
    const auto org = canonical_org_number(typed);
    if (!org) {
        result.problems.push_back(fmt::format("--provider \"{}\": expected an organisation number NNNNNN-NNNN", typed));
        return nullptr;
    }
    result.provider = *org;
    return session;
}

}  // namespace

AuthorizationResult record_authorization(const RegisterOptions& options, const AuthorizationRequest& request) {
    AuthorizationResult result;
    auto session = open_for_provider(options, request.provider, result);
    if (!session) return result;
    Session& s = *session;
    const std::string& org = result.provider;
    if (!request.grant && request.change == AuthorizationChange::revoke) {
        revoke(s, options, request, result);
        return result;
    }
    if (request.grant) {
        const AuthorizationEntry entry{org, request.area_id, request.on, request.checked};
        result.problems = check_authorization(s.config, *s.store, entry);
        if (!result.problems.empty()) return result;
        grant_authorization(*s.store, s.config, entry, options.actor);
        result.written = true;
        result.done.push_back(fmt::format("authorized {} in {} from {} ({} condition(s) checked at authorization, kept in the register: "
                                          "`followup export condition_checks`)",
                                          org, request.area_id,
                                          sdk::format_date(request.on), entry.checked.size()));
        return result;
    }
    const AuthorizationChangeEntry entry{org, request.area_id, request.change, request.on};
    result.problems = check_authorization_change(*s.store, entry);
    if (!result.problems.empty()) return result;
    result.done.push_back(change_authorization(*s.store, entry, options.actor));
    result.written = true;
    if (request.change == AuthorizationChange::end)
        result.done.push_back(
            "note: the provider leaves the area's list on that day (until then it stays in the plan, on the residents' "
            "site and in status): nothing more is planned or due after it, and its open deficiency cases in the area "
            "close with the authorization");
    return result;
}

AuthorizationResult record_condition_check(const RegisterOptions& options, const ConditionCheckRequest& request) {
    AuthorizationResult result;
    auto session = open_for_provider(options, request.provider, result);
    if (!session) return result;
    Session& s = *session;
    const std::string& org = result.provider;
    const ConditionCheckEntry entry{org, request.area_id, request.on, request.signal.empty() ? "annually" : "signal", request.signal,
                                    request.note, request.checked};
    result.problems = check_condition_checks(s.config, *s.store, entry);
    if (!result.problems.empty()) return result;
    result.done = record_condition_checks(*s.store, s.config, entry, options.actor);
    result.written = true;
    return result;
}

}  // namespace followup::core
