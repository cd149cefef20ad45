// A board's plugin that aborts, segfaults, calls exit() or hangs never takes `followup` down:
// the real binary, the example municipality's five boards and a sixth board whose plugin
// misbehaves in one call (tests/plugins/test_plugin.cpp, TEST_MISBEHAVES), chosen with
// FOLLOWUP_TEST_MISBEHAVE="HOW:CALL".
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <functional>
#include <sstream>
#include <thread>

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
    /// Adds `keys` to the configuration's [plugins] table.
    void add_plugin_keys(const std::string& keys) {
        std::string municipality = read_file(config());
        const std::string table = "[plugins]\n";
        municipality.replace(municipality.find(table), table.size(), table + keys);
        write_file(config(), municipality);
    }
    /// Three follow-ups t1, t2, t3 of the sixth board, done, to import (each is assessed).
    fs::path three_follow_ups() {
        std::string csv = "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n";
        for (const char* id : {"t1", "t2", "t3"})
            csv += std::string(id) + ";559000-0005;;test_area;tillsyn;2025-01-01;2025-06-30;2025-03-03;done;;planned\n";
        write_file(dir / "fu.csv", csv);
        return dir / "fu.csv";
    }
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

// ---- The children are contained: what a plugin prints, answers, allocates or starts ----

/// What a command wrote to stdout alone, and to stderr alone.
struct Split {
    int exit_code = -1;
    std::string out, err;
};
Split run_split(const std::string& command, const fs::path& dir) {
    const fs::path err = dir / "stderr.txt";
    const auto r = run("{ " + command + " 2>" + quoted(err) + "; }");
    return {r.exit_code, r.output, read_file(err)};
}

