// The hot paths, one at a time: date rules, a board model's assessment, loading the five board
// plugins, and the compilation's aggregation over the example municipality.
//
//   build/release/bin/hot_paths_bench [--benchmark_filter=...]
//
// The last two need the example register: followup --db build/example/register.sqlite demo
// generate --scale municipality --seed 1 --out build/example --import (the README's first command).
#include <benchmark/benchmark.h>

#include <filesystem>

#include "calendar/swedish_calendar.hpp"
#include "config/municipality_config.hpp"
#include "host/board_models.hpp"
#include "store/memory_register.hpp"
#include "report/compile.hpp"
#include "store/register_snapshot.hpp"
#include "store/sqlite_register.hpp"

namespace fs = std::filesystem;
namespace sdk = followup::sdk;
using namespace followup::core;
using namespace std::chrono;

namespace {

const fs::path source = FOLLOWUP_SOURCE_DIR;

void BM_AddMonthsClamped(benchmark::State& state) {
    SwedishCalendar calendar;
    sdk::Date day = year{2024} / 1 / 31;
    for (auto _ : state) {
        day = calendar.add_months(day, 1);
        benchmark::DoNotOptimize(day);
        if (day.year() > year{2090}) day = year{2024} / 1 / 31;
    }
}
BENCHMARK(BM_AddMonthsClamped);

void BM_IsWorkingDay(benchmark::State& state) {
    SwedishCalendar calendar;
    sys_days d{year{2025} / 1 / 1};
    for (auto _ : state) {
        benchmark::DoNotOptimize(calendar.is_working_day(d));
        d += days{1};
        if (d > sys_days{year{2030} / 1 / 1}) d = sys_days{year{2025} / 1 / 1};
    }
}
BENCHMARK(BM_IsWorkingDay);

struct Loaded {
    MunicipalityConfig config;
    MemoryRegister memory;
    SwedishCalendar calendar;
    std::unique_ptr<PluginHost> host;
    BoardModels models;
    explicit Loaded(bool isolated = false) {
        config = load_configuration(source / "config" / "municipality.toml").config;
        host = std::make_unique<PluginHost>(HostContext{memory, config.scales, calendar}, std::map<std::string, std::string>{},
                                            PluginCalls{isolated, std::chrono::seconds(60)});
        Diagnostics problems;
        models = configure_board_models(config, *host, problems);
    }
};

void BM_LoadAndConfigureFivePlugins(benchmark::State& state) {
    const MunicipalityConfig loaded = load_configuration(source / "config" / "municipality.toml").config;
    for (auto _ : state) {
        MunicipalityConfig config = loaded;  // plugins may add the scales they ship
        MemoryRegister memory;
        SwedishCalendar calendar;
        // Arg 0: in-process (--trust-plugins); 1: isolated, each call in a child (the default).
        PluginHost host({memory, config.scales, calendar}, {}, PluginCalls{state.range(0) != 0, std::chrono::seconds(60)});
        Diagnostics problems;
        const BoardModels models = configure_board_models(config, host, problems);
        if (models.by_board.size() != 5) state.SkipWithError("the five plugins did not load");
    }
}
BENCHMARK(BM_LoadAndConfigureFivePlugins)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_EducationAssessment(benchmark::State& state) {
    Loaded l(state.range(0) != 0);  // Arg 0: in-process; 1: isolated (a child process per call)
    const std::string org = "556036-0793";
    l.memory.providers.push_back({org, "Förskolan Ekorren AB", sdk::Ownership::private_company});
    l.memory.authorizations_list.push_back({org, "forskola", sdk::AuthorizationStatus::active, year{2015} / 1 / 1, std::nullopt});
    for (int y = 2019; y < 2025; ++y)
        l.memory.activities.push_back({"h" + std::to_string(y), "tillsyn", "forskola", org, "", {year{y} / 3 / 1, year{y} / 3 / 1},
                                       sdk::Date{year{y} / 3 / 1}, sdk::ActivityStatus::done, "", sdk::Trigger::planned});
    sdk::FollowUpRecord record{{"now", "tillsyn", "forskola", org, "", {year{2025} / 5 / 6, year{2025} / 5 / 6}, sdk::Date{year{2025} / 5 / 6},
                                sdk::ActivityStatus::done, "", sdk::Trigger::planned},
                               l.memory.providers[0],
                               {{"now", "barngrupper", {"tillsyn4", "mindre_brist"}, "", ""}, {"now", "lokaler", {"tillsyn4", "tillfredsstallande"}, "", ""}},
                               {},
                               {}};
    auto& plugin = *l.models.by_board.at("utbildning");
    for (auto _ : state) benchmark::DoNotOptimize(plugin.assess(record));
}
BENCHMARK(BM_EducationAssessment)->Arg(0)->Arg(1);

// A thousand assessments at once, as `import` and `assess --all` ask (assess_each): isolated, one
// child for all of them.
void BM_EducationAssessThousand(benchmark::State& state) {
    Loaded l(state.range(0) != 0);
    const std::string org = "556036-0793";
    l.memory.providers.push_back({org, "Förskolan Ekorren AB", sdk::Ownership::private_company});
    sdk::FollowUpRecord record{{"now", "tillsyn", "forskola", org, "", {year{2025} / 5 / 6, year{2025} / 5 / 6}, sdk::Date{year{2025} / 5 / 6},
                                sdk::ActivityStatus::done, "", sdk::Trigger::planned},
                               l.memory.providers[0],
                               {{"now", "barngrupper", {"tillsyn4", "mindre_brist"}, "", ""}},
                               {},
                               {}};
    const std::vector<const sdk::FollowUpRecord*> records(1000, &record);
    auto& plugin = *l.models.by_board.at("utbildning");
    for (auto _ : state) benchmark::DoNotOptimize(plugin.assess_each(records));
}
BENCHMARK(BM_EducationAssessThousand)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_CompileExampleMunicipality(benchmark::State& state) {
    const fs::path db = source / "build" / "example" / "register.sqlite";
    if (!fs::exists(db)) {
        state.SkipWithError("no example register: run the README's first command");
        return;
    }
    MunicipalityConfig config = load_configuration(source / "config" / "municipality.toml").config;
    auto store = open_sqlite_register(db);
    const RegisterSnapshot snapshot(*store);  // as `followup compile` reads it (timed below)
    SwedishCalendar calendar;
    PluginHost host({snapshot, config.scales, calendar});
    Diagnostics problems;
    BoardModels models = configure_board_models(config, host, problems);
    for (auto _ : state) {
        CompileInputs inputs{config, *store, snapshot, models.by_board, {}, calendar, 2025, Language::sv, "2026-03-08", "", nullptr};
        benchmark::DoNotOptimize(compile_document(inputs));
    }
}
BENCHMARK(BM_CompileExampleMunicipality)->Unit(benchmark::kMillisecond);

void BM_SnapshotExampleMunicipality(benchmark::State& state) {
    const fs::path db = source / "build" / "example" / "register.sqlite";
    if (!fs::exists(db)) {
        state.SkipWithError("no example register: run the README's first command");
        return;
    }
    auto store = open_sqlite_register(db);
    for (auto _ : state) {
        const RegisterSnapshot snapshot(*store);
        benchmark::DoNotOptimize(snapshot.follow_up_count());
    }
}
BENCHMARK(BM_SnapshotExampleMunicipality)->Unit(benchmark::kMillisecond);

}  // namespace
