// The plugin self-check (`followup plugins check`), the plugin listing and the configuration
// check (`followup validate`): what the CLI runs and prints, kept in the host's room so the CLI
// only parses, calls and prints.
#include "host/self_check.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "calendar/swedish_calendar.hpp"
#include "config/municipality_config.hpp"
#include "host/board_models.hpp"
#include "host/plugin_host.hpp"
#include "scales/scale_registry.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {

constexpr int exit_ok = 0, exit_problem = 1;

/// What a plugin reads while it is checked, or while a configuration is validated: nothing has
/// been recorded. (The register itself is a higher room; the host does not reach up to it.)
class EmptyRegister final : public sdk::RegisterView {
public:
    std::vector<sdk::Provider> providers_in_area(std::string_view) const override { return {}; }
    std::vector<sdk::Authorization> authorizations(std::string_view, std::string_view) const override { return {}; }
    std::vector<sdk::Unit> units_of(std::string_view) const override { return {}; }
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view, std::string_view) const override { return {}; }
    std::vector<sdk::Finding> findings(std::string_view) const override { return {}; }
    std::vector<sdk::Decision> decisions(std::string_view) const override { return {}; }
    std::vector<sdk::ProcessStep> steps(std::string_view) const override { return {}; }
    std::optional<sdk::Closure> closure(std::string_view) const override { return std::nullopt; }
    std::optional<sdk::Assessment> stored_assessment(std::string_view) const override { return std::nullopt; }
    std::vector<sdk::Signal> signals(std::string_view, std::string_view) const override { return {}; }
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view, std::string_view) const override { return {}; }
};

/// The core services a command hands to plugins.
struct Core {
    EmptyRegister register_view;
    ScaleRegistry scales = ScaleRegistry::with_builtin_scales();
    SwedishCalendar calendar;
    HostContext context() const { return {register_view, scales, calendar}; }
};

std::string_view requirement_name(sdk::Requirement r) {
    switch (r) {
        case sdk::Requirement::good_quality: return "good quality";
        case sdk::Requirement::uniform_assessment: return "uniform assessment";
        case sdk::Requirement::predictable: return "predictable follow-up";
    }
    return "?";
}

}  // namespace

int list_plugins(const std::vector<fs::path>& directories, std::ostream& out) {
    Core core;
    PluginHost host(core.context());
    const auto listings = host.discover(directories);
    out << "Plugin folders: ";
    for (std::size_t i = 0; i < directories.size(); ++i) out << (i ? ", " : "") << directories[i].string();
    out << "\n";
    if (listings.empty()) {
        out << "No plugins found (a plugin is a *.plugin.toml manifest beside its library).\n";
        return exit_ok;
    }
    out << fmt::format("{:<16} {:<9} {:<4} {:<24} {:<12} {}\n", "ID", "VERSION", "SDK", "BOARDS", "STATUS", "PATH");
    for (const auto& l : listings) {
        const std::string id = l.manifest ? l.manifest->id : "?";
        const std::string version = l.manifest ? l.manifest->version : "?";
        const std::string abi = l.sdk_abi ? std::to_string(*l.sdk_abi) : "?";
        const std::string boards = l.manifest && !l.manifest->boards.empty() ? fmt::format("{}", fmt::join(l.manifest->boards, ",")) : "-";
        out << fmt::format("{:<16} {:<9} {:<4} {:<24} {:<12} {}\n", id, version, abi, boards,
                                 l.refusal ? "refused" : "compatible", l.library.string());
        if (l.refusal) out << fmt::format("    why: {}: {}\n", to_string(l.refusal->reason), l.refusal->message);
    }
    return exit_ok;
}

