// The answers of a board model's calls, as bytes: how an isolated call (isolation.hpp) brings
// what the model said from the child process that ran it back to the host.
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

/// Each throws std::runtime_error when `bytes` is not exactly one encoded value of its type
/// (a child that died half-way through writing its answer).
sdk::ModelDescription decode_description(const std::string& bytes);
std::vector<sdk::ConfigIssue> decode_issues(const std::string& bytes);
std::vector<sdk::PlannedFollowUp> decode_plan(const std::string& bytes);
sdk::Assessment decode_assessment(const std::string& bytes);
sdk::BoardSection decode_section(const std::string& bytes);
std::vector<sdk::RequirementClaim> decode_claims(const std::string& bytes);

}  // namespace followup::core::wire
