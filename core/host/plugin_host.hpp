// The plugin host: finds plugins through their manifests, checks them without running their
// code, loads them, and stands between the core and every call into a plugin.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "followup/sdk/plugin.hpp"
#include "host/isolation.hpp"
#include "host/manifest.hpp"

namespace boost::dll {
class shared_library;
}

namespace followup::core {

class ScaleRegistry;
class PluginServices;

/// Why a plugin was refused. Each has its own text (to_string) for messages and tests.
enum class Refusal {
    file_missing,        ///< the library (or the manifest) is not there
    manifest_invalid,    ///< the manifest cannot be read, or names another library
    not_shared_library,  ///< not an ELF shared library at all
    truncated,           ///< an ELF file whose contents end early
    no_entry_point,      ///< no followup_plugin_entry_v<N> symbol
    sdk_mismatch,        ///< built for another SDK ABI
    manifest_mismatch,   ///< the manifest and the library's version record disagree
    duplicate_id,        ///< another plugin with the same id came first
    checksum_mismatch,   ///< SHA-256 differs from the one pinned in the configuration
    load_failed,         ///< the dynamic loader refused it (e.g. an undefined symbol)
    factory_threw,       ///< the plugin's factory threw or returned nothing
    factory_crashed,     ///< loading the library or its factory crashed, ended or hung the process
    writable_by_others,  ///< the library, its manifest or their folder may be changed by another user
};
std::string_view to_string(Refusal reason) noexcept;

struct PluginRefused {
    Refusal reason;
    std::string message;  ///< names the file, what was found and what was expected
};

/// One plugin as seen by discovery: its manifest, and whether this host could load it.
struct PluginListing {
    std::filesystem::path library;
    std::optional<PluginManifest> manifest;
    std::optional<std::uint32_t> sdk_abi;  ///< read from the library's entry symbol
    std::optional<PluginRefused> refusal;  ///< empty: compatible
};

/// An exception from a plugin, caught at the boundary and rethrown with who and where.
/// `process_ended`: the call did not throw but crashed, ended or hung the (child) process.
class PluginCallError : public std::runtime_error {
public:
    PluginCallError(std::string plugin_id, std::string call, const std::string& what, bool process_ended = false);
    const std::string& plugin_id() const noexcept { return plugin_id_; }
    const std::string& call() const noexcept { return call_; }
    bool process_ended() const noexcept { return process_ended_; }

private:
    std::string plugin_id_;
    std::string call_;
    bool process_ended_ = false;
};

/// The register could not answer a plugin's question (a lost PostgreSQL connection, a file that
/// cannot be read): not the plugin's failure, and every later call would meet it too, so the
/// command stops at once instead of failing call after call (and forking child after child).
/// Names the plugin, the call and what the register said.
class RegisterUnreadable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The limits of a plugin's child when the configuration names none. Memory: ten times what the
/// bundled models' children grow past their fork in the national example's compilation (52 MiB at
/// most, the education and social services boards; 0 in the README's example). CPU: an hour, for
/// a long-lived child answering a whole import's calls (the README's example takes seconds).
inline constexpr std::size_t default_child_memory_mib = 512;
inline constexpr int default_child_cpu_seconds = 3600;

/// How the host calls a model. Isolated (the default): every call runs in a child process of the
/// host (isolation.hpp), so a model that crashes, calls exit() or hangs fails that call only (the
/// next call gets a new child), and a call running longer than `time_limit` is stopped; loading
/// and the factory are tried in a child first. The calls one at a time go to one long-lived child
/// per model (ServingChild), forked at the first call after configure(); a batch of assessments
/// and the compilation's four calls each get a fresh fork. Trusted (`--trust-plugins`): calls run in the host's own process, faster, and a crash
/// there ends the command. docs/performance.md has what isolation costs.
struct PluginCalls {
    bool isolated = true;
    std::chrono::milliseconds time_limit = std::chrono::seconds(300);
    /// What each child may use ([plugins] child_memory_mib, child_cpu_seconds; isolation.hpp).
    ChildLimits limits{default_child_memory_mib, default_child_cpu_seconds};
};

/// What every PluginHost uses unless it is told otherwise: isolated, unless the command line
/// said --trust-plugins (set_default_plugin_calls, called once by main()).
PluginCalls default_plugin_calls();
void set_default_plugin_calls(PluginCalls calls);

/// What the host gives every plugin: the core's register, scales and calendar. Owned by the
/// caller and must outlive the PluginHost and everything it loads.
struct HostContext {
    const sdk::RegisterView& register_view;
    const ScaleRegistry& scales;
    const sdk::Calendar& calendar;
};

/// A plugin that was loaded and whose model was made. Every call goes through a guard that turns
/// any exception into a PluginCallError naming the plugin and the call.
///
/// The library stays loaded as long as this object or any model handle from model() is alive:
/// the model's deleter owns the library and the plugin's host services.
class LoadedPlugin {
public:
    const std::string& id() const noexcept { return id_; }
    const std::string& version() const noexcept { return version_; }
    const std::string& display_name() const noexcept { return display_name_; }
    const std::filesystem::path& library() const noexcept { return library_path_; }
    std::uint32_t sdk_abi() const noexcept { return sdk_abi_; }
    const PluginCalls& calls() const noexcept { return calls_; }

