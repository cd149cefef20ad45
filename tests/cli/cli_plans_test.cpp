// The executive board's control of the boards' follow-up plans (issue 29, point 3), on the example
// municipality. Seed 000: "nämnderna årligen fatta beslut om en uppföljningsplan för respektive
// kundval samt att detta återrapporteras till kommunstyrelsen med samma intervall." Seed 001: "Det
// åligger nämnderna att årligen rapportera sin uppföljningsplan till kommunstyrelsen." A plan is
// the register's record per kundval area and year; the compilation's "Förutsägbar uppföljning" is
// "Uppfyllt" only when every area of the board has its plan adopted and reported by the
// regulation's day ([compilation] plans_reported_by = "03-31" in the example).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

class CliPlans : public CliTest {
protected:
    void SetUp() override {
        ASSERT_TRUE(import_small_fixture([this](const std::string& args) { return followup(args); },
                                         {"providers", "units", "authorizations", "follow_ups", "findings", "decisions"}));
    }
    void plans(const std::string& rows) {
        write_file(dir / "plans.csv", "board;year;adopted;reported;area\n" + rows);
        const auto r = run(followup("import plans " + quoted(dir / "plans.csv")));
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    /// The education board's row of the compilation's verdicts on predictable follow-up (the
    /// first board of the example), read from the Markdown the compilation writes.
    std::string education_verdict(const std::string& name) {
        const auto r = run(followup("compile --year 2025 --date 2026-03-08 --format md --out " + quoted(dir / name)));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        const std::string md = read_file(dir / name / "samlad-uppfoljning-2025.md");
        const auto at = md.find("\n| Förutsägbar uppföljning | ");  // a row of a board's verdicts, not the summary's header
        if (at == std::string::npos) return "";
        return md.substr(at + 1, md.find('\n', at + 1) - at - 1);
    }
};

TEST_F(CliPlans, EveryKundvalAreasPlanReportedInTimeIsUppfylltAndNothingLessIs) {
    // Preschool's plan and pedagogical care's, both reported by 31 March.
    plans("utbildning;2025;2025-02-10;2025-03-10;forskola\nutbildning;2025;2025-02-10;2025-03-10;pedagogisk_omsorg\n");
    EXPECT_THAT(education_verdict("a"), HasSubstr("| Förutsägbar uppföljning | Uppfyllt | planen antogs 2025-02-10 och rapporterades 2025-03-10"));
    // The register holds one plan per area: SQL, not followup's code, reads it back.
    EXPECT_EQ(register_.sql("SELECT count(*) FROM plans WHERE board = 'utbildning' AND year = 2025;").output, "2\n");
}

TEST_F(CliPlans, AnAreaWithoutAPlanIsNamedAndNotUppfyllt) {
    plans("utbildning;2025;2025-02-10;2025-03-10;forskola\n");
    const std::string verdict = education_verdict("b");
    EXPECT_THAT(verdict, Not(HasSubstr("| Uppfyllt |")));
    EXPECT_THAT(verdict, HasSubstr("Pedagogisk omsorg: ingen uppföljningsplan för 2025 är registrerad som antagen"));
    EXPECT_THAT(verdict, HasSubstr("Förskola: planen antogs 2025-02-10 och rapporterades 2025-03-10"));
}

TEST_F(CliPlans, APlanNeverReportedOrReportedLateIsNotUppfyllt) {
    // One plan for both areas (area empty), adopted and never reported to the executive board.
    plans("utbildning;2025;2025-02-10;;\n");
    std::string verdict = education_verdict("c");
    EXPECT_THAT(verdict, Not(HasSubstr("| Uppfyllt |")));
    EXPECT_THAT(verdict, HasSubstr("planen antogs 2025-02-10 men är inte rapporterad till kommunstyrelsen"));
    // Reported in April, after the regulation's day.
    plans("utbildning;2025;2025-02-10;2025-04-15;\n");
    verdict = education_verdict("d");
    EXPECT_THAT(verdict, Not(HasSubstr("| Uppfyllt |")));
    EXPECT_THAT(verdict, HasSubstr("planen antogs 2025-02-10 och rapporterades 2025-04-15, efter den 2025-03-31 som reglementet anger"));
}

TEST_F(CliPlans, NoPlanRecordedIsSaidSoAndAnotherBoardsAreaIsRefused) {
    EXPECT_THAT(education_verdict("e"), HasSubstr("ingen uppföljningsplan för 2025 är registrerad som antagen"));
    write_file(dir / "bad.csv", "board;year;adopted;reported;area\nutbildning;2025;2025-02-10;2025-03-10;hemtjanst\n");
    const auto r = run(followup("import plans " + quoted(dir / "bad.csv")));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("area hemtjanst is board aldre's, not utbildning's"));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM plans;").output, "0\n");
}

}  // namespace
