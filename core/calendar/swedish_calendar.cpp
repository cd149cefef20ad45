#include "calendar/swedish_calendar.hpp"

#include <algorithm>

namespace followup::core {
using namespace std::chrono;

sdk::Date SwedishCalendar::add_days(sdk::Date day, int days) const { return sys_days{day} + std::chrono::days{days}; }

sdk::Date SwedishCalendar::add_months(sdk::Date day, int count) const {
    // std::chrono keeps 2024-01-31 + 1 month as the invalid 2024-02-31; a follow-up officer means
    // the end of February.
    year_month_day moved = day + months{count};
    if (!moved.ok()) moved = year_month_day_last{moved.year(), month_day_last{moved.month()}};
    return moved;
}

sdk::Date SwedishCalendar::add_years(sdk::Date day, int count) const {
    year_month_day moved = day + years{count};
    if (!moved.ok()) moved = year_month_day_last{moved.year(), month_day_last{moved.month()}};
    return moved;
}

sdk::Date SwedishCalendar::easter_sunday(int y) {
    const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month_number = (h + l - 7 * m + 114) / 31;
    const int day_number = ((h + l - 7 * m + 114) % 31) + 1;
    return year{y} / month{static_cast<unsigned>(month_number)} / day{static_cast<unsigned>(day_number)};
}

namespace {
// The Saturday in [first, first + 6]: Midsummer Day (20-26 June), All Saints' Day (31 Oct-6 Nov).
sdk::Date saturday_from(sys_days first) {
    const weekday wd{first};
    return first + (Saturday - wd);
}
}  // namespace

std::vector<sdk::Date> SwedishCalendar::public_holidays(int y) {
    const sys_days easter{easter_sunday(y)};
    std::vector<sdk::Date> days{
        year{y} / January / 1,
        year{y} / January / 6,
        easter - std::chrono::days{2},   // Good Friday
        easter,                          // Easter Sunday
        easter + std::chrono::days{1},   // Easter Monday
        year{y} / May / 1,
        easter + std::chrono::days{39},  // Ascension Day
        easter + std::chrono::days{49},  // Whit Sunday
        year{y} / June / 6,
        saturday_from(sys_days{year{y} / June / 20}),
        saturday_from(sys_days{year{y} / October / 31}),
        year{y} / December / 25,
        year{y} / December / 26,
    };
    std::sort(days.begin(), days.end());
    return days;
}

std::vector<sdk::Date> SwedishCalendar::other_days_off(int y) {
    const sys_days midsummer_day{saturday_from(sys_days{year{y} / June / 20})};
    return {midsummer_day - std::chrono::days{1}, year{y} / December / 24, year{y} / December / 31};
}

bool SwedishCalendar::is_working_day(sdk::Date day) const {
    // Asked for every day of every window the planner and the models look at: arithmetic only,
    // no lists. The holidays that always fall on a weekend (Easter Sunday, Whit Sunday, Midsummer
    // Day, All Saints' Day) are covered by the weekend; public_holidays() lists them all, and the
    // test compares the two over every day of 2000-2100.
    const sys_days d{day};
    const weekday wd{d};
    if (wd == Saturday || wd == Sunday) return false;
    const unsigned m = static_cast<unsigned>(day.month()), dd = static_cast<unsigned>(day.day());
    if ((m == 1 && (dd == 1 || dd == 6)) || (m == 5 && dd == 1) || (m == 6 && dd == 6) || (m == 12 && (dd == 24 || dd == 25 || dd == 26 || dd == 31)))
        return false;
    if (m == 6 && dd >= 19 && dd <= 25 && wd == Friday) return false;  // Midsummer Eve: the Friday before Midsummer Day (20-26 June)
    if (m >= 3 && m <= 6) {
        const sys_days easter{easter_sunday(static_cast<int>(day.year()))};
        const auto from_easter = (d - easter).count();
        if (from_easter == -2 || from_easter == 1 || from_easter == 39) return false;  // Good Friday, Easter Monday, Ascension Day
    }
    return true;
}

sdk::Date SwedishCalendar::next_working_day(sdk::Date day) const {
    sys_days d{day};
    while (!is_working_day(d)) d += std::chrono::days{1};
    return d;
}

sdk::Period SwedishCalendar::period_of(sdk::PeriodKind kind, sdk::Date day) const {
    const unsigned m = static_cast<unsigned>(day.month());
    unsigned first_month = 1, length = 12;
    switch (kind) {
        case sdk::PeriodKind::year: break;
        case sdk::PeriodKind::tertial: first_month = ((m - 1) / 4) * 4 + 1, length = 4; break;
        case sdk::PeriodKind::quarter: first_month = ((m - 1) / 3) * 3 + 1, length = 3; break;
        case sdk::PeriodKind::month: first_month = m, length = 1; break;
    }
    const year_month first{day.year(), month{first_month}};
    const year_month last = first + months{static_cast<int>(length) - 1};
    return {first / 1, year_month_day{year_month_day_last{last.year(), month_day_last{last.month()}}}};
}

}  // namespace followup::core