/// Loads one plugin and exercises its declarations. Runs in a child process (see main).
int check_plugin(const fs::path& path, const std::optional<std::string>& sha256, const std::optional<fs::path>& config_file,
                 const std::function<void(std::string_view)>& stage, std::ostream& out) {
    Core core;
    // With a configuration: the plugin is checked against its scales and its boards' tables too.
    std::optional<LoadedConfig> loaded;
    if (config_file) {
        loaded = load_configuration(*config_file);
        if (!loaded->diagnostics.empty()) {
            for (const auto& d : loaded->diagnostics) out << "error: " << to_string(d) << "\n";
            out << fmt::format("the configuration '{}' has {} error(s); run followup validate\n", config_file->string(),
                                     loaded->diagnostics.size());
            return exit_problem;
        }
        core.scales = loaded->config.scales;
    }
    PluginHost host(core.context());
    stage("load");
    LoadOutcome outcome = host.load(path, sha256);
    if (!outcome) {
        out << fmt::format("refused ({}): {}\n", to_string(outcome.refusal->reason), outcome.refusal->message);
        return exit_problem;
    }
    const LoadedPlugin& plugin = *outcome.plugin;
    out << fmt::format("plugin '{}' {} ({})\n  library: {}\n  SDK ABI: {} (this host: {})\n", plugin.id(),
                             plugin.version(), plugin.display_name(), plugin.library().string(), plugin.sdk_abi(),
                             sdk::abi_version);
    int result = exit_ok;
    try {
        stage("describe");
        const sdk::ModelDescription model = plugin.describe();
        std::vector<std::string> boards, forms;
        for (const auto& b : model.boards) boards.push_back(fmt::format("{} ({})", b.id, b.name));
        for (const auto& f : model.forms) forms.push_back(f.id + (f.may_sanction ? " [sanctions]" : ""));
        out << fmt::format("  boards: {}\n  areas: {}\n  forms: {}\n", fmt::join(boards, ", "),
                                 model.area_ids.empty() ? "-" : fmt::format("{}", fmt::join(model.area_ids, ", ")), fmt::join(forms, ", "));
        for (const sdk::GradingScale& shipped : model.scales) {
            if (core.scales.find(shipped.id()) != nullptr) {
                out << fmt::format("  scale: the plugin ships '{}', but a scale with that id is already defined\n", shipped.id());
                result = exit_problem;
            } else {
                core.scales.add(shipped);
                out << fmt::format("  ships scale: {} ({} levels)\n", shipped.id(), shipped.levels().size());
            }
        }
        if (core.scales.find(model.scale_id) == nullptr) {
            out << fmt::format("  scale: '{}' is not a scale this host knows; expected one of: {}\n",
                                     model.scale_id, fmt::join(core.scales.ids(), ", "));
            result = exit_problem;
        } else {
            out << fmt::format("  scale: {}\n", model.scale_id);
        }
        if (model.boards.empty()) {
            out << "  problem: the model declares no board\n";
            result = exit_problem;
        }
        if (loaded) {
            const MunicipalityConfig& config = loaded->config;
            std::size_t boards_checked = 0;
            for (const BoardSettings& board : config.boards) {
                if (board.plugin_id != plugin.id()) continue;
                ++boards_checked;
                const bool serves = std::any_of(model.boards.begin(), model.boards.end(), [&](const auto& b) { return b.id == board.board.id; });
                if (!serves) {
                    out << fmt::format("  board {}: names this plugin, but the plugin does not serve it\n", board.board.id);
                    result = exit_problem;
                }
                const std::string scale = board.scale_id.empty() ? model.scale_id : board.scale_id;
                if (scale != model.scale_id) {
                    out << fmt::format("  board {}: grades on scale '{}', but the plugin grades on '{}'\n", board.board.id, scale,
                                             model.scale_id);
                    result = exit_problem;
                }
                stage("configure");
                const auto issues = outcome.plugin->configure(config.setup_of(board), board.model);
                for (const auto& issue : issues)
                    out << fmt::format("  board {}: {}{}: model.{}: {}\n", board.board.id, board.origin.file,
                                             issue.line != 0 ? fmt::format(":{}:{}", issue.line, issue.column) : "", issue.key_path,
                                             issue.message);
                if (!issues.empty()) result = exit_problem;
                else out << fmt::format("  board {}: its [model] table is accepted\n", board.board.id);
            }
            if (boards_checked == 0) {
                out << fmt::format("  no board of '{}' uses plugin '{}'\n", config_file->string(), plugin.id());
                result = exit_problem;
            }
        }
        stage("regulation_claims");
        const auto claims = plugin.regulation_claims();
        for (auto requirement : {sdk::Requirement::good_quality, sdk::Requirement::uniform_assessment,
                                 sdk::Requirement::predictable}) {
            auto it = std::find_if(claims.begin(), claims.end(), [&](const auto& c) { return c.requirement == requirement; });
            if (it == claims.end()) {
                out << fmt::format("  regulation, {}: no claim (every model must say how it meets it)\n",
                                         requirement_name(requirement));
                result = exit_problem;
            } else {
                out << fmt::format("  regulation, {}: {}\n", requirement_name(requirement), it->how);
            }
        }
    } catch (const PluginCallError& e) {
        out << "error: " << e.what() << "\n";
        return exit_problem;
    }
    stage("unload");
    out << (result == exit_ok ? "OK\n" : "problems found\n");
    return result;
}

