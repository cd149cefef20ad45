#include "store/officer_credentials.hpp"

#include <cstdio>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace followup::core {

std::string utc_text(std::chrono::system_clock::time_point at) {
    return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(at));
}

std::optional<std::chrono::system_clock::time_point> parse_utc_text(const std::string& text) {
    std::tm tm{};
    char zone = 0;
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                    &tm.tm_sec, &zone, &consumed) != 7 ||
        zone != 'Z' || static_cast<std::size_t>(consumed) != text.size())
        return std::nullopt;
    const int year = tm.tm_year;
    const int month = tm.tm_mon;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t seconds = ::timegm(&tm);
    // timegm() normalises 2025-02-30 into March: such a text is not a time the register wrote.
    if (seconds == static_cast<std::time_t>(-1) || tm.tm_year != year - 1900 || tm.tm_mon != month - 1) return std::nullopt;
    const auto at = std::chrono::system_clock::from_time_t(seconds);
    if (utc_text(at) != text) return std::nullopt;
    return at;
}

bool paused_at(const OfficerCredential& account, std::chrono::system_clock::time_point now) {
    if (account.paused_until.empty()) return false;
    const auto until = parse_utc_text(account.paused_until);
    return !until || now < *until;
}

OfficerCredential after_sign_in(OfficerCredential account, bool succeeded, std::chrono::system_clock::time_point now) {
    if (succeeded) {
        account.failed_sign_ins = 0;
        account.paused_until.clear();
        return account;
    }
    if (++account.failed_sign_ins >= SignInPause::after_failures) {
        account.failed_sign_ins = 0;
        account.paused_until = utc_text(now + SignInPause::length);
    }
    return account;
}

Row credential_in_trail(const OfficerCredential& account) { return Row{account.officer, account.changed}; }

}  // namespace followup::core
