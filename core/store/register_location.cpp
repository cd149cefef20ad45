#include "store/register_location.hpp"

#include <cstdlib>

namespace followup::core {
namespace fs = std::filesystem;

namespace {
CommandDescription& the_command() {
    static CommandDescription described;
    return described;
}
}  // namespace

void describe_command(CommandDescription described) { the_command() = std::move(described); }
const CommandDescription& described_command() { return the_command(); }

std::optional<fs::path> postgres_audit_key(const std::optional<fs::path>& configured) {
    if (configured) return configured;
    if (const char* env = std::getenv("FOLLOWUP_AUDIT_KEY"); env != nullptr && *env != '\0') return fs::path(env);
    return std::nullopt;
}

std::unique_ptr<Register> open_register(const std::string& location, RegisterCreation creation,
                                        const std::optional<fs::path>& audit_key) {
    if (is_postgres_url(location)) return open_postgres_register(location, creation, postgres_audit_key(audit_key));
    return open_sqlite_register(location, creation, audit_key);
}

bool register_exists(const std::string& location) {
    if (is_postgres_url(location)) return postgres_register_exists(location);
    return fs::exists(location);
}

std::string missing_register_message(const std::string& location) {
    if (is_postgres_url(location)) return no_postgres_register_message(location);
    return no_register_message(location);
}

std::string location_for_people(const std::string& location) {
    return is_postgres_url(location) ? url_for_people(location) : location;
}

}  // namespace followup::core
