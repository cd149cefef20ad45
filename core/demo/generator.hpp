// A believable municipality (or a whole country) for trying the framework and for benchmarks:
// providers, units, authorizations, and years of follow-up history, written as the CSV files
// `followup import` reads. Deterministic: the same seed gives the same files.
//
// At municipality scale the history is made by the real board plugins: each year every board's
// model plans its follow-ups from the history so far, the visits are simulated, and the model's
// own assessment decides the decision and the next due date — so the history obeys each board's
// rules. At national scale (130,000 providers) the history follows the same intervals but is
// drawn directly, without the plugins, to be written in minutes.
#pragma once

#include <functional>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "config/municipality_config.hpp"
#include "store/importer.hpp"
#include "host/plugin_host.hpp"

namespace followup::core {

enum class DemoScale { municipality, national };

struct DemoOptions {
    DemoScale scale = DemoScale::municipality;
    /// At national scale, how many municipalities' worth are drawn (290: Sweden). `--scale 16x`
    /// draws sixteen, for measuring how the cost grows with the register.
    int municipalities = 290;
    std::uint64_t seed = 1;
    int last_year = 2025;  ///< the history covers last_year - 4 .. last_year (and the follow-ups just before)
    std::filesystem::path out;
};

struct DemoSummary {
    std::map<std::string, std::size_t> rows;  ///< kind → rows written
};

/// Writes one CSV file per record kind into options.out (named <kind>.csv). At municipality
/// scale the configuration's plugins are loaded over an in-memory register that the simulation
/// fills. @throws std::runtime_error.
DemoSummary generate_demo(const MunicipalityConfig& config, const DemoOptions& options);

/// The kinds in the order they must be imported (references first).
const std::vector<std::string>& demo_import_order();

/// One file of an example imported (or refused): what `demo generate --import` reports.
struct DemoImportStep {
    std::string kind;
    std::filesystem::path file;
    ImportReport report;
    double seconds = 0;
};

/// Imports the files generate_demo wrote in `directory`, kind by kind in dependency order, each
/// all or nothing, stopping at the first file with a problem; `each` hears of every file.
/// Returns false when a file was refused. The follow-ups' assessments are imported with them
/// (the models made them while the example was generated), so nothing is assessed again.
bool import_demo(Register& store, const MunicipalityConfig& config, const std::filesystem::path& directory,
                 const std::string& actor, const std::function<void(const DemoImportStep&)>& each);

}  // namespace followup::core
