#include "app/register_admin.hpp"
#include "util/os_user.hpp"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "app/session.hpp"
#include "demo/generator.hpp"
#include "host/board_models.hpp"
#include "host/plugin_host.hpp"
#include "store/importer.hpp"
#include "store/register_copy.hpp"
#include "store/register_location.hpp"
#include "store/sqlite_register.hpp"
#include "util/atomic_file.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {

std::string kinds_list() {
    std::string out;
    for (const auto& k : record_kinds()) out += (out.empty() ? "" : ", ") + k.name;
    return out;
}

std::string unknown_kind(const std::string& kind) { return fmt::format("unknown kind '{}'; expected one of: {}", kind, kinds_list()); }

/// The configuration if it can be read; nullopt when there is none at the default path and it is
/// not `required`. A configuration with errors stops the work (its areas and scales are what
/// imports are checked against), and so does a missing one that was named (--config,
/// $FOLLOWUP_CONFIG) or is required (import: rows never go in unchecked).
std::optional<MunicipalityConfig> load_config_for(const RegisterOptions& options, Outcome& outcome, bool required = false) {
    if (!fs::exists(options.config)) {
        if (!options.config_given && !required) return std::nullopt;
        outcome.problems.push_back(fmt::format("no configuration at '{}' ({}); is the name right? `followup init DIR` writes one",
                                               fs::absolute(options.config).string(),
                                               options.config_given ? "--config or $FOLLOWUP_CONFIG"
                                                                    : "the default: --config, else $FOLLOWUP_CONFIG, else "
                                                                      "config/municipality.toml; an import is checked against the configuration"));
        return std::nullopt;
    }
    LoadedConfig loaded = load_configuration(options.config);
    if (!loaded.diagnostics.empty()) {
        for (const auto& d : loaded.diagnostics) outcome.problems.push_back(to_string(d));
        outcome.summary = fmt::format("the configuration '{}' has {} error(s); run followup validate", options.config.string(),
                                      loaded.diagnostics.size());
        return std::nullopt;
    }
    share_register_files_with(loaded.config);
    return std::move(loaded.config);
}

std::optional<std::string> read_whole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// The register a read-only piece of work looks at; null (with the problem in `outcome`) when
/// there is none: reading must not create an empty one.
std::unique_ptr<Register> existing_register(const RegisterOptions& options, Outcome& outcome, std::string& db) {
    const auto config = load_config_for(options, outcome);
    if (!outcome.ok()) return nullptr;
    db = register_location(options, config ? &*config : nullptr);
    if (!register_exists(db)) {
        outcome.problems.push_back(missing_register_message(db));
        return nullptr;
    }
    return open_register(db, RegisterCreation::must_exist, config ? config->audit_key : std::nullopt);
}

}  // namespace

