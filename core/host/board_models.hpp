// Binding a municipality's boards to their plugins: each board's plugin is found, loaded and
// configured from the board's [model] table; whatever goes wrong becomes a located Diagnostic.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "config/municipality_config.hpp"
#include "host/plugin_host.hpp"

namespace followup::core {

struct BoardModels {
    std::map<std::string, std::shared_ptr<LoadedPlugin>> by_board;  ///< board id → its configured plugin
    std::vector<PluginListing> listings;                             ///< what discovery found
};

/// The plugin folders a configuration uses: plugin_search_path() with its plugin_dirs (the bundled
/// folder, then plugin_dirs, then $FOLLOWUP_PLUGIN_PATH).
std::vector<std::filesystem::path> plugin_directories(const MunicipalityConfig& config);

/// How a host for this configuration calls plugins: the process's default (isolated unless
/// --trust-plugins) with the configuration's [plugins] call_timeout_seconds.
PluginCalls plugin_calls_for(const MunicipalityConfig& config);

/// Loads and configures every board's plugin. A board whose plugin is missing, refused or
/// rejects its table is left out of `by_board`, with the reasons in `diagnostics`.
///
/// The scales a plugin ships (ModelDescription::scales) are added to `config.scales` when it is
/// loaded — refused, with the reason, if the id is taken by a built-in, configured or another
/// plugin's scale — and a board without a `scale` key grades on its model's scale.
BoardModels configure_board_models(MunicipalityConfig& config, PluginHost& host, Diagnostics& diagnostics);

}  // namespace followup::core
