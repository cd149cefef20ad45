// The education board's rules from seed 001, as scenarios against the real plugin.
#include <algorithm>
#include "model_fixture.hpp"

namespace followup::test {
namespace {

using testing::HasSubstr;
constexpr const char* ekorren = "556000-0001";  // an independent preschool
constexpr const char* kommunal = "212000-0142";  // a municipal one

class Education : public BoardModelTest {
protected:
    void SetUp() override {
        load("education", "utbildning");
        provider(ekorren, "Förskolan Ekorren AB", sdk::Ownership::private_company, "forskola", day(2018, 1, 1));
        provider(kommunal, "Nacka kommun, Björkens förskola", sdk::Ownership::municipal, "forskola", day(2010, 1, 1));
    }
};

// The seed's rules as a table: the history before a supervision, what it finds, and what the
// model must propose and when the next follow-up is due.
TEST_F(Education, TheSeedsRulesAsATable) {
    struct Past {
        const char* done;
        const char* grade;
        std::optional<sdk::DecisionKind> decision;
    };
    struct Scenario {
        const char* name;
        std::vector<Past> history;
        std::vector<std::string> grades;
        sdk::DecisionKind proposal;
        sdk::Date next_due;
    };
    const std::vector<Scenario> table{
        // 2027-05-06 is Ascension Day: "by" the due date means the working day before.
        {"compliant → +2 years", {}, {"tillfredsstallande"}, sdk::DecisionKind::no_action, day(2027, 5, 5)},
        {"satisfactory but can be developed → +2 years", {}, {"kan_utvecklas"}, sdk::DecisionKind::no_action, day(2027, 5, 5)},
        {"minor deficiency → remark, re-check within 6 months", {}, {"mindre_brist"}, sdk::DecisionKind::remark, day(2025, 11, 6)},
        {"serious deficiency → injunction, the same 1–6 months", {}, {"allvarlig_brist"}, sdk::DecisionKind::injunction, day(2025, 11, 6)},
        {"remedied → 1 year from the re-check", {{"2024-12-02", "mindre_brist", sdk::DecisionKind::remark}},
         {"tillfredsstallande"}, sdk::DecisionKind::no_action, day(2026, 5, 6)},
        {"persisting once after a remark → a new remark", {{"2024-12-02", "mindre_brist", sdk::DecisionKind::remark}},
         {"mindre_brist"}, sdk::DecisionKind::remark, day(2025, 11, 6)},
        {"persisting at the second re-check → injunction",
         {{"2024-06-03", "mindre_brist", sdk::DecisionKind::remark}, {"2024-12-02", "mindre_brist", sdk::DecisionKind::remark}},
         {"mindre_brist"}, sdk::DecisionKind::injunction, day(2025, 11, 6)},
        {"an injunction not complied with → injunction with a fine",
         {{"2024-06-03", "mindre_brist", sdk::DecisionKind::remark}, {"2024-12-02", "mindre_brist", sdk::DecisionKind::injunction}},
         {"mindre_brist"}, sdk::DecisionKind::injunction_with_fine, day(2025, 11, 6)},
    };
    int n = 0;
    for (const Scenario& s : table) {
        const std::string org = "556900-" + std::to_string(1000 + ++n);
        provider(org, s.name, sdk::Ownership::private_company, "forskola", day(2015, 1, 1));
        int k = 0;
        for (const Past& p : s.history) {
            const auto when = sdk::parse_date(p.done).value();
            done(org + "-h" + std::to_string(++k), org, "forskola", "tillsyn", when, "tillsyn4", {p.grade},
                 p.decision ? std::optional(sdk::Decision{*p.decision, false, std::nullopt, ""}) : std::nullopt);
        }
        const auto result = plugin->assess(record(activity(org + "-now", org, "forskola", "tillsyn", day(2025, 5, 6)), "tillsyn4", s.grades));
        EXPECT_EQ(result.proposed.kind, s.proposal) << s.name;
        EXPECT_EQ(result.next_due, s.next_due) << s.name << ": " << result.explanation;
    }
}

TEST_F(Education, CompliantMeansTheNextSupervisionInTwoYears) {
    const auto a = activity("t1", ekorren, "forskola", "tillsyn", day(2025, 3, 12));
    const auto result = plugin->assess(record(a, "tillsyn4", {"tillfredsstallande", "kan_utvecklas"}));
    EXPECT_TRUE(result.deficiencies.empty());
    EXPECT_EQ(result.proposed.kind, sdk::DecisionKind::no_action);
    EXPECT_EQ(result.next_due, day(2027, 3, 12));
}

// Seed 001: "Om det finns brister i verksamheten eller hos huvudmannen följs dessa upp inom en
// till sex månader." The provider's deadline to remedy falls before the re-check.
TEST_F(Education, ADeficiencyIsRecheckedWithinOneToSixMonthsAfterTheDeadline) {
    const auto a = activity("t1", ekorren, "forskola", "tillsyn", day(2025, 3, 12));
    const auto result = plugin->assess(record(a, "tillsyn4", {"tillfredsstallande", "mindre_brist"}));
    ASSERT_EQ(result.deficiencies.size(), 1u);
    EXPECT_EQ(result.proposed.kind, sdk::DecisionKind::remark);
    EXPECT_EQ(result.proposed.deadline, day(2025, 6, 12));  // half-way, so the re-check can follow it
    EXPECT_EQ(result.next_due, day(2025, 9, 12));          // at the latest 6 months after
    ASSERT_TRUE(result.recheck);
    EXPECT_LT(*result.proposed.deadline, result.recheck->last);
    EXPECT_THAT(result.explanation, HasSubstr("1–6 månader"));
    // The plan of 2025 then holds the re-check after the deadline and within six months.
    done("t1", ekorren, "forskola", "tillsyn", day(2025, 3, 12), "tillsyn4", {"mindre_brist"},
         sdk::Decision{sdk::DecisionKind::remark, false, day(2025, 6, 12), ""});
    const auto plan = plan_for(2025, ekorren);
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].window.first, day(2025, 6, 13));
    EXPECT_EQ(plan[0].window.last, day(2025, 9, 12));
}

