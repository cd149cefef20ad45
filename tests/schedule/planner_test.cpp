// Dating and assigning the year's follow-ups, and the lifecycle of a deficiency case.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "calendar/swedish_calendar.hpp"
#include "schedule/cases.hpp"
#include "schedule/planner.hpp"
#include "store/importer.hpp"
#include "store/sqlite_register.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace sdk = followup::sdk;
using namespace followup::core;
using namespace followup::test;
using namespace std::chrono;
using testing::HasSubstr;

namespace {

class Planner : public testing::Test {
protected:
    void SetUp() override {
        auto loaded = load_configuration(fs::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" / "municipality.toml");
        ASSERT_TRUE(loaded.diagnostics.empty());
        config = std::move(loaded.config);
    }
    sdk::PlannedFollowUp visit(const std::string& provider, sdk::Date from, sdk::Date to, const std::string& form = "tillsyn") {
        return {"forskola", provider, "", form, {from, to}, "test", sdk::Trigger::planned};
    }
    MunicipalityConfig config;
    SwedishCalendar calendar;
};

TEST_F(Planner, NoVisitFallsOnAWeekendOrHolidayAndNoInspectorMonthIsOverbooked) {
    std::vector<sdk::PlannedFollowUp> wanted;
    for (int i = 0; i < 300; ++i) {
        const int m = 1 + i % 12;
        wanted.push_back(visit(org_number(i), year{2025} / month{static_cast<unsigned>(m)} / 1,
                               year_month_day{year_month_day_last{year{2025}, month_day_last{month{static_cast<unsigned>(m)}}}}));
    }
    const DatedPlan plan = schedule_plan(2025, config, {{"utbildning", wanted}}, calendar);
    ASSERT_EQ(plan.items.size(), 300u);
    std::map<std::pair<std::string, unsigned>, int> per_inspector_month;
    for (const auto& item : plan.items) {
        EXPECT_TRUE(calendar.is_working_day(item.date)) << sdk::format_date(item.date);
        EXPECT_TRUE(item.planned.window.contains(item.date)) << item.id;
        if (!item.over_capacity) ++per_inspector_month[{item.inspector, static_cast<unsigned>(item.date.month())}];
    }
    for (const auto& [key, count] : per_inspector_month) {
        const auto* inspector = &*std::find_if(config.inspectors.begin(), config.inspectors.end(),
                                               [&](const Inspector& i) { return i.id == key.first; });
        EXPECT_LE(count, inspector->monthly_capacity) << key.first << " month " << key.second;
    }
    // 25 visits a month, each window one month, against a capacity of 24: nothing can move, and
    // the plan says so month by month, with the shortfall in inspector-days.
    ASSERT_EQ(plan.warnings.size(), 12u);
    EXPECT_THAT(plan.warnings[0], HasSubstr("2025-01: board utbildning needs 25 visits but its inspectors have room for 24; 1 not "
                                            "assigned (a shortfall of 1 inspector-days)"));
    EXPECT_EQ(std::count_if(plan.items.begin(), plan.items.end(), [](const auto& i) { return i.over_capacity; }), 12 * 1);
    for (const auto& m : plan.months) {
        EXPECT_EQ(m.due, 25);
        EXPECT_EQ(m.assigned, 24);
        EXPECT_EQ(m.shortfall(), 1);
    }
}

TEST_F(Planner, AnInspectorIsNeverAssignedToAProviderTheyAreDisqualifiedForOrEmployedBy) {
    for (auto& i : config.inspectors) {
        if (i.id == "utb_ingrid") i.disqualified = {org_number(1)};
        if (i.id == "utb_omar") i.employed_by = org_number(1);
        if (i.id == "utb_nils") i.disqualified = {org_number(1)};
    }
    std::vector<sdk::PlannedFollowUp> wanted;
    for (int k = 0; k < 10; ++k) wanted.push_back(visit(org_number(1), year{2025} / 3 / 1, year{2025} / 5 / 31));
    const DatedPlan plan = schedule_plan(2025, config, {{"utbildning", wanted}}, calendar);
    for (const auto& item : plan.items) {
        EXPECT_NE(item.inspector, "utb_ingrid");
        EXPECT_NE(item.inspector, "utb_omar");
    }
    EXPECT_EQ(std::count_if(plan.items.begin(), plan.items.end(), [](const auto& i) { return i.inspector == "utb_sara"; }), 10);

    for (auto& i : config.inspectors)
        if (i.id == "utb_sara") i.disqualified = {org_number(1)};
    const DatedPlan nobody = schedule_plan(2025, config, {{"utbildning", wanted}}, calendar);
    EXPECT_TRUE(std::all_of(nobody.items.begin(), nobody.items.end(), [](const auto& i) { return i.over_capacity; }));
    EXPECT_THAT(nobody.warnings, testing::Contains(HasSubstr("no inspector of board utbildning may follow up")));
}

TEST_F(Planner, WhatProvidersDoAloneIsDueAtItsDeadlineWithoutAnInspector) {
    const DatedPlan plan = schedule_plan(
        2025, config, {{"arbete", {{"vuxenutbildning", org_number(3), "", "kvalitetsrapport", {year{2025} / 1 / 1, year{2025} / 3 / 31}, "steg 2", sdk::Trigger::planned}}}},
        calendar);
    ASSERT_EQ(plan.items.size(), 1u);
    EXPECT_FALSE(plan.items[0].visit);
    EXPECT_EQ(plan.items[0].inspector, "");
    EXPECT_EQ(plan.items[0].date, year{2025} / 3 / 31);  // a Monday
}

TEST_F(Planner, NoFollowUpIn2024To2030IsPlannedOnANonWorkingDayAndAWindowClosingOnOneGivesTheWorkingDayBefore) {
    // DOMAIN: "no follow-up visit is scheduled on them, nor on weekends ... Midsummer Eve,
    // Christmas Eve and New Year's Eve are treated as days off". Every day of 2024-2030 as a
    // one-day window (a visit, and a report the provider sends in), and as the end of a
    // two-week window.
    for (int y = 2024; y <= 2030; ++y) {
        std::vector<sdk::PlannedFollowUp> visits, reports;
        int serial = 0;
        for (sys_days d = sys_days{year{y} / 1 / 1}; d <= sys_days{year{y} / 12 / 31}; d += days{1}) {
            visits.push_back(visit(org_number(++serial), d, d));
            visits.push_back(visit(org_number(++serial), d - days{13}, d));
            reports.push_back({"vuxenutbildning", org_number(serial), "", "kvalitetsrapport", {d, d}, "steg 2", sdk::Trigger::planned});
        }
        const DatedPlan plan = schedule_plan(y, config, {{"utbildning", visits}, {"arbete", reports}}, calendar);
        ASSERT_EQ(plan.items.size(), visits.size() + reports.size());
        for (const auto& item : plan.items) {
            ASSERT_TRUE(calendar.is_working_day(item.date)) << item.id << " on " << sdk::format_date(item.date);
            ASSERT_EQ(static_cast<int>(item.date.year()), y) << item.id;
            const sdk::Date last = item.planned.window.last;
            const sdk::Date by = sdk::working_day_on_or_before(calendar, last);
            if (static_cast<int>(by.year()) == y) {
                // Never after the window's last working day: a window that closes on a holiday
                // or a weekend gives the working day before.
                ASSERT_FALSE(by < item.date) << item.id << " on " << sdk::format_date(item.date);
                if (item.planned.window.first == last) {
                    ASSERT_EQ(item.date, by) << item.id;
                }
            }
        }
    }
}

TEST_F(Planner, AOneDayWindowOnNewYearsDayIsPlannedOnTheYearsFirstWorkingDay) {
    // The case: a new provider's first follow-up with a window of 2026-01-01 alone. The
    // working day before is in 2025, before the year planned; the first working day of 2026 it is.
    const DatedPlan plan = schedule_plan(2026, config, {{"utbildning", {visit(org_number(1), year{2026} / 1 / 1, year{2026} / 1 / 1)}}},
                                         calendar);
    ASSERT_EQ(plan.items.size(), 1u);
    EXPECT_EQ(plan.items[0].date, year{2026} / 1 / 2);
    // A window closing on Midsummer Day (Saturday) gives Thursday: Friday is Midsummer Eve.
    const DatedPlan midsummer = schedule_plan(2026, config, {{"utbildning", {visit(org_number(2), year{2026} / 6 / 20, year{2026} / 6 / 20)}}},
                                              calendar);
    EXPECT_EQ(midsummer.items[0].date, year{2026} / 6 / 18);
    EXPECT_EQ(midsummer.items[0].window.last, year{2026} / 6 / 18);
}

TEST_F(Planner, AFullMonthsVisitsMoveWithinTheirWindowsToMonthsWithRoomEarliestDueFirst) {
    // The board's four inspectors can make 24 visits a month. 30 visits may come in January or
    // February, 24 must come in March, and 24 more in February or March: 78 for 72 places. The
    // planner moves the January-or-February ones out of February to make room, and the six that
    // cannot fit anywhere in their windows are reported.
    std::vector<sdk::PlannedFollowUp> wanted;
    int serial = 0;
    for (int i = 0; i < 30; ++i) wanted.push_back(visit(org_number(++serial), year{2025} / 1 / 1, year{2025} / 2 / 28));
    for (int i = 0; i < 24; ++i) wanted.push_back(visit(org_number(++serial), year{2025} / 3 / 1, year{2025} / 3 / 31));
    for (int i = 0; i < 24; ++i) wanted.push_back(visit(org_number(++serial), year{2025} / 2 / 1, year{2025} / 3 / 31));
    const DatedPlan plan = schedule_plan(2025, config, {{"utbildning", wanted}}, calendar);
    std::map<unsigned, int> per_month;
    for (const auto& item : plan.items) {
        EXPECT_TRUE(item.planned.window.contains(item.date)) << item.id;
        if (!item.over_capacity) ++per_month[static_cast<unsigned>(item.date.month())];
        else EXPECT_THAT(item.unassigned_reason, HasSubstr("fully booked in 2025-02, 2025-03"));
    }
    EXPECT_EQ(per_month[1], 24);
    EXPECT_EQ(per_month[2], 24);
    EXPECT_EQ(per_month[3], 24);
    EXPECT_EQ(std::count_if(plan.items.begin(), plan.items.end(), [](const auto& i) { return i.over_capacity; }), 6);
    // The shortfall is counted in the month the unplaced visits are due: March.
    EXPECT_EQ(plan.months[2].due, 48);
    EXPECT_EQ(plan.months[2].shortfall(), 6);
    EXPECT_EQ(plan.months[1].shortfall(), 0);
}

TEST_F(Planner, AYearsVisitsSpreadOverTheMonthsWhenTheirWindowsAllowIt) {
    // 200 visits that may come any time of the year: no month gets more than its share.
    std::vector<sdk::PlannedFollowUp> wanted;
    for (int i = 0; i < 200; ++i) wanted.push_back(visit(org_number(i + 1), year{2025} / 1 / 1, year{2025} / 12 / 31));
    const DatedPlan plan = schedule_plan(2025, config, {{"utbildning", wanted}}, calendar);
    std::map<unsigned, int> per_month;
    for (const auto& item : plan.items) ++per_month[static_cast<unsigned>(item.date.month())];
    for (const auto& [m, n] : per_month) {
        EXPECT_GE(n, 15) << m;
        EXPECT_LE(n, 18) << m;
    }
}

TEST_F(Planner, IdsAreStableAcrossRuns) {
    std::vector<sdk::PlannedFollowUp> wanted{visit(org_number(1), year{2025} / 2 / 1, year{2025} / 6 / 30),
                                             visit(org_number(2), year{2025} / 2 / 1, year{2025} / 6 / 30)};
    const auto a = schedule_plan(2025, config, {{"utbildning", wanted}}, calendar);
    const auto b = schedule_plan(2025, config, {{"utbildning", wanted}}, calendar);
    ASSERT_EQ(a.items.size(), b.items.size());
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        EXPECT_EQ(a.items[i].id, b.items[i].id);
        EXPECT_EQ(a.items[i].date, b.items[i].date);
    }
    EXPECT_EQ(a.items[0].id.rfind("2025-tillsyn-forskola-", 0), 0u);
}

// ---- the lifecycle of a deficiency ----

class Cases : public Planner {
protected:
    void SetUp() override {
        Planner::SetUp();
        store = open_sqlite_register(dir / "r.sqlite");
        add("providers", "org_number;name;ownership;continuity_plan\n" + org_number(1) + ";Förskolan Ekorren AB;private;\n");
        add("authorizations", "provider;area;granted;status;ended\n" + org_number(1) + ";forskola;2015-01-01;active;\n");
    }
    void add(const char* kind, const std::string& csv) {
        const auto r = import_csv(*store, *find_record_kind(kind), csv, &config, "anna", false);
        ASSERT_TRUE(r.problems.empty()) << kind << ": " << r.problems[0].message;
    }
    void follow_up(const std::string& id, const std::string& done, const std::string& grade) {
        add("follow_ups", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n" + id + ";" +
                              org_number(1) + ";;forskola;tillsyn;" + done + ";" + done + ";" + done + ";done;utb_sara;planned\n");
        add("findings", "follow_up;condition;scale;grade;text;basis\n" + id + ";barngrupper;tillsyn4;" + grade + ";;besök\n");
    }
    TempDir dir;
    std::unique_ptr<Register> store;
};

TEST_F(Cases, ADeficiencyOpensACaseWithADueRecheckThatARemedyAndARecordedClosingEnd) {
    follow_up("t1", "2025-03-12", "mindre_brist");
    add("decisions", "follow_up;kind;decided;serious_maladministration;deadline;reason\nt1;remark;2025-03-20;nej;2025-06-30;\n");
    auto cases = deficiency_cases(config, *store);
    ASSERT_EQ(cases.size(), 1u);
    EXPECT_EQ(cases[0].state, DeficiencyCase::State::open);
    EXPECT_EQ(cases[0].recheck_due, year{2025} / 9 / 12);
    Status status = follow_up_status(config, *store, year{2025} / 7 / 1);
    EXPECT_EQ(status.overdue_cases.size(), 1u) << "the decision's deadline has passed without a re-check";

    follow_up("t2", "2025-06-20", "tillfredsstallande");
    cases = deficiency_cases(config, *store);
    EXPECT_EQ(cases[0].state, DeficiencyCase::State::remedied);
    status = follow_up_status(config, *store, year{2025} / 7 / 1);
    EXPECT_TRUE(status.overdue_cases.empty());
    ASSERT_EQ(status.awaiting_closure.size(), 1u);

    // Closing without a basis, or without a reason, is refused and records nothing.
    const auto entries = store->audit_entries();
    EXPECT_FALSE(close_case(config, *store, "t2", "", "besök visade att grupperna minskats", year{2025} / 6 / 25, "anna", year{2026} / 12 / 31).closed);
    EXPECT_FALSE(close_case(config, *store, "t2", "the provider said so", "x", year{2025} / 6 / 25, "anna", year{2026} / 12 / 31).closed);
    EXPECT_FALSE(close_case(config, *store, "t2", "visit", "  ", year{2025} / 6 / 25, "anna", year{2026} / 12 / 31).closed);
    EXPECT_FALSE(close_case(config, *store, "t1", "visit", "x", year{2025} / 6 / 25, "anna", year{2026} / 12 / 31).closed) << "t1 is not a remedy";
    EXPECT_EQ(store->audit_entries(), entries);
    const auto closed = close_case(config, *store, "t2", "visit", "besök visade att grupperna minskats", year{2025} / 6 / 25, "anna", year{2026} / 12 / 31);
    EXPECT_TRUE(closed.closed) << closed.message;
    EXPECT_EQ(deficiency_cases(config, *store)[0].state, DeficiencyCase::State::closed);
    EXPECT_FALSE(close_case(config, *store, "t2", "visit", "again", year{2025} / 6 / 26, "anna", year{2026} / 12 / 31).closed);
    // The importer refuses a closing without its basis too.
    const auto r = import_csv(*store, *find_record_kind("closures"), "follow_up;closed;basis;reason\nt2;2025-06-25;;\n", &config, "anna", false);
    ASSERT_EQ(r.problems.size(), 2u);
    EXPECT_EQ(r.problems[0].column, "basis");
    EXPECT_EQ(r.problems[1].column, "reason");
}

TEST_F(Cases, PersistingDeficienciesKeepTheCaseOpenAndOverdueFollowUpsAreListed) {
    follow_up("t1", "2025-01-15", "allvarlig_brist");
    follow_up("t2", "2025-03-15", "mindre_brist");
    const auto cases = deficiency_cases(config, *store);
    ASSERT_EQ(cases.size(), 1u);
    EXPECT_EQ(cases[0].follow_ups, (std::vector<std::string>{"t1", "t2"}));
    EXPECT_EQ(cases[0].recheck_due, year{2025} / 9 / 15);
    add("follow_ups", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\np1;" + org_number(1) +
                          ";;forskola;tillsyn;2025-05-05;2025-05-05;;planned;utb_sara;planned\n");
    const Status status = follow_up_status(config, *store, year{2025} / 10 / 1);
    ASSERT_EQ(status.overdue.size(), 1u);
    EXPECT_EQ(status.overdue[0].activity.id, "p1");
    EXPECT_EQ(status.overdue_cases.size(), 1u);
}

TEST_F(Cases, ARecheckADeadlineOrAPlannedFollowUpIsLateTheDayAfterItsDateNotOnIt) {
    // "Late" means the date has passed: on the day itself the officer still has the day. (In the
    // mutation pass, each of these comparisons turned into "on or before" went unnoticed: status
    // listed the day's re-checks, deadlines and visits as overdue.)
    follow_up("t1", "2025-03-12", "mindre_brist");
    add("decisions", "follow_up;kind;decided;serious_maladministration;deadline;reason\nt1;remark;2025-03-20;nej;2025-09-12;\n");
    add("follow_ups", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\np1;" + org_number(1) +
                          ";;forskola;tillsyn;2025-05-05;2025-05-05;;planned;utb_sara;planned\n");
    const auto cases = deficiency_cases(config, *store);
    ASSERT_EQ(cases.size(), 1u);
    ASSERT_EQ(cases[0].recheck_due, year{2025} / 9 / 12);  // the decision's deadline is the same day

    EXPECT_TRUE(follow_up_status(config, *store, year{2025} / 5 / 5).overdue.empty()) << "due today, not overdue";
    const Status after_visit_day = follow_up_status(config, *store, year{2025} / 5 / 6);
    ASSERT_EQ(after_visit_day.overdue.size(), 1u);
    EXPECT_EQ(after_visit_day.overdue[0].activity.id, "p1");

    EXPECT_TRUE(follow_up_status(config, *store, year{2025} / 9 / 12).overdue_cases.empty()) << "re-check and deadline today, not late";
    EXPECT_EQ(follow_up_status(config, *store, year{2025} / 9 / 13).overdue_cases.size(), 1u);
}

}  // namespace

