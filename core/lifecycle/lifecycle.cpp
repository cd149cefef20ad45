#include "lifecycle/lifecycle.hpp"

#include <algorithm>
#include <functional>
#include <iterator>
#include <memory>
#include <map>
#include <set>

#include <fmt/format.h>

#include "followup/sdk/config_reader.hpp"
#include "lifecycle/authorization.hpp"
#include "store/assessment_rows.hpp"
#include "store/consistency.hpp"
#include "store/record_rules.hpp"
#include "store/rows.hpp"

namespace followup::core {
namespace {

const RecordKind& kind(const char* name) { return *find_record_kind(name); }

std::string date_text(const std::optional<sdk::Date>& d) { return d ? sdk::format_date(*d) : ""; }

bool blank(const std::string& s) { return s.find_first_not_of(" \t") == std::string::npos; }

bool is_sanction(sdk::DecisionKind k) { return k != sdk::DecisionKind::no_action && k != sdk::DecisionKind::pointed_out; }

std::string trigger_text(sdk::Trigger t) { return std::string(sdk::to_string(t)); }

}  // namespace

FollowUpRows follow_up_rows(const Register& store, const FollowUpEntry& e) {
    const RecordKind& follow_ups = kind("follow_ups");
    FollowUpRows rows;
    const std::string done = sdk::format_date(e.done);
    std::string from = done, to = done, inspector = e.inspector;
    sdk::Trigger trigger = e.trigger;
    if (const auto planned = store.find(follow_ups, e.id); planned && value_of(follow_ups, *planned, "status") == "planned") {
        // A planned follow-up keeps its window, its inspector and what triggered it.
        from = value_of(follow_ups, *planned, "planned_from");
        to = value_of(follow_ups, *planned, "planned_to");
        if (inspector.empty()) inspector = value_of(follow_ups, *planned, "inspector");
        if (value_of(follow_ups, *planned, "trigger") == "signal") trigger = sdk::Trigger::signal;
    }
    rows.follow_up = row_of(follow_ups, {{"id", e.id}, {"provider", e.provider}, {"unit", e.unit_id}, {"area", e.area_id},
                                         {"form", e.form_id}, {"planned_from", from}, {"planned_to", to}, {"done", done},
                                         {"status", "done"}, {"inspector", inspector}, {"trigger", trigger_text(trigger)}});
    for (const auto& f : e.findings)
        rows.findings.push_back(row_of(kind("findings"), {{"follow_up", e.id}, {"condition", f.condition_id},
                                                          {"scale", f.grade.scale_id}, {"grade", f.grade.level_id},
                                                          {"text", f.text}, {"basis", f.basis}}));
    for (const auto& ev : e.evidence)
        rows.evidence.push_back(row_of(kind("evidence"), {{"follow_up", e.id}, {"condition", ev.condition_id},
                                                          {"subject", ev.subject}, {"document", ev.document},
                                                          {"dated", date_text(ev.dated)}}));
    for (const auto& st : e.steps)
        rows.steps.push_back(row_of(kind("steps"), {{"follow_up", e.id}, {"step", st.step}, {"done", sdk::format_date(st.done)}}));
    return rows;
}

std::vector<std::string> check_follow_up(const MunicipalityConfig& config, const Register& store, const FollowUpEntry& e,
                                         sdk::Date today, bool replace) {
    return checked_follow_up(config, store, e, today, replace).problems;
}

CheckedFollowUp checked_follow_up(const MunicipalityConfig& config, const Register& store, const FollowUpEntry& e, sdk::Date today,
                                  bool replace) {
    CheckedFollowUp checked;
    std::vector<std::string>& problems = checked.problems;
    auto problem = [&](std::string text) { problems.push_back(std::move(text)); };
    if (blank(e.id)) problem("the follow-up has no id; expected --id ID (a new id, or the id of a planned follow-up)");
    // Every row the entry writes passes the rules `followup import` applies (store/record_rules),
    // with the same words; a message says which record it concerns.
    checked.rows = follow_up_rows(store, e);
    FollowUpRows& rows = checked.rows;  // made canonical by the checks: what the register will store
    RecordRules rules(store, &config, today);
    auto check = [&](const char* kind_name, Row& row, const std::string& which) {
        const auto found = rules.check(kind(kind_name), row);
        for (const auto& [column, message] : found)
            problem(fmt::format("{}{}{}", which, column.empty() ? "" : column + ": ", message));
        return found.empty();
    };
    const bool follow_up_good = check("follow_ups", rows.follow_up, "");
    // Its findings, documents and steps are checked against it even when it has problems, so
    // that the officer sees every problem at once.
    rules.written_with(kind("follow_ups"), rows.follow_up);
    std::set<std::string> conditions;
    for (std::size_t i = 0; i < rows.findings.size(); ++i) {
        const std::string& condition = e.findings[i].condition_id;
        if (!conditions.insert(condition).second)
            problem(fmt::format("condition {} is graded twice; expected one finding per condition", condition));
        check("findings", rows.findings[i], fmt::format("finding {}: ", condition));
    }
    for (std::size_t i = 0; i < rows.evidence.size(); ++i)
        check("evidence", rows.evidence[i], fmt::format("evidence {}: ", e.evidence[i].condition_id));
    for (std::size_t i = 0; i < rows.steps.size(); ++i) check("steps", rows.steps[i], fmt::format("step {}: ", e.steps[i].step));
    if (!follow_up_good) return checked;

    // What only a recorded follow-up must meet: the provider authorized in the area, an
    // inspector independent of what is followed up, and no recorded follow-up replaced unasked.
    const RecordKind& follow_ups = kind("follow_ups");
    const std::string& org = value_of(follow_ups, rows.follow_up, "provider");
    if (store.authorizations(org, e.area_id).empty())
        problem(fmt::format("provider {} has no authorization in area {}; expected an area it is authorized in", org, e.area_id));
    if (const std::string& inspector_id = value_of(follow_ups, rows.follow_up, "inspector"); !inspector_id.empty()) {
        const auto inspector = std::find_if(config.inspectors.begin(), config.inspectors.end(),
                                            [&](const Inspector& i) { return i.id == inspector_id; });
        if (inspector != config.inspectors.end())
            if (auto conflict = independence_conflict(config, *inspector, org, e.area_id, e.unit_id)) problem("inspector: " + *conflict);
    }
    if (const auto existing = store.find(follow_ups, e.id)) {
        const std::string& status = value_of(follow_ups, *existing, "status");
        if (value_of(follow_ups, *existing, "provider") != org || value_of(follow_ups, *existing, "area") != e.area_id)
            problem(fmt::format("follow-up {} is already in the register for provider {} in area {}; expected a new id", e.id,
                                value_of(follow_ups, *existing, "provider"), value_of(follow_ups, *existing, "area")));
        else if (status == "cancelled")
            problem(fmt::format("follow-up {} was cancelled; record what was done under a new id", e.id));
        else if (status == "done" && !replace)
            problem(fmt::format("follow-up {} is already recorded (done {}, {} finding(s)); expected a new id, or --replace to "
                                "replace it with what is given now",
                                e.id, value_of(follow_ups, *existing, "done"), store.findings(e.id).size()));
        else if (status == "done") {
            // A replacement corrects what was recorded; it never drops part of it. The register is
            // a public record with an audit trail: a finding, a document shown or a step done is
            // corrected by recording it again, not made to disappear.
            for (const sdk::Finding& f : store.findings(e.id))
                if (std::none_of(e.findings.begin(), e.findings.end(), [&](const sdk::Finding& n) { return n.condition_id == f.condition_id; }))
                    problem(fmt::format("--replace: follow-up {} has a finding on condition {} that is not given again; expected every "
                                        "recorded finding given again (corrected if need be), as the register never drops one",
                                        e.id, f.condition_id));
            for (const sdk::ProcessStep& st : store.steps(e.id))
                if (std::none_of(e.steps.begin(), e.steps.end(), [&](const sdk::ProcessStep& n) { return n.step == st.step; }))
                    problem(fmt::format("--replace: follow-up {} has the step {} that is not given again; expected every recorded "
                                        "step given again", e.id, st.step));
            const RecordKind& evidence = kind("evidence");
            for (const Row& old : store.rows_where(evidence, "follow_up", e.id))
                if (std::none_of(e.evidence.begin(), e.evidence.end(), [&](const sdk::Evidence& n) {
                        return n.condition_id == value_of(evidence, old, "condition") && n.subject == value_of(evidence, old, "subject");
                    }))
                    problem(fmt::format("--replace: follow-up {} has the document {} for {} ({}) that is not given again; expected "
                                        "every recorded document given again", e.id, value_of(evidence, old, "document"),
                                        value_of(evidence, old, "subject"), value_of(evidence, old, "condition")));
        }
    }
    return checked;
}

namespace {

/// Writes the entry's rows into an open transaction.
void write_follow_up_rows(RegisterWriter& writer, const FollowUpRows& rows) {
    writer.upsert(kind("follow_ups"), rows.follow_up);
    for (const Row& row : rows.findings) writer.upsert(kind("findings"), row);
    for (const Row& row : rows.evidence) writer.upsert(kind("evidence"), row);
    for (const Row& row : rows.steps) writer.upsert(kind("steps"), row);
}

}  // namespace

void write_follow_up(Register& store, const FollowUpEntry& e, const std::string& actor) {
    const FollowUpRows rows = follow_up_rows(store, e);
    auto writer = store.begin(actor);
    write_follow_up_rows(*writer, rows);
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

namespace {

/// What assessing changed, to be written: the assessments, their deficiencies (every row of a
/// follow-up whose deficiencies changed, and the rows of those a new assessment no longer finds),
/// and the signals answered.
struct Assessed {
    std::vector<Row> assessments, deficiencies, stale_deficiencies, signals;
    bool empty() const { return assessments.empty() && deficiencies.empty() && stale_deficiencies.empty() && signals.empty(); }
};

void write_assessed(RegisterWriter& writer, const Assessed& assessed) {
    for (const Row& row : assessed.assessments) writer.upsert(kind("assessments"), row);
    // The deficiencies are replaced with the assessment, in its transaction: the model's list as
    // it is now, and no row of one it no longer finds (the trail keeps what was).
    for (const Row& row : assessed.stale_deficiencies) writer.remove(kind("assessment_deficiencies"), row);
    for (const Row& row : assessed.deficiencies) writer.upsert(kind("assessment_deficiencies"), row);
    for (const Row& row : assessed.signals) writer.upsert(kind("signals"), row);
}

/// A record's loader: the register's follow-up, or one about to be written with its assessment.
using RecordLoader = std::function<std::optional<sdk::FollowUpRecord>(const std::string&)>;

using WriteAssessed = std::function<void(const Assessed&)>;

/// Asks the models, then hands what changed to `write`, once, after every model has answered
/// (so that no transaction is open while a model reads the register).
std::vector<AssessOutcome> assess_into(const MunicipalityConfig& config, const Register& store, const BoardModels& models,
                                       const std::vector<std::string>& ids, const RecordLoader& load, sdk::Date today,
                                       const WriteAssessed& write) {
    const RecordKind& assessments = kind("assessments");
    const RecordKind& deficiencies = kind("assessment_deficiencies");
    const RecordKind& signals = kind("signals");
    const std::size_t assessed_column = assessments.column_index("assessed");
    std::vector<AssessOutcome> outcomes;
    Assessed to_write;  // with the signals triggered reviews answer
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
            auto record = load(id);
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
                if (store.find(signals, answered.id) != row) to_write.signals.push_back(std::move(row));
            }
            Row row = assessment_row({id, area->board_id, a.plugin->id() + " " + a.plugin->version(), today}, *o.assessment);
            std::vector<Row> found = assessment_deficiency_rows(id, *o.assessment);
            std::vector<Row> stored_found = store.rows_where(deficiencies, "follow_up", id);
            const bool same_found = stored_found == found;
            // The same judgement assessed again is not a change: keep the row (and its date), audit nothing.
            bool same_assessment = false;
            if (const auto stored = store.find(assessments, id)) {
                Row same = *stored;
                same[assessed_column] = row[assessed_column];
                same_assessment = same == row;
                if (same_assessment && same_found) continue;
                o.change = Change::updated;
            } else {
                o.change = Change::inserted;
            }
            if (!same_assessment) to_write.assessments.push_back(std::move(row));
            if (!same_found) {
                // Numbered from 1: the rows past the new list's end are no longer found.
                for (std::size_t k = found.size(); k < stored_found.size(); ++k) to_write.stale_deficiencies.push_back(std::move(stored_found[k]));
                std::move(found.begin(), found.end(), std::back_inserter(to_write.deficiencies));
            }
        }
    }
    write(to_write);
    return outcomes;
}

}  // namespace

