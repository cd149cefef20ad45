#include "app/session.hpp"
#include "util/private_files.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include <fmt/format.h>

#include "store/memory_register.hpp"
#include "util/stopwatch.hpp"
#include "store/record_rules.hpp"
#include "store/register_location.hpp"
#include "store/sqlite_register.hpp"

namespace followup::core {
namespace fs = std::filesystem;

std::string register_location(const RegisterOptions& options, const MunicipalityConfig* config) {
    // A URL is the server's address, not a file: never made absolute against the current folder.
    if (options.db) return is_postgres_url(options.db->string()) ? options.db->string() : fs::absolute(*options.db).string();
    if (config && config->register_url) return *config->register_url;
    if (config && config->database) return config->database->string();
    return fs::absolute("followup.sqlite").string();
}

void name_the_command(const std::string& command, const std::string& on_behalf_of) {
    describe_command({command, on_behalf_of});
}

std::optional<std::string> users_situation(const std::exception& e) {
    if (dynamic_cast<const StoreError*>(&e) != nullptr) return e.what();
    // The register failed under a plugin's question (a lost connection): the register's words, with the plugin's.
    if (dynamic_cast<const RegisterUnreadable*>(&e) != nullptr) return e.what();
    // A folder that is a file, a path without rights, a full disk: the user's situation.
    if (dynamic_cast<const fs::filesystem_error*>(&e) != nullptr) return e.what();
    return register_situation(e);
}

std::string escaped_for_terminal(const std::string& text) { return escaped(text); }

sdk::Date today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

void share_register_files_with(const MunicipalityConfig& config) {
    set_sqlite_wait_seconds(config.register_wait_seconds);
    if (config.register_group) set_register_group(static_cast<::gid_t>(config.register_group->id));
    else set_register_group(std::nullopt);
}

std::unique_ptr<Session> open_session(const RegisterOptions& options, Plugins plugins, Outcome& outcome, Reads reads,
                                      RegisterNeed need) {
    Stopwatch watch(spdlog::level::trace);  // where a command's start goes, for --log-level trace
    LoadedConfig loaded = load_configuration(options.config);
    watch.lap("session: read the configuration");
    if (!loaded.diagnostics.empty()) {
        for (const auto& d : loaded.diagnostics) outcome.problems.push_back(to_string(d));
        outcome.summary = fmt::format("the configuration '{}' has {} error(s); run followup validate", options.config.string(),
                                      loaded.diagnostics.size());
        return nullptr;
    }
    auto owned = std::make_unique<Session>();
    Session& session = *owned;
    session.config = std::move(loaded.config);
    share_register_files_with(session.config);
    const std::string db = register_location(options, &session.config);
    if (need == RegisterNeed::existing && !register_exists(db)) {
        outcome.problems.push_back(missing_register_message(db));
        return nullptr;
    }
    if (need != RegisterNeed::none) {
        const bool created = !register_exists(db);
        session.store = open_register(db, RegisterCreation::create_if_missing, session.config.audit_key);
        if (created) outcome.done.push_back(fmt::format("created the register '{}'", location_for_people(db)));
        watch.lap("session: opened the register");
    }
    static const MemoryRegister nothing;  // a command without a register: plugins see an empty one
    session.view = std::make_unique<RegisterViewRelay>(session.store ? static_cast<const sdk::RegisterView&>(*session.store) : nothing);
    session.host = std::make_unique<PluginHost>(HostContext{*session.view, session.config.scales, session.calendar},
                                                session.config.pinned_sha256(), plugin_calls_for(session.config));
    if (plugins != Plugins::none) {
        Diagnostics problems;
        session.models = configure_board_models(session.config, *session.host, problems);
        for (const auto& board : session.config.boards)
            if (!session.models.by_board.count(board.board.id)) {
                std::string why;
                for (const auto& d : problems)
                    if (d.file == board.origin.file) why += (why.empty() ? "" : "; ") + to_string(d);
                session.plugin_problems[board.board.id] = why.empty() ? "plugin '" + board.plugin_id + "' is not available" : why;
            }
        if (!problems.empty() && plugins == Plugins::required) {
            for (const auto& d : problems) outcome.problems.push_back(to_string(d));
            outcome.summary = "the boards' plugins cannot be used; run followup validate";
            return nullptr;
        }
        watch.lap("session: loaded and configured the boards' plugins");
    }
    if (reads == Reads::snapshot && session.store) {
        session.snapshot = std::make_unique<RegisterSnapshot>(*session.store);
        session.view->relay_to(*session.snapshot);
        watch.lap("session: read the register into memory");
    }
    return owned;
}

}  // namespace followup::core
