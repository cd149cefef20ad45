// The domain's value types that cross the plugin boundary. Plain data: copyable, no behaviour a
// plugin must know about beyond the small helpers declared at the end.
//
// Within a major version no struct here changes its size or layout: a plugin built for 3.0
// passes, returns and iterates them as they are, and a host of 3.5 must too (a member added to
// a struct a plugin returns, or reads in a list, would move every byte after it). New data
// reaches a plugin through an extension looked up by id (version.hpp). Build these structs
// member by member or with designated initialisers, not by position: every member added in a
// major version has a `{}` default, so code written that way compiles against the next major.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "followup/sdk/version.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

/// A calendar day. std::chrono's type, so plugins need not learn ours; `Calendar` (host.hpp)
/// does the arithmetic that std::chrono leaves to the caller (31 Jan + 1 month).
using Date = std::chrono::year_month_day;

/// An inclusive span of days: a year, a tertial, a quarter, a month or a re-check window.
struct Period {
    Date first{};
    Date last{};
    bool contains(Date day) const noexcept;
    friend bool operator==(const Period&, const Period&) = default;
};

/// Who owns a provider. Competitive neutrality is judged across these three.
enum class Ownership { private_company, non_profit, municipal };

/// The law a customer-choice area stands on; it decides which sanctions exist.
enum class LegalBasis { lov, education_act, lss, sol, local_regulation };

/// A board (nämnd) of the municipality.
struct Board {
    std::string id;    ///< e.g. "utbildning"
    std::string name;  ///< e.g. "Utbildningsnämnden"
};

/// A customer-choice area (kundvalsområde), run by one board.
struct Area {
    std::string id;
    std::string name;
    std::string board_id;
    LegalBasis legal_basis = LegalBasis::lov;
};

/// A provider (anordnare, utförare, huvudman), identified by its Swedish organisation number.
struct Provider {
    std::string org_number;  ///< "NNNNNN-NNNN"
    std::string name;
    Ownership ownership = Ownership::private_company;
};

/// A unit of a provider where the service is given (a preschool, a home-care team, a
/// culture-school site). Units are what is visited, graded and published; the provider is what
/// is authorized and sanctioned. A municipality's own units are units of the municipal provider.
/// @since 0.1; `area_id` and `registered_persons` @since 3.0
struct Unit {
    std::string id;
    std::string provider;  ///< the provider's organisation number
    std::string name;
    std::string address;
    std::string area_id{};  ///< the area the unit serves; empty when not known
    /// Pedagogical care in a home: how many people are registered (folkbokförda) at the address,
    /// each of whom must show a criminal-record extract; empty when not known.
    std::optional<int> registered_persons{};
};

enum class AuthorizationStatus { active, suspended, revoked };

/// A provider's authorization (auktorisation, godkännande) in one area.
struct Authorization {
    std::string provider;
    std::string area_id;
    AuthorizationStatus status = AuthorizationStatus::active;
    Date granted{};
    std::optional<Date> ended;
};

/// Whether the authorization has no end recorded: neither revoked nor ended (de-authorized), on
/// whatever day. An end or a revocation may be dated in the future: what is due, planned, listed
/// or late on a day is decided by in_force(a, day) below. @since 3.0
inline bool in_force(const Authorization& a) noexcept { return a.status != AuthorizationStatus::revoked && !a.ended; }

/// Whether the authorization is in force on `day`: granted on or before it, and not ended
/// (de-authorized) or revoked on or before it. An end or a revocation takes effect on its date,
/// so a unit whose authorization ends on 2026-12-31 is a provider residents can choose, and
/// owes its follow-ups, up to 2026-12-30. A revocation recorded without a date has no day left
/// in force. A suspended authorization is in force (the provider stays authorized). The one
/// rule the host's plan, status, cases and residents' pages and the bundled models share. @since 3.0
inline bool in_force(const Authorization& a, Date day) noexcept {
    if (day < a.granted) return false;
    if (a.ended) return day < *a.ended;
    return a.status != AuthorizationStatus::revoked;
}

/// When an authorization condition is checked.
enum class CheckPoint { at_authorization, at_supervision, annually, on_signal };

