// The authorization lifecycle from the command line (seed 000: "processen vid auktorisation och
// avauktionering"; seed 003: kundval is "ett auktorisationssystem"; DOMAIN: "application →
// the conditions due at authorization checked → decision to authorize (dated) → first follow-up
// of a new provider within the model's time → regular follow-up → possibly suspension →
// de-authorization or revocation, which ends the authorization").
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
    // The education board's condition-timing table checks these at authorization.
    auto r = run(followup(grant));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("checks skollagens_krav, forskollarare, lokaler at authorization in forskola"));
    r = run(followup(grant + " --checked skollagens_krav=tillfredsstallande --checked forskollarare=mindre_brist --checked lokaler=tillfredsstallande"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("condition forskollarare is not met (Mindre brist)"));
    EXPECT_THAT(run(followup("export authorizations")).output, Not(HasSubstr(org)));
    r = run(followup(grant + " --checked skollagens_krav=tillfredsstallande --checked forskollarare=tillfredsstallande "
                             "--checked lokaler=kan_utvecklas"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(run(followup("export authorizations")).output, HasSubstr(org + ";forskola;2025-03-01;active;"));
    EXPECT_EQ(run(followup(grant + " --checked skollagens_krav=tillfredsstallande --checked forskollarare=tillfredsstallande "
                                   "--checked lokaler=kan_utvecklas")).exit_code, 1) << "already in force";
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
    EXPECT_THAT(r.output, HasSubstr("Förskolan Ekorren AB 0 (559000-0005), unit u0 forskola: opened 2025-03-10"));
    r = run(followup("authorization revoke --provider 559000-0005 --area forskola --ended 2010-02-01"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("2010-02-01 is before the authorization was granted (2015-08-01)"));
    r = run(followup("authorization revoke --provider 559000-0005 --area forskola --ended 2025-10-01"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("revoked the authorization of 559000-0005 in forskola on 2025-10-01"));
    EXPECT_THAT(run(followup("export authorizations")).output, HasSubstr("559000-0005;forskola;2015-08-01;revoked;2025-10-01"));
    // Off the area's list: nothing more planned, nothing late, its case closed with the reason.
    EXPECT_THAT(run(followup("plan --year 2026 --dry-run")).output, Not(HasSubstr("Förskolan Ekorren AB 0 ")));
    EXPECT_THAT(run(followup("status --at 2026-06-30")).output, Not(HasSubstr("Förskolan Ekorren AB 0 (559000-0005)")));
    EXPECT_EQ(run(followup("authorization revoke --provider 559000-0005 --area forskola --ended 2025-10-02")).exit_code, 1)
        << "nothing left in force";
}

}  // namespace

namespace {

// DOMAIN: de-authorization or revocation "ends the authorization: the provider leaves the area's
// list and residents' pages say so".
TEST_F(CliAuthorization, ResidentsPagesSayTheAuthorizationEnded) {
    ASSERT_EQ(run(followup("authorization end --provider 559000-0005 --area forskola --ended 2025-10-01")).exit_code, 0);
    ASSERT_EQ(run(followup("publish --year 2025 --out " + quoted(dir / "site"))).exit_code, 0);
    const std::string page = read_file(dir / "site" / "omrade" / "forskola" / "index.html");
    EXPECT_THAT(page, HasSubstr("Auktorisationen upphörde 2025-10-01"));
    EXPECT_THAT(page, HasSubstr("Förskolan Ekorren AB 0<"));
    // The next year it is no longer on the list at all.
    ASSERT_EQ(run(followup("publish --year 2026 --out " + quoted(dir / "site26"))).exit_code, 0);
    EXPECT_THAT(read_file(dir / "site26" / "omrade" / "forskola" / "index.html"), Not(HasSubstr("Förskolan Ekorren AB 0<")));
}

}  // namespace
