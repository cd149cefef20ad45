// The lifecycle of a deficiency, read from the register: a follow-up that finds a deficiency
// opens a case for the unit with the deficient conditions and a due re-check; further deficient
// follow-ups keep it open (each with its decision and deadline). A condition is remedied only by
// a later follow-up that grades the same condition as met and whose form can verify it (a
// visit or a reviewed document: `basis` in [[forms]]); the provider's own statement moves it to
// "to be verified", and a clean follow-up of another condition or of a form that verifies
// nothing changes nothing. A deficiency the board's model found where no finding grades the
// condition (the documents of a targeted supervision) opens a case the same way; it is remedied
// by a later follow-up of the same form whose model finds no deficiency in that condition (the
// same documents looked at again), or by a finding grading the condition as met. A model's
// deficiencies are looked up where its assessment set a re-check window, as a model does
// whenever it finds one (sdk/assessment.hpp): most follow-ups find none. The case is closed only when the closing is recorded with its basis
// (visit or document) and reason.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "schedule/status.hpp"
#include "store/register.hpp"
#include "store/register_snapshot.hpp"

namespace followup::core {


/// A follow-up's worst deficiency: 0 when no grade is one (grades on unknown scales or levels
/// count as none), else the worst level's severity, at least 1.
int worst_severity(const std::vector<sdk::GradeCount>& grades, const ScaleRegistry& scales);

/// Every deficiency case in the register, by area, provider and date opened. `snapshot` answers
/// the reads when given (a snapshot of `store`, during a compilation: what each condition was
/// graded comes from memory, not a query per follow-up); closures are read from `store`.
std::vector<DeficiencyCase> deficiency_cases(const MunicipalityConfig& config, const Register& store,
                                             const RegisterSnapshot* snapshot = nullptr);
/// The same, handed over one by one as each provider's are worked out, none kept: a national
/// register has hundreds of thousands, of which the compilation keeps the counts and the late ones.
void for_each_deficiency_case(const MunicipalityConfig& config, const Register& store, const RegisterSnapshot* snapshot,
                              const std::function<void(DeficiencyCase&&)>& visit);

Status follow_up_status(const MunicipalityConfig& config, const Register& store, sdk::Date at);
/// The same for one provider (every area it is authorized in), reading only its own records:
/// what an officer asks about one unit, answered without reading a whole table.
Status follow_up_status_of(const MunicipalityConfig& config, const Register& store, const sdk::Provider& provider, sdk::Date at);
/// Whether Status::units lists every unit, or is left empty (the compilation reads only the
/// late ones and the risk categories; a national register has hundreds of thousands of units).
enum class UnitsKept { all, overdue_only };
/// The same from cases already found, reading follow-ups from `records`.
Status follow_up_status(const MunicipalityConfig& config, const sdk::RegisterView& records,
                        std::vector<DeficiencyCase> cases, sdk::Date at, UnitsKept kept = UnitsKept::all);
/// The day the provider's authorization ends, for a case closed by that end (which may be dated
/// after today: the case is open until then); nothing for any other case.
std::optional<sdk::Date> closed_with_authorization(const DeficiencyCase& c);
/// Files one case where it belongs in `status` (at status.at): late, awaiting its closing, or
/// neither. A case closed by an end of the authorization after status.at is open at status.at.
void file_case(Status& status, DeficiencyCase&& c);

// The same two, one provider at a time, for a caller that walks the register itself: the
// compilation builds each provider's record once for its own figures, the status and the cases
// (at national scale each walk builds a million follow-ups).

/// deficiency_cases(), provider by provider.
class DeficiencyCaseFinder {
public:
    /// Without a snapshot, the closings and what the models found are read from the store: the
    /// whole tables once (`per_follow_up` false: every provider is asked about), or follow-up by
    /// follow-up as each is met (`per_follow_up`: one provider's, for `status --unit`).
    DeficiencyCaseFinder(const MunicipalityConfig& config, const Register& store, const RegisterSnapshot* snapshot,
                         bool per_follow_up = false);
    /// Each case as it stood at the end of `day`: what was done, decided, closed or ended after it
    /// is not seen (a year's compilation measures at the year's last day). Unset: all of the register.
    void measure_at(sdk::Date day) { as_of_ = day; }
    /// The provider's cases in `area`, handed to `visit` one by one.
    void cases_of(const sdk::Area& area, const sdk::ProviderRecord& record, const std::function<void(DeficiencyCase&&)>& visit);

private:
    std::optional<DeficiencyCase::Closing> closure_of(const sdk::FollowUpOutcome& o) const;
    std::vector<RegisterSnapshot::GradedCondition> graded_conditions(const std::string& activity_id);
    /// What the board's model found deficient in the follow-up, from the snapshot or the rows
    /// read at the start (none when it was never assessed).
    std::vector<sdk::Finding> model_found(const std::string& activity_id) const;
    /// Whether the board's model assessed the follow-up (asked of the store only when it matters).
    bool assessed(const std::string& activity_id) const;
    const MunicipalityConfig& config_;
    const Register& store_;
    const RegisterSnapshot* snapshot_;
    bool per_follow_up_ = false;
    std::optional<sdk::Date> as_of_;
    /// Whether `day` is after the measuring day (never, without one).
    bool after_measuring_day(const sdk::Date& day) const { return as_of_ && *as_of_ < day; }
    std::map<std::string, Row> closures_;  ///< read from the store when there is no snapshot
    /// The same for the models' deficiencies (few: most follow-ups have none), by follow-up.
    std::map<std::string, std::vector<sdk::Finding>, std::less<>> model_found_;
    std::vector<sdk::Finding> stored_;     ///< the last follow-up's findings, read from the store
    std::vector<DeficiencyCase> cases_;
    /// cases_of()'s follow-ups per unit, by unit id; reused, so only the first ones are in use.
    std::vector<std::pair<std::string_view, std::vector<const sdk::FollowUpOutcome*>>> by_unit_;
};

/// follow_up_status(), provider by provider: add() each, then finish() with the cases.
class StatusBuilder {
public:
    StatusBuilder(sdk::Date at, UnitsKept kept);
    void add(const sdk::Area& area, const sdk::ProviderRecord& record);
    /// Takes in what `later` was given, as if add() had been called with it after what this one
    /// was given: a caller may build parts of the register on several threads and absorb them in order.
    void absorb(StatusBuilder&& later);
    /// Status::at is `at`; with `cases` filed (file_case) after the units are ordered.
    Status finish(std::vector<DeficiencyCase> cases);

private:
    Status status_;
    UnitsKept kept_;
    /// add()'s per-unit latest follow-ups, by unit id (reused).
    std::vector<std::pair<std::string_view, std::pair<const sdk::FollowUpOutcome*, const sdk::FollowUpOutcome*>>> latest_;
};

/// Records the closing of the case remedied by `follow_up_id`. Refused, with the reason, when the
/// basis or the reason is missing, the follow-up is not a re-check that found the deficiencies
/// remedied, or the case is already closed, or its row breaks a rule every way in applies
/// (store/record_rules.hpp: a day after `today`, control characters). Returns the message to show.
CloseResult close_case(const MunicipalityConfig& config, Register& store, const std::string& follow_up_id,
                       const std::string& basis, const std::string& reason, sdk::Date on, const std::string& actor,
                       sdk::Date today);

}  // namespace followup::core