// Seed 001 makes no shorter window for a serious deficiency: "inom en till sex månader".
TEST_F(Education, ASeriousDeficiencyHasTheSameOneToSixMonthWindow) {
    const auto result = plugin->assess(record(activity("t1", ekorren, "forskola", "tillsyn", day(2025, 3, 12)), "tillsyn4",
                                              {"allvarlig_brist"}));
    EXPECT_EQ(result.next_due, day(2025, 9, 12));
}

// A re-check window that crosses New Year appears in both years' plans, each with its part, and
// no day of it is a holiday.
TEST_F(Education, AWindowAcrossNewYearIsInBothYearsPlans) {
    done("t1", ekorren, "forskola", "tillsyn", day(2025, 9, 15), "tillsyn4", {"mindre_brist"},
         sdk::Decision{sdk::DecisionKind::remark, false, day(2025, 12, 15), ""});
    const auto in_2025 = plan_for(2025, ekorren);
    const auto in_2026 = plan_for(2026, ekorren);
    ASSERT_EQ(in_2025.size(), 1u);
    ASSERT_EQ(in_2026.size(), 1u);
    EXPECT_EQ(in_2025[0].window.first, day(2025, 12, 16));
    EXPECT_EQ(in_2025[0].window.last, day(2025, 12, 30));  // New Year's Eve is not a working day
    EXPECT_EQ(in_2026[0].window.first, day(2026, 1, 2));  // 1 January is a holiday
    EXPECT_EQ(in_2026[0].window.last, day(2026, 3, 13));  // 15 March 2026 is a Sunday
    EXPECT_THAT(in_2026[0].reason, HasSubstr("hela fönstret 2025-12-16–2026-03-13"));
}

