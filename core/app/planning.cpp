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
#include "schedule/plan_export.hpp"
#include "schedule/planner.hpp"
#include "store/record_rules.hpp"
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
    for (const auto& w : plan.warnings) result.warnings.push_back(w);
    return result;
}

StatusResult status_at(const RegisterOptions& options, sdk::Date at, bool all_units) {
    StatusResult result;
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    result.status = follow_up_status(session->config, *session->store, at);
    if (!all_units) result.status.units.clear();
    // The officer reads names (the cli prints the id a command takes beside each).
    const MunicipalityConfig& config = session->config;
    for (const auto& a : config.areas) result.names[a.id] = a.name;
    for (const auto& b : config.boards) {
        result.names[b.board.id] = b.board.name;
        for (const auto& f : b.forms) result.names[f.id] = f.name;
    }
    result.names.merge(decision_kind_labels(config.municipality.language));
    const RecordKind& units = *find_record_kind("units");
    auto unit_named = [&](const std::string& id) {
        if (id.empty() || result.names.count(id)) return;
        if (const auto row = session->store->find(units, id)) result.names[id] = value_of(units, *row, "name");
    };
    for (const auto& o : result.status.overdue) unit_named(o.activity.unit_id);
    for (const auto& u : result.status.overdue_units) unit_named(u.unit_id);
    for (const auto& u : result.status.units) unit_named(u.unit_id);
    for (const auto& c : result.status.overdue_cases) unit_named(c.unit_id);
    return result;
}

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
