#include <algorithm>

#include <fmt/format.h>

#include "config/municipality_config.hpp"

namespace followup::core {

namespace {
bool holds(const std::vector<std::string>& list, const std::string& value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}
}  // namespace

std::optional<std::string> independence_conflict(const MunicipalityConfig& config, const Inspector& inspector,
                                                 const std::string& provider, const std::string& area_id,
                                                 const std::string& unit_id) {
    if (inspector.employed_by && *inspector.employed_by == provider)
        return fmt::format("inspector {} is employed by {}", inspector.id, provider);
    if (holds(inspector.disqualified, provider)) return fmt::format("inspector {} is disqualified for {}", inspector.id, provider);
    if (inspector.member_of)
        for (const Operation& op : config.operations)
            if (op.id == *inspector.member_of && op.provider == provider && (op.areas.empty() || holds(op.areas, area_id)) &&
                (op.units.empty() || holds(op.units, unit_id)))
                return fmt::format("inspector {} belongs to {} ({}), which runs {}; the unit that follows up must be "
                                   "independent of the municipality's own operation",
                                   inspector.id, op.name, op.id, unit_id.empty() ? provider + " in " + area_id : "unit " + unit_id);
    return std::nullopt;
}

}  // namespace followup::core
