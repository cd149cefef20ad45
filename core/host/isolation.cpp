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

#include <cerrno>
#include <cstdio>
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

/// Reads the child's answer until it closes the pipe and ends, or the time limit. Returns false
/// at the time limit (the child is then killed and reaped). `progressed(bytes)`, when given, is
/// asked after each read whether the child finished another part; if so the limit starts again.
bool collect(pid_t child, int fd, Clock::time_point deadline, std::string& bytes, int& status,
             const std::function<bool(const std::string&)>& progressed = {}, std::chrono::milliseconds limit = {}) {
    char buffer[65536];
    bool open = true;
    for (;;) {
        const auto now = Clock::now();
        if (now >= deadline) {
            ::kill(child, SIGKILL);
            wait_for(child, true);
            return false;
        }
        if (!open) {
            // The answer is complete; the child should end at once, but a plugin may have closed
            // the pipe itself and gone on running. Waiting on a pidfd wakes the moment it ends (a
            // sleep-and-look loop cost a millisecond a call, most of what a call cost).
            if (const Waited w = wait_for(child, false); w.ended) {
                status = w.status;
                return true;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
            if (const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, child, 0)); pidfd >= 0) {
                pollfd p{pidfd, POLLIN, 0};
                ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)) + 1);
                ::close(pidfd);
            } else {
                ::usleep(100);
            }
            continue;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count();
        pollfd p{fd, POLLIN, 0};
        const int ready = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)) + 1);
        if (ready < 0 && errno != EINTR) open = false;
        if (ready > 0) {
            const ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n > 0) {
                bytes.append(buffer, static_cast<std::size_t>(n));
                if (progressed && progressed(bytes)) {
                    deadline = Clock::now() + limit;
                    // A child sending many parts (a thousand assessments) would wake the host for
                    // each, two context switches a part; a millisecond here lets the parts of that
                    // millisecond come in one read. The child never waits for it: a pipe holds 64 KiB.
                    ::usleep(1000);
                }
            } else if (n == 0 || errno != EINTR) {
                open = false;
            }
        } else if (ready == 0) {
            // A grandchild the plugin started may hold the pipe open after the child ended.
            if (const Waited w = wait_for(child, false); w.ended) {
                int flags = ::fcntl(fd, F_GETFL);
                ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
                ssize_t n = 0;
                while ((n = ::read(fd, buffer, sizeof buffer)) > 0) bytes.append(buffer, static_cast<std::size_t>(n));
                status = w.status;
                return true;
            }
        }
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

/// A ServingChild's life: each 'C' frame from the host is a request, answered with one 'A' (or
/// 'T') frame, after any 'L', 'P' and 'Q' frames the work sends on the way. Ends when the host
/// hangs up.
[[noreturn]] void serve_requests(int fd, const std::function<std::string(const std::string&)>& serve) {
    char tag = 0;
    std::string request;
    for (;;) {
        if (!read_frame(fd, tag, request) || tag != 'C') ::_exit(0);
        std::string message;
        try {
            message = frame('A', serve(request));
        } catch (const std::exception& e) {
            message = frame('T', e.what());
        } catch (...) {
            message = frame('T', "an exception not derived from std::exception");
        }
        // What the plugin printed comes out now, call by call, not when a buffer fills.
        flush_everything();
        write_all(fd, message.data(), message.size());
    }
}

}  // namespace

namespace {
/// Forks; when no child can be made, closes the channel's two ends (`fds`) and throws, naming
/// what the child was for.
pid_t fork_or_throw(const int (&fds)[2], std::string_view for_what) {
    const pid_t child = ::fork();
    if (child < 0) {
        const int error = errno;
        ::close(fds[0]);
        ::close(fds[1]);
        throw std::runtime_error(fmt::format("cannot fork a child process {}: {}", for_what, std::strerror(error)));
    }
    return child;
}
}  // namespace

IsolatedRun run_isolated(const std::function<int(const std::function<void(std::string_view)>& stage)>& work,
                         std::chrono::milliseconds limit) {
    std::unique_lock gate(fork_gate());
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw std::runtime_error("cannot create a pipe to a child process");
    flush_everything();
    const auto deadline = Clock::now() + limit;
    const pid_t child = fork_or_throw(pipe_fds, "for a plugin check");
    if (child == 0) {
        default_fatal_signals();
        ::close(pipe_fds[0]);
        const int out = pipe_fds[1];
        auto stage = [out](std::string_view name) {
            std::string line(name);
            line += '\n';
            write_all(out, line.data(), line.size());
        };
        int code = 1;
        try {
            code = work(stage);
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << '\n';
        }
        flush_everything();
        ::_exit(code);
    }
    ::close(pipe_fds[1]);
    gate.unlock();
    IsolatedRun run;
    std::string pending;
    int status = 0;
    run.timed_out = !collect(child, pipe_fds[0], deadline, pending, status);
    ::close(pipe_fds[0]);
    if (!pending.empty()) {
        if (pending.back() == '\n') pending.pop_back();
        run.last_stage = pending.substr(pending.rfind('\n') == std::string::npos ? 0 : pending.rfind('\n') + 1);
    }
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
        deadline_ = other.deadline_;
        limit_ = other.limit_;
        limit_per_part_ = other.limit_per_part_;
    }
    return *this;
}

