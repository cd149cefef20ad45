#include "cli/schedule_commands.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <set>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli/session.hpp"
#include "schedule/cases.hpp"
#include "schedule/plan_export.hpp"
#include "schedule/planner.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {

constexpr int exit_ok = 0, exit_problem = 1;

sdk::Date today() { return std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()); }

PlanNames names_of(const Session& s) {
    PlanNames names;
    for (const auto& a : s.config.areas) {
        names.areas[a.id] = a.name;
        for (const auto& p : s.store->providers_in_area(a.id)) names.providers[p.org_number] = p.name;
    }
    for (const auto& i : s.config.inspectors) names.inspectors[i.id] = i.name;
    return names;
}

/// Writes the plan's follow-ups into the register as planned, leaving done or cancelled ones
/// alone, and cancels this year's planned follow-ups of these boards that the plan no longer has.
std::pair<std::size_t, std::size_t> record_plan(Session& s, const DatedPlan& plan, const std::set<std::string>& boards,
                                                const std::string& actor) {
    const RecordKind& kind = *find_record_kind("follow_ups");
    std::set<std::string> in_plan;
    std::map<std::string, sdk::FollowUpActivity> existing;
    for (const auto& a : s.config.areas) {
        if (!boards.count(a.board_id)) continue;
        for (const auto& p : s.store->providers_in_area(a.id))
            for (auto& f : s.store->follow_ups(p.org_number, a.id)) existing[f.id] = f;
    }
    auto writer = s.store->begin(actor);
    std::size_t written = 0, cancelled = 0;
    for (const auto& item : plan.items) {
        if (item.planned.provider.empty()) continue;  // the board's own process steps are not follow-ups of a provider
        in_plan.insert(item.id);
        if (auto it = existing.find(item.id); it != existing.end() && it->second.status != sdk::ActivityStatus::planned) continue;
        const std::string date = sdk::format_date(item.date);
        if (writer->upsert(kind, {item.id, item.planned.provider, item.planned.unit_id, item.planned.area_id,
                                  item.planned.form_id, date, date, "", "planned", item.inspector,
                                  item.planned.trigger == sdk::Trigger::signal ? "signal" : "planned"}) != Change::unchanged)
            ++written;
    }
    for (const auto& [id, f] : existing) {
        // Only what an earlier `followup plan` of this year wrote (its ids start with the year);
        // follow-ups planned by hand or imported are the officers' own.
        if (f.status != sdk::ActivityStatus::planned || in_plan.count(id) || !id.starts_with(std::to_string(plan.year) + "-"))
            continue;
        const std::string from = sdk::format_date(f.planned.first), to = sdk::format_date(f.planned.last);
        writer->upsert(kind, {f.id, f.provider, f.unit_id, f.area_id, f.form_id, from, to, "", "cancelled", f.inspector,
                              f.trigger == sdk::Trigger::signal ? "signal" : "planned"});
        ++cancelled;
    }
    writer->commit();
    return {written, cancelled};
}

}  // namespace

int run_plan(const RegisterOptions& options, int year, const std::optional<std::string>& board, const std::string& format,
             const std::optional<fs::path>& out) {
    auto session = open_session(options, Plugins::required, std::cout);
    if (!session) return exit_problem;
    Session& s = *session;
    if (board && s.config.board(*board) == nullptr) {
        std::cout << fmt::format("error: no board '{}' in the configuration\n", *board);
        return exit_problem;
    }
    std::map<std::string, std::vector<sdk::PlannedFollowUp>> wanted;
    std::set<std::string> boards;
    int failures = 0;
    for (const auto& b : s.config.boards) {
        if (board && b.board.id != *board) continue;
        try {
            wanted[b.board.id] = s.models.by_board.at(b.board.id)->plan_year({year});
            boards.insert(b.board.id);
        } catch (const PluginCallError& e) {
            std::cout << "error: " << e.what() << "\n";
            ++failures;
        }
    }
    const DatedPlan plan = schedule_plan(year, s.config, wanted, s.calendar);
    const auto [written, cancelled] = record_plan(s, plan, boards, options.actor);
    const PlanNames names = names_of(s);

    std::string text;
    if (format == "ics") {
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        const int revision = static_cast<int>(std::chrono::duration_cast<std::chrono::minutes>(
                                                  now - std::chrono::sys_days{std::chrono::year{2020} / 1 / 1})
                                                  .count());
        text = plan_icalendar(plan, names, fmt::format("{:%Y%m%dT%H%M%SZ}", now), revision);
    } else if (format == "csv") {
        text = plan_csv(plan, names);
    } else if (format == "json") {
        text = plan_json(plan, names);
    } else {
        text = plan_table(plan, names);
    }
    if (out) {
        std::ofstream file(*out, std::ios::binary);
        file << text;
        if (!file) {
            std::cout << fmt::format("error: cannot write '{}'\n", out->string());
            return exit_problem;
        }
    } else {
        std::cout << text;
    }
    std::size_t visits = 0, assigned = 0;
    for (const auto& item : plan.items) {
        visits += item.visit ? 1 : 0;
        assigned += item.visit && !item.over_capacity ? 1 : 0;
    }
    std::ostream& summary = out ? std::cout : std::cerr;
    summary << fmt::format("plan {}: {} follow-ups, {} visits, {} assigned to inspectors; {} written to the register, {} "
                           "earlier planned ones cancelled{}\n",
                           year, plan.items.size(), visits, assigned, written, cancelled,
                           out ? fmt::format("; {} written to '{}'", format, out->string()) : "");
    for (const auto& w : plan.warnings) summary << "warning: " << w << "\n";
    return failures > 0 ? exit_problem : exit_ok;
}

