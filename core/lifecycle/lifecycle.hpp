// The follow-up lifecycle as the board's model governs it: a follow-up is recorded (with its
// findings, the documents shown and the process steps done), the board's model assesses it, and
// the assessment is stored beside it; the board then adopts its own decision, which may differ
// from the model's proposal. Deadlines, re-check windows and risk categories that `status`, the
// case list and the compilation show come from these stored assessments.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "lifecycle/entries.hpp"
#include "host/board_models.hpp"
#include "store/register.hpp"
#include "store/register_view_relay.hpp"

namespace followup::core {


/// The rows an entry writes. A planned follow-up with the same id becomes done (its planned
/// window, inspector and trigger are kept).
struct FollowUpRows {
    Row follow_up;
    std::vector<Row> findings, evidence, steps;
};
FollowUpRows follow_up_rows(const Register& store, const FollowUpEntry& entry);

/// Every problem with the entry. Each row it writes passes the rules every way in applies
/// (store/record_rules.hpp: the same words as `followup import`: a date after `today` or outside
/// 1990-2100, a provider, unit or inspector the register or configuration does not have, a unit
/// of another provider, a form of another board, a grade not on the board's scale, control
/// characters); then what only a recorded follow-up must meet: the provider authorized in the
/// area, an independent inspector, and a follow-up already recorded under the id replaced only
/// when `replace` is set (and then with every finding, document and step given again). Empty
/// when it can be recorded.
std::vector<std::string> check_follow_up(const MunicipalityConfig& config, const Register& store, const FollowUpEntry& entry,
                                         sdk::Date today, bool replace = false);
/// The same, with the rows the entry writes as the checks left them (each value canonical, as the
/// register stores it): what record_follow_up writes when there is no problem.
struct CheckedFollowUp {
    std::vector<std::string> problems;
    FollowUpRows rows;
};
CheckedFollowUp checked_follow_up(const MunicipalityConfig& config, const Register& store, const FollowUpEntry& entry,
                                  sdk::Date today, bool replace = false);

/// Writes the follow-up, its findings, evidence and steps in one transaction, unassessed (the
/// demo and tests; an officer's record goes through record_follow_up).
void write_follow_up(Register& store, const FollowUpEntry& entry, const std::string& actor);

struct AssessOutcome {
    std::string follow_up;
    std::string board_id;
    std::optional<sdk::Assessment> assessment;  ///< empty when it could not be assessed
    std::string problem;                        ///< why not
    Change change = Change::unchanged;          ///< what storing it did
};

struct RecordOutcome {
    std::vector<std::string> problems;  ///< why nothing was written
    bool written = false;
    AssessOutcome assessment;           ///< the model's, or why there is none (the follow-up is written all the same)
};

/// Records a follow-up as an officer does: checks it (check_follow_up), asks its board's model
/// with the register as it will be (the model reads through `plugin_view`, relayed for the call),
/// and writes the follow-up, its findings, documents, steps and assessment in ONE transaction, so
/// that a crash leaves all or nothing. A model that fails loses nothing: the follow-up is written
/// without an assessment and the outcome says why (`followup assess ID --again`).
RecordOutcome record_follow_up(const MunicipalityConfig& config, Register& store, RegisterViewRelay& plugin_view,
                               const BoardModels& models, const FollowUpEntry& entry, const std::string& actor, sdk::Date today,
                               bool replace);

/// A recorded follow-up as its board's model sees it, read from the register; nothing when there
/// is no follow-up with that id.
std::optional<sdk::FollowUpRecord> follow_up_record(const Register& store, const std::string& follow_up_id);


/// Asks the board's model of each follow-up (it must be done) for its assessment and stores the
/// results in one transaction (an unchanged assessment is not rewritten, so not audited). A
/// follow-up whose board has no usable model, or whose model throws, is reported and skipped.
std::vector<AssessOutcome> assess_and_store(const MunicipalityConfig& config, Register& store, const BoardModels& models,
                                            const std::vector<std::string>& follow_up_ids, const std::string& actor,
                                            sdk::Date today);

/// The signals a follow-up triggered by a signal answers, each with what came of it written in
/// (substantiated when the follow-up found deficiencies; the outcome names the form, the
/// follow-up and its date, and the deficiencies and proposal). A follow-up answers every signal
/// about its provider in its area received on or before the day it was done and after the
/// signal-triggered follow-up before it (by day done, then id) was done: each signal is answered
/// by the first review after it. The rule reads only the register's follow-ups and signals, never
/// what was answered before, so assessing in any order, or again, answers the same signals the
/// same way (seed 001: "kvalitetsgranskning, planerade eller påkallade"). Empty for a follow-up
/// not triggered by a signal. `demo generate` answers its signals by this rule too.
std::vector<sdk::Signal> signals_answered(const sdk::RegisterView& view, const sdk::FollowUpRecord& record,
                                          const sdk::Assessment& assessment);

/// The done follow-ups of a board's areas (every board when `board_id` is empty), by id.
std::vector<std::string> done_follow_ups(const MunicipalityConfig& config, const Register& store, const std::string& board_id);


/// Every problem with the decision: no such follow-up, not done, a sanction on a municipal unit
/// (insyn gives none), a kind outside the area's sanction ladder, no date. Empty when it can be
/// recorded.
/// Also the rules every way in applies to the decision's row (store/record_rules.hpp, the words of
/// `followup import`), and a decision of the same kind already recorded otherwise is replaced
/// only when `replace` is set. A revocation also passes check_revocation.
std::vector<std::string> check_decision(const MunicipalityConfig& config, const Register& store, const DecisionEntry& entry,
                                        sdk::Date today, bool replace = false);
/// The decision's row as the register stores it.
Row decision_row(const DecisionEntry& entry);

/// What a revocation decision needs beyond check_decision (nothing for another kind): the board's
/// reference (diarienummer), and an authorization of the follow-up's provider in the follow-up's
/// area in force on the decision's day, which it ends (or one this decision already revoked on
/// that day: recording the same decision again). Empty when it can be recorded.
std::vector<std::string> check_revocation(const Register& store, const DecisionEntry& entry);

struct DecisionWritten {
    Change change = Change::unchanged;  ///< what storing the decision did
    /// What a revocation did to the authorization, in words ("revoked the authorization of … on
    /// …"); empty for another kind, or when this decision had already revoked it.
    std::string authorization;
};
/// Writes the decision, audited. A revocation also revokes the authorization of the follow-up's
/// provider in its area from the decision's day (status revoked, ended that day), in the same
/// transaction: a board's revocation decision is what ends the authorization, so the two are
/// never apart. Call after check_decision.
DecisionWritten write_decision(Register& store, const DecisionEntry& entry, const std::string& actor);


/// For one follow-up; nothing when it has no stored assessment.
std::optional<ProposalAndDecision> proposal_and_decision(const Register& store, const std::string& follow_up_id);

/// The done follow-ups of a unit (or of a provider as a whole, when `unit_id` names a provider
/// by organisation number), newest first: what `followup assess UNIT` lists.
std::vector<std::string> follow_ups_of_unit(const MunicipalityConfig& config, const Register& store, const std::string& unit_id);

}  // namespace followup::core
