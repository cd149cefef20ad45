// The example municipality written out: one CSV file per record kind, with the kind's header, as
// `followup import` reads them.
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
    std::vector<PlanAdoption> plans;
    for (const auto& b : config.boards)
        for (int y = first_year; y <= last_year; ++y)
            plans.push_back({b.board.id, y, year{y} / 2 / day{static_cast<unsigned>(rnd.between(3, 25))}, year{y} / 3 / 10});
    write("plans", plans, [](const PlanAdoption& p) { return to_row(p); });
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
    // The municipality is one provider in several areas: its key figures once per period.
    std::set<std::string> seen;
    std::vector<sdk::IndicatorValue> indicators;
    for (const auto& v : reg.indicators)
        if (seen.insert(v.key_figure + "|" + v.provider + "|" + v.unit_id + "|" + date(v.period.first)).second) indicators.push_back(v);
    write("indicators", indicators, [](const sdk::IndicatorValue& v) { return to_row(v); });
    return summary;
}

}  // namespace followup::core::demo