    sdk::ModelDescription describe() const;
    /// Hands the model a reader of `model` and returns every problem found, the unknown keys
    /// (those the model did not read) included.
    std::vector<sdk::ConfigIssue> configure(const sdk::BoardSetup& setup, const toml::table& model);
    std::vector<sdk::PlannedFollowUp> plan_year(const sdk::PlanRequest& request);
    sdk::Assessment assess(const sdk::FollowUpRecord& record);
    /// assess() for many follow-ups, each answered on its own: an assessment, or why not (the
    /// PluginCallError's text). Isolated, one child assesses many in turn and sends each answer as
    /// it is done, so a thousand assessments cost a few forks, not a thousand; a follow-up whose
    /// assessment crashes, ends or hangs the child fails alone (the time limit is per follow-up)
    /// and the rest go on in a new child.
    struct AssessAnswer {
        std::optional<sdk::Assessment> assessment;
        std::string problem;  ///< when there is no assessment
    };
    std::vector<AssessAnswer> assess_each(const std::vector<const sdk::FollowUpRecord*>& records);
    sdk::BoardSection write_section(const sdk::SectionRequest& request);
    std::vector<sdk::RequirementClaim> regulation_claims() const;

    /// What the compilation asks of a board's model, in the order it asks: describe(),
    /// write_section(), regulation_claims(), then plan_year() for next year. Isolated, the four
    /// run in one child (one fork instead of four, each call with its own time limit), and a
    /// failure names the call it happened in. Several boards' models may be asked at once, on
    /// several threads (report/compile_boards.cpp): each model is still called by one thread at a time.
    struct CompilationAnswers {
        sdk::ModelDescription description;
        sdk::BoardSection section;
        std::vector<sdk::RequirementClaim> claims;
        std::vector<sdk::PlannedFollowUp> next_year;
    };
    /// Asked in two halves, so that several isolated boards work at once: start_compilation
    /// forks the board's child now (when isolated; call it before the process starts any thread,
    /// isolation.hpp says why), finish_compilation hears it, on any thread. Trusted, start only
    /// keeps the requests and finish makes the calls.
    struct StartedCompilation {
        sdk::SectionRequest section;
        sdk::PlanRequest next_year;
        StartedChild child;  ///< isolated: the child making the four calls
    };
    StartedCompilation start_compilation(const sdk::SectionRequest& section, const sdk::PlanRequest& next_year);
    CompilationAnswers finish_compilation(StartedCompilation& started);

    /// The model itself, for callers that need it past this object's life. Unguarded: prefer
    /// the functions above.
    std::shared_ptr<sdk::BoardModel> model() const noexcept { return model_; }

    /// Every call but configure() starts from the model as configure() left it, isolated or
    /// trusted (sdk/include/followup/sdk/plugin.hpp says so to plugin authors): before every call
    /// but the first a process makes, the model is made again by its factory and configured again
    /// for each board, so what a call left in it is gone. Isolated, the children are forked from
    /// the host's model, which only configure() changes; the long-lived child makes the model
    /// afresh for its first call too, so that what the model keeps of its host services is the
    /// child's (the register read through the host, remote_register.hpp).

private:
    friend class PluginHost;
    template <typename Call>
    auto guarded(const char* call, Call&& body) const -> decltype(body());
    /// guarded(), in the long-lived child when isolated: `request()` is what the host sends it
    /// (the call and its arguments as bytes), serve() runs it there and `decode` turns the
    /// answer's bytes back into the answer here.
    template <typename Call, typename Request, typename Decode>
    auto called(const char* call, Call&& body, Request&& request, Decode&& decode) const -> decltype(body());
    /// In the long-lived child: runs one request of called() on the model; returns the answer as bytes.
    std::string serve(const std::string& request) const;
    /// What the host sends the long-lived child for assess(record).
    std::string assess_request(const sdk::FollowUpRecord& record) const;

