// The register's files' rights (private_files.hpp).
#include "util/private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace followup::core {
namespace {

std::optional<::gid_t>& configured_group() {
    static std::optional<::gid_t> group;
    return group;
}

[[noreturn]] void refuse(const std::filesystem::path& file, const std::string& what, int error) {
    throw std::runtime_error("cannot make '" + file.string() + "' private to its owner" +
                             (configured_group() ? " and the group of [register] group" : std::string()) + ": " + what + ": " +
                             std::strerror(error));
}

}  // namespace

void set_register_group(std::optional<::gid_t> group) { configured_group() = group; }
std::optional<::gid_t> register_group() { return configured_group(); }

::mode_t private_file_mode() { return configured_group() ? 0640 : 0600; }

void make_private(int fd, const std::filesystem::path& file) {
    if (const auto group = configured_group(); group && ::fchown(fd, static_cast<::uid_t>(-1), *group) != 0)
        refuse(file, "giving it to the group (is its owner a member of it?)", errno);
    if (::fchmod(fd, private_file_mode()) != 0) refuse(file, "setting its mode", errno);
}

void make_private(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ENOENT) return;
        refuse(file, "opening it", errno);
    }
    try {
        make_private(fd, file);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
}

int open_private(const std::filesystem::path& file, int flags) {
    const int fd = ::open(file.c_str(), flags, private_file_mode());
    if (fd < 0) return -1;
    try {
        make_private(fd, file);
    } catch (...) {
        ::close(fd);
        ::unlink(file.c_str());
        throw;
    }
    return fd;
}

}  // namespace followup::core
