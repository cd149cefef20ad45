#include "cli/schedule_commands.hpp"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/planning.hpp"
#include "cli/command_line.hpp"
#include "cli/exit_codes.hpp"
#include "cli/refusal.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {

sdk::Date today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

/// Each condition owed a check: when, what, whose, why, and how late at `at` when it is.
void print_condition_checks(std::ostream& out, const std::vector<ConditionCheckDue>& checks, const std::map<std::string, std::string>& names,
                            sdk::Date at, const std::string& heading) {
    out << heading;
    auto name = [&](const std::string& id) {
        const auto it = names.find(id);
        return it == names.end() ? id : it->second;
    };
    for (const auto& c : checks) {
        const long late = (std::chrono::sys_days{at} - std::chrono::sys_days{c.due}).count();
        out << fmt::format("  {}  {} [{}] ({}), {} [{}]: {} [{}]; {}; {}{}\n", sdk::format_date(c.due), name(c.provider), c.provider,
                           c.occasion == "signal" ? "signal " + c.signal : "yearly", name(c.area_id), c.area_id,
                           name("condition:" + c.condition_id), c.condition_id,
                           c.last_checked ? "last checked " + sdk::format_date(*c.last_checked) : "never checked",
                           late > 0 ? fmt::format("{} days late", late) : "due", "");
    }
}

struct PlanOptions {
    bool dry_run = false;                  ///< print the plan, write nothing to the register
    std::optional<std::string> inspector;  ///< the inspector's own export: their visits, unannounced dates included
};

int run_plan(const RegisterOptions& options, int year, const std::optional<std::string>& board, const std::string& format,
             const std::optional<fs::path>& out, const PlanOptions& plan_options) {
    PlanRequest request{year, board, PlanFormat::table, out, plan_options.dry_run, plan_options.inspector};
    if (format == "ics") request.format = PlanFormat::ics;
    else if (format == "csv") request.format = PlanFormat::csv;
    else if (format == "json") request.format = PlanFormat::json;
    const PlanResult result = plan_year(options, request);
    if (!result.ok()) return show(result);
    for (const auto& line : result.done) std::cout << line << "\n";
    for (const auto& failure : result.board_failures) std::cerr << "error: " << failure << "\n";
    if (!out) std::cout << result.text;
    std::ostream& summary = out ? std::cout : std::cerr;
    if (plan_options.dry_run)
        summary << fmt::format("plan {} (dry run: nothing written to the register): {} follow-ups, {} visits, {} assigned to inspectors{}\n",
                               year, result.follow_ups, result.visits, result.assigned,
                               out ? fmt::format("; {} written to '{}'", format, out->string()) : "");
    else
        summary << fmt::format("plan {}: {} follow-ups, {} visits, {} assigned to inspectors; {} written to the register, {} "
                               "earlier planned ones cancelled{}\n",
                               year, result.follow_ups, result.visits, result.assigned, result.written, result.cancelled,
                               out ? fmt::format("; {} written to '{}'", format, out->string()) : "");
    // The month-by-month demand against capacity: in the table itself, else beside the file.
    if (format != "table") summary << "\n" << result.month_table << "\n";
    for (const auto& w : result.warnings) summary << "warning: " << w << "\n";
    // The list in the table a person reads; beside a file for another program, only how many.
    if (format != "table")
        summary << fmt::format("{} authorization condition(s) owed a check by the end of {} (yearly and signal checks): "
                               "`followup plan --year {} --dry-run` lists them\n",
                               result.condition_checks.size(), year, year);
    else
        print_condition_checks(summary, result.condition_checks, result.names, sdk::Date{std::chrono::year{year} / 1 / 1},
                           fmt::format("\nAuthorization conditions owed a check by the end of {} (the condition-timing table's yearly and "
                                       "signal checks; not visits: record each with `followup authorization check`): {}\n",
                                       year, result.condition_checks.size()));
    return result.board_failures.empty() ? exit_ok : exit_problem;
}

