// The example municipality written out: one CSV file per record kind, with the kind's header, as
// `followup import` reads them.
#include <set>

#include <fmt/format.h>

#include "demo/demo_internal.hpp"
#include "io/csv.hpp"
#include "store/record_kinds.hpp"

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
    {
        CsvOut f(out, "providers");
        for (const auto& p : reg.providers)
            f.row({p.org_number, p.name, std::string(sdk::to_string(p.ownership)),
                   rnd.chance(0.82) ? date(year{last_year - rnd.between(0, 2)} / month{static_cast<unsigned>(rnd.between(1, 12))} / 1) : ""});
        summary.rows["providers"] = f.rows;
    }
    {
        CsvOut f(out, "units");
        for (const auto& u : reg.units)
            f.row({u.id, u.provider, u.name, u.address, u.area_id, u.registered_persons ? std::to_string(*u.registered_persons) : ""});
        summary.rows["units"] = f.rows;
    }
    {
        CsvOut f(out, "authorizations");
        for (const auto& a : reg.authorizations_list) f.row({a.provider, a.area_id, date(a.granted), "active", ""});
        summary.rows["authorizations"] = f.rows;
    }
    {
        CsvOut f(out, "plans");
        for (const auto& b : config.boards)
            for (int y = first_year; y <= last_year; ++y)
                f.row({b.board.id, std::to_string(y), date(year{y} / 2 / day{static_cast<unsigned>(rnd.between(3, 25))}), date(year{y} / 3 / 10)});
        summary.rows["plans"] = f.rows;
    }
    {
        CsvOut f(out, "follow_ups");
        for (const auto& a : reg.activities)
            f.row({a.id, a.provider, a.unit_id, a.area_id, a.form_id, date(a.planned.first), date(a.planned.last), a.done ? date(*a.done) : "",
                   a.status == sdk::ActivityStatus::done ? "done" : "planned", a.inspector, a.trigger == sdk::Trigger::signal ? "signal" : "planned"});
        summary.rows["follow_ups"] = f.rows;
    }
    {
        CsvOut f(out, "findings");
        for (const auto& x : reg.findings_list) f.row({x.activity_id, x.condition_id, x.grade.scale_id, x.grade.level_id, x.text, x.basis});
        summary.rows["findings"] = f.rows;
    }
    {
        CsvOut f(out, "decisions");
        for (const auto& d : history.decisions) f.row(d);
        summary.rows["decisions"] = f.rows;
    }
    {
        CsvOut f(out, "assessments");
        for (const auto& a : history.assessments) f.row(a);
        summary.rows["assessments"] = f.rows;
    }
    {
        CsvOut f(out, "evidence");
        for (const auto& [id, e] : history.evidence) f.row({id, e.condition_id, e.subject, e.document, e.dated ? date(*e.dated) : ""});
        summary.rows["evidence"] = f.rows;
    }
    {
        CsvOut f(out, "steps");
        for (const auto& [id, s] : history.steps) f.row({id, s.step, date(s.done)});
        summary.rows["steps"] = f.rows;
    }
    {
        CsvOut f(out, "closures");
        for (const auto& c : history.closures) f.row({c[0], c[1], c[2], c[3]});
        summary.rows["closures"] = f.rows;
    }
    {
        CsvOut f(out, "signals");
        for (const auto& s : reg.signals_list)
            f.row({s.id, s.provider, s.area_id, std::string(sdk::to_string(s.kind)), date(s.received), s.summary, s.unit_id,
                   s.substantiated ? (*s.substantiated ? "ja" : "nej") : "", s.outcome});
        summary.rows["signals"] = f.rows;
    }
    {
        CsvOut f(out, "indicators");
        // The municipality is one provider in several areas: its key figures once per period.
        std::set<std::string> seen;
        for (const auto& v : reg.indicators)
            if (seen.insert(v.key_figure + "|" + v.provider + "|" + v.unit_id + "|" + date(v.period.first)).second)
                f.row({v.key_figure, v.provider, v.unit_id, date(v.period.first), date(v.period.last), fmt::format("{}", v.value),
                   v.answers ? std::to_string(*v.answers) : ""});
        summary.rows["indicators"] = f.rows;
    }
    return summary;
}

}  // namespace followup::core::demo
