// A targeted supervision of pedagogical care (seed 001, the education board's plan for the year:
// "Planerad riktad tillsyn kommer att genomföras för anordnare av pedagogisk omsorg inom två
// områden. Det ena handlar om att visa upp utdrag ur belastningsregistret för alla som är
// folkbokförda på adressen där verksamheten bedrivs"). The deficiency the board's model finds in
// the documents shown — no finding grades it — is stored with its text and opens a case like any
// other (issue 28, "One account"): `assess`, `status`, the compilation and the unit's page say
// it, its re-check is due, and a later targeted supervision that finds every extract remedies it.
// What is stored is read with SQL written here, not with followup's own code.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

const std::string dagmamma = "750101-1238";  // a personal identity number: one person runs the care in her home
const std::string shortfall = "1 av 3 folkbokförda på adressen har inte visat registerutdrag";

class CliTargetedSupervision : public CliTest {
protected:
    void SetUp() override {
        write_file(dir / "providers.csv", "org_number;name;ownership;continuity_plan\n" + dagmamma + ";Dagbarnvårdare Lisa Lund;private;\n");
        // Three people are registered (folkbokförda) at the address: a count, never names.
        write_file(dir / "units.csv", "id;provider;name;address;area;registered_persons\n"
                                      "hem1;" + dagmamma + ";Lisas familjedaghem;Björkvägen 3;pedagogisk_omsorg;3\n");
        write_file(dir / "authorizations.csv", "provider;area;granted;status;ended\n" + dagmamma + ";pedagogisk_omsorg;2020-08-01;active;\n");
        for (const char* kind : {"providers", "units", "authorizations"}) {
            const auto r = run(followup(std::string("import ") + kind + " " + quoted(dir / (std::string(kind) + ".csv"))));
            ASSERT_EQ(r.exit_code, 0) << r.output;
        }
    }
    std::string followup(const std::string& args) const { return CliTest::followup(args) + " 2>&1"; }

    /// A targeted supervision of hem1 on `done` with the extracts of `persons` (1, 2, ...), `more`,
    /// and an insurance letter valid until `insured`, given in that order.
    CommandResult targeted(const std::string& id, const std::string& done, int persons, const std::string& more = "",
                           const std::string& insured = "2026-12-31") const {
        std::string evidence;
        for (int p = 1; p <= persons; ++p)
            evidence += " --evidence 'registerutdrag_adressen:person " + std::to_string(p) + ":registerutdrag:2025-0" + std::to_string(p) + "-15'";
        return run(followup("record --id " + id + " --provider " + dagmamma + " --unit hem1 --area pedagogisk_omsorg --form riktad_tillsyn --done " +
                            done + evidence + " " + more + " --evidence 'ansvarsforsakring:anordnaren:försäkringsbrev:" + insured + "'"));
    }

    /// The site's page of the unit: the one file whose heading is its name.
    std::string unit_page(const fs::path& site) const {
        for (const auto& entry : fs::recursive_directory_iterator(site))
            if (entry.path().extension() == ".html") {
                const std::string html = read_file(entry.path());
                if (html.find("<h1><bdi>Lisas familjedaghem</bdi></h1>") != std::string::npos) return html;
            }
        ADD_FAILURE() << "no page of Lisas familjedaghem under " << site;
        return {};
    }
};

