// The example municipality: municipality() runs the people and places, the simulated years and
// the CSV writing (demo_internal.hpp) in order; national() draws a country's files directly; and
// import_demo reads them back in kind by kind.
#include "demo/generator.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "demo/demo_internal.hpp"
#include "store/record_kinds.hpp"
#include "store/rows.hpp"

namespace followup::core {
namespace fs = std::filesystem;
using namespace std::chrono;
using namespace demo;

const std::vector<std::string>& demo_import_order() {
    static const std::vector<std::string> order{"providers", "units", "authorizations", "plans", "programmes", "board_steps", "follow_ups", "findings",
                                                "decisions", "assessments", "assessment_deficiencies", "evidence", "steps", "closures", "signals", "condition_checks", "indicators"};
    return order;
}

namespace {

// ---- municipality scale: the real plugins make the history ----

DemoSummary municipality(MunicipalityConfig config, const DemoOptions& options) {
    Random rnd(options.seed);
    MemoryRegister reg;
    const IndexedRegisterView view(reg);
    SwedishCalendar calendar;
    PluginHost host({view, config.scales, calendar}, config.pinned_sha256());
    Diagnostics problems;
    const BoardModels models = configure_board_models(config, host, problems);
    if (!problems.empty()) throw std::runtime_error("the boards' plugins cannot be used: " + to_string(problems.front()));

    // Five years, as the compilation's charts show them; the simulated years end authorizations
    // as they go.
    const int first_year = options.last_year - 4;
    std::vector<SimProvider> providers = make_providers(config, rnd, first_year, options.last_year);
    register_providers(providers, config, reg, rnd);
    simulate_indicators_and_signals(config, providers, calendar, rnd, first_year, options.last_year, reg);
    const History history = simulate_follow_ups(config, models, providers, calendar, rnd, first_year, options.last_year, reg);
    return write_municipality(options.out, config, reg, history, rnd, first_year, options.last_year);
}

// ---- national scale: 290 municipalities' worth, drawn directly ----

DemoSummary national(const MunicipalityConfig& config, const DemoOptions& options) {
    Random rnd(options.seed);
    fs::create_directories(options.out);
    CsvOut providers(options.out, "providers"), units(options.out, "units"), authorizations(options.out, "authorizations"),
        follow_ups(options.out, "follow_ups"), findings(options.out, "findings"), decisions(options.out, "decisions"),
        plans(options.out, "plans"), indicators(options.out, "indicators"), programmes(options.out, "programmes");
    for (const auto& e : {"assessments", "assessment_deficiencies", "evidence", "steps", "closures", "signals", "condition_checks"})
        CsvOut(options.out, e);
    const int first_year = options.last_year - 2;
    int total_weight = 0;
    for (const auto& area : config.areas) total_weight += area_weight.count(area.id) ? area_weight.at(area.id) : 10;
    const int municipalities = options.municipalities;
    long serial = 0, activity_serial = 0;
    SwedishCalendar calendar;
    for (int m = 0; m < municipalities; ++m) {
        for (const auto& area : config.areas) {
            const BoardSettings* board = config.board(area.board_id);
            const sdk::GradingScale* scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
            if (scale == nullptr) continue;
            // The visit form for each ownership, as the register's consistency rules require
            // (`ownership` in [[forms]]: tillsyn for independent providers, insyn for municipal ones),
            // a sanctioning one where the ownership has one.
            auto form_for = [&](sdk::Ownership ownership) {
                const std::string owner(sdk::to_string(ownership));
                const sdk::FollowUpForm* chosen = nullptr;
                for (const auto& f : board->forms) {
                    auto allowed = board->form_ownership.find(f.id);
                    const bool fits = allowed == board->form_ownership.end() ||
                                      std::find(allowed->second.begin(), allowed->second.end(), owner) != allowed->second.end();
                    if (!fits || !f.visit) continue;
                    if (chosen == nullptr || (f.may_sanction && !chosen->may_sanction)) chosen = &f;
                }
                return chosen;
            };
            // Five of the area's own conditions, its own first, then the general ones: a finding
            // names a condition the area has (the register refuses any other).
            std::vector<std::string> graded;
            for (const bool own : {true, false})
                for (const auto& c : config.conditions)
                    if (graded.size() < 5 && (own ? c.area_id == area.id : c.area_id.empty())) graded.push_back(c.id);
            const int n = (area_weight.count(area.id) ? area_weight.at(area.id) : 10) * 450 / total_weight;
            for (int i = 0; i < n; ++i) {
                ++serial;
                // Ten digits, unique: 55 + the serial, with a valid check digit.
                const std::string org = org_number(fmt::format("55{:04}", serial / 1000), static_cast<int>(serial));
                const double r = rnd.unit();
                const sdk::Ownership ownership = r < 0.2 ? sdk::Ownership::municipal
                                                 : r < 0.3 ? sdk::Ownership::non_profit
                                                           : sdk::Ownership::private_company;
                const sdk::FollowUpForm* visit_form = form_for(ownership);
                if (visit_form == nullptr) visit_form = board->forms.empty() ? nullptr : &board->forms.front();
                const std::string form = visit_form != nullptr ? visit_form->id : "tillsyn";
                const bool may_sanction = visit_form != nullptr && visit_form->may_sanction;
                providers.row(to_row(sdk::Provider{org, fmt::format("Anordnare {} i kommun {}", serial, m + 1), ownership},
                                     rnd.chance(0.8) ? std::optional<sdk::Date>(year{first_year} / 6 / 1) : std::nullopt));
                authorizations.row(to_row(sdk::Authorization{org, area.id, sdk::AuthorizationStatus::active,
                                                             year{rnd.between(2008, first_year - 1)} / 1 / 1, std::nullopt}));
                const std::string unit = fmt::format("n{}", serial);
                units.row(to_row(sdk::Unit{unit, org, fmt::format("Enhet {}", serial), "", area.id, std::nullopt}));
                const double q = 0.55 + 0.45 * rnd.unit();
                // About 7.7 follow-ups over three years: the regular ones, and re-checks of deficiencies.
                const int visits = rnd.between(6, 9);
                for (int v = 0; v < visits; ++v) {
                    const int y = first_year + v * 3 / visits;
                    const sdk::Date when = calendar.next_working_day(year{y} / month{static_cast<unsigned>(rnd.between(1, 12))} / day{static_cast<unsigned>(rnd.between(1, 28))});
                    const std::string id = fmt::format("x{}", ++activity_serial);
                    follow_ups.row(to_row(sdk::FollowUpActivity{id, form, area.id, org, unit, {when, when}, when, sdk::ActivityStatus::done, "",
                                                                sdk::Trigger::planned}));
                    bool deficient = false;
                    for (const std::string& condition : graded) {
                        const auto& levels = scale->levels();
                        const std::size_t level = rnd.unit() > 0.6 + 0.38 * q ? levels.size() - 1 : 0;
                        deficient = deficient || levels[level].deficiency;
                        findings.row(to_row(sdk::Finding{id, condition, {scale->id(), levels[level].id}, "", "besök"}));
                    }
                    if (deficient)
                        decisions.row(to_row(id, sdk::Decision{may_sanction ? sdk::DecisionKind::remark : sdk::DecisionKind::pointed_out, false, sys_days{when} + days{180}, "",
                                                               sys_days{when} + days{21}, fmt::format("N {}/{}", y, activity_serial)}));
                }
                if (area.id == "kulturskola")
                    // By name, not to_row: the value is written with one decimal, as a survey reports it.
                    indicators.row(row_of(*find_record_kind("indicators"),
                                          {{"key_figure", "nojdhet_undervisning"}, {"provider", org},
                                           {"period_from", date(year{options.last_year} / 4 / 1)},
                                           {"period_to", date(year{options.last_year} / 4 / 30)},
                                           {"value", fmt::format("{:.1f}", 70 + 28 * q)}, {"answers", std::to_string(rnd.between(2, 80))}}));
            }
        }
    }
    // A plan per kundval area and year (seed 000), each board's adopted at one meeting.
    for (const auto& a : config.areas)
        for (int y = first_year; y <= options.last_year; ++y)
            plans.row(to_row(PlanAdoption{a.board_id, y, year{y} / 2 / 10, year{y} / 3 / 10, a.id}));
    for (const Row& row : council_programmes(first_year, options.last_year)) programmes.row(row);
    DemoSummary summary;
    summary.rows = {{"providers", providers.rows}, {"units", units.rows}, {"authorizations", authorizations.rows},
                    {"follow_ups", follow_ups.rows}, {"findings", findings.rows}, {"decisions", decisions.rows},
                    {"plans", plans.rows}, {"programmes", programmes.rows}, {"indicators", indicators.rows}};
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
