#include "cli/session.hpp"

#include <ostream>

#include <fmt/format.h>

#include "store/sqlite_register.hpp"

namespace followup::core {
namespace fs = std::filesystem;

std::unique_ptr<Session> open_session(const RegisterOptions& options, bool with_plugins, std::ostream& out) {
    LoadedConfig loaded = load_configuration(options.config);
    if (!loaded.diagnostics.empty()) {
        for (const auto& d : loaded.diagnostics) out << "error: " << to_string(d) << "\n";
        out << fmt::format("the configuration '{}' has {} error(s); run followup validate\n", options.config.string(),
                           loaded.diagnostics.size());
        return nullptr;
    }
    auto owned = std::make_unique<Session>();
    Session& session = *owned;
    session.config = std::move(loaded.config);
    const fs::path db = options.db ? fs::absolute(*options.db)
                                   : session.config.database.value_or(fs::absolute("followup.sqlite"));
    session.store = open_sqlite_register(db);
    session.host = std::make_unique<PluginHost>(HostContext{*session.store, session.config.scales, session.calendar},
                                                session.config.pinned_sha256());
    if (with_plugins) {
        Diagnostics problems;
        session.models = configure_board_models(session.config, *session.host, problems);
        if (!problems.empty()) {
            for (const auto& d : problems) out << "error: " << to_string(d) << "\n";
            out << "the boards' plugins cannot be used; run followup validate\n";
            return nullptr;
        }
    }
    return owned;
}

}  // namespace followup::core