std::vector<AssessOutcome> assess_and_store(const MunicipalityConfig& config, Register& store, const BoardModels& models,
                                            const std::vector<std::string>& ids, const std::string& actor, sdk::Date today) {
    return assess_into(config, store, models, ids, [&](const std::string& id) { return follow_up_record(store, id); }, today,
                       [&](const Assessed& assessed) {
                           if (assessed.empty()) return;
                           auto writer = store.begin(actor);
                           write_assessed(*writer, assessed);
                           writer->commit();
                       });
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

Row decision_row(const DecisionEntry& entry) {
    const RecordKind& k = kind("decisions");
    const sdk::Decision& d = entry.decision;
    return row_of(k, {{"follow_up", entry.follow_up}, {"kind", std::string(sdk::to_string(d.kind))}, {"decided", date_text(d.decided)},
                      {"serious_maladministration", d.serious_maladministration ? "ja" : "nej"}, {"deadline", date_text(d.deadline)},
                      {"reason", d.reason}, {"reference", d.reference}, {"legal_ground", d.legal_ground}});
}

std::vector<std::string> check_decision(const MunicipalityConfig& config, const Register& store, const DecisionEntry& entry,
                                        sdk::Date today, bool replace) {
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
        // The row as it will be stored passes the rules every way in applies (the same words as
        // `followup import`): a date outside 1990-2100 or after today, a deadline before the
        // decision, a sanction on a form that may not sanction, control characters in the texts.
        const RecordKind& k = kind("decisions");
        Row row = decision_row(entry);
        RecordRules rules(store, &config, today);
        for (const auto& [column, message] : rules.check(k, row)) problems.push_back(column.empty() ? message : column + ": " + message);
        for (const Row& stored : store.rows_where(k, "follow_up", entry.follow_up))
            if (value_of(k, stored, "kind") == value_of(k, row, "kind") && stored != row && !replace)
                problems.push_back(fmt::format("the board's {} decision on {} is already recorded (decided {}{}); expected --replace "
                                               "to replace it",
                                               value_of(k, stored, "kind"), entry.follow_up, value_of(k, stored, "decided"),
                                               value_of(k, stored, "reference").empty() ? "" : ", " + value_of(k, stored, "reference")));
    }
    if (d.serious_maladministration && d.kind != sdk::DecisionKind::injunction && d.kind != sdk::DecisionKind::injunction_with_fine &&
        d.kind != sdk::DecisionKind::revocation)
        problems.push_back("only an injunction (or a revocation) can concern a serious maladministration (skollagen 26 kap.)");
    if (d.decided && record->activity.done && *d.decided < *record->activity.done)
        problems.push_back(fmt::format("the decision's date {} is before the follow-up {}", sdk::format_date(*d.decided),
                                       sdk::format_date(*record->activity.done)));
    // A revocation also needs its reference and an authorization in force that it ends.
    for (auto& p : check_revocation(store, entry)) problems.push_back(std::move(p));
    return problems;
}