StartedChild::~StartedChild() {
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait_for(pid_, true);
    }
    if (fd_ >= 0) ::close(fd_);
    pid_ = fd_ = -1;
}

StartedChild start_child(const std::function<std::string()>& work, std::chrono::milliseconds limit, bool limit_per_part) {
    std::unique_lock gate(fork_gate());
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0)
        throw std::runtime_error(fmt::format("cannot create a pipe to a child process: {}", std::strerror(errno)));
    flush_everything();
    StartedChild started;
    started.deadline_ = Clock::now() + limit;
    started.limit_ = limit;
    started.limit_per_part_ = limit_per_part;
    const pid_t child = fork_or_throw(pipe_fds, "for a plugin call");
    if (child == 0) {
        default_fatal_signals();
        ::close(pipe_fds[0]);
        channel_to_host = pipe_fds[1];
        std::string message;
        try {
            message = frame('A', work());
        } catch (const std::exception& e) {
            message = frame('T', e.what());
        } catch (...) {
            message = frame('T', "an exception not derived from std::exception");
        }
        write_all(pipe_fds[1], message.data(), message.size());
        ::_exit(0);
    }
    ::close(pipe_fds[1]);
    started.pid_ = child;
    started.fd_ = pipe_fds[0];
    return started;
}

ChildCall finish_child(StartedChild& started) {
    if (started.pid_ <= 0) throw std::logic_error("finish_child: no child started, or it was heard already");
    const pid_t child = std::exchange(started.pid_, -1);
    const int fd = std::exchange(started.fd_, -1);
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
    const bool in_time = started.limit_per_part_ ? collect(child, fd, started.deadline_, bytes, status, progressed, started.limit_)
                                                 : collect(child, fd, started.deadline_, bytes, status);
    ::close(fd);
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

ChildCall run_in_child(const std::function<std::string()>& work, std::chrono::milliseconds limit, bool limit_per_part) {
    StartedChild child = start_child(work, limit, limit_per_part);
    return finish_child(child);
}

ServingChild::ServingChild(std::function<std::string(const std::string&)> serve, std::function<void()> started)
    : serve_(std::move(serve)), started_(std::move(started)) {}

ServingChild::~ServingChild() { stop(); }

void ServingChild::stop() noexcept {
    // A copy of this object in another process (a child forked while it existed) owns nothing.
    if (owner_ != ::getpid()) {
        pid_ = fd_ = -1;
        return;
    }
    if (pid_ > 0) {
        ::kill(pid_, SIGKILL);
        wait_for(pid_, true);
    }
    if (fd_ >= 0) ::close(fd_);
    pid_ = fd_ = -1;
}

void ServingChild::start() {
    std::unique_lock gate(fork_gate());
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0)
        throw std::runtime_error(fmt::format("cannot create a socket pair to a plugin's child process: {}", std::strerror(errno)));
    flush_everything();
    const pid_t host = ::getpid();
    // PR_SET_PDEATHSIG fires when the thread that forked ends, not the process: only from the
    // main thread is that the host's end.
    const bool from_main_thread = ::syscall(SYS_gettid) == host;
    const pid_t child = fork_or_throw(fds, "for a plugin's calls");
    if (child == 0) {
        default_fatal_signals();
        if (from_main_thread) ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != host) ::_exit(0);  // the host ended before prctl took effect
        ::close(fds[0]);
        channel_to_host = serving_channel = fds[1];
        // The host's stdout is the host's (an export may be written there): a plugin's prints go to stderr.
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        try {
            if (started_) started_();
        } catch (...) {
            ::_exit(1);
        }
        serve_requests(fds[1], serve_);
    }
    ::close(fds[1]);
    const timeval look_again{0, 20'000};  // 20 ms: how late call() may notice the time limit
    ::setsockopt(fds[0], SOL_SOCKET, SO_RCVTIMEO, &look_again, sizeof look_again);
    pid_ = child;
    fd_ = fds[0];
    owner_ = host;
    child_core_ = -1;
}

ChildCall ServingChild::call(const std::string& request, std::chrono::milliseconds limit,
                             const std::function<std::string(const std::string&)>& answer_question) {
    // A child that ended between calls (a signal to the whole process group, say) did not fail
    // this call, which it never saw: a new one takes it.
    if (pid_ > 0 && wait_for(pid_, false).ended) {
        ::close(fd_);
        pid_ = fd_ = -1;
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
                return call;
            }
        }
        if (at == bytes.size()) {
            bytes.clear();
            at = 0;
        }
        const auto now = Clock::now();
        if (now >= deadline) {
            stop();
            call.ending = ChildCall::Ending::timed_out;
            return call;
        }
        // A read that gives up after the socket's receive timeout (start()), so that the time
        // limit is looked at often enough: one system call a wake-up, where poll and read took two
        // (a call with a question to the host wakes the host three times).
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
        if (const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0)); pidfd >= 0) {
            pollfd p{pidfd, POLLIN, 0};
            ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)) + 1);
            ::close(pidfd);
        } else {
            ::usleep(100);
        }
    }
    ::close(fd_);
    pid_ = fd_ = -1;
    if (WIFSIGNALED(status)) {
        call.ending = ChildCall::Ending::signalled;
        call.signal = WTERMSIG(status);
    } else {
        call.ending = ChildCall::Ending::exited;
        call.exit_code = WEXITSTATUS(status);
    }
    return call;
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
