#include "store/row_register.hpp"

#include "store/assessment_rows.hpp"
#include "store/rows.hpp"

namespace followup::core {

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

std::vector<sdk::Provider> RowRegister::providers_in_area(std::string_view area_id) const {
    return converted(select_rows(kind("providers"), "org_number IN (SELECT provider FROM authorizations WHERE area = ?1)",
                                 "org_number", {area_id}),
                     provider_from_row);
}

std::vector<sdk::Authorization> RowRegister::authorizations(std::string_view provider, std::string_view area_id) const {
    return converted(select_rows(kind("authorizations"), "provider = ?1 AND area = ?2", "granted", {provider, area_id}),
                     authorization_from_row);
}

std::vector<sdk::Unit> RowRegister::units_of(std::string_view provider) const {
    return converted(select_rows(kind("units"), "provider = ?1", "id", {provider}), unit_from_row);
}

std::vector<sdk::FollowUpActivity> RowRegister::follow_ups(std::string_view provider, std::string_view area_id) const {
    return converted(select_rows(kind("follow_ups"), "provider = ?1 AND area = ?2", "planned_from, id", {provider, area_id}),
                     follow_up_from_row);
}

std::vector<sdk::Finding> RowRegister::findings(std::string_view activity_id) const {
    return converted(select_rows(kind("findings"), "follow_up = ?1", "condition", {activity_id}), finding_from_row);
}

std::vector<sdk::Decision> RowRegister::decisions(std::string_view activity_id) const {
    return converted(select_rows(kind("decisions"), "follow_up = ?1", "decided, kind", {activity_id}), decision_from_row);
}

std::optional<sdk::Assessment> RowRegister::stored_assessment(std::string_view activity_id) const {
    const auto row = find(kind("assessments"), std::string(activity_id));
    if (!row) return std::nullopt;
    return with_deficiencies(assessment_from_row(*row),
                             rows_where(kind("assessment_deficiencies"), "follow_up", std::string(activity_id)));
}

std::vector<sdk::ProcessStep> RowRegister::steps(std::string_view activity_id) const {
    return converted(select_rows(kind("steps"), "follow_up = ?1", "step", {activity_id}), step_from_row);
}

std::optional<sdk::Closure> RowRegister::closure(std::string_view activity_id) const {
    const std::vector<Row> rows = select_rows(kind("closures"), "follow_up = ?1", "follow_up", {activity_id});
    if (rows.empty()) return std::nullopt;
    return closure_from_row(rows.front());
}

std::vector<sdk::Signal> RowRegister::signals(std::string_view provider, std::string_view area_id) const {
    return converted(select_rows(kind("signals"), "provider = ?1 AND area = ?2", "received, id", {provider, area_id}),
                     signal_from_row);
}

std::vector<sdk::IndicatorValue> RowRegister::indicator_series(std::string_view key_figure, std::string_view provider) const {
    return converted(select_rows(kind("indicators"), "key_figure = ?1 AND provider = ?2", "period_from, unit", {key_figure, provider}),
                     indicator_from_row);
}

}  // namespace followup::core
