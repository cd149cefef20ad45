#include "cli/exit_codes.hpp"
#include "cli/refusal.hpp"
#include "cli/lifecycle_commands.hpp"
#include "cli/command_line.hpp"

#include <chrono>
#include <iostream>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "app/follow_ups.hpp"
#include "app/letters.hpp"

namespace followup::core {

namespace {

/// What `followup record` was given, as text: parsed here, checked by core/app.
struct RecordArguments {
    std::string id, provider, unit, area, form, done, inspector, scale;
    bool signal = false;
    bool replace = false;               ///< replace a follow-up already recorded under the id
    std::vector<std::string> findings;  ///< CONDITION=LEVEL[:TEXT]
    std::vector<std::string> evidence;  ///< CONDITION:SUBJECT:DOCUMENT[:DATE]
    std::vector<std::string> steps;     ///< STEP=DATE
};

struct DecideArguments {
    std::string follow_up, kind, decided, reference, deadline, reason, legal_ground;
    std::optional<std::string> letter;  ///< write the decision letter into this folder
    bool serious = false;
    bool replace = false;  ///< replace the board's decision of this kind already recorded
};


std::string date_or(const std::optional<sdk::Date>& d, const char* none = "-") { return d ? sdk::format_date(*d) : none; }

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

/// "CONDITION=LEVEL[:TEXT]" → the finding, or the problem.
std::optional<sdk::Finding> parse_finding(const std::string& text, const std::string& scale, std::string& problem) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        problem = fmt::format("--finding \"{}\": expected CONDITION=LEVEL or CONDITION=LEVEL:TEXT", text);
        return std::nullopt;
    }
    const auto colon = text.find(':', eq);
    sdk::Finding f;
    f.condition_id = text.substr(0, eq);
    f.grade = {scale, text.substr(eq + 1, colon == std::string::npos ? std::string::npos : colon - eq - 1)};
    if (colon != std::string::npos) f.text = text.substr(colon + 1);
    f.basis = "besök";
    return f;
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    while (true) {
        const auto at = text.find(separator, from);
        parts.push_back(text.substr(from, at == std::string::npos ? std::string::npos : at - from));
        if (at == std::string::npos) return parts;
        from = at + 1;
    }
}

/// `words[key]`, else the id itself.
std::string word(const std::map<std::string, std::string>& words, const std::string& key, const std::string& id) {
    const auto it = words.find(key);
    return it == words.end() || it->second.empty() ? id : it->second;
}

void print_assessment(const ProposalAndDecision& p, const AssessmentWords& words, std::ostream& out) {
    const sdk::Assessment& a = p.proposal;
    // Names first, with the id a command takes in brackets: "unit Förskolan Bävern [e0014]".
    auto named = [](const std::map<std::string, std::string>& names, const std::string& id) {
        const std::string name = word(names, id, id);
        return name == id ? id : fmt::format("{} [{}]", name, id);
    };
    auto kind = [&](sdk::DecisionKind k) { return named(words.decision_kinds, std::string(sdk::to_string(k))); };
    out << fmt::format("Follow-up {}: {} ({}){}, area {}\n", p.follow_up, p.provider_name, p.provider,
                       p.unit_id.empty() ? "" : ", unit " + named(words.units, p.unit_id), named(words.areas, p.area_id));
    out << fmt::format("  assessed {} by the model of {} ({})\n", sdk::format_date(p.assessed), named(words.boards, p.board_id), p.model);
    out << fmt::format("  deficiencies:      {}\n", a.deficiencies.size());
    // What the model found, in its words (an assessment stored before they were kept has only the
    // count): each condition by its text with its id (what `record --finding` takes), the grade in
    // words, what was found.
    for (const sdk::Finding& d : a.deficiencies)
        if (!d.condition_id.empty())
            out << fmt::format("    {} [{}] — {}{}\n", word(words.conditions, d.condition_id, d.condition_id), d.condition_id,
                               word(words.grades, d.grade.scale_id + "|" + d.grade.level_id, d.grade.level_id),
                               d.text.empty() ? "" : ": " + escaped_for_terminal(d.text));
    out << fmt::format("  proposed decision: {}{}{}\n", kind(a.proposed.kind),
                       a.proposed.serious_maladministration ? " (serious maladministration)" : "",
                       a.proposed.reason.empty() ? "" : " — " + a.proposed.reason);
    if (!a.proposed.legal_ground.empty()) out << fmt::format("  legal ground:      {}\n", a.proposed.legal_ground);
    if (a.proposed.deadline) out << fmt::format("  deadline:          {}\n", sdk::format_date(*a.proposed.deadline));
    if (a.recheck)
        out << fmt::format("  re-check window:   {} to {}\n", sdk::format_date(a.recheck->first), sdk::format_date(a.recheck->last));
    out << fmt::format("  next due:          {}\n", date_or(a.next_due, "no date set by the model"));
    if (!a.risk_category.empty())
        out << fmt::format("  risk category:     {}{}\n", a.risk_category, a.risk_reason.empty() ? "" : " — " + a.risk_reason);
    if (!a.missing_steps.empty()) out << fmt::format("  missing steps:     {}\n", joined(a.missing_steps));
    if (!a.explanation.empty()) out << fmt::format("  explanation:       {}\n", a.explanation);
    if (p.adopted.empty()) {
        out << "  board's decision:  none recorded yet (followup decide)\n";
    } else {
        for (const auto& d : p.adopted)
            out << fmt::format("  board's decision:  {}{} on {}{}{}\n", kind(d.kind),
                               d.serious_maladministration ? " (serious maladministration)" : "", date_or(d.decided),
                               d.reference.empty() ? "" : ", " + d.reference, d.reason.empty() ? "" : " — " + d.reason);
    }
    if (!p.adopted.empty() && p.differs())
        out << fmt::format("  note: the board decided otherwise than the model proposed ({})\n", kind(a.proposed.kind));
}

