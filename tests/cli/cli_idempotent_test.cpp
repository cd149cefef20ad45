// Reading the same files twice changes nothing (issue 28, point 5): importing a file the register
// already holds writes no row and no audit entry, and the assessments the import asks for come
// out as they are stored, because a model's judgement is a function of the follow-up, its history
// before it, the model and its configuration, never of the day or of what was recorded after it.
// The audit entries are counted with SQL written here, not through followup.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;

namespace {

class CliIdempotent : public CliTest {
protected:
    long audit_entries() const {
        const CommandResult r = register_.sql("SELECT count(*) FROM audit;");
        return std::stol(r.output);
    }
};

TEST_F(CliIdempotent, TheSmallFixtureImportedTwiceWritesNoAuditEntryTheSecondTime) {
    auto followup = [this](const std::string& args) { return this->followup(args); };
    ASSERT_TRUE(import_small_fixture(followup));
    const long first = audit_entries();
    ASSERT_GT(first, 0) << "the first import wrote nothing: the second could not show a difference";
    // The fixture's signal-triggered review answers its signal on the first import.
    ASSERT_TRUE(import_small_fixture(followup));
    EXPECT_EQ(audit_entries(), first) << run(this->followup("audit log")).output;
    // Assessing every follow-up again gives the stored assessments: nothing is written.
    const CommandResult again = run(this->followup("assess --all"));
    EXPECT_THAT(again.output, HasSubstr(" 0 stored anew or changed"));
    EXPECT_EQ(audit_entries(), first);
}

TEST_F(CliIdempotent, TheExamplesOwnFilesImportedAgainWriteNoAuditEntry) {
    // The README's example, made by the real generator (with --trust-plugins, as the other demo
    // tests: the same answers, far faster), then each file it wrote imported again the way a user
    // would, in the order the generator imports them, with the plugins isolated (the default).
    const fs::path out = dir / "example";
    const CommandResult generated =
        run(followup("--trust-plugins demo generate --scale municipality --seed 1 --out " + quoted(out) + " --import"));
    ASSERT_EQ(generated.exit_code, 0) << generated.output;
    const long before = audit_entries();
    ASSERT_GT(before, 0);
    int imported = 0;
    for (const char* kind : {"providers", "units", "authorizations", "plans", "follow_ups", "findings", "decisions", "assessments",
                             "assessment_deficiencies", "evidence", "steps", "closures", "signals", "indicators"}) {
        const fs::path file = out / (std::string(kind) + ".csv");
        if (!fs::exists(file)) continue;
        const CommandResult r = run(followup(std::string("import ") + kind + " " + quoted(file)));
        ASSERT_EQ(r.exit_code, 0) << kind << ": " << r.output;
        EXPECT_THAT(r.output, HasSubstr(" 0 new, 0 changed")) << kind << ": " << r.output;
        EXPECT_THAT(r.output, testing::Not(testing::ContainsRegex("[1-9][0-9]* stored anew or changed"))) << kind << ": " << r.output;
        ++imported;
    }
    EXPECT_GE(imported, 13);
    EXPECT_EQ(audit_entries(), before);
}

TEST_F(CliIdempotent, PlanAndAssessGiveTheSameRecheckWindowForADeficiencyTheBoardHasNotDecidedOn) {
    auto followup = [this](const std::string& args) { return this->followup(args); };
    ASSERT_TRUE(import_small_fixture(followup));
    const CommandResult recorded =
        run(followup("record --id g1 --provider 559100-0038 --area hemtjanst --form kvalitetsgranskning --done 2025-03-03 "
                     "--finding \"hemtjanst_ledning=ej_uppfyllt:uteblivna besök\" --step documented=2025-03-04 "
                     "--step reported_to_board=2025-03-17 --step communicated_to_provider=2025-03-18"));
    ASSERT_EQ(recorded.exit_code, 0) << recorded.output;
    std::smatch window;
    ASSERT_TRUE(std::regex_search(recorded.output, window, std::regex("re-check window: +([0-9-]+) to ([0-9-]+)"))) << recorded.output;
    const CommandResult plan = run(followup("plan --year 2025 --board aldre --dry-run"));
    ASSERT_EQ(plan.exit_code, 0) << plan.output;
    // The re-check of Hemtjänst Omsorg 3 AB (559100-0038) in the plan, in the window `assess` shows.
    std::smatch planned;
    ASSERT_TRUE(std::regex_search(plan.output, planned,
                                  std::regex("\n[0-9-]+ +([0-9-]+)–([0-9-]+) [^\n]*kvalitetsgranskning +[^\n]*Hemtjänst Omsorg 3 AB[^\n]*brist")))
        << plan.output;
    EXPECT_EQ(planned[1].str(), window[1].str()) << plan.output;
    EXPECT_EQ(planned[2].str(), window[2].str()) << plan.output;
}

}  // namespace