ImportResult import_file(const RegisterOptions& options, const ImportRequest& request) {
    ImportResult result;
    const RecordKind* kind = find_record_kind(request.kind);
    if (kind == nullptr) {
        result.problems.push_back(unknown_kind(request.kind));
        return result;
    }
    auto config = load_config_for(options, result, true);
    if (!result.ok()) return result;
    const auto text = read_whole(request.file);
    if (!text) {
        result.problems.push_back(fmt::format("cannot read '{}'", request.file.string()));
        return result;
    }
    fs::path db = register_location(options, config ? &*config : nullptr);
    // A dry run writes nothing, not even a new register: it checks against a scratch one.
    std::optional<fs::path> scratch;
    if (!register_exists(db.string())) {
        if (request.dry_run) {
            scratch = fs::temp_directory_path() / fmt::format("followup-dry-run-{}.sqlite", ::getpid());
            result.done.push_back(fmt::format("note: no register at '{}' yet; checked as if it were empty", location_for_people(db.string())));
            db = *scratch;
        } else {
            result.done.push_back(fmt::format("created the register '{}'", location_for_people(db.string())));
        }
    }
    struct RemoveScratch {
        std::optional<fs::path>& file;
        ~RemoveScratch() {
            std::error_code ec;
            if (file)
                for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(file->string() + suffix, ec);
        }
    } remove_scratch{scratch};
    auto store = open_register(db.string(), RegisterCreation::create_if_missing, config ? config->audit_key : std::nullopt);
    // One plugin host for the whole piece of work: the scales the boards' plugins ship are part of
    // what a finding may name, and the same configured models then assess what was imported.
    SwedishCalendar calendar;
    std::optional<PluginHost> host;
    BoardModels models;
    if (config) {
        host.emplace(HostContext{*store, config->scales, calendar}, config->pinned_sha256(), plugin_calls_for(*config));
        Diagnostics ignored;  // `followup validate` reports them; a board without a model is reported when it is assessed
        models = configure_board_models(*config, *host, ignored);
    }
    const ImportReport report = import_csv(*store, *kind, *text, config ? &*config : nullptr, options.actor, request.dry_run);
    const std::string file = request.file.string();
    for (const auto& p : report.problems)
        result.problems.push_back(fmt::format("{}{}: {}{}", file, p.line > 0 ? fmt::format(":{}", p.line) : "",
                                              p.column.empty() ? "" : p.column + ": ", p.message));
    if (!report.problems.empty()) {
        result.summary = fmt::format("{} problem(s) in '{}'; nothing was imported", report.problems.size(), file);
        return result;
    }
    result.imported = true;
    result.rows = report.rows;
    result.inserted = report.inserted;
    result.updated = report.updated;
    result.unchanged = report.unchanged;
    result.done.push_back(fmt::format("{} '{}': {} {}: {} new, {} changed, {} unchanged", request.dry_run ? "checked" : "imported", file,
                                      report.rows, kind->name, report.inserted, report.updated, report.unchanged));
    if (request.dry_run) result.done.push_back("dry run: nothing was written");
    // The import is committed; the models' judgement follows (a failing model loses no row).
    // The models, the host and the register are closed before the scratch register is removed.
    if (request.assess && config && !request.dry_run && !report.follow_ups.empty())
        result.assessed = assess_imported(*config, *store, models, report.follow_ups, options.actor);
    return result;
}

ExportResult export_kind(const RegisterOptions& options, const std::string& kind_name, const std::optional<fs::path>& out, char separator) {
    ExportResult result;
    const RecordKind* kind = find_record_kind(kind_name);
    if (kind == nullptr) {
        result.problems.push_back(unknown_kind(kind_name));
        return result;
    }
    const auto config = load_config_for(options, result);
    if (!result.ok()) return result;
    auto store = open_register(register_location(options, config ? &*config : nullptr), RegisterCreation::must_exist,
                               config ? config->audit_key : std::nullopt);
    result.csv = export_csv(*store, *kind, separator);
    if (out) {
        try {
            // The register's rows hold personal data (docs/data.md): the owner's only.
            write_file_atomically(*out, result.csv, FileReaders::owner_only);
        } catch (const std::runtime_error& e) {
            result.problems.push_back(e.what());
        }
    }
    return result;
}

AuditLogResult audit_log(const RegisterOptions& options, const std::string& kind, const std::string& key) {
    AuditLogResult result;
    // personal_data: the erases (followup erase); officer_credentials: the passwords set
    // (followup officer password), each an entry of its own kind.
    if (!kind.empty() && kind != "personal_data" && kind != "officer_credentials" && find_record_kind(kind) == nullptr) {
        result.problems.push_back(unknown_kind(kind) + " (or personal_data, the erases; or officer_credentials, the passwords set)");
        return result;
    }
    std::string db;
    auto store = existing_register(options, result, db);
    if (!store) return result;
    for (const auto& e : store->audit_log(kind, key))
        result.entries.push_back({e.seq, e.at, e.actor, e.action, e.kind, e.key, e.before, e.after, e.on_behalf_of});
    return result;
}

Outcome audit_verify(const RegisterOptions& options) {
    Outcome result;
    std::string db;
    auto store = existing_register(options, result, db);
    if (!store) return result;
    for (const auto& p : store->verify_audit()) result.problems.push_back(p.message);
    if (!result.ok()) {
        result.summary = fmt::format("audit verify: {} problem(s) in '{}'", result.problems.size(), location_for_people(db));
        return result;
    }
    result.done.push_back(fmt::format("audit verify: {} entries, the chain is intact and every row matches its trail ({})",
                                      store->audit_entries(), location_for_people(db)));
    return result;
}