int run_status(const RegisterOptions& options, const std::optional<std::string>& at_text, bool all_units) {
    sdk::Date at = today();
    if (at_text) {
        auto parsed = sdk::parse_date(*at_text);
        if (!parsed) {
            std::cout << fmt::format("error: --at {}: expected a date YYYY-MM-DD\n", *at_text);
            return exit_problem;
        }
        at = *parsed;
    }
    auto session = open_session(options, Plugins::none, std::cout);
    if (!session) return exit_problem;
    const Status status = follow_up_status(session->config, *session->store, at);
    auto days_late = [&](const sdk::Date& d) {
        return (std::chrono::sys_days{at} - std::chrono::sys_days{d}).count();
    };
    std::cout << fmt::format("Status at {}\n\n", sdk::format_date(at));
    std::cout << fmt::format("Overdue follow-ups (planned, not done by their date): {}\n", status.overdue.size());
    for (const auto& o : status.overdue)
        std::cout << fmt::format("  {}  {:<20} {:<22} {} ({}){}  [{} days late, {}]\n", sdk::format_date(o.activity.planned.last),
                                 o.activity.form_id, o.activity.area_id, o.provider_name, o.activity.provider,
                                 o.activity.unit_id.empty() ? "" : ", unit " + o.activity.unit_id, days_late(o.activity.planned.last),
                                 o.activity.id);
    std::cout << fmt::format("\nUnits past the due date their board's model set (no follow-up since): {}\n",
                             std::count_if(status.overdue_units.begin(), status.overdue_units.end(), [](const auto& u) { return !u.deficient; }));
    for (const auto& u : status.overdue_units) {
        if (u.deficient) continue;  // a re-check: listed with the open cases below
        std::cout << fmt::format("  {}  {:<22} {} ({}){}  [{} days late; set by the assessment of {}{}]\n", sdk::format_date(u.next_due),
                                 u.area_id, u.provider_name, u.provider, u.unit_id.empty() ? "" : ", unit " + u.unit_id,
                                 days_late(u.next_due), u.assessed_follow_up,
                                 u.risk_category.empty() ? "" : "; risk " + u.risk_category + (u.risk_reason.empty() ? "" : ": " + u.risk_reason));
    }
    if (all_units) {
        std::cout << fmt::format("\nEvery unit's next follow-up, as its board's model set it: {}\n", status.units.size());
        for (const auto& u : status.units)
            std::cout << fmt::format("  {}  {:<12} {:<22} {} ({}){}{}{}\n", sdk::format_date(u.next_due), u.board_id, u.area_id,
                                     u.provider_name, u.provider, u.unit_id.empty() ? "" : ", unit " + u.unit_id,
                                     u.deficient ? "  [re-check]" : "",
                                     u.risk_category.empty() ? "" : "  [risk " + u.risk_category + (u.risk_reason.empty() ? "" : ": " + u.risk_reason) + "]");
    }
    std::cout << fmt::format("\nOpen deficiency cases past their re-check date or deadline: {}\n", status.overdue_cases.size());
    for (const auto& c : status.overdue_cases) {
        std::string decision = "no decision recorded";
        if (c.latest_decision)
            decision = fmt::format("latest decision {}{}", sdk::to_string(c.latest_decision->kind),
                                   c.latest_decision->deadline ? ", deadline " + sdk::format_date(*c.latest_decision->deadline) : "");
        std::cout << fmt::format("  {} ({}){} {}: opened {}, last deficient {}, re-check due {} ({} days late; {}); {}\n",
                                 c.provider_name, c.provider, c.unit_id.empty() ? "" : ", unit " + c.unit_id, c.area_id,
                                 sdk::format_date(c.opened), sdk::format_date(c.last_deficient), sdk::format_date(c.recheck_due),
                                 std::max<long>(0, static_cast<long>(days_late(c.recheck_due))),
                                 c.recheck_from_model ? "window set by the board's model" : "not assessed: the [[schedule]] default",
                                 decision);
    }
    std::cout << fmt::format("\nRemedied, awaiting a recorded closing (followup case close): {}\n", status.awaiting_closure.size());
    for (const auto& c : status.awaiting_closure)
        std::cout << fmt::format("  {} ({}) {}: opened {}, remedied {} by follow-up {}\n", c.provider_name, c.provider,
                                 c.area_id, sdk::format_date(c.opened), sdk::format_date(*c.remedied_on), *c.remedied_by);
    return exit_ok;
}

int run_close_case(const RegisterOptions& options, const std::string& follow_up, const std::string& basis,
                   const std::string& reason, const std::optional<std::string>& on_text) {
    sdk::Date on = today();
    if (on_text) {
        auto parsed = sdk::parse_date(*on_text);
        if (!parsed) {
            std::cout << fmt::format("error: --date {}: expected a date YYYY-MM-DD\n", *on_text);
            return exit_problem;
        }
        on = *parsed;
    }
    auto session = open_session(options, Plugins::none, std::cout);
    if (!session) return exit_problem;
    const CloseResult result = close_case(session->config, *session->store, follow_up, basis, reason, on, options.actor);
    std::cout << (result.closed ? "" : "error: ") << result.message << "\n";
    return result.closed ? exit_ok : exit_problem;
}

}  // namespace followup::core
