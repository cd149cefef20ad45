#include "lifecycle/authorization.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/consistency.hpp"
#include "store/record_rules.hpp"
#include "store/rows.hpp"

namespace followup::core {

namespace {

const RecordKind& authorizations_kind() { return *find_record_kind("authorizations"); }

/// The provider's authorization in the area that is in force on `day`, or granted after it and
/// not ended (sdk::in_force on its first day): the one a new grant would overlap, and the one a
/// change on `day` changes.
std::optional<sdk::Authorization> in_force_from(const Register& store, const std::string& provider, const std::string& area,
                                                sdk::Date day) {
    for (sdk::Authorization& a : store.authorizations(provider, area))
        if (sdk::in_force(a, day < a.granted ? a.granted : day)) return std::move(a);
    return std::nullopt;
}

sdk::Date today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

/// The row a grant writes.
Row grant_row(const AuthorizationEntry& e) {
    return row_of(authorizations_kind(), {{"provider", e.provider}, {"area", e.area_id}, {"granted", sdk::format_date(e.granted)},
                                          {"status", "active"}, {"ended", ""}});
}

}  // namespace

std::vector<std::string> check_authorization(const MunicipalityConfig& config, const Register& store,
                                             const AuthorizationEntry& e) {
    std::vector<std::string> problems;
    // The new row passes the rules every way in applies (store/record_rules.hpp), in the words
    // of `followup import`: a provider in the register, a configured area, a date from 1990 to 2100.
    Row row = grant_row(e);
    RecordRules rules(store, &config, today());
    for (auto& [column, message] : rules.check(authorizations_kind(), row))
        problems.push_back(column.empty() ? message : column + ": " + message);
    if (!problems.empty()) return problems;
    const sdk::Area* area = config.area(e.area_id);
    if (area == nullptr) {
        std::vector<std::string> ids;
        for (const auto& a : config.areas) ids.push_back(a.id);
        problems.push_back(fmt::format("area: {}", sdk::not_one_of(e.area_id, ids)));
        return problems;
    }
    if (const auto current = in_force_from(store, e.provider, e.area_id, e.granted))
        problems.push_back(fmt::format("provider {} already has an authorization in force in {} on {} (granted {}{}); a new "
                                       "application comes only after it ended (`followup authorization end`)",
                                       e.provider, e.area_id, sdk::format_date(e.granted), sdk::format_date(current->granted),
                                       current->ended ? ", ending " + sdk::format_date(*current->ended) : ""));
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
    writer->upsert(authorizations_kind(), grant_row(e));
    writer->commit();
}

std::vector<std::string> check_authorization_change(const Register& store, const AuthorizationChangeEntry& e) {
    std::vector<std::string> problems;
    const auto current = in_force_from(store, e.provider, e.area_id, e.on);
    if (!current) {
        problems.push_back(fmt::format("provider {} has no authorization in force in {} on {}; see `followup export authorizations`, "
                                       "and grant one with `followup authorization grant`",
                                       e.provider, e.area_id, sdk::format_date(e.on)));
        return problems;
    }
    if (e.change == AuthorizationChange::end || e.change == AuthorizationChange::revoke) {
        // The changed row passes the rules every way in applies (store/record_rules.hpp), in the
        // words of `followup import`: an end on or after the grant, a date from 1990 to 2100.
        PreparedAuthorizationChange prepared = prepare_authorization_change(store, e);
        RecordRules rules(store, nullptr, today());
        for (auto& [column, message] : rules.check(authorizations_kind(), prepared.row))
            problems.push_back(column.empty() ? message : column + ": " + message);
    } else if (e.on < current->granted) {  // a suspension's day is not a column: checked here
        problems.push_back(fmt::format("{} is before the authorization was granted ({})", sdk::format_date(e.on),
                                       sdk::format_date(current->granted)));
    }
    if (e.change == AuthorizationChange::resume && current->status != sdk::AuthorizationStatus::suspended)
        problems.push_back(fmt::format("the authorization of {} in {} is not suspended", e.provider, e.area_id));
    if (e.change == AuthorizationChange::suspend && current->status == sdk::AuthorizationStatus::suspended)
        problems.push_back(fmt::format("the authorization of {} in {} is already suspended", e.provider, e.area_id));
    return problems;
}

PreparedAuthorizationChange prepare_authorization_change(const Register& store, const AuthorizationChangeEntry& e) {
    sdk::Authorization a = *in_force_from(store, e.provider, e.area_id, e.on);
    std::string what;
    switch (e.change) {
        case AuthorizationChange::suspend:
            a.status = sdk::AuthorizationStatus::suspended;
            what = "suspended";
            break;
        case AuthorizationChange::resume:
            a.status = sdk::AuthorizationStatus::active;
            what = "resumed";
            break;
        case AuthorizationChange::end:
            // An end dated earlier than one already recorded (a later de-authorization, or a
            // revocation to come) moves it earlier.
            a.ended = e.on;
            what = "ended";
            break;
        case AuthorizationChange::revoke:
            a.status = sdk::AuthorizationStatus::revoked;
            a.ended = e.on;
            what = "revoked";
            break;
    }
    return {to_row(a), fmt::format("{} the authorization of {} in {} on {}", what, e.provider, e.area_id, sdk::format_date(e.on))};
}

std::string change_authorization(Register& store, const AuthorizationChangeEntry& e, const std::string& actor) {
    PreparedAuthorizationChange change = prepare_authorization_change(store, e);
    auto writer = store.begin(actor);
    writer->upsert(authorizations_kind(), change.row);
    writer->commit();
    return change.what;
}

}  // namespace followup::core
