// Importing a CSV file of one record kind into the register: all of it or nothing.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "store/register.hpp"

namespace followup::core {

struct ImportProblem {
    std::size_t line = 0;  ///< 0: the whole file
    std::string column;    ///< empty: the whole line
    std::string message;   ///< what was found and what was expected
};

struct ImportReport {
    std::size_t rows = 0, inserted = 0, updated = 0, unchanged = 0;
    std::vector<ImportProblem> problems;  ///< every bad row, not just the first
    bool written = false;                 ///< committed (false for a dry run or any problem)
    /// The follow-ups a written file of follow-ups, findings, evidence or steps was about, in
    /// file order: what their boards' models assess next.
    std::vector<std::string> follow_ups;
};

/// Checks every row of `csv` (the file's bytes) — columns, values, references to other records
/// and, when `config` is given, to its areas, boards, forms and scales — and, only if all are
/// good and it is not a dry run, writes them in one transaction. Re-importing the same file
/// changes nothing.
ImportReport import_csv(Register& register_store, const RecordKind& kind, const std::string& csv,
                        const MunicipalityConfig* config, const std::string& actor, bool dry_run);

/// The CSV text of every record of `kind`: a header, then one line per record, ';'-separated.
std::string export_csv(const Register& register_store, const RecordKind& kind, char separator = ';');

}  // namespace followup::core
