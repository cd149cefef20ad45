#include "cli/exit_codes.hpp"
#include "cli/register_commands.hpp"
#include "cli/command_line.hpp"

#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli/lifecycle_commands.hpp"
#include "calendar/swedish_calendar.hpp"
#include "config/municipality_config.hpp"
#include "host/board_models.hpp"
#include "host/plugin_host.hpp"
#include "store/importer.hpp"
#include "store/register_copy.hpp"
#include "store/register_location.hpp"
#include "util/atomic_file.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {


std::string kinds_list() {
    std::string out;
    for (const auto& k : record_kinds()) out += (out.empty() ? "" : ", ") + k.name;
    return out;
}

/// The configuration if it can be read; nullopt when there is none at the default path and it is
/// not `required`. A configuration with errors stops the command (its areas and scales are what
/// imports are checked against), and so does a missing one that was named (--config,
/// $FOLLOWUP_CONFIG) or is required (import: rows never go in unchecked).
std::optional<MunicipalityConfig> load_config_for(const RegisterOptions& options, bool& failed, bool required = false) {
    failed = false;
    if (!fs::exists(options.config)) {
        if (!options.config_given && !required) return std::nullopt;
        std::cerr << fmt::format("error: no configuration at '{}' ({}); is the name right? `followup init DIR` writes one\n",
                                 fs::absolute(options.config).string(),
                                 options.config_given ? "--config or $FOLLOWUP_CONFIG"
                                                      : "the default: --config, else $FOLLOWUP_CONFIG, else config/municipality.toml; "
                                                        "an import is checked against the configuration");
        failed = true;
        return std::nullopt;
    }
    LoadedConfig loaded = load_configuration(options.config);
    if (!loaded.diagnostics.empty()) {
        for (const auto& d : loaded.diagnostics) std::cerr << "error: " << to_string(d) << "\n";
        std::cerr << fmt::format("the configuration '{}' has {} error(s); run followup validate\n", options.config.string(),
                                 loaded.diagnostics.size());
        failed = true;
        return std::nullopt;
    }
    return std::move(loaded.config);
}

fs::path database_path(const RegisterOptions& options, const std::optional<MunicipalityConfig>& config) {
    return register_location(options, config ? &*config : nullptr);
}

std::optional<std::string> read_whole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

std::string register_location(const RegisterOptions& options, const MunicipalityConfig* config) {
    // A URL is the server's address, not a file: never made absolute against the current folder.
    if (options.db) return is_postgres_url(options.db->string()) ? options.db->string() : fs::absolute(*options.db).string();
    if (config && config->register_url) return *config->register_url;
    if (config && config->database) return config->database->string();
    return fs::absolute("followup.sqlite").string();
}

std::string os_user() {
    if (const passwd* pw = ::getpwuid(::geteuid()); pw != nullptr && pw->pw_name != nullptr) return pw->pw_name;
    if (const char* user = std::getenv("USER")) return user;
    return "unknown";
}

