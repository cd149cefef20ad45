// The register as an administrator keeps it: import a file of records (the boards' models then
// assess the done follow-ups it names), export a kind, read and verify the audit trail, back up,
// restore, copy between engines; and the example municipality, generated and imported.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/follow_ups.hpp"
#include "app/register_options.hpp"

namespace followup::core {

struct ImportRequest {
    std::string kind;                ///< a record kind's name (record_kinds(): providers, units, follow_ups, ...)
    std::filesystem::path file;      ///< CSV, as docs/data.md describes it
    bool dry_run = false;            ///< check against the register, write nothing (not even a new register)
    bool assess = true;              ///< the boards' models assess the done follow-ups the file names
};
struct ImportResult : Outcome {
    bool imported = false;           ///< the file passed every rule (and, without dry_run, is committed)
    std::size_t rows = 0, inserted = 0, updated = 0, unchanged = 0;
    Assessed assessed;  ///< the models' assessments of the done follow-ups the file named
};
ImportResult import_file(const RegisterOptions& options, const ImportRequest& request);

struct ExportResult : Outcome {
    std::string csv;  ///< the rows, when not written to a file
};
/// The rows of one kind as CSV (the import's own format), into `out` when given.
ExportResult export_kind(const RegisterOptions& options, const std::string& kind, const std::optional<std::filesystem::path>& out,
                         char separator);

struct AuditEntryShown {
    std::int64_t seq = 0;
    std::string at, actor, action, kind, key, before, after;
    std::string on_behalf_of;  ///< whom `actor` (who signed in) acted for, "" for themselves
};
struct AuditLogResult : Outcome {
    std::vector<AuditEntryShown> entries;
};
/// The audit trail's entries, oldest first, of one kind and key when given.
AuditLogResult audit_log(const RegisterOptions& options, const std::string& kind, const std::string& key);
/// The chain of the trail, and every row against its trail.
Outcome audit_verify(const RegisterOptions& options);
/// Seals the trail as it stands (`audit reseal`), for an administrator after someone checked it:
/// what `audit_verify` would report is given back as warnings, accepted by the reseal.
Outcome audit_reseal(const RegisterOptions& options);

/// `followup officers sync`: writes the configuration's [[officers]] and its boards' areas into the
/// register's officers' tables, which a PostgreSQL register's row-level security reads.
Outcome sync_officers(const RegisterOptions& options);
Outcome backup_register(const RegisterOptions& options, const std::filesystem::path& file);
Outcome restore_register(const RegisterOptions& options, const std::filesystem::path& file);
/// Copies the register at `from` into `to`, each an SQLite file or a PostgreSQL URL; the trail is
/// verified on both sides.
Outcome copy_register(const RegisterOptions& options, const std::string& from, const std::string& to);

struct ExampleRequest {
    std::string scale = "municipality";  ///< municipality, national or Nx
    std::uint64_t seed = 1;
    int last_year = 2025;
    std::filesystem::path out;
    bool import = false;                 ///< into the register, in dependency order
};
/// `followup demo generate`: the example municipality (or country) as CSV files, imported when
/// asked. Each file's import is said in `done` as it finishes (rows and rows a second).
Outcome generate_example(const RegisterOptions& options, const ExampleRequest& request);

}  // namespace followup::core
