// Helpers the bundled board models share: reading a provider's history from the register, the
// next due date under a schedule rule, and the next step on a sanction ladder. Plain functions
// over the SDK's types, compiled into each plugin (a static library, not a second shared one).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <followup/sdk.hpp>

namespace followup::models {
namespace sdk = followup::sdk;

const sdk::ScheduleRule* rule_for(const sdk::BoardSetup& setup, std::string_view area_id, std::string_view form_id);
const sdk::SanctionLadder* ladder_for(const sdk::BoardSetup& setup, std::string_view area_id);
/// The area's configured ladder, or `fallback` when the configuration names none.
sdk::SanctionLadder ladder_or(const sdk::BoardSetup& setup, const std::string& area_id, std::vector<sdk::DecisionKind> fallback);
/// What LOV areas fall back to: remark, injunction (a demand to put it right), revocation.
inline const std::vector<sdk::DecisionKind> lov_ladder{sdk::DecisionKind::remark, sdk::DecisionKind::injunction,
                                                       sdk::DecisionKind::revocation};

/// A completed follow-up with its worst deficiency and the decisions taken.
struct PastFollowUp {
    sdk::FollowUpActivity activity;
    std::vector<sdk::Decision> decisions;
    int worst_severity = 0;  ///< 0: no deficiency
    bool deficient() const { return worst_severity > 0; }
    /// The re-check window of the follow-up's stored assessment (what its model proposed). Until
    /// the board decides on the deficiency it is the window: plan and assess show the same one.
    std::optional<sdk::Period> recheck{};
};

/// The worst deficiency among a follow-up's grades: 0 for none, else the level's severity (at
/// least 1). Grades on scales the host does not know count as no deficiency and are logged.
int worst_severity(sdk::HostServices& host, const std::string& activity_id, const std::vector<sdk::GradeCount>& grades);

/// A completed follow-up seen where the record keeps it (valid while the record is). A planner
/// that walks a whole area reads these and copies only the follow-ups it hands on (at national
/// scale, copying every provider's history was most of planning).
struct PastInPlace {
    const sdk::FollowUpOutcome* outcome = nullptr;
    int worst_severity = 0;  ///< 0: no deficiency
    bool deficient() const { return worst_severity > 0; }
    const sdk::FollowUpActivity& activity() const { return outcome->activity; }
    PastFollowUp copy() const { return {outcome->activity, outcome->decisions, worst_severity, outcome->recheck}; }
};
/// A provider's (or one unit's) completed follow-ups in the record's area, in the given forms,
/// oldest first (by date done; the record's order on the same day). From a record of
/// RegisterView::for_each_provider: what planning a whole area uses.
std::vector<PastInPlace> history_in_place(sdk::HostServices& host, const sdk::ProviderRecord& record,
                                          const std::vector<std::string>& forms, std::string_view unit_id = {});
/// The last `count` of those, copied, oldest first; only they are judged (next_due reads two).
std::vector<PastFollowUp> recent_history(sdk::HostServices& host, const sdk::ProviderRecord& record,
                                         const std::vector<std::string>& forms, std::string_view unit_id, std::size_t count);
/// The same follow-ups asked of the register for one provider, copied.
std::vector<PastFollowUp> history(sdk::HostServices& host, std::string_view provider, std::string_view area_id,
                                  const std::vector<std::string>& forms, std::string_view unit_id = {});
/// What assessing `record` reads: its provider's follow-ups in its area (of `unit_id`, when
/// given) in the given forms that came before it: done on an earlier day, or on the same day
/// with a smaller id. Never the record itself or one done after it: an assessment is a function
/// of the record and its history, so assessing an old follow-up again once later ones are in the
/// register (a re-import) gives the judgement it had.
std::vector<PastFollowUp> history_before(sdk::HostServices& host, const sdk::FollowUpRecord& record,
                                         const std::vector<std::string>& forms, std::string_view unit_id = {});

/// The last two of `past` that `keep` keeps, oldest first, copied: all that next_due() reads.
template <class Keep>
std::vector<PastFollowUp> last_two(const std::vector<PastInPlace>& past, Keep keep) {
    std::vector<PastFollowUp> out;
    for (auto it = past.rbegin(); it != past.rend() && out.size() < 2; ++it)
        if (keep(*it)) out.insert(out.begin(), it->copy());
    return out;
}

/// When the next follow-up must take place, and why, under the seed's rules (of `past`, only the
/// last two are read): a new provider
/// within its first months; a deficiency re-checked within the rule's window (one to six months
/// in seed 001, the same for a serious one) and after the deadline the provider was given (until
/// the board has decided on it: within the re-check window its model proposed, when stored); a
/// remedied deficiency followed up again on the day `after_remedy_months` after the re-check;
/// otherwise every `interval_months`. No day of a window is a weekend or public holiday.
struct Due {
    sdk::Period window;
    std::string reason;
    bool recheck = false;
    bool first = false;  ///< a new provider's first follow-up
};
Due next_due(const std::vector<PastFollowUp>& past, const sdk::ScheduleRule& rule,
             std::optional<sdk::Date> authorized_since, const sdk::Calendar& calendar);

/// The part of `due` that falls in `year`: nullopt when it opens in a later year; an overdue
/// follow-up is moved to the year's first month and says so. A window that crosses New Year
/// appears in both years' plans, each with its part (the reason names the whole window).
std::optional<Due> due_in_year(Due due, int year, const sdk::Calendar& calendar);

/// The deadline a provider is given to remedy a deficiency found on `done`: half-way through
/// the re-check window, on a working day, so the re-check falls after it and inside the window.
sdk::Date remedy_deadline(const sdk::ScheduleRule& rule, sdk::Date done, const sdk::Calendar& calendar);

/// Refuses an area of the board configured as a valfrihetssystem under LOV where LOV cannot be one:
/// LOV (2008:962) 1 kap. 1 § lets a municipality run such a system for its social services and
/// health care, so not for the school forms, the culture school, labour-market measures or adult
/// education (seed 003: LOV had been mixed into kundval; they differ in "vilka tjänster som kan
/// omfattas"). `services` names the board's services in the message.
void refuse_lov(const sdk::BoardSetup& setup, sdk::ConfigReader& r, const std::string& services);

/// The decision to propose for a deficiency: the ladder's first step for a new case (the first
/// step at least as severe as an injunction, when the deficiency is serious), or the step after
/// the most severe one already taken while the deficiency persisted.
sdk::DecisionKind next_on_ladder(const sdk::SanctionLadder& ladder, const std::vector<PastFollowUp>& past, bool serious);

/// The earliest date an authorization in the record's area began that is in force on `from` or
/// on a later day (not revoked or ended by then: sdk::in_force), if any. A plan for a year asks
/// from its first day: an authorization that ends later in the year still owes the follow-ups
/// whose windows open before its end (the host keeps only those, schedule/planner.hpp).
std::optional<sdk::Date> authorized_since(const sdk::ProviderRecord& record, sdk::Date from);

/// The rule a proposed decision rests on, in the area's law: the Education Act's chapter 26 for
/// preschools, the authorization conditions and the contract for kundval and LOV areas. Empty
/// for no action.
std::string legal_ground(sdk::LegalBasis basis, sdk::DecisionKind kind, bool municipal);

/// What every bundled model adds to its judgement: the legal ground of the proposal (from the
/// area's legal basis) and, when deficiencies were found, the re-check window — from the earliest
/// re-check the area's rule allows to the proposal's deadline (else the next due date).
sdk::Assessment completed(const sdk::BoardSetup& setup, const sdk::Calendar& calendar, const sdk::FollowUpRecord& record,
                          sdk::Assessment assessment);

/// Swedish display text of a decision kind ("anmärkning", "föreläggande").
std::string decision_text(sdk::DecisionKind kind);

/// "2025-03-01".
inline std::string iso(sdk::Date day) { return sdk::format_date(day); }

}  // namespace followup::models
