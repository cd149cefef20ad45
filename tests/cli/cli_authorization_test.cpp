// The authorization lifecycle from the command line (seed 000: "processen vid auktorisation och
// avauktionering"; seed 003: kundval is "ett auktorisationssystem"; DOMAIN: "application →
// the conditions due at authorization checked → decision to authorize (dated) → first follow-up
// of a new provider within the model's time → regular follow-up → possibly suspension →
// de-authorization or revocation, which ends the authorization").
#include <chrono>
#include <cstdio>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

class CliAuthorization : public CliTest {
protected:
    void SetUp() override {
        ASSERT_TRUE(import_small_fixture([this](const std::string& args) { return followup(args); },
                                         {"providers", "units", "authorizations", "follow_ups", "findings", "decisions"}));
    }
    std::string followup(const std::string& args) const { return CliTest::followup(args) + " 2>&1"; }
};

TEST_F(CliAuthorization, AnApplicationIsGrantedOnlyWithTheConditionsDueAtAuthorizationCheckedAndMet) {
    const std::string org = "556104-2424";  // a valid organisation number (Luhn check digit)
    write_file(dir / "p.csv", "org_number;name;ownership;continuity_plan\n" + org + ";Förskolan Nyckelpigan AB;private;\n");
    ASSERT_EQ(run(followup("import providers " + quoted(dir / "p.csv"))).exit_code, 0);
    const std::string grant = "authorization grant --provider " + org + " --area forskola --granted 2025-03-01";
    // Seed 001: "De generella- och specifika auktorisationsvillkoren följs upp eller kontrolleras
    // vid auktorisation eller vid tillsyn." The council's general conditions (config/municipality.toml)
    // are due at authorization in every area, beside the education board's own.
    const std::string general = " --checked ekonomisk_stabilitet=tillfredsstallande --checked skatter_avgifter=tillfredsstallande"
                                " --checked konkurs_likvidation=tillfredsstallande --checked naringsforbud=tillfredsstallande"
                                " --checked brott_i_yrkesutovning=tillfredsstallande --checked allvarligt_fel=tillfredsstallande"
                                " --checked riktiga_uppgifter=tillfredsstallande";
    const std::string specific = " --checked skollagens_krav=tillfredsstallande --checked forskollarare=tillfredsstallande"
                                 " --checked lokaler=kan_utvecklas";
    auto r = run(followup(grant));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("are not all checked: ekonomisk_stabilitet, skatter_avgifter, konkurs_likvidation, naringsforbud, "
                                    "brott_i_yrkesutovning, allvarligt_fel, riktiga_uppgifter, kontinuitetsplan, skollagens_krav, "
                                    "forskollarare, lokaler"));
    // The area's own checked and met, the general ones not: refused.
    r = run(followup(grant + specific));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("not all checked: ekonomisk_stabilitet, skatter_avgifter"));
    // A general condition checked and not met: refused, naming it.
    r = run(followup(grant + specific + general + " --checked kontinuitetsplan=mindre_brist"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("condition kontinuitetsplan is not met (Mindre brist)"));
    // A condition the area does not have, made up or another area's: refused, naming it.
    r = run(followup(grant + specific + general + " --checked kontinuitetsplan=tillfredsstallande --checked sjalvskattning=tillfredsstallande"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("--checked sjalvskattning: not a condition of area forskola"));
    r = run(followup(grant + " --checked skollagens_krav=tillfredsstallande --checked forskollarare=mindre_brist --checked lokaler=tillfredsstallande" +
                     general + " --checked kontinuitetsplan=tillfredsstallande"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("condition forskollarare is not met (Mindre brist)"));
    EXPECT_THAT(run(followup("export authorizations")).output, Not(HasSubstr(org)));
    const std::string all = specific + general + " --checked kontinuitetsplan=tillfredsstallande";
    r = run(followup(grant + all));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("(11 condition(s) checked at authorization, kept in the register"));
    // What the grant rests on is in the register, read with SQL, not with followup's code.
    EXPECT_EQ(register_.sql("SELECT count(*) || '|' || min(checked) || '|' || max(checked) FROM condition_checks WHERE provider = '" + org +
                            "' AND area = 'forskola' AND occasion = 'authorization';").output,
              "11|2025-03-01|2025-03-01\n");
    EXPECT_EQ(register_.sql("SELECT grade FROM condition_checks WHERE provider = '" + org + "' AND condition = 'lokaler';").output,
              "kan_utvecklas\n");
    EXPECT_THAT(run(followup("export authorizations")).output, HasSubstr(org + ";forskola;2025-03-01;active;"));
    EXPECT_EQ(run(followup(grant + all)).exit_code, 1) << "already in force";
    // A new provider's first follow-up is in the plan.
    EXPECT_THAT(run(followup("plan --year 2025 --dry-run")).output, HasSubstr("ny anordnare"));
    // Suspended, then resumed: audited like every change.
    EXPECT_EQ(run(followup("authorization suspend --provider " + org + " --area forskola --on 2025-06-01")).exit_code, 0);
    EXPECT_THAT(run(followup("export authorizations")).output, HasSubstr(org + ";forskola;2025-03-01;suspended;"));
    EXPECT_EQ(run(followup("authorization resume --provider " + org + " --area forskola --on 2025-07-01")).exit_code, 0);
    EXPECT_THAT(run(followup("audit log --kind authorizations")).output, HasSubstr(org));
}

TEST_F(CliAuthorization, ARevocationEndsTheAuthorizationAndClosesTheOpenCases) {
    // 559000-0005 had a deficiency at y0 (2025-03-10) and no re-check: an open case.
    auto r = run(followup("status --at 2026-06-30"));
    EXPECT_THAT(r.output, HasSubstr("Förskolan Ekorren AB 0 (559000-0005), unit Förskolan Ekorren 0 [u0], Förskola [forskola]: opened 2025-03-10"));
    const std::string revoke = "authorization revoke --provider 559000-0005 --area forskola --follow-up y0 --reference 'UBN 2025/118'";
    r = run(followup(revoke + " --decided 2010-02-01"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("ended: found 2010-02-01, before granted 2015-08-01; expected an authorization that ends on or after the day it was granted"));
    // A revocation is the board's decision on a follow-up: without it, or on another provider's, nothing happens.
    r = run(followup("authorization revoke --provider 559000-0005 --area forskola --decided 2025-10-01 --reference 'UBN 2025/118'"));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_THAT(r.output, HasSubstr("--follow-up"));
    r = run(followup("authorization revoke --provider 559000-0013 --area forskola --follow-up y0 --decided 2025-10-01 --reference 'UBN 2025/118'"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("follow-up y0 is of provider 559000-0005 in area forskola, not of 559000-0013 in forskola"));
    EXPECT_THAT(run(followup("export authorizations")).output, HasSubstr("559000-0005;forskola;2015-08-01;active;"));
    r = run(followup(revoke + " --decided 2025-10-01"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("revoked the authorization of 559000-0005 in forskola on 2025-10-01"));
    EXPECT_THAT(run(followup("export decisions")).output, HasSubstr("y0;revocation;2025-10-01;nej;;;UBN 2025/118;"));
    EXPECT_THAT(run(followup("export authorizations")).output, HasSubstr("559000-0005;forskola;2015-08-01;revoked;2025-10-01"));
    // Off the area's list: nothing more planned, nothing late, its case closed with the reason.
    EXPECT_THAT(run(followup("plan --year 2026 --dry-run")).output, Not(HasSubstr("Förskolan Ekorren AB 0 ")));
    EXPECT_THAT(run(followup("status --at 2026-06-30")).output, Not(HasSubstr("Förskolan Ekorren AB 0 (559000-0005)")));
    EXPECT_EQ(run(followup(revoke + " --decided 2025-10-02")).exit_code, 1) << "nothing left in force";
}

}  // namespace

namespace {

// DOMAIN: de-authorization or revocation "ends the authorization: the provider leaves the area's
// list and residents' pages say so".
TEST_F(CliAuthorization, ResidentsPagesSayTheAuthorizationEnded) {
    ASSERT_EQ(run(followup("authorization end --provider 559000-0005 --area forskola --ended 2025-10-01")).exit_code, 0);
    ASSERT_EQ(run(followup("publish --year 2025 --out " + quoted(dir / "site"))).exit_code, 0);
    // Not among those residents can choose at the year's end: off the list, its page kept at its
    // address saying so.
    EXPECT_THAT(read_file(dir / "site" / "omrade" / "forskola" / "index.html"), Not(HasSubstr("Förskolan Ekorren AB 0<")));
    const std::string page = read_file(dir / "site" / "omrade" / "forskola" / "enhet" / "u0" / "index.html");
    EXPECT_THAT(page, HasSubstr("Auktorisationen upphörde 2025-10-01"));
    EXPECT_THAT(page, HasSubstr("Anordnaren finns inte längre bland dem du kan välja."));
    // The next year it is no longer on the list at all.
    ASSERT_EQ(run(followup("publish --year 2026 --out " + quoted(dir / "site26"))).exit_code, 0);
    EXPECT_THAT(read_file(dir / "site26" / "omrade" / "forskola" / "index.html"), Not(HasSubstr("Förskolan Ekorren AB 0<")));
}

}  // namespace

namespace {

// Seed 001: "Om det uppstår exempelvis brister i verksamheten kan kommunen återkalla
// auktorisationen." Seed 002: "För att kunna vara en valbar aktör inom kundvalssystemet måste man
// uppfylla de auktorisationskrav som Nacka har satt upp och auktorisationen kan återkallas om det
// uppstår brister i verksamheten." The board's revocation decision is what ends the
// authorization: from its day the provider is no "valbar aktör" — off the residents' list, with
// nothing more planned. Checked in the register with SQL of its own, not through followup.
TEST_F(CliAuthorization, ABoardsRevocationDecisionRevokesTheAuthorizationAndTakesTheProviderOffThePlanAndTheResidentsList) {
    // A key figure of the unit, so that it is in the open data while it is on the list.
    write_file(dir / "indicators.csv", "key_figure;provider;unit;period_from;period_to;value;answers\n"
                                       "nojdhet_undervisning;559000-0005;u0;2025-04-01;2025-04-30;88.5;40\n");
    ASSERT_EQ(run(followup("import indicators " + quoted(dir / "indicators.csv"))).exit_code, 0);
    // Before: Förskolan Ekorren AB 0's re-check of its 2025-03-10 deficiency is in the 2026 plan,
    // and its unit on the 2025 list and in the open data.
    const std::string ekorren = "Förskolan Ekorren AB 0 ";
    ASSERT_THAT(run(followup("plan --year 2026 --dry-run")).output, HasSubstr(ekorren));
    ASSERT_EQ(run(followup("publish --year 2025 --out " + quoted(dir / "before"))).exit_code, 0);
    ASSERT_THAT(read_file(dir / "before" / "omrade" / "forskola" / "index.html"), HasSubstr("<bdi>Förskolan Ekorren 0</bdi></a>"));
    ASSERT_THAT(read_file(dir / "before" / "data" / "nojdhet_undervisning-2025.csv"), HasSubstr(";u0;Förskolan Ekorren 0;"));
    const std::string audited_before = register_.sql("SELECT max(seq) FROM audit;").output;

    // A revocation is a board decision with its diary number: without one nothing is recorded.
    auto r = run(followup("decide y0 --kind revocation --decided 2025-10-01"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("a revocation is a board decision with its reference: expected --reference DNR"));
    EXPECT_EQ(register_.sql("SELECT status || '|' || coalesce(ended, '') FROM authorizations WHERE provider = '559000-0005' AND area = 'forskola';").output,
              "active|\n");
    r = run(followup("decide y0 --kind revocation --decided 2025-10-01 --reference 'UBN 2025/118'"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("revoked the authorization of 559000-0005 in forskola on 2025-10-01"));

    // The register: the decision and the authorization revoked from the decision's day, both in
    // the audit trail, and nothing else.
    EXPECT_EQ(register_.sql("SELECT status || '|' || ended FROM authorizations WHERE provider = '559000-0005' AND area = 'forskola';").output,
              "revoked|2025-10-01\n");
    EXPECT_EQ(register_.sql("SELECT kind || '|' || decided || '|' || reference FROM decisions WHERE follow_up = 'y0' AND kind = 'revocation';").output,
              "revocation|2025-10-01|UBN 2025/118\n");
    const std::string audited = audited_before.substr(0, audited_before.find('\n'));
    EXPECT_EQ(register_.sql("SELECT entity || '|' || action FROM audit WHERE seq > " + audited + " ORDER BY entity;").output,
              "authorizations|update\ndecisions|insert\n");

    // Off next year's plan, and off the residents' list and open data (its page says why).
    EXPECT_THAT(run(followup("plan --year 2026 --dry-run")).output, Not(HasSubstr(ekorren)));
    ASSERT_EQ(run(followup("publish --year 2025 --out " + quoted(dir / "after"))).exit_code, 0);
    EXPECT_THAT(read_file(dir / "after" / "omrade" / "forskola" / "index.html"), Not(HasSubstr("Förskolan Ekorren 0")));
    EXPECT_THAT(read_file(dir / "after" / "data" / "nojdhet_undervisning-2025.csv"), Not(HasSubstr(";u0;")));
    const std::string page = read_file(dir / "after" / "omrade" / "forskola" / "enhet" / "u0" / "index.html");
    EXPECT_THAT(page, HasSubstr("Auktorisationen upphörde 2025-10-01"));
    EXPECT_THAT(page, HasSubstr("Nämnden återkallade auktorisationen."));

    // Recorded again: the same decision, nothing more to revoke, nothing written.
    const std::string audited_after = register_.sql("SELECT max(seq) FROM audit;").output;
    r = run(followup("decide y0 --kind revocation --decided 2025-10-01 --reference 'UBN 2025/118'"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("already recorded"));
    EXPECT_EQ(register_.sql("SELECT max(seq) FROM audit;").output, audited_after);
}

// An end dated later keeps the unit where it is until that day, and from that day on takes it
// off the plan, the residents' list and `status` alike (DOMAIN: de-authorization "ends the
// authorization: the provider leaves the area's list"; it leaves on the day it ends, not before).
TEST_F(CliAuthorization, AnEndDatedLaterKeepsTheUnitInThePlanTheSiteAndStatusUntilThatDay) {
    // The 2026 plan re-checks Förskolan Ekorren AB 0's 2025 deficiency on 2026-03-02, its case
    // late from 2026-03-02 (the re-check was due 2026-03-01).
    const std::string ekorren = "Förskolan Ekorren AB 0 ";
    const std::string late_case = "Förskolan Ekorren AB 0 (559000-0005), unit Förskolan Ekorren 0 [u0], Förskola [forskola]: opened 2025-03-10";
    ASSERT_THAT(run(followup("plan --year 2026 --dry-run")).output, HasSubstr("2026-03-02               2026-03-02  utbildning"));
    ASSERT_EQ(run(followup("authorization end --provider 559000-0005 --area forskola --ended 2026-03-03")).exit_code, 0);
    // The re-check's window opens before the end: still owed, still planned, still late.
    auto r = run(followup("plan --year 2026 --dry-run"));
    EXPECT_THAT(r.output, HasSubstr(ekorren));
    EXPECT_THAT(r.output, HasSubstr("2026-03-02               2026-03-02  utbildning"));
    EXPECT_THAT(run(followup("status --at 2026-03-02")).output, HasSubstr(late_case));
    // On the end's day it is due for nothing: the case closed with the authorization.
    EXPECT_THAT(run(followup("status --at 2026-03-03")).output, Not(HasSubstr("Förskolan Ekorren AB 0 (559000-0005)")));
    // On the residents' list at the end of 2025, when it was authorized; not in 2026 (the day
    // shown is today, after the end).
    ASSERT_EQ(run(followup("publish --year 2025 --out " + quoted(dir / "site25"))).exit_code, 0);
    const std::string list25 = read_file(dir / "site25" / "omrade" / "forskola" / "index.html");
    EXPECT_THAT(list25, HasSubstr("<bdi>Förskolan Ekorren 0</bdi></a>"));
    EXPECT_THAT(list25, Not(HasSubstr("Auktorisationen upphörde")));
    ASSERT_EQ(run(followup("publish --year 2026 --out " + quoted(dir / "site26"))).exit_code, 0);
    EXPECT_THAT(read_file(dir / "site26" / "omrade" / "forskola" / "index.html"), Not(HasSubstr("Förskolan Ekorren 0")));

    // Ended a day earlier, on the re-check's own day: its window no longer opens before the end.
    ASSERT_EQ(run(followup("authorization end --provider 559000-0005 --area forskola --ended 2026-03-02")).exit_code, 0);
    EXPECT_EQ(register_.sql("SELECT ended FROM authorizations WHERE provider = '559000-0005' AND area = 'forskola';").output, "2026-03-02\n");
    EXPECT_THAT(run(followup("plan --year 2026 --dry-run")).output, Not(HasSubstr(ekorren)));
    EXPECT_THAT(run(followup("status --at 2026-03-02")).output, Not(HasSubstr("Förskolan Ekorren AB 0 (559000-0005)")));
}

std::string iso_date(const std::chrono::year_month_day& d) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return text;
}

// An end still to come, seen on the residents' site of this year: the unit is on the list today.
TEST_F(CliAuthorization, AnEndStillToComeLeavesTheUnitOnTodaysResidentsList) {
    using namespace std::chrono;
    const year_month_day today{floor<days>(system_clock::now())};
    const year_month_day in_a_month{sys_days{today} + days{30}};
    const std::string ends = iso_date(in_a_month);
    ASSERT_EQ(run(followup("authorization end --provider 559000-0005 --area forskola --ended " + ends)).exit_code, 0);
    EXPECT_EQ(register_.sql("SELECT ended FROM authorizations WHERE provider = '559000-0005' AND area = 'forskola';").output, ends + "\n");
    const std::string year = std::to_string(static_cast<int>(today.year()));
    ASSERT_EQ(run(followup("publish --year " + year + " --out " + quoted(dir / "site"))).exit_code, 0);
    EXPECT_THAT(read_file(dir / "site" / "omrade" / "forskola" / "index.html"), HasSubstr("<bdi>Förskolan Ekorren 0</bdi></a>"));
}

}  // namespace

namespace {

// Every way in applies the same rule: an imported revocation decision revokes the authorization
// in the same transaction, as `followup decide --kind revocation` does. Seed 001: "Om det uppstår
// exempelvis brister i verksamheten kan kommunen återkalla auktorisationen."
TEST_F(CliAuthorization, AnImportedRevocationDecisionRevokesTheAuthorizationAsDecideDoes) {
    const auto before = register_.sql("SELECT count(*) FROM audit;").output;
    write_file(dir / "revocation.csv", "follow_up;kind;decided;serious_maladministration;deadline;reason;reference\n"
                                       "h3;revocation;2024-08-01;nej;;upprepade brister;UBN 2024/88\n");
    auto r = run(followup("import decisions " + quoted(dir / "revocation.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(register_.sql("SELECT a.status, a.ended FROM authorizations a JOIN follow_ups f ON f.provider = a.provider "
                            "AND f.area = a.area WHERE f.id = 'h3';")
                  .output,
              "revoked|2024-08-01\n");
    // The decision and the authorization: two audited changes, nothing else.
    EXPECT_EQ(std::stoi(register_.sql("SELECT count(*) FROM audit;").output) - std::stoi(before), 2);
    // Imported again: nothing changes, nothing is audited.
    r = run(followup("import decisions " + quoted(dir / "revocation.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(std::stoi(register_.sql("SELECT count(*) FROM audit;").output) - std::stoi(before), 2);
}

// Seed 001: "Av en särskild tabell i utbildningsnämndens modell för uppföljning framgår när
// respektive auktorisationsvillkor ska följas upp." The council's general conditions the table
// (config/municipality.toml) checks every year are owed a check a year after the last one (or the
// grant); those it checks on a signal are owed one within a month of a signal found substantiated.
// `followup authorization check` records them; status and plan say what is owed.
TEST_F(CliAuthorization, TheYearlyConditionsAndASubstantiatedSignalsAreOwedACheckUntilOneIsRecorded) {
    const std::string org = "559000-0005";  // authorized in preschool since 2015, never checked since
    auto owed = [&](const std::string& at) {
        const auto r = run(followup("status --at " + at));
        EXPECT_EQ(r.exit_code, 0) << r.output;
        return r.output.substr(r.output.find("Authorization conditions owed a check"));
    };
    std::string status = owed("2025-06-01");
    EXPECT_THAT(status, HasSubstr("[" + org + "] (yearly), Förskola [forskola]: Anordnaren har ekonomisk stabilitet och förmåga att "
                                  "fullgöra uppdraget (kundvalsreglementet: generellt auktorisationsvillkor) [ekonomisk_stabilitet]; never checked"));
    EXPECT_THAT(status, Not(HasSubstr("[brott_i_yrkesutovning]"))) << "checked on a signal, not yearly";
    // A yearly check of a condition the table checks on a signal only, or of one the area does not
    // have, is refused, naming it; nothing is written.
    const std::string check = "authorization check --provider " + org + " --area forskola --on 2025-05-20 --note 'Skatteverket, Bolagsverket'";
    auto r = run(followup(check + " --checked brott_i_yrkesutovning=tillfredsstallande"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("condition brott_i_yrkesutovning is not checked yearly by the condition-timing table"));
    r = run(followup(check + " --checked kultur_avgifter=tillfredsstallande"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("names condition kultur_avgifter, which area forskola does not have"));
    r = run(followup(check + " --checked skatter_avgifter=uppfyllt"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("uppfyllt"));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM condition_checks;").output, "0\n");
    // The yearly ones checked: no longer owed; owed again a year later, in next year's plan.
    r = run(followup(check + " --checked ekonomisk_stabilitet=tillfredsstallande --checked skatter_avgifter=tillfredsstallande"
                             " --checked konkurs_likvidation=tillfredsstallande --checked naringsforbud=tillfredsstallande"
                             " --checked kontinuitetsplan=mindre_brist --checked medverka_uppfoljning=tillfredsstallande"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("not met: kontinuitetsplan"));
    EXPECT_EQ(register_.sql("SELECT count(*) || '|' || sum(CASE WHEN grade = 'mindre_brist' THEN 1 ELSE 0 END) FROM condition_checks WHERE provider = '" + org +
                            "' AND occasion = 'annually' AND checked = '2025-05-20';").output,
              "6|1\n");
    EXPECT_THAT(owed("2025-06-01"), Not(HasSubstr("[" + org + "]")));
    const auto plan = run(followup("plan --year 2026 --dry-run"));
    EXPECT_THAT(plan.output, HasSubstr("2026-05-20  Förskolan Ekorren AB 0 [" + org + "] (yearly)"));
    // A signal found substantiated: the table's signal conditions are owed within a month.
    write_file(dir / "s.csv", "id;provider;area;kind;received;summary;unit;substantiated;outcome\n"
                              "sig9;" + org + ";forskola;complaint;2025-04-01;klagomål på ledningen;u0;ja;kontroll av villkoren\n"
                              "sig10;559000-0013;forskola;tip;2025-04-01;tips om ledningen;u1;;\n");
    ASSERT_EQ(run(followup("import signals " + quoted(dir / "s.csv"))).exit_code, 0);
    status = owed("2025-06-01");
    EXPECT_THAT(status, HasSubstr("2025-05-01  Förskolan Ekorren AB 0 [" + org + "] (signal sig9), Förskola [forskola]: Anordnaren eller "
                                  "dess företrädare är inte dömd för brott avseende yrkesutövningen"));
    EXPECT_THAT(status, HasSubstr("[allvarligt_fel]"));
    EXPECT_THAT(status, Not(HasSubstr("(signal sig10)"))) << "not yet investigated: no check owed";
    r = run(followup("authorization check --provider " + org + " --area forskola --on 2025-04-10 --signal sig10"
                     " --checked brott_i_yrkesutovning=tillfredsstallande"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("signal sig10 is about provider 559000-0013"));
    r = run(followup("authorization check --provider " + org + " --area forskola --on 2025-04-10 --signal sig9"
                     " --checked brott_i_yrkesutovning=tillfredsstallande --checked allvarligt_fel=tillfredsstallande"
                     " --checked klagomal_avvikelser=tillfredsstallande --note 'Belastningsregistret; IVO'"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(owed("2025-06-01"), Not(HasSubstr("sig9")));
    EXPECT_EQ(register_.sql("SELECT count(*) FROM condition_checks WHERE occasion = 'signal' AND signal = 'sig9';").output, "3\n");
    // The compilation tells the executive board what the education board checked in the year and
    // what it still owed at the year's end; the checks made are the register's rows, counted in SQL.
    r = run(followup("compile --year 2025 --date 2026-03-08 --format md --out " + quoted(dir / "c")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string made = register_.sql("SELECT count(*) || ' (vid auktorisation ' || sum(CASE WHEN occasion = 'authorization' THEN 1 ELSE 0 END)"
                                            " || ', årliga ' || sum(CASE WHEN occasion = 'annually' THEN 1 ELSE 0 END) || ', efter signal '"
                                            " || sum(CASE WHEN occasion = 'signal' THEN 1 ELSE 0 END) || ')' FROM condition_checks"
                                            " WHERE checked LIKE '2025-%' AND area IN ('forskola', 'pedagogisk_omsorg');").output;
    EXPECT_EQ(made, "9 (vid auktorisation 0, årliga 6, efter signal 3)\n");
    const std::string md = read_file(dir / "c" / "samlad-uppfoljning-2025.md");
    EXPECT_THAT(md, HasSubstr("Kontroller av auktorisationsvillkoren utanför uppföljningarna 2025: " + made.substr(0, made.size() - 1) + "; "));
    EXPECT_THAT(md, testing::ContainsRegex("efter signal 3\\); [1-9][0-9]* villkorskontroller var försenade vid årets slut"));
}

// Seed 001: "De generella- och specifika auktorisationsvillkoren följs upp eller kontrolleras vid
// auktorisation eller vid tillsyn." A tillsyn of an authorized preschool that did not look at the
// general conditions the table puts at every supervision is incomplete, and says which.
TEST_F(CliAuthorization, ATillsynThatLeftOutAGeneralConditionDueAtSupervisionIsIncomplete) {
    const std::string own = " --finding skollagens_krav=tillfredsstallande --finding forskollarare=tillfredsstallande"
                            " --finding barngrupper=tillfredsstallande --finding lokaler=tillfredsstallande";
    auto r = run(followup("record --id g1 --provider 559000-0013 --unit u1 --area forskola --form tillsyn --done 2025-04-14" + own));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("assess g1"));
    EXPECT_THAT(r.output, HasSubstr("Ofullständig tillsyn"));
    EXPECT_THAT(r.output, HasSubstr("Anordnaren har inte lämnat oriktiga uppgifter till kommunen"));
    EXPECT_THAT(r.output, HasSubstr("Anordnaren medverkar i kommunens uppföljning"));
    r = run(followup("record --id g2 --provider 559000-0013 --unit u1 --area forskola --form tillsyn --done 2025-04-15" + own +
                     " --finding riktiga_uppgifter=tillfredsstallande --finding medverka_uppfoljning=tillfredsstallande"
                     " --finding klagomal_avvikelser=tillfredsstallande"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(run(followup("assess g2")).output, Not(HasSubstr("Ofullständig tillsyn")));
}

}  // namespace
