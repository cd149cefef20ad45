// Numbers as a reader of the language writes them: in Swedish a decimal comma and a space between
// thousands ("87,3 %", "1 234 567"), in English a decimal point and no grouping. The standard
// library's locale support does it, with a numpunct facet of our own rather than the system's
// sv_SE locale (a minimal Debian has none installed). Inline, so a plugin built with it runs on
// any 3.x library. @since 3.0
#pragma once

#include <iomanip>
#include <locale>
#include <sstream>
#include <string>

#include "followup/sdk/plugin.hpp"
#include "followup/sdk/types.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

namespace detail {
struct SwedishNumbers final : std::numpunct<char> {
    char do_decimal_point() const override { return ','; }
    char do_thousands_sep() const override { return ' '; }
    std::string do_grouping() const override { return "\3"; }
};
}  // namespace detail

/// `value` with `decimals` decimals: "87,3" in Swedish, "87.3" in English.
inline std::string format_number(double value, int decimals, Language language = Language::sv) {
    static const std::locale swedish(std::locale::classic(), new detail::SwedishNumbers);
    std::ostringstream out;
    out.imbue(language == Language::sv ? swedish : std::locale::classic());
    out << std::fixed << std::setprecision(decimals) << value;
    return out.str();
}

/// A share: "87,3 %" (Swedish and English both put a space before the sign in these reports).
inline std::string format_percent(double value, int decimals, Language language = Language::sv) {
    return format_number(value, decimals, language) + " %";
}

/// A date as prose writes it: "12 mars 2025", "12 March 2025" (tables keep ISO 8601, 2025-03-12,
/// which sorts and is what Swedish tables use). The month names are written here rather than
/// taken from the system's locale for the same reason as the numbers above: a minimal Debian has
/// no sv_SE locale, and twelve names do not justify ICU as a dependency of every plugin.
inline std::string format_date_in_prose(Date date, Language language = Language::sv) {
    static constexpr const char* swedish[] = {"januari", "februari", "mars",      "april",   "maj",      "juni",
                                              "juli",    "augusti",  "september", "oktober", "november", "december"};
    static constexpr const char* english[] = {"January", "February", "March",     "April",   "May",      "June",
                                              "July",    "August",   "September", "October", "November", "December"};
    const unsigned month = static_cast<unsigned>(date.month());
    if (!date.ok() || month < 1 || month > 12) return format_date(date);
    return std::to_string(static_cast<unsigned>(date.day())) + " " + (language == Language::sv ? swedish : english)[month - 1] + " " +
           std::to_string(static_cast<int>(date.year()));
}

FOLLOWUP_SDK_END_NAMESPACE
