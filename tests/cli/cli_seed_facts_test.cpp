// What the seeds name and the register lacked, each a recorded fact with its place in the
// compilation (issue 29, point 7). Each scenario imports CSV files with the real CLI, compiles,
// reads what the reader sees (the Markdown, the JSON parsed, the HTML, the CSV listing beside the
// document), checks the register with SQL written here, and has a bad row refused with its line,
// column, what was found and what was expected, changing nothing.
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

class CliSeedFacts : public CliTest {
protected:
    void SetUp() override {
        write_file(dir / "providers.csv",
                   "org_number;name;ownership;continuity_plan\n"
                   "559000-0005;Omsorgen i Öst AB;private;2024-01-10\n"
                   "559000-0013;Vägen till arbete AB;private;2024-01-10\n");
        write_file(dir / "units.csv", "id;provider;name;address;area;registered_persons\n"
                                      "h1;559000-0005;Hemtjänst Öst;Östervägen 1, 131 30 Nacka;hemtjanst;\n");
        write_file(dir / "authorizations.csv", "provider;area;granted;status;ended\n"
                                               "559000-0005;hemtjanst;2015-08-01;active;\n"
                                               "559000-0013;arbetsmarknadsinsatser;2015-08-01;active;\n");
        write_file(dir / "follow_ups.csv",
                   "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n"
                   "g1;559000-0005;h1;hemtjanst;kvalitetsgranskning;2025-01-01;2025-12-31;2025-04-02;done;;planned\n"
                   "b1;559000-0013;;arbetsmarknadsinsatser;verksamhetsbesok;2025-01-01;2025-12-31;2025-04-02;done;;planned\n");
        for (const char* kind : {"providers", "units", "authorizations", "follow_ups"}) import_ok(kind, dir / (std::string(kind) + ".csv"));
    }

    void import_ok(const std::string& kind, const fs::path& file) {
        const auto r = run(followup("import " + kind + " " + quoted(file)));
        ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    /// Imports `csv` as `kind` and expects it refused; returns what followup said.
    std::string import_refused(const std::string& kind, const std::string& csv) {
        write_file(dir / "bad.csv", csv);
        const auto r = run(followup("import " + kind + " " + quoted(dir / "bad.csv")));
        EXPECT_NE(r.exit_code, 0) << r.output;
        EXPECT_THAT(r.output, HasSubstr("nothing was imported"));
        return r.output;
    }
    /// Compiles `year` in `lang` as Markdown, JSON and HTML into its own folder.
    fs::path compile(int year, const std::string& lang = "sv") {
        const fs::path out = dir / ("out-" + std::to_string(year) + "-" + lang);
        const auto r = run(followup("compile --year " + std::to_string(year) + " --lang " + lang +
                                    " --date 2026-03-08 --format md,json,html --out " + quoted(out)));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return out;
    }
    static std::string md(const fs::path& out, int year) { return read_file(out / ("samlad-uppfoljning-" + std::to_string(year) + ".md")); }
    static std::string html(const fs::path& out, int year) {
        return read_file(out / ("samlad-uppfoljning-" + std::to_string(year) + ".html"));
    }
    /// The paragraphs of the JSON's section `id` (a top-level section or a board's), parsed.
    static std::vector<std::string> paragraphs(const fs::path& out, int year, const std::string& id, const std::string& lang = "sv") {
        const std::string name = lang == "en" ? "compilation-" : "samlad-uppfoljning-";  // the file is named in the document's language
        const auto doc = nlohmann::json::parse(read_file(out / (name + std::to_string(year) + ".json")));
        std::vector<std::string> found;
        std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& section) {
            if (section.value("id", "") == id)
                for (const auto& block : section["blocks"])
                    if (block.value("type", "") == "paragraph") found.push_back(block["text"].get<std::string>());
            if (section.contains("sections"))
                for (const auto& child : section["sections"]) walk(child);
        };
        for (const auto& section : doc["sections"]) walk(section);
        return found;
    }
    static std::string joined(const std::vector<std::string>& texts) {
        std::string all;
        for (const auto& t : texts) all += t + "\n";
        return all;
    }
};

