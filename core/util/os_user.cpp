#include "util/os_user.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace followup::core {

std::string os_user() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) return pw->pw_name;
    // A container's user without a passwd entry: the environment's name, else the number itself,
    // which still says who it was to whoever administers the machine.
    if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
    return "uid " + std::to_string(::geteuid());
}

}  // namespace followup::core