// ---- closing needs a recorded basis of the right kind (DOMAIN: "a case is closed on a recorded
// basis — a re-check visit or a reviewed document covering the same condition — with the
// reason; a statement alone only moves the case to 'to be verified'") ----

class ClosingBasis : public Cases {
protected:
    void SetUp() override {
        Cases::SetUp();
        add("authorizations", "provider;area;granted;status;ended\n" + org_number(1) + ";arbetsmarknadsinsatser;2015-01-01;active;\n");
    }
    /// A labour-board follow-up: `form` is verksamhetsbesok (a visit) or kvalitetsrapport (the
    /// provider's own report, basis "statement"); grades are CONDITION=LEVEL on uppfyllt3.
    void labour(const std::string& id, const std::string& form, const std::string& done,
                const std::vector<std::pair<std::string, std::string>>& grades) {
        add("follow_ups", "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n" + id + ";" +
                              org_number(1) + ";;arbetsmarknadsinsatser;" + form + ";" + done + ";" + done + ";" + done +
                              ";done;;planned\n");
        std::string csv = "follow_up;condition;scale;grade;text;basis\n";
        for (const auto& [condition, level] : grades) csv += id + ";" + condition + ";uppfyllt3;" + level + ";;\n";
        add("findings", csv);
    }
    DeficiencyCase only_case() {
        auto cases = deficiency_cases(config, *store);
        std::erase_if(cases, [](const auto& c) { return c.area_id != "arbetsmarknadsinsatser"; });
        EXPECT_EQ(cases.size(), 1u);
        return cases.empty() ? DeficiencyCase{} : cases.front();
    }
};

