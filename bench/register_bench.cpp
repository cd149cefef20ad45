// Import throughput of the register: findings (the most numerous record) from CSV into a fresh
// SQLite register, with every row checked and audited, as `followup import findings` does.
//
//   build/release/bin/register_bench --benchmark_counters_tabular=true
//
// rows/s is the "items_per_second" counter. Results and the machine: docs/performance.md.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>
#include <string>

#include "store/importer.hpp"
#include "store/sqlite_register.hpp"

namespace fs = std::filesystem;
using namespace followup::core;

namespace {

std::string org_number(int serial) { return org_number_with_check_digit("556" + std::to_string(100000 + serial % 900000)); }

struct Fixture {
    fs::path dir;
    std::string findings_csv;
    std::size_t rows = 0;

    explicit Fixture(std::size_t follow_ups) {
        dir = fs::temp_directory_path() / ("followup-bench-" + std::to_string(std::random_device{}()));
        fs::create_directories(dir);
        const char* grades[] = {"tillfredsstallande", "kan_utvecklas", "mindre_brist", "allvarlig_brist"};
        findings_csv = "follow_up;condition;scale;grade;text;basis\n";
        for (std::size_t f = 0; f < follow_ups; ++f)
            for (int c = 0; c < 5; ++c, ++rows)
                findings_csv += "f" + std::to_string(f) + ";villkor" + std::to_string(c) + ";tillsyn4;" +
                                grades[(f * 7 + static_cast<std::size_t>(c)) % 4] + ";Iakttagelse vid besöket;besök\n";
    }
    ~Fixture() { fs::remove_all(dir); }

    /// A register with the providers and follow-ups the findings refer to.
    std::unique_ptr<Register> fresh_register(std::size_t follow_ups, int round) const {
        const fs::path file = dir / ("r" + std::to_string(round) + ".sqlite");
        auto store = open_sqlite_register(file);
        std::string providers = "org_number;name;ownership;continuity_plan\n";
        for (int p = 0; p < 500; ++p) providers += org_number(p) + ";Anordnare " + std::to_string(p) + ";private;\n";
        std::string activities = "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n";
        for (std::size_t f = 0; f < follow_ups; ++f)
            activities += "f" + std::to_string(f) + ";" + org_number(static_cast<int>(f % 500)) +
                          ";;forskola;tillsyn;2025-01-01;2025-12-31;2025-05-05;done;;planned\n";
        import_csv(*store, *find_record_kind("providers"), providers, nullptr, "bench", false);
        import_csv(*store, *find_record_kind("follow_ups"), activities, nullptr, "bench", false);
        return store;
    }
};

void BM_ImportFindings(benchmark::State& state) {
    const auto follow_ups = static_cast<std::size_t>(state.range(0));
    Fixture fixture(follow_ups);
    int round = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto store = fixture.fresh_register(follow_ups, round++);
        state.ResumeTiming();
        const ImportReport report = import_csv(*store, *find_record_kind("findings"), fixture.findings_csv, nullptr, "bench", false);
        if (!report.written) state.SkipWithError("the import failed");
        benchmark::DoNotOptimize(report.inserted);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * fixture.rows));
    state.counters["rows"] = static_cast<double>(fixture.rows);
}
BENCHMARK(BM_ImportFindings)->Arg(20000)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
