#include "cli/authorization_commands.hpp"

#include <chrono>
#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/refusal.hpp"
#include "cli/session.hpp"
#include "lifecycle/authorization.hpp"
#include "lifecycle/lifecycle.hpp"
#include "store/record_rules.hpp"

namespace followup::core {

namespace {

struct AuthorizationArguments {
    std::string provider, area, date;
    std::vector<std::string> checked;  ///< CONDITION=LEVEL
    std::string action = "grant";      ///< grant, suspend, resume, end, revoke
    /// revoke: the board's decision, on the follow-up whose deficiencies it rests on.
    std::string follow_up, reference, reason, legal_ground;
};

/// A revocation is the board's decision on a follow-up, with its date and diary number: recorded
/// as `followup decide FOLLOW_UP --kind revocation` records it (the same checks, the decision and
/// the authorization's end in one transaction), the provider and area named to be sure they are
/// the follow-up's.
int run_revocation(Session& s, const RegisterOptions& options, const AuthorizationArguments& args, const std::string& org, sdk::Date on) {
    std::vector<std::string> problems;
    if (const auto record = follow_up_record(*s.store, args.follow_up)) {
        if (record->activity.provider != org || record->activity.area_id != args.area)
            problems.push_back(fmt::format("follow-up {} is of provider {} in area {}, not of {} in {}; expected the follow-up the "
                                           "board's revocation decision is on",
                                           args.follow_up, record->activity.provider, record->activity.area_id, org, args.area));
    }
    DecisionEntry entry;
    entry.follow_up = args.follow_up;
    entry.decision.kind = sdk::DecisionKind::revocation;
    entry.decision.decided = on;
    entry.decision.reference = args.reference;
    entry.decision.reason = args.reason;
    entry.decision.legal_ground = args.legal_ground;
    if (problems.empty())
        problems = check_decision(s.config, *s.store, entry, std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
    if (!problems.empty()) return refuse(problems);
    const auto [change, revoked] = write_decision(*s.store, entry, options.actor);
    std::cout << fmt::format("{} the board's decision on {}: revocation ({}, {})\n", change == Change::unchanged ? "already recorded:" : "recorded",
                             entry.follow_up, sdk::format_date(on), entry.decision.reference);
    std::cout << (revoked.empty() ? fmt::format("the authorization of {} in {} was already revoked on {}", org, args.area, sdk::format_date(on))
                                  : revoked)
              << "\n";
    std::cout << "note: the provider leaves the area's list from that day: nothing more is planned or due, it is off the residents' "
                 "site, and its open deficiency cases in the area close with the authorization\n";
    return exit_ok;
}

int run_authorization(const RegisterOptions& options, const AuthorizationArguments& args) {
    auto session = open_session(options, Plugins::none, std::cout);
    if (!session) return exit_problem;
    Session& s = *session;
    std::vector<std::string> problems;
    const auto org = canonical_org_number(args.provider);
    if (!org) problems.push_back(fmt::format("--provider \"{}\": expected an organisation number NNNNNN-NNNN", args.provider));
    const auto on = sdk::parse_date(args.date);
    if (!on) problems.push_back(fmt::format("the date \"{}\": expected YYYY-MM-DD", args.date));
    if (!problems.empty()) return refuse(problems);
    if (args.action == "revoke") return run_revocation(s, options, args, *org, *on);
    if (args.action == "grant") {
        AuthorizationEntry entry{*org, args.area, *on, {}};
        for (const auto& c : args.checked) {
            const auto eq = c.find('=');
            if (eq == std::string::npos || eq == 0) {
                problems.push_back(fmt::format("--checked \"{}\": expected CONDITION=LEVEL", c));
                continue;
            }
            entry.checked.emplace_back(c.substr(0, eq), c.substr(eq + 1));
        }
        if (problems.empty()) problems = check_authorization(s.config, *s.store, entry);
        if (!problems.empty()) return refuse(problems);
        grant_authorization(*s.store, entry, options.actor);
        std::cout << fmt::format("authorized {} in {} from {} ({} condition(s) checked at authorization)\n", *org, args.area, args.date,
                                 entry.checked.size());
        return exit_ok;
    }
    const AuthorizationChange change = args.action == "suspend" ? AuthorizationChange::suspend
                                       : args.action == "resume"  ? AuthorizationChange::resume
                                                                  : AuthorizationChange::end;
    const AuthorizationChangeEntry entry{*org, args.area, change, *on};
    problems = check_authorization_change(*s.store, entry);
    if (!problems.empty()) return refuse(problems);
    std::cout << change_authorization(*s.store, entry, options.actor) << "\n";
    if (change == AuthorizationChange::end)
        std::cout << "note: the provider leaves the area's list on that day (until then it stays in the plan, on the residents' "
                     "site and in status): nothing more is planned or due after it, and its open deficiency cases in the area "
                     "close with the authorization\n";
    return exit_ok;
}

}  // namespace

void add_authorization_commands(CLI::App& app, CommandLine& line) {
    auto* group = app.add_subcommand("authorization", "Authorize, suspend, resume, end or revoke a provider's authorization in an area");
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
}

}  // namespace followup::core
