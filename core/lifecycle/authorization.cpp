#include "lifecycle/authorization.hpp"

#include <algorithm>
#include <set>
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

const RecordKind& condition_checks_kind() { return *find_record_kind("condition_checks"); }

/// The scale of the board whose area it is ("" when the area is not configured).
std::string scale_of_area(const MunicipalityConfig& config, const std::string& area_id) {
    const sdk::Area* area = config.area(area_id);
    const BoardSettings* board = area != nullptr ? config.board(area->board_id) : nullptr;
    return board != nullptr ? board->scale_id : "";
}

/// The rows of condition_checks the checks write, one per condition.
std::vector<Row> check_rows(const MunicipalityConfig& config, const std::string& provider, const std::string& area, sdk::Date checked,
                            const std::string& occasion, const std::string& signal, const std::string& note,
                            const std::vector<std::pair<std::string, std::string>>& grades) {
    std::vector<Row> rows;
    const std::string scale = scale_of_area(config, area);
    for (const auto& [condition, grade] : grades)
        rows.push_back(row_of(condition_checks_kind(), {{"provider", provider}, {"area", area}, {"condition", condition},
                                                        {"checked", sdk::format_date(checked)}, {"occasion", occasion},
                                                        {"scale", scale}, {"grade", grade}, {"note", note}, {"signal", signal}}));
    return rows;
}

/// A grant's checks are dated the day it takes effect, or today when that day is still to come
/// (the application is decided before the authorization starts; a check cannot be dated ahead).
sdk::Date grant_check_day(sdk::Date granted) { return std::min(granted, today()); }

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
    // The conditions due at authorization — the council's general ones (seeds 001-003: taxes and
    // fees paid, no bankruptcy, no trading ban, the representatives' records, a continuity plan,
    // correct information) and the area's own — each checked and met on the board's scale. A
    // condition the area does not have is refused: a made-up id would pass for a check.
    const BoardSettings* board = config.board(area->board_id);
    const sdk::GradingScale* scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
    auto of_area = [&](const sdk::AuthorizationCondition& c) { return c.area_id.empty() || c.area_id == e.area_id; };
    std::vector<std::string> area_conditions;
    for (const auto& c : config.conditions)
        if (of_area(c)) area_conditions.push_back(c.id);
    std::set<std::string> seen;
    for (const auto& [id, grade] : e.checked) {
        if (!seen.insert(id).second) {
            problems.push_back(fmt::format("condition {} is checked twice; expected one --checked per condition", id));
            continue;
        }
        if (std::find(area_conditions.begin(), area_conditions.end(), id) == area_conditions.end()) {
            problems.push_back(fmt::format("--checked {}: not a condition of area {} (the general conditions and the area's own); {}",
                                           id, e.area_id, sdk::not_one_of(id, area_conditions).substr(sdk::not_one_of(id, area_conditions).find("expected"))));
            continue;
        }
        const sdk::GradeLevel* level = scale != nullptr ? scale->level(grade) : nullptr;
        if (level == nullptr)
            problems.push_back(fmt::format("condition {}: grade \"{}\" is not a level of the board's scale {}", id, grade,
                                           board != nullptr ? board->scale_id : "?"));
        else if (level->deficiency)
            problems.push_back(fmt::format("condition {} is not met ({}); an authorization is granted when every condition due at "
                                           "authorization is met",
                                           id, level->label_sv));
    }
    std::vector<std::string> missing;
    for (const auto& c : config.conditions)
        if (of_area(c) && std::find(c.checked.begin(), c.checked.end(), sdk::CheckPoint::at_authorization) != c.checked.end() &&
            !seen.count(c.id))
            missing.push_back(c.id);
    if (!missing.empty())
        problems.push_back(fmt::format("the conditions due at authorization in {} (the general ones and the area's own) are not all "
                                       "checked: {}; expected --checked CONDITION=LEVEL for each",
                                       e.area_id, fmt::join(missing, ", ")));
    return problems;
}

void grant_authorization(Register& store, const MunicipalityConfig& config, const AuthorizationEntry& e, const std::string& actor) {
    auto writer = store.begin(actor);
    writer->upsert(authorizations_kind(), grant_row(e));
    for (Row& row : check_rows(config, e.provider, e.area_id, grant_check_day(e.granted), "authorization", "", "", e.checked))
        writer->upsert(condition_checks_kind(), row);
    writer->commit();
}

std::vector<std::string> check_condition_checks(const MunicipalityConfig& config, const Register& store, const ConditionCheckEntry& e) {
    std::vector<std::string> problems;
    if (e.grades.empty()) {
        problems.push_back("no condition given; expected --checked CONDITION=LEVEL for each condition checked");
        return problems;
    }
    const auto authorizations = store.authorizations(e.provider, e.area_id);
    if (std::none_of(authorizations.begin(), authorizations.end(), [&](const sdk::Authorization& a) { return sdk::in_force(a, e.checked); }))
        problems.push_back(fmt::format("provider {} has no authorization in force in {} on {}; the conditions are checked for an "
                                       "authorized provider (an application's checks are `followup authorization grant`'s)",
                                       e.provider, e.area_id, sdk::format_date(e.checked)));
    std::set<std::string> seen;
    RecordRules rules(store, &config, today());
    for (Row& row : check_rows(config, e.provider, e.area_id, e.checked, e.occasion, e.signal, e.note, e.grades)) {
        const std::string& condition = value_of(condition_checks_kind(), row, "condition");
        if (!seen.insert(condition).second) {
            problems.push_back(fmt::format("condition {} is checked twice; expected one --checked per condition", condition));
            continue;
        }
        for (auto& [column, message] : rules.check(condition_checks_kind(), row))
            problems.push_back(message.find(condition) != std::string::npos ? (column.empty() ? "" : column + ": ") + message
                                                                             : fmt::format("condition {}: {}{}", condition,
                                                                                           column.empty() ? "" : column + ": ", message));
    }
    return problems;
}

std::vector<std::string> record_condition_checks(Register& store, const MunicipalityConfig& config, const ConditionCheckEntry& e,
                                                 const std::string& actor) {
    std::vector<std::string> said;
    const sdk::GradingScale* scale = config.scales.find(scale_of_area(config, e.area_id));
    std::vector<std::string> not_met;
    auto writer = store.begin(actor);
    for (Row& row : check_rows(config, e.provider, e.area_id, e.checked, e.occasion, e.signal, e.note, e.grades)) {
        const std::string condition = value_of(condition_checks_kind(), row, "condition");
        const std::string grade = value_of(condition_checks_kind(), row, "grade");
        const Change change = writer->upsert(condition_checks_kind(), row);
        const sdk::GradeLevel* level = scale != nullptr ? scale->level(grade) : nullptr;
        said.push_back(fmt::format("{} {}: {}", change == Change::unchanged ? "already recorded:" : "recorded", condition,
                                   level != nullptr ? level->label_sv : grade));
        if (level != nullptr && level->deficiency) not_met.push_back(condition);
    }
    writer->commit();
    if (!not_met.empty())
        said.push_back(fmt::format("not met: {}; the board acts on it as on a deficiency: record the follow-up that establishes it "
                                   "(`followup record`), and the board's decision (`followup decide`), up to revocation",
                                   fmt::join(not_met, ", ")));
    return said;
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
