// The exit codes of `followup`, in one place (README.md lists them for users).
#pragma once

namespace followup::core {

inline constexpr int exit_ok = 0;        ///< success
inline constexpr int exit_problem = 1;   ///< the command ran and found a problem (bad input, a refused plugin, ...)
inline constexpr int exit_usage = 2;     ///< the command line is wrong
inline constexpr int exit_internal = 3;  ///< a bug in followup itself

}  // namespace followup::core