// Seed 001: "Det är i linje med det Program för uppföljning av kommunala och privata utförare som
// kommunstyrelsen beslutat föreslå kommunfullmäktige (dnr KFKS 2021/1240)." Seed 004: "… för att
// klara den nivå av kontroll som kommunstyrelsen beslutat om i "Program för kontroll av kommunal
// verksamhet som utförs av privata utförare"." Kommunallagen (2017:725) 10 kap. 7 §: the council
// adopts such a programme for each term of office; none in force is a finding in the background.
TEST_F(CliSeedFacts, TheCouncilsProgrammeInForceOrItsAbsenceIsInTheBackground) {
    // Never adopted: a finding.
    {
        const fs::path out = compile(2025);
        EXPECT_THAT(joined(paragraphs(out, 2025, "background")),
                    HasSubstr("Iakttagelse: det finns inget av kommunfullmäktige antaget program för privata utförare som gäller för "
                              "2025. Fullmäktige ska för varje mandatperiod anta ett program med mål och riktlinjer för kommunala "
                              "angelägenheter som utförs av privata utförare (kommunallagen (2017:725) 10 kap. 7 §)."));
    }
    // Adopted for the term 2019–2022 only: expired in 2025, and the finding names it.
    write_file(dir / "programmes.csv", "adopted;term_from;term_to;reference;title\n"
                                       "2019-04-15;2019;2022;KFKS 2018/0412;Program för kontroll av kommunal verksamhet som utförs av "
                                       "privata utförare\n");
    import_ok("programmes", dir / "programmes.csv");
    {
        const fs::path out = compile(2025);
        const std::string background = joined(paragraphs(out, 2025, "background"));
        EXPECT_THAT(background, HasSubstr("Iakttagelse: det finns inget av kommunfullmäktige antaget program"));
        EXPECT_THAT(background, HasSubstr("Det senast antagna, Program för kontroll av kommunal verksamhet som utförs av privata "
                                          "utförare, antogs den 15 april 2019 (dnr KFKS 2018/0412) och gällde mandatperioden 2019–2022."));
        EXPECT_THAT(md(out, 2025), HasSubstr("gällde mandatperioden 2019–2022."));
        EXPECT_THAT(html(out, 2025), HasSubstr("gällde mandatperioden 2019–2022."));
        // In the compilation of a year of that term it is the programme in force.
        const fs::path earlier = compile(2021);
        EXPECT_THAT(joined(paragraphs(earlier, 2021, "background")),
                    HasSubstr("Program för privata utförare: kommunfullmäktige antog Program för kontroll av kommunal verksamhet som "
                              "utförs av privata utförare den 15 april 2019 (dnr KFKS 2018/0412) för mandatperioden 2019–2022."));
        const fs::path english = compile(2025, "en");
        EXPECT_THAT(joined(paragraphs(english, 2025, "background", "en")),
                    HasSubstr("Finding: no programme for private providers adopted by the council is in force for 2025."));
    }
    // The programme for the term 2023–2026 (seed 001's title and diary number): in force, no finding.
    write_file(dir / "programmes.csv", "adopted;term_from;term_to;reference;title\n"
                                       "2023-03-13;2023;2026;KFKS 2021/1240;Program för uppföljning av kommunala och privata utförare\n");
    import_ok("programmes", dir / "programmes.csv");
    {
        const fs::path out = compile(2025);
        const std::string background = joined(paragraphs(out, 2025, "background"));
        EXPECT_THAT(background, HasSubstr("kommunfullmäktige antog Program för uppföljning av kommunala och privata utförare den "
                                          "13 mars 2023 (dnr KFKS 2021/1240) för mandatperioden 2023–2026."));
        EXPECT_THAT(background, Not(HasSubstr("Iakttagelse")));
    }
    EXPECT_EQ(register_.sql("SELECT adopted, term_from, term_to, reference FROM programmes ORDER BY adopted;").output,
              "2019-04-15|2019|2022|KFKS 2018/0412\n2023-03-13|2023|2026|KFKS 2021/1240\n");
    // A programme is for one term of office: eight years, or a term that ends before it starts, is refused.
    const std::string said = import_refused("programmes", "adopted;term_from;term_to;reference;title\n"
                                                           "2024-01-15;2023;2030;KFKS 2023/1;Program\n"
                                                           "2024-02-15;2026;2023;KFKS 2023/2;Program\n");
    EXPECT_THAT(said, HasSubstr("bad.csv:2: term_to: found 2030: a term of 8 years from term_from 2023; expected at most one term of office"));
    EXPECT_THAT(said, HasSubstr("bad.csv:3: term_to: found 2023, before term_from 2026; expected the term's last year on or after its first"));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM programmes;").output, "2\n");
}

