// The part of a board's compilation section every bundled model writes the same way: its title and
// the model in brief. The figures counted from the register are the core's (core/report/compile_counts.cpp),
// so that the board's appendix and the decision document show one count of each; a model adds
// what only it knows (its risk signals, its indicators, its theme).
#pragma once

#include <string>
#include <vector>

#include <followup/sdk.hpp>

namespace followup::models {
namespace sdk = followup::sdk;

/// Picks the Swedish or the English text.
inline std::string tr(sdk::Language language, std::string sv, std::string en) {
    return language == sdk::Language::en ? std::move(en) : std::move(sv);
}

/// A form's name from the board's configuration ("Riktad tillsyn"), never its id in print; the
/// id only when the configuration has no such form.
inline std::string form_name(const sdk::BoardSetup& setup, const std::string& form_id) {
    for (const auto& f : setup.forms)
        if (f.id == form_id && !f.name.empty()) return f.name;
    return form_id;
}

sdk::BoardSection board_section(const sdk::BoardSetup& setup, const std::string& summary);

}  // namespace followup::models