TEST_F(Education, RemediedMeansANewSupervisionOneYearAfterTheRecheck) {
    done("t1", ekorren, "forskola", "tillsyn", day(2024, 10, 1), "tillsyn4", {"mindre_brist"},
         sdk::Decision{sdk::DecisionKind::remark, false, day(2025, 4, 1), ""});
    const auto recheck = activity("t2", ekorren, "forskola", "tillsyn", day(2025, 2, 3));
    const auto result = plugin->assess(record(recheck, "tillsyn4", {"tillfredsstallande"}));
    EXPECT_EQ(result.proposed.kind, sdk::DecisionKind::no_action);
    EXPECT_EQ(result.next_due, day(2026, 2, 3));
    EXPECT_THAT(result.explanation, HasSubstr("åtgärdade"));
}

// Seed 001: "Om bristerna kvarstår ges huvudmannen en ny anmärkning eller föreläggande." The
// model proposes one with its reason and names the other; the board may record either.
TEST_F(Education, PersistingDeficienciesGetANewRemarkOrInjunction) {
    done("t1", ekorren, "forskola", "tillsyn", day(2024, 10, 1), "tillsyn4", {"mindre_brist"},
         sdk::Decision{sdk::DecisionKind::remark, false, day(2025, 1, 10), ""});
    const auto recheck = activity("t2", ekorren, "forskola", "tillsyn", day(2025, 2, 3));
    const auto result = plugin->assess(record(recheck, "tillsyn4", {"mindre_brist"}));
    EXPECT_EQ(result.proposed.kind, sdk::DecisionKind::remark);
    ASSERT_TRUE(result.proposed.deadline);
    EXPECT_THAT(result.explanation, HasSubstr("kvarstår sedan 2024-10-01"));
    EXPECT_THAT(result.explanation, HasSubstr("nämnden kan i stället besluta om föreläggande"));
    // A serious deficiency that persists is escalated, with the remark as the alternative.
    const auto serious = plugin->assess(record(recheck, "tillsyn4", {"allvarlig_brist"}));
    EXPECT_EQ(serious.proposed.kind, sdk::DecisionKind::injunction);
    EXPECT_THAT(serious.explanation, HasSubstr("nämnden kan i stället besluta om ny anmärkning"));
    // So is one that persists at a second re-check.
    done("t2", ekorren, "forskola", "tillsyn", day(2025, 2, 3), "tillsyn4", {"mindre_brist"},
         sdk::Decision{sdk::DecisionKind::remark, false, day(2025, 5, 5), ""});
    const auto second = plugin->assess(record(activity("t3", ekorren, "forskola", "tillsyn", day(2025, 6, 2)), "tillsyn4", {"mindre_brist"}));
    EXPECT_EQ(second.proposed.kind, sdk::DecisionKind::injunction);
    EXPECT_THAT(second.explanation, HasSubstr("kvarstår vid 2:a uppföljningen"));
}

// A re-check before the deadline the provider was given proposes nothing new: the provider
// still has time, and the re-check is planned after the deadline.
TEST_F(Education, NoRecheckProposesAnythingBeforeTheDeadlineHasPassed) {
    done("t1", ekorren, "forskola", "tillsyn", day(2024, 10, 1), "tillsyn4", {"mindre_brist"},
         sdk::Decision{sdk::DecisionKind::injunction, false, day(2025, 4, 1), ""});
    const auto early = plugin->assess(record(activity("t2", ekorren, "forskola", "tillsyn", day(2025, 2, 3)), "tillsyn4", {"mindre_brist"}));
    EXPECT_EQ(early.proposed.kind, sdk::DecisionKind::no_action);
    EXPECT_THAT(early.explanation, HasSubstr("tidsfristen för att åtgärda dem (2025-04-01) har inte gått ut"));
    EXPECT_EQ(early.deficiencies.size(), 1u);
}

