#include "host/board_models.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace followup::core {
namespace fs = std::filesystem;

std::vector<fs::path> plugin_directories(const MunicipalityConfig& config) {
    return plugin_search_path(config.plugin_dirs, {});
}

PluginCalls plugin_calls_for(const MunicipalityConfig& config) {
    PluginCalls calls = default_plugin_calls();
    calls.time_limit = std::chrono::seconds(config.plugin_call_timeout_seconds);
    if (config.plugin_child_memory_mib) calls.limits.memory_mib = *config.plugin_child_memory_mib;
    if (config.plugin_child_cpu_seconds) calls.limits.cpu_seconds = *config.plugin_child_cpu_seconds;
    return calls;
}

BoardModels configure_board_models(MunicipalityConfig& config, PluginHost& host, Diagnostics& diagnostics) {
    BoardModels result;
    std::map<std::string, std::string> shipped_by;  // scale id → the plugin that shipped it
    const auto directories = plugin_directories(config);
    result.listings = host.discover(directories);
    std::map<std::string, std::shared_ptr<LoadedPlugin>> loaded;

    for (BoardSettings& board : config.boards) {
        if (board.board.id.empty() || board.plugin_id.empty()) continue;  // already reported
        auto at_board = [&](std::string key, std::string message) {
            diagnostics.push_back({board.origin.file, board.origin.line, board.origin.column, std::move(key),
                                   std::move(message), ""});
        };
        auto listing = std::find_if(result.listings.begin(), result.listings.end(), [&](const PluginListing& l) {
            return l.manifest && l.manifest->id == board.plugin_id && !(l.refusal && l.refusal->reason == Refusal::duplicate_id);
        });
        if (listing == result.listings.end()) {
            std::vector<std::string> ids, folders;
            for (const auto& l : result.listings)
                if (l.manifest) ids.push_back(l.manifest->id);
            for (const auto& d : directories) folders.push_back(d.string());
            at_board("board.plugin", fmt::format("names plugin '{}', which is not installed in {}; installed: {}",
                                                 board.plugin_id, fmt::join(folders, ", "),
                                                 ids.empty() ? std::string("none") : fmt::format("{}", fmt::join(ids, ", "))));
            continue;
        }
        if (listing->refusal) {
            at_board("board.plugin", fmt::format("plugin '{}' cannot be loaded ({}): {}", board.plugin_id,
                                                 to_string(listing->refusal->reason), listing->refusal->message));
            continue;
        }
        std::shared_ptr<LoadedPlugin>& plugin = loaded[board.plugin_id];
        if (!plugin) {
            LoadOutcome outcome = host.load(listing->manifest->file);
            if (!outcome) {
                at_board("board.plugin", fmt::format("plugin '{}' was refused ({}): {}", board.plugin_id,
                                                     to_string(outcome.refusal->reason), outcome.refusal->message));
                loaded.erase(board.plugin_id);
                continue;
            }
            plugin = outcome.plugin;
        }
        try {
            const sdk::ModelDescription model = plugin->describe();
            const bool serves = std::any_of(model.boards.begin(), model.boards.end(),
                                            [&](const sdk::Board& b) { return b.id == board.board.id; });
            if (!serves) {
                std::vector<std::string> ids;
                for (const auto& b : model.boards) ids.push_back(b.id);
                at_board("board.id", fmt::format("is '{}', but plugin '{}' serves the board(s): {}", board.board.id,
                                                 plugin->id(), fmt::join(ids, ", ")));
            }
            // Scales the model ships are checked like configured ones (the GradingScale in hand is
            // already well-formed) and must not shadow another scale.
            for (const sdk::GradingScale& scale : model.scales) {
                if (auto by = shipped_by.find(scale.id()); by != shipped_by.end() && by->second == plugin->id()) continue;
                if (config.scales.find(scale.id()) != nullptr) {
                    at_board("board.plugin", fmt::format("plugin '{}' ships scale '{}', but a scale with that id is already defined "
                                                         "(built in, in the configuration or by another plugin); expected a new id",
                                                         plugin->id(), scale.id()));
                    continue;
                }
                config.scales.add(scale);
                shipped_by[scale.id()] = plugin->id();
            }
            if (board.scale_id.empty()) board.scale_id = model.scale_id;
            if (config.scales.find(board.scale_id) == nullptr)
                at_board("board.scale", fmt::format("is '{}', which is neither built in, configured nor shipped by plugin '{}'",
                                                    board.scale_id, plugin->id()));
            if (!board.scale_id.empty() && model.scale_id != board.scale_id)
                at_board("board.scale", fmt::format("is '{}', but plugin '{}' grades on scale '{}'", board.scale_id,
                                                    plugin->id(), model.scale_id));
            const auto model_line = board.model.source().begin.line;
            bool clean = serves;
            for (const sdk::ConfigIssue& issue : plugin->configure(config.setup_of(board), board.model)) {
                clean = false;
                diagnostics.push_back({board.origin.file, issue.line != 0 ? issue.line : model_line,
                                       issue.line != 0 ? issue.column : 0, "model." + issue.key_path, issue.message,
                                       plugin->id()});
            }
            if (clean) result.by_board[board.board.id] = plugin;
        } catch (const PluginCallError& e) {
            diagnostics.push_back({board.origin.file, board.origin.line, board.origin.column, "model", e.what(), plugin->id()});
        }
    }
    return result;
}

}  // namespace followup::core
