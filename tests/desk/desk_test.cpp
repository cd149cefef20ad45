// The officer's desk (issue 33) over HTTP: sign-in and its pause, the session's cookie, the CSRF
// check, an officer's reach, the pages, and a visit recorded through the form as the officer
// (desk_fixture.hpp: the real `followup serve` on the small fixture register).
#include "desk_fixture.hpp"

using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

TEST_F(Desk, FiveWrongPasswordsPauseTheAccountAndThenTheRightOneIsRefusedToo) {
    for (int i = 0; i < 5; ++i) {
        auto res = post_sign_in("berit", "wrong-password-" + std::to_string(i));
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 401);
        EXPECT_THAT(res->body, HasSubstr("Fel användar-id eller lösenord."));
        EXPECT_THAT(res->get_header_value("Set-Cookie"), testing::StartsWith("desk-sign-in="));  // the form's new token, no session
    }
    auto res = post_sign_in("berit", berit_password);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_THAT(res->body, HasSubstr("Kontot är pausat efter för många misslyckade inloggningar, till"));
    EXPECT_THAT(res->get_header_value("Set-Cookie"), testing::StartsWith("desk-sign-in="));
    EXPECT_NE(sql("SELECT paused_until FROM officer_credentials WHERE officer = 'berit';"), "\n");
}

TEST_F(Desk, ASignInPostWithoutTheFormsTokenOrItsCookieIsRefusedAndCountsForNothing) {
    // Login CSRF: another site's page posting the sign-in form with its own account's password
    // sends neither the form's token nor (SameSite=Strict) the cookie with the same token.
    auto page = client().Get("/sign-in");
    ASSERT_TRUE(page);
    const std::string token = csrf_of(page->body);
    ASSERT_EQ(token.size(), 64U) << page->body;
    EXPECT_THAT(page->get_header_value("Set-Cookie"),
                testing::MatchesRegex("desk-sign-in=" + token + "; HttpOnly; SameSite=Strict; Path=/sign-in"));
    const httplib::Params without_token{{"officer", "anna"}, {"password", anna_password}};
    const httplib::Params with_token{{"officer", "anna"}, {"password", anna_password}, {"csrf", token}};
    for (const auto& [cookie, form] : {std::pair{std::string(), with_token},                       // the token, not its cookie
                                       std::pair{"desk-sign-in=" + token, without_token},        // the cookie, not the token
                                       std::pair{"desk-sign-in=" + std::string(64, 'a'), with_token}}) {  // a cookie of another token
        auto res = client().Post("/sign-in", httplib::Headers{{"Cookie", cookie}}, form);
        ASSERT_TRUE(res);
        EXPECT_EQ(res->status, 403) << cookie;
        EXPECT_THAT(res->body, HasSubstr("Formuläret kunde inte godtas"));
        EXPECT_THAT(res->get_header_value("Set-Cookie"), Not(HasSubstr("desk=")));
    }
    // Refused before the password was looked at: no failed sign-in counted towards the pause.
    EXPECT_EQ(sql("SELECT failed_sign_ins FROM officer_credentials WHERE officer = 'anna';"), "0\n");
    // With both, as the browser sends them, the same officer signs in.
    auto res = client().Post("/sign-in", httplib::Headers{{"Cookie", "desk-sign-in=" + token}}, with_token);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 303);
    EXPECT_THAT(res->get_header_value("Set-Cookie"), testing::StartsWith("desk="));
}

TEST_F(Desk, SignInSetsAnHttpOnlySameSiteStrictCookieOfA256BitIdAndPagesNeedIt) {
    const SignedIn anna = sign_in("anna", anna_password);
    EXPECT_THAT(anna.set_cookie, testing::MatchesRegex("desk=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/"));
    // Without a session, a page sends one to the sign-in page.
    auto res = client().Get("/");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 303);
    EXPECT_EQ(res->get_header_value("Location"), "/sign-in");
    res = get("/", "desk=" + std::string(64, '0'));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 303);
    // The sign-in page itself: Swedish, labelled fields, a <main>.
    res = client().Get("/sign-in");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_THAT(res->body, HasSubstr("<html lang=\"sv\">"));
    EXPECT_THAT(res->body, HasSubstr("<main>"));
    EXPECT_THAT(res->body, HasSubstr("<label for=\"officer\">Användar-id</label>"));
    EXPECT_THAT(res->body, HasSubstr("<label for=\"password\">Lösenord</label>"));
}

