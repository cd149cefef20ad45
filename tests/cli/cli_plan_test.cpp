// `followup plan` and `followup status` on the example municipality with a small register.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "calendar/swedish_calendar.hpp"
#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;

namespace {

class CliPlan : public CliTest {
protected:
    void SetUp() override {
        ASSERT_TRUE(import_small_fixture([this](const std::string& args) { return followup(args); }));
    }
};

TEST_F(CliPlan, The2025PlanHasNoVisitOnANonWorkingDayAndWarnsOfEveryMonthOverCapacity) {
    const auto r = run(followup("plan --year 2025 --format csv --out " + quoted(dir / "plan.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("written to the register"));
    const followup::core::SwedishCalendar calendar;
    std::istringstream lines(read_file(dir / "plan.csv"));
    std::string line;
    std::getline(lines, line);  // header
    int rows = 0;
    std::map<std::pair<std::string, std::string>, int> per_inspector_month;
    while (std::getline(lines, line)) {
        ++rows;
        const std::string date = line.substr(line.find(';') + 1, 10);
        const auto day = followup::sdk::parse_date(date);
        ASSERT_TRUE(day) << line;
        EXPECT_TRUE(calendar.is_working_day(*day)) << line;
    }
    EXPECT_GT(rows, 60);
    // The fixture's eight home-care providers all await their first review in January: more
    // than Äldrenämnden's two inspectors can do, and the plan says so.
    EXPECT_THAT(r.output, HasSubstr("warning: 2025-01: board aldre needs 16 visits but its inspectors have room for 14; 2 not assigned"));
    // The register now holds the plan; planning again changes nothing.
    const auto again = run(followup("plan --year 2025 --out " + quoted(dir / "plan.txt")));
    EXPECT_THAT(again.output, HasSubstr("0 written to the register"));
}

TEST_F(CliPlan, TheICalendarExportReadsBackInAnIndependentParserWithStableUids) {
    ASSERT_EQ(run(followup("plan --year 2025 --format ics --out " + quoted(dir / "a.ics"))).exit_code, 0);
    ASSERT_EQ(run(followup("plan --year 2025 --format ics --out " + quoted(dir / "b.ics"))).exit_code, 0);
    write_file(dir / "read.py", R"PY(
import sys
from icalendar import Calendar
uids = []
for path in sys.argv[1:]:
    cal = Calendar.from_ical(open(path, 'rb').read())
    events = [c for c in cal.walk('VEVENT')]
    assert events, path
    for e in events:
        assert e.get('DTSTART').dt.weekday() < 5, e.get('UID')
        assert str(e.get('SUMMARY'))
    uids.append(sorted(str(e.get('UID')) for e in events))
assert uids[0] == uids[1], "a second export must have the same UIDs"
assert len(set(uids[0])) == len(uids[0]), "UIDs must be unique"
print("events", len(uids[0]))
)PY");
    const auto r = run("/usr/bin/python3 " + quoted(dir / "read.py") + " " + quoted(dir / "a.ics") + " " + quoted(dir / "b.ics"));
    EXPECT_EQ(r.exit_code, 0) << "python3-icalendar is needed for this test: " << r.output;
    EXPECT_THAT(r.output, HasSubstr("events "));
    EXPECT_THAT(read_file(dir / "a.ics"), HasSubstr("\r\nEND:VCALENDAR\r\n"));
}

TEST_F(CliPlan, StatusListsOverdueFollowUpsAndCasesAndCaseCloseNeedsABasis) {
    ASSERT_EQ(run(followup("plan --year 2025 --out " + quoted(dir / "plan.txt"))).exit_code, 0);
    auto r = run(followup("status --at 2025-12-01"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("Overdue follow-ups (planned, not done by their date):"));
    EXPECT_THAT(r.output, HasSubstr("Open deficiency cases past their re-check date or deadline:"));
    EXPECT_THAT(r.output, testing::MatchesRegex("(.|\n)*re-check due 2025-[0-9-]+ \\([0-9]+ days late; window set by the board's model\\)(.|\n)*"));
    r = run(followup("case close h1 --basis visit"));
    EXPECT_EQ(r.exit_code, 2) << "the reason is required: " << r.output;
    r = run(followup("case close h1 --basis hearsay --reason x"));
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_THAT(r.output, HasSubstr("expected visit or document"));
    r = run(followup("case close h1 --basis statement --reason \"the provider says so\""));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_THAT(r.output, HasSubstr("not closed on the provider's statement alone"));
}

TEST_F(CliPlan, PlanningNeverCancelsAFollowUpAnOfficerPlannedByHandAndADryRunWritesNothing) {
    // An officer's own planned follow-up, not one `plan` wrote (its id does not start with the year).
    const std::string provider = read_file(small_fixture("follow_ups")).substr(read_file(small_fixture("follow_ups")).find('\n') + 1);
    const std::string org = provider.substr(provider.find(';') + 1, 11);
    const std::string unit = provider.substr(provider.find(';') + 13, provider.find(';', provider.find(';') + 13) - provider.find(';') - 13);
    write_file(dir / "manual.csv", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n"
                                   "hand-1;" + org + ";" + unit + ";forskola;tillsyn;2025-05-05;2025-05-05;;planned;;planned\n");
    auto r = run(followup("import follow_ups " + quoted(dir / "manual.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const std::string before = run(followup("export follow_ups")).output;
    r = run(followup("plan --year 2025 --dry-run --out " + quoted(dir / "dry.txt")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("dry run: nothing written to the register"));
    EXPECT_EQ(run(followup("export follow_ups")).output, before);
    r = run(followup("plan --year 2025 --out " + quoted(dir / "plan.txt")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("plan --year 2025 --board utbildning --out " + quoted(dir / "plan2.txt")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(run(followup("export follow_ups")).output, HasSubstr("hand-1;" + org + ";" + unit + ";forskola;tillsyn;2025-05-05;2025-05-05;;planned;"));
}

}  // namespace