// Seed 004: "Enheten ska dessutom stödja verksamheter i att komma till rätta med eventuella fel,
// föreslå kompetenshöjande åtgärder mm."
TEST_F(CliSeedFacts, SupportAndCompetenceMeasuresAreCountedPerBoardAndListed) {
    write_file(dir / "support_measures.csv",
               "provider;area;offered;kind;description;follow_up\n"
               "559000-0005;hemtjanst;2025-04-20;support;Stöd att rätta genomförandeplanerna;g1\n"
               "559000-0005;hemtjanst;2025-06-02;competence;Utbildning i social dokumentation;g1\n"
               "559000-0005;hemtjanst;2025-09-15;competence;Handledning i läkemedelshantering;\n"
               "559000-0005;hemtjanst;2024-10-01;support;Stöd förra året;\n");
    import_ok("support_measures", dir / "support_measures.csv");
    EXPECT_EQ(register_.sql("SELECT kind, count(*) FROM support_measures WHERE offered LIKE '2025-%' GROUP BY kind ORDER BY kind;").output,
              "competence|2\nsupport|1\n");
    const fs::path out = compile(2025);
    EXPECT_THAT(joined(paragraphs(out, 2025, "board-aldre")),
                HasSubstr("Stöd och kompetenshöjande åtgärder som erbjöds anordnare under 2025: 3 (stöd att komma till rätta med fel: "
                          "1; kompetenshöjande åtgärder: 2), till 1 anordnare."));
    EXPECT_THAT(joined(paragraphs(out, 2025, "board-arbete")), Not(HasSubstr("kompetenshöjande")));
    // Item by item in the listing beside the document (and the spreadsheet), not on the pages.
    const std::string listing = read_file(out / "samlad-uppfoljning-2025-support-aldre.csv");
    EXPECT_THAT(listing, HasSubstr("2025-06-02;Omsorgen i Öst AB;Hemtjänst inklusive ledsagning och avlösning;Kompetenshöjande "
                                   "åtgärd;Utbildning i social dokumentation;g1"));
    EXPECT_THAT(listing, Not(HasSubstr("Stöd förra året")));
    // The follow-up it follows from is the provider's, in the area: another's is refused.
    const std::string said = import_refused("support_measures", "provider;area;offered;kind;description;follow_up\n"
                                                                 "559000-0005;hemtjanst;2025-05-02;support;Stöd;b1\n"
                                                                 "559000-0005;hemtjanst;2025-05-03;advice;Råd;\n");
    EXPECT_THAT(said, HasSubstr("bad.csv:2: follow_up: follow-up \"b1\" is of provider 559000-0013 in area arbetsmarknadsinsatser, "
                                "not of 559000-0005 in hemtjanst; expected a follow-up of the provider and area the measure was offered to"));
    EXPECT_THAT(said, HasSubstr("bad.csv:3: kind: found \"advice\"; expected one of: support, competence"));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM support_measures;").output, "4\n");
}

