// The officer's desk (issue 33): `followup serve`, the officers' web front on the register.
// A front like cli/: it signs officers in, shows their boards' work and passes what they record
// to the use-case floor (core/app), with the officer as the one on whose behalf it is written.
// It never reaches the store: it compiles with the view cli/ has (core/CMakeLists.txt).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/register_options.hpp"

namespace followup::core::desk {

struct ServeOptions {
    RegisterOptions options;             ///< the configuration and the register (actor: ignored, the officer is)
    std::string listen = "127.0.0.1:8080";  ///< HOST:PORT; port 0 takes a free one
    bool secure_cookies = false;         ///< --secure-cookies (or [desk] secure_cookies): the desk is reached over TLS
};

/// Serves until the process is stopped (SIGINT, SIGTERM). `started` is called once the socket
/// listens, with the address it listens on ("http://127.0.0.1:8080/"). Returns the problems
/// that kept it from serving (a bad --listen, a port taken, an invalid configuration); empty
/// after a clean stop.
std::vector<std::string> serve(const ServeOptions& options, const std::function<void(const std::string&)>& started);

}  // namespace followup::core::desk
