// Running plugin code in a child process, so that a plugin that crashes (a segfault, an abort),
// calls exit() or never returns is reported with what it was doing instead of taking the host
// down or hanging it.
//
// Three ways: run_isolated, for `plugins check`, runs a whole check in one child and reports the
// stage it died in; ServingChild, for the calls of a loaded model one at a time (plugin_host.cpp),
// is one child per model that answers call after call, so a model asked thousands of times pays
// one fork; run_in_child (and start_child/finish_child) runs one piece of work in a fresh fork of
// the host (trying configure(), a batch of assessments, a board's compilation calls). Answers
// come back as bytes (plugin_wire.hpp).
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

/// A child that answers call after call, for the life of its owner: forked at the first call(),
/// from the host as it is then, it runs `serve(request)` for each request the host sends and
/// sends back its answer. A call that ends the child (a crash, exit(), the time limit) fails
/// alone, as run_in_child's would, and the child is reaped; the next call forks a new one. What
/// a call changes in the child's memory stays there for the next call: the caller must start
/// each call afresh (LoadedPlugin makes its model again, as it does trusted).
///
/// The child talks to the host over a socket of its own, never stdout: what a plugin writes to
/// stdout there goes to stderr, so the host's own output (an export written to stdout) keeps none
/// of it. The child never outlives the host: the destructor kills and reaps it, and a child
/// forked from the main thread is also killed by the kernel when the host dies
/// (PR_SET_PDEATHSIG; that signal follows the thread that forked, so a child forked from any
/// other thread goes without it). The threading caveat of start_child holds here too: fork before
/// the process starts a thread. The child is kept on the core the calling thread runs on (it runs
/// only while the host waits), so that each call's two wake-ups stay on one core.
class ServingChild {
public:
    /// `serve(request)`, in the child, answers one request; what it throws is the call's
    /// exception (Ending::threw), and the child goes on. `started()`, in the child, runs once,
    /// right after the fork.
    explicit ServingChild(std::function<std::string(const std::string& request)> serve, std::function<void()> started = {});
    ~ServingChild();
    ServingChild(const ServingChild&) = delete;
    ServingChild& operator=(const ServingChild&) = delete;

    /// Sends `request` and waits for the answer, forking the child first when none runs (or the
    /// one there died between calls). Meanwhile `answer_question(question)` runs here for each
    /// question the child asks with ask_host (what the register holds now); its answer, or what
    /// it throws, goes back to the child, and the time it takes is not counted against `limit`.
    /// Never throws for what the child does; throws std::runtime_error when no child can be made.
    ChildCall call(const std::string& request, std::chrono::milliseconds limit,
                   const std::function<std::string(const std::string& question)>& answer_question);
    /// Ends the child, if one runs, and reaps it; the next call forks a new one.
    void stop() noexcept;
    bool running() const noexcept { return pid_ > 0; }
    /// The running child's process id, or -1: for tests that must see it end.
    int pid() const noexcept { return pid_; }

private:
    void start();
    std::function<std::string(const std::string&)> serve_;
    std::function<void()> started_;
    int pid_ = -1;
    int fd_ = -1;
    int owner_ = -1;  ///< the process that forked the child: only it may end it (a copy in another child must not)
    int child_core_ = -1;  ///< the core the child was last told to run on (call())
};

/// In a ServingChild, during a call: asks the host `question` and returns the host's answer.
/// Throws std::runtime_error outside such a child, and with the host's message when answering
/// threw; ends the child when the host hung up (nobody waits for the call any more).
std::string ask_host(const std::string& question);

/// "signal 11 (Segmentation fault)", "exit(3)", "no answer within 30 s", for messages.
std::string describe_ending(const ChildCall& call, std::chrono::milliseconds limit);

}  // namespace followup::core
