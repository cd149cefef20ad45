// The SDK's version. Read this first: it says what "compatible" means between a host and a plugin.
#pragma once

#include <cstdint>

// The compatibility rule (from SDK 3 on; CLAP's clap_version_is_compatible and obs-studio's
// module loader work the same way):
//  - the ABI *major* version changes when a plugin built for the old one would be unsafe to
//    call: a virtual function added, removed or reordered, any struct that crosses the boundary
//    changed in size or layout, a changed meaning. The host refuses a plugin of another major
//    version and says which version the plugin has and which it expects;
//  - the ABI *minor* version counts additions that an older plugin cannot notice: a new optional
//    interface looked up by id (BoardModel::extension, HostServices::extension — a plugin or host
//    that does not know the id answers nullptr), a new free function in the SDK library. No
//    struct grows within a major version. The host accepts a plugin of its own major version and
//    any minor version up to its own; a plugin built for a newer minor version is refused (it
//    may ask for what this host lacks).
// SDK 3 is meant to be the last breaking bump for a long time: new capabilities come as
// extensions, never as changes to the functions below.
#define FOLLOWUP_SDK_ABI_VERSION 3
#define FOLLOWUP_SDK_ABI_MINOR 0

// The release of the SDK library and headers: ABI major.minor.patch.
#define FOLLOWUP_SDK_VERSION_STRING "3.0.1"

// One place opens the versioned namespace, so that a major bump is one edit (fmt does the same
// with FMT_BEGIN_NAMESPACE). The inline namespace puts the ABI major version into every mangled
// name, so a plugin built for another major version cannot bind to this library by accident.
#define FOLLOWUP_SDK_BEGIN_NAMESPACE namespace followup::sdk { inline namespace v3 {
#define FOLLOWUP_SDK_END_NAMESPACE } }

FOLLOWUP_SDK_BEGIN_NAMESPACE

inline constexpr std::uint32_t abi_version = FOLLOWUP_SDK_ABI_VERSION;
inline constexpr std::uint32_t abi_minor = FOLLOWUP_SDK_ABI_MINOR;

/// Whether a host of this SDK can load a plugin built for `major`.`minor` (the rule above).
/// Called by the host before it calls any plugin code. @since 3.0
constexpr bool abi_is_compatible(std::uint32_t major, std::uint32_t minor) noexcept {
    return major == abi_version && minor <= abi_minor;
}

/// The version of the SDK library the process actually loaded (not the headers compiled
/// against). A host compares it with `abi_version` to catch a mismatched libfollowup_sdk.so.
/// @since 0.1
std::uint32_t loaded_abi_version() noexcept;

FOLLOWUP_SDK_END_NAMESPACE
