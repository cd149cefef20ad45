#include "report_support.hpp"

namespace followup::models {

sdk::BoardSection board_section(const sdk::BoardSetup& setup, const std::string& summary) {
    // The figures counted from the register (providers, follow-ups planned and done per form,
    // grades, decisions, cases per area) are the core's, counted once for the decision document and
    // the board's appendix alike: counted here a second way they disagreed with it (169 providers
    // here against 156 in the key figures; a case closed in the register listed here as open).
    sdk::BoardSection section;
    section.title = setup.board.name;
    section.paragraphs.push_back(summary);
    return section;
}

}  // namespace followup::models