namespace {

/// The revocation a revocation decision makes: of the follow-up's provider in its area, from the
/// decision's day. Nothing when the decision is of another kind or has no follow-up or date.
std::optional<AuthorizationChangeEntry> revocation_of(const Register& store, const DecisionEntry& entry) {
    if (entry.decision.kind != sdk::DecisionKind::revocation || !entry.decision.decided) return std::nullopt;
    const auto row = store.find(kind("follow_ups"), entry.follow_up);
    if (!row) return std::nullopt;
    const RecordKind& k = kind("follow_ups");
    return AuthorizationChangeEntry{value_of(k, *row, "provider"), value_of(k, *row, "area"), AuthorizationChange::revoke,
                                    *entry.decision.decided};
}

/// Whether an authorization of the revocation's provider in its area is already revoked on its day.
bool already_revoked(const Register& store, const AuthorizationChangeEntry& revocation) {
    const auto all = store.authorizations(revocation.provider, revocation.area_id);
    return std::any_of(all.begin(), all.end(), [&](const sdk::Authorization& a) {
        return a.status == sdk::AuthorizationStatus::revoked && a.ended && *a.ended == revocation.on;
    });
}

}  // namespace

std::vector<std::string> check_revocation(const Register& store, const DecisionEntry& entry) {
    std::vector<std::string> problems;
    if (entry.decision.kind != sdk::DecisionKind::revocation) return problems;
    // A revocation can be appealed (LOV 10 kap., kommunallagen 13 kap., skollagen 28 kap.): the
    // decision is identified by its diary number in the provider's notice and in the register.
    if (blank(entry.decision.reference))
        problems.push_back(fmt::format("a revocation is a board decision with its reference: expected --reference DNR (the board's "
                                       "diary number) for the revocation on follow-up {}",
                                       entry.follow_up));
    const auto revocation = revocation_of(store, entry);
    if (!revocation) return problems;  // no such follow-up, or no date: check_decision says so
    if (already_revoked(store, *revocation)) return problems;
    for (const auto& problem : check_authorization_change(store, *revocation))
        problems.push_back(fmt::format("the revocation on follow-up {} ends the authorization of {} in {} on {}: {}", entry.follow_up,
                                       revocation->provider, revocation->area_id, sdk::format_date(revocation->on), problem));
    return problems;
}

