#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "calendar/swedish_calendar.hpp"

using namespace std::chrono;
using followup::core::SwedishCalendar;
namespace sdk = followup::sdk;

namespace {

const SwedishCalendar calendar;

TEST(SwedishCalendar, AddMonthsClampsToTheEndOfTheMonth) {
    EXPECT_EQ(calendar.add_months(year{2024} / 1 / 31, 1), year{2024} / 2 / 29);
    EXPECT_EQ(calendar.add_months(year{2025} / 1 / 31, 1), year{2025} / 2 / 28);
    EXPECT_EQ(calendar.add_months(year{2025} / 3 / 31, -1), year{2025} / 2 / 28);
    EXPECT_EQ(calendar.add_months(year{2025} / 8 / 15, 6), year{2026} / 2 / 15);
    EXPECT_EQ(calendar.add_years(year{2024} / 2 / 29, 1), year{2025} / 2 / 28);
    EXPECT_EQ(calendar.add_years(year{2024} / 2 / 29, 4), year{2028} / 2 / 29);
}

TEST(SwedishCalendar, AddMonthsAlwaysGivesAValidDayInTheTargetMonth) {
    for (sys_days d = sys_days{year{2000} / 1 / 1}; d < sys_days{year{2030} / 1 / 1}; d += days{1}) {
        const year_month_day day{d};
        for (int m : {-13, -1, 1, 6, 12, 25}) {
            const year_month_day moved = calendar.add_months(day, m);
            ASSERT_TRUE(moved.ok()) << sdk::format_date(day) << " + " << m;
            const year_month expected = year_month{day.year(), day.month()} + months{m};
            EXPECT_EQ((year_month{moved.year(), moved.month()}), expected);
            EXPECT_LE(moved.day(), day.day());
        }
    }
}

TEST(SwedishCalendar, EasterMatchesPublishedDates) {
    EXPECT_EQ(SwedishCalendar::easter_sunday(2024), year{2024} / 3 / 31);
    EXPECT_EQ(SwedishCalendar::easter_sunday(2025), year{2025} / 4 / 20);
    EXPECT_EQ(SwedishCalendar::easter_sunday(2026), year{2026} / 4 / 5);
    EXPECT_EQ(SwedishCalendar::easter_sunday(2038), year{2038} / 4 / 25);
}

TEST(SwedishCalendar, WorkingDays) {
    EXPECT_FALSE(calendar.is_working_day(year{2025} / 6 / 6));    // National Day
    EXPECT_FALSE(calendar.is_working_day(year{2025} / 6 / 20));   // Midsummer Eve (Friday)
    EXPECT_FALSE(calendar.is_working_day(year{2025} / 4 / 18));   // Good Friday
    EXPECT_FALSE(calendar.is_working_day(year{2025} / 4 / 21));   // Easter Monday
    EXPECT_FALSE(calendar.is_working_day(year{2025} / 5 / 29));   // Ascension Day
    EXPECT_FALSE(calendar.is_working_day(year{2025} / 12 / 24));  // Christmas Eve
    EXPECT_TRUE(calendar.is_working_day(year{2025} / 6 / 19));
    EXPECT_EQ(calendar.next_working_day(year{2025} / 12 / 24), year{2025} / 12 / 29);
    EXPECT_EQ(calendar.next_working_day(year{2025} / 11 / 24), year{2025} / 11 / 24);
}

TEST(SwedishCalendar, Periods) {
    const auto tertial = calendar.period_of(sdk::PeriodKind::tertial, year{2025} / 6 / 15);
    EXPECT_EQ(tertial.first, year{2025} / 5 / 1);
    EXPECT_EQ(tertial.last, year{2025} / 8 / 31);
    const auto quarter = calendar.period_of(sdk::PeriodKind::quarter, year{2024} / 2 / 10);
    EXPECT_EQ(quarter.last, year{2024} / 3 / 31);
    EXPECT_EQ(calendar.period_of(sdk::PeriodKind::month, year{2024} / 2 / 10).last, year{2024} / 2 / 29);
    EXPECT_EQ(calendar.period_of(sdk::PeriodKind::year, year{2024} / 7 / 1).first, year{2024} / 1 / 1);
}

}  // namespace