int run_status(const RegisterOptions& options, const std::optional<std::string>& at_text, bool all_units,
               const std::optional<std::string>& only_unit, const std::optional<std::string>& provider) {
    sdk::Date at = today();
    if (at_text) {
        auto parsed = sdk::parse_date(*at_text);
        if (!parsed) {
            std::cerr << fmt::format("error: --at {}: expected a date YYYY-MM-DD\n", *at_text);
            return exit_problem;
        }
        at = *parsed;
    }
    const bool one = only_unit || provider;
    const StatusResult result = one ? status_of(options, at, only_unit, provider) : status_at(options, at, all_units);
    if (stopped_at_opening(result)) return exit_problem;
    if (!result.ok()) return show(result);
    const Status& status = result.status;
    // Names, with the id a command takes in brackets: "Förskolan Bävern [e0014]".
    auto named = [&](const std::string& id) {
        const auto it = result.names.find(id);
        return it == result.names.end() || it->second.empty() || it->second == id ? id : fmt::format("{} [{}]", it->second, id);
    };
    auto unit = [&](const std::string& id) { return id.empty() ? std::string() : ", unit " + named(id); };
    auto days_late = [&](const sdk::Date& d) {
        return (std::chrono::sys_days{at} - std::chrono::sys_days{d}).count();
    };
    if (one) {
        // Whose status: the unit by name, with its provider, or the provider.
        const std::string who = only_unit ? fmt::format("unit {}", named(result.unit_id)) : fmt::format("provider {} ({})", result.provider_name, result.provider);
        std::cout << fmt::format("Status of {} at {}\n\n", who, sdk::format_date(at));
    } else {
        std::cout << fmt::format("Status at {}\n\n", sdk::format_date(at));
    }
    std::cout << fmt::format("Overdue follow-ups (planned, not done by their date): {}\n", status.overdue.size());
    for (const auto& o : status.overdue)
        std::cout << fmt::format("  {}  {}, {}: {} ({}){}  [{} days late, {}]\n", sdk::format_date(o.activity.planned.last),
                                 named(o.activity.form_id), named(o.activity.area_id), o.provider_name, o.activity.provider,
                                 unit(o.activity.unit_id), days_late(o.activity.planned.last),
                                 o.activity.id);
    std::cout << fmt::format("\nUnits past the due date their board's model set (no follow-up since): {}\n",
                             std::count_if(status.overdue_units.begin(), status.overdue_units.end(), [](const auto& u) { return !u.deficient; }));
    for (const auto& u : status.overdue_units) {
        if (u.deficient) continue;  // a re-check: listed with the open cases below
        std::cout << fmt::format("  {}  {}: {} ({}){}  [{} days late; set by the assessment of {}{}]\n", sdk::format_date(u.next_due),
                                 named(u.area_id), u.provider_name, u.provider, unit(u.unit_id),
                                 days_late(u.next_due), u.assessed_follow_up,
                                 u.risk_category.empty() ? "" : "; risk " + u.risk_category + (u.risk_reason.empty() ? "" : ": " + u.risk_reason));
    }
    if (all_units || one) {
        std::cout << fmt::format("\nEvery unit's next follow-up, as its board's model set it: {}\n", status.units.size());
        for (const auto& u : status.units)
            std::cout << fmt::format("  {}  {}, {}: {} ({}){}{}{}\n", sdk::format_date(u.next_due), named(u.board_id), named(u.area_id),
                                     u.provider_name, u.provider, unit(u.unit_id),
                                     u.deficient ? "  [re-check]" : "",
                                     u.risk_category.empty() ? "" : "  [risk " + u.risk_category + (u.risk_reason.empty() ? "" : ": " + u.risk_reason) + "]");
    }
    std::cout << fmt::format("\nOpen deficiency cases past their re-check date or deadline: {}\n", status.overdue_cases.size());
    for (const auto& c : status.overdue_cases) {
        std::string decision = "no decision recorded";
        if (c.latest_decision)
            decision = fmt::format("latest decision {}{}", named(std::string(sdk::to_string(c.latest_decision->kind))),
                                   c.latest_decision->deadline ? ", deadline " + sdk::format_date(*c.latest_decision->deadline) : "");
        std::cout << fmt::format("  {} ({}){}, {}: opened {}, last deficient {}, re-check due {} ({} days late; {}); {}\n",
                                 c.provider_name, c.provider, unit(c.unit_id), named(c.area_id),
                                 sdk::format_date(c.opened), sdk::format_date(c.last_deficient), sdk::format_date(c.recheck_due),
                                 std::max<long>(0, static_cast<long>(days_late(c.recheck_due))),
                                 c.recheck_from_model ? "window set by the board's model" : "not assessed: the [[schedule]] default",
                                 decision);
        for (const auto& text : c.open_model_texts()) std::cout << "      the board's model found: " << escaped_for_terminal(text) << "\n";
    }
    std::cout << fmt::format("\nRemedied, awaiting a recorded closing (followup case close): {}\n", status.awaiting_closure.size());
    for (const auto& c : status.awaiting_closure)
        std::cout << fmt::format("  {} ({}){}, {}: opened {}, remedied {} by follow-up {}\n", c.provider_name, c.provider, unit(c.unit_id),
                                 named(c.area_id), sdk::format_date(c.opened), sdk::format_date(*c.remedied_on), *c.remedied_by);
    print_condition_checks(std::cout, result.condition_checks, result.names, at,
                           fmt::format("\nAuthorization conditions owed a check, yearly or on a substantiated signal, by {} "
                                       "(`followup authorization check`): {}\n",
                                       sdk::format_date(at), result.condition_checks.size()));
    return exit_ok;
}