DecisionWritten write_decision(Register& store, const DecisionEntry& entry, const std::string& actor) {
    const RecordKind& k = kind("decisions");
    // Worked out before the transaction begins: nothing is read while it is open. The same rule
    // as an imported revocation decision's (store/record_rules.hpp).
    const Row row = decision_row(entry);
    const std::optional<Row> revoked = authorization_revoked_by(store, row);
    DecisionWritten written;
    auto writer = store.begin(actor);
    written.change = writer->upsert(k, row);
    if (revoked) {
        const RecordKind& authorizations = kind("authorizations");
        writer->upsert(authorizations, *revoked);
        written.authorization = fmt::format("revoked the authorization of {} in {} on {}", value_of(authorizations, *revoked, "provider"),
                                            value_of(authorizations, *revoked, "area"), value_of(authorizations, *revoked, "ended"));
    }
    writer->commit();
    return written;
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
    out.proposal = with_deficiencies(assessment_from_row(*row), store.rows_where(kind("assessment_deficiencies"), "follow_up", id));
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

namespace followup::core {
namespace {

/// The register as it will be once a follow-up is written: what a board's model reads while it
/// assesses a follow-up that is recorded in the same transaction as its assessment. The record
/// stands in the provider's follow-ups (in place of a planned one with its id), and its findings
/// and steps are the record's; everything else is the register's.
class PendingFollowUpView final : public sdk::RegisterView {
public:
    PendingFollowUpView(const sdk::RegisterView& register_view, const sdk::FollowUpRecord& pending)
        : to_(register_view), pending_(pending) {}

    std::vector<sdk::Provider> providers_in_area(std::string_view area) const override { return to_.providers_in_area(area); }
    std::vector<sdk::Authorization> authorizations(std::string_view provider, std::string_view area) const override {
        return to_.authorizations(provider, area);
    }
    std::vector<sdk::Unit> units_of(std::string_view provider) const override { return to_.units_of(provider); }
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view provider, std::string_view area) const override {
        auto all = to_.follow_ups(provider, area);
        const sdk::FollowUpActivity& p = pending_.activity;
        if (provider != p.provider || area != p.area_id) return all;
        std::erase_if(all, [&](const sdk::FollowUpActivity& a) { return a.id == p.id; });
        // The documented order: by planned start, then id.
        const auto at = std::find_if(all.begin(), all.end(), [&](const sdk::FollowUpActivity& a) {
            return a.planned.first > p.planned.first || (a.planned.first == p.planned.first && a.id > p.id);
        });
        all.insert(at, p);
        return all;
    }
    std::vector<sdk::Finding> findings(std::string_view id) const override {
        return id == pending_.activity.id ? pending_.findings : to_.findings(id);
    }
    std::vector<sdk::Decision> decisions(std::string_view id) const override { return to_.decisions(id); }
    std::vector<sdk::ProcessStep> steps(std::string_view id) const override {
        return id == pending_.activity.id ? pending_.steps : to_.steps(id);
    }
    std::optional<sdk::Closure> closure(std::string_view id) const override { return to_.closure(id); }
    std::optional<sdk::Assessment> stored_assessment(std::string_view id) const override { return to_.stored_assessment(id); }
    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area) const override {
        return to_.signals(provider, area);
    }
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure, std::string_view provider) const override {
        return to_.indicator_series(key_figure, provider);
    }
    /// The area's providers as the register has them: a whole-area walk is the plan's and the
    /// compilation's, never an assessment's.
    void for_each_provider(std::string_view area, const std::function<void(const sdk::ProviderRecord&)>& visit) const override {
        to_.for_each_provider(area, visit);
    }

private:
    const sdk::RegisterView& to_;
    const sdk::FollowUpRecord& pending_;
};

}  // namespace

