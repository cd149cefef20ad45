// The officer's work on follow-ups: record one (its board's model assesses it), show or ask again
// for the models' assessments, record the board's decision. Each function opens the register,
// applies the rules every way in applies (store/record_rules.hpp) and gives back what it did; a
// front (the command line, a later server) parses, calls and shows.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/register_options.hpp"
#include "lifecycle/entries.hpp"

namespace followup::core {

/// The configuration's words for what an assessment names by id: each condition's text, each
/// grade's Swedish label ("SCALE|LEVEL" → label). What an officer reads instead of ids.
struct AssessmentWords {
    std::map<std::string, std::string> conditions;
    std::map<std::string, std::string> grades;
    std::map<std::string, std::string> units;           ///< unit id → name
    std::map<std::string, std::string> areas;           ///< area id → name
    std::map<std::string, std::string> boards;          ///< board id → name
    std::map<std::string, std::string> decision_kinds;  ///< "injunction_with_fine" → "Föreläggande med vite", in the configuration's language
};

/// What the models' assessments came to, for each follow-up asked about.
struct Assessed {
    std::size_t asked = 0;
    std::size_t changed = 0;    ///< stored anew or changed
    std::size_t unchanged = 0;
    std::vector<std::string> problems;       ///< one per follow-up that could not be assessed, and why
    std::vector<ProposalAndDecision> shown;  ///< each assessed one as stored, beside the board's decisions
    AssessmentWords words;                   ///< for what `shown` names by id
};

struct RecordRequest {
    /// entry.id empty: the planned follow-up of this unit and form nearest `done`, else a new id
    /// from the day, form, area, provider and unit. A finding whose grade names no scale is
    /// graded on `scale`, else on the board's scale.
    FollowUpEntry entry;
    std::string scale;
    bool replace = false;  ///< replace a follow-up already recorded under the id
};

struct RecordResult : Outcome {
    bool written = false;   ///< the follow-up is on record (whatever its model did)
    FollowUpEntry recorded; ///< as written: its id, its findings with their scale
    Assessed assessed;      ///< the model's assessment, or why there is none
};
RecordResult record_follow_up(const RegisterOptions& options, RecordRequest request);

/// Asks the models again: one follow-up (`follow_up`), or every done follow-up (of `board`, when
/// given), and stores what they say.
struct AssessAgainRequest {
    std::optional<std::string> follow_up;
    std::optional<std::string> board;
};
struct AssessAgainResult : Outcome {
    Assessed assessed;
};
AssessAgainResult assess_again(const RegisterOptions& options, const AssessAgainRequest& request);

/// The stored assessments of a follow-up, or of a unit's or a provider's done follow-ups (newest
/// first); a follow-up without one is listed with nothing beside it.
struct AssessmentsShown : Outcome {
    struct Item {
        std::string follow_up;
        std::optional<ProposalAndDecision> assessment;
    };
    std::vector<Item> items;
    bool one_follow_up = false;  ///< `what` named a follow-up (not a unit or a provider)
    AssessmentWords words;       ///< for what the items name by id
};
AssessmentsShown show_assessments(const RegisterOptions& options, const std::string& what);

struct DecideRequest {
    /// decision.kind is taken from `kind`, checked in the import's words for the decisions' kind column.
    DecisionEntry entry;
    std::string kind;
    bool replace = false;  ///< replace the board's decision of this kind already recorded
};
struct DecideResult : Outcome {
    bool written = false;
    bool already_recorded = false;      ///< the same decision was on record: nothing changed
    std::string authorization;          ///< what a revocation did to the authorization, in words
    std::optional<ProposalAndDecision> assessment;  ///< the model's proposal beside the board's decisions
};
DecideResult decide(const RegisterOptions& options, DecideRequest request);

}  // namespace followup::core
