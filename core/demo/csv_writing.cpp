// The example municipality written out: one CSV file per record kind, with the kind's header, as
// `followup import` reads them.
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "demo/demo_internal.hpp"
#include "io/csv.hpp"
#include "store/record_kinds.hpp"
#include "store/rows.hpp"

namespace followup::core::demo {
namespace fs = std::filesystem;
using namespace std::chrono;

CsvOut::CsvOut(const fs::path& dir, const std::string& kind) : out_(dir / (kind + ".csv"), std::ios::binary), kind_(kind) {
    const RecordKind* k = find_record_kind(kind);
    if (!out_ || k == nullptr) throw std::runtime_error(fmt::format("cannot write '{}'", (dir / (kind + ".csv")).string()));
    for (std::size_t i = 0; i < k->columns.size(); ++i) out_ << (i ? ";" : "") << k->columns[i].name;
    columns_ = k->columns.size();
    out_ << '\n';
}

void CsvOut::row(const std::vector<std::string>& fields) {
    if (fields.size() != columns_)  // a generator bug, not bad input: the kind's columns changed
        throw std::logic_error(fmt::format("{}.csv: a row of {} fields; the kind has {} columns", kind_, fields.size(), columns_));
    bool first = true;
    for (const auto& f : fields) {
        if (!first) out_ << ';';
        out_ << csv_field(f, ';');
        first = false;
    }
    out_ << '\n';
    ++rows;
}

namespace {

/// The example's checks of the authorization conditions, as a careful office makes them: at each
/// grant the conditions due at authorization, every year on the grant's anniversary (the next
/// working day) the yearly ones, and within two weeks of a signal found substantiated the
/// signal's ones; all met (a condition found not met is a follow-up's deficiency, which the
/// simulated years make). The municipality's own units have no authorization to check.
std::vector<Row> condition_checks(const MunicipalityConfig& config, const MemoryRegister& reg, int last_year) {
    const RecordKind& kind = *find_record_kind("condition_checks");
    const SwedishCalendar calendar;
    // No check is dated after the year simulated last, nor after today (the register refuses it).
    const sdk::Date last_day = std::min(sdk::Date{year{last_year} / 12 / 31}, sdk::Date{floor<days>(system_clock::now())});
    std::set<std::string> municipal;
    for (const auto& p : reg.providers)
        if (p.ownership == sdk::Ownership::municipal) municipal.insert(p.org_number);
    std::vector<Row> rows;
    std::set<std::string> keys;  // provider|area|condition|day: one check a day
    auto check = [&](const std::string& provider, const std::string& area, sdk::Date day, sdk::CheckPoint point, const std::string& signal) {
        const sdk::Area* a = config.area(area);
        const BoardSettings* board = a != nullptr ? config.board(a->board_id) : nullptr;
        const sdk::GradingScale* scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
        if (scale == nullptr) return;
        for (const auto& c : config.conditions) {
            if (!(c.area_id.empty() || c.area_id == area) || std::find(c.checked.begin(), c.checked.end(), point) == c.checked.end()) continue;
            if (!keys.insert(provider + "|" + area + "|" + c.id + "|" + date(day)).second) continue;
            const char* occasion = point == sdk::CheckPoint::at_authorization ? "authorization" : point == sdk::CheckPoint::annually ? "annually" : "signal";
            rows.push_back(row_of(kind, {{"provider", provider}, {"area", area}, {"condition", c.id}, {"checked", date(day)},
                                         {"occasion", occasion}, {"scale", scale->id()}, {"grade", scale->levels().front().id},
                                         {"note", c.evidence}, {"signal", signal}}));
        }
    };
    for (const sdk::Authorization& a : reg.authorizations_list) {
        if (municipal.count(a.provider)) continue;
        if (last_day < a.granted) continue;
        check(a.provider, a.area_id, a.granted, sdk::CheckPoint::at_authorization, "");
        const year_month_day granted{a.granted};
        // The years the example shows, and the one before (whose check the first year's due date runs from).
        for (int y = std::max(static_cast<int>(granted.year()) + 1, last_year - 5); y <= last_year; ++y) {
            year_month_day anniversary{year{y}, granted.month(), granted.day()};
            if (!anniversary.ok()) anniversary = year{y} / granted.month() / last;
            const sdk::Date day = calendar.next_working_day(anniversary);
            if (last_day < day) break;
            if (sdk::in_force(a, day)) check(a.provider, a.area_id, day, sdk::CheckPoint::annually, "");
        }
    }
    for (const sdk::Signal& s : reg.signals_list) {
        if (s.substantiated != true || municipal.count(s.provider)) continue;
        const sdk::Date day = calendar.next_working_day(sys_days{s.received} + days{14});
        if (last_day < day) continue;
        for (const sdk::Authorization& a : reg.authorizations_list)
            if (a.provider == s.provider && a.area_id == s.area_id && sdk::in_force(a, day)) {
                check(s.provider, s.area_id, day, sdk::CheckPoint::on_signal, s.id);
                break;
            }
    }
    return rows;
}

}  // namespace

std::vector<Row> council_programmes(int first_year, int last_year) {
    // Terms of office begin the year after an election (2018, 2022, ...): 2019–2022, 2023–2026.
    // The council adopts the programme in the spring of a term's first year.
    std::vector<Row> rows;
    const RecordKind& programmes = *find_record_kind("programmes");
    for (int from = 2019 - 4 * ((2019 - first_year + 3) / 4); from <= last_year; from += 4)
        if (from + 3 >= first_year)
            rows.push_back(row_of(programmes, {{"adopted", fmt::format("{}-04-{:02}", from, 10 + from % 10)},
                                               {"term_from", std::to_string(from)},
                                               {"term_to", std::to_string(from + 3)},
                                               {"reference", fmt::format("KFKS {}/{}", from - 1, 1000 + (from * 37) % 900)},
                                               {"title", "Program för uppföljning av kommunala och privata utförare"}}));
    return rows;
}

DemoSummary write_municipality(const fs::path& out, const MunicipalityConfig& config, const MemoryRegister& reg,
                               const History& history, Random& rnd, int first_year, int last_year) {
    fs::create_directories(out);
    DemoSummary summary;
    auto write = [&](const char* kind, const auto& records, const auto& row_of_record) {
        CsvOut f(out, kind);
        for (const auto& record : records) f.row(row_of_record(record));
        summary.rows[kind] = f.rows;
    };
    write("providers", reg.providers, [&](const sdk::Provider& p) {
        // Most providers have sent their crisis continuity plan in the last three years.
        const std::optional<sdk::Date> continuity_plan =
            rnd.chance(0.82) ? std::optional<sdk::Date>(year{last_year - rnd.between(0, 2)} / month{static_cast<unsigned>(rnd.between(1, 12))} / 1)
                             : std::nullopt;
        return to_row(p, continuity_plan);
    });
    write("units", reg.units, [](const sdk::Unit& u) { return to_row(u); });
    write("authorizations", reg.authorizations_list, [](const sdk::Authorization& a) { return to_row(a); });
    // A plan per kundval area and year (seed 000), each board's adopted at one meeting in February.
    std::vector<PlanAdoption> plans;
    for (const auto& b : config.boards)
        for (int y = first_year; y <= last_year; ++y) {
            const sdk::Date adopted = year{y} / 2 / day{static_cast<unsigned>(rnd.between(3, 25))};
            for (const auto& a : config.areas)
                if (a.board_id == b.board.id) plans.push_back({b.board.id, y, adopted, year{y} / 3 / 10, a.id});
        }
    write("plans", plans, [](const PlanAdoption& p) { return to_row(p); });
    write("programmes", council_programmes(first_year, last_year), [](const Row& r) { return r; });
    // The boards' own steps of their annual process ([board] recorded_steps), each done a few
    // days before its deadline in the board's [[model.steps]] (1 December without one); the
    // board's decision (labour's step 7) with its minutes' paragraph.
    std::vector<Row> own_steps;
    const RecordKind& board_steps = *find_record_kind("board_steps");
    const sys_days today = floor<days>(system_clock::now());  // no step is dated after it (the register refuses it)
    for (const auto& b : config.boards)
        for (int y = first_year; y <= last_year; ++y)
            for (int n : b.recorded_steps) {
                sys_days done = sys_days{year{y} / 12 / 1};
                if (const auto* steps = b.model["steps"].as_array(); steps != nullptr && static_cast<std::size_t>(n) <= steps->size())
                    if (const auto* t = (*steps)[static_cast<std::size_t>(n - 1)].as_table())
                        if (auto deadline = (*t)["deadline"].value<std::string>(); deadline && deadline->size() == 5) {
                            const auto parsed = sdk::parse_date(std::to_string(y) + "-" + *deadline);
                            if (parsed) done = sys_days{*parsed};
                        }
                done -= days{(y + n) % 7};
                if (today < done) continue;
                own_steps.push_back(row_of(board_steps, {{"board", b.board.id}, {"year", std::to_string(y)}, {"step", std::to_string(n)},
                                                         {"done", date(year_month_day{done})},
                                                         {"reference", n == 7 ? fmt::format("protokoll § {}", 40 + (y % 10) * 3) : ""}}));
            }
    write("board_steps", own_steps, [](const Row& r) { return r; });
    write("follow_ups", reg.activities, [](const sdk::FollowUpActivity& a) { return to_row(a); });
    write("findings", reg.findings_list, [](const sdk::Finding& x) { return to_row(x); });
    write("decisions", reg.decisions_by_activity, [](const auto& d) { return to_row(d.first, d.second); });
    write("assessments", history.assessments, [](const Row& a) { return a; });
    std::vector<Row> deficiencies;
    for (const auto& [follow_up, rows] : history.assessment_deficiencies) deficiencies.insert(deficiencies.end(), rows.begin(), rows.end());
    write("assessment_deficiencies", deficiencies, [](const Row& d) { return d; });
    write("evidence", history.evidence, [](const auto& e) { return to_row(e.first, e.second); });
    write("steps", history.steps, [](const auto& s) { return to_row(s.first, s.second); });
    write("closures", history.closures, [](const auto& c) { return to_row(c.first, c.second); });
    write("signals", reg.signals_list, [](const sdk::Signal& s) { return to_row(s); });
    write("condition_checks", condition_checks(config, reg, last_year), [](const Row& r) { return r; });
    // The municipality is one provider in several areas: its key figures once per period.
    std::set<std::string> seen;
    std::vector<sdk::IndicatorValue> indicators;
    for (const auto& v : reg.indicators)
        if (seen.insert(v.key_figure + "|" + v.provider + "|" + v.unit_id + "|" + date(v.period.first)).second) indicators.push_back(v);
    write("indicators", indicators, [](const sdk::IndicatorValue& v) { return to_row(v); });
    return summary;
}

}  // namespace followup::core::demo