/// Whether the process `pid` is gone (or only a zombie about to be reaped), waiting up to 5 s.
bool gone(pid_t pid) {
    for (int i = 0; i < 50; ++i) {
        if (::kill(pid, 0) != 0 && errno == ESRCH) return true;
        const std::string stat = read_file(fs::path("/proc") / std::to_string(pid) / "stat");
        if (const auto paren = stat.rfind(')'); paren != std::string::npos && stat.size() > paren + 2 && stat[paren + 2] == 'Z') return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

// Issue 30: "A plugin that prints … fails its own call with a located message; followup's stdout
// carries only followup's output." What it printed is logged (named, escaped, capped) so that its
// author sees what it was; the call fails, as a crash does, naming the plugin and the call.
TEST_F(CliIsolation, APluginThatPrintsFailsItsCallWithALocatedMessageAndStdoutCarriesNothingOfIt) {
    // The long-lived child (plan_year), a child of its own (configure) and the trial of loading (create).
    for (const std::string call : {"plan_year", "configure", "create"}) {
        const Split r = run_split(followup("plan --year 2025 --dry-run --format csv", "print:" + call), dir.path());
        EXPECT_EQ(r.exit_code, 1) << call << "\n" << r.err.substr(0, 2000);
        EXPECT_THAT(r.out, Not(HasSubstr("junk"))) << call;
        EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << call;
        // The failure, located: the plugin, the call, what it did and what a plugin does instead.
        const std::string where = call == "create" ? "loading the library and making its model printed"
                                                   : "plugin 'misbehaves' failed in " + call + "(): printed";
        EXPECT_THAT(r.err, HasSubstr(where)) << call << "\n" << r.err.substr(0, 3000);
        EXPECT_THAT(r.err, HasSubstr("line(s) on its standard output or error")) << call;
        EXPECT_THAT(r.err, HasSubstr("HostServices::logger()")) << call;
        // What it printed, named, escaped, and cut after the first few lines.
        EXPECT_THAT(r.err, HasSubstr("printed: junk 0 \\x1b[2J\\x1b[31mred\\x1b[0m\\x07")) << call << "\n" << r.err.substr(0, 2000);
        EXPECT_THAT(r.err, HasSubstr("more line(s)")) << call;
        EXPECT_THAT(r.err, HasSubstr("of output dropped")) << call;
        EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << call << ": a raw escape reached the terminal";
        EXPECT_EQ(r.err.find("\xe2\x80\xae"), std::string::npos) << call << ": a raw right-to-left override";
        EXPECT_LT(r.err.size(), 64u * 1024) << call << ": capped";
    }
    const Split r = run_split(followup("plan --year 2025 --dry-run --format csv", "print:plan_year"), dir.path());
    EXPECT_THAT(r.err, HasSubstr("plugin 'misbehaves' in plan_year() printed:"));
}

TEST_F(CliIsolation, APluginThatPrintsDuringTheCompilationOrItsCheckFailsAndStaysOffStdout) {
    const Split compiled = run_split(followup("compile --year 2025 --date 2026-01-01 --format json --out " + quoted(dir / "out"),
                                              "print:write_section"),
                                     dir.path());
    EXPECT_EQ(compiled.exit_code, 1) << compiled.err.substr(0, 3000);
    EXPECT_THAT(compiled.out, Not(HasSubstr("junk")));
    EXPECT_THAT(compiled.err, HasSubstr("printed: junk 0"));
    EXPECT_THAT(compiled.err, HasSubstr("plugin 'misbehaves' failed in write_section(): printed"));
    const Split checked = run_split("FOLLOWUP_TEST_MISBEHAVE=print:describe " + followup_binary() + " plugins check " +
                                        quoted(test_plugin("misbehaves")),
                                    dir.path());
    EXPECT_EQ(checked.exit_code, 1) << checked.out << checked.err;
    EXPECT_THAT(checked.out, Not(HasSubstr("junk")));
    EXPECT_THAT(checked.out, HasSubstr("line(s) on its standard output or error"));
    EXPECT_THAT(checked.err, HasSubstr("printed: junk 0"));
}

// A plugin that prints while it assesses one follow-up of a batch fails that follow-up only: the
// long-lived child tells the follow-ups apart by what came before each one's answer.
TEST_F(CliIsolation, APluginThatPrintsWhileAssessingFailsThatAssessmentOnly) {
    const Split r = run_split(followup("import follow_ups " + quoted(three_follow_ups()), "print:assess:t2"), dir.path());
    EXPECT_THAT(r.out + r.err, HasSubstr("plugin 'misbehaves' failed in assess(): printed")) << r.out << r.err.substr(0, 3000);
    EXPECT_THAT(r.out, Not(HasSubstr("junk")));
    EXPECT_EQ(register_.sql("SELECT follow_up FROM assessments ORDER BY follow_up;").output, "t1\nt3\n");
}

/// How each nonsense answer is named: the field, what was found, what was expected.
std::string expected_refusal(const std::string& how, const std::string& call) {
    if (call == "assess") {
        if (how == "bad_kind") return "its answer's proposed.kind is 42 (not one of its values); expected one of no_action, pointed_out";
        if (how == "bad_date") return "its answer's next_due is ";
        if (how == "reversed_window") return "its answer's recheck is 2026-06-30 – 2026-01-01, ending before it starts; expected a first day on or before the last";
        return "its answer's explanation is 5242880 bytes long ('xxxx";
    }
    if (how == "bad_kind") return ".trigger is 7 (not one of its values); expected one of planned, signal";
    if (how == "bad_date") return ".window.first is ";
    if (how == "reversed_window") return ".window is 2025-12-31 – 2025-01-01, ending before it starts";
    return ".reason is 5242880 bytes long";
}

TEST_F(CliIsolation, ANonsenseAssessmentFailsItsFollowUpWithTheFieldWhatWasFoundAndWhatWasExpected) {
    for (const std::string how : {"bad_kind", "bad_date", "reversed_window", "huge_text"})
        for (const std::string trust : {"", "--trust-plugins "}) {
            TestRegister fresh{dir / (how + (trust.empty() ? "" : "-trusted") + ".sqlite")};
            ASSERT_EQ(run(followup_command(config(), fresh, "import providers " + quoted(small_fixture("providers")))).exit_code, 0);
            const auto r = run("FOLLOWUP_TEST_MISBEHAVE=" + how + ":assess:t2 " +
                               followup_command(config(), fresh, trust + "import follow_ups " + quoted(three_follow_ups())));
            EXPECT_EQ(r.exit_code, 1) << how << " " << trust << r.output;
            EXPECT_THAT(r.output, HasSubstr("plugin 'misbehaves' failed in assess(): for follow-up 't2': " + expected_refusal(how, "assess")))
                << how << " " << trust << r.output;
            if (how == "bad_date") {
                EXPECT_THAT(r.output, HasSubstr("expected a date in the years 1990–2100"));
            }
            EXPECT_LT(r.output.size(), 10'000u) << "the 5 MB text is not repeated";
            const auto assessed = run(followup_command(config(), fresh, "export assessments"));
            EXPECT_THAT(assessed.output, HasSubstr("t1;")) << how << " " << trust;
            EXPECT_THAT(assessed.output, HasSubstr("t3;")) << how << " " << trust;
            EXPECT_THAT(assessed.output, Not(HasSubstr("t2;"))) << how << " " << trust;
        }
}

TEST_F(CliIsolation, ANonsensePlanFailsItsBoardWithTheItemAndTheField) {
    for (const std::string how : {"bad_kind", "bad_date", "reversed_window", "huge_text"}) {
        const auto r = run(followup("plan --year 2025 --dry-run --format csv --out " + quoted(dir / "plan.csv"), how + ":plan_year"));
        EXPECT_EQ(r.exit_code, 1) << how << r.output;
        EXPECT_THAT(r.output, HasSubstr("plugin 'misbehaves' failed in plan_year(): for board 'test', year 2025: its answer's plan[0] (provider "))
            << how << r.output;
        EXPECT_THAT(r.output, HasSubstr(expected_refusal(how, "plan_year"))) << how << r.output;
    }
}

TEST_F(CliIsolation, APluginThatAllocatesWithoutEndFailsItsCallAtTheMemoryLimit) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    GTEST_SKIP() << "a sanitizer build applies no memory limit (its allocator reserves far more than any limit)";
#endif
    add_plugin_keys("child_memory_mib = 256\n");
    const auto [r, took] = timed(followup("plan --year 2025 --dry-run --format csv --out " + quoted(dir / "plan.csv"), "allocate:plan_year"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("plugin 'misbehaves' failed in plan_year(): ran out of memory: it may use 256 MiB beyond what its "
                                    "process had when it started (the [plugins] child_memory_mib limit)"))
        << r.output;
    EXPECT_LT(took, std::chrono::seconds(20));
    // A batch of assessments in a child of its own: the one follow-up fails, the others are assessed.
    const auto imported = run(followup("import follow_ups " + quoted(three_follow_ups()), "allocate:assess:t2"));
    EXPECT_EQ(imported.exit_code, 1) << imported.output;
    EXPECT_THAT(imported.output, HasSubstr("plugin 'misbehaves' failed in assess(): ran out of memory")) << imported.output;
    const auto assessed = run(followup("export assessments"));
    EXPECT_THAT(assessed.output, HasSubstr("t1;"));
    EXPECT_THAT(assessed.output, HasSubstr("t3;"));
}

TEST_F(CliIsolation, APluginThatSpinsFailsItsCallAtTheCpuLimit) {
    std::string municipality = read_file(config());
    municipality.replace(municipality.find("call_timeout_seconds = 2"), 24, "call_timeout_seconds = 60");
    write_file(config(), municipality);
    add_plugin_keys("child_cpu_seconds = 1\n");
    const auto [r, took] = timed(followup("plan --year 2025 --dry-run --format csv --out " + quoted(dir / "plan.csv"), "spin:plan_year"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("plugin 'misbehaves' failed in plan_year(): used up the CPU time its process may use (the [plugins] "
                                    "child_cpu_seconds limit)"))
        << r.output;
    // Stopped by the CPU limit, before the call's own time limit (60 s above) would have stopped it.
    EXPECT_LT(took, std::chrono::seconds(60));
}

TEST_F(CliIsolation, AProcessAPluginStartsFailsItsCallAndDoesNotOutliveFollowup) {
    const fs::path pid_file = dir / "grandchild.pid";
    auto grandchild = [&] {
        const std::string text = read_file(pid_file);
        return text.empty() ? pid_t{0} : static_cast<pid_t>(std::stol(text));
    };
    // The long-lived child, a compilation's child and a batch of assessments' child.
    const std::vector<std::pair<std::string, std::string>> ways{
        {"fork:plan_year", "plan --year 2025 --dry-run --format csv --out " + quoted(dir / "plan.csv")},
        {"fork:write_section", "compile --year 2025 --date 2026-01-01 --format json --out " + quoted(dir / "out")},
        {"fork:assess:t2", "import follow_ups " + quoted(three_follow_ups())}};
    for (const auto& [how, command] : ways) {
        fs::remove(pid_file);
        const auto r = run("FOLLOWUP_TEST_GRANDCHILD_FILE=" + quoted(pid_file) + " " + followup(command, how));
        EXPECT_EQ(r.exit_code, 1) << how << r.output;
        const std::string call = how.substr(5, how.find(':', 5) == std::string::npos ? std::string::npos : how.find(':', 5) - 5);
        EXPECT_THAT(r.output, HasSubstr("plugin 'misbehaves' failed in " + call + "(): left a process it started running when the call returned"))
            << how << r.output;
        const pid_t pid = grandchild();
        ASSERT_GT(pid, 0) << how << ": the test plugin did not start its process";
        EXPECT_TRUE(gone(pid)) << how << ": process " << pid << " outlived followup";
    }
}

TEST_F(CliIsolation, WhenFollowupIsStoppedNoProcessOfAPluginRemains) {
    // followup is sent SIGTERM (as a service manager stops it; Ctrl-C alike) while the plugin's
    // child waits in plan_year beside a process it started: both go with followup.
    const fs::path pid_file = dir / "grandchild.pid";
    std::string municipality = read_file(config());
    municipality.replace(municipality.find("call_timeout_seconds = 2"), 24, "call_timeout_seconds = 60");
    write_file(config(), municipality);
    const auto r = run("FOLLOWUP_TEST_GRANDCHILD_FILE=" + quoted(pid_file) + " " +
                       followup("plan --year 2025 --dry-run --format csv --out " + quoted(dir / "plan.csv"), "fork_hang:plan_year") +
                       " & f=$!; for i in $(seq 100); do [ -s " + quoted(pid_file) + " ] && break; sleep 0.1; done; kill -TERM $f; wait $f; "
                       "echo \"followup ended: $?\"");
    EXPECT_THAT(r.output, HasSubstr("followup ended: 143")) << r.output;  // 128 + SIGTERM: it ended as the signal says
    const std::string text = read_file(pid_file);
    ASSERT_FALSE(text.empty()) << r.output;
    const auto pid = static_cast<pid_t>(std::stol(text));
    EXPECT_TRUE(gone(pid)) << "process " << pid << " outlived followup";
}

TEST_F(CliIsolation, PluginsCheckReportsAnExitWithCodeZeroInAnyCall) {
    for (const std::string call : {"create", "describe", "regulation_claims"}) {
        const auto r = run("FOLLOWUP_TEST_MISBEHAVE=exit0:" + call + " " + followup_binary() + " plugins check " + quoted(test_plugin("misbehaves")));
        EXPECT_EQ(r.exit_code, 1) << call << "\n" << r.output;
        EXPECT_THAT(r.output, HasSubstr("exit(0)")) << call << "\n" << r.output;
        EXPECT_THAT(r.output, Not(HasSubstr("OK\n"))) << call;
    }
    const auto r = run("FOLLOWUP_TEST_MISBEHAVE=exit0:describe " + followup_binary() + " plugins check " + quoted(test_plugin("misbehaves")));
    EXPECT_THAT(r.output, HasSubstr("ended the checking process with exit(0) during describe()"));
}

TEST_F(CliIsolation, TheChildLimitsAreCheckedWhenTheConfigurationIsRead) {
    add_plugin_keys("child_memory_mib = -5\nchild_cpu_seconds = \"an hour\"\n");
    const auto r = run(followup("validate"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("plugins.child_memory_mib"));
    EXPECT_THAT(r.output, HasSubstr("plugins.child_cpu_seconds"));
}

}  // namespace
