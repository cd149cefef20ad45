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
#include <cstddef>
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace followup::core {

/// What a child may use, set in it right after the fork ([plugins] child_memory_mib and
/// child_cpu_seconds). Zero: no limit.
struct ChildLimits {
    /// How much memory (MiB) the child may take beyond what it had at the fork (RLIMIT_DATA, set
    /// to the child's data size then plus this): a fork starts as a copy of the host, whose own
    /// size (a national register in memory) is no measure of the plugin. An allocation past it
    /// fails (std::bad_alloc), and the call with it. Not applied in a sanitizer build, whose
    /// allocator reserves memory far beyond any such limit.
    std::size_t memory_mib = 0;
    /// The CPU time (seconds) the child may use over its life (RLIMIT_CPU): a long-lived child
    /// answers many calls, so this is a ceiling for a process, not a time limit for a call.
    int cpu_seconds = 0;
};

/// How a child is set up, besides its work: its limits, and who it is in the log lines its
/// output becomes ("plugin 'misbehaves'"; a call adds "in plan_year()").
///
/// Every child is contained alike: in a process group of its own, killed whole (SIGKILL to the
/// group) when its call ends abnormally, when its owner stops it and when `followup` ends (at
/// exit, and on SIGINT, SIGTERM, SIGHUP or SIGQUIT), so no process a plugin started outlives the
/// command; killed by the kernel when the host dies (PR_SET_PDEATHSIG, when forked from the main
/// thread); its stdin is /dev/null, and its stdout and stderr are a pipe the host reads while it
/// waits for the call, whose lines go to the host's log as warnings, with control characters
/// escaped and capped (a line, and a call's whole output) — never to the host's own stdout.
struct ChildSetup {
    ChildLimits limits;
    std::string who;
};

/// A child's stdout and stderr, read by the host, as the host's log lines (warnings): each line
/// prefixed with `who`, its control characters escaped, cut when long; after a call's first
/// lines (a cap on lines and on bytes) the rest is counted and dropped, which finish() says.
/// One per call; finish() (or the destructor) ends the call's count.
class OutputLines {
public:
    explicit OutputLines(std::string who);
    ~OutputLines();
    OutputLines(const OutputLines&) = delete;
    OutputLines& operator=(const OutputLines&) = delete;
    void take(std::string_view bytes);
    void finish();
    /// The lines printed before each part's mark (send_part_to_host() writes one into the output
    /// before each part it sends), in order; then the lines printed since the last mark (a line
    /// not yet ended counts).
    const std::vector<std::size_t>& lines_per_part() const { return per_part_; }
    std::size_t lines_since_last_part() const { return since_mark_ + (pending_bytes_ > 0 ? 1 : 0); }

private:
    void line();
    std::string who_, pending_;
    std::size_t pending_bytes_ = 0;  ///< the line's length so far; `pending_` keeps its first bytes only
    char last_byte_ = 0;             ///< the line's last byte so far
    std::size_t lines_ = 0, bytes_ = 0, dropped_lines_ = 0, dropped_bytes_ = 0;
    std::vector<std::size_t> per_part_;
    std::size_t since_mark_ = 0;
};

struct IsolatedRun {
    bool crashed = false;    ///< the child died from a signal
    bool timed_out = false;  ///< the child was stopped at the time limit
    int exit_code = 0;       ///< the child's exit code, when it did not crash
    int signal = 0;          ///< the signal, when it crashed
    std::string last_stage;  ///< the last stage the child announced before it ended
    bool finished = false;   ///< `work` returned: an exit without it is the plugin's exit()
    std::size_t printed = 0; ///< lines the plugin printed during the check (logged; a failure)
};

/// Forks; the child runs `work(stage, out)` and exits with its return value. `stage("describe")`
/// tells the parent what the child is about to do; what the work writes to `out` the parent
/// writes to its own stdout once the child ended, so a plugin's prints (captured, ChildSetup)
/// never mix with it. A child still running after `limit` is killed (SIGKILL, with its process
/// group) and reported as timed out.
IsolatedRun run_isolated(const std::function<int(const std::function<void(std::string_view)>& stage, std::ostream& out)>& work,
                         std::chrono::milliseconds limit = std::chrono::hours(24), const ChildSetup& setup = {});

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
    /// Lines the plugin printed (stdout or stderr) during the call, after its last part when it
    /// sent parts; `part_printed[i]`: the lines it printed while it worked on part i, told apart by
    /// the mark written into the output before each part. Logged as they came; a call that
    /// printed fails (printed_failure()): a plugin speaks through HostServices::logger(), never
    /// by printing.
    std::size_t printed = 0;
    std::vector<std::size_t> part_printed;
};

/// Why a call that printed `lines` line(s) fails, in the plugin author's terms.
std::string printed_failure(std::size_t lines);

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
                       bool limit_per_part = false, const ChildSetup& setup = {});

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
    friend StartedChild start_child(const std::function<std::string()>&, std::chrono::milliseconds, bool, const ChildSetup&);
    friend ChildCall finish_child(StartedChild&);
    int pid_ = -1;
    int fd_ = -1;
    int output_ = -1;  ///< the read end of the child's stdout and stderr
    std::string who_;
    std::chrono::steady_clock::time_point deadline_{};
    std::chrono::milliseconds limit_{};
    bool limit_per_part_ = false;
};

