// The SDK's version. Read this first: it says what "compatible" means between a host and a plugin.
#pragma once

#include <cstdint>

// The ABI version changes whenever a type or interface that crosses the plugin boundary changes
// in a way that makes an old plugin unsafe to call (a virtual function added, removed or
// reordered; a member added to a struct passed by value; a different toml++ major version).
// The host refuses a plugin whose ABI version differs from its own; it does not guess.
#define FOLLOWUP_SDK_ABI_VERSION 2

// The release of the SDK library and headers; informational, shown by `followup --version`.
#define FOLLOWUP_SDK_VERSION_STRING "0.2.0"

namespace followup::sdk::inline v2 {

inline constexpr std::uint32_t abi_version = FOLLOWUP_SDK_ABI_VERSION;

/// The version of the SDK library the process actually loaded (not the headers compiled
/// against). A host compares it with `abi_version` to catch a mismatched libfollowup_sdk.so.
/// @since 0.1
std::uint32_t loaded_abi_version() noexcept;

}  // namespace followup::sdk::inline v2