/// Prints what the models' assessments came to; returns how many could not be assessed.
std::size_t report(const Assessed& assessed, bool details, std::ostream& out) {
    for (const auto& problem : assessed.problems) out << "error: " << problem << "\n";
    if (details)
        for (const auto& p : assessed.shown) print_assessment(p, assessed.words, out);
    if (!details || assessed.asked > 1)
        out << fmt::format("assessed {} follow-up(s): {} stored anew or changed, {} unchanged, {} could not be assessed\n",
                           assessed.asked - assessed.problems.size(), assessed.changed, assessed.unchanged, assessed.problems.size());
    return assessed.problems.size();
}

}  // namespace

namespace {

int run_record(const RegisterOptions& options, const RecordArguments& args) {
    std::vector<std::string> problems;
    RecordRequest request;
    FollowUpEntry& entry = request.entry;
    entry.id = args.id;
    entry.provider = args.provider;
    entry.unit_id = args.unit;
    entry.area_id = args.area;
    entry.form_id = args.form;
    entry.inspector = args.inspector;
    entry.trigger = args.signal ? sdk::Trigger::signal : sdk::Trigger::planned;
    if (auto done = sdk::parse_date(args.done)) entry.done = *done;
    else problems.push_back(fmt::format("--done \"{}\": expected a date YYYY-MM-DD", args.done));
    request.scale = args.scale;
    request.replace = args.replace;
    for (const auto& text : args.findings) {
        std::string problem;
        if (auto f = parse_finding(text, args.scale, problem)) entry.findings.push_back(std::move(*f));
        else problems.push_back(problem);
    }
    for (const auto& text : args.evidence) {
        const auto parts = split(text, ':');
        if (parts.size() < 3 || parts.size() > 4) {
            problems.push_back(fmt::format("--evidence \"{}\": expected CONDITION:SUBJECT:DOCUMENT or CONDITION:SUBJECT:DOCUMENT:DATE", text));
            continue;
        }
        std::optional<sdk::Date> dated;
        if (parts.size() == 4 && !parts[3].empty()) {
            dated = sdk::parse_date(parts[3]);
            if (!dated) problems.push_back(fmt::format("--evidence \"{}\": the date \"{}\" is not YYYY-MM-DD", text, parts[3]));
        }
        entry.evidence.push_back({parts[0], parts[1], parts[2], dated});
    }
    for (const auto& text : args.steps) {
        const auto eq = text.find('=');
        const auto day = eq == std::string::npos ? std::nullopt : sdk::parse_date(text.substr(eq + 1));
        if (!day || eq == 0) {
            problems.push_back(fmt::format("--step \"{}\": expected STEP=YYYY-MM-DD", text));
            continue;
        }
        entry.steps.push_back({text.substr(0, eq), *day});
    }
    if (!problems.empty()) return refuse(problems);
    const RecordResult result = record_follow_up(options, std::move(request));
    if (!result.written) return refuse_unwritten(result);
    for (const auto& line : result.done) std::cout << line << "\n";
    const FollowUpEntry& recorded = result.recorded;
    std::cout << fmt::format("recorded follow-up {} ({} finding(s), {} document(s), {} step(s))\n", recorded.id, recorded.findings.size(),
                             recorded.evidence.size(), recorded.steps.size());
    // The follow-up is on record whatever the model did: a failing model loses nothing, and
    // `followup assess ID --again` asks again.
    const std::size_t failed = report(result.assessed, true, std::cout);
    if (failed > 0) std::cout << fmt::format("the follow-up is recorded; assess it again with: followup assess {} --again\n", recorded.id);
    return failed > 0 ? exit_problem : exit_ok;
}

int run_assess(const RegisterOptions& options, const std::optional<std::string>& what, bool all, const std::optional<std::string>& board,
               bool again) {
    if (all == what.has_value()) {
        std::cerr << "error: expected a follow-up, unit or provider to show, or --all to assess again\n";
        return exit_usage;
    }
    if (again || all) {
        // One follow-up asked again (after its model failed when it was recorded, say), or all.
        const AssessAgainResult result = assess_again(options, {again && what ? what : std::nullopt, board});
        if (stopped_at_opening(result)) return exit_problem;
        for (const auto& w : result.warnings) std::cerr << "error: " << w << "\n";
        return report(result.assessed, what.has_value(), std::cout) > 0 ? exit_problem : exit_ok;
    }
    const AssessmentsShown shown = show_assessments(options, *what);
    if (stopped_at_opening(shown)) return exit_problem;
    if (shown.one_follow_up && !shown.items.front().assessment) {
        std::cout << fmt::format("follow-up {} has no stored assessment; assess it with: followup assess {} --again\n", *what, *what);
        return exit_problem;
    }
    for (const auto& item : shown.items) {
        if (item.assessment) print_assessment(*item.assessment, shown.words, std::cout);
        else std::cout << fmt::format("Follow-up {}: not assessed\n", item.follow_up);
    }
    return exit_ok;
}

int run_letter(const RegisterOptions& options, const LetterRequest& request) {
    const LetterResult result = write_decision_letter(options, request);
    if (stopped_at_opening(result)) return exit_problem;
    for (const auto& file : result.written) std::cout << "wrote " << file.string() << "\n";
    for (const auto& line : result.done) std::cout << line << "\n";
    if (!result.ok()) return show(result);
    return exit_ok;
}

int run_decide(const RegisterOptions& options, const DecideArguments& args) {
    std::vector<std::string> problems;
    DecideRequest request;
    DecisionEntry& entry = request.entry;
    entry.follow_up = args.follow_up;
    request.kind = args.kind;
    request.replace = args.replace;
    entry.decision.decided = sdk::parse_date(args.decided);
    if (!entry.decision.decided) problems.push_back(fmt::format("--decided \"{}\": expected a date YYYY-MM-DD", args.decided));
    if (!args.deadline.empty()) {
        entry.decision.deadline = sdk::parse_date(args.deadline);
        if (!entry.decision.deadline) problems.push_back(fmt::format("--deadline \"{}\": expected a date YYYY-MM-DD", args.deadline));
    }
    entry.decision.serious_maladministration = args.serious;
    entry.decision.reason = args.reason;
    entry.decision.reference = args.reference;
    entry.decision.legal_ground = args.legal_ground;
    if (!problems.empty()) return refuse(problems);
    const DecideResult result = decide(options, std::move(request));
    if (!result.written) return refuse_unwritten(result);
    for (const auto& line : result.done) std::cout << line << "\n";
    std::cout << fmt::format("{} the board's decision on {}: {} ({}{})\n", result.already_recorded ? "already recorded:" : "recorded",
                             args.follow_up, args.kind, sdk::format_date(*entry.decision.decided),
                             args.reference.empty() ? "" : ", " + args.reference);
    if (!result.authorization.empty())
        std::cout << result.authorization << ": the provider leaves the area's list from that day (nothing more planned or due, off the "
                                             "residents' site), and its open deficiency cases in the area close with the authorization\n";
    if (result.assessment) {
        if (result.assessment->differs())
            std::cout << fmt::format("note: the model proposed {}; the board decided {}\n",
                                     sdk::to_string(result.assessment->proposal.proposed.kind), args.kind);
    } else {
        std::cout << "note: the follow-up has no stored assessment to compare with\n";
    }
    if (args.letter) return run_letter(options, {args.follow_up, args.kind, *args.letter, true});
    if (args.kind != "no_action")
        std::cout << fmt::format("the letter to the provider: followup letter {} --kind {} --out FOLDER\n", args.follow_up, args.kind);
    return exit_ok;
}
}  // namespace