Outcome audit_reseal(const RegisterOptions& options) {
    Outcome result;
    std::string db;
    auto store = existing_register(options, result, db);
    if (!store) return result;
    // What does not hold is said first, and stays in the output: whoever reseals vouches for it.
    for (const auto& p : store->verify_audit()) result.warnings.push_back("accepted by this reseal: " + p.message);
    try {
        result.done.push_back(fmt::format("{}; by {}{}: `followup audit verify` checks the trail against this seal from now on, "
                                          "and what came before it only as far as the earlier seals still verify",
                                          store->reseal_audit(), os_user(),
                                          options.actor.empty() ? "" : " on behalf of " + options.actor));
    } catch (const StoreError& e) {
        result.problems.push_back(e.what());
    }
    return result;
}

Outcome sync_officers(const RegisterOptions& options) {
    Outcome result;
    const auto config = load_config_for(options, result, true);
    if (!result.ok()) return result;
    if (config->officers.empty()) {
        result.problems.push_back(fmt::format("'{}' names no officers: add an [[officers]] table for each (id = their login "
                                              "role, name, boards = [...]; docs/configuration.md)",
                                              config->file.string()));
        return result;
    }
    std::vector<std::pair<std::string, std::string>> board_areas, officer_boards;
    for (const auto& area : config->areas) board_areas.emplace_back(area.board_id, area.id);
    for (const auto& officer : config->officers)
        for (const auto& board : officer.boards) officer_boards.emplace_back(officer.id, board);
    std::string db;
    auto store = existing_register(options, result, db);
    if (!store) return result;
    try {
        const std::vector<std::string> changes = store->grant_officers(board_areas, officer_boards);
        std::size_t changed = 0;
        for (const std::string& line : changes) {
            if (line.rfind("officer '", 0) == 0) result.warnings.push_back(line);
            else ++changed, result.done.push_back(line);
        }
        result.done.push_back(fmt::format("{} officer(s) of {} board(s) and {} area(s) as '{}' says{}", config->officers.size(),
                                          config->boards.size(), board_areas.size(), config->file.string(),
                                          changed == 0 ? ": nothing had to change" : ""));
    } catch (const StoreError& e) {
        result.problems.push_back(e.what());
    }
    return result;
}

Outcome backup_register(const RegisterOptions& options, const fs::path& file) {
    Outcome result;
    const auto config = load_config_for(options, result);
    if (!result.ok()) return result;
    const std::string db = register_location(options, config ? &*config : nullptr);
    if (!register_exists(db)) {
        result.problems.push_back(missing_register_message(db));
        return result;
    }
    try {
        // SQLite's online backup, or for PostgreSQL the server's own dump (pg_dump's custom
        // format; pg_restore puts it back, docs/data.md).
        open_register(db, RegisterCreation::must_exist, config ? config->audit_key : std::nullopt)->backup_to(file);
    } catch (const StoreError& e) {
        result.problems.push_back(e.what());
        return result;
    }
    result.done.push_back(fmt::format("backed up '{}' to '{}'{}", location_for_people(db), file.string(),
                                      is_postgres_url(db) ? " (pg_dump's custom format: restore it with pg_restore, docs/data.md)" : ""));
    return result;
}