TEST_F(Education, TillsynAndInsynOnTheSameFindingsSanctionOnlyTheIndependentUnit) {
    const std::vector<std::string> grades{"tillfredsstallande", "allvarlig_brist"};
    const auto independent = plugin->assess(record(activity("a", ekorren, "forskola", "tillsyn", day(2025, 5, 5)), "tillsyn4", grades));
    const auto municipal = plugin->assess(record(activity("b", kommunal, "forskola", "insyn", day(2025, 5, 5)), "tillsyn4", grades));
    EXPECT_EQ(independent.deficiencies.size(), municipal.deficiencies.size());
    EXPECT_EQ(independent.proposed.kind, sdk::DecisionKind::injunction);
    // "Allvarligt missförhållande" is the board's judgement in its decision, not the grade's.
    EXPECT_FALSE(independent.proposed.serious_maladministration);
    EXPECT_THAT(independent.explanation, HasSubstr("Nämnden prövar i beslutet om missförhållandet är allvarligt"));
    EXPECT_EQ(municipal.proposed.kind, sdk::DecisionKind::pointed_out);
    EXPECT_FALSE(municipal.proposed.serious_maladministration);
    EXPECT_EQ(independent.next_due, municipal.next_due) << "the same review, the same follow-up";
}

TEST_F(Education, ASecondSeriousMaladministrationWithinTwoYearsMakesRevocationAvailable) {
    done("t1", ekorren, "forskola", "tillsyn", day(2024, 3, 1), "tillsyn4", {"allvarlig_brist"},
         sdk::Decision{sdk::DecisionKind::injunction, true, day(2024, 6, 1), ""});
    done("t2", ekorren, "forskola", "tillsyn", day(2024, 6, 10), "tillsyn4", {"tillfredsstallande"});
    const auto result = plugin->assess(record(activity("t3", ekorren, "forskola", "tillsyn", day(2025, 11, 20)), "tillsyn4",
                                              {"allvarlig_brist"}));
    EXPECT_EQ(result.proposed.kind, sdk::DecisionKind::revocation);
    EXPECT_THAT(result.explanation, HasSubstr("andra tillfället med allvarlig brist inom två år"));
    // Three years later it is a new case again: an injunction, not a revocation.
    const auto later = plugin->assess(record(activity("t4", ekorren, "forskola", "tillsyn", day(2027, 3, 2)), "tillsyn4",
                                             {"allvarlig_brist"}));
    EXPECT_EQ(later.proposed.kind, sdk::DecisionKind::injunction);
}

