// How a command that writes refuses: every problem on standard error, escaped (a value typed on
// the command line may hold a terminal escape), then the count and that nothing was written.
#pragma once

#include <iostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "store/record_rules.hpp"

namespace followup::core {

inline int refuse(const std::vector<std::string>& problems) {
    for (const auto& p : problems) std::cerr << "error: " << escaped(p) << "\n";
    std::cerr << fmt::format("{} problem(s); nothing was recorded\n", problems.size());
    return exit_problem;
}

}  // namespace followup::core
