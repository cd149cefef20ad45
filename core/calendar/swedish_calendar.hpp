// Swedish working days and month arithmetic, the core's implementation of sdk::Calendar.
#pragma once

#include <vector>

#include "followup/sdk/host.hpp"

namespace followup::core {

class SwedishCalendar final : public sdk::Calendar {
public:
    sdk::Date add_days(sdk::Date day, int days) const override;
    /// Clamps to the month's last day: 2024-01-31 + 1 month = 2024-02-29, 2025-01-31 + 1 = 2025-02-28.
    sdk::Date add_months(sdk::Date day, int months) const override;
    /// 2024-02-29 + 1 year = 2025-02-28.
    sdk::Date add_years(sdk::Date day, int years) const override;
    bool is_working_day(sdk::Date day) const override;
    sdk::Date next_working_day(sdk::Date day) const override;
    sdk::Period period_of(sdk::PeriodKind kind, sdk::Date day) const override;

    /// Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher).
    static sdk::Date easter_sunday(int year);
    /// Public holidays (helgdagar) of the year, in date order.
    static std::vector<sdk::Date> public_holidays(int year);
    /// Days off that are not public holidays: Midsummer Eve, Christmas Eve, New Year's Eve.
    static std::vector<sdk::Date> other_days_off(int year);
};

}  // namespace followup::core
