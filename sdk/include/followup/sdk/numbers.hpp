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

FOLLOWUP_SDK_END_NAMESPACE
