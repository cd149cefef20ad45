#include "host/plugin_host.hpp"

#include "followup/sdk/toml_config.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <set>

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "followup/sdk/export.hpp"
#include "host/answer_checks.hpp"
#include "host/host_services.hpp"
#include "host/isolation.hpp"
#include "host/library_inspection.hpp"
#include "host/plugin_wire.hpp"
#include "host/remote_register.hpp"
#include "util/sha256.hpp"

namespace followup::core {
namespace fs = std::filesystem;
namespace dll = boost::dll;

std::string_view to_string(Refusal reason) noexcept {
    switch (reason) {
        case Refusal::file_missing: return "file missing";
        case Refusal::manifest_invalid: return "invalid manifest";
        case Refusal::not_shared_library: return "not a shared library";
        case Refusal::truncated: return "truncated library";
        case Refusal::no_entry_point: return "no entry point";
        case Refusal::sdk_mismatch: return "SDK version mismatch";
        case Refusal::manifest_mismatch: return "manifest does not match library";
        case Refusal::duplicate_id: return "duplicate plugin id";
        case Refusal::checksum_mismatch: return "SHA-256 mismatch";
        case Refusal::load_failed: return "load failed";
        case Refusal::factory_threw: return "factory failed";
        case Refusal::factory_crashed: return "crashed while loading";
        case Refusal::writable_by_others: return "writable by others";
    }
    return "?";
}

PluginCallError::PluginCallError(std::string plugin_id, std::string call, const std::string& what, bool process_ended)
    : std::runtime_error(fmt::format("plugin '{}' failed in {}(): {}", plugin_id, call, what)),
      plugin_id_(std::move(plugin_id)),
      call_(std::move(call)),
      process_ended_(process_ended) {}

namespace {
PluginCalls& process_default_calls() {
    static PluginCalls calls;
    return calls;
}
}  // namespace

PluginCalls default_plugin_calls() { return process_default_calls(); }
void set_default_plugin_calls(PluginCalls calls) { process_default_calls() = calls; }

std::optional<std::string> writable_by_others(const fs::path& file) {
    auto check = [](const fs::path& path, std::string_view what) -> std::optional<std::string> {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return std::nullopt;  // a missing file is refused for that reason
        if ((st.st_mode & (S_IWGRP | S_IWOTH)) == 0) return std::nullopt;
        return fmt::format("{} '{}' is writable by {} (mode {:04o}), so someone other than its owner could replace the "
                           "plugin's code; remove that right (chmod go-w '{}')",
                           what, path.string(), (st.st_mode & S_IWOTH) != 0 ? "every user" : "its group",
                           st.st_mode & 07777, path.string());
    };
    const fs::path absolute = fs::absolute(file);
    if (auto why = check(absolute, "the file")) return why;
    return check(absolute.parent_path(), "its folder");
}

// ---- LoadedPlugin: every call into plugin code passes through guarded() ----

namespace {
/// In a long-lived child: the register as the host has it (remote_register.hpp).
RemoteRegisterView& register_through_host() {
    static RemoteRegisterView view;  // one a process: a long-lived child serves one plugin
    return view;
}
}  // namespace

namespace {
/// `answer`, once check_answer found nothing wrong with it; else the call fails, as a crash
/// would, with what was wrong and `about` (the follow-up, the board and year) before it.
template <typename Answer, typename... Scales>
Answer checked(const std::string& plugin, const char* call, const std::string& about, Answer answer, const Scales*... scales) {
    try {
        check_answer(answer, scales...);
    } catch (const std::exception& e) {
        throw PluginCallError(plugin, call, about.empty() ? std::string(e.what()) : fmt::format("{}: {}", about, e.what()), true);
    }
    return answer;
}

std::string for_follow_up(const sdk::FollowUpRecord& record) { return fmt::format("for follow-up '{}'", record.activity.id); }
template <typename Request>
std::string for_board_and_year(const Request& request) {
    return fmt::format("for board '{}', year {}", request.board_id, request.year);
}
}  // namespace

ChildSetup LoadedPlugin::child_setup(std::string_view call) const {
    return {calls_.limits, call.empty() ? fmt::format("plugin '{}'", id_) : fmt::format("plugin '{}' in {}", id_, call)};
}

namespace {
[[noreturn]] void stop_for_the_register(const std::string& plugin, const char* call, const std::string& why) {
    throw RegisterUnreadable(fmt::format("the register could not answer what plugin '{}' asked in {}(): {}; the command stops "
                                         "(every later call would meet the same)",
                                         plugin, call, why));
}
}  // namespace

template <typename Call>
auto LoadedPlugin::guarded(const char* call, Call&& body) const -> decltype(body()) {
    // The register failing under the plugin (register_failure) stops the command, whatever the
    // plugin made of it: its answer, or its exception, stands on nothing.
    forget_register_failure();
    try {
        auto answer = body();
        if (auto failure = register_failure()) stop_for_the_register(id_, call, *failure);
        return answer;
    } catch (const RegisterUnreadable&) {
        throw;
    } catch (const std::exception& e) {
        if (auto failure = register_failure()) stop_for_the_register(id_, call, *failure);
        throw PluginCallError(id_, call, e.what());
    } catch (...) {
        if (auto failure = register_failure()) stop_for_the_register(id_, call, *failure);
        throw PluginCallError(id_, call, "an exception not derived from std::exception");
    }
}

template <typename Call, typename Request, typename Decode>
auto LoadedPlugin::called(const char* call, Call&& body, Request&& request, Decode&& decode) const -> decltype(body()) {
    if (!calls_.isolated) return guarded(call, body);
    if (!serving_)
        serving_ = std::make_unique<ServingChild>([this](const std::string& asked) { return serve(asked); },
                                                  [this] {
                                                      // In the child: the register as the host has it when asked,
                                                      // and the model made afresh for the first call as for the others.
                                                      read_register_through(&register_through_host());
                                                      called_since_made_ = true;
                                                  },
                                                  child_setup());
    std::optional<std::string> register_failed;
    const ChildCall child = serving_->call(
        request(), calls_.time_limit,
        [this, &register_failed](const std::string& question) {
            if (register_view_ == nullptr) throw std::runtime_error("this plugin was given no register to read");
            try {
                return answer_register_question(*register_view_, question);
            } catch (const RegisterUnreadable& e) {
                if (!register_failed) register_failed = e.what();
                throw;  // the child's call fails with it; the command stops below
            }
        },
        call);
    if (register_failed) {
        serving_->stop();
        stop_for_the_register(id_, call, *register_failed);
    }
    if (child.ending == ChildCall::Ending::threw) throw PluginCallError(id_, call, child.answer);
    if (child.ending != ChildCall::Ending::answered)
        throw PluginCallError(id_, call, describe_ending(child, calls_.time_limit), true);
    if (child.printed > 0) throw PluginCallError(id_, call, printed_failure(child.printed));
    try {
        return decode(child.answer);
    } catch (const std::exception& e) {
        throw PluginCallError(id_, call, e.what(), true);
    }
}

namespace {
// What the host asks a plugin's long-lived child (the first byte of a request; the call's
// arguments, plugin_wire.hpp, follow).
enum class Request : char { describe = 'd', plan_year = 'p', assess = 'a', write_section = 's', regulation_claims = 'c' };

std::string request(Request call, const std::string& arguments = {}) { return static_cast<char>(call) + arguments; }
}  // namespace

std::string LoadedPlugin::assess_request(const sdk::FollowUpRecord& record) const {
    // The follow-up and, brought along, its provider's follow-ups in the area, which a model
    // assessing it asks for first (its history): a round trip to the host less for each call.
    // Should reading them fail, nothing is brought: the model asks, and meets the failure in its
    // call, as it would in-process.
    std::string brought;
    try {
        if (register_view_ != nullptr)
            brought = follow_ups_to_take_along(*register_view_, record.provider.org_number, record.activity.area_id);
    } catch (const std::exception&) {
        brought.clear();
    }
    return request(Request::assess, wire::encode_value(std::vector<std::string>{wire::encode(record), brought}));
}

std::string LoadedPlugin::serve(const std::string& asked) const {
    register_through_host().forget();  // the host may have changed the register since the last call
    const std::string arguments = asked.empty() ? std::string() : asked.substr(1);
    switch (asked.empty() ? Request{} : static_cast<Request>(asked[0])) {
        case Request::describe: return wire::encode(model_for_call().describe());
        case Request::plan_year: return wire::encode(model_for_call().plan_year(wire::decode_plan_request(arguments)));
        case Request::assess: {
            const auto parts = wire::decode_value<std::vector<std::string>>(arguments);
            if (parts.size() != 2) throw std::runtime_error(fmt::format("an assess request in {} part(s); expected 2", parts.size()));
            if (!parts[1].empty()) register_through_host().take_along(parts[1]);
            return wire::encode(model_for_call().assess(wire::decode_follow_up_record(parts[0])));
        }
        case Request::write_section: return wire::encode(model_for_call().write_section(wire::decode_section_request(arguments)));
        case Request::regulation_claims: return wire::encode(model_for_call().regulation_claims());
    }
    throw std::logic_error(fmt::format("a request '{}' for plugin '{}' that the host does not make", asked.substr(0, 1), id_));
}

sdk::ModelDescription LoadedPlugin::describe() const {
    return checked(id_, "describe", {},
                   called(
                       "describe", [&] { return model_for_call().describe(); }, [] { return request(Request::describe); },
                       wire::decode_description));
}
std::vector<sdk::ConfigIssue> LoadedPlugin::configure(const sdk::BoardSetup& setup, const toml::table& model) {
    auto configure_here = [&] {
        std::vector<sdk::ConfigIssue> issues;
        sdk::ConfigReader reader = sdk::toml_reader(issues, model, "");
        model_->configure(setup, reader);
        reader.finish();  // every key the model did not read is unknown to it
        return issues;
    };
    // What configure() does to the model must stay in the host's copy, which every later call's
    // child is forked from; so when isolated it is tried in a child of its own first, and run here
    // only once that child came back from it. A model that crashes, ends or hangs there fails in the child.
    if (calls_.isolated) {
        const ChildCall child = run_in_child([&] { return wire::encode(configure_here()); }, calls_.time_limit, false, child_setup("configure()"));
        if (child.ending == ChildCall::Ending::threw) throw PluginCallError(id_, "configure", child.answer);
        if (child.ending != ChildCall::Ending::answered)
            throw PluginCallError(id_, "configure", describe_ending(child, calls_.time_limit), true);
        if (child.printed > 0) throw PluginCallError(id_, "configure", printed_failure(child.printed));
        try {
            wire::decode_issues(child.answer);
        } catch (const std::exception& e) {
            throw PluginCallError(id_, "configure", e.what(), true);
        }
    }
    std::optional<OutputSilenced> silenced;  // isolated, the child's trial brought what it printed to the log
    if (calls_.isolated) silenced.emplace();
    auto issues = guarded("configure", configure_here);
    silenced.reset();
    issues = checked(id_, "configure", fmt::format("for board '{}'", setup.board.id), std::move(issues));
    configured_.emplace_back(setup, model);  // made again before a call, it is configured again
    // The long-lived child holds the model as configured before this call: the next call forks one that has it.
    if (serving_) serving_->stop();
    return issues;
}

sdk::BoardModel& LoadedPlugin::model_for_call() const {
    if (called_since_made_) {
        // What the last call changed in the model must not reach this one: the model as the
        // factory makes it, configured again for every board as configure() was called.
        std::shared_ptr<sdk::BoardModel> made = make_model_();
        for (const auto& [setup, table] : configured_) {
            std::vector<sdk::ConfigIssue> reported_before;  // configure() reported them the first time
            sdk::ConfigReader reader = sdk::toml_reader(reported_before, table, "");
            made->configure(setup, reader);
            reader.finish();
        }
        model_ = std::move(made);
    }
    called_since_made_ = true;
    return *model_;
}
std::vector<sdk::PlannedFollowUp> LoadedPlugin::plan_year(const sdk::PlanRequest& plan) {
    return checked(id_, "plan_year", for_board_and_year(plan),
                   called(
                       "plan_year", [&] { return model_for_call().plan_year(plan); },
                       [&] { return request(Request::plan_year, wire::encode(plan)); }, wire::decode_plan));
}
sdk::Assessment LoadedPlugin::assess(const sdk::FollowUpRecord& record) {
    return checked(id_, "assess", for_follow_up(record),
                   called(
                       "assess", [&] { return model_for_call().assess(record); }, [&] { return assess_request(record); },
                       wire::decode_assessment),
                   scales_);
}
std::vector<LoadedPlugin::AssessAnswer> LoadedPlugin::assess_each(const std::vector<const sdk::FollowUpRecord*>& records) {
    std::vector<AssessAnswer> answers;
    answers.reserve(records.size());
    auto one_here = [&](const sdk::FollowUpRecord& record) {
        AssessAnswer a;
        try {
            a.assessment = checked(id_, "assess", for_follow_up(record), guarded("assess", [&] { return model_for_call().assess(record); }), scales_);
        } catch (const PluginCallError& e) {
            a.problem = e.what();
        }
        return a;
    };
    if (!calls_.isolated) {
        for (const auto* record : records) answers.push_back(one_here(*record));
        return answers;
    }
    while (answers.size() < records.size()) {
        const std::size_t from = answers.size();
        // Each part: 'a' and the assessment, or 't' and the exception's message; "x" alone: this
        // child stops here, the rest go on in a new one.
        const ChildCall child = run_in_child(
            [&]() -> std::string {
                for (std::size_t i = from; i < records.size(); ++i) {
                    std::string part;
                    bool stop_here = false;
                    forget_register_failure();
                    try {
                        part = 'a' + wire::encode(model_for_call().assess(*records[i]));
                        check_no_process_left();
                    } catch (const std::bad_alloc&) {
                        throw;  // the child's end: the next follow-up gets a new one
                    } catch (const ProcessLeftRunning& e) {
                        part = std::string("t") + e.what();
                        stop_here = true;  // the process it left would be blamed on every later assessment
                    } catch (const std::exception& e) {
                        part = std::string("t") + e.what();
                    } catch (...) {
                        part = "tan exception not derived from std::exception";
                    }
                    send_part_to_host(part);
                    if (auto failure = register_failure()) {
                        send_part_to_host("r" + *failure);  // the host stops the command
                        break;
                    }
                    if (stop_here) {
                        if (i + 1 < records.size()) send_part_to_host("x");
                        break;
                    }
                }
                return {};
            },
            calls_.time_limit, true, child_setup("assess()"));
        bool go_on_in_a_new_child = false;
        for (const std::string& part : child.parts) {
            if (part == "x") {
                go_on_in_a_new_child = true;
                continue;
            }
            if (!part.empty() && part[0] == 'r') stop_for_the_register(id_, "assess", part.substr(1));
            AssessAnswer a;
            const sdk::FollowUpRecord& record = *records[answers.size()];
            const std::size_t index = static_cast<std::size_t>(&part - child.parts.data());
            if (index < child.part_printed.size() && child.part_printed[index] > 0) {
                // Printed while it assessed this follow-up: this one fails, the others stand.
                a.problem = PluginCallError(id_, "assess", printed_failure(child.part_printed[index])).what();
            } else if (!part.empty() && part[0] == 'a') {
                try {
                    a.assessment = checked(id_, "assess", for_follow_up(record), wire::decode_assessment(part.substr(1)), scales_);
                } catch (const PluginCallError& e) {
                    a.problem = e.what();
                } catch (const std::exception& e) {
                    a.problem = PluginCallError(id_, "assess", e.what(), true).what();
                }
            } else {
                a.problem = PluginCallError(id_, "assess", part.empty() ? std::string() : part.substr(1)).what();
            }
            answers.push_back(std::move(a));
        }
        if (answers.size() >= records.size()) break;
        if (go_on_in_a_new_child) continue;
        // The child ended before the next follow-up was answered: that one is the cause.
        if (child.ending == ChildCall::Ending::answered) {  // cannot be: every item sends a part
            answers.push_back({std::nullopt, PluginCallError(id_, "assess", "gave no answer", true).what()});
            continue;
        }
        answers.push_back({std::nullopt, PluginCallError(id_, "assess", child.ending == ChildCall::Ending::threw
                                                                             ? child.answer
                                                                             : describe_ending(child, calls_.time_limit),
                                                         child.ending != ChildCall::Ending::threw)
                                             .what()});
    }
    answers.resize(records.size());
    return answers;
}

sdk::BoardSection LoadedPlugin::write_section(const sdk::SectionRequest& section) {
    return checked(id_, "write_section", for_board_and_year(section),
                   called(
                       "write_section", [&] { return model_for_call().write_section(section); },
                       [&] { return request(Request::write_section, wire::encode(section)); }, wire::decode_section));
}
std::vector<sdk::RequirementClaim> LoadedPlugin::regulation_claims() const {
    return checked(id_, "regulation_claims", {},
                   called(
                       "regulation_claims", [&] { return model_for_call().regulation_claims(); },
                       [] { return request(Request::regulation_claims); }, wire::decode_claims));
}

// ---- PluginHost ----

PluginHost::PluginHost(HostContext context, std::map<std::string, std::string> pinned_sha256, PluginCalls calls)
    : context_(context), pinned_sha256_(std::move(pinned_sha256)), calls_(calls) {
    for (auto& [id, hash] : pinned_sha256_)
        std::transform(hash.begin(), hash.end(), hash.begin(), [](unsigned char c) { return std::tolower(c); });
}

PluginHost::~PluginHost() = default;

namespace {

PluginRefused refused(Refusal reason, std::string message) { return {reason, std::move(message)}; }

Refusal refusal_of(LibraryInspection::Verdict verdict) {
    switch (verdict) {
        case LibraryInspection::Verdict::missing: return Refusal::file_missing;
        case LibraryInspection::Verdict::not_shared_library: return Refusal::not_shared_library;
        case LibraryInspection::Verdict::truncated: return Refusal::truncated;
        case LibraryInspection::Verdict::no_entry_point: return Refusal::no_entry_point;
        case LibraryInspection::Verdict::loadable: break;
    }
    return Refusal::load_failed;
}

std::string sdk_mismatch_message(const fs::path& library, std::uint32_t found, std::optional<std::uint32_t> found_minor = {}) {
    const std::string found_text = found_minor ? fmt::format("{}.{}", found, *found_minor) : std::to_string(found);
    if (found == sdk::abi_version)  // a newer minor version: it may need what this host lacks
        return fmt::format("'{}' was built for SDK ABI version {}; this host supports SDK ABI version {}.0 to {}.{}. "
                           "Build the plugin against SDK {} (or update followup).",
                           library.string(), found_text, sdk::abi_version, sdk::abi_version, sdk::abi_minor,
                           FOLLOWUP_SDK_VERSION_STRING);
    std::string change;
    if (found == 2)
        change = " What to change for SDK 3: rebuild against the installed SDK 3 (find_package(FollowupSDK 3.0)); "
                 "configure() now takes a ConfigReader& instead of a toml::table and returns nothing (report problems "
                 "through the reader); Decision, Signal, Unit, FollowUpForm, Assessment and the requests gained members "
                 "(build them by member, not by position); RegisterView gained steps(), closure() and stored_assessment(); "
                 "the entry symbol is now followup_plugin_entry_v3, written by FOLLOWUP_EXPORT_PLUGIN as before. "
                 "See docs/writing-a-plugin.md, \"From SDK 2 to SDK 3\".";
    return fmt::format("'{}' was built for SDK ABI version {}; this host expects SDK ABI version {} "
                       "(SDK {}).{}",
                       library.string(), found_text, sdk::abi_version, FOLLOWUP_SDK_VERSION_STRING, change);
}

}  // namespace

std::optional<PluginRefused> PluginHost::precheck(const fs::path& library, const PluginManifest* manifest,
                                                  std::optional<std::uint32_t>* abi_out,
                                                  const std::optional<std::string>& expected_sha256) const {
    const LibraryInspection inspection = inspect_library(library);
    if (abi_out != nullptr) *abi_out = inspection.sdk_abi;
    for (const fs::path* file : {&library, manifest != nullptr ? &manifest->file : nullptr})
        if (file != nullptr)
            if (auto why = writable_by_others(*file)) return refused(Refusal::writable_by_others, std::move(*why));
    if (inspection.verdict != LibraryInspection::Verdict::loadable)
        return refused(refusal_of(inspection.verdict), fmt::format("'{}': {}", library.string(), inspection.detail));
    if (*inspection.sdk_abi != sdk::abi_version) return refused(Refusal::sdk_mismatch, sdk_mismatch_message(library, *inspection.sdk_abi));
    // The minor version is in the manifest (and the version record, checked when loading).
    if (manifest != nullptr && !sdk::abi_is_compatible(manifest->sdk_abi, manifest->sdk_abi_minor))
        return refused(Refusal::sdk_mismatch, sdk_mismatch_message(library, manifest->sdk_abi, manifest->sdk_abi_minor));
    if (manifest != nullptr && manifest->sdk_abi != *inspection.sdk_abi)
        return refused(Refusal::manifest_mismatch,
                       fmt::format("'{}' says sdk_abi = {} but its library '{}' was built for SDK ABI {}",
                                   manifest->file.string(), manifest->sdk_abi, library.string(), *inspection.sdk_abi));

    std::optional<std::string> pin = expected_sha256;
    if (!pin && manifest != nullptr)
        if (auto it = pinned_sha256_.find(manifest->id); it != pinned_sha256_.end()) pin = it->second;
    if (pin) {
        std::string expected = *pin;
        std::transform(expected.begin(), expected.end(), expected.begin(), [](unsigned char c) { return std::tolower(c); });
        const std::string actual = sha256_file_hex(library);
        if (actual != expected)
            return refused(Refusal::checksum_mismatch,
                           fmt::format("'{}' has SHA-256 {}; the configuration pins {}. Has the plugin been replaced?",
                                       library.string(), actual, expected));
    }
    return std::nullopt;
}

std::vector<fs::path> plugin_search_path(const std::vector<fs::path>& configured, const std::vector<fs::path>& given) {
    std::vector<fs::path> dirs{default_plugin_directory()};
    for (const auto& d : configured) dirs.push_back(fs::absolute(d).lexically_normal());
    for (const auto& d : given) dirs.push_back(fs::absolute(d).lexically_normal());
    if (const char* env = std::getenv("FOLLOWUP_PLUGIN_PATH"); env != nullptr && *env != '\0') {
        std::string_view rest(env);
        while (!rest.empty()) {
            const auto colon = rest.find(':');
            if (auto part = rest.substr(0, colon); !part.empty()) dirs.push_back(fs::absolute(fs::path(part)).lexically_normal());
            rest = colon == std::string_view::npos ? std::string_view{} : rest.substr(colon + 1);
        }
    }
    // A folder named twice is searched once, where it first appears.
    std::vector<fs::path> unique;
    for (auto& d : dirs)
        if (std::find(unique.begin(), unique.end(), d) == unique.end()) unique.push_back(std::move(d));
    return unique;
}

std::vector<PluginListing> PluginHost::discover(const std::vector<fs::path>& directories) const {
    std::vector<PluginListing> listings;
    std::map<std::string, fs::path> first_with_id;
    for (const fs::path& directory : directories) {
        std::error_code ec;
        if (!fs::is_directory(directory, ec)) {
            spdlog::warn("plugin folder '{}' does not exist; skipped", directory.string());
            continue;
        }
        std::vector<fs::path> manifests;
        for (const auto& entry : fs::directory_iterator(directory, ec))
            if (entry.path().filename().string().ends_with(manifest_suffix)) manifests.push_back(fs::absolute(entry.path()));
        std::sort(manifests.begin(), manifests.end());

        for (const fs::path& file : manifests) {
            PluginListing listing;
            try {
                listing.manifest = read_manifest(file);
            } catch (const ManifestError& e) {
                listing.library = file;
                listing.refusal = refused(Refusal::manifest_invalid, e.what());
                listings.push_back(std::move(listing));
                continue;
            }
            listing.library = listing.manifest->library;
            listing.refusal = precheck(listing.library, &*listing.manifest, &listing.sdk_abi, std::nullopt);
            if (!listing.refusal) {
                auto [it, inserted] = first_with_id.emplace(listing.manifest->id, listing.library);
                if (!inserted) spdlog::warn("plugin '{}' in '{}' is hidden by the one in '{}', which comes earlier in the search path",
                                            listing.manifest->id, listing.library.string(), it->second.string());
                if (!inserted)
                    listing.refusal = refused(Refusal::duplicate_id,
                                              fmt::format("'{}' has plugin id '{}', already taken by '{}'",
                                                          listing.library.string(), listing.manifest->id,
                                                          it->second.string()));
            }
            listings.push_back(std::move(listing));
        }
    }
    return listings;
}

LoadOutcome PluginHost::load(const fs::path& path_in, const std::optional<std::string>& expected_sha256) {
    // Bare names would be looked up by dlopen in the current directory: always go absolute.
    const fs::path path = fs::absolute(path_in);
    std::optional<PluginManifest> manifest;
    fs::path library = path;
    if (path.filename().string().ends_with(manifest_suffix)) {
        try {
            manifest = read_manifest(path);
        } catch (const ManifestError& e) {
            return {nullptr, refused(fs::exists(path) ? Refusal::manifest_invalid : Refusal::file_missing, e.what())};
        }
        library = manifest->library;
    } else if (const fs::path beside = manifest_path_for(path); fs::exists(beside)) {
        try {
            manifest = read_manifest(beside);
        } catch (const ManifestError& e) {
            return {nullptr, refused(Refusal::manifest_invalid, e.what())};
        }
        if (fs::absolute(manifest->library) != path)
            return {nullptr, refused(Refusal::manifest_invalid,
                                     fmt::format("'{}' names library '{}', not '{}'", beside.string(),
                                                 manifest->library.filename().string(), path.filename().string()))};
    }

    if (manifest)
        for (const auto& other : loaded_)
            if (other->id() == manifest->id)
                return {nullptr, refused(Refusal::duplicate_id,
                                         fmt::format("'{}' has plugin id '{}', already loaded from '{}'",
                                                     library.string(), manifest->id, other->library().string()))};

    if (auto refusal = precheck(library, manifest ? &*manifest : nullptr, nullptr, expected_sha256))
        return {nullptr, std::move(refusal)};

    // Loading runs the library's static initializers and the factory runs the plugin's
    // constructor: when isolated, both are tried in a child first, so a plugin that crashes, ends
    // or hangs there is refused instead of taking the host with it.
    if (calls_.isolated) {
        const ChildCall probe = run_in_child(
            [&]() -> std::string {
                dll::shared_library trial(library.string(), dll::load_mode::rtld_now | dll::load_mode::rtld_local);
                const std::string name = FOLLOWUP_PLUGIN_ENTRY_PREFIX + std::to_string(sdk::abi_version);
                if (!trial.has(name)) return {};
                const auto& entry = trial.get<const followup_plugin_record>(name);
                if (entry.magic != FOLLOWUP_PLUGIN_MAGIC || !sdk::abi_is_compatible(entry.sdk_abi, entry.sdk_abi_minor) ||
                    entry.create == nullptr)
                    return {};  // refused below, with the reason, without running the factory
                PluginServices services(entry.id != nullptr ? entry.id : "?", context_);
                delete entry.create(services);
                return {};
            },
            calls_.time_limit, false, ChildSetup{calls_.limits, fmt::format("plugin '{}'", library.filename().string())});
        if (probe.ending != ChildCall::Ending::answered && probe.ending != ChildCall::Ending::threw)
            return {nullptr, refused(Refusal::factory_crashed,
                                     fmt::format("'{}': loading the library and making its model {}", library.string(),
                                                 describe_ending(probe, calls_.time_limit)))};
        if (probe.printed > 0)
            return {nullptr, refused(Refusal::factory_threw, fmt::format("'{}': loading the library and making its model {}",
                                                                          library.string(), printed_failure(probe.printed)))};
    }

    // Immediate binding: an unresolved symbol fails here with the loader's message instead of
    // killing the process when the function is first called.
    auto shared = std::make_shared<dll::shared_library>();
    // Isolated, the library's static initializers and the factory ran in the trial child above,
    // whose prints reached the log; here they print nowhere (OutputSilenced).
    std::optional<OutputSilenced> silenced;
    if (calls_.isolated) silenced.emplace();
    try {
        shared->load(library.string(), dll::load_mode::rtld_now | dll::load_mode::rtld_local);
    } catch (const dll::fs::system_error& e) {
        return {nullptr, refused(Refusal::load_failed, fmt::format("'{}' could not be loaded: {}", library.string(), e.what()))};
    }

    const std::string symbol = FOLLOWUP_PLUGIN_ENTRY_PREFIX + std::to_string(sdk::abi_version);
    if (!shared->has(symbol))
        return {nullptr, refused(Refusal::no_entry_point, fmt::format("'{}' has no symbol '{}'", library.string(), symbol))};
    const auto& record = shared->get<const followup_plugin_record>(symbol);
    if (record.magic != FOLLOWUP_PLUGIN_MAGIC || !sdk::abi_is_compatible(record.sdk_abi, record.sdk_abi_minor))
        return {nullptr, refused(Refusal::sdk_mismatch,
                                 record.magic != FOLLOWUP_PLUGIN_MAGIC
                                     ? fmt::format("'{}': the version record has magic {:#x}; expected {:#x}",
                                                   library.string(), record.magic, FOLLOWUP_PLUGIN_MAGIC)
                                     : sdk_mismatch_message(library, record.sdk_abi, record.sdk_abi_minor))};
    if (record.id == nullptr || record.version == nullptr || record.display_name == nullptr || record.create == nullptr)
        return {nullptr, refused(Refusal::manifest_mismatch,
                                 fmt::format("'{}': the version record has an empty field", library.string()))};
    const std::string id = record.id;
    if (manifest && manifest->id != id)
        return {nullptr, refused(Refusal::manifest_mismatch,
                                 fmt::format("'{}' says id = '{}' but the library's version record says '{}'",
                                             manifest->file.string(), manifest->id, id))};
    if (!manifest) {
        for (const auto& other : loaded_)
            if (other->id() == id)
                return {nullptr, refused(Refusal::duplicate_id,
                                         fmt::format("'{}' has plugin id '{}', already loaded from '{}'",
                                                     library.string(), id, other->library().string()))};
        if (auto it = pinned_sha256_.find(id); it != pinned_sha256_.end() && !expected_sha256)
            if (auto refusal = precheck(library, nullptr, nullptr, it->second)) return {nullptr, std::move(refusal)};
    }

    // The services live with the model: both are released by the model's deleter, which also
    // holds the library, so nothing the plugin made outlives its code.
    auto services = std::make_shared<PluginServices>(id, context_);
    sdk::BoardModel* raw = nullptr;
    try {
        raw = record.create(*services);
    } catch (const std::exception& e) {
        return {nullptr, refused(Refusal::factory_threw,
                                 fmt::format("the factory of plugin '{}' ('{}') threw: {}", id, library.string(), e.what()))};
    } catch (...) {
        return {nullptr, refused(Refusal::factory_threw,
                                 fmt::format("the factory of plugin '{}' ('{}') threw a non-standard exception", id,
                                             library.string()))};
    }
    silenced.reset();
    if (raw == nullptr)
        return {nullptr, refused(Refusal::factory_threw,
                                 fmt::format("the factory of plugin '{}' ('{}') returned no model", id, library.string()))};

    auto plugin = std::make_shared<LoadedPlugin>();
    plugin->id_ = id;
    plugin->version_ = record.version;
    plugin->display_name_ = record.display_name;
    plugin->library_path_ = library;
    plugin->sdk_abi_ = record.sdk_abi;
    plugin->calls_ = calls_;
    plugin->register_view_ = &context_.register_view;
    plugin->scales_ = &context_.scales;
    plugin->model_ = std::shared_ptr<sdk::BoardModel>(raw, [shared, services](sdk::BoardModel* model) { delete model; });
    plugin->make_model_ = [create = record.create, shared, services, id]() {
        sdk::BoardModel* again = create(*services);
        if (again == nullptr) throw std::runtime_error(fmt::format("the factory of plugin '{}' returned no model when asked again", id));
        return std::shared_ptr<sdk::BoardModel>(again, [shared, services](sdk::BoardModel* model) { delete model; });
    };
    loaded_.push_back(plugin);
    spdlog::debug("loaded plugin '{}' {} from '{}'", id, plugin->version_, library.string());
    return {plugin, std::nullopt};
}

std::vector<std::shared_ptr<LoadedPlugin>> PluginHost::load_all(const std::vector<fs::path>& directories,
                                                                std::vector<PluginListing>* refused_out) {
    std::vector<std::shared_ptr<LoadedPlugin>> result;
    for (PluginListing& listing : discover(directories)) {
        if (!listing.refusal) {
            LoadOutcome outcome = load(listing.manifest->file);
            if (outcome) {
                result.push_back(outcome.plugin);
                continue;
            }
            listing.refusal = std::move(outcome.refusal);
        }
        spdlog::error("plugin refused ({}): {}", to_string(listing.refusal->reason), listing.refusal->message);
        if (refused_out != nullptr) refused_out->push_back(std::move(listing));
    }
    return result;
}

fs::path default_plugin_directory() {
    // Relative to the executable, so the build tree and an installed tree work alike.
    return (dll::program_location().parent_path() / FOLLOWUP_PLUGIN_DIR_FROM_BINDIR).lexically_normal();
}

}  // namespace followup::core
