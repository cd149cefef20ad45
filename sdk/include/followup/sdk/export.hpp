// The one symbol a plugin exports, and the macro that writes it.
//
//     #include <followup/sdk.hpp>
//     class MyModel : public followup::sdk::BoardModel { ... public: explicit MyModel(followup::sdk::HostServices&); };
//     FOLLOWUP_EXPORT_PLUGIN(MyModel)
//
// The plugin's id, version and display name come from `followup_add_plugin()` in CMake (as the
// FOLLOWUP_PLUGIN_ID, FOLLOWUP_PLUGIN_VERSION and FOLLOWUP_PLUGIN_DISPLAY_NAME definitions), so
// the manifest beside the library and the record inside it cannot disagree.
#pragma once

#include <cstdint>

#include "followup/sdk/host.hpp"
#include "followup/sdk/plugin.hpp"
#include "followup/sdk/version.hpp"

#define FOLLOWUP_PLUGIN_MAGIC 0x46555031u  // "FUP1"

// The entry symbol's name carries the ABI version ("followup_plugin_entry_v3"), so the host can
// read a plugin's version from its symbol table without loading it, and so that a plugin built
// for another ABI has no symbol this host would look up by mistake.
#define FOLLOWUP_SDK_CAT_(a, b) a##b
#define FOLLOWUP_SDK_CAT(a, b) FOLLOWUP_SDK_CAT_(a, b)
#define FOLLOWUP_PLUGIN_ENTRY FOLLOWUP_SDK_CAT(followup_plugin_entry_v, FOLLOWUP_SDK_ABI_VERSION)
#define FOLLOWUP_PLUGIN_ENTRY_PREFIX "followup_plugin_entry_v"

extern "C" {
/// The version record. Plain C data, read by the host after loading and before calling anything.
struct followup_plugin_record {
    std::uint32_t magic;        ///< FOLLOWUP_PLUGIN_MAGIC
    std::uint32_t sdk_abi;      ///< FOLLOWUP_SDK_ABI_VERSION the plugin was built with (major)
    std::uint32_t sdk_abi_minor;  ///< FOLLOWUP_SDK_ABI_MINOR the plugin was built with (@since 3.0)
    const char* id;             ///< unique among the plugins of a host: "education"
    const char* version;        ///< the plugin's own version: "1.2.0"
    const char* display_name;   ///< "Utbildningsnämndens uppföljningsmodell"
    /// Makes the model. Called once per load, after the record was checked. Ownership of the
    /// result passes to the host, which deletes it through the virtual destructor. May throw;
    /// the host refuses the plugin with the message.
    followup::sdk::BoardModel* (*create)(followup::sdk::HostServices& host);
};
}

#if defined(FOLLOWUP_PLUGIN_ID) && defined(FOLLOWUP_PLUGIN_VERSION) && defined(FOLLOWUP_PLUGIN_DISPLAY_NAME)
#define FOLLOWUP_EXPORT_PLUGIN(ModelClass)                                                          \
    extern "C" __attribute__((visibility("default"))) const followup_plugin_record FOLLOWUP_PLUGIN_ENTRY{ \
        FOLLOWUP_PLUGIN_MAGIC,                                                                      \
        FOLLOWUP_SDK_ABI_VERSION,                                                                   \
        FOLLOWUP_SDK_ABI_MINOR,                                                                     \
        FOLLOWUP_PLUGIN_ID,                                                                         \
        FOLLOWUP_PLUGIN_VERSION,                                                                    \
        FOLLOWUP_PLUGIN_DISPLAY_NAME,                                                               \
        [](followup::sdk::HostServices& host) -> followup::sdk::BoardModel* { return new ModelClass(host); }, \
    };
#else
#define FOLLOWUP_EXPORT_PLUGIN(ModelClass) \
    static_assert(false, "FOLLOWUP_EXPORT_PLUGIN needs the plugin built with followup_add_plugin() in CMake");
#endif