// The Education Act (26 kap. 13 §) counts serious maladministration on two separate occasions
// within two years. Only the board's flagged decisions count, measured between decision dates;
// an "Allvarlig brist" the board did not flag is no occasion, and a deficiency that persists at
// its re-check is the same case, not a second occasion.
TEST_F(Education, OnlyTheBoardsFlaggedDecisionsOnSeparateOccasionsCountTowardsRevocation) {
    // An injunction on a serious deficiency that the board did not judge serious maladministration.
    done("u1", ekorren, "forskola", "tillsyn", day(2024, 3, 1), "tillsyn4", {"allvarlig_brist"},
         sdk::Decision{sdk::DecisionKind::injunction, false, day(2024, 6, 1), ""});
    done("u2", ekorren, "forskola", "tillsyn", day(2024, 6, 10), "tillsyn4", {"tillfredsstallande"});
    const auto unflagged = plugin->assess(record(activity("u3", ekorren, "forskola", "tillsyn", day(2025, 11, 20)), "tillsyn4",
                                                 {"allvarlig_brist"}));
    EXPECT_EQ(unflagged.proposed.kind, sdk::DecisionKind::injunction);

    // A flagged injunction whose deficiency persists at the re-check: the same case.
    const char* other = "556000-0077";
    provider(other, "Förskolan Lärkan AB", sdk::Ownership::private_company, "forskola", day(2018, 1, 1));
    sdk::Decision flagged{sdk::DecisionKind::injunction, true, day(2025, 3, 1), ""};
    flagged.decided = day(2024, 12, 10);
    done("v1", other, "forskola", "tillsyn", day(2024, 12, 2), "tillsyn4", {"allvarlig_brist"}, flagged);
    const auto persisting = plugin->assess(record(activity("v2", other, "forskola", "tillsyn", day(2025, 4, 7)), "tillsyn4",
                                                  {"allvarlig_brist"}));
    EXPECT_EQ(persisting.proposed.kind, sdk::DecisionKind::injunction_with_fine) << persisting.explanation;

    // Two years are counted from the flagged decision's date (2024-12-10), not the visit's.
    done("v2", other, "forskola", "tillsyn", day(2025, 4, 7), "tillsyn4", {"tillfredsstallande"});
    const auto within = plugin->assess(record(activity("v3", other, "forskola", "tillsyn", day(2026, 12, 7)), "tillsyn4",
                                              {"allvarlig_brist"}));
    EXPECT_EQ(within.proposed.kind, sdk::DecisionKind::revocation) << within.explanation;
    EXPECT_THAT(within.explanation, HasSubstr("i beslutet 2024-12-10"));
    const auto after = plugin->assess(record(activity("v4", other, "forskola", "tillsyn", day(2026, 12, 11)), "tillsyn4",
                                             {"allvarlig_brist"}));
    EXPECT_EQ(after.proposed.kind, sdk::DecisionKind::injunction);
}

// Seed 001: "Av en särskild tabell i utbildningsnämndens modell för uppföljning framgår när
// respektive auktorisationsvillkor ska följas upp." A tillsyn that did not look at a condition
// the table puts at every supervision is reported as incomplete.
TEST_F(Education, ATillsynThatSkipsAConditionDueAtItIsIncomplete) {
    auto r = record(activity("c1", ekorren, "forskola", "tillsyn", day(2025, 4, 7)), "tillsyn4", {});
    for (const char* c : {"skollagens_krav", "forskollarare", "barngrupper"})
        r.findings.push_back({"c1", c, {"tillsyn4", "tillfredsstallande"}, "", "besök"});
    // Seed 001: "De generella- och specifika auktorisationsvillkoren följs upp eller kontrolleras
    // vid auktorisation eller vid tillsyn." The council's general conditions at every supervision too.
    for (const char* c : {"riktiga_uppgifter", "medverka_uppfoljning", "klagomal_avvikelser"})
        r.findings.push_back({"c1", c, {"tillsyn4", "tillfredsstallande"}, "", "besök"});
    const auto incomplete = plugin->assess(r);
    // The condition by its words: the officer reads them in `assess`, the board in its appendix.
    EXPECT_EQ(incomplete.missing_steps, (std::vector<std::string>{"villkor: Lokalerna är ändamålsenliga och säkra"}));
    EXPECT_THAT(incomplete.explanation,
                HasSubstr("Ofullständig tillsyn: villkorstabellen anger att villkoren ”Lokalerna är ändamålsenliga och säkra” ska bedömas"));
    r.findings.push_back({"c1", "lokaler", {"tillsyn4", "kan_utvecklas"}, "", "besök"});
    EXPECT_TRUE(plugin->assess(r).missing_steps.empty());
    // Without a general condition due at supervision it is incomplete, naming it.
    r.findings.erase(std::remove_if(r.findings.begin(), r.findings.end(), [](const sdk::Finding& f) { return f.condition_id == "riktiga_uppgifter"; }),
                     r.findings.end());
    EXPECT_THAT(plugin->assess(r).missing_steps,
                testing::ElementsAre(testing::HasSubstr("Anordnaren har inte lämnat oriktiga uppgifter till kommunen")));
}