int run_import(const RegisterOptions& options, const std::string& kind_name, const fs::path& file, bool dry_run, bool assess) {
    const RecordKind* kind = find_record_kind(kind_name);
    if (kind == nullptr) {
        std::cerr << fmt::format("error: unknown kind '{}'; expected one of: {}\n", kind_name, kinds_list());
        return exit_problem;
    }
    bool config_failed = false;
    auto config = load_config_for(options, config_failed, true);
    if (config_failed) return exit_problem;
    const auto text = read_whole(file);
    if (!text) {
        std::cerr << fmt::format("error: cannot read '{}'\n", file.string());
        return exit_problem;
    }
    fs::path db = database_path(options, config);
    // A dry run writes nothing, not even a new register: it checks against a scratch one.
    std::optional<fs::path> scratch;
    if (!register_exists(db.string())) {
        if (dry_run) {
            scratch = fs::temp_directory_path() / fmt::format("followup-dry-run-{}.sqlite", ::getpid());
            std::cout << fmt::format("note: no register at '{}' yet; checked as if it were empty\n", location_for_people(db.string()));
            db = *scratch;
        } else {
            std::cout << fmt::format("created the register '{}'\n", location_for_people(db.string()));
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
    // One plugin host for the whole command: the scales the boards' plugins ship are part of what
    // a finding may name, and the same configured models then assess what was imported.
    SwedishCalendar calendar;
    std::optional<PluginHost> host;
    BoardModels models;
    if (config) {
        host.emplace(HostContext{*store, config->scales, calendar}, config->pinned_sha256(), plugin_calls_for(*config));
        Diagnostics ignored;  // `followup validate` reports them; a board without a model is reported when it is assessed
        models = configure_board_models(*config, *host, ignored);
    }
    ImportReport report = import_csv(*store, *kind, *text, config ? &*config : nullptr, options.actor, dry_run);
    for (const auto& p : report.problems) {
        std::cerr << "error: " << file.string();
        if (p.line > 0) std::cerr << ":" << p.line;
        std::cerr << ": " << (p.column.empty() ? "" : p.column + ": ") << p.message << "\n";
    }
    if (!report.problems.empty()) {
        std::cerr << fmt::format("{} problem(s) in '{}'; nothing was imported\n", report.problems.size(), file.string());
        return exit_problem;
    }
    std::cout << fmt::format("{} '{}': {} {}: {} new, {} changed, {} unchanged\n", dry_run ? "checked" : "imported",
                             file.string(), report.rows, kind->name, report.inserted, report.updated, report.unchanged);
    if (dry_run) std::cout << "dry run: nothing was written\n";
    // The import is committed; the models' judgement follows (a failing model loses no row).
    // The models, the host and the register are closed before the scratch register is removed.
    const bool assessed = !assess || !config || dry_run || report.follow_ups.empty() ||
                          assess_imported(*config, *store, models, report.follow_ups, options.actor);
    return assessed ? exit_ok : exit_problem;
}

int run_export(const RegisterOptions& options, const std::string& kind_name, const std::optional<fs::path>& out,
               char separator) {
    const RecordKind* kind = find_record_kind(kind_name);
    if (kind == nullptr) {
        std::cerr << fmt::format("error: unknown kind '{}'; expected one of: {}\n", kind_name, kinds_list());
        return exit_problem;
    }
    bool config_failed = false;
    const auto config = load_config_for(options, config_failed);
    if (config_failed) return exit_problem;
    auto store = open_register(database_path(options, config).string(), RegisterCreation::must_exist, config ? config->audit_key : std::nullopt);
    const std::string csv = export_csv(*store, *kind, separator);
    if (!out) {
        std::cout << csv;
        return exit_ok;
    }
    try {
        write_file_atomically(*out, csv);
    } catch (const std::runtime_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_problem;
    }
    return exit_ok;
}

/// The register a read-only command looks at; null (with the message printed) when there is none:
/// reading must not create an empty one.
std::unique_ptr<Register> existing_register(const RegisterOptions& options, fs::path& db) {
    bool config_failed = false;
    const auto config = load_config_for(options, config_failed);
    if (config_failed) return nullptr;
    db = database_path(options, config);
    if (!register_exists(db.string())) {
        std::cerr << "error: " << missing_register_message(db.string()) << "\n";
        return nullptr;
    }
    return open_register(db.string(), RegisterCreation::must_exist, config ? config->audit_key : std::nullopt);
}

int run_audit_log(const RegisterOptions& options, const std::string& kind, const std::string& key) {
    if (!kind.empty() && find_record_kind(kind) == nullptr) {
        std::cerr << fmt::format("error: unknown kind '{}'; expected one of: {}\n", kind, kinds_list());
        return exit_problem;
    }
    fs::path db;
    auto store = existing_register(options, db);
    if (!store) return exit_problem;
    const auto entries = store->audit_log(kind, key);
    for (const auto& e : entries) {
        std::cout << fmt::format("{:>6}  {}  {:<12} {:<7} {} {}\n", e.seq, e.at, e.actor, e.action, e.kind, e.key);
        if (!e.before.empty() && e.before != "[]") std::cout << "        before: " << e.before << "\n";
        if (!e.after.empty() && e.after != "[]") std::cout << "        after:  " << e.after << "\n";
    }
    std::cout << fmt::format("{} audit entr{}\n", entries.size(), entries.size() == 1 ? "y" : "ies");
    return exit_ok;
}

int run_audit_verify(const RegisterOptions& options) {
    fs::path db;
    auto store = existing_register(options, db);
    if (!store) return exit_problem;
    const auto problems = store->verify_audit();
    for (const auto& p : problems) std::cerr << "error: " << p.message << "\n";
    if (!problems.empty()) {
        std::cerr << fmt::format("audit verify: {} problem(s) in '{}'\n", problems.size(), location_for_people(db.string()));
        return exit_problem;
    }
    std::cout << fmt::format("audit verify: {} entries, the chain is intact and every row matches its trail ({})\n",
                             store->audit_entries(), location_for_people(db.string()));
    return exit_ok;
}

int run_backup(const RegisterOptions& options, const fs::path& file) {
    bool config_failed = false;
    const auto config = load_config_for(options, config_failed);
    if (config_failed) return exit_problem;
    const fs::path db = database_path(options, config);
    if (!register_exists(db.string())) {
        std::cerr << "error: " << missing_register_message(db.string()) << "\n";
        return exit_problem;
    }
    try {
        // SQLite's online backup, or for PostgreSQL the server's own dump (pg_dump's custom
        // format; pg_restore puts it back, docs/data.md).
        open_register(db.string(), RegisterCreation::must_exist, config ? config->audit_key : std::nullopt)->backup_to(file);
    } catch (const StoreError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_problem;
    }
    std::cout << fmt::format("backed up '{}' to '{}'{}\n", location_for_people(db.string()), file.string(),
                             is_postgres_url(db.string()) ? " (pg_dump's custom format: restore it with pg_restore, docs/data.md)" : "");
    return exit_ok;
}

int run_restore(const RegisterOptions& options, const fs::path& file) {
    bool config_failed = false;
    const auto config = load_config_for(options, config_failed);
    if (config_failed) return exit_problem;
    const fs::path db = database_path(options, config);
    if (is_postgres_url(db.string())) {
        std::cerr << fmt::format("error: '{}' is a PostgreSQL register: restore its dump with the server's own pg_restore into "
                                 "a new, empty database (createdb, then pg_restore --no-owner --dbname URL FILE; docs/data.md), "
                                 "or copy a SQLite backup into one with `followup register copy --from FILE --to URL`\n",
                                 location_for_people(db.string()));
        return exit_problem;
    }
    try {
        // The register being replaced is kept, so a restore from the wrong file loses nothing.
        if (fs::exists(db)) {
            const fs::path kept = db.string() + fmt::format(".before-restore-{:%Y%m%dT%H%M%S}",
                                                            std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
            open_sqlite_register(db, RegisterCreation::must_exist, config ? config->audit_key : std::nullopt)->backup_to(kept);
            std::cout << fmt::format("kept the current register as '{}'\n", kept.string());
        }
        restore_sqlite_register(file, db, config ? config->audit_key : std::nullopt);
    } catch (const StoreError& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_problem;
    }
    std::cout << fmt::format("restored '{}' from '{}'\n", db.string(), file.string());
    return exit_ok;
}

int run_register_copy(const RegisterOptions& options, const std::string& from, const std::string& to) {
    bool config_failed = false;
    const auto config = load_config_for(options, config_failed);
    if (config_failed) return exit_problem;
    const std::optional<fs::path> key = config ? config->audit_key : std::nullopt;
    const std::string source = is_postgres_url(from) ? from : fs::absolute(from).string();
    const std::string target = is_postgres_url(to) ? to : fs::absolute(to).string();
    if (!register_exists(source)) {
        std::cerr << "error: " << missing_register_message(source) << "\n";
        return exit_problem;
    }
    // A file is copied into a new one only: an existing file is somebody's register.
    const bool new_file = !is_postgres_url(target);
    if (new_file && fs::exists(target)) {
        std::cerr << fmt::format("error: '{}' already exists; copy into a new file, or into an empty PostgreSQL database\n", target);
        return exit_problem;
    }
    try {
        auto source_register = open_register(source, RegisterCreation::must_exist, key);
        auto target_register = open_register(target, RegisterCreation::create_if_missing, key);
        const CopyReport report = copy_register(*source_register, *target_register);
        std::cout << fmt::format("copied {} rows and {} audit entries from '{}' to '{}'; the audit trail verifies on both sides\n",
                                 report.rows, report.entries, location_for_people(source), location_for_people(target));
    } catch (const StoreError& e) {
        if (new_file) {
            std::error_code ignored;
            for (const char* suffix : {"", "-wal", "-shm", ".audit-heads"}) fs::remove(target + suffix, ignored);
        }
        std::cerr << "error: " << e.what() << "\n";
        return exit_problem;
    }
    return exit_ok;
}

void add_register_commands(CLI::App& app, CommandLine& line) {
    struct Given {
        std::string kind, data_file;
        bool dry_run = false, no_assess = false;
        std::optional<std::string> export_out;
        std::string separator = ";";
        std::string audit_kind, audit_key;
        std::string backup_file;
        std::string copy_from, copy_to;
    };
    auto given = std::make_shared<Given>();
    const GlobalOptions& global = line.global;

    auto* import_cmd = app.add_subcommand("import", "Import a CSV file of one kind into the register: all rows or none");
    import_cmd->add_option("KIND", given->kind, "providers, units, authorizations, follow_ups, findings, decisions, signals, "
                                                "indicators, evidence, steps or plans")->required();
    import_cmd->add_option("FILE", given->data_file, "UTF-8 CSV, ';' or ',' separated, with a header (docs/data.md)")->required();
    import_cmd->add_flag("--dry-run", given->dry_run, "Check every row and count the changes, but write nothing");
    import_cmd->add_flag("--no-assess", given->no_assess, "Do not ask the boards' models to assess the imported follow-ups");
    line.on_chosen(import_cmd, [given, &global] {
        return run_import(global.register_options(), given->kind, given->data_file, given->dry_run, !given->no_assess);
    });

    auto* export_cmd = app.add_subcommand("export", "Write every record of one kind as CSV");
    export_cmd->add_option("KIND", given->kind, "as for import")->required();
    export_cmd->add_option("--out", given->export_out, "The file to write. Default: standard output");
    export_cmd->add_option("--separator", given->separator, "';' (default, as Swedish Excel) or ','")->check(CLI::IsMember({";", ","}));
    line.on_chosen(export_cmd, [given, &global] {
        return run_export(global.register_options(), given->kind,
                          given->export_out ? std::optional<fs::path>(*given->export_out) : std::nullopt, given->separator[0]);
    });

    auto* audit = app.add_subcommand("audit", "The register's audit trail");
    audit->require_subcommand(1);
    auto* audit_verify = audit->add_subcommand("verify", "Check that no entry and no row was changed behind followup's back");
    line.on_chosen(audit_verify, [&global] { return run_audit_verify(global.register_options()); });
    auto* audit_log = audit->add_subcommand("log", "Show the audit trail: who changed what, when, before and after");
    audit_log->add_option("--kind", given->audit_kind, "Only this kind (e.g. assessments, decisions)");
    audit_log->add_option("--key", given->audit_key, "Only this record (its key, e.g. a follow-up id)");
    line.on_chosen(audit_log, [given, &global] { return run_audit_log(global.register_options(), given->audit_kind, given->audit_key); });

    auto* backup = app.add_subcommand("backup", "Copy the register to a new file, safely while others read it");
    backup->add_option("FILE", given->backup_file, "The new file")->required();
    line.on_chosen(backup, [given, &global] { return run_backup(global.register_options(), given->backup_file); });
    auto* restore = app.add_subcommand("restore", "Replace the register with a backup (the current one is kept beside it)");
    restore->add_option("FILE", given->backup_file, "The backup")->required();
    line.on_chosen(restore, [given, &global] { return run_restore(global.register_options(), given->backup_file); });

    auto* register_cmd = app.add_subcommand("register", "The register as a whole");
    register_cmd->require_subcommand(1);
    auto* copy = register_cmd->add_subcommand(
        "copy", "Copy a whole register, rows and audit trail, between an SQLite file and a PostgreSQL database");
    copy->add_option("--from", given->copy_from, "The register to copy: a file, or postgresql://user@host/dbname")->required();
    copy->add_option("--to", given->copy_to, "A new file, or an empty PostgreSQL database's URL")->required();
    line.on_chosen(copy, [given, &global] { return run_register_copy(global.register_options(), given->copy_from, given->copy_to); });

    for (auto* command : {import_cmd, export_cmd, audit, audit_verify, audit_log, backup, restore, register_cmd, copy})
        command->fallthrough();
}

}  // namespace followup::core