/// An authorization condition: general (area_id empty) or specific to one area.
struct AuthorizationCondition {
    std::string id;
    std::string text;
    std::string area_id;
    std::vector<CheckPoint> checked;
    std::string evidence;  ///< what the provider must show, e.g. "registerutdrag"
};

/// A form of follow-up a board uses: supervision (tillsyn), insyn, quality review, ...
struct FollowUpForm {
    std::string id;
    std::string name;
    bool may_sanction = false;  ///< false for insyn and dialogues: deficiencies are pointed out only
    std::string description;
    bool visit = true;          ///< takes an inspector's time (a visit, a review, a dialogue), not only the provider's
    /// An unannounced visit: its date never leaves the register except in the inspector's own
    /// export (not in shared calendars, published pages or open data). @since 3.0
    bool unannounced = false;
};

enum class Trigger { planned, signal };
enum class ActivityStatus { planned, done, cancelled };

/// One follow-up of one provider (or unit) in one area.
struct FollowUpActivity {
    std::string id;
    std::string form_id;
    std::string area_id;
    std::string provider;
    std::string unit_id;  ///< empty when the whole provider is followed up
    Period planned;
    std::optional<Date> done;
    ActivityStatus status = ActivityStatus::planned;
    std::string inspector;
    Trigger trigger = Trigger::planned;
};

/// A level on a grading scale, named by the scale's id and the level's id.
struct Grade {
    std::string scale_id;
    std::string level_id;
    friend bool operator==(const Grade&, const Grade&) = default;
};

/// What a follow-up found for one authorization condition.
struct Finding {
    std::string activity_id;
    std::string condition_id;
    Grade grade;
    std::string text;
    std::string basis;  ///< the evidence the grade rests on: visit, document, statement
};

/// Decisions, from the mildest. `pointed_out` is what insyn gives a municipal unit instead of a
/// sanction.
enum class DecisionKind { no_action, pointed_out, remark, injunction, injunction_with_fine, revocation };

/// A decision on a follow-up: proposed by a model (Assessment::proposed, `decided` empty) or
/// adopted by the board (`decided` and `reference` set). Decisions are against the provider.
/// @since 0.1; `decided`, `reference` and `legal_ground` @since 3.0
struct Decision {
    DecisionKind kind = DecisionKind::no_action;
    /// "allvarligt missförhållande" (Education Act, 2022): the board's judgement in the decision,
    /// not a consequence of the grade.
    bool serious_maladministration = false;
    std::optional<Date> deadline;            ///< for injunctions: when the deficiency must be remedied
    std::string reason;
    std::optional<Date> decided{};           ///< when the board adopted it; empty for a proposal
    std::string reference{};                 ///< the board's reference (diarienummer), e.g. "UBN 2025/123"
    std::string legal_ground{};              ///< the rule it rests on, e.g. "skollagen 26 kap. 10 §"
};

/// A signal about a provider: a complaint, an incident report, a tip. It may trigger a review.
enum class SignalKind { complaint, incident, tip };

/// @since 0.1; `unit_id`, `substantiated` and `outcome` @since 3.0
struct Signal {
    std::string id;
    std::string provider;
    std::string area_id;
    SignalKind kind = SignalKind::complaint;
    Date received{};
    std::string summary;  ///< never personal data
    std::string unit_id{};  ///< the unit concerned; empty for the provider as a whole
    std::optional<bool> substantiated{};  ///< after investigation: true, false, or not yet known
    std::string outcome{};  ///< what came of it ("kvalitetsgranskning", "ingen åtgärd")
};

/// When and how often an area's providers are followed up in one form (from the board's
/// configuration; see docs/configuration.md).
struct ScheduleRule {
    std::string area_id;
    std::string form_id;
    int interval_months = 24;         ///< between follow-ups while compliant
    int recheck_min_months = 1;       ///< re-check window after a deficiency: earliest ...
    int recheck_max_months = 6;       ///< ... and latest
    int after_remedy_months = 12;     ///< next follow-up after a remedied deficiency, from the re-check
    int first_follow_up_months = 12;  ///< a newly authorized provider's first follow-up, at the latest
    std::optional<int> signal_days;   ///< a review triggered by a signal, within this many days
};

