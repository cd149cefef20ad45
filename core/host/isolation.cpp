#include "host/isolation.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/resource.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iostream>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace followup::core {
namespace {

using Clock = std::chrono::steady_clock;

/// The pipe to the host, in a child of run_in_child (the socket, in a ServingChild); -1 elsewhere.
int channel_to_host = -1;
/// The socket to the host, in a ServingChild; -1 elsewhere (ask_host asks over it).
int serving_channel = -1;

/// Held while a child is made and while a child's log lines are written into the host's sinks,
/// should two threads ever make children: a pipe made by one thread must have its writing end
/// closed in the host before another thread forks, or that second child would hold it open and
/// the first call's end would not be seen until the second child ended. (It does not make forking
/// from several threads safe: a lock any other thread holds at the fork, the allocator's under the
/// sanitizers, stays held in the child. The compilation forks from one thread: compile_internal.hpp.)
std::mutex& fork_gate() {
    static std::mutex gate;
    return gate;
}

// What a child of run_in_child sends is a sequence of frames: a tag byte, the payload's length
// (8 bytes) and the payload. 'L' a log line (level byte, logger name, NUL, message), then
// exactly one 'A' (the answer) or 'T' (an exception's message) as the last frame.
std::string frame(char tag, std::string_view payload) {
    std::string f(1, tag);
    const std::uint64_t n = payload.size();
    f.append(reinterpret_cast<const char*>(&n), sizeof n);
    f.append(payload);
    return f;
}

/// In a child: a fatal signal must end the child as that signal, so the host can say which. A
/// sanitizer's handler (AddressSanitizer catches SIGSEGV and exits with 1) or one the host
/// installed would otherwise turn a segfault into a plain exit.
void default_fatal_signals() {
    for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::signal(s, SIG_DFL);
}

/// Output buffered in the host before a fork would otherwise be written twice: once by the
/// host and once by a child that flushes (a plugin calling exit() runs the stdio flush).
void flush_everything() {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
}

void write_all(int fd, const char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;  // the parent stopped listening (time limit): nothing more to say
        data += n;
        size -= static_cast<std::size_t>(n);
    }
}

struct Waited {
    bool ended = false;
    int status = 0;
};

Waited wait_for(pid_t child, bool block) {
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(child, &status, block ? 0 : WNOHANG);
        if (r == child) return {true, status};
        if (r == 0) return {false, 0};
        if (errno != EINTR) return {true, 0};  // not our child any more: nothing to wait for
    }
}

// ---- A child's stdout and stderr, as the host's log lines ----

/// How much of a child's output reaches the log: a line is cut after this many bytes, and a call
/// logs at most so many lines and bytes (the rest is counted and dropped, said once). Enough for
/// a plugin's stray debug print or a library's warning; a plugin that floods (30,000 lines) costs
/// the log a screenful, not the register's export its shape. A plugin's own log (HostServices::
/// logger) is the way to say more.
constexpr std::size_t output_line_bytes = 500;
constexpr std::size_t output_call_lines = 50;
constexpr std::size_t output_call_bytes = 16 * 1024;
/// The mark a child writes into its output before each part it sends (send_part_to_host()), on a
/// line of its own: the host counts what was printed for each part between the marks. An ASCII
/// record separator, which no plugin has reason to print.
constexpr char part_mark = '\x1e';

/// `text` with every control character (C0, DEL, C1) and every bidirectional or invisible
/// formatting character shown as an escape (\x1b, \u202e), so that what a plugin printed can
/// neither move a terminal's cursor nor reorder the log line it is shown in.
std::string escaped_output(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            out += fmt::format("\\x{:02x}", c);
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[i + 1]));  // a C1 control (U+0080–U+009F)
            ++i;
        } else if (c == 0xe2 && i + 2 < text.size()) {
            const auto b = static_cast<unsigned char>(text[i + 1]), d = static_cast<unsigned char>(text[i + 2]);
            const unsigned code = 0x2000u | ((b & 0x3fu) << 6) | (d & 0x3fu);
            // Zero-width and direction marks (U+200B–U+200F), embeddings and overrides
            // (U+202A–U+202E), isolates (U+2066–U+2069).
            if ((code >= 0x200b && code <= 0x200f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
                out += fmt::format("\\u{:04x}", code);
                i += 2;
            } else {
                out += text[i];
            }
        } else {
            out += text[i];
        }
    }
    return out;
}

}  // namespace

std::string printed_failure(std::size_t lines) {
    return fmt::format("printed {} line(s) on its standard output or error (logged above as \"printed: …\"); a plugin says what it "
                       "has to say through HostServices::logger(), never by printing: followup's output must carry only followup's, "
                       "so the call is failed",
                       lines);
}

OutputLines::OutputLines(std::string who) : who_(std::move(who)) {}

OutputLines::~OutputLines() { finish(); }

void OutputLines::take(std::string_view bytes) {
    while (!bytes.empty()) {
        const auto newline = bytes.find('\n');
        const std::string_view piece = bytes.substr(0, newline);
        if (pending_.size() < output_line_bytes) pending_.append(piece.substr(0, output_line_bytes - pending_.size()));
        pending_bytes_ += piece.size();
        if (!piece.empty()) last_byte_ = piece.back();
        if (newline == std::string_view::npos) return;
        line();
        bytes.remove_prefix(newline + 1);
    }
}

