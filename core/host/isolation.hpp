// Running plugin code in a child process, so that a plugin that crashes (a segfault, an abort),
// calls exit() or never returns is reported with what it was doing instead of taking the host
// down or hanging it.
//
// Two ways: run_isolated, for `plugins check`, runs a whole check in one child and reports the
// stage it died in; run_in_child, for every call of a loaded model (plugin_host.cpp), runs one
// call in a fork of the host and brings its answer back as bytes (plugin_wire.hpp).
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace followup::core {

struct IsolatedRun {
    bool crashed = false;    ///< the child died from a signal
    bool timed_out = false;  ///< the child was stopped at the time limit
    int exit_code = 0;       ///< the child's exit code, when it did not crash
    int signal = 0;          ///< the signal, when it crashed
    std::string last_stage;  ///< the last stage the child announced before it ended
};

/// Forks; the child runs `work(stage)` and exits with its return value. `stage("describe")`
/// tells the parent what the child is about to do. The child's stdout and stderr are the
/// parent's, flushed before the fork and at the child's exit. A child still running after
/// `limit` is killed (SIGKILL) and reported as timed out.
IsolatedRun run_isolated(const std::function<int(const std::function<void(std::string_view)>& stage)>& work,
                         std::chrono::milliseconds limit = std::chrono::hours(24));

/// How one call run in a child ended.
struct ChildCall {
    enum class Ending {
        answered,  ///< `answer` holds what the work returned
        threw,     ///< `answer` holds the exception's message
        signalled, ///< killed by `signal` before answering (abort, segfault, …)
        exited,    ///< called exit(`exit_code`) (or returned from main) before answering
        timed_out, ///< still running at the time limit; killed
    };
    Ending ending = Ending::answered;
    std::string answer;
    std::vector<std::string> parts;  ///< what the work sent with send_part_to_host, in order, however it ended
    int signal = 0;
    int exit_code = 0;
};

/// Forks; the child runs `work` and sends back what it returns (or the message of what it
/// throws), then ends at once with _exit, so nothing of the host runs twice (no atexit handler,
/// no buffered output flushed again, no register closed). The child works on a copy of the
/// host's memory as it is at the fork: what the call changes there is lost, which is the point.
/// Never throws for what the child does; throws std::runtime_error when no child can be made.
///
/// With `limit_per_part`, the limit runs from the last part received (send_part_to_host): a child
/// working through many items (assessing a thousand follow-ups) is stopped when one item takes
/// longer than the limit, not when all of them together do.
ChildCall run_in_child(const std::function<std::string()>& work, std::chrono::milliseconds limit,
                       bool limit_per_part = false);

/// A child of start_child still to be heard: finish_child reads its answer. Move-only; one
/// dropped unfinished (an exception between the two) is killed and reaped.
class StartedChild {
public:
    StartedChild() = default;
    StartedChild(StartedChild&& other) noexcept { *this = std::move(other); }
    StartedChild& operator=(StartedChild&& other) noexcept;
    StartedChild(const StartedChild&) = delete;
    StartedChild& operator=(const StartedChild&) = delete;
    ~StartedChild();

private:
    friend StartedChild start_child(const std::function<std::string()>&, std::chrono::milliseconds, bool);
    friend ChildCall finish_child(StartedChild&);
    int pid_ = -1;
    int fd_ = -1;
    std::chrono::steady_clock::time_point deadline_{};
    std::chrono::milliseconds limit_{};
    bool limit_per_part_ = false;
};

/// run_in_child in two halves, so that several children can work at once: start_child forks now
/// and returns; finish_child (on any thread) reads the answer until the child ends or the time
/// limit, which runs from the fork. Fork every child before the process starts a thread: the
/// child of a process running several threads may inherit a lock another thread held (glibc's
/// fork guards malloc's locks only), and hang on it.
StartedChild start_child(const std::function<std::string()>& work, std::chrono::milliseconds limit, bool limit_per_part = false);
ChildCall finish_child(StartedChild& child);

/// In a child of run_in_child: sends one part of the answer now (one item of many), so that the
/// parts done before a crash are not lost. Returns false outside such a child.
bool send_part_to_host(std::string_view bytes);

/// In a child of run_in_child: sends one of a plugin's log lines to the host, which writes it
/// to its own sinks under `logger_name` (a child's sinks are copies: what a test or a log file
/// sink collected there would be lost). Returns false outside such a child: log it here.
bool forward_log_to_host(std::string_view logger_name, int spdlog_level, std::string_view message);

/// "signal 11 (Segmentation fault)", "exit(3)", "no answer within 30 s", for messages.
std::string describe_ending(const ChildCall& call, std::chrono::milliseconds limit);

}  // namespace followup::core