TEST_F(CliTargetedSupervision, OneOfThreeRegisteredPersonsWithoutAnExtractOpensACaseShownEverywhere) {
    auto r = targeted("r1", "2025-04-02", 2);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("deficiencies:      1"));
    EXPECT_THAT(r.output, HasSubstr(shortfall));

    // Stored with the assessment, in the model's words.
    EXPECT_EQ(register_.sql("SELECT deficiencies FROM assessments WHERE follow_up = 'r1';").output, "1\n");
    EXPECT_EQ(register_.sql("SELECT ordinal, condition, scale, grade, text, basis FROM assessment_deficiencies WHERE follow_up = 'r1';").output,
              "1|registerutdrag_adressen|tillsyn4|allvarlig_brist|" + shortfall + "|uppvisade handlingar\n");
    EXPECT_EQ(register_.sql("SELECT count(*) FROM findings WHERE follow_up = 'r1';").output, "0\n") << "no finding grades it";

    // Each deficiency by the condition's text with its id, the grade in words, what was found.
    EXPECT_THAT(run(followup("assess r1")).output,
                HasSubstr("Utdrag ur belastningsregistret finns för alla som är folkbokförda på adressen där verksamheten bedrivs. "
                          "[registerutdrag_adressen] — Allvarlig brist: " + shortfall));

    // A case: its re-check window is the model's, and by January 2026 it is late.
    r = run(followup("status --at 2026-01-15"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("Dagbarnvårdare Lisa Lund (" + dagmamma + "), unit Lisas familjedaghem [hem1], Pedagogisk omsorg [pedagogisk_omsorg]: opened 2025-04-02"));
    EXPECT_THAT(r.output, HasSubstr("window set by the board's model"));
    EXPECT_THAT(r.output, HasSubstr("the board's model found: " + shortfall));

    r = run(followup("compile --year 2025 --date 2026-02-01 --format json --out " + quoted(dir / "out")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string compiled = read_file(dir / "out" / "samlad-uppfoljning-2025.json");
    EXPECT_THAT(compiled, HasSubstr("Dagbarnvårdare Lisa Lund (Pedagogisk omsorg), enligt nämndens modell: " + shortfall));
    // One account: the provider whose case is open is counted as one that had deficiencies.
    EXPECT_THAT(compiled, HasSubstr("varav 1 följdes upp under året (100 %) och 1 hade brister (100 %)"));

    r = run(followup("publish --year 2025 --out " + quoted(dir / "site")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string page = unit_page(dir / "site");
    EXPECT_THAT(page, HasSubstr("1 öppen brist"));
    EXPECT_THAT(page, HasSubstr(shortfall));
    EXPECT_THAT(page, Not(HasSubstr("Inga öppna brister")));
}

TEST_F(CliTargetedSupervision, AssessingAgainWritesNothingAndARemediedShortfallIsReplacedInTheSameTransaction) {
    // Two deficiencies, the documents given in another order than the register keeps them
    // (condition, then subject): an extract too old, then an insurance that had run out.
    ASSERT_EQ(targeted("r1", "2025-04-02", 2, "--evidence 'registerutdrag_adressen:person 3:registerutdrag:2023-01-15'", "2025-03-31").exit_code, 0);
    EXPECT_EQ(register_.sql("SELECT ordinal, condition FROM assessment_deficiencies WHERE follow_up = 'r1' ORDER BY ordinal;").output,
              "1|ansvarsforsakring\n2|registerutdrag_adressen\n");
    const std::string entries = register_.sql("SELECT count(*) FROM audit;").output;
    auto r = run(followup("assess r1"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("Verksamheten har tecknat en ansvarsförsäkring. [ansvarsforsakring] — Allvarlig brist: "
                                    "ansvarsförsäkringen gällde till 2025-03-31"));
    EXPECT_THAT(r.output, HasSubstr("[registerutdrag_adressen] — Allvarlig brist: "));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM audit;").output, entries) << "the same judgement: nothing written";

    // The third extract was shown after all: recorded again, the model finds nothing, and the
    // stored deficiency goes with the old assessment (the trail keeps it).
    r = targeted("r1", "2025-04-02", 3, "--replace");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(register_.sql("SELECT deficiencies FROM assessments WHERE follow_up = 'r1';").output, "0\n");
    EXPECT_EQ(register_.sql("SELECT count(*) FROM assessment_deficiencies;").output, "0\n");
    EXPECT_EQ(register_.sql("SELECT key FROM audit WHERE action = 'delete' AND entity = 'assessment_deficiencies' ORDER BY seq;").output,
              "r1/1\nr1/2\n");
    r = run(followup("audit verify"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(run(followup("status --at 2026-01-15")).output, Not(HasSubstr(shortfall)));
}

TEST_F(CliTargetedSupervision, AnImportedDeficiencyNamesAFollowUpAndAGradeThatExist) {
    write_file(dir / "bad.csv", "follow_up;ordinal;condition;scale;grade;text;basis\n"
                                "x9;1;registerutdrag_adressen;tillsyn4;allvarlig_brist;;\n"
                                "r1;2;registerutdrag_adressen;tillsyn4;alvarlig;;\n");
    ASSERT_EQ(targeted("r1", "2025-04-02", 2).exit_code, 0);
    const std::string entries = register_.sql("SELECT count(*) FROM audit;").output;
    const auto r = run(followup("import assessment_deficiencies " + quoted(dir / "bad.csv")));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("bad.csv:2: follow_up: names follow-up \"x9\", which is not in the register"));
    EXPECT_THAT(r.output, HasSubstr("bad.csv:3: grade: names grade on scale tillsyn4: \"alvarlig\", which the configuration does not have"));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM audit;").output, entries);
}

TEST_F(CliTargetedSupervision, ALaterTargetedSupervisionWithEveryExtractRemediesTheCaseWhichIsThenClosedOnTheDocuments) {
    ASSERT_EQ(targeted("r1", "2025-04-02", 2).exit_code, 0);
    auto r = targeted("r2", "2025-06-10", 3);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(register_.sql("SELECT count(*) FROM assessment_deficiencies WHERE follow_up = 'r2';").output, "0\n");
    r = run(followup("status --at 2026-01-15"));
    EXPECT_THAT(r.output, Not(HasSubstr("the board's model found")));
    EXPECT_THAT(r.output, HasSubstr("Dagbarnvårdare Lisa Lund (" + dagmamma + "), unit Lisas familjedaghem [hem1], Pedagogisk omsorg [pedagogisk_omsorg]: opened 2025-04-02, remedied 2025-06-10 by follow-up r2"));
    r = run(followup("case close r2 --basis document --reason 'registerutdrag för alla tre folkbokförda' --date 2025-06-20"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(run(followup("status --at 2026-01-15")).output, Not(HasSubstr("remedied 2025-06-10")));
}

}  // namespace