    /// The model for the next call, as configure() left it (see above).
    sdk::BoardModel& model_for_call() const;
    /// How this plugin's children are set up: the limits, and its name (with `call`, when given)
    /// in the log lines of what they print.
    ChildSetup child_setup(std::string_view call = {}) const;

    std::string id_, version_, display_name_;
    std::filesystem::path library_path_;
    std::uint32_t sdk_abi_ = 0;
    PluginCalls calls_;
    mutable std::shared_ptr<sdk::BoardModel> model_;
    std::function<std::shared_ptr<sdk::BoardModel>()> make_model_;  ///< the plugin's factory, with its services
    std::vector<std::pair<sdk::BoardSetup, toml::table>> configured_;  ///< each configure(), in order
    mutable bool called_since_made_ = false;  ///< a call other than configure() ran on model_
    const sdk::RegisterView* register_view_ = nullptr;  ///< what the long-lived child's register questions are answered from
    const ScaleRegistry* scales_ = nullptr;             ///< what the grades in its answers are checked against
    mutable std::unique_ptr<ServingChild> serving_;     ///< isolated: the long-lived child, once a call made it
};

struct LoadOutcome {
    std::shared_ptr<LoadedPlugin> plugin;  ///< set when loaded
    std::optional<PluginRefused> refusal;  ///< set when refused
    explicit operator bool() const noexcept { return plugin != nullptr; }
};

class PluginHost {
public:
    /// `pinned_sha256`: plugin id → the lower-case hex SHA-256 its library must have.
    explicit PluginHost(HostContext context, std::map<std::string, std::string> pinned_sha256 = {},
                        PluginCalls calls = default_plugin_calls());
    ~PluginHost();
    PluginHost(const PluginHost&) = delete;
    PluginHost& operator=(const PluginHost&) = delete;

    /// Every manifest (*.plugin.toml) in `directories`, in order, each with its verdict. Reads
    /// manifests, ELF headers and (for pinned plugins) file hashes; runs no plugin code.
    /// The first plugin with an id wins; later ones are refused as duplicates.
    std::vector<PluginListing> discover(const std::vector<std::filesystem::path>& directories) const;

    /// Loads the plugin at `path` (its library, or its manifest). `expected_sha256` overrides
    /// the pin for its id. Never throws for a bad plugin: returns why it was refused.
    LoadOutcome load(const std::filesystem::path& path, const std::optional<std::string>& expected_sha256 = {});

    /// Loads every compatible plugin that `discover` lists; refusals go to the log and `refused`.
    std::vector<std::shared_ptr<LoadedPlugin>> load_all(const std::vector<std::filesystem::path>& directories,
                                                        std::vector<PluginListing>* refused = nullptr);

    const std::vector<std::shared_ptr<LoadedPlugin>>& loaded() const noexcept { return loaded_; }

private:
    std::optional<PluginRefused> precheck(const std::filesystem::path& library, const PluginManifest* manifest,
                                          std::optional<std::uint32_t>* abi_out,
                                          const std::optional<std::string>& expected_sha256) const;

    HostContext context_;
    std::map<std::string, std::string> pinned_sha256_;
    PluginCalls calls_;
    std::vector<std::shared_ptr<LoadedPlugin>> loaded_;
};

/// Why `file` (a plugin's library or manifest) or the folder it is in may not be trusted: either
/// is writable by its group or by others, so someone other than its owner could replace the code
/// the host runs (osquery refuses such extensions alike). Empty when neither is.
std::optional<std::string> writable_by_others(const std::filesystem::path& file);

/// The default plugin folder of an installed or built `followup`: <exe>/../lib/followup/plugins.
std::filesystem::path default_plugin_directory();

/// The one search rule every command uses: the bundled folder, then the configuration's
/// `plugin_dirs`, then the folders given on the command line (`--plugin-dir`), then
/// $FOLLOWUP_PLUGIN_PATH (colon-separated). Earlier wins when two folders hold a plugin with the
/// same id (discover() warns and marks the later one a duplicate).
std::vector<std::filesystem::path> plugin_search_path(const std::vector<std::filesystem::path>& configured,
                                                      const std::vector<std::filesystem::path>& given);

}  // namespace followup::core