namespace {

// Properties over every day of 2000-2100.
TEST(SwedishCalendarProperties, MonthAndYearArithmeticOverTwoCenturies) {
    for (sys_days d = sys_days{year{2000} / 1 / 1}; d <= sys_days{year{2100} / 12 / 31}; d += days{1}) {
        const year_month_day day{d};
        for (int m : {1, 6, 12, -1}) {
            const year_month_day moved = calendar.add_months(day, m);
            ASSERT_TRUE(moved.ok());
            // Same day of the month, or the target month's last day when it has no such day.
            const year_month target = year_month{day.year(), day.month()} + months{m};
            EXPECT_EQ((year_month{moved.year(), moved.month()}), target);
            const auto last_of_target = year_month_day_last{target.year(), month_day_last{target.month()}}.day();
            EXPECT_EQ(moved.day(), std::min(day.day(), last_of_target));
        }
        const year_month_day next_year = calendar.add_years(day, 1);
        ASSERT_TRUE(next_year.ok());
        EXPECT_EQ(next_year.year(), day.year() + years{1});
        // Periods contain the day and tile the year.
        for (auto kind : {sdk::PeriodKind::tertial, sdk::PeriodKind::quarter, sdk::PeriodKind::month}) {
            const sdk::Period p = calendar.period_of(kind, day);
            ASSERT_TRUE(p.contains(day));
            if (p.last != year_month_day{year{static_cast<int>(day.year())} / 12 / 31}) {
                EXPECT_EQ(calendar.period_of(kind, sys_days{p.last} + days{1}).first, year_month_day{sys_days{p.last} + days{1}});
            }
        }
        // The next working day is a working day, not before the day, with none skipped.
        const sys_days next{calendar.next_working_day(day)};
        ASSERT_GE(next, d);
        ASSERT_TRUE(calendar.is_working_day(next));
        for (sys_days between = d; between < next; between += days{1}) ASSERT_FALSE(calendar.is_working_day(between));
    }
}

// The published Swedish public holidays (helgdagar) of 2020-2030: Easter Sunday, Midsummer Day
// and All Saints' Day as printed in the almanac; the others fall on fixed dates or a fixed
// number of days from Easter.
TEST(SwedishCalendarProperties, HolidaysMatchThePublishedListFor2020To2030) {
    struct Year {
        int y;
        unsigned easter_m, easter_d, midsummer_d, all_saints_m, all_saints_d;
    };
    const Year published[] = {
        {2020, 4, 12, 20, 10, 31}, {2021, 4, 4, 26, 11, 6},  {2022, 4, 17, 25, 11, 5}, {2023, 4, 9, 24, 11, 4},
        {2024, 3, 31, 22, 11, 2},  {2025, 4, 20, 21, 11, 1}, {2026, 4, 5, 20, 10, 31}, {2027, 3, 28, 26, 11, 6},
        {2028, 4, 16, 24, 11, 4},  {2029, 4, 1, 23, 11, 3},  {2030, 4, 21, 22, 11, 2},
    };
    for (const auto& p : published) {
        const sys_days easter{year{p.y} / month{p.easter_m} / day{p.easter_d}};
        std::vector<year_month_day> expected{
            year{p.y} / 1 / 1,   year{p.y} / 1 / 6,  year_month_day{easter - days{2}}, year_month_day{easter},
            year_month_day{easter + days{1}}, year{p.y} / 5 / 1, year_month_day{easter + days{39}},
            year_month_day{easter + days{49}}, year{p.y} / 6 / 6, year{p.y} / 6 / day{p.midsummer_d},
            year{p.y} / month{p.all_saints_m} / day{p.all_saints_d}, year{p.y} / 12 / 25, year{p.y} / 12 / 26,
        };
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(SwedishCalendar::public_holidays(p.y), expected) << p.y;
        for (const auto& h : expected) EXPECT_FALSE(calendar.is_working_day(h)) << sdk::format_date(h);
        EXPECT_FALSE(calendar.is_working_day(year{p.y} / 6 / day{p.midsummer_d - 1})) << "Midsummer Eve " << p.y;
        EXPECT_FALSE(calendar.is_working_day(year{p.y} / 12 / 24));
        EXPECT_FALSE(calendar.is_working_day(year{p.y} / 12 / 31));
    }
}

}  // namespace

namespace {

// DOMAIN: "no follow-up visit is scheduled on them, nor on weekends: ... Midsummer Eve,
// Christmas Eve and New Year's Eve are treated as days off". The fast check the planner asks for
// every day agrees with the holiday lists, day by day, over two centuries.
TEST(SwedishCalendarProperties, AWorkingDayIsAWeekdayOnNoHolidayOrDayOffOverTwoCenturies) {
    for (int y = 2000; y <= 2100; ++y) {
        std::vector<sdk::Date> off = SwedishCalendar::public_holidays(y);
        for (const auto& d : SwedishCalendar::other_days_off(y)) off.push_back(d);
        for (sys_days d = sys_days{year{y} / 1 / 1}; d <= sys_days{year{y} / 12 / 31}; d += days{1}) {
            const weekday wd{d};
            const bool listed = std::find(off.begin(), off.end(), year_month_day{d}) != off.end();
            ASSERT_EQ(calendar.is_working_day(d), wd != Saturday && wd != Sunday && !listed) << sdk::format_date(year_month_day{d});
        }
    }
}

TEST(SwedishCalendarProperties, TheDaysOffOf2024To2030AreTheOnesAnAlmanacShows) {
    // Midsummer Eve, Christmas Eve and New Year's Eve of 2026, 2029 and 2030 as printed; the
    // Friday before Midsummer Day and the days around Christmas are the ones that catch planners.
    EXPECT_FALSE(calendar.is_working_day(year{2026} / 6 / 19));   // Midsummer Eve 2026
    EXPECT_FALSE(calendar.is_working_day(year{2029} / 6 / 22));   // Midsummer Eve 2029
    EXPECT_FALSE(calendar.is_working_day(year{2030} / 12 / 24));  // Christmas Eve 2030, a Tuesday
    EXPECT_FALSE(calendar.is_working_day(year{2030} / 12 / 31));  // New Year's Eve 2030
    EXPECT_FALSE(calendar.is_working_day(year{2027} / 5 / 6));    // Ascension Day 2027
    EXPECT_TRUE(calendar.is_working_day(year{2026} / 6 / 18));
    EXPECT_TRUE(calendar.is_working_day(year{2030} / 12 / 23));
    int working = 0;
    for (sys_days d = sys_days{year{2026} / 1 / 1}; d <= sys_days{year{2026} / 12 / 31}; d += days{1}) working += calendar.is_working_day(d);
    EXPECT_EQ(working, 251);  // 2026: 261 weekdays less the 10 holidays and days off that fall on one
}

}  // namespace
