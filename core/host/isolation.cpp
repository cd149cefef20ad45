#include "host/isolation.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <stdexcept>

namespace followup::core {

IsolatedRun run_isolated(const std::function<int(const std::function<void(std::string_view)>& stage)>& work) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) throw std::runtime_error("cannot create a pipe to a child process");
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child < 0) throw std::runtime_error("cannot fork a child process");
    if (child == 0) {
        ::close(pipe_fds[0]);
        const int out = pipe_fds[1];
        auto stage = [out](std::string_view name) {
            std::string line(name);
            line += '\n';
            [[maybe_unused]] auto written = ::write(out, line.data(), line.size());
        };
        int code = 1;
        try {
            code = work(stage);
        } catch (const std::exception& e) {
            std::cerr << "error: " << e.what() << '\n';
        }
        std::cout.flush();
        std::cerr.flush();
        std::fflush(nullptr);
        ::_exit(code);
    }
    ::close(pipe_fds[1]);
    IsolatedRun run;
    std::string pending;
    char buffer[256];
    ssize_t n = 0;
    while ((n = ::read(pipe_fds[0], buffer, sizeof buffer)) > 0) pending.append(buffer, static_cast<std::size_t>(n));
    ::close(pipe_fds[0]);
    if (!pending.empty()) {
        pending.pop_back();  // the last '\n'
        run.last_stage = pending.substr(pending.rfind('\n') == std::string::npos ? 0 : pending.rfind('\n') + 1);
    }
    int status = 0;
    while (::waitpid(child, &status, 0) < 0) {
    }
    if (WIFSIGNALED(status)) {
        run.crashed = true;
        run.signal = WTERMSIG(status);
    } else {
        run.exit_code = WEXITSTATUS(status);
    }
    return run;
}

}  // namespace followup::core
