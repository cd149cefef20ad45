#include <gtest/gtest.h>

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
