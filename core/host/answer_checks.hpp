// What a plugin answers, checked at the host's boundary before anything of it is used or stored:
// every choice among its values, every date within the years the register keeps, every window in
// order, every text and list within a size. One place for both ways of calling a model (in a
// child, and in-process with --trust-plugins): LoadedPlugin checks each answer as it returns it.
//
// A bad answer fails its call as a crash does: a plugin that says a decision is of kind 42, a
// unit is next due in year -30000, a re-check ends before it begins or an explanation is 5 MB
// long would otherwise have it stored, shown and exported — and an export that cannot be
// imported again.
#pragma once

#include <cstddef>
#include <vector>

#include "followup/sdk/plugin.hpp"

namespace followup::core {

class ScaleRegistry;

/// The limits, and why each is what it is.
namespace answer_limits {
/// The first and last year of any date in an answer: the register's own range (a follow-up from
/// before 1990 or due after 2100 is a plugin's arithmetic gone wrong, not a plan).
inline constexpr int first_year = 1990;
inline constexpr int last_year = 2100;
/// An id, a key, a level, a category (one word): 256 bytes, the longest file name a file system
/// takes, far above any id the register holds.
inline constexpr std::size_t word_bytes = 256;
/// A text kept in one column of the register (an explanation, a reason, a finding's text, a
/// legal ground): 16 KiB, a quarter of what `import` reads in one CSV field (64 KiB, io/csv.hpp),
/// so that whatever is exported imports again, quoting and all. The bundled models' longest
/// explanation in the README's example is under 1 KiB.
inline constexpr std::size_t text_bytes = 16 * 1024;
/// A paragraph of a compilation section: 64 KiB (a page of text is 3 KiB).
inline constexpr std::size_t paragraph_bytes = 64 * 1024;
/// A whole compilation section, all its texts and cells together: 64 MiB (a national board's
/// section with its tables is a few MiB).
inline constexpr std::size_t section_bytes = 64 * 1024 * 1024;
/// Lists: the steps a follow-up misses, the deficiencies of one follow-up (one per condition at
/// most), a model's boards, areas, forms and scales, a requirement's evidence, a configuration's
/// issues, a section's paragraphs, tables and a table's rows, and a year's plan (a million:
/// several follow-ups a year for each of the national example's 128,180 providers).
inline constexpr std::size_t steps = 100;
inline constexpr std::size_t deficiencies = 10'000;
inline constexpr std::size_t declarations = 1'000;
inline constexpr std::size_t issues = 10'000;
inline constexpr std::size_t paragraphs = 10'000;
inline constexpr std::size_t tables = 1'000;
inline constexpr std::size_t rows = 1'000'000;
inline constexpr std::size_t planned = 1'000'000;
}  // namespace answer_limits

/// Each throws std::runtime_error for the first rule the answer breaks, naming the field (as a
/// path: "plan[3].window", "deficiencies[0].grade.level_id"), with what identifies the item (the
/// provider and unit of a planned follow-up), what was found and what was expected.
void check_answer(const sdk::ModelDescription& answer);
void check_answer(const std::vector<sdk::ConfigIssue>& answer);
void check_answer(const std::vector<sdk::PlannedFollowUp>& answer);
/// `scales`, when given: each deficiency's grade must be a level of a scale it holds.
void check_answer(const sdk::Assessment& answer, const ScaleRegistry* scales);
void check_answer(const sdk::BoardSection& answer);
void check_answer(const std::vector<sdk::RequirementClaim>& answer);

}  // namespace followup::core
