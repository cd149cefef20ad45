#include "cli/register_commands.hpp"

#include <iostream>
#include <memory>
#include <optional>

#include <fmt/format.h>

#include <termios.h>
#include <unistd.h>

#include <chrono>

#include "app/officer_accounts.hpp"
#include "desk/desk.hpp"
#include "app/personal_data.hpp"
#include "app/register_admin.hpp"
#include "cli/command_line.hpp"
#include "cli/exit_codes.hpp"
#include "cli/refusal.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {

int run_import(const RegisterOptions& options, const std::string& kind, const fs::path& file, bool dry_run, bool assess) {
    const ImportResult result = import_file(options, {kind, file, dry_run, assess});
    if (!result.imported) return show(result);
    for (const auto& line : result.done) std::cout << line << "\n";
    // The import is committed; the models' judgement follows (a failing model loses no row).
    const Assessed& assessed = result.assessed;
    if (assessed.asked == 0) return exit_ok;
    for (const auto& problem : assessed.problems) std::cout << "error: " << problem << "\n";
    std::cout << fmt::format("assessed {} follow-up(s): {} stored anew or changed, {} unchanged, {} could not be assessed\n",
                             assessed.asked - assessed.problems.size(), assessed.changed, assessed.unchanged, assessed.problems.size());
    return assessed.problems.empty() ? exit_ok : exit_problem;
}

int run_export(const RegisterOptions& options, const std::string& kind, const std::optional<fs::path>& out, char separator) {
    const ExportResult result = export_kind(options, kind, out, separator);
    if (!result.ok()) return show(result);
    if (!out) std::cout << result.csv;
    return exit_ok;
}

int run_audit_log(const RegisterOptions& options, const std::string& kind, const std::string& key) {
    const AuditLogResult result = audit_log(options, kind, key);
    if (!result.ok()) return show(result);
    for (const auto& e : result.entries) {
        std::cout << fmt::format("{:>6}  {}  {:<12} {:<7} {} {}\n", e.seq, e.at, e.actor, e.action, e.kind, e.key);
        if (!e.on_behalf_of.empty()) std::cout << "        on behalf of: " << e.on_behalf_of << "\n";
        if (!e.before.empty() && e.before != "[]") std::cout << "        before: " << e.before << "\n";
        if (!e.after.empty() && e.after != "[]") std::cout << "        after:  " << e.after << "\n";
    }
    std::cout << fmt::format("{} audit entr{}\n", result.entries.size(), result.entries.size() == 1 ? "y" : "ies");
    return exit_ok;
}

/// The password for `officer password|add`: the first line of standard input, without its line
/// end (a "\r\n" too). On a terminal it is asked for, and not echoed. Nothing when standard input
/// holds no line.
std::optional<std::string> read_password(const std::string& officer) {
    const bool terminal = ::isatty(STDIN_FILENO) == 1;
    termios shown{};
    if (terminal && ::tcgetattr(STDIN_FILENO, &shown) == 0) {
        termios hidden = shown;
        hidden.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &hidden);
        std::cerr << "password for " << escaped_for_terminal(officer) << ": " << std::flush;
    }
    std::string line;
    const bool read = static_cast<bool>(std::getline(std::cin, line));
    if (terminal) {
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &shown);
        std::cerr << "\n";
    }
    if (!read) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

int run_officer_password(const RegisterOptions& options, PasswordRequest request) {
    const std::optional<std::string> password = read_password(request.officer);
    if (!password) {
        std::cerr << fmt::format("error: no password on standard input: expected it as the first line, e.g. `followup officer {} {} < "
                                 "FILE` with the password in FILE; nothing was set\n",
                                 request.first ? "add" : "password", escaped_for_terminal(request.officer));
        return exit_problem;
    }
    request.password = *password;
    return show(set_officer_password(options, request));
}