TEST_F(Desk, BehindTlsTheCookieIsSecureToo) {
    stop_desk();
    start_desk("--secure-cookies");
    const SignedIn anna = sign_in("anna", anna_password);
    EXPECT_THAT(anna.set_cookie, testing::MatchesRegex("desk=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/; Secure"));
}

TEST_F(Desk, TheConfigurationsDeskTableMakesTheCookieSecureAndItsMistakesAreRefused) {
    stop_desk();
    std::ofstream(config, std::ios::app) << "\n[desk]\nsecure_cookies = true\n";
    start_desk();
    const SignedIn anna = sign_in("anna", anna_password);
    EXPECT_THAT(anna.set_cookie, testing::EndsWith("; Secure"));
    stop_desk();
    // A value that is no boolean: the configuration's own refusal, naming the key, and no desk.
    std::string text = read_file(config);
    const std::string secure = "secure_cookies = true";
    text.replace(text.rfind(secure), secure.size(), "secure_cookies = \"yes\"");
    write_file(config, text);
    const auto r = run("timeout 20 env " + followup("serve --listen 127.0.0.1:0"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, Not(HasSubstr("serving the desk")));
    EXPECT_THAT(r.output, HasSubstr("desk.secure_cookies"));
}

TEST_F(Desk, PagesAreInEnglishWhenTheConfigurationsLanguageIs) {
    stop_desk();
    std::string text = read_file(config);
    const std::string swedish = "language = \"sv\"";
    ASSERT_NE(text.find(swedish), std::string::npos);
    text.replace(text.find(swedish), swedish.size(), "language = \"en\"");
    write_file(config, text);
    start_desk();
    auto res = client().Get("/sign-in");
    ASSERT_TRUE(res);
    EXPECT_THAT(res->body, HasSubstr("<html lang=\"en\">"));
    EXPECT_THAT(res->body, HasSubstr("<label for=\"officer\">Officer id</label>"));
    const SignedIn anna = sign_in("anna", anna_password);
    res = get("/besok/p1", anna.cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_THAT(res->body, HasSubstr("<h1>Record the visit</h1>"));
    EXPECT_THAT(res->body, HasSubstr("<option value=\"mindre_brist\">Minor deficiency</option>"));
}

TEST_F(Desk, StopsOnSigtermEvenRightAfterSayingItServes) {
    // A signal between the socket's bind and the accept loop's start was once lost, and the desk
    // served on: stopped as soon as it says it serves, again and again, it stops each time.
    for (int i = 0; i < 5; ++i) {
        stop_desk();
        start_desk();
    }
}

TEST_F(Desk, ABadListenAddressIsRefusedWithWhatItExpected) {
    auto r = run(followup("serve --listen localhost"));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("--listen \"localhost\": expected HOST:PORT, such as 127.0.0.1:8080 (port 0: any free port)"));
    // The port this test's desk listens on: refused, not shared (a second desk with sessions of
    // its own would sign officers out at random). `timeout`: a desk that started would not end.
    r = run("timeout 20 env " + followup("serve --listen 127.0.0.1:" + std::to_string(port_)));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("cannot listen there"));
}

TEST_F(Desk, TextFromTheRequestIsEscapedOnThePage) {
    auto res = post_sign_in("<script>alert(\"x\")</script>", "whatever-it-is");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_THAT(res->body, Not(HasSubstr("<script>")));
    EXPECT_THAT(res->body, HasSubstr("value=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\""));
}

