// What the example municipality's files share; generator.cpp runs them in order. The people and
// places (people_and_places.cpp), the simulated years (simulated_years.cpp) and the CSV writing
// (csv_writing.cpp) draw from one Random in a fixed order, so the same seed gives the same files:
// a change that draws one number more or less, or earlier, changes every file after it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "calendar/swedish_calendar.hpp"
#include "config/municipality_config.hpp"
#include "demo/generator.hpp"
#include "host/board_models.hpp"
#include "store/memory_register.hpp"
#include "store/register.hpp"

namespace followup::core::demo {

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

/// A CSV file of one kind, written row by row, with the kind's header.
class CsvOut {
public:
    CsvOut(const std::filesystem::path& dir, const std::string& kind);
    void row(std::initializer_list<std::string> fields) { row(std::vector<std::string>(fields)); }
    /// @throws std::logic_error when the row has not the kind's number of columns.
    void row(const std::vector<std::string>& fields);
    std::size_t rows = 0;

private:
    std::ofstream out_;
    std::string kind_;
    std::size_t columns_ = 0;
};

std::string org_number(const std::string& prefix6, int serial);
inline std::string date(const sdk::Date& d) { return sdk::format_date(d); }

/// How providers spread over the areas of the example municipality; other areas get 10.
inline const std::map<std::string, int> area_weight{{"forskola", 110}, {"pedagogisk_omsorg", 22}, {"hemtjanst", 45},
                                                    {"sarskilt_boende", 14}, {"dagverksamhet_aldre", 9}, {"kulturskola", 24},
                                                    {"arbetsmarknadsinsatser", 18}, {"vuxenutbildning", 14}, {"daglig_verksamhet", 24},
                                                    {"ledsagning_avlosning", 26}, {"boendestod", 20}, {"bostad_sarskild_service", 20},
                                                    {"korttidsvistelse", 10}, {"familjebehandling", 12}, {"familjeradgivning", 8},
                                                    {"sysselsattning_psykisk", 10}, {"oppenvard_missbruk", 12}};

inline const std::string municipal_org = "212000-0142";  // Nacka kommun itself, provider of its own units

struct SimProvider {
    std::string org, name;
    sdk::Ownership ownership;
    std::string area;
    double quality = 0.8;  ///< 0..1: how well it meets the conditions
    sdk::Date granted;
    bool fraud = false;           ///< home care: pushes clients to more granted hours and bills above the decisions
    bool short_delivery = false;  ///< home care: delivers markedly fewer hours than decided
    int units = 1;                ///< the units it runs in the area (the municipality: its own units there)
};

/// What the boards' plugins read while the years are simulated: the in-memory register, with the
/// per-follow-up questions (findings, decisions, the stored assessment) answered from an index
/// instead of a scan of every row. The demo only appends to the register's lists while it runs,
/// so the index takes in what was appended since it last looked.
class IndexedRegisterView final : public sdk::RegisterView {
public:
    explicit IndexedRegisterView(const MemoryRegister& reg) : reg_(reg) {}
    std::vector<sdk::Provider> providers_in_area(std::string_view area_id) const override { return reg_.providers_in_area(area_id); }
    std::vector<sdk::Authorization> authorizations(std::string_view provider, std::string_view area_id) const override {
        return reg_.authorizations(provider, area_id);
    }
    std::vector<sdk::Unit> units_of(std::string_view provider) const override { return reg_.units_of(provider); }
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view provider, std::string_view area_id) const override {
        return reg_.follow_ups(provider, area_id);
    }
    std::vector<sdk::Finding> findings(std::string_view activity_id) const override;
    std::vector<sdk::Decision> decisions(std::string_view activity_id) const override;
    std::vector<sdk::ProcessStep> steps(std::string_view activity_id) const override { return reg_.steps(activity_id); }
    std::optional<sdk::Closure> closure(std::string_view activity_id) const override { return reg_.closure(activity_id); }
    std::optional<sdk::Assessment> stored_assessment(std::string_view activity_id) const override;
    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area_id) const override {
        return reg_.signals(provider, area_id);
    }
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure, std::string_view provider) const override {
        return reg_.indicator_series(key_figure, provider);
    }

private:
    void catch_up() const;
    const MemoryRegister& reg_;
    mutable std::size_t findings_seen_ = 0, decisions_seen_ = 0, assessments_seen_ = 0;
    mutable std::map<std::string, std::vector<std::size_t>, std::less<>> findings_, decisions_;
    mutable std::map<std::string, std::size_t, std::less<>> assessments_;
};

// ---- the people and places (people_and_places.cpp) ----

/// The example municipality's providers, area by area: their names, ownership and quality, and
/// when they were authorized.
std::vector<SimProvider> make_providers(const MunicipalityConfig& config, Random& rnd, int first_year, int last_year);
/// At the end of a simulated year: a few providers de-authorized and some of the weakest revoked,
/// each a month after its last follow-up (so the example shows authorizations ending every year).
/// A revocation is the board's decision on that follow-up: `revoke_on` records it (returning
/// false when the area's sanction ladder has no revocation or there is no follow-up to decide
/// on: the provider is de-authorized instead).
void end_some_authorizations(const std::vector<SimProvider>& providers, MemoryRegister& reg, int in_year,
                             const std::function<bool(const std::string& org, const std::string& area, sdk::Date on)>& revoke_on);
/// Puts the providers, their authorizations and their units (named, with addresses) on record.
void register_providers(const std::vector<SimProvider>& providers, const MunicipalityConfig& config, MemoryRegister& reg, Random& rnd);

// ---- the simulated years (simulated_years.cpp) ----

/// What the simulated years leave beside the in-memory register: the records that the models do
/// not read back from it while the years run.
struct History {
    std::vector<std::pair<std::string, sdk::Closure>> closures;
    std::vector<Row> assessments;
    std::map<std::string, std::vector<Row>> assessment_deficiencies;  ///< by follow-up: its assessment's rows
    std::vector<std::pair<std::string, sdk::Evidence>> evidence;
    std::vector<std::pair<std::string, sdk::ProcessStep>> steps;
};

/// Indicators and signals, year by year: what the models read besides follow-ups.
void simulate_indicators_and_signals(const MunicipalityConfig& config, const std::vector<SimProvider>& providers,
                                     const SwedishCalendar& calendar, Random& rnd, int first_year, int last_year,
                                     MemoryRegister& reg);
/// The years: each board's model plans, the visits happen, the model assesses and the board
/// decides. Then what the models plan for the last year and is not done stays on record as planned.
History simulate_follow_ups(const MunicipalityConfig& config, const BoardModels& models, const std::vector<SimProvider>& providers,
                            const SwedishCalendar& calendar, Random& rnd, int first_year, int last_year, MemoryRegister& reg);

/// Every done follow-up assessed again with its whole past on record, and the signals answered
/// (simulate_follow_ups ends with it; simulated_years.cpp says why).
void reassess_in_order(const MunicipalityConfig& config, const BoardModels& models, const std::map<std::string, sdk::Provider>& provider_rows,
                       MemoryRegister& reg, History& history);

// ---- the CSV writing (csv_writing.cpp) ----

/// The council's programmes for private providers (kommunallagen 10 kap. 7 §), one per term of
/// office of the years first_year .. last_year: rows of `programmes`.
std::vector<Row> council_programmes(int first_year, int last_year);

/// One file per kind into `out`, from the register the years filled and their history.
DemoSummary write_municipality(const std::filesystem::path& out, const MunicipalityConfig& config, const MemoryRegister& reg,
                               const History& history, Random& rnd, int first_year, int last_year);

}  // namespace followup::core::demo
