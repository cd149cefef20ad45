// The register as plugins read it (sdk::RegisterView): one cached query per question.
#include "store/sqlite_internal.hpp"

#include "store/assessment_rows.hpp"

namespace followup::core::sqlite_detail {

std::vector<sdk::Provider> SqliteRegister::providers_in_area(std::string_view area_id) const {
    SQLite::Statement& s = cached(
        "SELECT org_number, name, ownership FROM providers WHERE org_number IN "
        "(SELECT provider FROM authorizations WHERE area = ?) ORDER BY org_number");
    s.bind(1, std::string(area_id));
    std::vector<sdk::Provider> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                       sdk::ownership_from_string(s.getColumn(2).getString()).value_or(sdk::Ownership::private_company)});
    s.reset();
    return out;
}

std::vector<sdk::Authorization> SqliteRegister::authorizations(std::string_view provider, std::string_view area_id) const {
    SQLite::Statement& s = cached(
        "SELECT provider, area, status, granted, ended FROM authorizations WHERE provider = ? AND area = ? ORDER BY granted");
    s.bind(1, std::string(provider));
    s.bind(2, std::string(area_id));
    std::vector<sdk::Authorization> out;
    while (s.executeStep()) {
        const std::string status = s.getColumn(2).getString();
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                       status == "revoked"     ? sdk::AuthorizationStatus::revoked
                       : status == "suspended" ? sdk::AuthorizationStatus::suspended
                                               : sdk::AuthorizationStatus::active,
                       date_of(s.getColumn(3)), optional_date_of(s.getColumn(4))});
    }
    s.reset();
    return out;
}

std::vector<sdk::Unit> SqliteRegister::units_of(std::string_view provider) const {
    SQLite::Statement& s = cached("SELECT id, provider, name, address, area, registered_persons FROM units WHERE provider = ? ORDER BY id");
    s.bind(1, std::string(provider));
    std::vector<sdk::Unit> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                       text_of(s.getColumn(3)), text_of(s.getColumn(4)),
                       s.getColumn(5).isNull() ? std::nullopt : std::optional<int>(s.getColumn(5).getInt())});
    s.reset();
    return out;
}

std::vector<sdk::FollowUpActivity> SqliteRegister::follow_ups(std::string_view provider, std::string_view area_id) const {
    SQLite::Statement& s = cached(
        "SELECT id, form, area, provider, unit, planned_from, planned_to, done, status, inspector, trigger "
        "FROM follow_ups WHERE provider = ? AND area = ? ORDER BY planned_from, id");
    s.bind(1, std::string(provider));
    s.bind(2, std::string(area_id));
    std::vector<sdk::FollowUpActivity> out;
    while (s.executeStep()) {
        const std::string status = s.getColumn(8).getString();
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                       s.getColumn(3).getString(), text_of(s.getColumn(4)),
                       {date_of(s.getColumn(5)), date_of(s.getColumn(6))}, optional_date_of(s.getColumn(7)),
                       status == "done"        ? sdk::ActivityStatus::done
                       : status == "cancelled" ? sdk::ActivityStatus::cancelled
                                               : sdk::ActivityStatus::planned,
                       text_of(s.getColumn(9)),
                       s.getColumn(10).getString() == "signal" ? sdk::Trigger::signal : sdk::Trigger::planned});
    }
    s.reset();
    return out;
}

std::vector<sdk::Finding> SqliteRegister::findings(std::string_view activity_id) const {
    SQLite::Statement& s = cached(
        "SELECT follow_up, condition, scale, grade, text, basis FROM findings WHERE follow_up = ? ORDER BY condition");
    s.bind(1, std::string(activity_id));
    std::vector<sdk::Finding> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(),
                       {s.getColumn(2).getString(), s.getColumn(3).getString()}, text_of(s.getColumn(4)),
                       text_of(s.getColumn(5))});
    s.reset();
    return out;
}

