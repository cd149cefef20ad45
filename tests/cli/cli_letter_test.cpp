// The decision letter to the provider (issue 29, point 6), read as the provider reads it: the PDF's
// text (poppler's pdftotext, not followup's own code). Seed 003: LOV and kundval differ in "formerna
// för överklagande"; the letter says, for the area's basis and the decision's kind, the legal
// ground, to whom and how to appeal, and within what time (docs/planning.md, "Legal ground and appeal").
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

class CliLetter : public CliTest {
protected:
    void SetUp() override {
        write_file(dir / "providers.csv", "org_number;name;ownership;continuity_plan\n"
                                          "559000-0005;Förskolan Solen AB;private;2024-01-10\n"
                                          "802400-0005;Musikskolan Ton ideell förening;non_profit;2024-01-10\n");
        write_file(dir / "units.csv", "id;provider;name;address;area;registered_persons\n"
                                      "s1;559000-0005;Förskolan Solen;Skolvägen 1, 131 30 Nacka;forskola;\n");
        write_file(dir / "authorizations.csv", "provider;area;granted;status;ended\n"
                                               "559000-0005;forskola;2015-08-01;active;\n"
                                               "802400-0005;kulturskola;2018-01-01;active;\n");
        for (const char* kind : {"providers", "units", "authorizations"}) {
            const auto r = run(followup(std::string("import ") + kind + " " + quoted(dir / (std::string(kind) + ".csv"))));
            ASSERT_EQ(r.exit_code, 0) << r.output;
        }
    }
    /// The text of the letter's PDF, as pdftotext reads it (one line per line, hyphenation undone).
    std::string pdf_text(const fs::path& pdf) const {
        const auto r = run("pdftotext -layout " + quoted(pdf) + " - | tr -s ' \\n' ' '");
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return r.output;
    }
};

