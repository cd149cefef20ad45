#include "app/planning.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "app/session.hpp"
#include "report/catalogue.hpp"
#include "schedule/cases.hpp"
#include "schedule/condition_checks.hpp"
#include "schedule/plan_export.hpp"
#include "schedule/planner.hpp"
#include "store/record_rules.hpp"
#include "store/rows.hpp"
#include "util/atomic_file.hpp"

namespace followup::core {

namespace {

PlanNames names_of(const Session& s) {
    PlanNames names;
    for (const auto& a : s.config.areas) {
        names.areas[a.id] = a.name;
        for (const auto& p : s.store->providers_in_area(a.id)) {
            if (!names.providers.emplace(p.org_number, p.name).second) continue;  // a provider in several areas
            for (const auto& u : s.store->units_of(p.org_number)) {
                names.units[u.id] = u.name;
                names.unit_addresses[u.id] = u.address;
                if (!u.address.empty() && !u.area_id.empty()) names.provider_addresses[p.org_number + "|" + u.area_id].push_back(u.address);
            }
        }
    }
    for (const auto& i : s.config.inspectors) names.inspectors[i.id] = i.name;
    for (const auto& b : s.config.boards) names.boards[b.board.id] = b.board.name;
    return names;
}

/// The providers, areas and conditions the checks name, by name (the officer reads names).
void name_condition_checks(const Session& s, const std::vector<ConditionCheckDue>& checks, std::map<std::string, std::string>& names) {
    const RecordKind& providers = *find_record_kind("providers");
    for (const auto& c : checks) {
        if (!names.count(c.provider))
            if (const auto row = s.store->find(providers, c.provider)) names[c.provider] = value_of(providers, *row, "name");
        if (const sdk::Area* a = s.config.area(c.area_id)) names[c.area_id] = a->name;
    }
    for (const auto& c : s.config.conditions)  // by its words, as the plan's reasons name them
        names["condition:" + c.id] = c.text.ends_with('.') ? c.text.substr(0, c.text.size() - 1) : c.text;
}

}  // namespace

PlanResult plan_year(const RegisterOptions& options, const PlanRequest& request) {
    PlanResult result;
    // A plan's year is checked as a plan's year is on import (the plans kind's column).
    if (std::string y = std::to_string(request.year), problem = check_column_value(*find_record_kind("plans"), "year", y); !problem.empty()) {
        result.problems.push_back("--year: " + problem);
        return result;
    }
    auto session = open_session(options, Plugins::required, result);
    if (!session) return result;
    Session& s = *session;
    if (request.board && s.config.board(*request.board) == nullptr) {
        result.problems.push_back(fmt::format("no board '{}' in the configuration", *request.board));
        return result;
    }
    if (request.inspector && std::none_of(s.config.inspectors.begin(), s.config.inspectors.end(),
                                          [&](const Inspector& i) { return i.id == *request.inspector; })) {
        result.problems.push_back(fmt::format("no inspector '{}' in the configuration", *request.inspector));
        return result;
    }
    std::map<std::string, std::vector<sdk::PlannedFollowUp>> wanted;
    std::set<std::string> boards;
    for (const auto& b : s.config.boards) {
        if (request.board && b.board.id != *request.board) continue;
        try {
            wanted[b.board.id] = s.models.by_board.at(b.board.id)->plan_year({request.year, b.board.id});
            boards.insert(b.board.id);
        } catch (const PluginCallError& e) {
            result.board_failures.push_back(e.what());
        }
    }
    // Only what falls while each provider is authorized: an end or a revocation dated in the year
    // keeps the follow-ups whose windows open before it.
    keep_while_authorized(wanted, *s.store);
    DatedPlan plan = schedule_plan(request.year, s.config, std::move(wanted), s.calendar);
    // The register gets the plan only once its export is safely written: a plan whose --out
    // cannot be written is not half done (recorded, but not delivered).
    const DatedPlan to_record = plan;
    const PlanNames names = names_of(s);
    withhold_unannounced(plan, request.inspector);

    switch (request.format) {
        case PlanFormat::ics: {
            const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
            // The plan is recorded after its file is written: count the change it will make.
            result.text = plan_icalendar(plan, names, fmt::format("{:%Y%m%dT%H%M%SZ}", now), plan_sequences(*s.store, plan, /*written=*/false));
            break;
        }
        case PlanFormat::csv: result.text = plan_csv(plan, names); break;
        case PlanFormat::json: result.text = plan_json(plan, names); break;
        case PlanFormat::table: result.text = plan_table(plan, names); break;
    }
    if (request.out) {
        try {
            write_file_atomically(*request.out, result.text);
        } catch (const std::runtime_error& e) {
            result.problems.push_back(fmt::format("{}; nothing was written to the register", e.what()));
            return result;
        }
    }
    if (!request.dry_run) {
        const PlanRecorded recorded = record_plan(*s.store, s.config, to_record, boards, options.actor);
        result.written = recorded.written;
        result.cancelled = recorded.cancelled;
    }
    result.follow_ups = plan.items.size();
    for (const auto& item : plan.items) {
        result.visits += item.visit ? 1 : 0;
        result.assigned += item.visit && !item.over_capacity ? 1 : 0;
    }
    result.month_table = month_table(plan);
    // The conditions owed a yearly or a signal's check by the year's end: the board's work, not
    // an inspector's visit, so outside the dated plan (its capacity counts visits).
    for (ConditionCheckDue& due : condition_checks_due(s.config, *s.store, std::chrono::year{request.year} / 12 / 31)) {
        const sdk::Area* area = s.config.area(due.area_id);
        if (request.board && (area == nullptr || area->board_id != *request.board)) continue;
        result.condition_checks.push_back(std::move(due));
    }
    name_condition_checks(s, result.condition_checks, result.names);
    for (const auto& w : plan.warnings) result.warnings.push_back(w);
    return result;
}

namespace {
void name_status(const Session& session, StatusResult& result);
}  // namespace

StatusResult status_at(const RegisterOptions& options, sdk::Date at, bool all_units) {
    StatusResult result;
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    result.status = follow_up_status(session->config, *session->store, at);
    if (!all_units) result.status.units.clear();
    result.condition_checks = condition_checks_due(session->config, *session->store, at);
    name_status(*session, result);
    name_condition_checks(*session, result.condition_checks, result.names);
    return result;
}

StatusResult status_of(const RegisterOptions& options, sdk::Date at, const std::optional<std::string>& unit,
                       const std::optional<std::string>& provider) {
    StatusResult result;
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    const Register& store = *session->store;
    const RecordKind& units = *find_record_kind("units");
    const RecordKind& providers = *find_record_kind("providers");
    // An organisation number as the officer types it (with or without the hyphen), as record takes it.
    std::string org_number = provider ? canonical_org_number(*provider).value_or(*provider) : "", unit_id, unit_area;
    if (unit) {
        // By id, else by whole name (the officer knows the unit's name; ids are in brackets
        // wherever a unit is shown).
        std::optional<Row> row = store.find(units, *unit);
        if (!row) {
            std::vector<Row> named = store.rows_where(units, "name", *unit);
            if (named.size() > 1) {
                std::string ids;
                for (const auto& r : named) ids += (ids.empty() ? "" : ", ") + value_of(units, r, "id") + " (" + value_of(units, r, "provider") + ")";
                result.problems.push_back(fmt::format("--unit: {} units are named '{}': {}; give the id", named.size(), *unit, ids));
                return result;
            }
            if (!named.empty()) row = named.front();
        }
        if (!row) {
            result.problems.push_back(fmt::format("--unit: no unit has the id or the whole name '{}' (`followup export units` lists them)", *unit));
            return result;
        }
        unit_id = value_of(units, *row, "id");
        result.unit_id = unit_id;
        result.names[unit_id] = value_of(units, *row, "name");
        unit_area = value_of(units, *row, "area");
        if (provider && org_number != value_of(units, *row, "provider")) {
            result.problems.push_back(fmt::format("--unit: unit {} belongs to provider {}, not {}", unit_id, value_of(units, *row, "provider"), org_number));
            return result;
        }
        org_number = value_of(units, *row, "provider");
    }
    const std::optional<Row> provider_row = store.find(providers, org_number);
    if (!provider_row) {
        result.problems.push_back(fmt::format("--provider: no provider has the organisation number '{}'", org_number));
        return result;
    }
    const sdk::Provider whose = provider_from_row(*provider_row);
    result.provider = whose.org_number;
    result.provider_name = whose.name;
    Status status = follow_up_status_of(session->config, store, whose, at);
    if (unit) {
        // The unit's own, and its provider's as a whole in the unit's area (a follow-up of the
        // provider there covers the unit); not the provider's other units or other areas.
        auto elsewhere = [&](const std::string& id, const std::string& area) {
            return id.empty() ? (!unit_area.empty() && area != unit_area) : id != unit_id;
        };
        std::erase_if(status.overdue, [&](const OverdueFollowUp& o) { return elsewhere(o.activity.unit_id, o.activity.area_id); });
        std::erase_if(status.overdue_units, [&](const UnitDue& u) { return elsewhere(u.unit_id, u.area_id); });
        std::erase_if(status.units, [&](const UnitDue& u) { return elsewhere(u.unit_id, u.area_id); });
        std::erase_if(status.overdue_cases, [&](const DeficiencyCase& c) { return elsewhere(c.unit_id, c.area_id); });
        std::erase_if(status.awaiting_closure, [&](const DeficiencyCase& c) { return elsewhere(c.unit_id, c.area_id); });
    }
    result.status = std::move(status);
    // The provider's conditions owed a check; a unit's status is the unit's, and the conditions
    // are the provider's (its authorization), so `status --provider` shows them, not `--unit`.
    if (!unit) result.condition_checks = condition_checks_due(session->config, store, at, whose.org_number);
    name_status(*session, result);
    name_condition_checks(*session, result.condition_checks, result.names);
    return result;
}

namespace {
void name_status(const Session& session, StatusResult& result) {
    // The officer reads names (the cli prints the id a command takes beside each).
    const MunicipalityConfig& config = session.config;
    for (const auto& a : config.areas) result.names[a.id] = a.name;
    for (const auto& b : config.boards) {
        result.names[b.board.id] = b.board.name;
        for (const auto& f : b.forms) result.names[f.id] = f.name;
    }
    result.names.merge(decision_kind_labels(config.municipality.language));
    const RecordKind& units = *find_record_kind("units");
    auto unit_named = [&](const std::string& id) {
        if (id.empty() || result.names.count(id)) return;
        if (const auto row = session.store->find(units, id)) result.names[id] = value_of(units, *row, "name");
    };
    for (const auto& o : result.status.overdue) unit_named(o.activity.unit_id);
    for (const auto& u : result.status.overdue_units) unit_named(u.unit_id);
    for (const auto& u : result.status.units) unit_named(u.unit_id);
    for (const auto& c : result.status.overdue_cases) unit_named(c.unit_id);
    for (const auto& c : result.status.awaiting_closure) unit_named(c.unit_id);
}
}  // namespace

CloseCaseResult close_deficiency_case(const RegisterOptions& options, const CloseCaseRequest& request) {
    CloseCaseResult result;
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    result.closing = close_case(session->config, *session->store, request.follow_up, request.basis, request.reason, request.on,
                                options.actor, today());
    if (!result.closing.closed) result.problems.push_back(result.closing.message);
    return result;
}

}  // namespace followup::core