void OutputLines::line() {
    if (pending_bytes_ > 0 && last_byte_ == part_mark) {
        // The mark before a part (what came before it on the line, printed without a newline,
        // is a line of its own).
        const bool printed_before = pending_bytes_ > 1;
        if (printed_before) {
            pending_.resize(std::min(pending_.size(), pending_bytes_ - 1));
            pending_bytes_ -= 1;
            last_byte_ = 0;
            line();
        }
        per_part_.push_back(since_mark_);
        since_mark_ = 0;
        pending_.clear();
        pending_bytes_ = 0;
        last_byte_ = 0;
        return;
    }
    ++since_mark_;
    const std::size_t size = pending_bytes_ + 1;
    if (lines_ < output_call_lines && bytes_ + size <= output_call_bytes) {
        ++lines_;
        bytes_ += size;
        std::string text = escaped_output(pending_);
        if (pending_bytes_ > pending_.size()) text += fmt::format(" … ({} bytes in all)", pending_bytes_);
        try {
            std::lock_guard gate(fork_gate());
            spdlog::warn("{} printed: {}", who_, text);
        } catch (...) {
            // Logging must never be the reason a plugin call fails.
        }
    } else {
        ++dropped_lines_;
        dropped_bytes_ += size;
    }
    pending_.clear();
    pending_bytes_ = 0;
    last_byte_ = 0;
}

void OutputLines::finish() {
    if (pending_bytes_ > 0) line();
    if (dropped_lines_ > 0) {
        try {
            std::lock_guard gate(fork_gate());
            spdlog::warn("{} printed … {} more line(s) ({} bytes) of output dropped (a call's output is cut after {} lines or {} KiB)",
                         who_, dropped_lines_, dropped_bytes_, output_call_lines, output_call_bytes / 1024);
        } catch (...) {
        }
    }
    lines_ = bytes_ = dropped_lines_ = dropped_bytes_ = 0;
}

namespace {

// ---- Containment: what every child gets, and what the host does to end it whole ----

/// The process groups of the children alive, so that the host's end (exit, or a signal that
/// ends it) kills them with whatever they started. Slots a signal handler can read: atomics of
/// a fixed array, no lock, no allocation. 0 is a free slot.
constexpr std::size_t group_slots = 256;
std::array<std::atomic<pid_t>, group_slots> live_groups{};
/// The process whose children the slots name: a child's copy of them names its siblings, which
/// it must leave alone (a plugin that calls exit() runs the atexit handlers in the child).
std::atomic<pid_t> groups_owner{0};

void kill_live_groups() noexcept {
    if (::getpid() != groups_owner.load()) return;
    for (auto& slot : live_groups)
        if (const pid_t group = slot.load(); group > 0) ::kill(-group, SIGKILL);
}

extern "C" void kill_live_groups_at_exit() { kill_live_groups(); }

/// The signals that end `followup` from outside (an officer's Ctrl-C, a service manager's stop):
/// the children's groups go first, then the signal does what it did before.
constexpr std::array<int, 4> ending_signals{SIGINT, SIGTERM, SIGHUP, SIGQUIT};

extern "C" void on_ending_signal(int signal_number) {
    kill_live_groups();
    ::signal(signal_number, SIG_DFL);
    ::raise(signal_number);
}

void remember_group(pid_t group) {
    const pid_t self = ::getpid();
    if (groups_owner.load() != self) {
        // This process's first child (or a fork's: the slots copied from its parent are not its own).
        for (auto& slot : live_groups) slot.store(0);
        groups_owner.store(self);
        static std::once_flag installed;
        std::call_once(installed, [] {
            std::atexit(kill_live_groups_at_exit);
            for (int s : ending_signals) {
                struct sigaction before {};
                // A signal the host was told to ignore (nohup) or handles itself stays as it is.
                if (::sigaction(s, nullptr, &before) != 0 || before.sa_handler != SIG_DFL) continue;
                struct sigaction handler {};
                handler.sa_handler = on_ending_signal;
                sigemptyset(&handler.sa_mask);
                ::sigaction(s, &handler, nullptr);
            }
        });
    }
    for (auto& slot : live_groups) {
        pid_t free = 0;
        if (slot.compare_exchange_strong(free, group)) return;
    }
    // All slots taken (never, with one child per plugin and one per board): this group is still
    // killed when its call ends or its owner stops it, only not by the host's own end.
}

/// Kills the child's whole process group (the child, if still there, and whatever it started
/// and left in the group) and forgets it. After the child was reaped too: its process id stays
/// the group's while any member lives, so no other process can have been given it.
void end_group(pid_t child) noexcept {
    ::kill(-child, SIGKILL);
    for (auto& slot : live_groups) {
        pid_t expected = child;
        if (slot.compare_exchange_strong(expected, 0)) break;
    }
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool sanitizer_build = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool sanitizer_build = true;
#else
constexpr bool sanitizer_build = false;
#endif
#else
constexpr bool sanitizer_build = false;
#endif

/// Whether this process is a child that contain() set up (check_no_process_left looks only there).
bool contained = false;

/// In a child: its memory limit in MiB, for the message of an allocation it refused (0: none).
std::size_t memory_limit_mib = 0;
/// In a child under a memory limit: a little memory set aside at the fork and given back when an
/// allocation fails, so that the call's failure can still be told (its message allocates).
char* memory_reserve = nullptr;

/// In a child: its data size now, in bytes (VmData of /proc/self/status), or 0 when unknown.
std::size_t data_size_now() {
    std::FILE* status = std::fopen("/proc/self/status", "re");
    if (status == nullptr) return 0;
    char line[256];
    std::size_t kib = 0;
    while (std::fgets(line, sizeof line, status) != nullptr)
        if (std::strncmp(line, "VmData:", 7) == 0) {
            kib = std::strtoull(line + 7, nullptr, 10);
            break;
        }
    std::fclose(status);
    return kib * 1024;
}

/// Right after the fork, in the child: its own process group, the default handling of the
/// signals the host handles, death with the host (from the main thread), no stdin, stdout and
/// stderr into `output` (the write end of the host's pipe), and its limits. Ends the child when
/// the host is already gone.
void contain(const ChildSetup& setup, int output, bool from_main_thread, pid_t host) {
    contained = true;
    ::setpgid(0, 0);
    default_fatal_signals();
    for (int s : ending_signals) ::signal(s, SIG_DFL);
    if (from_main_thread) ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != host) ::_exit(0);  // the host ended before prctl took effect
    if (const int nothing = ::open("/dev/null", O_RDONLY | O_CLOEXEC); nothing >= 0) {
        ::dup2(nothing, STDIN_FILENO);
        ::close(nothing);
    }
    if (output >= 0) {
        ::dup2(output, STDOUT_FILENO);
        ::dup2(output, STDERR_FILENO);
        if (output != STDOUT_FILENO && output != STDERR_FILENO) ::close(output);
    }
    if (setup.limits.memory_mib > 0 && !sanitizer_build) {
        if (const std::size_t now = data_size_now(); now > 0) {
            const rlim_t bytes = static_cast<rlim_t>(now) + static_cast<rlim_t>(setup.limits.memory_mib) * 1024 * 1024;
            const rlimit data{bytes, bytes};
            if (::setrlimit(RLIMIT_DATA, &data) == 0) {
                memory_limit_mib = setup.limits.memory_mib;
                memory_reserve = static_cast<char*>(std::malloc(1 << 20));
            }
        }
    }
    if (setup.limits.cpu_seconds > 0) {
        // SIGXCPU at the limit; SIGKILL a few seconds later, should the plugin catch the first.
        const rlimit cpu{static_cast<rlim_t>(setup.limits.cpu_seconds), static_cast<rlim_t>(setup.limits.cpu_seconds) + 5};
        ::setrlimit(RLIMIT_CPU, &cpu);
    }
}

/// In a child: the message of a call whose allocation failed, and the memory set aside for it.
std::string out_of_memory_message() {
    std::free(std::exchange(memory_reserve, nullptr));
    if (memory_limit_mib == 0) return "ran out of memory (std::bad_alloc)";
    return fmt::format("ran out of memory: it may use {} MiB beyond what its process had when it started (the [plugins] "
                       "child_memory_mib limit); an allocation past that failed (std::bad_alloc)",
                       memory_limit_mib);
}

/// A pipe for a child's stdout and stderr: the host's end (first) does not block, the child's
/// does (a plugin printing faster than the host reads waits, it does not lose its lines).
std::array<int, 2> output_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        throw std::runtime_error(fmt::format("cannot create a pipe for a child process's output: {}", std::strerror(errno)));
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    return {fds[0], fds[1]};
}