TEST_F(Desk, MyWeekListsTheBoardsPlannedFollowUpsOfTheWeekAndMonth) {
    const SignedIn anna = sign_in("anna", anna_password);
    auto res = get("/?dag=2025-03-12", anna.cookie);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string& page = res->body;
    EXPECT_THAT(page, HasSubstr("<h1>Min vecka</h1>"));
    EXPECT_THAT(page, HasSubstr("Veckan 2025-03-10 – 2025-03-16"));
    // p1 this week, p2 later in the month; each with its unit's page and its visit's form.
    const auto week = page.find("Planerat den här veckan"), month = page.find("Resten av månaden");
    ASSERT_NE(week, std::string::npos);
    ASSERT_NE(month, std::string::npos);
    const auto p1 = page.find("href=\"/besok/p1\""), p2 = page.find("href=\"/besok/p2\"");
    EXPECT_TRUE(week < p1 && p1 < month) << page;
    EXPECT_TRUE(month < p2 && p2 != std::string::npos) << page;
    EXPECT_THAT(page, HasSubstr("<a href=\"/enhet/u0\">Förskolan Ekorren 0</a>"));
    EXPECT_THAT(page, HasSubstr("Planerad 2025-03-10 – 2025-03-21"));
    EXPECT_THAT(page, HasSubstr("<h2>Försenade uppföljningar</h2>"));

    // Karl works for other boards: none of the preschools' follow-ups is his.
    const SignedIn karl = sign_in("karl", karl_password);
    res = get("/?dag=2025-03-12", karl.cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_THAT(res->body, Not(HasSubstr("/besok/p1")));
    EXPECT_THAT(res->body, HasSubstr("Inget planerat den här veckan."));

    res = get("/?dag=12-03-2025", anna.cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400);
}

TEST_F(Desk, AUnitOfAnotherBoardIs403ForItsPagesAndItsPostsAndNothingIsWritten) {
    const SignedIn karl = sign_in("karl", karl_password);
    auto res = get("/enhet/u0", karl.cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_THAT(res->body, Not(HasSubstr("Förskolan Ekorren 0")));
    res = get("/besok/p1", karl.cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);

    const std::string before = audit_entries();
    const std::string csrf = csrf_of(get("/", karl.cookie)->body);
    ASSERT_FALSE(csrf.empty());
    res = post("/besok/p1", karl.cookie, {{"csrf", csrf}, {"dag", "2025-03-14"}, {"betyg_barngrupper", "mindre_brist"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(audit_entries(), before);
    EXPECT_EQ(sql("SELECT status FROM follow_ups WHERE id = 'p1';"), "planned\n");
    EXPECT_EQ(sql("SELECT count(*) FROM findings WHERE follow_up = 'p1';"), "0\n");

    // The unit's own board's officer sees it; a unit that does not exist is 404.
    const SignedIn anna = sign_in("anna", anna_password);
    res = get("/enhet/u0", anna.cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
    EXPECT_THAT(res->body, HasSubstr("<h1>Förskolan Ekorren 0</h1>"));
    EXPECT_THAT(res->body, HasSubstr("Uppföljningar de senaste fem åren"));
    EXPECT_THAT(res->body, HasSubstr("Modellens bedömning och nämndens beslut"));
    res = get("/enhet/no-such-unit", anna.cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404);
}

TEST_F(Desk, APostWithoutItsCsrfTokenIs403AndWritesNothing) {
    const SignedIn anna = sign_in("anna", anna_password);
    const std::string before = audit_entries();
    auto res = post("/besok/p1", anna.cookie, {{"dag", "2025-03-14"}, {"betyg_barngrupper", "mindre_brist"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_THAT(res->body, HasSubstr("Inget har sparats."));
    res = post("/besok/p1", anna.cookie, {{"csrf", std::string(64, 'a')}, {"dag", "2025-03-14"}, {"betyg_barngrupper", "mindre_brist"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    // Without a session at all.
    res = client().Post("/besok/p1", httplib::Params{{"dag", "2025-03-14"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(audit_entries(), before);
    EXPECT_EQ(sql("SELECT status FROM follow_ups WHERE id = 'p1';"), "planned\n");
}

TEST_F(Desk, RecordingAVisitWithADeficiencyWritesItAsTheOfficerAndShowsTheModelsAssessment) {
    const SignedIn anna = sign_in("anna", anna_password);
    auto res = get("/besok/p1", anna.cookie);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const std::string form = res->body;
    // The board's conditions by their words, graded on its scale in Swedish.
    EXPECT_THAT(form, HasSubstr("<legend>Barngruppernas storlek och sammansättning är lämpliga</legend>"));
    EXPECT_THAT(form, HasSubstr("<label for=\"betyg_barngrupper\">Bedömning</label>"));
    EXPECT_THAT(form, HasSubstr("<option value=\"mindre_brist\">Mindre brist</option>"));
    EXPECT_THAT(form, HasSubstr("<label for=\"dag\">Besöksdag</label>"));
    const std::string csrf = csrf_of(form);
    ASSERT_FALSE(csrf.empty());

    // A day that is no date: refused beside the form, what was chosen kept, nothing written.
    const std::string before = audit_entries();
    res = post("/besok/p1", anna.cookie, {{"csrf", csrf}, {"dag", "14 mars"}, {"betyg_barngrupper", "mindre_brist"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 422);
    EXPECT_THAT(res->body, HasSubstr("Besöksdag &quot;14 mars&quot;: ange ett datum ÅÅÅÅ-MM-DD"));
    EXPECT_THAT(res->body, HasSubstr("<option value=\"mindre_brist\" selected=\"selected\">"));
    EXPECT_EQ(audit_entries(), before);

    // The floor's own refusal (record_follow_up: the rules every way in applies), beside the form.
    res = post("/besok/p1", anna.cookie, {{"csrf", csrf}, {"dag", "2099-03-14"}, {"betyg_barngrupper", "mindre_brist"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 422);
    EXPECT_THAT(res->body, testing::ContainsRegex("<div class=\"problems\" role=\"alert\"><h2>Besöket sparades inte</h2><ul><li>[^<]*found "
                                                  "2099-03-14, after today"));
    EXPECT_EQ(audit_entries(), before);

    res = post("/besok/p1", anna.cookie,
               {{"csrf", csrf},
                {"dag", "2025-03-14"},
                {"betyg_barngrupper", "mindre_brist"},
                {"text_barngrupper", "Grupperna med de yngsta barnen har 19 barn."},
                {"betyg_lokaler", "tillfredsstallande"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    EXPECT_THAT(res->body, HasSubstr("Besöket är registrerat: p1. Bedömda villkor: 2."));
    EXPECT_THAT(res->body, HasSubstr("Modellens förslag"));

    EXPECT_EQ(sql("SELECT status, done FROM follow_ups WHERE id = 'p1';"), "done|2025-03-14\n");
    EXPECT_EQ(sql("SELECT condition, scale, grade, text, basis FROM findings WHERE follow_up = 'p1' ORDER BY condition;"),
              "barngrupper|tillsyn4|mindre_brist|Grupperna med de yngsta barnen har 19 barn.|besök\n"
              "lokaler|tillsyn4|tillfredsstallande||besök\n");
    // The trail names the officer for every row the visit wrote: the follow-up, its findings,
    // the model's assessment.
    EXPECT_EQ(sql("SELECT count(*) FROM audit WHERE entity = 'follow_ups' AND key = 'p1' AND on_behalf_of = 'anna';"), "1\n");
    EXPECT_EQ(sql("SELECT count(*) FROM audit WHERE entity = 'findings' AND key LIKE 'p1/%' AND on_behalf_of = 'anna';"), "2\n");
    EXPECT_EQ(sql("SELECT count(*) FROM audit WHERE seq > " + before + " AND on_behalf_of <> 'anna';"), "0\n");
    EXPECT_EQ(sql("SELECT count(*) FROM assessments WHERE follow_up = 'p1';"), "1\n");

    // Recorded once: the form now says so, and a second post is refused.
    res = post("/besok/p1", anna.cookie, {{"csrf", csrf}, {"dag", "2025-03-14"}, {"betyg_barngrupper", "mindre_brist"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 409);
    EXPECT_THAT(res->body, HasSubstr("redan registrerad"));
    // The unit's page shows the visit and the model's proposal beside the board's (none yet).
    res = get("/enhet/u0", anna.cookie);
    ASSERT_TRUE(res);
    EXPECT_THAT(res->body, HasSubstr("Gjord 2025-03-14"));
    EXPECT_THAT(res->body, HasSubstr("Nämndens beslut: inget beslut registrerat ännu."));
}

TEST_F(Desk, SignOutEndsTheSession) {
    const SignedIn anna = sign_in("anna", anna_password);
    auto res = get("/", anna.cookie);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
    const std::string csrf = csrf_of(res->body);
    // Sign-out is a form too: without its token it is refused and the session goes on.
    res = post("/sign-out", anna.cookie, {});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(get("/", anna.cookie)->status, 200);
    res = post("/sign-out", anna.cookie, {{"csrf", csrf}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 303);
    EXPECT_THAT(res->get_header_value("Set-Cookie"), HasSubstr("Max-Age=0"));
    res = get("/", anna.cookie);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 303);
    EXPECT_EQ(res->get_header_value("Location"), "/sign-in");
}

}  // namespace