// Seed 001, the labour board's process: "1. Planering av tema för årlig kvalitetsuppföljning …
// 3. Planering och upplägg för verksamhetsbesök … 6. Sammanställning av rapport och förankring
// 7. Redovisning och beslut i nämnd 8. Analys och utveckling". Steps 2, 4 and 5 are each
// provider's (follow-ups and their steps); the others the board records itself.
TEST_F(CliSeedFacts, TheBoardsOwnStepsAreShownAndAYearWithoutTheBoardsDecisionSaysSo) {
    write_file(dir / "board_steps.csv", "board;year;step;done;reference\n"
                                        "arbete;2025;1;2025-01-24;\n"
                                        "arbete;2025;3;2025-04-11;\n"
                                        "arbete;2025;6;2025-11-26;AFN 2025/88\n");
    import_ok("board_steps", dir / "board_steps.csv");
    {
        const fs::path out = compile(2025);
        const std::string brief = joined(paragraphs(out, 2025, "board-arbete"));
        EXPECT_THAT(brief, HasSubstr("Nämndens egna steg i processen för 2025: steg 1 (Planering av tema för årlig "
                                     "kvalitetsuppföljning) 2025-01-24; steg 3 (Planering och upplägg för verksamhetsbesök) "
                                     "2025-04-11; steg 6 (Sammanställning av rapport och förankring) 2025-11-26."));
        EXPECT_THAT(brief, HasSubstr("Inte registrerade för 2025: steg 7 (Redovisning och beslut i nämnd); steg 8 (Analys och utveckling)."));
        EXPECT_THAT(md(out, 2025), HasSubstr("Inte registrerade för 2025: steg 7 (Redovisning och beslut i nämnd)"));
        // A board that records no steps of its own says nothing of them.
        EXPECT_THAT(joined(paragraphs(out, 2025, "board-aldre")), Not(HasSubstr("egna steg")));
    }
    // Step 7, "Redovisning och beslut i nämnd", with the minutes' paragraph, and step 8.
    write_file(dir / "board_steps.csv", "board;year;step;done;reference\n"
                                        "arbete;2025;7;2025-12-11;protokoll § 112\n"
                                        "arbete;2025;8;2026-01-20;\n");
    import_ok("board_steps", dir / "board_steps.csv");
    {
        const fs::path out = compile(2025);
        const std::string brief = joined(paragraphs(out, 2025, "board-arbete"));
        EXPECT_THAT(brief, HasSubstr("steg 7 (Redovisning och beslut i nämnd) 2025-12-11; steg 8 (Analys och utveckling) 2026-01-20."));
        EXPECT_THAT(brief, Not(HasSubstr("Inte registrerade")));
        // The board's appendix has the steps with their references.
        EXPECT_THAT(md(out, 2025), HasSubstr("| 7 | Redovisning och beslut i nämnd | 2025-12-11 | protokoll § 112 |"));
    }
    EXPECT_EQ(register_.sql("SELECT step, done, reference FROM board_steps WHERE board = 'arbete' AND year = 2025 ORDER BY step;").output,
              "1|2025-01-24|\n3|2025-04-11|\n6|2025-11-26|AFN 2025/88\n7|2025-12-11|protokoll § 112\n8|2026-01-20|\n");
    // Step 2 is each provider's report; a board that records no steps; a step done years apart.
    const std::string said = import_refused("board_steps", "board;year;step;done;reference\n"
                                                            "arbete;2025;2;2025-03-31;\n"
                                                            "aldre;2025;1;2025-01-20;\n"
                                                            "arbete;2024;7;2026-01-20;\n");
    EXPECT_THAT(said, HasSubstr("bad.csv:2: step: found step 2; expected one of the steps board arbete records itself ([board] "
                                "recorded_steps): 1, 3, 6, 7, 8"));
    EXPECT_THAT(said, HasSubstr("bad.csv:3: step: found step 1; board aldre records no steps of its own"));
    EXPECT_THAT(said, HasSubstr("bad.csv:4: done: found 2026-01-20, for the process of 2024; expected a day from 2023-01-01 to 2025-12-31"));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM board_steps;").output, "5\n");
}