int run_close_case(const RegisterOptions& options, const std::string& follow_up, const std::string& basis,
                   const std::string& reason, const std::optional<std::string>& on_text) {
    sdk::Date on = today();
    if (on_text) {
        auto parsed = sdk::parse_date(*on_text);
        if (!parsed) {
            std::cerr << fmt::format("error: --date {}: expected a date YYYY-MM-DD\n", *on_text);
            return exit_problem;
        }
        on = *parsed;
    }
    const CloseCaseResult result = close_deficiency_case(options, {follow_up, basis, reason, on});
    // A refusal is an error: on standard error, escaped, as every command's refusals.
    if (!result.ok()) return show(result);
    for (const auto& line : result.done) std::cout << line << "\n";
    std::cout << escaped_for_terminal(result.closing.message) << "\n";
    return exit_ok;
}

}  // namespace

void add_schedule_commands(CLI::App& app, CommandLine& line) {
    struct Given {
        int year = 0;
        std::optional<std::string> board, at, status_unit, status_provider;
        std::string format = "table";
        std::optional<std::string> plan_out;
        PlanOptions plan_options;
        bool status_units = false;
        std::string follow_up, basis, reason;
    };
    auto given = std::make_shared<Given>();
    const GlobalOptions& global = line.global;

    auto* plan = app.add_subcommand("plan", "Plan the year's follow-ups: ask each board's plugin, date and assign them, write them to the register");
    plan->add_option("--year", given->year, "The year to plan (1990 to 2100)")->required();
    plan->add_option("--board", given->board, "Only this board");
    plan->add_option("--format", given->format, "table (default), ics, csv or json")->check(CLI::IsMember({"table", "ics", "csv", "json"}));
    plan->add_option("--out", given->plan_out, "Write the plan to this file instead of standard output");
    plan->add_flag("--dry-run", given->plan_options.dry_run, "Show what the plan would be; write nothing to the register");
    plan->add_option("--inspector", given->plan_options.inspector,
                     "The inspector's own export: only their follow-ups, with the dates of unannounced visits");
    line.on_chosen(plan, [given, &global] {
        return run_plan(global.register_options(), given->year, given->board, given->format,
                        given->plan_out ? std::optional<fs::path>(*given->plan_out) : std::nullopt, given->plan_options);
    });

    auto* status = app.add_subcommand("status", "Overdue follow-ups, open cases past their deadline, cases awaiting closing");
    status->add_option("--at", given->at, "The day to look from (YYYY-MM-DD). Default: today");
    status->add_flag("--units", given->status_units, "Also list every unit's next due date and risk category, as the models set them");
    status->add_option("--unit", given->status_unit,
                       "Only this unit: its id, or its whole name; its follow-ups, its due date and its cases, and those of its provider as a whole");
    status->add_option("--provider", given->status_provider, "Only this provider (organisation number): all its units, in every area");
    line.on_chosen(status, [given, &global] {
        return run_status(global.register_options(), given->at, given->status_units, given->status_unit, given->status_provider);
    });

    auto* case_cmd = app.add_subcommand("case", "Deficiency cases");
    case_cmd->require_subcommand(1);
    auto* close = case_cmd->add_subcommand("close", "Close the case a re-check found remedied, on a recorded basis");
    close->add_option("FOLLOW_UP", given->follow_up, "The id of the re-check that found no deficiency")->required();
    close->add_option("--basis", given->basis, "visit or document (the provider's statement alone never closes a case)")->required();
    close->add_option("--reason", given->reason, "Why the deficiencies are considered remedied")->required();
    close->add_option("--date", given->at, "When the case is closed (YYYY-MM-DD). Default: today");
    line.on_chosen(close, [given, &global] {
        return run_close_case(global.register_options(), given->follow_up, given->basis, given->reason, given->at);
    });

    for (auto* command : {plan, status, case_cmd, close}) command->fallthrough();
}

}  // namespace followup::core