// Issue 32: "Brister följs upp inom en till sex månader" (the model in seed 001). The follow-up
// after a deficient one is its re-check: complete when it looks at what was deficient, not at
// every condition of the table.
TEST_F(Education, AReCheckIsJudgedOnWhatItReChecks) {
    done("d1", ekorren, "forskola", "tillsyn", day(2025, 2, 3), "tillsyn4", {});
    register_view.findings_list.push_back({"d1", "lokaler", {"tillsyn4", "mindre_brist"}, "Brandlarmet saknades i två rum", "besök"});
    register_view.findings_list.push_back({"d1", "barngrupper", {"tillsyn4", "tillfredsstallande"}, "", "besök"});
    auto recheck = record(activity("d2", ekorren, "forskola", "tillsyn", day(2025, 5, 5)), "tillsyn4", {});
    recheck.findings.push_back({"d2", "lokaler", {"tillsyn4", "tillfredsstallande"}, "Brandlarm finns i alla rum", "besök"});
    const auto judged = plugin->assess(recheck);
    EXPECT_TRUE(judged.missing_steps.empty()) << judged.explanation;
    EXPECT_THAT(judged.explanation, Not(HasSubstr("Ofullständig tillsyn")));
    // A re-check that does not look at the deficient condition is incomplete, naming it.
    auto elsewhere = record(activity("d3", ekorren, "forskola", "tillsyn", day(2025, 5, 5)), "tillsyn4", {});
    elsewhere.findings.push_back({"d3", "barngrupper", {"tillsyn4", "tillfredsstallande"}, "", "besök"});
    EXPECT_EQ(plugin->assess(elsewhere).missing_steps, (std::vector<std::string>{"villkor: Lokalerna är ändamålsenliga och säkra"}));
}

// The condition-timing table in planning: each supervision's plan says which conditions it must
// look at; a targeted supervision that found a deficiency is re-checked within the window.
TEST_F(Education, ThePlanNamesTheConditionsDueAndReChecksATargetedSupervision) {
    const auto plan = plan_for(2025, ekorren);
    ASSERT_EQ(plan.size(), 1u);
    // The conditions by their words (the inspector reads the reason in the plan and the calendar).
    EXPECT_THAT(plan[0].reason, HasSubstr("villkor att bedöma: Huvudmannen och verksamheten uppfyller skollagens och läroplanens krav; "
                                          "Undervisningen bedrivs av legitimerade förskollärare; Barngruppernas storlek och "
                                          "sammansättning är lämpliga; Lokalerna är ändamålsenliga och säkra"));
    EXPECT_THAT(plan[0].reason, Not(HasSubstr("skollagens_krav")));

    constexpr const char* dagmamma = "750101-1234";
    provider(dagmamma, "Dagbarnvårdare Lisa Lund", sdk::Ownership::private_company, "pedagogisk_omsorg", day(2020, 8, 1));
    done("r1", dagmamma, "pedagogisk_omsorg", "riktad_tillsyn", day(2025, 3, 3), "tillsyn4", {"allvarlig_brist"},
         sdk::Decision{sdk::DecisionKind::injunction, false, day(2025, 6, 3), ""});
    const auto targeted = plan_for(2025, dagmamma);
    const auto recheck = std::find_if(targeted.begin(), targeted.end(), [](const auto& p) { return p.form_id == "riktad_tillsyn"; });
    ASSERT_NE(recheck, targeted.end());
    EXPECT_THAT(recheck->reason, HasSubstr("omprövning efter riktad tillsyn"));
    EXPECT_EQ(recheck->window.first, day(2025, 6, 4));  // after the deadline given
    EXPECT_EQ(recheck->window.last, day(2025, 9, 3));   // within six months
}