/// Whether the calling thread is the process's main thread (PR_SET_PDEATHSIG follows the thread
/// that forked, not the process: only from the main thread is that the host's end).
bool on_main_thread() { return ::syscall(SYS_gettid) == ::getpid(); }

/// A pidfd for `child` (readable once it ended), or -1 on a kernel without them.
int open_pidfd(pid_t child) { return static_cast<int>(::syscall(SYS_pidfd_open, child, 0)); }

/// Reads whatever `fd` holds now, without waiting (a non-blocking end, or one poll said is
/// readable); appends it to `bytes` (up to `at_most` bytes, so a grandchild writing on forever
/// cannot keep the host here). Returns false at the end of the stream.
bool read_available(int fd, std::string& bytes, std::size_t at_most = std::size_t(-1)) {
    char buffer[65536];
    std::size_t taken = 0;
    for (;;) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 0) <= 0 || (p.revents & (POLLIN | POLLHUP)) == 0) return true;
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK;
        if (n == 0) return false;
        bytes.append(buffer, static_cast<std::size_t>(n));
        taken += static_cast<std::size_t>(n);
        if (taken >= at_most) return true;
    }
}

/// Reads the child's answer (`fd`) and its output (`output`, into `printed`) until the child
/// ends, or the time limit. Returns false at the time limit (the child and its process group are
/// then killed and it is reaped). `progressed(bytes)`, when given, is asked after each read
/// whether the child finished another part; if so the limit starts again. The end of the child is
/// what ends the wait, not the end of its pipe: a process the plugin started may hold the pipe
/// open after the child ended.
bool collect(pid_t child, int fd, int output, OutputLines& printed, Clock::time_point deadline, std::string& bytes, int& status,
             const std::function<bool(const std::string&)>& progressed = {}, std::chrono::milliseconds limit = {}) {
    const int pidfd = open_pidfd(child);
    bool answer_open = true, output_open = output >= 0;
    std::string text;
    auto forward = [&] {
        if (!text.empty()) printed.take(text);
        text.clear();
    };
    for (;;) {
        const auto now = Clock::now();
        if (now >= deadline) {
            if (pidfd >= 0) ::close(pidfd);
            end_group(child);
            wait_for(child, true);
            if (output_open) read_available(output, text, 1 << 20);
            forward();
            return false;
        }
        // Has the child ended? Then what it wrote before is in the pipes: take it and go.
        bool ended = false;
        if (pidfd < 0) {
            if (const Waited w = wait_for(child, false); w.ended) {
                ended = true;
                status = w.status;
            }
        }
        if (!ended) {
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
            pollfd p[3];
            nfds_t n = 0;
            int at_answer = -1, at_output = -1, at_end = -1;
            if (answer_open) p[at_answer = static_cast<int>(n++)] = {fd, POLLIN, 0};
            if (output_open) p[at_output = static_cast<int>(n++)] = {output, POLLIN, 0};
            if (pidfd >= 0) p[at_end = static_cast<int>(n++)] = {pidfd, POLLIN, 0};
            const int ready = ::poll(p, n, static_cast<int>(std::min<long long>(left, pidfd >= 0 ? 1000 : 100)) + 1);
            if (ready < 0 && errno != EINTR) answer_open = false;
            if (ready <= 0) continue;
            if (at_output >= 0 && p[at_output].revents != 0) {
                output_open = read_available(output, text);
                forward();
            }
            if (at_answer >= 0 && p[at_answer].revents != 0) {
                const std::size_t before = bytes.size();
                answer_open = read_available(fd, bytes, 1 << 20);
                if (bytes.size() > before && progressed && progressed(bytes)) {
                    deadline = Clock::now() + limit;
                    // A child sending many parts (a thousand assessments) would wake the host for
                    // each, two context switches a part; a millisecond here lets the parts of that
                    // millisecond come in one read. The child never waits for it: a pipe holds 64 KiB.
                    ::usleep(1000);
                }
            }
            if (at_end < 0 || p[at_end].revents == 0) continue;
            const Waited w = wait_for(child, false);
            if (!w.ended) continue;
            status = w.status;
        }
        // The child ended: what it wrote is there to read, all of it (a process it left behind
        // may write on: only what is there now is taken, and the group is killed).
        if (pidfd >= 0) ::close(pidfd);
        end_group(child);
        if (answer_open) read_available(fd, bytes);
        if (output_open) read_available(output, text, 1 << 20);
        forward();
        return true;
    }
}

