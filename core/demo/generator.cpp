#include "demo/generator.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "calendar/swedish_calendar.hpp"
#include "io/csv.hpp"
#include "host/board_models.hpp"
#include "store/assessment_rows.hpp"
#include "store/memory_register.hpp"
#include "store/record_kinds.hpp"

namespace followup::core {
namespace fs = std::filesystem;
using namespace std::chrono;

const std::vector<std::string>& demo_import_order() {
    static const std::vector<std::string> order{"providers", "units", "authorizations", "plans", "follow_ups", "findings",
                                                "decisions", "assessments", "evidence", "steps", "closures", "signals", "indicators"};
    return order;
}

namespace {

/// Deterministic randomness. std::mt19937_64 is specified bit for bit; the helpers below avoid
/// the standard distributions, whose results differ between library implementations.
class Random {
public:
    explicit Random(std::uint64_t seed) : engine_(seed) {}
    double unit() { return static_cast<double>(engine_() >> 11) / static_cast<double>(1ULL << 53); }
    int between(int lo, int hi) { return lo + static_cast<int>(unit() * (hi - lo + 1)); }
    bool chance(double p) { return unit() < p; }
    template <typename T>
    const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(unit() * static_cast<double>(v.size()))]; }

private:
    std::mt19937_64 engine_;
};

