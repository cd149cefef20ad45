// The register as plugins read it (sdk::RegisterView): one cached query per question, its rows
// read as the kind's columns and turned into the SDK's records by rows.hpp.
#include "store/sqlite_internal.hpp"

#include "store/assessment_rows.hpp"
#include "store/rows.hpp"

namespace followup::core::sqlite_detail {

namespace {

const RecordKind& kind(const char* name) { return *find_record_kind(name); }

template <class Record>
std::vector<Record> converted(const std::vector<Row>& rows, Record (*from_row)(const Row&)) {
    std::vector<Record> out;
    out.reserve(rows.size());
    for (const Row& row : rows) out.push_back(from_row(row));
    return out;
}

}  // namespace

std::vector<Row> SqliteRegister::select_rows(const RecordKind& kind, std::string_view where, std::string_view order,
                                             std::initializer_list<std::string_view> values) const {
    std::string columns;
    for (const auto& c : kind.columns) columns += (columns.empty() ? "" : ", ") + c.name;
    SQLite::Statement& s = cached(fmt::format("SELECT {} FROM {} WHERE {} ORDER BY {}", columns, kind.name, where, order));
    int index = 0;
    for (std::string_view value : values) s.bind(++index, std::string(value));
    std::vector<Row> out;
    while (s.executeStep()) {
        Row& row = out.emplace_back(kind.columns.size());
        for (std::size_t i = 0; i < kind.columns.size(); ++i)
            read_canonical(row[i], s.getColumn(static_cast<int>(i)), kind.columns[i].type);
    }
    s.reset();
    return out;
}

std::vector<sdk::Provider> SqliteRegister::providers_in_area(std::string_view area_id) const {
    return converted(select_rows(kind("providers"), "org_number IN (SELECT provider FROM authorizations WHERE area = ?)",
                                 "org_number", {area_id}),
                     provider_from_row);
}

std::vector<sdk::Authorization> SqliteRegister::authorizations(std::string_view provider, std::string_view area_id) const {
    return converted(select_rows(kind("authorizations"), "provider = ? AND area = ?", "granted", {provider, area_id}),
                     authorization_from_row);
}

std::vector<sdk::Unit> SqliteRegister::units_of(std::string_view provider) const {
    return converted(select_rows(kind("units"), "provider = ?", "id", {provider}), unit_from_row);
}

std::vector<sdk::FollowUpActivity> SqliteRegister::follow_ups(std::string_view provider, std::string_view area_id) const {
    return converted(select_rows(kind("follow_ups"), "provider = ? AND area = ?", "planned_from, id", {provider, area_id}),
                     follow_up_from_row);
}

std::vector<sdk::Finding> SqliteRegister::findings(std::string_view activity_id) const {
    return converted(select_rows(kind("findings"), "follow_up = ?", "condition", {activity_id}), finding_from_row);
}

std::vector<sdk::Decision> SqliteRegister::decisions(std::string_view activity_id) const {
    return converted(select_rows(kind("decisions"), "follow_up = ?", "decided, kind", {activity_id}), decision_from_row);
}

std::optional<sdk::Assessment> SqliteRegister::stored_assessment(std::string_view activity_id) const {
    const auto row = find(kind("assessments"), std::string(activity_id));
    if (!row) return std::nullopt;
    return assessment_from_row(*row);
}

std::vector<sdk::ProcessStep> SqliteRegister::steps(std::string_view activity_id) const {
    return converted(select_rows(kind("steps"), "follow_up = ?", "step", {activity_id}), step_from_row);
}

std::optional<sdk::Closure> SqliteRegister::closure(std::string_view activity_id) const {
    const std::vector<Row> rows = select_rows(kind("closures"), "follow_up = ?", "follow_up", {activity_id});
    if (rows.empty()) return std::nullopt;
    return closure_from_row(rows.front());
}

std::vector<sdk::Signal> SqliteRegister::signals(std::string_view provider, std::string_view area_id) const {
    return converted(select_rows(kind("signals"), "provider = ? AND area = ?", "received, id", {provider, area_id}),
                     signal_from_row);
}

std::vector<sdk::IndicatorValue> SqliteRegister::indicator_series(std::string_view key_figure, std::string_view provider) const {
    return converted(select_rows(kind("indicators"), "key_figure = ? AND provider = ?", "period_from, unit", {key_figure, provider}),
                     indicator_from_row);
}

}  // namespace followup::core::sqlite_detail
