// A model's assessment as a row of the register's `assessments` kind, and back: the one place
// that knows the kind's columns, so the lifecycle, the snapshot and the views cannot disagree.
#pragma once

#include <string>
#include <vector>

#include "followup/sdk/assessment.hpp"
#include "store/register.hpp"

namespace followup::core {

/// Who assessed a follow-up, and when: the columns of a stored assessment that the model does
/// not fill.
struct AssessmentOrigin {
    std::string follow_up;
    std::string board_id;
    std::string model;  ///< "education 1.2.0": which plugin, in which version
    sdk::Date assessed;
};

Row assessment_row(const AssessmentOrigin& origin, const sdk::Assessment& assessment);
/// The stored assessment; `deficiencies` holds as many empty findings as were counted (fill them
/// with with_deficiencies()).
sdk::Assessment assessment_from_row(const Row& row);
/// The model's deficiencies as rows of `assessment_deficiencies`, numbered 1, 2, ... in the
/// model's order: what is stored beside the assessment row, and replaces what was.
std::vector<Row> assessment_deficiency_rows(const std::string& follow_up, const sdk::Assessment& assessment);
/// A stored deficiency as the model gave it (its activity_id is the row's follow-up).
sdk::Finding deficiency_from_row(const Row& row);
/// `assessment` with its deficiencies as stored in `rows` (the follow-up's rows of
/// assessment_deficiencies, by ordinal). An assessment stored before they were (register schema
/// 2) has none: it keeps its count of empty findings.
sdk::Assessment with_deficiencies(sdk::Assessment assessment, const std::vector<Row>& rows);
AssessmentOrigin assessment_origin_from_row(const Row& row);

}  // namespace followup::core
