// Helpers every test may use, with nothing of the core: temporary folders, files, running a
// command, the paths of the test plugins. The CLI tests (cli_support.hpp) need no more, and
// link no core domain.
#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <sys/wait.h>

namespace followup::test {

namespace fs = std::filesystem;

/// A fresh folder under the system's temp dir, removed with its contents at the end of scope.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("followup-test-" + std::to_string(rd()) + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

inline void write_file(const fs::path& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct CommandResult {
    int exit_code = -1;
    std::string output;  ///< stdout and stderr together
};

/// Runs a shell command, capturing its output and exit code.
inline CommandResult run(const std::string& command) {
    CommandResult result;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

inline std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

/// The folder holding the test plugin built with `variant` (see tests/CMakeLists.txt).
inline fs::path test_plugin_dir(const std::string& variant) { return fs::path(FOLLOWUP_TEST_PLUGIN_ROOT) / variant; }
inline fs::path test_plugin(const std::string& variant) { return test_plugin_dir(variant) / ("test_" + variant + ".so"); }

}  // namespace followup::test