Outcome restore_register(const RegisterOptions& options, const fs::path& file) {
    Outcome result;
    const auto config = load_config_for(options, result);
    if (!result.ok()) return result;
    const fs::path db = register_location(options, config ? &*config : nullptr);
    if (is_postgres_url(db.string())) {
        result.problems.push_back(fmt::format("'{}' is a PostgreSQL register: restore its dump with the server's own pg_restore into "
                                              "a new, empty database (createdb, then pg_restore --no-owner --dbname URL FILE; docs/data.md), "
                                              "or copy a SQLite backup into one with `followup register copy --from FILE --to URL`",
                                              location_for_people(db.string())));
        return result;
    }
    try {
        // The register being replaced is kept, so a restore from the wrong file loses nothing.
        if (fs::exists(db)) {
            const fs::path kept = db.string() + fmt::format(".before-restore-{:%Y%m%dT%H%M%S}",
                                                            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
            open_sqlite_register(db, RegisterCreation::must_exist, config ? config->audit_key : std::nullopt)->backup_to(kept);
            result.done.push_back(fmt::format("kept the current register as '{}'", kept.string()));
        }
        restore_sqlite_register(file, db, config ? config->audit_key : std::nullopt);
    } catch (const StoreError& e) {
        result.problems.push_back(e.what());
        return result;
    }
    result.done.push_back(fmt::format("restored '{}' from '{}'", db.string(), file.string()));
    return result;
}

Outcome copy_register(const RegisterOptions& options, const std::string& from, const std::string& to) {
    Outcome result;
    const auto config = load_config_for(options, result);
    if (!result.ok()) return result;
    const std::optional<fs::path> key = config ? config->audit_key : std::nullopt;
    const std::string source = is_postgres_url(from) ? from : fs::absolute(from).string();
    const std::string target = is_postgres_url(to) ? to : fs::absolute(to).string();
    if (!register_exists(source)) {
        result.problems.push_back(missing_register_message(source));
        return result;
    }
    // A file is copied into a new one only: an existing file is somebody's register.
    const bool new_file = !is_postgres_url(target);
    if (new_file && fs::exists(target)) {
        result.problems.push_back(fmt::format("'{}' already exists; copy into a new file, or into an empty PostgreSQL database", target));
        return result;
    }
    try {
        auto source_register = open_register(source, RegisterCreation::must_exist, key);
        auto target_register = open_register(target, RegisterCreation::create_if_missing, key);
        const CopyReport report = core::copy_register(*source_register, *target_register);
        result.done.push_back(fmt::format("copied {} rows and {} audit entries from '{}' to '{}'; the audit trail verifies on both sides",
                                          report.rows, report.entries, location_for_people(source), location_for_people(target)));
    } catch (const StoreError& e) {
        if (new_file) {
            std::error_code ignored;
            for (const char* suffix : {"", "-wal", "-shm", ".audit-heads"}) fs::remove(target + suffix, ignored);
        }
        result.problems.push_back(e.what());
    }
    return result;
}

Outcome generate_example(const RegisterOptions& options, const ExampleRequest& request) {
    Outcome result;
    fs::create_directories(request.out);  // the register may be meant to live there too
    auto session = open_session(options, Plugins::none, result, Reads::queries,
                                request.import ? RegisterNeed::created_if_missing : RegisterNeed::none);
    if (!session) return result;
    const auto started = std::chrono::steady_clock::now();
    DemoOptions demo{request.scale == "municipality" ? DemoScale::municipality : DemoScale::national, 290, request.seed, request.last_year,
                     fs::absolute(request.out)};
    if (request.scale != "municipality" && request.scale != "national") demo.municipalities = std::stoi(request.scale);  // "16x"
    const DemoSummary summary = generate_demo(session->config, demo);
    std::size_t total = 0;
    for (const auto& [kind, rows] : summary.rows) total += rows;
    result.done.push_back(fmt::format("generated {} rows in '{}' ({:.1f} s)", total, demo.out.string(),
                                      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()));
    if (!request.import) return result;
    const bool imported = import_demo(*session->store, session->config, demo.out, options.actor, [&result](const DemoImportStep& step) {
        const auto& problems = step.report.problems;
        for (std::size_t i = 0; i < std::min<std::size_t>(problems.size(), 10); ++i)
            result.problems.push_back(fmt::format("{}:{}: {}: {}", step.file.string(), problems[i].line, problems[i].column, problems[i].message));
        if (!problems.empty())
            result.summary = fmt::format("{} problem(s) in '{}'; stopped", problems.size(), step.file.string());
        else
            result.done.push_back(fmt::format("imported {:>9} {:<15} {:>8.0f} rows/s", step.report.rows, step.kind,
                                              step.seconds > 0 ? static_cast<double>(step.report.rows) / step.seconds : 0.0));
    });
    if (!imported && result.ok()) result.problems.push_back(fmt::format("the example in '{}' could not be imported", demo.out.string()));
    return result;
}

}  // namespace followup::core
