// The decision letter to the provider, from what the register holds: the follow-up, its findings,
// the board's decision and the model's re-check window (report/letter.hpp writes it).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/register_options.hpp"

namespace followup::core {

struct LetterRequest {
    std::string follow_up;
    std::optional<std::string> kind;  ///< the decision of this kind; else the board's latest on the follow-up
    std::filesystem::path out;        ///< the folder the letter is written to
    bool pdf = true;                  ///< typeset a PDF beside the HTML
};
struct LetterResult : Outcome {
    std::vector<std::filesystem::path> written;
};
/// Writes beslut-<follow-up>-<kind>.html (and .pdf) into `out`.
LetterResult write_decision_letter(const RegisterOptions& options, const LetterRequest& request);

}  // namespace followup::core