int run_officer_list(const RegisterOptions& options) {
    const OfficerList result = list_officers(options, std::chrono::system_clock::now());
    if (!result.ok()) return show(result);
    std::size_t with_password = 0;
    for (const OfficerAccount& o : result.officers) {
        std::string boards;
        for (const auto& b : o.boards) boards += (boards.empty() ? "" : ", ") + b;
        std::string account = o.password_set ? "password set " + o.password_changed : "no password";
        if (o.password_set) ++with_password;
        if (o.failed_sign_ins > 0) account += fmt::format("; {} failed sign-in(s) in a row", o.failed_sign_ins);
        if (o.paused_until) account += "; paused until " + *o.paused_until;
        std::cout << escaped_for_terminal(fmt::format("{} ({}): boards {}; {}", o.name, o.id, boards, account)) << "\n";
    }
    std::cout << fmt::format("{} officer(s), {} with a password\n", result.officers.size(), with_password);
    for (const auto& w : result.warnings) std::cerr << "warning: " << escaped_for_terminal(w) << "\n";
    return exit_ok;
}

}  // namespace

void add_register_commands(CLI::App& app, CommandLine& line) {
    struct Given {
        std::string kind, data_file;
        bool dry_run = false, no_assess = false;
        std::optional<std::string> export_out;
        std::string separator = ";";
        std::string audit_kind, audit_key;
        std::string backup_file;
        std::string copy_from, copy_to;
        std::optional<std::string> personal_number, erase_at;
        bool expired = false;
        std::string officer;
        std::optional<std::string> officer_name;
        std::vector<std::string> officer_boards;
        std::string listen = "127.0.0.1:8080";
        bool secure_cookies = false;
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
    auto* audit_verify_cmd = audit->add_subcommand("verify", "Check that no entry and no row was changed behind followup's back");
    line.on_chosen(audit_verify_cmd, [&global] { return show(audit_verify(global.register_options())); });
    auto* audit_reseal_cmd = audit->add_subcommand(
        "reseal",
        "For an administrator only, after checking the trail: seal it as it stands. WARNING: the seal then vouches for "
        "whatever the trail holds now, a rewritten or cut history included; use it only when the sealed heads (or the "
        "key) are lost and cannot be put back from a backup, or for a register from before the trail was sealed. "
        "What `audit verify` reports is listed as accepted");
    line.on_chosen(audit_reseal_cmd, [&global] { return show(audit_reseal(global.register_options())); });
    auto* audit_log_cmd = audit->add_subcommand("log", "Show the audit trail: who changed what, when, before and after");
    audit_log_cmd->add_option("--kind", given->audit_kind, "Only this kind (e.g. assessments, decisions)");
    audit_log_cmd->add_option("--key", given->audit_key, "Only this record (its key, e.g. a follow-up id)");
    line.on_chosen(audit_log_cmd, [given, &global] { return run_audit_log(global.register_options(), given->audit_kind, given->audit_key); });

    auto* backup_cmd = app.add_subcommand("backup", "Copy the register to a new file, safely while others read it");
    backup_cmd->add_option("FILE", given->backup_file, "The new file")->required();
    line.on_chosen(backup_cmd, [given, &global] { return show(backup_register(global.register_options(), given->backup_file)); });
    auto* restore = app.add_subcommand("restore", "Replace the register with a backup (the current one is kept beside it)");
    restore->add_option("FILE", given->backup_file, "The backup")->required();
    line.on_chosen(restore, [given, &global] { return show(restore_register(global.register_options(), given->backup_file)); });

    auto* register_cmd = app.add_subcommand("register", "The register as a whole");
    register_cmd->require_subcommand(1);
    auto* copy_cmd = register_cmd->add_subcommand(
        "copy", "Copy a whole register, rows and audit trail, between an SQLite file and a PostgreSQL database");
    copy_cmd->add_option("--from", given->copy_from, "The register to copy: a file, or postgresql://user@host/dbname")->required();
    copy_cmd->add_option("--to", given->copy_to, "A new file, or an empty PostgreSQL database's URL")->required();
    line.on_chosen(copy_cmd, [given, &global] { return show(copy_register(global.register_options(), given->copy_from, given->copy_to)); });

    auto* officers = app.add_subcommand("officers", "Who works in the register, for which boards, and their passwords for the desk");
    officers->alias("officer");  // the singular reads better before one officer: `followup officer password anna`
    officers->require_subcommand(1);
    auto* officers_sync = officers->add_subcommand(
        "sync", "For the register's owner, on PostgreSQL: write the configuration's [[officers]] and its boards' areas into "
                "the tables the roles' row-level security reads (docs/sql/postgres-roles.sql), so that each officer reads "
                "and writes their own boards' records only");
    line.on_chosen(officers_sync, [&global] { return show(sync_officers(global.register_options())); });
    auto* officer_password = officers->add_subcommand(
        "password", "Set an officer's password for signing in to the desk, read from standard input (its first line; at least 12 "
                    "characters). The register keeps its Argon2id hash; the audit trail records who set it and when");
    officer_password->add_option("ID", given->officer, "The officer's id in the configuration's [[officers]]")->required();
    line.on_chosen(officer_password, [given, &global] {
        PasswordRequest request;
        request.officer = given->officer;
        return run_officer_password(global.register_options(), request);
    });
    auto* officer_add = officers->add_subcommand(
        "add", "Give a configured officer their first password (as `officer password`, refused when they have one)");
    officer_add->add_option("ID", given->officer, "The officer's id in the configuration's [[officers]]")->required();
    officer_add->add_option("--name", given->officer_name, "Their name: must be the configuration's, which is where it is kept");
    officer_add->add_option("--board", given->officer_boards, "Their boards: must be the configuration's, which is where they are kept");
    line.on_chosen(officer_add, [given, &global] {
        PasswordRequest request;
        request.officer = given->officer;
        request.first = true;
        request.name = given->officer_name;
        request.boards = given->officer_boards;
        return run_officer_password(global.register_options(), request);
    });
    auto* officer_list = officers->add_subcommand(
        "list", "Every officer of the configuration: name, id, boards, whether a password is set, and a pause after failed sign-ins");
    line.on_chosen(officer_list, [&global] { return run_officer_list(global.register_options()); });

    auto* serve_cmd = app.add_subcommand(
        "serve", "Serve the officers' desk: signed-in officers see and record their boards' follow-ups in a browser "
                 "(docs/desk.md). Runs until stopped (Ctrl-C, SIGTERM)");
    serve_cmd->add_option("--listen", given->listen, "HOST:PORT to listen on; port 0: any free port, said on standard output")
        ->capture_default_str();
    serve_cmd->add_flag("--secure-cookies", given->secure_cookies,
                        "Mark the session cookie Secure: the desk is reached over TLS (behind a reverse proxy that terminates it); also [desk] secure_cookies = true");
    line.on_chosen(serve_cmd, [given, &global] {
        desk::ServeOptions serve_options{global.register_options(), given->listen, given->secure_cookies};
        const std::vector<std::string> problems = desk::serve(serve_options, [](const std::string& address) {
            std::cout << "serving the desk on " << address << std::endl;  // flushed: a script or a test waits for it
        });
        return problems.empty() ? exit_ok : refuse(problems);
    });

    auto* erase_cmd = app.add_subcommand(
        "erase",
        "Erase personal data (GDPR): a sole trader's personal identity number, on request or past the configured retention. "
        "Its rows keep its token instead, the audit trail (which only ever held the token) still verifies; docs/data.md");
    auto* personal_number = erase_cmd->add_option("--personal-number", given->personal_number,
                                                  "The number to erase: YYMMDD-NNNN or YYYYMMDD-NNNN, with or without the hyphen");
    auto* expired = erase_cmd->add_flag("--expired", given->expired,
                                        "Every number past [register.retention] personal_identity_number_years, counted from the "
                                        "provider's last day in the register; kept while it is authorized or has a case not closed");
    personal_number->excludes(expired);
    erase_cmd->add_option("--at", given->erase_at, "With --expired: the day the retention is counted to (YYYY-MM-DD). Default: today")
        ->needs(expired);
    line.on_chosen(erase_cmd, [given, &global] {
        EraseRequest request{given->personal_number, given->expired, std::nullopt};
        if (given->erase_at) {
            request.at = sdk::parse_date(*given->erase_at);
            if (!request.at) {
                std::cerr << fmt::format("error: --at {}: expected a date YYYY-MM-DD\n", *given->erase_at);
                return exit_usage;
            }
        }
        return show(erase_personal_data(global.register_options(), request));
    });

    for (auto* command : {import_cmd, export_cmd, audit, audit_verify_cmd, audit_reseal_cmd, audit_log_cmd, backup_cmd, restore, register_cmd, copy_cmd,
                          officers, officers_sync, officer_password, officer_add, officer_list, serve_cmd, erase_cmd})
        command->fallthrough();
}

}  // namespace followup::core
