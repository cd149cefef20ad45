// Commands never act on the wrong thing silently: a misspelled --db or --config is refused by
// every command (exit 1, a message, no file created; on PostgreSQL, a database that holds no
// register is refused and left empty); only the commands that put data in create a register,
// and say so; `plan` records nothing when its --out cannot be written; outputs are
// whole or absent.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

class CliRefusals : public CliTest {};

TEST_F(CliRefusals, EveryCommandThatReadsRefusesARegisterThatIsNotThereAndCreatesNone) {
    const TestRegister typo(dir / "regsiter.sqlite");
    for (const std::string& args : std::vector<std::string>{"compile --year 2025 --out " + quoted(dir / "out"), std::string("plan --year 2025 --dry-run"), std::string("plan --year 2025"),
          std::string("status"), "publish --year 2025 --out " + quoted(dir / "site"), std::string("export providers"),
          std::string("audit verify"), std::string("audit log"), "backup " + quoted(dir / "b.sqlite"),
          std::string("assess --all"), std::string("assess 559000-0005"),
          std::string("decide F-1 --kind remark --decided 2025-03-01"),
          std::string("case close F-1 --basis visit --reason gone"),
          std::string("authorization suspend --provider 559000-0005 --area forskola --on 2025-03-01"),
          std::string("record --id F-1 --provider 559000-0005 --area forskola --form tillsyn --done 2025-03-01")}) {
        const auto r = run(followup_command(config, typo, args));
        EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.output;
        EXPECT_THAT(r.output, HasSubstr(typo.missing_message())) << args;
        EXPECT_FALSE(typo.exists()) << args << " created the register it was not given";
        EXPECT_FALSE(fs::exists(dir / "b.sqlite")) << args;
    }
}

TEST_F(CliRefusals, ImportAndDemoCreateTheRegisterAndSaySo) {
    auto r = run(followup("import providers " + quoted(small_fixture("providers"))));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("created the register '" + register_location() + "'"));
    r = run(followup("import providers " + quoted(small_fixture("providers"))));
    EXPECT_THAT(r.output, Not(HasSubstr("created the register")));
    // A dry run writes nothing, not even a new register.
    const TestRegister other(dir / "other.sqlite");
    r = run(followup_command(config, other, "import providers --dry-run " + quoted(small_fixture("providers"))));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("no register at '" + other.location() + "' yet; checked as if it were empty"));
    EXPECT_FALSE(other.exists());
}

TEST_F(CliRefusals, AMisspelledConfigurationIsRefusedByEveryCommandAndNothingIsCreated) {
    ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }, {"providers"}));
    const fs::path typo = dir / "municipalty.toml";
    for (const std::string& args : std::vector<std::string>{"import providers " + quoted(small_fixture("providers")), std::string("validate"),
                                   "compile --year 2025 --out " + quoted(dir / "out"), std::string("export providers"),
                                   std::string("audit verify"), std::string("status")}) {
        const auto r = run(followup_command(typo, register_, args));
        EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.output;
        EXPECT_THAT(r.output, HasSubstr(typo.filename().string())) << args << "\n" << r.output;
    }
    EXPECT_FALSE(fs::exists(dir / "out"));
    // Run from another folder without one: import refuses instead of importing unchecked rows.
    TempDir elsewhere;
    const auto r = run("cd " + quoted(elsewhere.path()) + " && env -u FOLLOWUP_CONFIG " + followup_binary() + " --db " +
                       quoted(elsewhere / "r.sqlite") + " import providers " + quoted(small_fixture("providers")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("no configuration at"));
    EXPECT_FALSE(fs::exists(elsewhere / "r.sqlite"));
}

TEST_F(CliRefusals, PlanRecordsNothingWhenItsOutputCannotBeWritten) {
    ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }));
    const auto entries = [&] {
        const auto log = run(followup("audit log --kind follow_ups"));
        return log.output.substr(log.output.rfind('\n', log.output.size() - 2) + 1);
    };
    const std::string before = entries();
    const auto r = run(followup("plan --year 2026 --format csv --out " + quoted(dir / "no-such-folder" / "plan.csv")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("cannot write"));
    EXPECT_THAT(r.output, HasSubstr("nothing was written to the register"));
    EXPECT_EQ(entries(), before);
    // Written, the plan goes to the register too; no temporary file is left beside it.
    const auto ok = run(followup("plan --year 2026 --format csv --out " + quoted(dir / "plan.csv")));
    EXPECT_EQ(ok.exit_code, 0) << ok.output;
    EXPECT_NE(entries(), before);
    for (const auto& entry : fs::directory_iterator(dir.path()))
        EXPECT_THAT(entry.path().filename().string(), Not(HasSubstr(".tmp-")));
}

TEST_F(CliRefusals, AnOutputThatCannotBeWrittenLeavesNoFileBehind) {
    ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }, {"providers"}));
    // --out names a folder: the export is written beside it and the rename fails; nothing is left.
    fs::create_directories(dir / "taken" / "inside");
    const auto r = run(followup("export providers --out " + quoted(dir / "taken")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("cannot write '" + (dir / "taken").string() + "'"));
    for (const auto& entry : fs::directory_iterator(dir.path()))
        EXPECT_THAT(entry.path().filename().string(), Not(HasSubstr(".tmp-")));
}

TEST_F(CliRefusals, AnOutFolderThatIsAFileIsTheUsersSituationNotAnInternalError) {
    ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); }, {"providers"}));
    write_file(dir / "a-file", "not a folder\n");
    const auto r = run(followup("compile --year 2025 --out " + quoted(dir / "a-file")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("error: "));
    EXPECT_THAT(r.output, Not(HasSubstr("internal error")));
}

}  // namespace
