// The answers of a board model's calls, as bytes: how an isolated call (isolation.hpp) brings
// what the model said from the child process that ran it back to the host; and the other way,
// a call's arguments, which the host sends to a plugin's long-lived child (ServingChild), and
// the register's answers to what that child asks (remote_register.hpp).
//
// Private to the host: both ends are the same binary at the same moment (the child is a fork of
// the parent), so the format needs no version, only to be exact and cheap. Strings are
// length-prefixed, so any byte (a NUL in a plugin's text included) survives unchanged.
#pragma once

#include <string>
#include <vector>

#include "followup/sdk/plugin.hpp"

namespace followup::core::wire {

std::string encode(const sdk::ModelDescription& value);
std::string encode(const std::vector<sdk::ConfigIssue>& value);
std::string encode(const std::vector<sdk::PlannedFollowUp>& value);
std::string encode(const sdk::Assessment& value);
std::string encode(const sdk::BoardSection& value);
std::string encode(const std::vector<sdk::RequirementClaim>& value);
std::string encode(const sdk::FollowUpRecord& value);
std::string encode(const sdk::PlanRequest& value);
std::string encode(const sdk::SectionRequest& value);

/// Each throws std::runtime_error when `bytes` is not exactly one encoded value of its type
/// (a child that died half-way through writing its answer).
sdk::ModelDescription decode_description(const std::string& bytes);
std::vector<sdk::ConfigIssue> decode_issues(const std::string& bytes);
std::vector<sdk::PlannedFollowUp> decode_plan(const std::string& bytes);
sdk::Assessment decode_assessment(const std::string& bytes);
sdk::BoardSection decode_section(const std::string& bytes);
std::vector<sdk::RequirementClaim> decode_claims(const std::string& bytes);
sdk::FollowUpRecord decode_follow_up_record(const std::string& bytes);
sdk::PlanRequest decode_plan_request(const std::string& bytes);
sdk::SectionRequest decode_section_request(const std::string& bytes);

/// Any of the register's answers (a vector of providers, of follow-ups, an optional closure, a
/// provider's record, ...) and a list of words: instantiated in plugin_wire.cpp for the types
/// remote_register.cpp sends. The decoder throws as those above do.
template <typename T>
std::string encode_value(const T& value);
template <typename T>
T decode_value(const std::string& bytes);

}  // namespace followup::core::wire