TEST_F(CliLetter, AnInjunctionUnderTheEducationActIsAppealedToTheAdministrativeCourtWithinThreeWeeks) {
    auto r = run(followup("record --id t1 --provider 559000-0005 --unit s1 --area forskola --form tillsyn --done 2025-03-10 "
                          "--finding 'barngrupper=allvarlig_brist:grupperna är för stora'"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("decide t1 --kind injunction --decided 2025-04-02 --deadline 2025-06-02 --reference 'UBN 2025/112' --letter " +
                     quoted(dir / "brev")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const fs::path pdf = dir / "brev" / "beslut-t1-injunction.pdf";
    ASSERT_TRUE(fs::exists(pdf)) << r.output;
    EXPECT_EQ(fs::status(pdf).permissions() & fs::perms::others_read, fs::perms::none) << "a letter names the provider";
    const std::string text = pdf_text(pdf);
    EXPECT_THAT(text, HasSubstr("Diarienummer: UBN 2025/112"));
    EXPECT_THAT(text, HasSubstr("Förskolan Solen AB (559000-0005)"));
    EXPECT_THAT(text, HasSubstr("Tillsyn den 10 mars 2025"));
    EXPECT_THAT(text, HasSubstr("grupperna är för stora"));
    // The legal ground, the appeal route and its time limit (skollagen 28:2; förvaltningslagen 44 §).
    EXPECT_THAT(text, HasSubstr("skollagen (2010:800) 26 kap. 10 §"));
    EXPECT_THAT(text, HasSubstr("kan överklagas hos förvaltningsrätten"));
    EXPECT_THAT(text, HasSubstr("inom tre veckor från den dag ni fick del av beslutet"));
    EXPECT_THAT(text, HasSubstr("senast den 2 juni 2025"));
    EXPECT_THAT(text, HasSubstr("Karin Lindqvist"));
    EXPECT_THAT(text, HasSubstr("ordförande i utbildningsnämnden"));
    // `followup letter` writes it again, the same.
    const std::string html = read_file(dir / "brev" / "beslut-t1-injunction.html");
    r = run(followup("letter t1 --out " + quoted(dir / "igen") + " --no-pdf"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(read_file(dir / "igen" / "beslut-t1-injunction.html"), html);
}

TEST_F(CliLetter, AKundvalDecisionIsReviewedOnlyForLegalityWithinThreeWeeksOfTheMinutes) {
    auto r = run(followup("record --id c1 --provider 802400-0005 --area kulturskola --form villkorskontroll --done 2025-05-12 "
                          "--finding 'kultur_larare=ej_uppfyllt:två lärare saknar pedagogisk utbildning'"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("decide c1 --kind remark --decided 2025-06-03 --deadline 2025-08-29 --reference 'KUN 2025/40'"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("followup letter c1 --kind remark --out FOLDER"));
    r = run(followup("letter c1 --out " + quoted(dir / "brev")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("a municipal lawyer confirms it"));
    const std::string text = pdf_text(dir / "brev" / "beslut-c1-remark.pdf");
    EXPECT_THAT(text, HasSubstr("kundvalsreglementet"));
    EXPECT_THAT(text, HasSubstr("laglighetsprövning hos förvaltningsrätten"));
    EXPECT_THAT(text, HasSubstr("inom tre veckor från den dag då det tillkännagavs på kommunens anslagstavla"));
    EXPECT_THAT(text, HasSubstr("kommunallagen (2017:725) 13 kap."));
    EXPECT_THAT(text, Not(HasSubstr("skollagen")));
    EXPECT_THAT(text, Not(HasSubstr("valfrihetssystem")));
}

// A municipality whose home care is a valfrihetssystem under LOV (not the example's, which is kundval):
// seed 003, the forms of appeal differ. A revocation is the contract's termination: a dispute over it
// is for the general courts, within the contract's and the general limitation rules, never LOV's
// rättelse, which is for a supplier applying to take part (docs/planning.md, "Legal ground and appeal").
TEST_F(CliLetter, ALovRevocationIsAContractDisputeForTheGeneralCourtsNotRattelse) {
    fs::copy(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config", dir / "k", fs::copy_options::recursive);
    const fs::path board = dir / "k" / "boards" / "aldre.toml";
    const std::string sol = "id = \"hemtjanst\"\nname = \"Hemtjänst inklusive ledsagning och avlösning\"\n";
    std::string text = read_file(board);
    const auto at = text.find(sol);
    ASSERT_NE(at, std::string::npos);
    const auto basis = text.find("legal_basis = \"SoL\"", at);
    ASSERT_NE(basis, std::string::npos);
    text.replace(basis, std::string("legal_basis = \"SoL\"").size(), "legal_basis = \"LOV\"");
    write_file(board, text);
    config = dir / "k" / "municipality.toml";
    write_file(dir / "p.csv", "org_number;name;ownership;continuity_plan\n556700-0004;Omsorgen i Nacka AB;private;2024-01-10\n");
    write_file(dir / "a.csv", "provider;area;granted;status;ended\n556700-0004;hemtjanst;2019-01-01;active;\n");
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "p.csv"))).exit_code, 0);
    ASSERT_EQ(run(followup("import authorizations " + quoted(dir / "a.csv"))).exit_code, 0);
    auto r = run(followup("record --id h1 --provider 556700-0004 --area hemtjanst --form kvalitetsgranskning --done 2025-02-10 "
                          "--finding 'hemtjanst_ledning=ej_uppfyllt:ingen verksamhetsansvarig med rätt kompetens'"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("decide h1 --kind revocation --decided 2025-03-18 --reference 'ÄLN 2025/31' --letter " + quoted(dir / "brev")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string pdf = pdf_text(dir / "brev" / "beslut-h1-revocation.pdf");
    EXPECT_THAT(pdf, HasSubstr("Omsorgen i Nacka AB (556700-0004)"));
    EXPECT_THAT(pdf, HasSubstr("lagen (2008:962) om valfrihetssystem"));  // the legal ground: LOV and the contract
    EXPECT_THAT(pdf, HasSubstr("prövas av allmän domstol"));               // the route
    EXPECT_THAT(pdf, HasSubstr("preskriptionslagen (1981:130)"));          // its time limit
    EXPECT_THAT(pdf, HasSubstr("kan inte överklagas genom ansökan om rättelse"));
    EXPECT_THAT(pdf, Not(HasSubstr("laglighetsprövning")));
    EXPECT_THAT(pdf, Not(HasSubstr("skollagen")));
}

TEST_F(CliLetter, NoLetterWithoutTheBoardsDecision) {
    auto r = run(followup("record --id t2 --provider 559000-0005 --unit s1 --area forskola --form tillsyn --done 2025-03-10 "
                          "--finding 'barngrupper=mindre_brist:grupperna är stora'"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("letter t2 --out " + quoted(dir / "brev")));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("the board has recorded no decision on follow-up t2"));
    EXPECT_FALSE(fs::exists(dir / "brev" / "beslut-t2-remark.html"));
}

}  // namespace