/// The decisions available in an area, mildest first (e.g. remark, injunction,
/// injunction_with_fine, revocation).
struct SanctionLadder {
    std::string area_id;
    std::vector<DecisionKind> steps;
};

/// How many of a follow-up's findings got one grade.
struct GradeCount {
    Grade grade;
    int count = 0;
};

/// A step of a follow-up's process that was done, e.g. "documented", "reported_to_board",
/// "communicated_to_provider", "report_received", "report_reviewed".
struct ProcessStep {
    std::string step;
    Date done{};
};

/// The closing of a deficiency case, recorded on the follow-up that found it remedied. A case is
/// closed on a basis ("visit", "document", "statement") with a reason. @since 3.0
struct Closure {
    Date closed{};
    std::string basis;
    std::string reason;
};

/// A follow-up with what came of it: the grades its findings got, the decisions the board took
/// on it, and what its board's model said of it when it was assessed.
/// @since 0.2; `next_due`, `recheck`, `risk_category`, `risk_reason` and `closure` @since 3.0
struct FollowUpOutcome {
    FollowUpActivity activity;
    std::vector<GradeCount> grades;   ///< by scale id, then level id; empty until findings are recorded
    std::vector<Decision> decisions;  ///< adopted by the board, oldest first
    std::optional<Date> next_due{};   ///< the stored assessment's next due date, if assessed
    std::optional<Period> recheck{};  ///< the stored assessment's re-check window, if it found deficiencies
    std::string risk_category{};      ///< the stored assessment's risk category, if the model gives one
    std::string risk_reason{};        ///< ... and why
    std::optional<Closure> closure{}; ///< when this follow-up closed a deficiency case
};

/// One provider as the register knows it in one area: what `RegisterView::for_each_provider`
/// hands a plugin, so that planning or reporting on a whole area is one pass, not a query per
/// provider and per follow-up.
/// @since 0.2 (ABI 2)
/// @since 0.2; `units` @since 3.0
struct ProviderRecord {
    Provider provider;
    std::vector<Authorization> authorizations;  ///< in the area, oldest first
    std::vector<FollowUpOutcome> follow_ups;    ///< in the area, as RegisterView::follow_ups orders them
    std::vector<Signal> signals;                ///< about the provider in the area, oldest first
    /// The provider's units in every area, by id: a plan for the area keeps those whose
    /// area_id is the area (or unknown). The municipality is one provider whose units run
    /// preschools, home care and a culture school alike.
    std::vector<Unit> units{};
};

/// A value of a key figure (survey result, statistic, decided or delivered hours).
struct IndicatorValue {
    std::string key_figure;
    std::string provider;
    std::string unit_id;  ///< empty for a provider-level value
    Period period;
    double value = 0.0;
    std::optional<int> answers;  ///< the number of answers or cases behind the value, if any
};

// Stable text names, used in manifests, configuration, logs and exports. The *_from_string
// functions return std::nullopt for anything else, so callers can report what they found.
std::string_view to_string(Ownership) noexcept;
std::string_view to_string(LegalBasis) noexcept;
std::string_view to_string(AuthorizationStatus) noexcept;
std::string_view to_string(CheckPoint) noexcept;
std::string_view to_string(DecisionKind) noexcept;
std::string_view to_string(SignalKind) noexcept;
std::string_view to_string(Trigger) noexcept;
std::string_view to_string(ActivityStatus) noexcept;
std::optional<Ownership> ownership_from_string(std::string_view) noexcept;
std::optional<LegalBasis> legal_basis_from_string(std::string_view) noexcept;
std::optional<DecisionKind> decision_kind_from_string(std::string_view) noexcept;
std::optional<CheckPoint> check_point_from_string(std::string_view) noexcept;
std::optional<SignalKind> signal_kind_from_string(std::string_view) noexcept;

/// ISO 8601 "YYYY-MM-DD"; parse_date returns std::nullopt for anything else or an impossible day.
std::string format_date(Date);
std::optional<Date> parse_date(std::string_view) noexcept;

FOLLOWUP_SDK_END_NAMESPACE
