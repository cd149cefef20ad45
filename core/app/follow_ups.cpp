#include "app/follow_ups.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "app/session.hpp"
#include "lifecycle/lifecycle.hpp"
#include "report/catalogue.hpp"
#include "schedule/planner.hpp"
#include "store/record_rules.hpp"

namespace followup::core {

namespace {

/// The words for the deficiencies the assessments name: the condition's text, the grade's label.
void add_words(const MunicipalityConfig& config, const Register& store, const ProposalAndDecision& p, AssessmentWords& words) {
    // The officer reads names, with the id where a command takes it (docs: issue 32).
    if (!p.unit_id.empty() && !words.units.count(p.unit_id)) {
        const RecordKind& units = *find_record_kind("units");
        if (const auto row = store.find(units, p.unit_id)) words.units[p.unit_id] = value_of(units, *row, "name");
    }
    if (const sdk::Area* area = config.area(p.area_id)) words.areas[p.area_id] = area->name;
    if (const BoardSettings* board = config.board(p.board_id)) words.boards[p.board_id] = board->board.name;
    if (words.decision_kinds.empty()) words.decision_kinds = decision_kind_labels(config.municipality.language);
    for (const sdk::Finding& d : p.proposal.deficiencies) {
        if (d.condition_id.empty()) continue;
        for (const auto& c : config.conditions)
            if (c.id == d.condition_id && (c.area_id.empty() || c.area_id == p.area_id)) words.conditions[c.id] = c.text;
        if (const sdk::GradingScale* scale = config.scales.find(d.grade.scale_id))
            if (const sdk::GradeLevel* level = scale->level(d.grade.level_id))
                words.grades[d.grade.scale_id + "|" + d.grade.level_id] = level->label_sv;
    }
}

/// What assess_and_store did, with each assessed follow-up as stored when `show` is set.
Assessed assessed_from(const MunicipalityConfig& config, const std::vector<AssessOutcome>& outcomes, const Register& store, bool show) {
    Assessed assessed;
    assessed.asked = outcomes.size();
    for (const auto& o : outcomes) {
        if (!o.assessment) {
            assessed.problems.push_back(o.problem);
            continue;
        }
        (o.change == Change::unchanged ? assessed.unchanged : assessed.changed) += 1;
        if (show)
            if (auto p = proposal_and_decision(store, o.follow_up)) {
                add_words(config, store, *p, assessed.words);
                assessed.shown.push_back(std::move(*p));
            }
    }
    return assessed;
}

}  // namespace

Assessed assess_imported(const MunicipalityConfig& config, Register& store, const BoardModels& models,
                         const std::vector<std::string>& follow_up_ids, const std::string& actor) {
    std::vector<std::string> done;
    const RecordKind& k = *find_record_kind("follow_ups");
    for (const auto& id : follow_up_ids)
        if (const auto row = store.find(k, id); row && value_of(k, *row, "status") == "done") done.push_back(id);
    if (done.empty()) return {};
    return assessed_from(config, assess_and_store(config, store, models, done, actor, today()), store, false);
}

RecordResult record_follow_up(const RegisterOptions& options, RecordRequest request) {
    RecordResult result;
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    Session& s = *session;
    FollowUpEntry& entry = request.entry;
    // --unit takes the unit's id (what the plan shows beside its name) or its name, when the
    // provider has one unit of that name: an inspector back from a visit knows the name.
    if (!entry.unit_id.empty()) {
        const std::vector<sdk::Unit> units = s.view->units_of(entry.provider);
        auto folded = [](std::string text) {
            std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            return text;
        };
        if (std::none_of(units.begin(), units.end(), [&](const sdk::Unit& u) { return u.id == entry.unit_id; })) {
            std::vector<const sdk::Unit*> same, like;
            for (const auto& u : units) {
                if (folded(u.name) == folded(entry.unit_id)) same.push_back(&u);
                else if (folded(u.name).find(folded(entry.unit_id)) != std::string::npos) like.push_back(&u);
            }
            auto listed = [](const std::vector<const sdk::Unit*>& list) {
                std::string text;
                for (const auto* u : list) text += fmt::format("{}{} ({}, {})", text.empty() ? "" : "; ", u->id, u->name, u->address);
                return text;
            };
            if (same.size() == 1) entry.unit_id = same.front()->id;
            else if (same.size() > 1 || !like.empty()) {
                result.problems.push_back(fmt::format("--unit: '{}' is not one of provider {}'s units by id or by its whole name; {}: {}; give the id",
                                                      entry.unit_id, entry.provider, same.size() > 1 ? "several have that name" : "units named like it",
                                                      listed(same.size() > 1 ? same : like)));
                return result;
            }
        }
    }
    if (entry.id.empty()) {
        // The same visit recorded again (to add a step or a finding) is not another planned
        // follow-up done: it would silently use one up. The officer names the one to change.
        for (const sdk::FollowUpActivity& a : s.view->follow_ups(entry.provider, entry.area_id))
            if (a.status == sdk::ActivityStatus::done && a.form_id == entry.form_id && a.unit_id == entry.unit_id && a.done == entry.done) {
                result.problems.push_back(fmt::format("a follow-up of this {} and form done on {} is already recorded: {}; to change it, "
                                                      "record --id {} --replace with everything it holds",
                                                      entry.unit_id.empty() ? "provider" : "unit", sdk::format_date(entry.done), a.id, a.id));
                return result;
            }
        // The officer names the unit and the form, as the plan shows them: the planned follow-up
        // nearest the day is the one done, else a new one gets an id from what was given.
        if (const auto planned = planned_follow_up_for(*s.store, entry.provider, entry.area_id, entry.form_id, entry.unit_id, entry.done))
            entry.id = *planned;
        else
            entry.id = fmt::format("{}-{}-{}-{}{}", sdk::format_date(entry.done), entry.form_id, entry.area_id, entry.provider,
                                   entry.unit_id.empty() ? "" : "-" + entry.unit_id);
    }
    std::string scale = request.scale;
    if (scale.empty())
        if (const sdk::Area* area = s.config.area(entry.area_id))
            if (const BoardSettings* board = s.config.board(area->board_id)) scale = board->scale_id;
    for (sdk::Finding& f : entry.findings) {
        f.activity_id = entry.id;
        if (f.grade.scale_id.empty()) f.grade.scale_id = scale;
    }
    const RecordOutcome outcome = record_follow_up(s.config, *s.store, *s.view, s.models, entry, options.actor, today(), request.replace);
    if (!outcome.written) {
        result.problems = outcome.problems;
        return result;
    }
    result.written = true;
    result.recorded = entry;
    // The follow-up is on record whatever the model did: a failing model loses nothing, and
    // assess_again asks again.
    result.assessed = assessed_from(s.config, {outcome.assessment}, *s.store, true);
    return result;
}

AssessAgainResult assess_again(const RegisterOptions& options, const AssessAgainRequest& request) {
    AssessAgainResult result;
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    Session& s = *session;
    if (request.follow_up) {
        // One follow-up, asked again (after its model failed when it was recorded, say).
        result.assessed = assessed_from(s.config, assess_and_store(s.config, *s.store, s.models, {*request.follow_up}, options.actor, today()),
                                        *s.store, true);
        return result;
    }
    if (request.board && s.config.board(*request.board) == nullptr) {
        result.problems.push_back(fmt::format("no board '{}' in the configuration", *request.board));
        return result;
    }
    for (const auto& [id, why] : s.plugin_problems)
        if (!request.board || *request.board == id) result.warnings.push_back(fmt::format("board {}: {}", id, why));
    const auto ids = done_follow_ups(s.config, *s.store, request.board.value_or(""));
    result.assessed = assessed_from(s.config, assess_and_store(s.config, *s.store, s.models, ids, options.actor, today()), *s.store, false);
    return result;
}

AssessmentsShown show_assessments(const RegisterOptions& options, const std::string& what) {
    AssessmentsShown result;
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    Session& s = *session;
    if (auto p = proposal_and_decision(*s.store, what)) {
        add_words(s.config, *s.store, *p, result.words);
        result.one_follow_up = true;
        result.items.push_back({what, std::move(p)});
        return result;
    }
    if (follow_up_record(*s.store, what)) {
        result.one_follow_up = true;
        result.items.push_back({what, std::nullopt});
        return result;
    }
    const auto ids = follow_ups_of_unit(s.config, *s.store, what);
    if (ids.empty()) {
        result.problems.push_back(
            fmt::format("\"{}\" is not a follow-up, a unit or a provider with done follow-ups in the register", what));
        return result;
    }
    for (const auto& id : ids) {
        result.items.push_back({id, proposal_and_decision(*s.store, id)});
        if (result.items.back().assessment) add_words(s.config, *s.store, *result.items.back().assessment, result.words);
    }
    return result;
}

DecideResult decide(const RegisterOptions& options, DecideRequest request) {
    DecideResult result;
    auto session = open_session(options, Plugins::none, result);
    if (!session) return result;
    Session& s = *session;
    DecisionEntry& entry = request.entry;
    std::string kind_text = request.kind;
    if (std::string problem = check_column_value(*find_record_kind("decisions"), "kind", kind_text); !problem.empty())
        result.problems.push_back("kind: " + problem);  // the words `followup import` uses for the kind column
    else if (auto kind = sdk::decision_kind_from_string(kind_text))
        entry.decision.kind = *kind;
    if (!result.problems.empty()) return result;
    result.problems = check_decision(s.config, *s.store, entry, today(), request.replace);
    if (!result.problems.empty()) return result;
    const auto [change, revoked] = write_decision(*s.store, entry, options.actor);
    result.written = true;
    result.already_recorded = change == Change::unchanged;
    result.authorization = revoked;
    result.assessment = proposal_and_decision(*s.store, entry.follow_up);
    return result;
}

}  // namespace followup::core
