#include "store/assessment_rows.hpp"

#include <algorithm>

namespace followup::core {
namespace {

const RecordKind& kind() { return *find_record_kind("assessments"); }

/// The column's index, looked up once per name: the order is record_kinds()'s, not repeated here.
std::size_t at(const char* column) {
    const std::size_t i = kind().column_index(column);
    if (i == kind().columns.size()) throw StoreError(std::string("assessments has no column '") + column + "'");
    return i;
}

std::string date_text(const std::optional<sdk::Date>& d) { return d ? sdk::format_date(*d) : ""; }

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ",") + i;
    return out;
}

std::vector<std::string> split(const std::string& text) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from < text.size()) {
        const std::size_t comma = std::min(text.find(',', from), text.size());
        if (comma > from) out.push_back(text.substr(from, comma - from));
        from = comma + 1;
    }
    return out;
}

}  // namespace

Row assessment_row(const AssessmentOrigin& origin, const sdk::Assessment& a) {
    Row row(kind().columns.size());
    row[at("follow_up")] = origin.follow_up;
    row[at("board")] = origin.board_id;
    row[at("model")] = origin.model;
    row[at("assessed")] = sdk::format_date(origin.assessed);
    row[at("deficiencies")] = std::to_string(a.deficiencies.size());
    row[at("proposed")] = std::string(sdk::to_string(a.proposed.kind));
    row[at("serious_maladministration")] = a.proposed.serious_maladministration ? "ja" : "nej";
    row[at("deadline")] = date_text(a.proposed.deadline);
    row[at("legal_ground")] = a.proposed.legal_ground;
    row[at("reason")] = a.proposed.reason;
    row[at("recheck_from")] = a.recheck ? sdk::format_date(a.recheck->first) : "";
    row[at("recheck_to")] = a.recheck ? sdk::format_date(a.recheck->last) : "";
    row[at("next_due")] = date_text(a.next_due);
    row[at("risk_category")] = a.risk_category;
    row[at("risk_reason")] = a.risk_reason;
    row[at("missing_steps")] = joined(a.missing_steps);
    row[at("explanation")] = a.explanation;
    return row;
}

sdk::Assessment assessment_from_row(const Row& row) {
    sdk::Assessment a;
    a.deficiencies.resize(static_cast<std::size_t>(std::max(0, std::stoi("0" + row[at("deficiencies")]))));
    a.proposed.kind = sdk::decision_kind_from_string(row[at("proposed")]).value_or(sdk::DecisionKind::no_action);
    a.proposed.serious_maladministration = row[at("serious_maladministration")] == "ja";
    a.proposed.deadline = sdk::parse_date(row[at("deadline")]);
    a.proposed.legal_ground = row[at("legal_ground")];
    a.proposed.reason = row[at("reason")];
    const auto from = sdk::parse_date(row[at("recheck_from")]), to = sdk::parse_date(row[at("recheck_to")]);
    if (from && to) a.recheck = sdk::Period{*from, *to};
    a.next_due = sdk::parse_date(row[at("next_due")]);
    a.risk_category = row[at("risk_category")];
    a.risk_reason = row[at("risk_reason")];
    a.missing_steps = split(row[at("missing_steps")]);
    a.explanation = row[at("explanation")];
    return a;
}

std::vector<Row> assessment_deficiency_rows(const std::string& follow_up, const sdk::Assessment& assessment) {
    const RecordKind& k = *find_record_kind("assessment_deficiencies");
    std::vector<Row> rows;
    rows.reserve(assessment.deficiencies.size());
    for (std::size_t i = 0; i < assessment.deficiencies.size(); ++i) {
        const sdk::Finding& d = assessment.deficiencies[i];
        rows.push_back(row_of(k, {{"follow_up", follow_up},
                                  {"ordinal", std::to_string(i + 1)},
                                  {"condition", d.condition_id},
                                  {"scale", d.grade.scale_id},
                                  {"grade", d.grade.level_id},
                                  {"text", d.text},
                                  {"basis", d.basis}}));
    }
    return rows;
}

sdk::Finding deficiency_from_row(const Row& row) {
    const RecordKind& k = *find_record_kind("assessment_deficiencies");
    return {value_of(k, row, "follow_up"), value_of(k, row, "condition"),
            {value_of(k, row, "scale"), value_of(k, row, "grade")}, value_of(k, row, "text"), value_of(k, row, "basis")};
}

sdk::Assessment with_deficiencies(sdk::Assessment assessment, const std::vector<Row>& rows) {
    if (rows.empty()) return assessment;
    assessment.deficiencies.clear();
    for (const Row& row : rows) assessment.deficiencies.push_back(deficiency_from_row(row));
    return assessment;
}

AssessmentOrigin assessment_origin_from_row(const Row& row) {
    return {row[at("follow_up")], row[at("board")], row[at("model")],
            sdk::parse_date(row[at("assessed")]).value_or(sdk::Date{})};
}

}  // namespace followup::core