/// A CSV file of one kind, written row by row.
class CsvOut {
public:
    CsvOut(const fs::path& dir, const std::string& kind) : out_(dir / (kind + ".csv"), std::ios::binary), kind_(kind) {
        const RecordKind* k = find_record_kind(kind);
        if (!out_ || k == nullptr) throw std::runtime_error(fmt::format("cannot write '{}'", (dir / (kind + ".csv")).string()));
        for (std::size_t i = 0; i < k->columns.size(); ++i) out_ << (i ? ";" : "") << k->columns[i].name;
        columns_ = k->columns.size();
        out_ << '\n';
    }
    void row(std::initializer_list<std::string> fields) { row(std::vector<std::string>(fields)); }
    void row(const std::vector<std::string>& fields) {
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
    std::size_t rows = 0;

private:
    std::ofstream out_;
    std::string kind_;
    std::size_t columns_ = 0;
};

std::string org_number(const std::string& prefix6, int serial) {
    return org_number_with_check_digit(prefix6 + fmt::format("{:03}", serial % 1000));
}

std::string date(const sdk::Date& d) { return sdk::format_date(d); }

const std::vector<std::string> first_parts{"Ekorren", "Tallen", "Björken", "Lärkan", "Ugglan", "Myran", "Solen", "Stjärnan", "Kotten",
                                          "Humlan", "Vitsippan", "Trollet", "Fyren", "Ankaret", "Eken", "Linden", "Kastanjen", "Måsen",
                                          "Skutan", "Sjöstjärnan", "Tranan", "Lönnen", "Vågen", "Klövern"};
const std::vector<std::string> places{"Sickla", "Finntorp", "Saltsjöbaden", "Fisksätra", "Orminge", "Boo", "Älta", "Järla",
                                      "Björknäs", "Ektorp", "Henriksdal", "Kummelnäs", "Duvnäs", "Tollare", "Skuru"};

/// How providers spread over the areas of the example municipality; other areas get 10.
const std::map<std::string, int> area_weight{{"forskola", 110}, {"pedagogisk_omsorg", 22}, {"hemtjanst", 45},
                                             {"sarskilt_boende", 14}, {"dagverksamhet_aldre", 9}, {"kulturskola", 24},
                                             {"arbetsmarknadsinsatser", 18}, {"vuxenutbildning", 14}, {"daglig_verksamhet", 24},
                                             {"ledsagning_avlosning", 26}, {"boendestod", 20}, {"bostad_sarskild_service", 20},
                                             {"korttidsvistelse", 10}, {"familjebehandling", 12}, {"familjeradgivning", 8},
                                             {"sysselsattning_psykisk", 10}, {"oppenvard_missbruk", 12}};

const std::string municipal_org = "212000-0142";  // the municipality itself, provider of its own units

struct SimProvider {
    std::string org, name;
    sdk::Ownership ownership;
    std::string area;
    double quality = 0.8;  ///< 0..1: how well it meets the conditions
    sdk::Date granted;
    bool fraud = false;
};

// ---- municipality scale: the real plugins make the history ----

DemoSummary municipality(MunicipalityConfig config, const DemoOptions& options) {
    Random rnd(options.seed);
    MemoryRegister reg;
    SwedishCalendar calendar;
    PluginHost host({reg, config.scales, calendar}, config.pinned_sha256());
    Diagnostics problems;
    const BoardModels models = configure_board_models(config, host, problems);
    if (!problems.empty()) throw std::runtime_error("the boards' plugins cannot be used: " + to_string(problems.front()));

    const int first_year = options.last_year - 2;
    std::vector<SimProvider> providers;
    int serial = 0;
    std::set<std::string> municipal_areas;
    for (const auto& area : config.areas) {
        // The weights sum to about 400; the municipality's own units collapse into one provider
        // per area, so 1.4 times the weight gives the example municipality's 450 providers.
        const int n = (area_weight.count(area.id) ? area_weight.at(area.id) : 10) * 14 / 10;
        for (int i = 0; i < n; ++i) {
            SimProvider p;
            const double r = rnd.unit();
            p.area = area.id;
            p.ownership = r < 0.22 && area.id != "pedagogisk_omsorg" ? sdk::Ownership::municipal
                          : r < 0.32                                  ? sdk::Ownership::non_profit
                                                                      : sdk::Ownership::private_company;
            p.quality = 0.55 + 0.45 * rnd.unit();
            // A few new providers, authorized this year and not yet followed up.
            const bool fresh = i % 17 == 5;
            p.granted = fresh ? sdk::Date{year{options.last_year} / month{static_cast<unsigned>(rnd.between(4, 10))} / 1}
                              : sdk::Date{year{rnd.between(2008, first_year - 1)} / month{static_cast<unsigned>(rnd.between(1, 12))} / 1};
            if (p.ownership == sdk::Ownership::municipal) {
                if (municipal_areas.insert(area.id).second) {
                    p.org = municipal_org;
                    p.name = "Nacka kommun, egen regi";
                    p.granted = year{2005} / 1 / 1;
                    providers.push_back(p);
                }
                continue;  // one municipal provider per area, with units
            }
            ++serial;
            p.org = org_number(p.ownership == sdk::Ownership::non_profit ? "802400" : "559" + fmt::format("{:03}", serial / 1000), serial);
            const std::string base = rnd.pick(first_parts);
            if (area.id == "forskola") p.name = "Förskolan " + base + (p.ownership == sdk::Ownership::non_profit ? " ekonomisk förening" : " AB");
            else if (area.id == "pedagogisk_omsorg") p.name = "Dagbarnvården " + base + " " + rnd.pick(places);
            else if (area.id == "hemtjanst") p.name = base + " Hemtjänst " + rnd.pick(places) + " AB";
            else if (area.id == "kulturskola") p.name = "Kulturskolan " + base;
            else p.name = base + " " + rnd.pick(places) + (p.ownership == sdk::Ownership::non_profit ? " (ideell)" : " AB");
            p.fraud = area.id == "hemtjanst" && (serial % 19 == 3);
            providers.push_back(p);
        }
    }
    // Registers: providers, units, authorizations.
    std::map<std::string, sdk::Provider> provider_rows;
    for (const auto& p : providers) {
        provider_rows[p.org] = {p.org, p.name, p.ownership};
        reg.authorizations_list.push_back({p.org, p.area, sdk::AuthorizationStatus::active, p.granted, std::nullopt});
    }
    for (const auto& [org, row] : provider_rows) reg.providers.push_back(row);
    int unit_serial = 0;
    for (const auto& p : providers) {
        if (p.area != "forskola" && p.area != "pedagogisk_omsorg") continue;
        const int units = p.org == municipal_org ? 18 : (rnd.chance(0.25) ? 2 : 1);
        for (int u = 0; u < units; ++u) {
            const std::string place = rnd.pick(places);
            reg.units.push_back({fmt::format("e{:04}", ++unit_serial), p.org,
                                 p.org == municipal_org ? "Förskolan " + rnd.pick(first_parts) + " " + place : p.name + (units > 1 ? " " + place : ""),
                                 fmt::format("{}vägen {}, 13{} {:02} Nacka", rnd.pick(first_parts), rnd.between(1, 60), rnd.between(1, 4), rnd.between(10, 99)),
                                 p.area});
        }
    }
    auto quality_of = [&](const std::string& org, const std::string& area) {
        for (const auto& p : providers)
            if (p.org == org && p.area == area) return p.quality;
        return 0.8;
    };
    // Indicators, signals: what plugins read besides follow-ups.
    for (const auto& p : providers) {
        for (int y = first_year; y <= options.last_year; ++y) {
            const sdk::Date jan1 = year{y} / 1 / 1;
            if ((sdk::Date{year{y} / 12 / 31} < p.granted)) continue;
            if (p.area == "kulturskola") {
                const int answers = p.org == municipal_org ? 120 : rnd.between(2, 70);
                reg.indicators.push_back({"nojdhet_undervisning", p.org, "", {year{y} / 4 / 1, year{y} / 4 / 30},
                                          std::round((70 + 28 * p.quality + rnd.between(-4, 4)) * 10) / 10, answers});
                reg.indicators.push_back({"nojdhet_bemotande", p.org, "", {year{y} / 4 / 1, year{y} / 4 / 30},
                                          std::round((75 + 24 * p.quality + rnd.between(-3, 3)) * 10) / 10, answers});
            }
            if (p.area == "arbetsmarknadsinsatser" || p.area == "vuxenutbildning")
                for (unsigned m : {1u, 5u, 9u})
                    reg.indicators.push_back({"andel_arbete_studier", p.org, "", calendar.period_of(sdk::PeriodKind::tertial, year{y} / month{m} / 1),
                                              std::round((25 + 30 * p.quality + rnd.between(-5, 5)) * 10) / 10, std::nullopt});
            if (p.area == "hemtjanst") {
                // The provider's size stays the same from year to year.
                const double size = 300 + 2500 * std::fmod(p.quality * 7919.0, 1.0);
                double previous = 0;
                for (unsigned m = 1; m <= 12; ++m) {
                    const sdk::Period period = calendar.period_of(sdk::PeriodKind::month, year{y} / month{m} / 1);
                    const double decided = std::round(size * (0.95 + 0.1 * rnd.unit()));
                    double delivered = std::round(decided * (0.86 + 0.08 * rnd.unit()));
                    // Welfare-crime patterns in the last year: billing above the decisions, and a jump.
                    if (p.fraud && y == options.last_year && m >= 6) delivered = std::round(decided * (1.06 + 0.05 * rnd.unit()));
                    if (p.fraud && y == options.last_year && m == 6 && previous > 0) delivered = std::round(previous * 1.45);
                    reg.indicators.push_back({"beslutade_timmar", p.org, "", period, decided, std::nullopt});
                    reg.indicators.push_back({"utforda_timmar", p.org, "", period, delivered, std::nullopt});
                    previous = delivered;
                }
            }
            const sdk::Area* area = config.area(p.area);
            if (area != nullptr && (area->board_id == "social" || area->board_id == "aldre")) {
                reg.indicators.push_back({"individuppfoljningar", p.org, "", {jan1, year{y} / 12 / 31}, static_cast<double>(rnd.between(5, 60)), std::nullopt});
                if (y == options.last_year && rnd.chance(0.06))
                    reg.signals_list.push_back({fmt::format("s{}-{}", y, reg.signals_list.size() + 1), p.org, p.area,
                                                rnd.chance(0.7) ? sdk::SignalKind::complaint : sdk::SignalKind::incident,
                                                year{y} / month{static_cast<unsigned>(rnd.between(2, 10))} / day{static_cast<unsigned>(rnd.between(1, 28))},
                                                "klagomål på bemötande och uteblivna insatser"});
            }
        }
    }

    // The years: each board's model plans, the visits happen, the model assesses.
    std::vector<std::pair<std::string, sdk::FollowUpRecord>> records;
    std::vector<std::array<std::string, 4>> closures;
    std::vector<std::vector<std::string>> decisions;
    std::vector<Row> assessments;
    std::map<std::string, int> decision_serial;  // board → last reference number
    std::vector<std::pair<std::string, sdk::Evidence>> evidence_rows;
    std::vector<std::pair<std::string, sdk::ProcessStep>> step_rows;
    std::map<std::string, std::vector<std::string>> inspectors_of;
    for (const auto& i : config.inspectors) inspectors_of[i.board_id].push_back(i.id);
    int activity_serial = 0;
    for (int y = first_year; y <= options.last_year; ++y) {
        for (const auto& board : config.boards) {
            auto it = models.by_board.find(board.board.id);
            if (it == models.by_board.end()) continue;
            const sdk::BoardSetup setup = config.setup_of(board);
            std::map<std::string, bool> visit_form;
            for (const auto& f : board.forms) visit_form[f.id] = f.visit;
            for (const auto& planned : it->second->plan_year({y, board.board.id})) {
                if (planned.provider.empty()) continue;
                const bool first_follow_up = planned.reason.find("ny anordnare") != std::string::npos;
                const sdk::Date deadline = (sdk::Date{year{y} / 12 / 31} < planned.window.last) ? sdk::Date{year{y} / 12 / 31} : planned.window.last;
                // Not everything gets done: new providers of the last year wait, and in the last year
                // some re-checks slip past their window.
                if (y == options.last_year && (first_follow_up || (rnd.chance(0.08) && planned.reason.find("brist") != std::string::npos))) continue;
                if (rnd.chance(0.02)) continue;
                sdk::Date first = (planned.window.first < sdk::Date{year{y} / 1 / 1}) ? sdk::Date{year{y} / 1 / 1} : planned.window.first;
                if ((deadline < first)) first = deadline;
                const auto span = (sys_days{deadline} - sys_days{first}).count();
                sdk::Date when = sys_days{first} + days{span > 0 ? rnd.between(0, static_cast<int>(span)) : 0};
                when = calendar.next_working_day(when);
                if ((deadline < when)) when = deadline;
                const bool visit = !visit_form.count(planned.form_id) || visit_form[planned.form_id];
                const auto& inspectors = inspectors_of[board.board.id];
                sdk::FollowUpActivity activity{fmt::format("d{}-{:05}", y, ++activity_serial), planned.form_id, planned.area_id, planned.provider,
                                               planned.unit_id, {when, when}, when, sdk::ActivityStatus::done,
                                               visit && !inspectors.empty() ? rnd.pick(inspectors) : "", planned.trigger};
                sdk::FollowUpRecord record;
                record.activity = activity;
                record.provider = provider_rows.at(planned.provider);
                const double q = quality_of(planned.provider, planned.area_id);
                // Findings against the area's conditions, graded on the board's scale.
                const sdk::GradingScale* scale = config.scales.find(board.scale_id);
                if (visit && scale != nullptr && planned.form_id != "riktad_tillsyn" && planned.form_id != "kvalitetsdialog") {
                    std::vector<std::string> conditions;
                    for (const auto& c : setup.conditions)
                        if (c.area_id == planned.area_id) conditions.push_back(c.id);
                    conditions.push_back(rnd.chance(0.5) ? "medverka_uppfoljning" : "klagomal_avvikelser");
                    for (const auto& c : conditions) {
                        const auto& levels = scale->levels();
                        const double r = rnd.unit();
                        std::size_t level = 0;
                        // Most conditions are met; a weak provider fails some, now and then seriously.
                        if (r > 0.96 + 0.04 * q) level = levels.size() - 1;
                        else if (r > 0.80 + 0.18 * q && levels.size() > 2) level = levels.size() - 2;
                        else if (levels.size() > 3 && r > 0.6) level = 1;
                        if (levels[level].deficiency && levels[level].severity >= 2 && rnd.chance(0.5)) level = level - 1;
                        record.findings.push_back({activity.id, c, {scale->id(), levels[level].id},
                                                   levels[level].deficiency ? "Brister i " + c : "", "besök"});
                    }
                }
                if (planned.form_id == "riktad_tillsyn") {
                    const int people = rnd.between(1, 4);
                    for (int k = 1; k <= people; ++k) {
                        std::optional<sdk::Date> dated = sys_days{when} - days{rnd.between(10, 300)};
                        if (rnd.chance((1 - q) * 0.5)) dated = rnd.chance(0.5) ? std::nullopt : std::optional<sdk::Date>(sys_days{when} - days{500});
                        record.evidence.push_back({"registerutdrag_adressen", fmt::format("person {}", k), "registerutdrag", dated});
                    }
                    record.evidence.push_back({"ansvarsforsakring", "anordnaren", "försäkringsbrev", sys_days{when} + days{rnd.between(-20, 300)}});
                }
                if (board.plugin_id == "social" || board.plugin_id == "eldercare")
                    for (const char* step : {"documented", "reported_to_board", "communicated_to_provider"})
                        if (rnd.chance(0.96)) record.steps.push_back({step, sys_days{when} + days{rnd.between(3, 40)}});
                if (planned.form_id == "kvalitetsrapport") {
                    record.steps.push_back({"report_received", rnd.chance(0.85) ? sys_days{when} - days{rnd.between(0, 20)} : sys_days{when} + days{rnd.between(1, 20)}});
                    record.steps.push_back({"report_reviewed", sys_days{when} + days{rnd.between(10, 50)}});
                }
                // The activity is on record before the model looks (its history excludes it by id).
                reg.activities.push_back(activity);
                for (const auto& f : record.findings) reg.findings_list.push_back(f);
                const sdk::Assessment assessment = it->second->assess(record);
                assessments.push_back(assessment_row({activity.id, board.board.id, it->second->id() + " " + it->second->version(), when},
                                                     assessment));
                reg.assessments_by_activity.push_back({activity.id, assessment});
                if (assessment.proposed.kind != sdk::DecisionKind::no_action) {
                    // The board adopts the proposal three weeks later, under its own reference.
                    sdk::Decision adopted = assessment.proposed;
                    adopted.decided = calendar.next_working_day(sys_days{when} + days{21});
                    adopted.reference = fmt::format("{} {}/{:04}", board.board.id.substr(0, 3), y, ++decision_serial[board.board.id]);
                    reg.decisions_by_activity.push_back({activity.id, adopted});
                    decisions.push_back({activity.id, std::string(sdk::to_string(adopted.kind)), date(*adopted.decided),
                                         adopted.serious_maladministration ? "ja" : "nej",
                                         adopted.deadline ? date(*adopted.deadline) : "", adopted.reason, adopted.reference,
                                         adopted.legal_ground});
                }
                // A follow-up without deficiency after deficient ones closes the case, on a visit.
                if (assessment.deficiencies.empty() && planned.reason.find("brist") != std::string::npos && rnd.chance(0.85))
                    closures.push_back({activity.id, date(sys_days{when} + days{7}), "visit", "Bristerna åtgärdade enligt besöket"});
                for (const auto& e : record.evidence) evidence_rows.push_back({activity.id, e});
                for (const auto& s : record.steps) step_rows.push_back({activity.id, s});
            }
        }
        // What is planned for the last year but not done stays on record as planned: overdue.
    }
    for (const auto& board : config.boards) {
        auto it = models.by_board.find(board.board.id);
        if (it == models.by_board.end()) continue;
        int n = 0;
        for (const auto& planned : it->second->plan_year({options.last_year, board.board.id})) {
            if (planned.provider.empty()) continue;
            const bool done_already = std::any_of(reg.activities.begin(), reg.activities.end(), [&](const auto& a) {
                return a.provider == planned.provider && a.area_id == planned.area_id && a.form_id == planned.form_id &&
                       a.unit_id == planned.unit_id && a.done && !(*a.done < planned.window.first);
            });
            if (done_already) continue;
            const sdk::Date when = calendar.next_working_day(planned.window.first);
            reg.activities.push_back({fmt::format("p{}-{}-{:04}", options.last_year, board.board.id, ++n), planned.form_id, planned.area_id,
                                      planned.provider, planned.unit_id, {when, planned.window.last}, std::nullopt,
                                      sdk::ActivityStatus::planned, "", planned.trigger});
        }
    }

    // ---- write ----
    fs::create_directories(options.out);
    DemoSummary summary;
    {
        CsvOut f(options.out, "providers");
        for (const auto& p : reg.providers)
            f.row({p.org_number, p.name, std::string(sdk::to_string(p.ownership)),
                   rnd.chance(0.82) ? date(year{options.last_year - rnd.between(0, 2)} / month{static_cast<unsigned>(rnd.between(1, 12))} / 1) : ""});
        summary.rows["providers"] = f.rows;
    }
    {
        CsvOut f(options.out, "units");
        for (const auto& u : reg.units)
            f.row({u.id, u.provider, u.name, u.address, u.area_id, u.registered_persons ? std::to_string(*u.registered_persons) : ""});
        summary.rows["units"] = f.rows;
    }
    {
        CsvOut f(options.out, "authorizations");
        for (const auto& a : reg.authorizations_list) f.row({a.provider, a.area_id, date(a.granted), "active", ""});
        summary.rows["authorizations"] = f.rows;
    }
    {
        CsvOut f(options.out, "plans");
        for (const auto& b : config.boards)
            for (int y = first_year; y <= options.last_year; ++y)
                f.row({b.board.id, std::to_string(y), date(year{y} / 2 / day{static_cast<unsigned>(rnd.between(3, 25))}), date(year{y} / 3 / 10)});
        summary.rows["plans"] = f.rows;
    }
    {
        CsvOut f(options.out, "follow_ups");
        for (const auto& a : reg.activities)
            f.row({a.id, a.provider, a.unit_id, a.area_id, a.form_id, date(a.planned.first), date(a.planned.last), a.done ? date(*a.done) : "",
                   a.status == sdk::ActivityStatus::done ? "done" : "planned", a.inspector, a.trigger == sdk::Trigger::signal ? "signal" : "planned"});
        summary.rows["follow_ups"] = f.rows;
    }
    {
        CsvOut f(options.out, "findings");
        for (const auto& x : reg.findings_list) f.row({x.activity_id, x.condition_id, x.grade.scale_id, x.grade.level_id, x.text, x.basis});
        summary.rows["findings"] = f.rows;
    }
    {
        CsvOut f(options.out, "decisions");
        for (const auto& d : decisions) f.row(d);
        summary.rows["decisions"] = f.rows;
    }
    {
        CsvOut f(options.out, "assessments");
        for (const auto& a : assessments) f.row(a);
        summary.rows["assessments"] = f.rows;
    }
    {
        CsvOut f(options.out, "evidence");
        for (const auto& [id, e] : evidence_rows) f.row({id, e.condition_id, e.subject, e.document, e.dated ? date(*e.dated) : ""});
        summary.rows["evidence"] = f.rows;
    }
    {
        CsvOut f(options.out, "steps");
        for (const auto& [id, s] : step_rows) f.row({id, s.step, date(s.done)});
        summary.rows["steps"] = f.rows;
    }
    {
        CsvOut f(options.out, "closures");
        for (const auto& c : closures) f.row({c[0], c[1], c[2], c[3]});
        summary.rows["closures"] = f.rows;
    }
    {
        CsvOut f(options.out, "signals");
        for (const auto& s : reg.signals_list)
            f.row({s.id, s.provider, s.area_id, std::string(sdk::to_string(s.kind)), date(s.received), s.summary, s.unit_id,
                   s.substantiated ? (*s.substantiated ? "ja" : "nej") : "", s.outcome});
        summary.rows["signals"] = f.rows;
    }
    {
        CsvOut f(options.out, "indicators");
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

// ---- national scale: 290 municipalities' worth, drawn directly ----

DemoSummary national(const MunicipalityConfig& config, const DemoOptions& options) {
    Random rnd(options.seed);
    fs::create_directories(options.out);
    CsvOut providers(options.out, "providers"), units(options.out, "units"), authorizations(options.out, "authorizations"),
        follow_ups(options.out, "follow_ups"), findings(options.out, "findings"), decisions(options.out, "decisions"),
        plans(options.out, "plans"), indicators(options.out, "indicators");
    for (const auto& e : {"assessments", "evidence", "steps", "closures", "signals"}) CsvOut(options.out, e);
    const int first_year = options.last_year - 2;
    int total_weight = 0;
    for (const auto& area : config.areas) total_weight += area_weight.count(area.id) ? area_weight.at(area.id) : 10;
    const int municipalities = 290;
    long serial = 0, activity_serial = 0;
    SwedishCalendar calendar;
    for (int m = 0; m < municipalities; ++m) {
        for (const auto& area : config.areas) {
            const BoardSettings* board = config.board(area.board_id);
            const sdk::GradingScale* scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
            if (scale == nullptr) continue;
            std::string form = board->forms.empty() ? "tillsyn" : board->forms.front().id;
            for (const auto& f : board->forms)
                if (f.may_sanction && f.visit) { form = f.id; break; }
            const int n = (area_weight.count(area.id) ? area_weight.at(area.id) : 10) * 450 / total_weight;
            for (int i = 0; i < n; ++i) {
                ++serial;
                // Ten digits, unique: 55 + the serial, with a valid check digit.
                const std::string org = org_number(fmt::format("55{:04}", serial / 1000), static_cast<int>(serial));
                const double r = rnd.unit();
                const char* ownership = r < 0.2 ? "municipal" : r < 0.3 ? "non_profit" : "private";
                providers.row({org, fmt::format("Anordnare {} i kommun {}", serial, m + 1), ownership, rnd.chance(0.8) ? date(year{first_year} / 6 / 1) : ""});
                authorizations.row({org, area.id, date(year{rnd.between(2008, first_year - 1)} / 1 / 1), "active", ""});
                const std::string unit = fmt::format("n{}", serial);
                units.row({unit, org, fmt::format("Enhet {}", serial), "", area.id, ""});
                const double q = 0.55 + 0.45 * rnd.unit();
                // About 7.7 follow-ups over three years: the regular ones, and re-checks of deficiencies.
                const int visits = rnd.between(6, 9);
                for (int v = 0; v < visits; ++v) {
                    const int y = first_year + v * 3 / visits;
                    const sdk::Date when = calendar.next_working_day(year{y} / month{static_cast<unsigned>(rnd.between(1, 12))} / day{static_cast<unsigned>(rnd.between(1, 28))});
                    const std::string id = fmt::format("x{}", ++activity_serial);
                    follow_ups.row({id, org, unit, area.id, form, date(when), date(when), date(when), "done", "", "planned"});
                    bool deficient = false;
                    for (int c = 0; c < 5; ++c) {
                        const auto& levels = scale->levels();
                        const std::size_t level = rnd.unit() > 0.6 + 0.38 * q ? levels.size() - 1 : 0;
                        deficient = deficient || levels[level].deficiency;
                        findings.row({id, fmt::format("villkor{}", c), scale->id(), levels[level].id, "", "besök"});
                    }
                    if (deficient)
                        decisions.row({id, "remark", date(sys_days{when} + days{21}), "nej", date(sys_days{when} + days{180}), "",
                                       fmt::format("N {}/{}", y, activity_serial), ""});
                }
                if (area.id == "kulturskola")
                    indicators.row({"nojdhet_undervisning", org, "", date(year{options.last_year} / 4 / 1), date(year{options.last_year} / 4 / 30),
                                    fmt::format("{:.1f}", 70 + 28 * q), std::to_string(rnd.between(2, 80))});
            }
        }
    }
    for (const auto& b : config.boards)
        for (int y = first_year; y <= options.last_year; ++y) plans.row({b.board.id, std::to_string(y), date(year{y} / 2 / 10), date(year{y} / 3 / 10)});
    DemoSummary summary;
    summary.rows = {{"providers", providers.rows}, {"units", units.rows}, {"authorizations", authorizations.rows},
                    {"follow_ups", follow_ups.rows}, {"findings", findings.rows}, {"decisions", decisions.rows},
                    {"plans", plans.rows}, {"indicators", indicators.rows}};
    return summary;
}

}  // namespace

DemoSummary generate_demo(const MunicipalityConfig& config, const DemoOptions& options) {
    return options.scale == DemoScale::municipality ? municipality(config, options) : national(config, options);
}

bool import_demo(Register& store, const MunicipalityConfig& config, const fs::path& directory, const std::string& actor,
                 const std::function<void(const DemoImportStep&)>& each) {
    for (const auto& kind_name : demo_import_order()) {
        DemoImportStep step{kind_name, directory / (kind_name + ".csv"), {}, 0};
        if (!fs::exists(step.file)) continue;
        std::ifstream in(step.file, std::ios::binary);
        std::stringstream text;
        text << in.rdbuf();
        const auto started = std::chrono::steady_clock::now();
        step.report = import_csv(store, *find_record_kind(kind_name), text.str(), &config, actor, false);
        step.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        each(step);
        if (!step.report.problems.empty()) return false;
    }
    return true;
}

}  // namespace followup::core
