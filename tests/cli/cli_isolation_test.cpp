// A board's plugin that aborts, segfaults, calls exit() or hangs never takes `followup` down:
// the real binary, the example municipality's five boards and a sixth board whose plugin
// misbehaves in one call (tests/plugins/test_plugin.cpp, TEST_MISBEHAVES), chosen with
// FOLLOWUP_TEST_MISBEHAVE="HOW:CALL".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <functional>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

/// The example municipality copied, with a sixth board "test" run by the misbehaving plugin and
/// a two-second limit per plugin call.
class CliIsolation : public testing::Test {
protected:
    void SetUp() override {
        fs::copy(example_config().parent_path(), dir / "config", fs::copy_options::recursive);
        std::string municipality = read_file(config());
        const std::string include = "include = [\n";
        municipality.replace(municipality.find(include), include.size(),
                             include + "    \"test.toml\",\n");
        const std::string prefix = "reference_prefix = \"KFKS\"\n";
        municipality.replace(municipality.find(prefix), prefix.size(),
                             prefix + "plugin_dirs = [\"" + test_plugin_dir("misbehaves").string() + "\"]\n");
        municipality += "\n[plugins]\ncall_timeout_seconds = 2\n";
        write_file(config(), municipality);
        write_file(dir / "config" / "test.toml",
                   "[board]\nid = \"test\"\nname = \"Testnämnden\"\nplugin = \"misbehaves\"\nscale = \"tillsyn4\"\n"
                   "[[areas]]\nid = \"test_area\"\nname = \"Testområde\"\nlegal_basis = \"LOV\"\n"
                   "[[forms]]\nid = \"tillsyn\"\nname = \"Tillsyn\"\nmay_sanction = true\nvisit = false\n");
        const auto r = run(followup("import providers " + quoted(small_fixture("providers"))));
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }

    fs::path config() const { return dir / "config" / "municipality.toml"; }
    std::string followup(const std::string& args, const std::string& misbehave = "") const {
        return (misbehave.empty() ? "" : "FOLLOWUP_TEST_MISBEHAVE=" + misbehave + " ") +
               followup_command(config(), register_, args);
    }

    /// Runs `command` and how long it took.
    static std::pair<CommandResult, std::chrono::steady_clock::duration> timed(const std::string& command) {
        const auto started = std::chrono::steady_clock::now();
        CommandResult r = run(command);
        return {std::move(r), std::chrono::steady_clock::now() - started};
    }

    TempDir dir;
    TestRegister register_{dir / "r.sqlite"};
};

std::string expected_ending(const std::string& how) {
    if (how == "abort") return "crashed with signal 6";
    if (how == "segfault") return "crashed with signal 11";
    if (how == "exit") return "ended the process with exit(3)";
    return "did not return within 2 s";
}

/// Every board's section of the compilation (id "board-…"), depth first.
void board_sections(const nlohmann::json& sections, std::vector<nlohmann::json>& out) {
    for (const auto& s : sections) {
        if (s.contains("id") && s["id"].get<std::string>().rfind("board-", 0) == 0) out.push_back(s);
        if (s.contains("sections")) board_sections(s["sections"], out);
    }
}

class CliIsolationCompile : public CliIsolation,
                            public testing::WithParamInterface<std::tuple<std::string, std::string>> {};

TEST_P(CliIsolationCompile, EveryOtherBoardsSectionComesOutTheBadOneIsLocatedAndTheExitCodeSaysSo) {
    const auto& [how, call] = GetParam();
    const auto [r, took] = timed(followup("compile --year 2025 --date 2026-01-01 --format json,html --out " + quoted(dir / "out"),
                                          how + ":" + call));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    // Nothing waits much longer than the limit (a hang is stopped at 2 s; compile calls the model
    // a few times, each with its own limit, but the first stopped call fails the board).
    EXPECT_LT(took, std::chrono::seconds(20)) << r.output;
    const fs::path json = dir / "out" / "samlad-uppfoljning-2025.json";
    ASSERT_TRUE(fs::exists(json)) << r.output;
    EXPECT_TRUE(fs::exists(dir / "out" / "samlad-uppfoljning-2025.html"));
    const auto doc = nlohmann::json::parse(read_file(json));
    std::vector<nlohmann::json> boards;
    board_sections(doc["sections"], boards);
    std::size_t failed = 0, fine = 0;
    for (const auto& b : boards) {
        if (b["failed"] == true) {
            ++failed;
            const std::string failure = b["failure"].get<std::string>();
            EXPECT_THAT(failure, HasSubstr("misbehaves"));
            if (call != "create") EXPECT_THAT(failure, HasSubstr("failed in " + call + "(): " + expected_ending(how)));
            else EXPECT_THAT(failure, HasSubstr(expected_ending(how)));
        } else {
            ++fine;
        }
    }
    EXPECT_EQ(failed, 1u) << r.output;
    EXPECT_EQ(fine, 5u) << r.output;
    EXPECT_THAT(r.output, HasSubstr("is marked as failed"));
}

