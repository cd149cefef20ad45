#include "cli/authorization_commands.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "app/authorizations.hpp"
#include "cli/exit_codes.hpp"
#include "cli/refusal.hpp"

namespace followup::core {

namespace {

struct AuthorizationArguments {
    std::string provider, area, date;
    std::vector<std::string> checked;  ///< CONDITION=LEVEL
    std::string action = "grant";      ///< grant, suspend, resume, end, revoke
    /// revoke: the board's decision, on the follow-up whose deficiencies it rests on.
    std::string follow_up, reference, reason, legal_ground;
    std::string signal, note;  ///< check: the signal that called for it; what it rests on
};

/// CONDITION=LEVEL pairs as typed; a malformed one is a problem.
std::vector<std::pair<std::string, std::string>> condition_grades(const std::vector<std::string>& typed, std::vector<std::string>& problems) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& c : typed) {
        const auto eq = c.find('=');
        if (eq == std::string::npos || eq == 0) {
            problems.push_back(fmt::format("--checked \"{}\": expected CONDITION=LEVEL", c));
            continue;
        }
        out.emplace_back(c.substr(0, eq), c.substr(eq + 1));
    }
    return out;
}

int run_condition_check(const RegisterOptions& options, const AuthorizationArguments& args) {
    std::vector<std::string> problems;
    ConditionCheckRequest request;
    request.provider = args.provider;
    request.area_id = args.area;
    if (const auto on = sdk::parse_date(args.date)) request.on = *on;
    else problems.push_back(fmt::format("--on \"{}\": expected YYYY-MM-DD", args.date));
    request.checked = condition_grades(args.checked, problems);
    request.signal = args.signal;
    request.note = args.note;
    if (!problems.empty()) return refuse(problems);
    const AuthorizationResult result = record_condition_check(options, request);
    if (!result.written) return refuse_unwritten(result);
    return show(result);
}

int run_authorization(const RegisterOptions& options, const AuthorizationArguments& args) {
    std::vector<std::string> problems;
    AuthorizationRequest request;
    request.grant = args.action == "grant";
    request.change = args.action == "suspend"  ? AuthorizationChange::suspend
                     : args.action == "resume" ? AuthorizationChange::resume
                     : args.action == "revoke" ? AuthorizationChange::revoke
                                               : AuthorizationChange::end;
    request.provider = args.provider;
    request.area_id = args.area;
    if (const auto on = sdk::parse_date(args.date)) request.on = *on;
    else problems.push_back(fmt::format("the date \"{}\": expected YYYY-MM-DD", args.date));
    request.checked = condition_grades(args.checked, problems);
    request.follow_up = args.follow_up;
    request.reference = args.reference;
    request.reason = args.reason;
    request.legal_ground = args.legal_ground;
    if (!problems.empty()) return refuse(problems);
    const AuthorizationResult result = record_authorization(options, request);
    if (!result.written) return refuse_unwritten(result);
    return show(result);
}

}  // namespace

void add_authorization_commands(CLI::App& app, CommandLine& line) {
    auto* group = app.add_subcommand("authorization", "Authorize, suspend, resume, end or revoke a provider's authorization in an area; check its conditions");
    group->require_subcommand(1);
    const GlobalOptions& global = line.global;
    struct Action {
        const char* name;
        const char* help;
        const char* date_option;
        const char* date_help;
    };
    for (const Action& a : {Action{"grant", "Authorize a provider in an area: the conditions due at authorization checked and met",
                                   "--granted", "When the authorization takes effect (the decision's date)"},
                            Action{"suspend", "Suspend an authorization in force", "--on", "From when"},
                            Action{"resume", "Lift a suspension", "--on", "From when"},
                            Action{"end", "De-authorize: the provider leaves the area (its own wish, a contract's end)", "--ended",
                                   "The day it ends: the provider is off the area's list, the plan and the residents' site from "
                                   "that day (a day to come leaves it on them until then)"},
                            Action{"revoke",
                                   "Revoke the authorization (a sanction): the board's revocation decision on a follow-up, recorded "
                                   "with its date and diary number as `followup decide FOLLOW_UP --kind revocation` records it, "
                                   "which ends the authorization from that day in the same transaction",
                                   "--decided", "The day the board decided; the authorization ends that day"}}) {
        auto args = std::make_shared<AuthorizationArguments>();
        args->action = a.name;
        auto* cmd = group->add_subcommand(a.name, a.help);
        cmd->add_option("--provider", args->provider, "The provider's organisation number")->required();
        cmd->add_option("--area", args->area, "The customer-choice area")->required();
        cmd->add_option(a.date_option, args->date, a.date_help)->required();
        if (std::string(a.name) == "grant")
            cmd->add_option("--checked", args->checked,
                            "CONDITION=LEVEL, a condition the condition-timing table checks at authorization (repeatable)");
        if (std::string(a.name) == "revoke") {
            cmd->add_option("--follow-up", args->follow_up, "The follow-up the board's decision is on (its deficiencies are the ground)")
                ->required();
            cmd->add_option("--reference", args->reference, "The decision's diary number (diarienummer)")->required();
            cmd->add_option("--reason", args->reason, "The decision's reason");
            cmd->add_option("--legal-ground", args->legal_ground, "The rule it rests on");
        }
        line.on_chosen(cmd, [args, &global] { return run_authorization(global.register_options(), *args); });
    }
    // The conditions the timing table checks every year, or on a signal, of a provider already
    // authorized: recorded as checked, each graded, with what the check rests on.
    auto args = std::make_shared<AuthorizationArguments>();
    auto* check = group->add_subcommand("check", "Record the yearly check of an authorized provider's conditions, or the check a signal "
                                                 "called for (the condition-timing table's `annually` and `signal`)");
    check->add_option("--provider", args->provider, "The provider's organisation number")->required();
    check->add_option("--area", args->area, "The customer-choice area")->required();
    check->add_option("--on", args->date, "When the conditions were checked")->required();
    check->add_option("--checked", args->checked, "CONDITION=LEVEL, each condition checked and its grade on the board's scale (repeatable)")
        ->required();
    check->add_option("--signal", args->signal, "The signal that called for the check (its conditions are the table's `signal` ones); "
                                                "without it, the yearly check");
    check->add_option("--note", args->note, "What the check rests on, e.g. \"Skatteverket 2025-03-02; Bolagsverket 2025-03-02\"");
    line.on_chosen(check, [args, &global] { return run_condition_check(global.register_options(), *args); });
}

}  // namespace followup::core