TEST_F(Education, TargetedSupervisionFindsThePersonAtTheAddressWithoutAnExtract) {
    constexpr const char* dagmamma = "750101-1234";
    provider(dagmamma, "Dagbarnvårdare Lisa Lund", sdk::Ownership::private_company, "pedagogisk_omsorg", day(2020, 8, 1));
    auto r = record(activity("r1", dagmamma, "pedagogisk_omsorg", "riktad_tillsyn", day(2025, 4, 2)), "tillsyn4", {});
    r.evidence = {{"registerutdrag_adressen", "person 1", "registerutdrag", day(2025, 1, 15)},
                  {"registerutdrag_adressen", "person 2", "registerutdrag", std::nullopt},
                  {"registerutdrag_adressen", "person 3", "registerutdrag", day(2023, 12, 1)},
                  {"ansvarsforsakring", "anordnaren", "försäkringsbrev", day(2026, 1, 1)}};
    const auto result = plugin->assess(r);
    ASSERT_EQ(result.deficiencies.size(), 2u);
    EXPECT_THAT(result.deficiencies[0].text, HasSubstr("person 2: registerutdrag saknas"));
    EXPECT_THAT(result.deficiencies[1].text, HasSubstr("person 3"));
    EXPECT_THAT(result.deficiencies[1].text, HasSubstr("äldre än 12 månader"));
    EXPECT_NE(result.proposed.kind, sdk::DecisionKind::no_action);

    r.evidence = {{"registerutdrag_adressen", "person 1", "registerutdrag", day(2025, 1, 15)}};
    const auto no_insurance = plugin->assess(r);
    ASSERT_EQ(no_insurance.deficiencies.size(), 1u);
    EXPECT_EQ(no_insurance.deficiencies[0].condition_id, "ansvarsforsakring");
}

// Seed 001: "utdrag ur belastningsregistret för alla som är folkbokförda på adressen där
// verksamheten bedrivs". The deficiency says how many of how many, and is re-checked.
TEST_F(Education, TargetedSupervisionCountsTheExtractsAgainstEveryoneRegisteredAtTheAddress) {
    constexpr const char* dagmamma = "750101-1234";
    provider(dagmamma, "Dagbarnvårdare Lisa Lund", sdk::Ownership::private_company, "pedagogisk_omsorg", day(2020, 8, 1));
    sdk::Unit home{"hem1", dagmamma, "Lisas familjedaghem", "Björkvägen 3", "pedagogisk_omsorg"};
    home.registered_persons = 3;
    register_view.units.push_back(home);
    auto r = record(activity("r2", dagmamma, "pedagogisk_omsorg", "riktad_tillsyn", day(2025, 4, 2)), "tillsyn4", {});
    r.evidence = {{"registerutdrag_adressen", "person 1", "registerutdrag", day(2025, 1, 15)},
                  {"registerutdrag_adressen", "person 2", "registerutdrag", day(2025, 2, 1)},
                  {"ansvarsforsakring", "anordnaren", "försäkringsbrev", day(2026, 1, 1)}};
    auto result = plugin->assess(r);
    ASSERT_EQ(result.deficiencies.size(), 1u);
    EXPECT_THAT(result.deficiencies[0].text, HasSubstr("1 av 3 folkbokförda på adressen har inte visat registerutdrag"));
    EXPECT_EQ(result.proposed.kind, sdk::DecisionKind::injunction) << "a missing extract is a serious deficiency";
    EXPECT_TRUE(result.recheck) << "with a re-check the plan schedules";
    r.evidence.push_back({"registerutdrag_adressen", "person 3", "registerutdrag", day(2025, 3, 1)});
    result = plugin->assess(r);
    EXPECT_TRUE(result.deficiencies.empty());
    // The count is recorded per unit and year (a number, never names): this year four live there.
    register_view.indicators.push_back({"folkbokforda_adressen", dagmamma, "hem1", calendar.period_of(sdk::PeriodKind::year, day(2025, 1, 1)),
                                        4, std::nullopt});
    result = plugin->assess(r);
    ASSERT_EQ(result.deficiencies.size(), 1u);
    EXPECT_THAT(result.deficiencies[0].text, HasSubstr("1 av 4 folkbokförda på adressen har inte visat registerutdrag"));
}

