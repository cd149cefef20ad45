#include "cli/session.hpp"

#include <iostream>
#include <ostream>

#include <fmt/format.h>

#include "store/memory_register.hpp"
#include "util/stopwatch.hpp"
#include "store/register_location.hpp"

namespace followup::core {
namespace fs = std::filesystem;

std::unique_ptr<Session> open_session(const RegisterOptions& options, Plugins plugins, std::ostream& out, Reads reads,
                                      RegisterNeed need) {
    Stopwatch watch(spdlog::level::trace);  // where a command's start goes, for --log-level trace
    LoadedConfig loaded = load_configuration(options.config);
    watch.lap("session: read the configuration");
    if (!loaded.diagnostics.empty()) {
        for (const auto& d : loaded.diagnostics) std::cerr << "error: " << to_string(d) << "\n";
        std::cerr << fmt::format("the configuration '{}' has {} error(s); run followup validate\n", options.config.string(),
                           loaded.diagnostics.size());
        return nullptr;
    }
    auto owned = std::make_unique<Session>();
    Session& session = *owned;
    session.config = std::move(loaded.config);
    const std::string db = register_location(options, &session.config);
    if (need == RegisterNeed::existing && !register_exists(db)) {
        std::cerr << "error: " << missing_register_message(db) << "\n";
        return nullptr;
    }
    if (need != RegisterNeed::none) {
        const bool created = !register_exists(db);
        session.store = open_register(db, RegisterCreation::create_if_missing, session.config.audit_key);
        if (created) out << fmt::format("created the register '{}'\n", location_for_people(db));
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
            for (const auto& d : problems) std::cerr << "error: " << to_string(d) << "\n";
            std::cerr << "the boards' plugins cannot be used; run followup validate\n";
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
