#include "lifecycle/authorization.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/consistency.hpp"

namespace followup::core {

namespace {

const RecordKind& authorizations_kind() { return *find_record_kind("authorizations"); }

/// The authorization rows of a provider in an area, as the register holds them.
std::vector<Row> rows_of(const Register& store, const std::string& provider, const std::string& area) {
    const RecordKind& k = authorizations_kind();
    std::vector<Row> rows;
    for (Row& r : store.rows_where(k, "provider", provider))
        if (r[k.column_index("area")] == area) rows.push_back(std::move(r));
    return rows;
}

/// The row in force: not ended (status active or suspended, no end date).
std::optional<Row> in_force(const Register& store, const std::string& provider, const std::string& area) {
    const RecordKind& k = authorizations_kind();
    for (Row& r : rows_of(store, provider, area))
        if (r[k.column_index("ended")].empty() && r[k.column_index("status")] != "revoked") return std::move(r);
    return std::nullopt;
}

}  // namespace

std::vector<std::string> check_authorization(const MunicipalityConfig& config, const Register& store,
                                             const AuthorizationEntry& e) {
    std::vector<std::string> problems;
    if (!store.contains(*find_record_kind("providers"), e.provider))
        problems.push_back(fmt::format("provider {} is not in the register; expected one imported first (followup import providers)",
                                       e.provider));
    const sdk::Area* area = config.area(e.area_id);
    if (area == nullptr) {
        std::vector<std::string> ids;
        for (const auto& a : config.areas) ids.push_back(a.id);
        problems.push_back(fmt::format("area: {}", sdk::not_one_of(e.area_id, ids)));
        return problems;
    }
    if (in_force(store, e.provider, e.area_id))
        problems.push_back(fmt::format("provider {} already has an authorization in force in {}; a new application comes only "
                                       "after it ended (`followup authorization end`)",
                                       e.provider, e.area_id));
    // The conditions the board's condition-timing table checks at authorization, each checked
    // and met on the board's scale.
    const BoardSettings* board = config.board(area->board_id);
    const sdk::GradingScale* scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
    std::vector<std::string> missing;
    for (const auto& c : config.conditions) {
        if (c.area_id != e.area_id ||
            std::find(c.checked.begin(), c.checked.end(), sdk::CheckPoint::at_authorization) == c.checked.end())
            continue;
        const auto given = std::find_if(e.checked.begin(), e.checked.end(), [&](const auto& g) { return g.first == c.id; });
        if (given == e.checked.end()) {
            missing.push_back(c.id);
            continue;
        }
        const sdk::GradeLevel* level = scale != nullptr ? scale->level(given->second) : nullptr;
        if (level == nullptr)
            problems.push_back(fmt::format("condition {}: grade \"{}\" is not a level of the board's scale {}", c.id, given->second,
                                           board != nullptr ? board->scale_id : "?"));
        else if (level->deficiency)
            problems.push_back(fmt::format("condition {} is not met ({}); an authorization is granted when every condition due at "
                                           "authorization is met",
                                           c.id, level->label_sv));
    }
    if (!missing.empty())
        problems.push_back(fmt::format("the condition-timing table checks {} at authorization in {}; expected --checked "
                                       "CONDITION=LEVEL for each",
                                       fmt::join(missing, ", "), e.area_id));
    return problems;
}

void grant_authorization(Register& store, const AuthorizationEntry& e, const std::string& actor) {
    auto writer = store.begin(actor);
    writer->upsert(authorizations_kind(), {e.provider, e.area_id, sdk::format_date(e.granted), "active", ""});
    writer->commit();
}

std::vector<std::string> check_authorization_change(const Register& store, const AuthorizationChangeEntry& e) {
    std::vector<std::string> problems;
    const RecordKind& k = authorizations_kind();
    const auto row = in_force(store, e.provider, e.area_id);
    if (!row) {
        problems.push_back(fmt::format("provider {} has no authorization in force in {}; see `followup export authorizations`, "
                                       "and grant one with `followup authorization grant`",
                                       e.provider, e.area_id));
        return problems;
    }
    if (sdk::format_date(e.on) < (*row)[k.column_index("granted")])
        problems.push_back(fmt::format("{} is before the authorization was granted ({})", sdk::format_date(e.on),
                                       (*row)[k.column_index("granted")]));
    const std::string status = (*row)[k.column_index("status")];
    if (e.change == AuthorizationChange::resume && status != "suspended")
        problems.push_back(fmt::format("the authorization of {} in {} is not suspended", e.provider, e.area_id));
    if (e.change == AuthorizationChange::suspend && status == "suspended")
        problems.push_back(fmt::format("the authorization of {} in {} is already suspended", e.provider, e.area_id));
    return problems;
}

std::string change_authorization(Register& store, const AuthorizationChangeEntry& e, const std::string& actor) {
    const RecordKind& k = authorizations_kind();
    Row row = *in_force(store, e.provider, e.area_id);
    std::string what;
    switch (e.change) {
        case AuthorizationChange::suspend:
            row[k.column_index("status")] = "suspended";
            what = "suspended";
            break;
        case AuthorizationChange::resume:
            row[k.column_index("status")] = "active";
            what = "resumed";
            break;
        case AuthorizationChange::end:
            row[k.column_index("ended")] = sdk::format_date(e.on);
            what = "ended";
            break;
        case AuthorizationChange::revoke:
            row[k.column_index("status")] = "revoked";
            row[k.column_index("ended")] = sdk::format_date(e.on);
            what = "revoked";
            break;
    }
    auto writer = store.begin(actor);
    writer->upsert(k, row);
    writer->commit();
    return fmt::format("{} the authorization of {} in {} on {}", what, e.provider, e.area_id, sdk::format_date(e.on));
}

}  // namespace followup::core
