#include "config/starter.hpp"

#include <fstream>
#include <stdexcept>

#include <fmt/format.h>

namespace followup::core {
namespace fs = std::filesystem;

namespace {

constexpr const char* municipality_file = R"(# The municipality's follow-up configuration. Every key is described in docs/configuration.md.
# Check it with:  followup validate --config municipality.toml

[municipality]
name = "Exempels kommun"
language = "sv"                 # "sv" or "en": the language of reports
reference_prefix = "KS"         # diary reference prefix for the annual compilation
# plugin_dirs = ["plugins"]     # folders of board plugins, relative to this file;
                                # default: the plugins installed with followup
include = ["boards/utbildning.toml"]   # one file per board, owned by that board's administrator

[publishing]
min_group_size = 5              # never publish a figure based on fewer answers or units

# General authorization conditions: they apply in every customer-choice area.
[[conditions]]
id = "ekonomi"
text = "Anordnaren har en stabil ekonomi och inga skulder för skatter eller avgifter."
checked = ["authorization", "annually"]   # authorization, supervision, annually, signal
evidence = "Kreditupplysning och intyg från Skatteverket"

[[conditions]]
id = "kontinuitetsplan"
text = "Anordnaren har en kontinuitetsplan för verksamheten vid kris."
checked = ["authorization", "supervision"]
evidence = "Kontinuitetsplan"
)";

constexpr const char* board_file = R"(# One board's follow-up model. The board's administrator owns this file.

[board]
id = "utbildning"               # must be a board the plugin serves (see `followup plugins check`)
name = "Utbildningsnämnden"
plugin = "education"            # the id shown by `followup plugins list`
scale = "tillsyn4"              # the four-level supervision scale
# The board's follow-up plans (one per kundval area and year, reported to the executive board)
# are records of the register: `followup import plans` (docs/data.md).
# plugin_sha256 = "..."         # pin the plugin's library (sha256sum of the .so)

[[areas]]
id = "forskola"
name = "Förskola"
legal_basis = "skollagen"       # LOV, skollagen, LSS, SoL or kundvalsreglemente

[[areas]]
id = "pedagogisk_omsorg"
name = "Pedagogisk omsorg"
legal_basis = "skollagen"

[[forms]]
id = "tillsyn"
name = "Tillsyn"
may_sanction = true

[[forms]]
id = "insyn"
name = "Insyn"                  # municipal units: the same review, no sanctions

# Specific authorization conditions: one area each.
[[conditions]]
id = "registerutdrag_adressen"
area = "pedagogisk_omsorg"
text = "Registerutdrag finns för alla som är folkbokförda på adressen där verksamheten bedrivs."
checked = ["authorization", "supervision"]
evidence = "Registerutdrag, högst ett år gamla"

[[conditions]]
id = "ansvarsforsakring"
area = "pedagogisk_omsorg"
text = "Verksamheten har tecknat en ansvarsförsäkring."
checked = ["authorization", "supervision"]
evidence = "Försäkringsbrev"

[[schedule]]
area = "forskola"
form = "tillsyn"
interval_months = 24            # while the provider meets the conditions
recheck_window_months = [1, 6]  # a deficiency is re-checked within this window
after_remedy_months = 12        # next follow-up after a remedied deficiency
first_follow_up_months = 12     # a new provider is followed up within its first year

[[sanction_ladders]]
area = "forskola"
steps = ["remark", "injunction", "injunction_with_fine", "revocation"]   # mildest first

[[inspectors]]
id = "inspektor1"
name = "Anna Andersson"
monthly_capacity = 4

# The plugin's own settings, checked by the plugin itself (see its documentation).
[model]
criminal_record_max_age_months = 12
)";

}  // namespace

std::vector<fs::path> write_starter_configuration(const fs::path& directory) {
    const std::vector<std::pair<fs::path, const char*>> files{
        {directory / "municipality.toml", municipality_file},
        {directory / "boards" / "utbildning.toml", board_file},
    };
    for (const auto& [path, content] : files)
        if (fs::exists(path))
            throw std::runtime_error(fmt::format("'{}' already exists; followup init writes only into new files", path.string()));
    std::vector<fs::path> written;
    for (const auto& [path, content] : files) {
        fs::create_directories(path.parent_path());
        std::ofstream out(path, std::ios::binary);
        out << content;
        if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", path.string()));
        written.push_back(path);
    }
    return written;
}

}  // namespace followup::core