/// Reads and checks a configuration, then has each board's plugin check its own table.
int validate_configuration(const fs::path& file, std::ostream& out) {
    LoadedConfig loaded = load_configuration(file);
    MunicipalityConfig& config = loaded.config;
    Diagnostics& diagnostics = loaded.diagnostics;
    EmptyRegister register_view;
    SwedishCalendar calendar;
    PluginHost host({register_view, config.scales, calendar}, config.pinned_sha256(), plugin_calls_for(config));
    BoardModels models;
    // Plugins are asked only about a configuration the core could read: their tables would
    // otherwise be half-filled and their complaints noise.
    if (diagnostics.empty()) models = configure_board_models(config, host, diagnostics);
    if (!diagnostics.empty()) {
        for (const Diagnostic& d : diagnostics) out << "error: " << to_string(d) << "\n";
        out << fmt::format("{} error(s) in the configuration '{}'\n", diagnostics.size(), fs::absolute(file).string());
        return exit_problem;
    }
    std::size_t general = 0;
    for (const auto& c : config.conditions) general += c.area_id.empty() ? 1 : 0;
    std::vector<std::string> boards, plugins;
    for (const auto& b : config.boards) {
        const auto& plugin = models.by_board.at(b.board.id);
        boards.push_back(fmt::format("{} ({} {})", b.board.id, plugin->id(), plugin->version()));
    }
    for (const auto& l : models.listings)
        if (l.manifest && !l.refusal) plugins.push_back(l.manifest->id);
    out << fmt::format("Configuration valid: {}\n", fs::absolute(file).string());
    out << fmt::format("  municipality: {} (reports in {}, reference {})\n", config.municipality.name,
                             config.municipality.language == Language::en ? "English" : "Swedish",
                             config.municipality.reference_prefix);
    out << fmt::format("  boards: {}: {}\n", config.boards.size(), fmt::join(boards, ", "));
    out << fmt::format("  areas: {}\n", config.areas.size());
    out << fmt::format("  conditions: {} ({} general, {} specific)\n", config.conditions.size(), general,
                             config.conditions.size() - general);
    out << fmt::format("  scales: {}: {}\n", config.scales.ids().size(), fmt::join(config.scales.ids(), ", "));
    out << fmt::format("  schedule rules: {}, sanction ladders: {}, inspectors: {}\n", config.schedule.size(),
                             config.sanction_ladders.size(), config.inspectors.size());
    out << fmt::format("  plugins found: {}: {}\n", plugins.size(), fmt::join(plugins, ", "));
    return exit_ok;
}

}  // namespace followup::core