/// Writes a plugin's log line that a child forwarded into the host's sinks, under the plugin's
/// logger name, as the child's logger would have.
void replay_log(std::string_view payload) {
    const auto level = static_cast<spdlog::level::level_enum>(payload[0]);
    payload.remove_prefix(1);
    const auto nul = payload.find('\0');
    if (nul == std::string_view::npos) return;
    const std::string name(payload.substr(0, nul));
    const std::string_view message = payload.substr(nul + 1);
    auto host = spdlog::default_logger();
    spdlog::logger plugin_logger(name, host->sinks().begin(), host->sinks().end());
    plugin_logger.set_level(spdlog::level::trace);  // the child's logger already applied the host's level
    try {
        plugin_logger.log(level, "{}", message);
    } catch (...) {
        // Logging must never be the reason a plugin call fails.
    }
}


/// Host side: sends all of `bytes`; false when the child is gone (no SIGPIPE: the end of a child
/// is reported from its exit status, not by a signal to the host).
bool send_all(int fd, const std::string& bytes) {
    const char* data = bytes.data();
    std::size_t size = bytes.size();
    while (size > 0) {
        const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

/// Child side: reads exactly `size` bytes, waiting for them; false at the end of the stream.
bool read_exactly(int fd, char* data, std::size_t size) {
    while (size > 0) {
        const ssize_t n = ::read(fd, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

/// Child side: the next frame from the host, waiting for it; false when the host hung up.
bool read_frame(int fd, char& tag, std::string& payload) {
    char head[1 + sizeof(std::uint64_t)];
    if (!read_exactly(fd, head, sizeof head)) return false;
    tag = head[0];
    std::uint64_t n = 0;
    std::memcpy(&n, head + 1, sizeof n);
    payload.resize(n);
    return read_exactly(fd, payload.data(), n);
}

/// Host side: the frame starting at `at` in `bytes`, if all of it has arrived; `at` then moves past it.
bool take_frame(const std::string& bytes, std::size_t& at, char& tag, std::string_view& payload) {
    if (bytes.size() - at < 1 + sizeof(std::uint64_t)) return false;
    std::uint64_t n = 0;
    std::memcpy(&n, bytes.data() + at + 1, sizeof n);
    if (bytes.size() - at - 1 - sizeof n < n) return false;
    tag = bytes[at];
    payload = std::string_view(bytes.data() + at + 1 + sizeof n, n);
    at += 1 + sizeof n + n;
    return true;
}

/// In a child: whether the last call must end it (and its group) once answered: it left a
/// process running, or an allocation failed (what the plugin holds may be half-made).
bool ends_after_answer = false;

/// In a child: the frame that answers a call, from what `work` returned or threw; a call that
/// left a process of its own running fails for that (check_no_process_left).
std::string answer_frame(const std::function<std::string()>& work) {
    try {
        std::string answer = work();
        check_no_process_left();
        return frame('A', answer);
    } catch (const std::bad_alloc&) {
        ends_after_answer = true;  // what the plugin holds may be half-made: the next call gets a new child
        return frame('T', out_of_memory_message());
    } catch (const std::exception& e) {
        return frame('T', e.what());
    } catch (...) {
        return frame('T', "an exception not derived from std::exception");
    }
}

/// A ServingChild's life: each 'C' frame from the host is a request, answered with one 'A' (or
/// 'T') frame, after any 'L', 'P' and 'Q' frames the work sends on the way. Ends when the host
/// hangs up.
[[noreturn]] void serve_requests(int fd, const std::function<std::string(const std::string&)>& serve) {
    char tag = 0;
    std::string request;
    for (;;) {
        if (!read_frame(fd, tag, request) || tag != 'C') ::_exit(0);
        const std::string message = answer_frame([&] { return serve(request); });
        // What the plugin printed comes out now, call by call, not when a buffer fills.
        flush_everything();
        write_all(fd, message.data(), message.size());
        // The answer is sent; the host finds this child gone at its next call and forks another.
        if (ends_after_answer && ::getpgrp() == ::getpid()) ::kill(0, SIGKILL);  // its own group only, never the host's
    }
}

/// Forks; when no child can be made, closes the channel's two ends (`fds`) and the output pipe's
/// (`output`) and throws, naming what the child was for. In the child, contains it (contain());
/// in the host, puts it in its own process group too (whichever of the two runs first) and
/// remembers the group.
pid_t fork_contained(const int (&fds)[2], const std::array<int, 2>& output, const ChildSetup& setup, std::string_view for_what) {
    const pid_t host = ::getpid();
    const bool from_main_thread = on_main_thread();
    const pid_t child = ::fork();
    if (child < 0) {
        const int error = errno;
        for (int fd : {fds[0], fds[1], output[0], output[1]}) ::close(fd);
        throw std::runtime_error(fmt::format("cannot fork a child process {}: {}", for_what, std::strerror(error)));
    }
    if (child == 0) {
        ::close(output[0]);
        contain(setup, output[1], from_main_thread, host);
        return 0;
    }
    ::setpgid(child, child);
    remember_group(child);
    ::close(output[1]);
    return child;
}

/// The log's name for a child's output: `who` and the call, or what the child is for.
std::string printer(const std::string& who, std::string_view call, std::string_view otherwise) {
    std::string name = who.empty() ? std::string(otherwise) : who;
    if (!call.empty()) name += fmt::format(" in {}()", call);
    return name;
}

/// A streambuf whose text goes to the host as 'O' frames when flushed (run_isolated's `out`).
class FramedOutput final : public std::streambuf {
public:
    explicit FramedOutput(int fd) : fd_(fd) {}
    ~FramedOutput() override { sync(); }

protected:
    int_type overflow(int_type c) override {
        if (c != traits_type::eof()) text_.push_back(static_cast<char>(c));
        return traits_type::not_eof(c);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        text_.append(s, static_cast<std::size_t>(n));
        return n;
    }
    int sync() override {
        if (!text_.empty()) {
            const std::string f = frame('O', text_);
            write_all(fd_, f.data(), f.size());
            text_.clear();
        }
        return 0;
    }

private:
    int fd_;
    std::string text_;
};

}  // namespace

void check_no_process_left() {
    if (!contained) return;  // the host (or a trusted call in it): its children are its own
    for (;;) {
        int status = 0;
        const pid_t child = ::waitpid(-1, &status, WNOHANG);
        if (child > 0) continue;  // one that ended: reaped, gone
        if (child < 0) return;    // no child at all (ECHILD): nothing left behind
        // A child of this process that is still running.
        ends_after_answer = true;
        throw ProcessLeftRunning(
            "left a process it started running when the call returned; a plugin may run a program and wait for it, "
            "not leave one behind (it was stopped with the plugin's process group)");
    }
}

IsolatedRun run_isolated(const std::function<int(const std::function<void(std::string_view)>& stage, std::ostream& out)>& work,
                         std::chrono::milliseconds limit, const ChildSetup& setup) {
    std::unique_lock gate(fork_gate());
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe to a child process");
    const auto output = output_pipe();
    flush_everything();
    const auto deadline = Clock::now() + limit;
    const pid_t child = fork_contained(pipe_fds, output, setup, "for a plugin check");
    if (child == 0) {
        ::close(pipe_fds[0]);
        const int to_host = pipe_fds[1];
        FramedOutput report_buffer(to_host);
        std::ostream report(&report_buffer);
        auto stage = [&](std::string_view name) {
            report.flush();  // what the check found so far reaches the host, should this stage crash
            const std::string f = frame('S', name);
            write_all(to_host, f.data(), f.size());
        };
        int code = 1;
        try {
            code = work(stage, report);
            check_no_process_left();
        } catch (const std::bad_alloc&) {
            report << "error: " << out_of_memory_message() << '\n';
            code = 1;
        } catch (const std::exception& e) {
            report << "error: " << e.what() << '\n';
            code = 1;
        }
        report.flush();
        const std::string finished = frame('F', "");
        write_all(to_host, finished.data(), finished.size());
        flush_everything();
        ::_exit(code);
    }
    ::close(pipe_fds[1]);
    gate.unlock();
    IsolatedRun run;
    std::string bytes;
    int status = 0;
    {
        OutputLines printed(printer(setup.who, {}, "a plugin check"));
        run.timed_out = !collect(child, pipe_fds[0], output[0], printed, deadline, bytes, status);
        run.printed = printed.lines_since_last_part();
    }
    ::close(pipe_fds[0]);
    ::close(output[0]);
    char tag = 0;
    std::string_view payload;
    std::size_t at = 0;
    std::string report;
    while (take_frame(bytes, at, tag, payload)) {
        if (tag == 'S') run.last_stage = std::string(payload);
        if (tag == 'O') report.append(payload);
        if (tag == 'F') run.finished = true;
    }
    std::cout << report << std::flush;
    if (run.timed_out) return run;
    if (WIFSIGNALED(status)) {
        run.crashed = true;
        run.signal = WTERMSIG(status);
    } else {
        run.exit_code = WEXITSTATUS(status);
    }
    return run;
}

StartedChild& StartedChild::operator=(StartedChild&& other) noexcept {
    if (this != &other) {
        this->~StartedChild();
        pid_ = std::exchange(other.pid_, -1);
        fd_ = std::exchange(other.fd_, -1);
        output_ = std::exchange(other.output_, -1);
        who_ = std::move(other.who_);
        deadline_ = other.deadline_;
        limit_ = other.limit_;
        limit_per_part_ = other.limit_per_part_;
    }
    return *this;
}

StartedChild::~StartedChild() {
    if (pid_ > 0) {
        end_group(pid_);
        wait_for(pid_, true);
    }
    if (fd_ >= 0) ::close(fd_);
    if (output_ >= 0) ::close(output_);
    pid_ = fd_ = output_ = -1;
}

StartedChild start_child(const std::function<std::string()>& work, std::chrono::milliseconds limit, bool limit_per_part,
                         const ChildSetup& setup) {
    std::unique_lock gate(fork_gate());
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
        throw std::runtime_error(fmt::format("cannot create a pipe to a child process: {}", std::strerror(errno)));
    const auto output = output_pipe();
    flush_everything();
    StartedChild started;
    started.deadline_ = Clock::now() + limit;
    started.limit_ = limit;
    started.limit_per_part_ = limit_per_part;
    started.who_ = setup.who;
    const pid_t child = fork_contained(pipe_fds, output, setup, "for a plugin call");
    if (child == 0) {
        ::close(pipe_fds[0]);
        channel_to_host = pipe_fds[1];
        const std::string message = answer_frame(work);
        flush_everything();
        write_all(pipe_fds[1], message.data(), message.size());
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    started.pid_ = child;
    started.fd_ = pipe_fds[0];
    started.output_ = output[0];
    return started;
}

ChildCall finish_child(StartedChild& started) {
    if (started.pid_ <= 0) throw std::logic_error("finish_child: no child started, or it was heard already");
    const pid_t child = std::exchange(started.pid_, -1);
    const int fd = std::exchange(started.fd_, -1);
    const int output = std::exchange(started.output_, -1);
    ChildCall call;
    std::string bytes;
    int status = 0;
    // Counts the complete 'P' frames read so far, resuming where the last look stopped.
    std::size_t scanned = 0, parts_seen = 0;
    auto progressed = [&](const std::string& so_far) {
        const std::size_t before = parts_seen;
        while (so_far.size() - scanned >= 1 + sizeof(std::uint64_t)) {
            std::uint64_t n = 0;
            std::memcpy(&n, so_far.data() + scanned + 1, sizeof n);
            if (so_far.size() - scanned - 1 - sizeof n < n) break;
            if (so_far[scanned] == 'P') ++parts_seen;
            scanned += 1 + sizeof n + n;
        }
        return parts_seen > before;
    };
    bool in_time = false;
    {
        OutputLines printed(printer(started.who_, {}, "a plugin's child process"));
        in_time = started.limit_per_part_ ? collect(child, fd, output, printed, started.deadline_, bytes, status, progressed, started.limit_)
                                          : collect(child, fd, output, printed, started.deadline_, bytes, status);
        printed.finish();
        call.part_printed = printed.lines_per_part();
        call.printed = printed.lines_since_last_part();
    }
    ::close(fd);
    if (output >= 0) ::close(output);
    if (!in_time) {
        call.ending = ChildCall::Ending::timed_out;
    } else if (WIFSIGNALED(status)) {
        call.ending = ChildCall::Ending::signalled;
        call.signal = WTERMSIG(status);
    }
    // The log lines the plugin wrote, in order, whatever became of the call; then its answer.
    std::optional<char> last;
    std::size_t at = 0;
    std::unique_lock gate(fork_gate());
    while (bytes.size() - at >= 1 + sizeof(std::uint64_t)) {
        const char tag = bytes[at];
        std::uint64_t n = 0;
        std::memcpy(&n, bytes.data() + at + 1, sizeof n);
        if (bytes.size() - at - 1 - sizeof n < n) break;  // cut off by the child's death
        std::string_view payload(bytes.data() + at + 1 + sizeof n, n);
        at += 1 + sizeof n + n;
        if (tag == 'L' && payload.size() >= 1) replay_log(payload);
        if (tag == 'P') call.parts.emplace_back(payload);
        if (tag == 'A' || tag == 'T') {
            last = tag;
            call.answer = std::string(payload);
        }
    }
    gate.unlock();
    if (call.ending == ChildCall::Ending::timed_out || call.ending == ChildCall::Ending::signalled) return call;
    if (WEXITSTATUS(status) != 0 || !last) {
        // The work never got to answer: the plugin ended the process itself.
        call.ending = ChildCall::Ending::exited;
        call.exit_code = WEXITSTATUS(status);
        call.answer.clear();
    } else {
        call.ending = *last == 'A' ? ChildCall::Ending::answered : ChildCall::Ending::threw;
    }
    return call;
}

ChildCall run_in_child(const std::function<std::string()>& work, std::chrono::milliseconds limit, bool limit_per_part,
                       const ChildSetup& setup) {
    StartedChild child = start_child(work, limit, limit_per_part, setup);
    return finish_child(child);
}

ServingChild::ServingChild(std::function<std::string(const std::string&)> serve, std::function<void()> started, ChildSetup setup)
    : serve_(std::move(serve)), started_(std::move(started)), setup_(std::move(setup)) {}

ServingChild::~ServingChild() { stop(); }

void ServingChild::stop() noexcept {
    // A copy of this object in another process (a child forked while it existed) owns nothing.
    if (owner_ != ::getpid()) {
        pid_ = fd_ = output_ = -1;
        return;
    }
    if (pid_ > 0) {
        end_group(pid_);
        wait_for(pid_, true);
    }
    if (fd_ >= 0) ::close(fd_);
    if (output_ >= 0) ::close(output_);
    pid_ = fd_ = output_ = -1;
}

void ServingChild::start() {
    std::unique_lock gate(fork_gate());
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        throw std::runtime_error(fmt::format("cannot create a socket pair to a plugin's child process: {}", std::strerror(errno)));
    const auto output = output_pipe();
    flush_everything();
    const pid_t host = ::getpid();
    const pid_t child = fork_contained(fds, output, setup_, "for a plugin's calls");
    if (child == 0) {
        ::close(fds[0]);
        channel_to_host = serving_channel = fds[1];
        try {
            if (started_) started_();
        } catch (...) {
            ::_exit(1);
        }
        serve_requests(fds[1], serve_);
    }
    ::close(fds[1]);
    pid_ = child;
    fd_ = fds[0];
    output_ = output[0];
    owner_ = host;
    child_core_ = -1;
}

ChildCall ServingChild::call(const std::string& request, std::chrono::milliseconds limit,
                             const std::function<std::string(const std::string&)>& answer_question, std::string_view call_name) {
    // A child that ended between calls (a signal to the whole process group, say, or its own end
    // after a call that left a process running) did not fail this call, which it never saw: a new
    // one takes it. What it printed since the last call is this call's.
    OutputLines printed(printer(setup_.who, call_name, "a plugin's child process"));
    std::string text;
    if (pid_ > 0 && wait_for(pid_, false).ended) {
        end_group(pid_);
        if (output_ >= 0) {
            read_available(output_, text, 1 << 20);
            OutputLines left(printer(setup_.who, call_name, "a plugin's child process that ended between calls"));
            left.take(text);
            ::close(output_);
        }
        ::close(fd_);
        pid_ = fd_ = output_ = -1;
    }
    if (pid_ <= 0) start();
    ChildCall call;
    auto deadline = Clock::now() + limit;
    // The child runs while the host waits: on the host's core, its wake-up is a switch on that
    // core, where waking it on another core costs an interrupt between cores (and an exit to the
    // hypervisor on a virtual machine) twice a call, most of what a call cost over trusted.
    if (const int core = ::sched_getcpu(); core >= 0 && core != child_core_) {
        cpu_set_t only;
        CPU_ZERO(&only);
        CPU_SET(core, &only);
        if (::sched_setaffinity(pid_, sizeof only, &only) == 0) child_core_ = core;
    }
    send_all(fd_, frame('C', request));  // a child gone meanwhile is found below, by its end
    std::string bytes;
    std::size_t at = 0;
    char buffer[65536];
    auto take_output = [&] {
        if (output_ < 0) return;
        text.clear();
        // At its end (the plugin closed its stdout and stderr) the pipe is no longer waited on:
        // it would wake the host at once, again and again.
        const bool open = read_available(output_, text, 1 << 20);
        printed.take(text);
        if (!open) {
            ::close(output_);
            output_ = -1;
        }
    };
    for (;;) {
        char tag = 0;
        std::string_view payload;
        while (take_frame(bytes, at, tag, payload)) {
            if (tag == 'L' && !payload.empty()) {
                std::lock_guard gate(fork_gate());
                replay_log(payload);
            } else if (tag == 'P') {
                call.parts.emplace_back(payload);
            } else if (tag == 'Q') {
                const auto asked = Clock::now();
                std::string reply;
                try {
                    reply = frame('R', answer_question(std::string(payload)));
                } catch (const std::exception& e) {
                    reply = frame('E', e.what());
                } catch (...) {
                    reply = frame('E', "an exception not derived from std::exception");
                }
                send_all(fd_, reply);
                deadline += Clock::now() - asked;  // the host's time, not the plugin's
            } else if (tag == 'A' || tag == 'T') {
                call.ending = tag == 'A' ? ChildCall::Ending::answered : ChildCall::Ending::threw;
                call.answer = std::string(payload);
                take_output();  // printed before the answer was sent, so all of it is in the pipe
                printed.finish();
                call.part_printed = printed.lines_per_part();
                call.printed = printed.lines_since_last_part();
                return call;
            }
        }
        if (at == bytes.size()) {
            bytes.clear();
            at = 0;
        }
        const auto now = Clock::now();
        if (now >= deadline) {
            take_output();
            stop();
            call.ending = ChildCall::Ending::timed_out;
            return call;
        }
        // Wait for the answer and for the child's output alike: a plugin printing more than the
        // pipe holds would otherwise wait for the host, which waits for its answer. The poll gives
        // up now and then, so that the time limit is looked at often enough.
        pollfd p[2]{{fd_, POLLIN, 0}, {output_, POLLIN, 0}};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
        const int ready = ::poll(p, 2, static_cast<int>(std::min<long long>(left, 20)) + 1);
        if (ready < 0 && errno != EINTR) break;
        if (ready <= 0) continue;
        if (p[1].revents != 0) take_output();
        if (p[0].revents == 0) continue;
        const ssize_t n = ::read(fd_, buffer, sizeof buffer);
        if (n > 0) {
            bytes.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
            break;  // the child ended (or closed its socket) without answering
        }
    }
    // No answer will come: wait for the child to end, until the time limit, and say how it did.
    int status = 0;
    for (;;) {
        take_output();
        if (const Waited w = wait_for(pid_, false); w.ended) {
            status = w.status;
            break;
        }
        const auto now = Clock::now();
        if (now >= deadline) {
            stop();
            call.ending = ChildCall::Ending::timed_out;
            return call;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
        if (const int pidfd = open_pidfd(pid_); pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)) + 1);
            ::close(pidfd);
        } else {
            ::usleep(100);
        }
    }
    end_group(pid_);
    take_output();
    ::close(fd_);
    if (output_ >= 0) ::close(output_);
    pid_ = fd_ = output_ = -1;
    if (WIFSIGNALED(status)) {
        call.ending = ChildCall::Ending::signalled;
        call.signal = WTERMSIG(status);
    } else {
        call.ending = ChildCall::Ending::exited;
        call.exit_code = WEXITSTATUS(status);
    }
    return call;
}

OutputSilenced::OutputSilenced() {
    flush_everything();
    const int nothing = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (nothing < 0) return;  // then the plugin's prints are seen: better than failing its load
    saved_out_ = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    saved_err_ = ::fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (saved_out_ >= 0) ::dup2(nothing, STDOUT_FILENO);
    if (saved_err_ >= 0) ::dup2(nothing, STDERR_FILENO);
    ::close(nothing);
}

OutputSilenced::~OutputSilenced() {
    flush_everything();
    if (saved_out_ >= 0) {
        ::dup2(saved_out_, STDOUT_FILENO);
        ::close(saved_out_);
    }
    if (saved_err_ >= 0) {
        ::dup2(saved_err_, STDERR_FILENO);
        ::close(saved_err_);
    }
}

std::string ask_host(const std::string& question) {
    if (serving_channel < 0) throw std::runtime_error("ask_host: this process is not a plugin's serving child");
    const std::string f = frame('Q', question);
    write_all(serving_channel, f.data(), f.size());
    char tag = 0;
    std::string answer;
    if (!read_frame(serving_channel, tag, answer)) ::_exit(0);  // the host hung up: nobody waits for this call
    if (tag == 'E') throw std::runtime_error(answer);
    if (tag != 'R') throw std::runtime_error(fmt::format("the host answered a question with a frame '{}', expected 'R'", tag));
    return answer;
}

bool send_part_to_host(std::string_view bytes) {
    if (channel_to_host < 0) return false;
    if (contained) {
        // What the plugin printed for this part goes first (its buffered stdio too), then the
        // mark: the host counts the lines before it as this part's (OutputLines).
        std::fflush(nullptr);
        const char mark[] = {part_mark, '\n'};
        if (::write(STDOUT_FILENO, mark, sizeof mark) < 0) {
            // The plugin closed its stdout: nothing it prints can reach the host either.
        }
    }
    const std::string f = frame('P', bytes);
    write_all(channel_to_host, f.data(), f.size());
    return true;
}

bool forward_log_to_host(std::string_view logger_name, int spdlog_level, std::string_view message) {
    if (channel_to_host < 0) return false;
    std::string payload(1, static_cast<char>(spdlog_level));
    payload.append(logger_name);
    payload.push_back('\0');
    payload.append(message);
    const std::string f = frame('L', payload);
    write_all(channel_to_host, f.data(), f.size());
    return true;
}

std::string describe_ending(const ChildCall& call, std::chrono::milliseconds limit) {
    switch (call.ending) {
        case ChildCall::Ending::answered: return "answered";
        case ChildCall::Ending::threw: return "threw: " + call.answer;
        case ChildCall::Ending::signalled:
            if (call.signal == SIGXCPU)
                return fmt::format("used up the CPU time its process may use (the [plugins] child_cpu_seconds limit) and was stopped "
                                   "with signal {} ({})", call.signal, ::strsignal(call.signal));
            return fmt::format("crashed with signal {} ({})", call.signal, ::strsignal(call.signal));
        case ChildCall::Ending::exited: return fmt::format("ended the process with exit({}) instead of returning", call.exit_code);
        case ChildCall::Ending::timed_out: {
            const auto ms = limit.count();
            return ms % 1000 == 0 ? fmt::format("did not return within {} s (the [plugins] call_timeout_seconds limit); stopped", ms / 1000)
                                  : fmt::format("did not return within {} ms; stopped", ms);
        }
    }
    return "?";
}

}  // namespace followup::core
