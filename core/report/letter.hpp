// The decision letter to the provider: what the board decided on a follow-up, on what ground, by
// when it must be remedied, when it is checked again and how to appeal, in Swedish, as the
// provider receives it (HTML, and PDF typeset from it as the compilation is).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "followup/sdk/numbers.hpp"
#include "followup/sdk/types.hpp"

namespace followup::core {

/// How a decision is appealed, by the area's basis and the decision's kind (docs/planning.md,
/// "Legal ground and appeal"): to whom, how, within what time, and the source of each.
struct AppealRoute {
    bool appealable = true;
    std::string text;    ///< the sentence the letter prints
    std::string source;  ///< the provision it rests on
    /// The cell rests on the project's reading of the law, not on a provision that says it in so
    /// many words: a municipal lawyer confirms it before the letters are sent (docs/planning.md).
    bool lawyer_confirms = false;
};
AppealRoute appeal_route(sdk::LegalBasis basis, sdk::DecisionKind kind, const std::string& board_name);

struct DecisionLetter {
    std::string municipality, board;
    std::string reference;  ///< the diary number
    sdk::Date decided{};
    std::string provider_name, org_number, unit_name;  ///< unit empty: the provider as a whole
    std::string area_name, form_name;
    sdk::Date follow_up_done{};
    struct Deficiency {
        std::string condition;  ///< the condition's text
        std::string grade;      ///< its grade's label
        std::string found;      ///< what was found
    };
    std::vector<Deficiency> deficiencies;
    sdk::DecisionKind kind = sdk::DecisionKind::remark;
    std::string kind_name;  ///< "Föreläggande"
    std::string reason;     ///< the board's reason, if it gave one
    std::string legal_ground;
    std::optional<sdk::Date> deadline;
    std::optional<sdk::Period> recheck;
    AppealRoute appeal;
    std::string signatory, signatory_title;
};

/// The letter as a whole HTML page (A4 print CSS), every text escaped.
std::string letter_html(const DecisionLetter& letter);

}  // namespace followup::core
