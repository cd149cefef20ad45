// Exceptions that cross the plugin boundary.
#pragma once

#include <stdexcept>
#include <string>

#include "followup/sdk/version.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

/// Base of every exception the SDK defines. A plugin may throw it (or any std::exception) from
/// any interface function; the host catches it at the boundary and reports it with the plugin's
/// id and the function that threw. The destructor is defined in the SDK library so that there is
/// exactly one type_info for it in the process, which is what makes `catch` work across libraries.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    ~Error() override;
};

/// Thrown by an SDK helper handed something it cannot accept (an unknown grade level, an invalid
/// scale definition). The message names what was found and what was expected.
class InvalidArgument : public Error {
public:
    using Error::Error;
    ~InvalidArgument() override;
};

FOLLOWUP_SDK_END_NAMESPACE
