// How a command shows what a piece of work (core/app) came to: what it did on standard output,
// every problem on standard error, escaped (a value typed on the command line may hold a
// terminal escape), then the problems' summary.
#pragma once

#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "app/register_options.hpp"
#include "cli/exit_codes.hpp"

namespace followup::core {

inline void print_problems(const std::vector<std::string>& problems) {
    for (const auto& p : problems) std::cerr << "error: " << escaped_for_terminal(p) << "\n";
}

/// A command that writes refuses: the problems, their count, and that nothing was written.
inline int refuse(const std::vector<std::string>& problems) {
    print_problems(problems);
    std::cerr << fmt::format("{} problem(s); nothing was recorded\n", problems.size());
    return exit_problem;
}

/// What the work did, its warnings, and its problems with their summary; exit_problem when it
/// had any.
inline int show(const Outcome& outcome) {
    for (const auto& line : outcome.done) std::cout << line << "\n";
    for (const auto& w : outcome.warnings) std::cerr << "warning: " << escaped_for_terminal(w) << "\n";
    print_problems(outcome.problems);
    if (!outcome.summary.empty()) std::cerr << outcome.summary << "\n";
    return outcome.ok() ? exit_ok : exit_problem;
}

/// A command that writes and did not: what opening the register said, then the problems — with
/// their summary when the register could not be opened (a configuration with errors), else as a
/// refusal (their count, and that nothing was written).
inline int refuse_unwritten(const Outcome& outcome) {
    for (const auto& line : outcome.done) std::cout << line << "\n";
    if (outcome.summary.empty()) return refuse(outcome.problems);
    print_problems(outcome.problems);
    std::cerr << outcome.summary << "\n";
    return exit_problem;
}

/// Before the work's own result: what opening the register said (created it), or why it could
/// not be opened (then the command stops: true).
inline bool stopped_at_opening(const Outcome& outcome) {
    for (const auto& line : outcome.done) std::cout << line << "\n";
    if (outcome.ok()) return false;
    print_problems(outcome.problems);
    if (!outcome.summary.empty()) std::cerr << outcome.summary << "\n";
    return true;
}

}  // namespace followup::core