TEST_F(ClosingBasis, AStatementOnlyMovesTheCaseToBeVerifiedAndAnotherConditionOrFormRemediesNothing) {
    labour("v1", "verksamhetsbesok", "2025-03-03", {{"arbete_individplan", "ej_uppfyllt"}, {"kontinuitetsplan", "uppfyllt"}});
    EXPECT_EQ(only_case().state, DeficiencyCase::State::open);
    // A clean visit that looked at another condition does not remedy this one.
    labour("v2", "verksamhetsbesok", "2025-04-07", {{"kontinuitetsplan", "uppfyllt"}});
    EXPECT_EQ(only_case().state, DeficiencyCase::State::open);
    EXPECT_EQ(only_case().open_conditions, (std::vector<std::string>{"arbete_individplan"}));
    // The provider's quality report says it is put right: to be verified, never closed.
    labour("r1", "kvalitetsrapport", "2025-05-05", {{"arbete_individplan", "uppfyllt"}});
    EXPECT_EQ(only_case().state, DeficiencyCase::State::to_verify);
    EXPECT_FALSE(only_case().remedied_by);
    EXPECT_FALSE(close_case(config, *store, "r1", "document", "rapporten säger att planerna finns", year{2025} / 5 / 6, "anna", year{2026} / 12 / 31).closed);
    EXPECT_FALSE(close_case(config, *store, "r1", "statement", "anordnaren intygar", year{2025} / 5 / 6, "anna", year{2026} / 12 / 31).closed);
    // A status on the day after the re-check lists it still: to be verified is not done.
    // A visit that re-checks the same condition verifies it; the case can then be closed.
    labour("v3", "verksamhetsbesok", "2025-06-09", {{"arbete_individplan", "uppfyllt"}});
    const DeficiencyCase remedied = only_case();
    EXPECT_EQ(remedied.state, DeficiencyCase::State::remedied);
    EXPECT_EQ(remedied.remedied_by, "v3");
    const auto refused = close_case(config, *store, "v3", "statement", "anordnaren intygar", year{2025} / 6 / 10, "anna", year{2026} / 12 / 31);
    EXPECT_FALSE(refused.closed);
    EXPECT_THAT(refused.message, HasSubstr("not closed on the provider's statement alone"));
    EXPECT_TRUE(close_case(config, *store, "v3", "visit", "besöket visade individuella planer", year{2025} / 6 / 10, "anna", year{2026} / 12 / 31).closed);
}