/// run_in_child in two halves, so that several children can work at once: start_child forks now
/// and returns; finish_child (on any thread) reads the answer until the child ends or the time
/// limit, which runs from the fork. Fork every child before the process starts a thread: the
/// child of a process running several threads may inherit a lock another thread held (glibc's
/// fork guards malloc's locks only), and hang on it.
StartedChild start_child(const std::function<std::string()>& work, std::chrono::milliseconds limit, bool limit_per_part = false,
                         const ChildSetup& setup = {});
ChildCall finish_child(StartedChild& child);

/// In a child of run_in_child: sends one part of the answer now (one item of many), so that the
/// parts done before a crash are not lost. Returns false outside such a child.
bool send_part_to_host(std::string_view bytes);

/// In a child: throws std::runtime_error when the work just done left a process of its own
/// running (a plugin that forked and did not wait), naming it; the process is then killed with
/// the child's whole process group when the child ends. A plugin may run a program and wait for
/// it; it may not leave one behind. Does nothing outside a child.
void check_no_process_left();
class ProcessLeftRunning : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

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
/// The child talks to the host over a socket of its own, never stdout; what a plugin writes to
/// stdout or stderr there is captured (ChildSetup), so the host's own output (an export written
/// to stdout) keeps none of it. A call that leaves a process of the plugin running fails, and the
/// child goes with its process group. The child never outlives the host: the destructor kills it
/// and its group, and a child forked from the main thread is also killed by the kernel when the
/// host dies (PR_SET_PDEATHSIG; that signal follows the thread that forked, so a child forked
/// from any other thread goes without it). The threading caveat of start_child holds here too: fork before
/// the process starts a thread. The child is kept on the core the calling thread runs on (it runs
/// only while the host waits), so that each call's two wake-ups stay on one core.
class ServingChild {
public:
    /// `serve(request)`, in the child, answers one request; what it throws is the call's
    /// exception (Ending::threw), and the child goes on. `started()`, in the child, runs once,
    /// right after the fork.
    explicit ServingChild(std::function<std::string(const std::string& request)> serve, std::function<void()> started = {},
                          ChildSetup setup = {});
    ~ServingChild();
    ServingChild(const ServingChild&) = delete;
    ServingChild& operator=(const ServingChild&) = delete;

    /// Sends `request` and waits for the answer, forking the child first when none runs (or the
    /// one there died between calls). Meanwhile `answer_question(question)` runs here for each
    /// question the child asks with ask_host (what the register holds now); its answer, or what
    /// it throws, goes back to the child, and the time it takes is not counted against `limit`.
    /// Never throws for what the child does; throws std::runtime_error when no child can be made.
    /// `call_name` ("plan_year") names the call in the log lines of what the child printed.
    ChildCall call(const std::string& request, std::chrono::milliseconds limit,
                   const std::function<std::string(const std::string& question)>& answer_question,
                   std::string_view call_name = {});
    /// Ends the child, if one runs, and reaps it; the next call forks a new one.
    void stop() noexcept;
    bool running() const noexcept { return pid_ > 0; }
    /// The running child's process id, or -1: for tests that must see it end.
    int pid() const noexcept { return pid_; }

private:
    void start();
    std::function<std::string(const std::string&)> serve_;
    std::function<void()> started_;
    ChildSetup setup_;
    int pid_ = -1;
    int fd_ = -1;
    int output_ = -1;  ///< the read end of the child's stdout and stderr
    int owner_ = -1;  ///< the process that forked the child: only it may end it (a copy in another child must not)
    int child_core_ = -1;  ///< the core the child was last told to run on (call())
};

/// In a ServingChild, during a call: asks the host `question` and returns the host's answer.
/// Throws std::runtime_error outside such a child, and with the host's message when answering
/// threw; ends the child when the host hung up (nobody waits for the call any more).
std::string ask_host(const std::string& question);

/// While alive, the host's stdout and stderr go to /dev/null: for plugin code the host runs itself
/// once a child tried it (loading a library, its factory, configure()), whose prints and log
/// lines the child's trial already brought to the log. Output the host had buffered is flushed
/// first; what the plugin buffered is flushed into /dev/null before the two are restored. Only
/// while no other thread writes (the host configures its models before it starts any).
class OutputSilenced {
public:
    OutputSilenced();
    ~OutputSilenced();
    OutputSilenced(const OutputSilenced&) = delete;
    OutputSilenced& operator=(const OutputSilenced&) = delete;

private:
    int saved_out_ = -1, saved_err_ = -1;
};

/// "signal 11 (Segmentation fault)", "exit(3)", "no answer within 30 s", for messages.
std::string describe_ending(const ChildCall& call, std::chrono::milliseconds limit);

}  // namespace followup::core