TEST_F(Education, TheYearsVisitsAreTheCompliantOfTwoYearsAgoAndTheDeficientOfLastYear) {
    const char* compliant_2023 = "556000-0002";
    const char* deficient_2024 = "556000-0003";
    const char* compliant_2024 = "556000-0004";
    for (const char* org : {compliant_2023, deficient_2024, compliant_2024})
        provider(org, std::string("Förskola ") + org, sdk::Ownership::private_company, "forskola", day(2015, 1, 1));
    done("x1", compliant_2023, "forskola", "tillsyn", day(2023, 5, 10), "tillsyn4", {"tillfredsstallande"});
    done("x2", deficient_2024, "forskola", "tillsyn", day(2024, 11, 4), "tillsyn4", {"mindre_brist"});
    done("x3", compliant_2024, "forskola", "tillsyn", day(2024, 5, 10), "tillsyn4", {"tillfredsstallande"});
    EXPECT_EQ(plan_for(2025, compliant_2023).size(), 1u);
    EXPECT_EQ(plan_for(2025, deficient_2024).size(), 1u);
    EXPECT_TRUE(plan_for(2025, compliant_2024).empty());
    EXPECT_EQ(plan_for(2026, compliant_2024).size(), 1u);
    // A municipal unit gets insyn, on the same schedule.
    done("x4", kommunal, "forskola", "insyn", day(2023, 9, 1), "tillsyn4", {"tillfredsstallande"});
    const auto plan = plan_for(2025, kommunal);
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].form_id, "insyn");
}

// The municipality is one provider with units in many areas (its home care, its culture school
// beside its preschools): the education board's insyn is of its preschools only.
TEST_F(Education, InsynOfTheMunicipalityIsOfItsPreschoolsNotOfItsUnitsInOtherAreas) {
    register_view.units.push_back({"e1", kommunal, "Förskolan Björken", "Björkvägen 1", "forskola"});
    register_view.units.push_back({"e2", kommunal, "Hemtjänsten Orminge", "Edövägen 2", "hemtjanst"});
    register_view.units.push_back({"e3", kommunal, "Kulturskolan Sickla", "Sickla allé 3", "kulturskola"});
    register_view.units.push_back({"e4", kommunal, "Förskolan Eken", "Ekvägen 4", "forskola"});
    const auto plan = plan_for(2025, kommunal);
    std::vector<std::string> units;
    for (const auto& p : plan) {
        EXPECT_EQ(p.form_id, "insyn");
        EXPECT_EQ(p.area_id, "forskola");
        units.push_back(p.unit_id);
    }
    EXPECT_THAT(units, testing::UnorderedElementsAre("e1", "e4"));
}

TEST_F(Education, ANewProviderIsFollowedUpInItsFirstYear) {
    const char* nystartad = "556000-0099";
    provider(nystartad, "Nya förskolan AB", sdk::Ownership::private_company, "forskola", day(2025, 2, 1));
    const auto plan = plan_for(2025, nystartad);
    ASSERT_EQ(plan.size(), 1u);
    EXPECT_EQ(plan[0].window.last, day(2025, 12, 30));  // this year's part (New Year's Eve is not a working day)
    EXPECT_THAT(plan[0].reason, HasSubstr("ny anordnare"));
    EXPECT_THAT(plan[0].reason, HasSubstr("hela fönstret 2025-02-03–2026-01-30"));  // 2026-02-01 is a Sunday
    EXPECT_TRUE(plan_for(2025, nystartad).front().window.contains(day(2025, 6, 1)));
}

}  // namespace
}  // namespace followup::test