void add_lifecycle_commands(CLI::App& app, CommandLine& line) {
    struct Given {
        RecordArguments record;
        std::optional<std::string> assess_what;
        bool assess_all = false, assess_again = false;
        std::string assess_board;
        DecideArguments decide;
        LetterRequest letter;
        std::string letter_kind;
        bool letter_no_pdf = false;
    };
    auto given = std::make_shared<Given>();
    const GlobalOptions& global = line.global;

    auto* record = app.add_subcommand("record", "Record a follow-up with its findings; the board's model assesses it");
    RecordArguments& record_args = given->record;
    record->add_option("--id", record_args.id,
                       "The follow-up's id (a new one, or a planned follow-up's). Default: the planned follow-up of this unit and form "
                       "nearest --done, else a new id from the date, form, area, provider and unit");
    record->add_option("--provider", record_args.provider, "The provider's organisation number")->required();
    record->add_option("--unit", record_args.unit, "The unit followed up: its id, or its whole name when the provider has one unit of that name (empty: the provider as a whole)");
    record->add_option("--area", record_args.area, "The customer-choice area")->required();
    record->add_option("--form", record_args.form, "The form of follow-up, one of the board's")->required();
    record->add_option("--done", record_args.done, "When it was done (YYYY-MM-DD)")->required();
    record->add_option("--inspector", record_args.inspector, "Who did it");
    record->add_flag("--signal", record_args.signal, "Triggered by a signal rather than planned");
    record->add_flag("--replace", record_args.replace,
                     "Replace the follow-up already recorded under this id (every finding, document and step given again)");
    record->add_option("--scale", record_args.scale, "The scale of the grades. Default: the board's");
    record->add_option("--finding", record_args.findings, "CONDITION=LEVEL or CONDITION=LEVEL:TEXT (repeatable)");
    record->add_option("--evidence", record_args.evidence, "CONDITION:SUBJECT:DOCUMENT[:DATE], a document shown (repeatable)");
    record->add_option("--step", record_args.steps, "STEP=DATE, a process step done (repeatable)");
    line.on_chosen(record, [given, &global] { return run_record(global.register_options(), given->record); });

    auto* assess = app.add_subcommand("assess", "Show the board's model's assessment of a follow-up, unit or provider; --all assesses again");
    assess->add_option("WHAT", given->assess_what, "A follow-up id, a unit id or a provider's organisation number");
    assess->add_flag("--all", given->assess_all, "Ask the models again for every done follow-up (after a model or configuration change)");
    assess->add_option("--board", given->assess_board, "With --all: only this board's follow-ups");
    assess->add_flag("--again", given->assess_again, "With a follow-up: ask its board's model again and store the result");
    line.on_chosen(assess, [given, &global] {
        return run_assess(global.register_options(), given->assess_what, given->assess_all,
                          given->assess_board.empty() ? std::nullopt : std::optional<std::string>(given->assess_board),
                          given->assess_again);
    });

    auto* decide = app.add_subcommand("decide", "Record the board's adopted decision on a follow-up (the model only proposes)");
    DecideArguments& decide_args = given->decide;
    decide->add_option("FOLLOW_UP", decide_args.follow_up, "The follow-up decided on")->required();
    decide->add_option("--kind", decide_args.kind, "no_action, pointed_out, remark, injunction, injunction_with_fine or revocation")->required();
    decide->add_option("--decided", decide_args.decided, "When the board decided (YYYY-MM-DD)")->required();
    decide->add_option("--reference", decide_args.reference,
                       "The board's reference (diarienummer); required for a revocation, which also revokes the provider's "
                       "authorization in the follow-up's area from --decided");
    decide->add_option("--deadline", decide_args.deadline, "When the deficiency must be remedied (YYYY-MM-DD)");
    decide->add_flag("--serious", decide_args.serious, "The board judged it a serious maladministration (allvarligt missförhållande)");
    decide->add_option("--reason", decide_args.reason, "The decision's reason");
    decide->add_option("--legal-ground", decide_args.legal_ground, "The rule it rests on");
    decide->add_flag("--replace", decide_args.replace, "Replace the board's decision of this kind already recorded on the follow-up");
    decide->add_option("--letter", decide_args.letter, "Also write the decision letter to the provider into this folder (HTML and PDF)");
    line.on_chosen(decide, [given, &global] { return run_decide(global.register_options(), given->decide); });

    auto* letter = app.add_subcommand("letter", "Write the decision letter to the provider (HTML and PDF): the board's decision on a follow-up");
    letter->add_option("FOLLOW_UP", given->letter.follow_up, "The follow-up decided on")->required();
    std::string* letter_kind = &given->letter_kind;
    letter->add_option("--kind", *letter_kind, "The decision of this kind (default: the board's latest on the follow-up)");
    letter->add_option("--out", given->letter.out, "The folder the letter is written to")->required();
    letter->add_flag("--no-pdf", given->letter_no_pdf, "Write the HTML only");
    line.on_chosen(letter, [given, &global] {
        LetterRequest request = given->letter;
        if (!given->letter_kind.empty()) request.kind = given->letter_kind;
        request.pdf = !given->letter_no_pdf;
        return run_letter(global.register_options(), request);
    });

    for (auto* command : {record, assess, decide, letter}) command->fallthrough();
}

}  // namespace followup::core
