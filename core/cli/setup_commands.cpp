#include "cli/setup_commands.hpp"

#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/command_line.hpp"
#include "cli/exit_codes.hpp"
#include "config/starter.hpp"
#include "host/isolation.hpp"
#include "host/plugin_host.hpp"
#include "host/self_check.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> plugin_directories_from(const std::vector<std::string>& given) {
    std::vector<fs::path> dirs;
    for (const auto& d : given) dirs.emplace_back(d);
    return plugin_search_path({}, dirs);
}

int run_init(const fs::path& directory) {
    try {
        for (const auto& file : write_starter_configuration(directory)) std::cout << "wrote " << file.string() << "\n";
    } catch (const std::runtime_error& e) {
        std::cout << "error: " << e.what() << "\n";
        return exit_problem;
    }
    std::cout << fmt::format("Check it with: followup validate --config {}\n", (directory / "municipality.toml").string());
    return exit_ok;
}

/// Without `in_process`, the plugin runs in a child process, so a crash is reported with the
/// call that crashed instead of ending followup.
int run_check(const fs::path& path, const std::optional<std::string>& sha256, const std::optional<fs::path>& config,
              bool in_process, int timeout_seconds) {
    if (in_process) {
        set_default_plugin_calls({false, std::chrono::seconds(timeout_seconds)});
        return check_plugin(path, sha256, config, [](std::string_view) {}, std::cout);
    }
    const PluginCalls limits = default_plugin_calls();
    const IsolatedRun run = run_isolated(
        [&](const auto& stage, std::ostream& out) {
            // The whole check is this child: the plugin's calls need no child of their own, and
            // the stage names the call that crashed.
            set_default_plugin_calls({false, std::chrono::seconds(timeout_seconds)});
            return check_plugin(path, sha256, config, stage, out);
        },
        std::chrono::seconds(timeout_seconds), ChildSetup{limits.limits, fmt::format("plugin '{}'", path.filename().string())});
    if (run.timed_out) {
        std::cout << fmt::format("error: plugin '{}' did not return from {}() within {} s (--timeout); stopped\n",
                                 path.string(), run.last_stage, timeout_seconds);
        return exit_problem;
    }
    // Ended without the check having returned: the plugin called exit() (with any code, 0 too).
    if (!run.crashed && !run.finished) {
        std::cout << fmt::format("error: plugin '{}' ended the checking process with exit({}) during {}()\n", path.string(),
                                 run.exit_code, run.last_stage);
        return exit_problem;
    }
    if (run.crashed) {
        std::cout << fmt::format("error: plugin '{}' crashed the checking process with signal {} ({}) during {}()\n",
                                 path.string(), run.signal, strsignal(run.signal), run.last_stage);
        return exit_problem;
    }
    if (run.printed > 0) {
        std::cout << fmt::format("error: plugin '{}' {}\n", path.string(), printed_failure(run.printed));
        return exit_problem;
    }
    return run.exit_code;
}

}  // namespace

void add_setup_commands(CLI::App& app, CommandLine& line) {
    struct Given {
        std::vector<std::string> dirs;
        std::string check_path;
        std::optional<std::string> sha256;
        bool in_process = false;
        int timeout_seconds = 300;
        std::string init_dir;
    };
    auto given = std::make_shared<Given>();
    const GlobalOptions& global = line.global;

    auto* plugins = app.add_subcommand("plugins", "List and check board plugins");
    plugins->require_subcommand(1);
    auto* list = plugins->add_subcommand("list", "List plugins from their manifests, without loading them");
    list->add_option("--plugin-dir", given->dirs,
                     "A folder of plugins (repeatable), searched after the bundled folder and before $FOLLOWUP_PLUGIN_PATH");
    line.on_chosen(list, [given] { return list_plugins(plugin_directories_from(given->dirs), std::cout); });
    auto* check = plugins->add_subcommand("check", "Load one plugin and report what it declares");
    check->add_option("PATH", given->check_path, "The plugin's library (.so) or manifest (.plugin.toml)")->required();
    check->add_option("--sha256", given->sha256, "Refuse the plugin unless its library has this SHA-256");
    check->add_flag("--in-process", given->in_process, "Do not isolate the plugin in a child process");
    check->add_option("--timeout", given->timeout_seconds, "Stop a check that runs longer than this many seconds")
        ->check(CLI::Range(1, 86400))
        ->capture_default_str();
    line.on_chosen(check, [given, &global] {
        // Only a --config given on the line: the plugin is checked alone otherwise.
        const std::optional<fs::path> config =
            global.config_file.empty() ? std::nullopt : std::optional<fs::path>(global.config_file);
        return run_check(fs::absolute(given->check_path), given->sha256, config, given->in_process, given->timeout_seconds);
    });

    auto* validate = app.add_subcommand("validate", "Check the municipality's configuration, and each board's plugin table");
    line.on_chosen(validate, [&global] { return validate_configuration(global.config_path(), std::cout); });

    auto* init = app.add_subcommand("init", "Write a commented starting configuration into a new folder");
    init->add_option("DIR", given->init_dir, "The folder to write into")->required();
    line.on_chosen(init, [given] { return run_init(given->init_dir); });

    for (auto* command : {plugins, validate, init}) command->fallthrough();
}

}  // namespace followup::core
