// A model's assessment as a row of the register's `assessments` kind, and back: the one place
// that knows the kind's columns, so the lifecycle, the snapshot and the views cannot disagree.
#pragma once

#include <string>

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
/// The stored assessment; `deficiencies` holds as many empty findings as were counted.
sdk::Assessment assessment_from_row(const Row& row);
AssessmentOrigin assessment_origin_from_row(const Row& row);

}  // namespace followup::core
