// The `followup` command. The only translation unit that includes CLI11 (it costs seconds per
// file to compile); everything it does is a call into the core.
//
// Exit codes: cli/exit_codes.hpp (also in README.md).
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstring>
#include <fmt/format.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "cli/exit_codes.hpp"
#include "cli/lifecycle_commands.hpp"
#include "cli/register_commands.hpp"
#include "cli/report_commands.hpp"
#include "cli/schedule_commands.hpp"
#include "config/starter.hpp"
#include "followup/sdk/version.hpp"
#include "host/isolation.hpp"
#include "host/plugin_host.hpp"
#include "host/self_check.hpp"
#include "store/register.hpp"

namespace fs = std::filesystem;
namespace sdk = followup::sdk;
using namespace followup::core;

namespace {


std::vector<fs::path> plugin_directories_from(const std::vector<std::string>& given) {
    std::vector<fs::path> dirs;
    for (const auto& d : given) dirs.emplace_back(d);
    return plugin_search_path({}, dirs);
}

fs::path default_config_file() {
    if (const char* env = std::getenv("FOLLOWUP_CONFIG"); env != nullptr && *env != '\0') return env;
    return fs::path("config") / "municipality.toml";
}

void set_up_logging(const std::string& level) {
    auto logger = spdlog::stderr_color_mt("followup");
    logger->set_pattern("%^%l%$ [%n] %v");
    logger->set_level(spdlog::level::from_str(level));
    spdlog::set_default_logger(logger);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"followup: follow-up of providers in a municipality's customer-choice areas"};
    app.require_subcommand(1);
    app.set_version_flag("--version",
                         fmt::format("followup {} (SDK {}, plugin ABI {})", FOLLOWUP_VERSION,
                                     FOLLOWUP_SDK_VERSION_STRING, FOLLOWUP_SDK_ABI_VERSION));
    std::string log_level = "warning";
    app.add_option("--log-level", log_level, "trace, debug, info, warning, error or off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warning", "warn", "error", "off"}))
        ->capture_default_str();

    auto* plugins = app.add_subcommand("plugins", "List and check board plugins");
    plugins->require_subcommand(1);
    std::vector<std::string> dirs;
    auto* list = plugins->add_subcommand("list", "List plugins from their manifests, without loading them");
    list->add_option("--plugin-dir", dirs,
                     "A folder of plugins (repeatable), searched after the bundled folder and before $FOLLOWUP_PLUGIN_PATH");
    std::string check_path;
    std::optional<std::string> sha256;
    bool in_process = false;
    auto* check = plugins->add_subcommand("check", "Load one plugin and report what it declares");
    check->add_option("PATH", check_path, "The plugin's library (.so) or manifest (.plugin.toml)")->required();
    check->add_option("--sha256", sha256, "Refuse the plugin unless its library has this SHA-256");
    check->add_flag("--in-process", in_process, "Do not isolate the plugin in a child process");

    std::string config_file;
    app.add_option("--config", config_file, "The municipality file. Default: $FOLLOWUP_CONFIG, else config/municipality.toml");
    std::optional<std::string> db_file;
    app.add_option("--db", db_file, "The register (SQLite). Default: the configuration's [register] database, else followup.sqlite");
    std::string actor;
    app.add_option("--actor", actor, "Who makes the change, for the audit trail. Default: the OS user");
    auto* validate_cmd = app.add_subcommand("validate", "Check the municipality's configuration, and each board's plugin table");
    std::string init_dir;
    auto* init = app.add_subcommand("init", "Write a commented starting configuration into a new folder");
    init->add_option("DIR", init_dir, "The folder to write into")->required();

    std::string kind, data_file, board_filter_assess;
    bool dry_run = false;
    auto* import_cmd = app.add_subcommand("import", "Import a CSV file of one kind into the register: all rows or none");
    import_cmd->add_option("KIND", kind, "providers, units, authorizations, follow_ups, findings, decisions, signals, "
                                         "indicators, evidence, steps or plans")->required();
    import_cmd->add_option("FILE", data_file, "UTF-8 CSV, ';' or ',' separated, with a header (docs/data.md)")->required();
    import_cmd->add_flag("--dry-run", dry_run, "Check every row and count the changes, but write nothing");
    bool no_assess = false;
    import_cmd->add_flag("--no-assess", no_assess, "Do not ask the boards' models to assess the imported follow-ups");
    RecordArguments record_args;
    auto* record = app.add_subcommand("record", "Record a follow-up with its findings; the board's model assesses it");
    record->add_option("--id", record_args.id, "The follow-up's id (a new one, or a planned follow-up's)")->required();
    record->add_option("--provider", record_args.provider, "The provider's organisation number")->required();
    record->add_option("--unit", record_args.unit, "The unit followed up (empty: the provider as a whole)");
    record->add_option("--area", record_args.area, "The customer-choice area")->required();
    record->add_option("--form", record_args.form, "The form of follow-up, one of the board's")->required();
    record->add_option("--done", record_args.done, "When it was done (YYYY-MM-DD)")->required();
    record->add_option("--inspector", record_args.inspector, "Who did it");
    record->add_flag("--signal", record_args.signal, "Triggered by a signal rather than planned");
    record->add_option("--scale", record_args.scale, "The scale of the grades. Default: the board's");
    record->add_option("--finding", record_args.findings, "CONDITION=LEVEL or CONDITION=LEVEL:TEXT (repeatable)");
    record->add_option("--evidence", record_args.evidence, "CONDITION:SUBJECT:DOCUMENT[:DATE], a document shown (repeatable)");
    record->add_option("--step", record_args.steps, "STEP=DATE, a process step done (repeatable)");
    std::optional<std::string> assess_what;
    bool assess_all = false;
    auto* assess = app.add_subcommand("assess", "Show the board's model's assessment of a follow-up, unit or provider; --all assesses again");
    assess->add_option("WHAT", assess_what, "A follow-up id, a unit id or a provider's organisation number");
    assess->add_flag("--all", assess_all, "Ask the models again for every done follow-up (after a model or configuration change)");
    assess->add_option("--board", board_filter_assess, "With --all: only this board's follow-ups");
    bool assess_again = false;
    assess->add_flag("--again", assess_again, "With a follow-up: ask its board's model again and store the result");
    DecideArguments decide_args;
    auto* decide = app.add_subcommand("decide", "Record the board's adopted decision on a follow-up (the model only proposes)");
    decide->add_option("FOLLOW_UP", decide_args.follow_up, "The follow-up decided on")->required();
    decide->add_option("--kind", decide_args.kind, "no_action, pointed_out, remark, injunction, injunction_with_fine or revocation")->required();
    decide->add_option("--decided", decide_args.decided, "When the board decided (YYYY-MM-DD)")->required();
    decide->add_option("--reference", decide_args.reference, "The board's reference (diarienummer)");
    decide->add_option("--deadline", decide_args.deadline, "When the deficiency must be remedied (YYYY-MM-DD)");
    decide->add_flag("--serious", decide_args.serious, "The board judged it a serious maladministration (allvarligt missförhållande)");
    decide->add_option("--reason", decide_args.reason, "The decision's reason");
    decide->add_option("--legal-ground", decide_args.legal_ground, "The rule it rests on");
    std::optional<std::string> export_out;
    std::string separator = ";";
    auto* export_cmd = app.add_subcommand("export", "Write every record of one kind as CSV");
    export_cmd->add_option("KIND", kind, "as for import")->required();
    export_cmd->add_option("--out", export_out, "The file to write. Default: standard output");
    export_cmd->add_option("--separator", separator, "';' (default, as Swedish Excel) or ','")->check(CLI::IsMember({";", ","}));
    auto* audit = app.add_subcommand("audit", "The register's audit trail");
    audit->require_subcommand(1);
    auto* audit_verify = audit->add_subcommand("verify", "Check that no entry and no row was changed behind followup's back");
    std::string audit_kind, audit_key;
    auto* audit_log = audit->add_subcommand("log", "Show the audit trail: who changed what, when, before and after");
    audit_log->add_option("--kind", audit_kind, "Only this kind (e.g. assessments, decisions)");
    audit_log->add_option("--key", audit_key, "Only this record (its key, e.g. a follow-up id)");
    std::string backup_file;
    auto* backup = app.add_subcommand("backup", "Copy the register to a new file, safely while others read it");
    backup->add_option("FILE", backup_file, "The new file")->required();
    auto* restore = app.add_subcommand("restore", "Replace the register with a backup (the current one is kept beside it)");
    restore->add_option("FILE", backup_file, "The backup")->required();
    int year = 0;
    std::optional<std::string> board, at;
    std::string format = "table";
    std::optional<std::string> plan_out;
    auto* plan = app.add_subcommand("plan", "Plan the year's follow-ups: ask each board's plugin, date and assign them, write them to the register");
    plan->add_option("--year", year, "The year to plan")->required()->check(CLI::Range(1900, 2200));
    plan->add_option("--board", board, "Only this board");
    plan->add_option("--format", format, "table (default), ics, csv or json")->check(CLI::IsMember({"table", "ics", "csv", "json"}));
    plan->add_option("--out", plan_out, "Write the plan to this file instead of standard output");
    PlanOptions plan_options;
    plan->add_flag("--dry-run", plan_options.dry_run, "Show what the plan would be; write nothing to the register");
    plan->add_option("--inspector", plan_options.inspector,
                     "The inspector's own export: only their follow-ups, with the dates of unannounced visits");
    auto* status = app.add_subcommand("status", "Overdue follow-ups, open cases past their deadline, cases awaiting closing");
    status->add_option("--at", at, "The day to look from (YYYY-MM-DD). Default: today");
    bool status_units = false;
    status->add_flag("--units", status_units, "Also list every unit's next due date and risk category, as the models set them");
    std::string follow_up, basis, reason;
    auto* case_cmd = app.add_subcommand("case", "Deficiency cases");
    case_cmd->require_subcommand(1);
    auto* close = case_cmd->add_subcommand("close", "Close the case a re-check found remedied, on a recorded basis");
    close->add_option("FOLLOW_UP", follow_up, "The id of the re-check that found no deficiency")->required();
    close->add_option("--basis", basis, "visit, document or statement")->required();
    close->add_option("--reason", reason, "Why the deficiencies are considered remedied")->required();
    close->add_option("--date", at, "When the case is closed (YYYY-MM-DD). Default: today");
    int compile_year = 0;
    std::optional<std::string> compile_out, compile_date;
    std::string language, formats = "html,md,json,xlsx";
    auto* compile = app.add_subcommand("compile", "The cross-board annual compilation for the executive board");
    compile->add_option("--year", compile_year, "The year to compile")->required()->check(CLI::Range(1900, 2200));
    compile->add_option("--out", compile_out, "The folder to write into. Default: compilation-YEAR");
    compile->add_option("--lang", language, "sv or en. Default: the configuration's language")->check(CLI::IsMember({"sv", "en"}));
    compile->add_option("--format", formats, "Comma-separated: html, md, json, xlsx (default: all four)");
    compile->add_option("--date", compile_date, "The compilation's date (YYYY-MM-DD). Default: today");
    std::string publish_out;
    auto* publish = app.add_subcommand("publish", "Published results: a static site where residents compare providers, and open data");
    publish->add_option("--year", compile_year, "The year to publish")->required()->check(CLI::Range(1900, 2200));
    publish->add_option("--out", publish_out, "The folder to write into")->required();
    publish->add_option("--lang", language, "sv or en. Default: the configuration's language")->check(CLI::IsMember({"sv", "en"}));
    auto* demo = app.add_subcommand("demo", "The example municipality, for trying followup and for benchmarks");
    demo->require_subcommand(1);
    std::string scale = "municipality", demo_out;
    std::uint64_t seed = 1;
    int demo_year = 2025;
    bool demo_import = false;
    auto* generate = demo->add_subcommand("generate", "Write a municipality's (or a country's) providers and years of follow-up as CSV");
    generate->add_option("--scale", scale, "municipality (about 450 providers) or national (about 130,000)")
        ->check(CLI::IsMember({"municipality", "national"}));
    generate->add_option("--seed", seed, "The same seed gives the same files")->capture_default_str();
    generate->add_option("--year", demo_year, "The last year of history (three years are made)")->capture_default_str();
    generate->add_option("--out", demo_out, "The folder to write into")->required();
    generate->add_flag("--import", demo_import, "Also import the files into the register (--db)");
    for (auto* sub : {record, assess, decide}) sub->fallthrough();
    for (auto* sub : {plugins, validate_cmd, init, import_cmd, export_cmd, audit, backup, restore, plan, status, case_cmd, compile, publish, demo}) sub->fallthrough();
    generate->fallthrough();
    audit_verify->fallthrough();
    audit_log->fallthrough();
    close->fallthrough();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? exit_ok : exit_usage;
    }

    try {
        set_up_logging(log_level);
        if (sdk::loaded_abi_version() != sdk::abi_version) {
            spdlog::error("libfollowup_sdk has ABI {} but followup was built for {}", sdk::loaded_abi_version(),
                          sdk::abi_version);
            return exit_internal;
        }
        if (list->parsed()) return list_plugins(plugin_directories_from(dirs), std::cout);
        const fs::path config_path = config_file.empty() ? default_config_file() : fs::path(config_file);
        if (validate_cmd->parsed()) return validate_configuration(config_path, std::cout);
        const RegisterOptions register_options{config_path, db_file ? std::optional<fs::path>(*db_file) : std::nullopt,
                                               actor.empty() ? os_user() : actor};
        if (import_cmd->parsed()) return run_import(register_options, kind, data_file, dry_run, !no_assess);
        if (record->parsed()) return run_record(register_options, record_args);
        if (assess->parsed())
            return run_assess(register_options, assess_what, assess_all,
                              board_filter_assess.empty() ? std::nullopt : std::optional<std::string>(board_filter_assess),
                              assess_again);
        if (decide->parsed()) return run_decide(register_options, decide_args);
        if (export_cmd->parsed())
            return run_export(register_options, kind, export_out ? std::optional<fs::path>(*export_out) : std::nullopt, separator[0]);
        if (audit_verify->parsed()) return run_audit_verify(register_options);
        if (audit_log->parsed()) return run_audit_log(register_options, audit_kind, audit_key);
        if (backup->parsed()) return run_backup(register_options, backup_file);
        if (restore->parsed()) return run_restore(register_options, backup_file);
        if (plan->parsed())
            return run_plan(register_options, year, board, format, plan_out ? std::optional<fs::path>(*plan_out) : std::nullopt,
                            plan_options);
        if (status->parsed()) return run_status(register_options, at, status_units);
        if (generate->parsed()) return run_demo_generate(register_options, scale, seed, demo_year, demo_out, demo_import);
        if (publish->parsed()) return run_publish(register_options, compile_year, publish_out, language);
        if (compile->parsed())
            return run_compile(register_options, compile_year, compile_out ? std::optional<fs::path>(*compile_out) : std::nullopt,
                               language, formats, compile_date);
        if (close->parsed()) return run_close_case(register_options, follow_up, basis, reason, at);
        if (init->parsed()) {
            try {
                for (const auto& file : write_starter_configuration(init_dir)) std::cout << "wrote " << file.string() << "\n";
            } catch (const std::runtime_error& e) {
                std::cout << "error: " << e.what() << "\n";
                return exit_problem;
            }
            std::cout << fmt::format("Check it with: followup validate --config {}\n",
                                     (fs::path(init_dir) / "municipality.toml").string());
            return exit_ok;
        }
        if (check->parsed()) {
            const fs::path path = fs::absolute(check_path);
            const std::optional<fs::path> check_config = config_file.empty() ? std::nullopt : std::optional<fs::path>(config_file);
            if (in_process) return check_plugin(path, sha256, check_config, [](std::string_view) {}, std::cout);
            const IsolatedRun run = run_isolated([&](const auto& stage) { return check_plugin(path, sha256, check_config, stage, std::cout); });
            if (run.crashed) {
                std::cout << fmt::format("error: plugin '{}' crashed the checking process with signal {} ({}) during {}()\n",
                                         path.string(), run.signal, strsignal(run.signal), run.last_stage);
                return exit_problem;
            }
            return run.exit_code;
        }
    } catch (const StoreError& e) {
        std::cout << "error: " << e.what() << "\n";
        return exit_problem;
    } catch (const std::exception& e) {
        std::cerr << "internal error: " << e.what() << "\n";
        return exit_internal;
    }
    return exit_usage;
}