std::vector<sdk::Decision> SqliteRegister::decisions(std::string_view activity_id) const {
    SQLite::Statement& s = cached(
        "SELECT kind, serious_maladministration, deadline, reason, decided, reference, legal_ground FROM decisions "
        "WHERE follow_up = ? ORDER BY decided, kind");
    s.bind(1, std::string(activity_id));
    std::vector<sdk::Decision> out;
    while (s.executeStep())
        out.push_back({sdk::decision_kind_from_string(s.getColumn(0).getString()).value_or(sdk::DecisionKind::no_action),
                       s.getColumn(1).getInt() != 0, optional_date_of(s.getColumn(2)), text_of(s.getColumn(3)),
                       optional_date_of(s.getColumn(4)), text_of(s.getColumn(5)), text_of(s.getColumn(6))});
    s.reset();
    return out;
}

std::optional<sdk::Assessment> SqliteRegister::stored_assessment(std::string_view activity_id) const {
    const auto row = find(*find_record_kind("assessments"), std::string(activity_id));
    if (!row) return std::nullopt;
    return assessment_from_row(*row);
}

std::vector<sdk::ProcessStep> SqliteRegister::steps(std::string_view activity_id) const {
    SQLite::Statement& s = cached("SELECT step, done FROM steps WHERE follow_up = ? ORDER BY step");
    s.bind(1, std::string(activity_id));
    std::vector<sdk::ProcessStep> out;
    while (s.executeStep()) out.push_back({s.getColumn(0).getString(), date_of(s.getColumn(1))});
    s.reset();
    return out;
}

std::optional<sdk::Closure> SqliteRegister::closure(std::string_view activity_id) const {
    SQLite::Statement& s = cached("SELECT closed, basis, reason FROM closures WHERE follow_up = ?");
    s.bind(1, std::string(activity_id));
    std::optional<sdk::Closure> out;
    if (s.executeStep()) out = sdk::Closure{date_of(s.getColumn(0)), s.getColumn(1).getString(), text_of(s.getColumn(2))};
    s.reset();
    return out;
}

std::vector<sdk::Signal> SqliteRegister::signals(std::string_view provider, std::string_view area_id) const {
    SQLite::Statement& s = cached(
        "SELECT id, provider, area, kind, received, summary, unit, substantiated, outcome FROM signals "
        "WHERE provider = ? AND area = ? ORDER BY received, id");
    s.bind(1, std::string(provider));
    s.bind(2, std::string(area_id));
    std::vector<sdk::Signal> out;
    while (s.executeStep()) {
        const std::string substantiated = text_of(s.getColumn(7));
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                       sdk::signal_kind_from_string(s.getColumn(3).getString()).value_or(sdk::SignalKind::complaint),
                       date_of(s.getColumn(4)), text_of(s.getColumn(5)), text_of(s.getColumn(6)),
                       substantiated.empty() ? std::nullopt : std::optional<bool>(substantiated == "ja"),
                       text_of(s.getColumn(8))});
    }
    s.reset();
    return out;
}

std::vector<sdk::IndicatorValue> SqliteRegister::indicator_series(std::string_view key_figure, std::string_view provider) const {
    SQLite::Statement& s = cached(
        "SELECT key_figure, provider, unit, period_from, period_to, value, answers FROM indicators "
        "WHERE key_figure = ? AND provider = ? ORDER BY period_from, unit");
    s.bind(1, std::string(key_figure));
    s.bind(2, std::string(provider));
    std::vector<sdk::IndicatorValue> out;
    while (s.executeStep())
        out.push_back({s.getColumn(0).getString(), s.getColumn(1).getString(), s.getColumn(2).getString(),
                       {date_of(s.getColumn(3)), date_of(s.getColumn(4))}, s.getColumn(5).getDouble(),
                       s.getColumn(6).isNull() ? std::nullopt : std::optional<int>(s.getColumn(6).getInt())});
    s.reset();
    return out;
}

}  // namespace followup::core::sqlite_detail