// ---- inconsistent records are refused at import (and by `record`/`decide`, which apply the same
// rules: store/consistency), each with its row and reason ----

TEST_F(Cases, InconsistentRecordsAreRefusedAtImportWithTheRowAndTheReason) {
    const std::string municipal = "212000-0142";
    add("providers", "org_number;name;ownership;continuity_plan\n" + municipal + ";Nacka kommun;municipal;\n");
    add("authorizations", "provider;area;granted;status;ended\n" + municipal + ";forskola;2010-01-01;active;\n");
    add("units", "id;provider;name;address;area;registered_persons\nk1;" + municipal + ";Björkens förskola;Björkvägen 1;forskola;\n");
    const std::string header = "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n";
    auto refused = [&](const char* kind, const std::string& csv) {
        const auto r = import_csv(*store, *find_record_kind(kind), csv, &config, "anna", false);
        EXPECT_FALSE(r.written);
        std::string all;
        for (const auto& p : r.problems) all += std::to_string(p.line) + " " + p.column + ": " + p.message + "\n";
        return all;
    };
    // Seed 001: insyn is of "de kommunala förskolorna", tillsyn of the independent ones.
    EXPECT_THAT(refused("follow_ups", header + "x1;" + org_number(1) + ";;forskola;insyn;2025-03-03;2025-03-03;2025-03-03;done;;planned\n"),
                HasSubstr("2 form: insyn is for municipal providers and " + org_number(1) + " is private; expected tillsyn or riktad_tillsyn"));
    EXPECT_THAT(refused("follow_ups", header + "x2;" + municipal + ";k1;forskola;tillsyn;2025-03-03;2025-03-03;2025-03-03;done;;planned\n"),
                HasSubstr("form: tillsyn is for private or non_profit providers"));
    // The unit is what is visited: a provider with units is not followed up as a whole.
    EXPECT_THAT(refused("follow_ups", header + "x3;" + municipal + ";;forskola;insyn;2025-03-03;2025-03-03;2025-03-03;done;;planned\n"),
                HasSubstr("2 unit: insyn follows up a unit, and provider " + municipal + " has 1 unit(s) (k1)"));
    // An insyn may not sanction: "sanktioner inte ges. I stället påtalas eventuella brister".
    add("follow_ups", header + "i1;" + municipal + ";k1;forskola;insyn;2025-03-03;2025-03-03;2025-03-03;done;;planned\n");
    EXPECT_THAT(refused("decisions", "follow_up;kind;decided;serious_maladministration;deadline;reason\ni1;injunction;2025-03-20;nej;2025-06-30;\n"),
                HasSubstr("2 kind: injunction on follow-up i1, a insyn, which may not sanction"));
    // A condition is graded on the board's condition scale, not on the target scale.
    EXPECT_THAT(refused("findings", "follow_up;condition;scale;grade;text;basis\ni1;barngrupper;indikator2;uppnatt;;\n"),
                HasSubstr("2 scale: i1 grades condition barngrupper on scale indikator2; expected the board's scale tillsyn4"));
    // A closing dated before the re-check it rests on, or on the provider's statement, is refused.
    follow_up("t1", "2025-03-12", "mindre_brist");
    follow_up("t2", "2025-06-20", "tillfredsstallande");
    EXPECT_THAT(refused("closures", "follow_up;closed;basis;reason\nt2;2025-06-19;visit;besök\n"),
                HasSubstr("2 closed: 2025-06-19 is before the re-check 2025-06-20 it rests on"));
    EXPECT_THAT(refused("closures", "follow_up;closed;basis;reason\nt2;2025-06-25;statement;anordnaren intygar\n"),
                HasSubstr("2 basis"));
    add("closures", "follow_up;closed;basis;reason\nt2;2025-06-25;visit;besöket visade mindre barngrupper\n");
}

