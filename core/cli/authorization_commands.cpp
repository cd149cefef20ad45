#include "cli/authorization_commands.hpp"

#include <iostream>
#include <memory>

#include <fmt/format.h>

#include "cli/exit_codes.hpp"
#include "cli/session.hpp"
#include "lifecycle/authorization.hpp"

namespace followup::core {

namespace {

struct AuthorizationArguments {
    std::string provider, area, date;
    std::vector<std::string> checked;  ///< CONDITION=LEVEL
    std::string action = "grant";      ///< grant, suspend, resume, end, revoke
};

int run_authorization(const RegisterOptions& options, const AuthorizationArguments& args) {
    auto session = open_session(options, Plugins::none, std::cout);
    if (!session) return exit_problem;
    Session& s = *session;
    std::vector<std::string> problems;
    const auto org = canonical_org_number(args.provider);
    if (!org) problems.push_back(fmt::format("--provider \"{}\": expected an organisation number NNNNNN-NNNN", args.provider));
    const auto on = sdk::parse_date(args.date);
    if (!on) problems.push_back(fmt::format("the date \"{}\": expected YYYY-MM-DD", args.date));
    auto report = [&](const std::vector<std::string>& found) {
        for (const auto& p : found) std::cerr << "error: " << p << "\n";
        std::cerr << fmt::format("{} problem(s); nothing was recorded\n", found.size());
        return exit_problem;
    };
    if (!problems.empty()) return report(problems);
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
        if (!problems.empty()) return report(problems);
        grant_authorization(*s.store, entry, options.actor);
        std::cout << fmt::format("authorized {} in {} from {} ({} condition(s) checked at authorization)\n", *org, args.area, args.date,
                                 entry.checked.size());
        return exit_ok;
    }
    const AuthorizationChange change = args.action == "suspend" ? AuthorizationChange::suspend
                                       : args.action == "resume"  ? AuthorizationChange::resume
                                       : args.action == "revoke"  ? AuthorizationChange::revoke
                                                                  : AuthorizationChange::end;
    const AuthorizationChangeEntry entry{*org, args.area, change, *on};
    problems = check_authorization_change(*s.store, entry);
    if (!problems.empty()) return report(problems);
    std::cout << change_authorization(*s.store, entry, options.actor) << "\n";
    if (change == AuthorizationChange::end || change == AuthorizationChange::revoke)
        std::cout << "note: the provider leaves the area's list: nothing more is planned or due, and its open deficiency cases "
                     "in the area close with the authorization\n";
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
                                   "The last day"},
                            Action{"revoke", "Revoke the authorization (a sanction)", "--ended", "The day it ends"}}) {
        auto args = std::make_shared<AuthorizationArguments>();
        args->action = a.name;
        auto* cmd = group->add_subcommand(a.name, a.help);
        cmd->add_option("--provider", args->provider, "The provider's organisation number")->required();
        cmd->add_option("--area", args->area, "The customer-choice area")->required();
        cmd->add_option(a.date_option, args->date, a.date_help)->required();
        if (std::string(a.name) == "grant")
            cmd->add_option("--checked", args->checked,
                            "CONDITION=LEVEL, a condition the condition-timing table checks at authorization (repeatable)");
        line.on_chosen(cmd, [args, &global] { return run_authorization(global.register_options(), *args); });
    }
}

}  // namespace followup::core
