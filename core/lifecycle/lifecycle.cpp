#include "lifecycle/lifecycle.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "followup/sdk/config_reader.hpp"
#include "store/assessment_rows.hpp"
#include "store/consistency.hpp"
#include "store/rows.hpp"

namespace followup::core {
namespace {

const RecordKind& kind(const char* name) { return *find_record_kind(name); }

std::string date_text(const std::optional<sdk::Date>& d) { return d ? sdk::format_date(*d) : ""; }

bool blank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

bool is_sanction(sdk::DecisionKind k) { return k != sdk::DecisionKind::no_action && k != sdk::DecisionKind::pointed_out; }

std::string trigger_text(sdk::Trigger t) { return std::string(sdk::to_string(t)); }

}  // namespace

std::vector<std::string> check_follow_up(const MunicipalityConfig& config, const Register& store, const FollowUpEntry& e) {
    std::vector<std::string> problems;
    auto problem = [&](std::string text) { problems.push_back(std::move(text)); };
    if (blank(e.id)) problem("the follow-up has no id; expected --id ID (a new id, or the id of a planned follow-up)");
    const auto org = canonical_org_number(e.provider);
    if (!org) {
        problem(fmt::format("provider: found \"{}\"; expected an organisation number NNNNNN-NNNN with a valid check digit", e.provider));
    } else if (!store.contains(kind("providers"), *org)) {
        problem(fmt::format("provider {} is not in the register; expected one imported first (followup import providers)", *org));
    }
    const sdk::Area* area = config.area(e.area_id);
    const BoardSettings* board = area != nullptr ? config.board(area->board_id) : nullptr;
    if (area == nullptr) {
        std::vector<std::string> ids;
        for (const auto& a : config.areas) ids.push_back(a.id);
        problem(fmt::format("area: {}", sdk::not_one_of(e.area_id, ids)));
    } else if (org && store.authorizations(*org, e.area_id).empty()) {
        problem(fmt::format("provider {} has no authorization in area {}; expected an area it is authorized in", *org, e.area_id));
    }
    if (board != nullptr && std::none_of(board->forms.begin(), board->forms.end(), [&](const auto& f) { return f.id == e.form_id; })) {
        std::vector<std::string> ids;
        for (const auto& f : board->forms) ids.push_back(f.id);
        problem(fmt::format("form: {} (the forms of board {})", sdk::not_one_of(e.form_id, ids), board->board.id));
    }
    if (!e.unit_id.empty()) {
        const auto unit = store.find(kind("units"), e.unit_id);
        if (!unit)
            problem(fmt::format("unit {} is not in the register; expected one imported first (followup import units)", e.unit_id));
        else if (org && value_of(kind("units"), *unit, "provider") != *org)
            problem(fmt::format("unit {} belongs to provider {}, not to {}", e.unit_id, value_of(kind("units"), *unit, "provider"), *org));
    }
    if (org && board != nullptr && store.contains(kind("providers"), *org)) {
        // The rules across records, the same as `followup import` applies (store/consistency).
        const RecordKind& k = kind("follow_ups");
        Row row(k.columns.size());
        for (auto [column, value] : {std::pair<std::string_view, std::string>{"id", e.id}, {"provider", *org}, {"unit", e.unit_id},
                                     {"area", e.area_id}, {"form", e.form_id}, {"status", "done"}})
            row[k.column_index(column)] = std::move(value);
        ConsistencyCheck check(config, store);
        for (const auto& [column, message] : check.problems(k, row)) problem(column + ": " + message);
    }
    if (!blank(e.inspector) && org && area != nullptr) {
        const auto inspector = std::find_if(config.inspectors.begin(), config.inspectors.end(),
                                            [&](const Inspector& i) { return i.id == e.inspector; });
        if (inspector == config.inspectors.end()) {
            std::vector<std::string> ids;
            for (const auto& i : config.inspectors) ids.push_back(i.id);
            problem(fmt::format("inspector: {}", sdk::not_one_of(e.inspector, ids)));
        } else if (auto conflict = independence_conflict(config, *inspector, *org, e.area_id, e.unit_id)) {
            problem("inspector: " + *conflict);
        }
    }
    std::set<std::string> conditions;
    for (const auto& f : e.findings) {
        if (blank(f.condition_id)) problem("a finding has no condition; expected CONDITION=LEVEL");
        if (!conditions.insert(f.condition_id).second) problem(fmt::format("condition {} is graded twice; expected one finding per condition", f.condition_id));
        const sdk::GradingScale* scale = config.scales.find(f.grade.scale_id);
        if (scale == nullptr) {
            problem(fmt::format("finding {}: scale \"{}\" is not known; expected the board's scale{}", f.condition_id, f.grade.scale_id,
                                board != nullptr ? " " + board->scale_id : ""));
        } else if (board != nullptr && scale->id() != board->scale_id) {
            // Conditions are graded on the board's condition scale; indicators are compared with
            // their targets by the model, never graded as findings.
            problem(fmt::format("finding {}: graded on scale {}; expected the board's scale {}", f.condition_id, scale->id(),
                                board->scale_id));
        } else if (scale->level(f.grade.level_id) == nullptr) {
            std::vector<std::string> levels;
            for (const auto& l : scale->levels()) levels.push_back(l.id);
            problem(fmt::format("finding {}: grade {} (scale {})", f.condition_id, sdk::not_one_of(f.grade.level_id, levels), scale->id()));
        }
    }
    for (const auto& ev : e.evidence)
        if (blank(ev.condition_id) || blank(ev.subject) || blank(ev.document))
            problem("evidence needs a condition, a subject and a document; expected CONDITION:SUBJECT:DOCUMENT[:DATE]");
    for (const auto& st : e.steps)
        if (blank(st.step)) problem("a process step has no name; expected STEP=DATE");
    if (!blank(e.id))
        if (const auto existing = store.find(kind("follow_ups"), e.id)) {
            const RecordKind& k = kind("follow_ups");
            if (org && (value_of(k, *existing, "provider") != *org || value_of(k, *existing, "area") != e.area_id))
                problem(fmt::format("follow-up {} is already in the register for provider {} in area {}; expected a new id",
                                    e.id, value_of(k, *existing, "provider"), value_of(k, *existing, "area")));
            if (value_of(k, *existing, "status") == "cancelled")
                problem(fmt::format("follow-up {} was cancelled; record what was done under a new id", e.id));
        }
    return problems;
}

void write_follow_up(Register& store, const FollowUpEntry& e, const std::string& actor) {
    const RecordKind& follow_ups = kind("follow_ups");
    const std::string org = canonical_org_number(e.provider).value_or(e.provider);
    const std::string done = sdk::format_date(e.done);
    std::string from = done, to = done, inspector = e.inspector;
    sdk::Trigger trigger = e.trigger;
    if (const auto planned = store.find(follow_ups, e.id)) {  // a planned follow-up keeps its window
        from = value_of(follow_ups, *planned, "planned_from");
        to = value_of(follow_ups, *planned, "planned_to");
        if (inspector.empty()) inspector = value_of(follow_ups, *planned, "inspector");
        if (value_of(follow_ups, *planned, "trigger") == "signal") trigger = sdk::Trigger::signal;
    }
    auto writer = store.begin(actor);
    writer->upsert(follow_ups, row_of(follow_ups, {{"id", e.id}, {"provider", org}, {"unit", e.unit_id}, {"area", e.area_id},
                                                   {"form", e.form_id}, {"planned_from", from}, {"planned_to", to},
                                                   {"done", done}, {"status", "done"}, {"inspector", inspector},
                                                   {"trigger", trigger_text(trigger)}}));
    for (const auto& f : e.findings)
        writer->upsert(kind("findings"), row_of(kind("findings"), {{"follow_up", e.id}, {"condition", f.condition_id},
                                                                   {"scale", f.grade.scale_id}, {"grade", f.grade.level_id},
                                                                   {"text", f.text}, {"basis", f.basis}}));
    for (const auto& ev : e.evidence)
        writer->upsert(kind("evidence"), row_of(kind("evidence"), {{"follow_up", e.id}, {"condition", ev.condition_id},
                                                                   {"subject", ev.subject}, {"document", ev.document},
                                                                   {"dated", date_text(ev.dated)}}));
    for (const auto& st : e.steps)
        writer->upsert(kind("steps"), row_of(kind("steps"), {{"follow_up", e.id}, {"step", st.step}, {"done", sdk::format_date(st.done)}}));
    writer->commit();
}

std::optional<sdk::FollowUpRecord> follow_up_record(const Register& store, const std::string& id) {
    const RecordKind& k = kind("follow_ups");
    const auto row = store.find(k, id);
    if (!row) return std::nullopt;
    sdk::FollowUpRecord record;
    const std::string& status = value_of(k, *row, "status");
    record.activity = {id,
                       value_of(k, *row, "form"),
                       value_of(k, *row, "area"),
                       value_of(k, *row, "provider"),
                       value_of(k, *row, "unit"),
                       {sdk::parse_date(value_of(k, *row, "planned_from")).value_or(sdk::Date{}),
                        sdk::parse_date(value_of(k, *row, "planned_to")).value_or(sdk::Date{})},
                       sdk::parse_date(value_of(k, *row, "done")),
                       status == "done" ? sdk::ActivityStatus::done
                       : status == "cancelled" ? sdk::ActivityStatus::cancelled
                                               : sdk::ActivityStatus::planned,
                       value_of(k, *row, "inspector"),
                       value_of(k, *row, "trigger") == "signal" ? sdk::Trigger::signal : sdk::Trigger::planned};
    const RecordKind& providers = kind("providers");
    if (const auto p = store.find(providers, record.activity.provider))
        record.provider = {record.activity.provider, value_of(providers, *p, "name"),
                           sdk::ownership_from_string(value_of(providers, *p, "ownership")).value_or(sdk::Ownership::private_company)};
    record.findings = store.findings(id);
    const RecordKind& evidence = kind("evidence");
    for (const Row& r : store.rows_where(evidence, "follow_up", id))
        record.evidence.push_back({value_of(evidence, r, "condition"), value_of(evidence, r, "subject"),
                                   value_of(evidence, r, "document"), sdk::parse_date(value_of(evidence, r, "dated"))});
    record.steps = store.steps(id);
    return record;
}

std::vector<AssessOutcome> assess_and_store(const MunicipalityConfig& config, Register& store, const BoardModels& models,
                                            const std::vector<std::string>& ids, const std::string& actor, sdk::Date today) {
    const RecordKind& assessments = kind("assessments");
    const RecordKind& signals = kind("signals");
    const std::size_t assessed_column = assessments.column_index("assessed");
    std::vector<AssessOutcome> outcomes;
    std::vector<Row> to_write;
    std::vector<Row> signal_rows;  // the signals triggered reviews answer
    std::vector<std::size_t> written_outcome;
    // In chunks: each board's model is asked about a chunk's follow-ups at once (one child
    // process for many, when plugins run isolated: host/plugin_host.hpp, assess_each), and a
    // national register's records are never all in memory together.
    constexpr std::size_t chunk = 1024;
    outcomes.reserve(ids.size());
    for (std::size_t start = 0; start < ids.size(); start += chunk) {
        struct Asked {
            std::size_t outcome;
            sdk::FollowUpRecord record;
            const sdk::Area* area;
            const LoadedPlugin* plugin;
        };
        std::vector<Asked> asked;
        std::map<LoadedPlugin*, std::vector<std::size_t>> by_plugin;  // plugin → its entries in `asked`
        for (std::size_t i = start; i < std::min(ids.size(), start + chunk); ++i) {
            const std::string& id = ids[i];
            AssessOutcome& o = outcomes.emplace_back();
            o.follow_up = id;
            auto record = follow_up_record(store, id);
            if (!record) {
                o.problem = fmt::format("there is no follow-up {} in the register", id);
                continue;
            }
            if (record->activity.status != sdk::ActivityStatus::done || !record->activity.done) {
                o.problem = fmt::format("follow-up {} is not done; a model assesses what was followed up (followup record)", id);
                continue;
            }
            const sdk::Area* area = config.area(record->activity.area_id);
            if (area == nullptr) {
                o.problem = fmt::format("follow-up {} is in area {}, which the configuration does not have", id, record->activity.area_id);
                continue;
            }
            o.board_id = area->board_id;
            const auto plugin = models.by_board.find(area->board_id);
            if (plugin == models.by_board.end()) {
                o.problem = fmt::format("board {} has no usable model (run followup validate)", area->board_id);
                continue;
            }
            by_plugin[plugin->second.get()].push_back(asked.size());
            asked.push_back({outcomes.size() - 1, std::move(*record), area, plugin->second.get()});
        }
        for (auto& [plugin, entries] : by_plugin) {
            std::vector<const sdk::FollowUpRecord*> records;
            for (std::size_t e : entries) records.push_back(&asked[e].record);
            auto answers = plugin->assess_each(records);
            for (std::size_t k = 0; k < entries.size(); ++k) {
                AssessOutcome& o = outcomes[asked[entries[k]].outcome];
                o.assessment = std::move(answers[k].assessment);
                if (!o.assessment) o.problem = std::move(answers[k].problem);
            }
        }
        for (const Asked& a : asked) {
            AssessOutcome& o = outcomes[a.outcome];
            if (!o.assessment) continue;
            const std::string& id = o.follow_up;
            const sdk::FollowUpRecord* record = &a.record;
            const sdk::Area* area = a.area;
            for (const sdk::Signal& answered : signals_answered(store, *record, *o.assessment)) {
                Row row = to_row(answered);
                if (store.find(signals, answered.id) != row) signal_rows.push_back(std::move(row));
            }
            Row row = assessment_row({id, area->board_id, a.plugin->id() + " " + a.plugin->version(), today}, *o.assessment);
            // The same judgement assessed again is not a change: keep the row (and its date), audit nothing.
            if (const auto stored = store.find(assessments, id)) {
                Row same = *stored;
                same[assessed_column] = row[assessed_column];
                if (same == row) continue;
                o.change = Change::updated;
            } else {
                o.change = Change::inserted;
            }
            to_write.push_back(std::move(row));
            written_outcome.push_back(a.outcome);
        }
    }
    if (!to_write.empty() || !signal_rows.empty()) {
        auto writer = store.begin(actor);
        for (const Row& row : to_write) writer->upsert(assessments, row);
        for (const Row& row : signal_rows) writer->upsert(signals, row);
        writer->commit();
    }
    return outcomes;
}

std::vector<sdk::Signal> signals_answered(const sdk::RegisterView& view, const sdk::FollowUpRecord& record,
                                          const sdk::Assessment& assessment) {
    const sdk::FollowUpActivity& self = record.activity;
    if (self.trigger != sdk::Trigger::signal || self.status != sdk::ActivityStatus::done || !self.done) return {};
    auto before_self = [&](const sdk::FollowUpActivity& a) {
        return *a.done < *self.done || (*a.done == *self.done && a.id < self.id);
    };
    // The signal-triggered follow-up just before this one answered what came before it.
    std::optional<sdk::Date> previous;
    for (const sdk::FollowUpActivity& a : view.follow_ups(self.provider, self.area_id))
        if (a.trigger == sdk::Trigger::signal && a.status == sdk::ActivityStatus::done && a.done && a.id != self.id && before_self(a) &&
            (!previous || *previous < *a.done))
            previous = a.done;
    const std::size_t n = assessment.deficiencies.size();
    const std::string outcome =
        fmt::format("{} {} {}: {}", self.form_id, self.id, sdk::format_date(*self.done),
                    n > 0 ? fmt::format("{} brist(er); {}", n, sdk::to_string(assessment.proposed.kind)) : "inga brister");
    std::vector<sdk::Signal> answered;
    for (sdk::Signal signal : view.signals(self.provider, self.area_id)) {
        if (*self.done < signal.received || (previous && !(*previous < signal.received))) continue;
        signal.substantiated = n > 0;
        signal.outcome = outcome;
        answered.push_back(std::move(signal));
    }
    return answered;
}

std::vector<std::string> done_follow_ups(const MunicipalityConfig& config, const Register& store, const std::string& board_id) {
    std::set<std::string> areas;
    for (const auto& a : config.areas)
        if (board_id.empty() || a.board_id == board_id) areas.insert(a.id);
    std::vector<std::string> ids;
    store.for_each(kind("follow_ups"), {"id", "area", "status"}, [&](const Row& row) {
        if (row[2] == "done" && areas.count(row[1])) ids.push_back(row[0]);
    });
    return ids;
}

std::vector<std::string> check_decision(const MunicipalityConfig& config, const Register& store, const DecisionEntry& entry) {
    std::vector<std::string> problems;
    const auto record = follow_up_record(store, entry.follow_up);
    if (!record) {
        problems.push_back(fmt::format("there is no follow-up {} in the register", entry.follow_up));
        return problems;
    }
    const sdk::Decision& d = entry.decision;
    if (!d.decided) problems.push_back("the decision has no date; expected --decided YYYY-MM-DD, the day the board decided");
    if (record->activity.status != sdk::ActivityStatus::done)
        problems.push_back(fmt::format("follow-up {} is not done; a board decides on what was followed up", entry.follow_up));
    if (record->provider.ownership == sdk::Ownership::municipal && is_sanction(d.kind))
        problems.push_back(fmt::format("{} is a municipal provider, followed up by insyn: it gets no sanction; expected "
                                       "pointed_out or no_action, found {}",
                                       record->provider.name, sdk::to_string(d.kind)));
    for (const auto& ladder : config.sanction_ladders)
        if (ladder.area_id == record->activity.area_id && is_sanction(d.kind) &&
            std::find(ladder.steps.begin(), ladder.steps.end(), d.kind) == ladder.steps.end()) {
            std::vector<std::string> steps;
            for (auto s : ladder.steps) steps.emplace_back(sdk::to_string(s));
            problems.push_back(fmt::format("{} is not on the sanction ladder of area {}; expected one of: {}", sdk::to_string(d.kind),
                                           record->activity.area_id, fmt::join(steps, ", ")));
        }
    {
        const RecordKind& k = kind("decisions");
        Row row(k.columns.size());
        row[k.column_index("follow_up")] = entry.follow_up;
        row[k.column_index("kind")] = std::string(sdk::to_string(d.kind));
        ConsistencyCheck check(config, store);
        for (const auto& [column, message] : check.problems(k, row)) problems.push_back(message);
    }
    if (d.serious_maladministration && d.kind != sdk::DecisionKind::injunction && d.kind != sdk::DecisionKind::injunction_with_fine &&
        d.kind != sdk::DecisionKind::revocation)
        problems.push_back("only an injunction (or a revocation) can concern a serious maladministration (skollagen 26 kap.)");
    if (d.decided && record->activity.done && *d.decided < *record->activity.done)
        problems.push_back(fmt::format("the decision's date {} is before the follow-up {}", sdk::format_date(*d.decided),
                                       sdk::format_date(*record->activity.done)));
    return problems;
}

Change write_decision(Register& store, const DecisionEntry& entry, const std::string& actor) {
    const RecordKind& k = kind("decisions");
    const sdk::Decision& d = entry.decision;
    auto writer = store.begin(actor);
    const Change change = writer->upsert(
        k, row_of(k, {{"follow_up", entry.follow_up}, {"kind", std::string(sdk::to_string(d.kind))}, {"decided", date_text(d.decided)},
                      {"serious_maladministration", d.serious_maladministration ? "ja" : "nej"}, {"deadline", date_text(d.deadline)},
                      {"reason", d.reason}, {"reference", d.reference}, {"legal_ground", d.legal_ground}}));
    writer->commit();
    return change;
}

bool ProposalAndDecision::differs() const {
    if (adopted.empty()) return proposal.proposed.kind != sdk::DecisionKind::no_action;
    return std::none_of(adopted.begin(), adopted.end(), [&](const sdk::Decision& d) { return d.kind == proposal.proposed.kind; });
}

std::optional<ProposalAndDecision> proposal_and_decision(const Register& store, const std::string& id) {
    const auto row = store.find(kind("assessments"), id);
    const auto record = follow_up_record(store, id);
    if (!row || !record) return std::nullopt;
    ProposalAndDecision out;
    const AssessmentOrigin origin = assessment_origin_from_row(*row);
    out.follow_up = id;
    out.board_id = origin.board_id;
    out.model = origin.model;
    out.assessed = origin.assessed;
    out.area_id = record->activity.area_id;
    out.provider = record->activity.provider;
    out.provider_name = record->provider.name;
    out.unit_id = record->activity.unit_id;
    out.proposal = assessment_from_row(*row);
    out.adopted = store.decisions(id);
    return out;
}

std::vector<std::string> follow_ups_of_unit(const MunicipalityConfig&, const Register& store, const std::string& unit_or_provider) {
    const RecordKind& k = kind("follow_ups");
    const auto org = canonical_org_number(unit_or_provider);
    std::vector<Row> rows = org && store.contains(kind("providers"), *org) ? store.rows_where(k, "provider", *org)
                                                                            : store.rows_where(k, "unit", unit_or_provider);
    std::erase_if(rows, [&](const Row& r) { return value_of(k, r, "status") != "done"; });
    std::stable_sort(rows.begin(), rows.end(), [&](const Row& a, const Row& b) { return value_of(k, a, "done") > value_of(k, b, "done"); });
    std::vector<std::string> ids;
    for (const Row& r : rows) ids.push_back(value_of(k, r, "id"));
    return ids;
}

}  // namespace followup::core
