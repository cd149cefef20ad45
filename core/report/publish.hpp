// Published results for residents: a static site, an index and a page per customer-choice area,
// where the providers of an area can be compared — private, non-profit and municipal alike — and
// an open-data file keyed like Kolada. Figures from fewer answers than the publishing rule's
// minimum are never shown; such cells read "..", as in Swedish official statistics.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "store/register.hpp"

namespace followup::core {

struct PublishedFiles {
    std::vector<std::filesystem::path> files;
    std::size_t suppressed = 0;  ///< figures withheld for too few answers
};

/// Writes DIR/index.html, DIR/<area>.html for each area and DIR/oppna-data-YEAR.csv.
/// @throws std::runtime_error if a file cannot be written.
PublishedFiles publish_results(const MunicipalityConfig& config, const Register& store, int year, Language language,
                               const std::filesystem::path& directory);

}  // namespace followup::core