// Seed 004: "Det är viktigt att all personal som arbetar med våra brukare är observanta och på ett
// enkelt sätt kan anmäla till kommunen när en person behöver mer eller mindre omsorg … Efter
// anmälan sker en ny biståndsbedömning som beslutar om det behövs fler eller färre insatser."
TEST_F(CliSeedFacts, ChangedNeedsReportsLeadToANewNeedsAssessmentAndTheAwaitedAreCounted) {
    write_file(dir / "needs_reports.csv",
               "id;provider;area;unit;received;direction;reassessed;outcome\n"
               "a-2024-9;559000-0005;hemtjanst;h1;2024-12-10;more;2025-01-08;fler insatser\n"
               "a-2025-1;559000-0005;hemtjanst;h1;2025-02-03;more;2025-02-17;fler insatser\n"
               "a-2025-2;559000-0005;hemtjanst;;2025-05-12;less;2025-06-02;färre insatser\n"
               "a-2025-3;559000-0005;hemtjanst;h1;2025-11-15;more;;\n"
               "a-2025-4;559000-0005;hemtjanst;h1;2025-12-20;more;2026-01-09;fler insatser\n");
    import_ok("needs_reports", dir / "needs_reports.csv");
    // Received in 2025: four (three for more care); assessed anew in 2025: three (one of them the
    // December 2024 report); awaiting on 31 December: two, the oldest since 15 November (46 days).
    EXPECT_EQ(register_.sql("SELECT count(*) FROM needs_reports WHERE received LIKE '2025-%';").output, "4\n");
    EXPECT_EQ(register_.sql("SELECT count(*) FROM needs_reports WHERE reassessed LIKE '2025-%';").output, "3\n");
    EXPECT_EQ(register_.sql("SELECT min(received) FROM needs_reports WHERE received <= '2025-12-31' AND "
                            "(reassessed IS NULL OR reassessed = '' OR reassessed > '2025-12-31');")
                  .output,
              "2025-11-15\n");
    const fs::path out = compile(2025);
    const std::string brief = joined(paragraphs(out, 2025, "board-aldre"));
    EXPECT_THAT(brief, HasSubstr("Anmälningar om ändrade behov under 2025: 4 inkomna (om mer omsorg: 3; om mindre: 1); nya "
                                 "biståndsbedömningar efter anmälan under året: 3. Väntade vid årets slut på en ny "
                                 "biståndsbedömning: 2, den äldsta sedan 46 dagar."));
    EXPECT_THAT(html(out, 2025), HasSubstr("den äldsta sedan 46 dagar."));
    EXPECT_THAT(joined(paragraphs(out, 2025, "board-arbete")), Not(HasSubstr("ändrade behov")));
    // An assessment before its report, and a unit of another provider, are refused.
    const std::string said = import_refused("needs_reports", "id;provider;area;unit;received;direction;reassessed;outcome\n"
                                                              "a-2025-5;559000-0005;hemtjanst;;2025-05-12;less;2025-05-02;\n"
                                                              "a-2025-6;559000-0013;hemtjanst;h1;2025-05-12;more;;\n");
    EXPECT_THAT(said, HasSubstr("bad.csv:2: reassessed: found 2025-05-02, before received 2025-05-12; expected the new needs "
                                "assessment on or after the day the report was received"));
    EXPECT_THAT(said, HasSubstr("bad.csv:3: unit: unit h1 belongs to provider 559000-0005, not 559000-0013; expected a unit of the "
                                "provider whose staff reported"));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM needs_reports;").output, "5\n");
}

}  // namespace