// Seed 004: "en enhet inom Södertälje kommun som är fristående från utförardelen av den egna
// verksamheten eftersom den också ska kvalitetsgranskas". An inspector who belongs to the
// operation that runs a unit is never assigned to it, and a follow-up recorded or imported with
// them is refused with the reason.
TEST_F(Cases, AnInspectorOfTheMunicipalitysOwnOperationNeverFollowsUpItsUnits) {
    const std::string municipal = "212000-0142";
    Inspector* sara = nullptr;
    for (auto& i : config.inspectors)
        if (i.id == "utb_sara") sara = &i;
    ASSERT_NE(sara, nullptr);
    sara->member_of = "egen_regi_forskola";
    ASSERT_TRUE(std::any_of(config.operations.begin(), config.operations.end(), [](const auto& o) { return o.id == "egen_regi_forskola"; }));
    const auto conflict = independence_conflict(config, *sara, municipal, "forskola", "k1");
    ASSERT_TRUE(conflict);
    EXPECT_THAT(*conflict, HasSubstr("belongs to Förskoleverksamheten i egen regi (egen_regi_forskola), which runs unit k1"));
    EXPECT_FALSE(independence_conflict(config, *sara, org_number(1), "forskola", "u1")) << "an independent preschool is fine";

    std::vector<sdk::PlannedFollowUp> wanted;
    for (unsigned m = 1; m <= 12; ++m)
        wanted.push_back({"forskola", municipal, "k" + std::to_string(m), "insyn", {year{2025} / month{m} / 1, year{2025} / month{m} / 28},
                          "insyn", sdk::Trigger::planned});
    const auto plan = schedule_plan(2025, config, {{"utbildning", wanted}}, calendar);
    ASSERT_EQ(plan.items.size(), 12u);
    for (const auto& item : plan.items) {
        EXPECT_NE(item.inspector, "utb_sara") << item.planned.unit_id;
        EXPECT_FALSE(item.inspector.empty()) << "the other inspectors have room";
    }

    add("providers", "org_number;name;ownership;continuity_plan\n" + municipal + ";Nacka kommun;municipal;\n");
    add("authorizations", "provider;area;granted;status;ended\n" + municipal + ";forskola;2010-01-01;active;\n");
    add("units", "id;provider;name;address;area;registered_persons\nk1;" + municipal + ";Björkens förskola;Björkvägen 1;forskola;\n");
    const auto r = import_csv(*store, *find_record_kind("follow_ups"),
                              "id;provider;unit;area;form;planned_from;planned_to;done;status;inspector;trigger\n"
                              "i1;" + municipal + ";k1;forskola;insyn;2025-03-03;2025-03-03;2025-03-03;done;utb_sara;planned\n",
                              &config, "anna", false);
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].column, "inspector");
    EXPECT_THAT(r.problems[0].message, HasSubstr("independent of the municipality's own operation"));
}
