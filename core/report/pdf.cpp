#include "report/pdf.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "util/atomic_file.hpp"

extern char** environ;

namespace followup::core {

namespace fs = std::filesystem;

namespace {
constexpr const char* typesetter = "weasyprint";

/// The last lines of the typesetter's output, for the error message.
std::string tail_of(const fs::path& log, std::size_t lines) {
    std::ifstream in(log);
    std::vector<std::string> all;
    for (std::string line; std::getline(in, line);) all.push_back(line);
    std::string out;
    for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) out += "\n  " + all[i];
    return out;
}
}  // namespace

bool pdf_typesetter_available() {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && ::access((fs::path(dir) / typesetter).c_str(), X_OK) == 0) return true;
    return false;
}

void write_pdf(const fs::path& html_file, const fs::path& pdf_file, int timeout_seconds) {
    if (!pdf_typesetter_available())
        throw std::runtime_error(fmt::format("cannot write '{}': the PDF is typeset by WeasyPrint, which is not installed "
                                             "(Debian: apt-get install weasyprint)",
                                             pdf_file.string()));
    // The typesetter writes a temporary file that is renamed over the PDF only when it succeeded
    // (util/atomic_file): a failed or killed run leaves no half PDF.
    write_file_atomically(pdf_file, [&](const fs::path& part) {
        const fs::path log = part.string() + ".log";
        std::error_code ignored;
        // Run as a program, not through a shell: no path is ever parsed as shell syntax.
        std::vector<std::string> args{typesetter, "--quiet", "--pdf-variant", "pdf/ua-1", html_file.string(), part.string()};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
        pid_t pid = 0;
        const int spawned = posix_spawnp(&pid, typesetter, &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0) {
            fs::remove(log, ignored);
            throw std::runtime_error(fmt::format("cannot start {} ({}); check that it runs: {} --version", typesetter,
                                                 std::strerror(spawned), typesetter));
        }
        // Wait, with a limit: a typesetter that hangs must not hang the compilation.
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
        int status = 0;
        while (::waitpid(pid, &status, WNOHANG) != pid) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(pid, SIGKILL);
                ::waitpid(pid, &status, 0);
                fs::remove(log, ignored);
                throw std::runtime_error(fmt::format("{} did not finish '{}' within {} s; the HTML beside it is complete "
                                                     "(compile --format html,md,json,xlsx writes the rest without the PDF)",
                                                     typesetter, pdf_file.string(), timeout_seconds));
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the typesetter takes seconds
        }
        const std::string output = tail_of(log, 8);
        fs::remove(log, ignored);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !fs::exists(part))
            throw std::runtime_error(fmt::format("{} could not typeset '{}' (exit {}):{}", typesetter, html_file.string(),
                                                 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status), output));
    });
}

}  // namespace followup::core
