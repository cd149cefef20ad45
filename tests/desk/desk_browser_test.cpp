// The officer's desk in Debian's headless Chromium (issue 33): an officer signs in, opens the
// week, records a planned visit with a deficiency through its form, opens the unit's page and
// signs out (tests/desk/desk_flow.js, puppeteer-core), with axe-core's WCAG 2.1 AA rules and the
// 375 px width checked on every page type; then the register holds the visit as the officer's.
#include <cstdlib>

#include "desk_fixture.hpp"

using namespace followup::test;
using testing::HasSubstr;

namespace {

class DeskInBrowser : public Desk {};

TEST_F(DeskInBrowser, AnOfficerSignsInRecordsAVisitAndSignsOutWithNoAxeViolationsAt375Px) {
    const char* axe = std::getenv("FOLLOWUP_AXE_JS");
    const char* artifacts = std::getenv("FOLLOWUP_BROWSER_ARTIFACTS");
    if (axe == nullptr || !fs::exists(axe)) GTEST_SKIP() << "no axe-core (the browser_tools fixture installs it)";
    const fs::path shots = fs::path(artifacts != nullptr ? artifacts : dir.path().string()) / "desk";
    fs::create_directories(shots);
    const fs::path flow = fs::path(FOLLOWUP_TEST_SOURCE_DIR) / "desk" / "desk_flow.js";
    const auto r = run("timeout 300 node " + quoted(flow) + " --axe " + quoted(fs::path(axe)) + " --url http://127.0.0.1:" +
                       std::to_string(port_) + "/ --officer anna --password '" + anna_password +
                       "' --visit p1 --unit u0 --week 2025-03-12 --day 2025-03-14 --condition barngrupper --grade mindre_brist"
                       " --screenshot-dir " + quoted(shots));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    for (const char* page : {"sign-in", "my-week", "visit-form", "visit-recorded", "unit"})
        EXPECT_THAT(r.output, HasSubstr(std::string("page ") + page + ": 0 violations, 375 px wide")) << r.output;
    EXPECT_THAT(r.output, HasSubstr("0 problem(s)"));
    // What the browser's form wrote, as the officer.
    EXPECT_EQ(sql("SELECT status, done FROM follow_ups WHERE id = 'p1';"), "done|2025-03-14\n");
    EXPECT_EQ(sql("SELECT condition, grade, text FROM findings WHERE follow_up = 'p1';"),
              "barngrupper|mindre_brist|Iakttaget i webbläsaren: för stora grupper.\n");
    EXPECT_EQ(sql("SELECT count(*) FROM audit WHERE entity = 'follow_ups' AND key = 'p1' AND on_behalf_of = 'anna';"), "1\n");
}

}  // namespace
