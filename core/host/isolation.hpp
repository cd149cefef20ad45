// Running plugin code in a child process, so that a plugin that crashes (a segfault, an abort)
// is reported with what it was doing instead of taking the host down. Used where a crash would
// cost more than the fork: `followup plugins check`.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace followup::core {

struct IsolatedRun {
    bool crashed = false;    ///< the child died from a signal
    int exit_code = 0;       ///< the child's exit code, when it did not crash
    int signal = 0;          ///< the signal, when it crashed
    std::string last_stage;  ///< the last stage the child announced before it ended
};

/// Forks; the child runs `work(stage)` and exits with its return value. `stage("describe")`
/// tells the parent what the child is about to do. The child's stdout and stderr are the
/// parent's, flushed before the fork and at the child's exit.
IsolatedRun run_isolated(const std::function<int(const std::function<void(std::string_view)>& stage)>& work);

}  // namespace followup::core