RecordOutcome record_follow_up(const MunicipalityConfig& config, Register& store, RegisterViewRelay& plugin_view,
                               const BoardModels& models, const FollowUpEntry& entry, const std::string& actor, sdk::Date today,
                               bool replace) {
    RecordOutcome out;
    CheckedFollowUp checked = checked_follow_up(config, store, entry, today, replace);
    if (!checked.problems.empty()) {
        out.problems = std::move(checked.problems);
        return out;
    }
    // The rows as the checks left them (canonical values, as the register stores them), read back
    // as the model sees them.
    const FollowUpRows& rows = checked.rows;
    sdk::FollowUpRecord record;
    record.activity = follow_up_from_row(rows.follow_up);
    if (const auto p = store.find(kind("providers"), record.activity.provider)) record.provider = provider_from_row(*p);
    for (const Row& row : rows.findings) record.findings.push_back(finding_from_row(row));
    for (const Row& row : rows.evidence) record.evidence.push_back(evidence_from_row(row));
    for (const Row& row : rows.steps) record.steps.push_back(step_from_row(row));
    // In the register's order (each kind's natural key), as `followup assess` reads them back: the
    // model lists its deficiencies in the order it reads these, and assessing the follow-up again
    // must give the same list, not the same one reordered.
    std::stable_sort(record.findings.begin(), record.findings.end(),
                     [](const sdk::Finding& a, const sdk::Finding& b) { return a.condition_id < b.condition_id; });
    std::stable_sort(record.evidence.begin(), record.evidence.end(), [](const sdk::Evidence& a, const sdk::Evidence& b) {
        return a.condition_id != b.condition_id ? a.condition_id < b.condition_id : a.subject < b.subject;
    });
    std::stable_sort(record.steps.begin(), record.steps.end(),
                     [](const sdk::ProcessStep& a, const sdk::ProcessStep& b) { return a.step < b.step; });

    // The model reads the register with this follow-up in it, then the follow-up and its
    // assessment are written in one transaction: a crash leaves both or neither.
    const sdk::RegisterView& before = plugin_view.target();
    PendingFollowUpView pending(before, record);
    plugin_view.relay_to(pending);
    try {
        auto outcomes = assess_into(
            config, store, models, {entry.id},
            [&](const std::string& id) { return id == record.activity.id ? std::optional(record) : std::nullopt; }, today,
            [&](const Assessed& assessed) {
                plugin_view.relay_to(before);  // every model has answered
                auto writer = store.begin(actor);
                write_follow_up_rows(*writer, rows);
                write_assessed(*writer, assessed);
                writer->commit();
            });
        out.assessment = std::move(outcomes.front());
    } catch (...) {
        plugin_view.relay_to(before);
        throw;
    }
    plugin_view.relay_to(before);
    out.written = true;
    return out;
}

}  // namespace followup::core
