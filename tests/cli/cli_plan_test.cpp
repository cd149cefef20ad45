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

TEST_F(CliPlan, The2025PlanHasNoVisitOnANonWorkingDayAndShowsEachMonthsDemandAgainstCapacity) {
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
    // The fixture's eight home-care providers all await their first review and contract follow-up
    // in January: 16 visits, within Äldrenämnden's 22 a month. The month table says so.
    EXPECT_THAT(r.output, testing::ContainsRegex("aldre +2025-01 +16 +22 +16 +-\n"));
    EXPECT_THAT(r.output, testing::Not(HasSubstr("warning:")));
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
        # Where the inspector goes: every visit of the fixture is of a unit with an address.
        assert str(e.get('LOCATION', '')).strip(), ('no LOCATION', str(e.get('UID')))
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

TEST_F(CliPlan, WhenAMonthIsOverCapacityThePlanSaysWhyAndTheShortfallInInspectorDays) {
    // The example's elder-care board with one inspector of its three: 8 visits a month.
    fs::create_directories(dir / "config");
    for (const auto& entry : fs::recursive_directory_iterator(example_config().parent_path())) {
        const fs::path target = dir / "config" / fs::relative(entry.path(), example_config().parent_path());
        if (entry.is_directory()) {
            fs::create_directories(target);
            continue;
        }
        std::string text = read_file(entry.path());
        for (const char* id : {"id = \"aldre_jonas\"", "id = \"aldre_sofia\""}) {
            if (text.find(id) == std::string::npos) continue;
            const auto at = text.find("monthly_capacity = ", text.find(id)) + std::string("monthly_capacity = ").size();
            text.replace(at, text.find('\n', at) - at, "0");
        }
        write_file(target, text);
    }
    config = dir / "config" / "municipality.toml";
    auto r = run(followup("plan --year 2025 --dry-run --format json --out " + quoted(dir / "plan.json")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // Sixteen home-care visits must be made in January (the window the model gives an overdue
    // first follow-up): eight fit, eight do not, and nothing can move out of the month.
    EXPECT_THAT(r.output, HasSubstr("warning: 2025-01: board aldre needs 16 visits but its inspectors have room for 8; 8 not assigned "
                                    "(a shortfall of 8 inspector-days)"));
    EXPECT_THAT(r.output, testing::ContainsRegex("aldre +2025-01 +16 +8 +8 +8 days\n"));
    write_file(dir / "read.py", R"PY(
import json, sys
plan = json.load(open(sys.argv[1], encoding="utf-8"))
january = [m for m in plan["months"] if m["board"] == "aldre" and m["month"] == "2025-01"][0]
assert (january["due"], january["capacity"], january["assigned"], january["shortfall_inspector_days"]) == (16, 8, 8, 8), january
left = [f for f in plan["follow_ups"] if f["board"] == "aldre" and f["over_capacity"]]
assert len(left) == 8, len(left)
for f in left:
    assert "fully booked in 2025-01" in f["unassigned_reason"], f["unassigned_reason"]
    assert f["inspector"] == "" and f["date"] == f["due"], f
print("ok")
)PY");
    r = run("/usr/bin/python3 " + quoted(dir / "read.py") + " " + quoted(dir / "plan.json"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(CliPlan, TheTableShowsEachFollowUpsWindowDueDateAndUnitByName) {
    const auto r = run(followup("plan --year 2025 --dry-run"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, testing::ContainsRegex("DATE +WINDOW +DUE +BOARD +AREA +FORM +INSPECTOR +PROVIDER / UNIT \\(ID\\) — WHY"));
    // A preschool unit of the fixture by its full name with the id `record --unit` takes, beside
    // its provider, with its window and due date.
    EXPECT_THAT(r.output, testing::ContainsRegex("\n2025-[0-9-]+ +2025-[0-9-]+–2025-[0-9-]+ +2025-[0-9-]+ +utbildning +[^\n]*/ Förskolan [^\n]* \\(u[0-9]+\\) — [^\n]*\n"));
    EXPECT_THAT(r.output, testing::ContainsRegex("BOARD +MONTH +DUE +CAPACITY +PLANNED +SHORTFALL\n"));
}

TEST_F(CliPlan, TheCalendarSequenceStartsAtZeroAndRisesByOneWithEachChangeOfTheFollowUp) {
    ASSERT_EQ(run(followup("plan --year 2025 --format ics --out " + quoted(dir / "a.ics"))).exit_code, 0);
    ASSERT_EQ(run(followup("plan --year 2025 --format ics --out " + quoted(dir / "b.ics"))).exit_code, 0);
    // An officer moves one planned visit; the next plan puts it back where the plan has room:
    // two changes of that follow-up, so its SEQUENCE is 2 and every other one stays 0.
    const std::string follow_ups = run(followup("export follow_ups")).output;
    std::smatch planned;
    ASSERT_TRUE(std::regex_search(follow_ups, planned, std::regex("\n(2025-tillsyn-forskola-[^;]+);([^\n]*);planned;(utb_[a-z]+);planned")))
        << follow_ups;
    const std::string id = planned[1].str();
    write_file(dir / "moved.csv", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n" +
                                      std::regex_replace(planned[0].str().substr(1), std::regex(";2025-[0-9]{2}-[0-9]{2};2025-[0-9]{2}-[0-9]{2};"),
                                                         ";2025-12-30;2025-12-30;") + "\n");
    auto r = run(followup("import follow_ups " + quoted(dir / "moved.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    ASSERT_EQ(run(followup("plan --year 2025 --format ics --out " + quoted(dir / "c.ics"))).exit_code, 0);
    ASSERT_EQ(run(followup("plan --year 2025 --dry-run --format ics --out " + quoted(dir / "d.ics"))).exit_code, 0);
    write_file(dir / "read.py", R"PY(
import sys
from icalendar import Calendar
def sequences(path):
    cal = Calendar.from_ical(open(path, 'rb').read())
    # The parser keeps what it had to skip or repair in each component's errors: none.
    for component in cal.walk():
        assert not component.errors, (component.name, component.errors)
    return {str(e.get('UID')): int(e.get('SEQUENCE')) for e in cal.walk('VEVENT')}
moved = sys.argv[1] + "@followup"
a, b, c, d = (sequences(p) for p in sys.argv[2:])
assert set(a.values()) == {0}, "a new event starts at 0"
assert b == a, "planning again without a change changes no SEQUENCE"
assert c[moved] == 2, c[moved]
assert all(v == 0 for uid, v in c.items() if uid != moved), "only the changed follow-up rises"
assert d == c, "a dry run of the same plan gives the same numbers"
print("ok", len(a))
)PY");
    r = run("/usr/bin/python3 " + quoted(dir / "read.py") + " " + id + " " + quoted(dir / "a.ics") + " " + quoted(dir / "b.ics") + " " +
            quoted(dir / "c.ics") + " " + quoted(dir / "d.ics"));
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST_F(CliPlan, AnOfficerMarksAPlannedFollowUpDoneByUnitAndFormWithoutRetypingItsId) {
    ASSERT_EQ(run(followup("plan --year 2025 --out " + quoted(dir / "plan.txt"))).exit_code, 0);
    const std::string follow_ups = run(followup("export follow_ups")).output;
    std::smatch planned;
    ASSERT_TRUE(std::regex_search(follow_ups, planned,
                                  std::regex("\n(2025-tillsyn-forskola-[^;]+);([0-9-]+);(u[0-9]+);forskola;tillsyn;(2025-[0-9-]+);[^\n]*;planned;")))
        << follow_ups;
    const std::string id = planned[1].str(), org = planned[2].str(), unit = planned[3].str(), day = planned[4].str();
    auto r = run(followup("record --provider " + org + " --unit " + unit + " --area forskola --form tillsyn --done " + day +
                          " --finding barngrupper=tillfredsstallande"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("recorded follow-up " + id));
    EXPECT_THAT(run(followup("export follow_ups")).output, testing::ContainsRegex("\n" + id + ";[^\n]*;" + day + ";done;"));
}

TEST_F(CliPlan, KhalImportsEveryEventOfThePlanWithoutAWarning) {
    // A second, stricter reader than python3-icalendar: khal (Debian's package), importing into
    // a calendar folder as a user's client would.
    if (run("command -v khal").exit_code != 0) GTEST_SKIP() << "khal is not installed (the README's test command installs it)";
    ASSERT_EQ(run(followup("plan --year 2025 --format ics --out " + quoted(dir / "plan.ics"))).exit_code, 0);
    fs::create_directories(dir / "khal" / "calendar");
    write_file(dir / "khal" / "config", "[calendars]\n[[plan]]\npath = " + (dir / "khal" / "calendar").string() +
                                            "\n[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
                                            "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n");
    const std::string khal = "HOME=" + quoted(dir / "khal") + " khal -c " + quoted(dir / "khal" / "config");
    const auto printed = run(khal + " printics " + quoted(dir / "plan.ics"));
    ASSERT_EQ(printed.exit_code, 0) << printed.output;
    std::smatch found;
    ASSERT_TRUE(std::regex_search(printed.output, found, std::regex("([0-9]+) events found"))) << printed.output;
    const auto imported = run(khal + " import --batch -a plan " + quoted(dir / "plan.ics"));
    EXPECT_EQ(imported.exit_code, 0) << imported.output;
    EXPECT_THAT(imported.output, testing::Not(testing::ContainsRegex("(warning|error|critical)"))) << imported.output;
    EXPECT_EQ(std::to_string(std::distance(fs::directory_iterator(dir / "khal" / "calendar"), fs::directory_iterator{})), found[1].str());
    // Issue 32: every event khal stored says where the inspector goes.
    std::size_t without_location = 0;
    for (const auto& event : fs::directory_iterator(dir / "khal" / "calendar"))
        without_location += read_file(event.path()).find("\nLOCATION:") == std::string::npos ? 1 : 0;
    EXPECT_EQ(without_location, 0u);
    const auto listed = run(khal + " list --format '{location}' 2025-01-01 365d");
    EXPECT_THAT(listed.output, testing::ContainsRegex("Skolvägen [0-9]+, 131 30 Nacka")) << listed.output.substr(0, 500);
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