INSTANTIATE_TEST_SUITE_P(EveryWayInEveryCall, CliIsolationCompile,
                         testing::Combine(testing::Values("abort", "segfault", "exit", "hang"),
                                          testing::Values("create", "configure", "plan_year", "write_section")),
                         [](const auto& test) { return std::get<0>(test.param) + "_in_" + std::get<1>(test.param); });

TEST_F(CliIsolation, ValidateReportsAModelThatDiesWhileBeingMadeOrConfigured) {
    for (const std::string how : {"abort", "segfault", "exit", "hang"})
        for (const std::string call : {"create", "describe", "configure"}) {
            const auto [r, took] = timed(followup("validate", how + ":" + call));
            EXPECT_EQ(r.exit_code, 1) << how << ":" << call << "\n" << r.output;
            EXPECT_THAT(r.output, HasSubstr("misbehaves")) << how << ":" << call;
            EXPECT_THAT(r.output, HasSubstr(expected_ending(how))) << how << ":" << call << "\n" << r.output;
            EXPECT_LT(took, std::chrono::seconds(10)) << how << ":" << call;
        }
}

TEST_F(CliIsolation, PlanReportsTheBoardWhoseModelDiedAndPlansTheOthers) {
    for (const std::string how : {"abort", "segfault", "exit", "hang"}) {
        const auto r = run(followup("plan --year 2025 --dry-run --format csv --out " + quoted(dir / "plan.csv"), how + ":plan_year"));
        EXPECT_EQ(r.exit_code, 1) << r.output;
        EXPECT_THAT(r.output, HasSubstr("plugin 'misbehaves' failed in plan_year(): " + expected_ending(how)));
        EXPECT_TRUE(fs::exists(dir / "plan.csv")) << r.output;
    }
}

TEST_F(CliIsolation, AnImportWhoseAssessmentCrashesKeepsItsRowsAndReportsThatFollowUpOnly) {
    std::string csv = "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n";
    for (const char* id : {"t1", "t2", "t3"})
        csv += std::string(id) + ";559000-0005;;test_area;tillsyn;2025-01-01;2025-06-30;2025-03-03;done;;planned\n";
    write_file(dir / "fu.csv", csv);
    const auto r = run(followup("import follow_ups " + quoted(dir / "fu.csv"), "segfault:assess:t2"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("imported"));
    EXPECT_THAT(r.output, HasSubstr("plugin 'misbehaves' failed in assess(): crashed with signal 11"));
    const auto assessed = run(followup("export assessments"));
    EXPECT_THAT(assessed.output, HasSubstr("t1;"));
    EXPECT_THAT(assessed.output, HasSubstr("t3;"));
    EXPECT_THAT(assessed.output, Not(HasSubstr("t2;")));
    EXPECT_THAT(run(followup("export follow_ups")).output, HasSubstr("t2;"));  // the row itself is kept
}

TEST_F(CliIsolation, PluginsCheckStopsAHangAtItsTimeout) {
    const auto [r, took] = timed("FOLLOWUP_TEST_MISBEHAVE=hang:describe " + followup_binary() + " plugins check --timeout 2 " +
                                 quoted(test_plugin("misbehaves")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("did not return from describe() within 2 s"));
    EXPECT_LT(took, std::chrono::seconds(10));
    const auto exited = run("FOLLOWUP_TEST_MISBEHAVE=exit:describe " + followup_binary() + " plugins check " +
                            quoted(test_plugin("misbehaves")));
    EXPECT_EQ(exited.exit_code, 1) << exited.output;
    EXPECT_THAT(exited.output, HasSubstr("ended the checking process with exit(3) during describe()"));
}

TEST_F(CliIsolation, TrustPluginsRunsThemInProcessAndACrashThenEndsTheCommand) {
    const auto fine = run(followup("compile --year 2025 --date 2026-01-01 --format json --out " + quoted(dir / "out"), ""));
    EXPECT_EQ(fine.exit_code, 0) << fine.output;
    const auto trusted = run(followup("--trust-plugins compile --year 2025 --date 2026-01-01 --format json --out " +
                                      quoted(dir / "out2"), "abort:write_section"));
    EXPECT_NE(trusted.exit_code, 0);
    EXPECT_NE(trusted.exit_code, 1) << "in-process, an abort ends the command itself";
}

}  // namespace
