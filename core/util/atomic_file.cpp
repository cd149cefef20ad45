#include "util/atomic_file.hpp"
#include "util/private_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace followup::core {
namespace fs = std::filesystem;

namespace {

/// Beside the target, so the rename stays on one file system and is atomic.
fs::path temporary_beside(const fs::path& file) {
    return file.parent_path() / ("." + file.filename().string() + ".tmp-" + std::to_string(::getpid()));
}

[[noreturn]] void fail(const fs::path& file, const fs::path& temporary, const std::string& what, int error) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw std::runtime_error("cannot write '" + file.string() + "': " + what + ": " + std::strerror(error));
}

}  // namespace

void write_file_atomically(const fs::path& file, std::string_view text, FileReaders readers) {
    const fs::path temporary = temporary_beside(file);
    // Owner only: the register's rights (private_files.hpp), its owner's or also its group's to read.
    const int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    const int fd = readers == FileReaders::owner_only ? open_private(temporary, flags) : ::open(temporary.c_str(), flags, 0644);
    if (fd < 0) fail(file, temporary, "cannot create a file in its folder", errno);
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, data, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            const int error = errno;
            ::close(fd);
            fail(file, temporary, "writing", error);
        }
        data += n;
        left -= static_cast<std::size_t>(n);
    }
    // Without the flush, a crash right after the rename could leave an empty file under the name.
    if (::fsync(fd) != 0) {
        const int error = errno;
        ::close(fd);
        fail(file, temporary, "flushing to disk", error);
    }
    if (::close(fd) != 0) fail(file, temporary, "closing", errno);
    if (::rename(temporary.c_str(), file.c_str()) != 0) fail(file, temporary, "renaming the finished file into place", errno);
}

void write_file_atomically(const fs::path& file, const std::function<void(const fs::path& temporary)>& write) {
    const fs::path temporary = temporary_beside(file);
    try {
        write(temporary);
    } catch (...) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw;
    }
    if (::rename(temporary.c_str(), file.c_str()) != 0) fail(file, temporary, "renaming the finished file into place", errno);
}

}  // namespace followup::core
