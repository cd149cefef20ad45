// Published results for residents: a static site where the units of each customer-choice area
// can be compared — private, non-profit and municipal alike — with a page per unit and five
// years of its follow-ups, and open data keyed like Kolada. Figures from fewer answers than the
// publishing rule's minimum are never shown; such cells read "..", as in Swedish official
// statistics. docs/publishing.md describes the site, its addresses and its files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/municipality_config.hpp"
#include "store/register.hpp"
#include "store/register_snapshot.hpp"

namespace followup::core {

struct PublishedFiles {
    std::vector<std::filesystem::path> files;
    std::size_t suppressed = 0;  ///< figures withheld for too few answers
    bool sitemap = false;        ///< sitemap.xml written ([publishing] base_url is set)
};

/// Writes the site into `directory`: index.html, stil.css, jamfor.js, omrade/<area>/index.html
/// (and its orderings sortera-<column>-<stigande|fallande>.html), omrade/<area>/enhet/<unit>/index.html,
/// data/ (one CSV, CSV and JSON per key figure and year, the JSON Schema, the catalogue) and,
/// with a base_url, sitemap.xml and robots.txt.
/// Reads `snapshot` (of `store`), as the compilation does.
/// @throws std::runtime_error if a file cannot be written.
PublishedFiles publish_results(const MunicipalityConfig& config, const Register& store, const RegisterSnapshot& snapshot, int year,
                               Language language, const std::filesystem::path& directory);

/// The text with every control character (and DEL) written as \xNN, for a message to a
/// terminal: a path or a name from a file must not move the cursor or clear the screen.
std::string printable(std::string_view text);

}  // namespace followup::core
