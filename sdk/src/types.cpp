#include "followup/sdk/types.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <utility>

FOLLOWUP_SDK_BEGIN_NAMESPACE
namespace {

// One table per enum keeps the text names and the parsers from drifting apart.
template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

constexpr Names<Ownership, 3> ownership_names{{
    {Ownership::private_company, "private"},
    {Ownership::non_profit, "non_profit"},
    {Ownership::municipal, "municipal"},
}};
constexpr Names<LegalBasis, 5> legal_basis_names{{
    {LegalBasis::lov, "LOV"},
    {LegalBasis::education_act, "skollagen"},
    {LegalBasis::lss, "LSS"},
    {LegalBasis::sol, "SoL"},
    {LegalBasis::local_regulation, "kundvalsreglemente"},
}};
constexpr Names<AuthorizationStatus, 3> authorization_status_names{{
    {AuthorizationStatus::active, "active"},
    {AuthorizationStatus::suspended, "suspended"},
    {AuthorizationStatus::revoked, "revoked"},
}};
constexpr Names<CheckPoint, 4> check_point_names{{
    {CheckPoint::at_authorization, "authorization"},
    {CheckPoint::at_supervision, "supervision"},
    {CheckPoint::annually, "annually"},
    {CheckPoint::on_signal, "signal"},
}};
constexpr Names<DecisionKind, 6> decision_kind_names{{
    {DecisionKind::no_action, "no_action"},
    {DecisionKind::pointed_out, "pointed_out"},
    {DecisionKind::remark, "remark"},
    {DecisionKind::injunction, "injunction"},
    {DecisionKind::injunction_with_fine, "injunction_with_fine"},
    {DecisionKind::revocation, "revocation"},
}};

constexpr Names<SignalKind, 3> signal_kind_names{{
    {SignalKind::complaint, "complaint"},
    {SignalKind::incident, "incident"},
    {SignalKind::tip, "tip"},
}};

constexpr Names<Trigger, 2> trigger_names{{
    {Trigger::planned, "planned"},
    {Trigger::signal, "signal"},
}};
constexpr Names<ActivityStatus, 3> activity_status_names{{
    {ActivityStatus::planned, "planned"},
    {ActivityStatus::done, "done"},
    {ActivityStatus::cancelled, "cancelled"},
}};

template <typename E, std::size_t N>
std::string_view name_of(const Names<E, N>& names, E value) noexcept {
    for (const auto& [v, name] : names)
        if (v == value) return name;
    return "?";
}

template <typename E, std::size_t N>
std::optional<E> value_of(const Names<E, N>& names, std::string_view text) noexcept {
    for (const auto& [v, name] : names)
        if (name == text) return v;
    return std::nullopt;
}

}  // namespace

bool Period::contains(Date day) const noexcept {
    return std::chrono::sys_days{first} <= std::chrono::sys_days{day} &&
           std::chrono::sys_days{day} <= std::chrono::sys_days{last};
}

std::string_view to_string(Ownership v) noexcept { return name_of(ownership_names, v); }
std::string_view to_string(LegalBasis v) noexcept { return name_of(legal_basis_names, v); }
std::string_view to_string(AuthorizationStatus v) noexcept { return name_of(authorization_status_names, v); }
std::string_view to_string(CheckPoint v) noexcept { return name_of(check_point_names, v); }
std::string_view to_string(DecisionKind v) noexcept { return name_of(decision_kind_names, v); }
std::optional<Ownership> ownership_from_string(std::string_view s) noexcept { return value_of(ownership_names, s); }
std::optional<LegalBasis> legal_basis_from_string(std::string_view s) noexcept { return value_of(legal_basis_names, s); }
std::optional<DecisionKind> decision_kind_from_string(std::string_view s) noexcept {
    return value_of(decision_kind_names, s);
}
std::string_view to_string(SignalKind v) noexcept { return name_of(signal_kind_names, v); }
std::string_view to_string(Trigger v) noexcept { return name_of(trigger_names, v); }
std::string_view to_string(ActivityStatus v) noexcept { return name_of(activity_status_names, v); }
std::optional<SignalKind> signal_kind_from_string(std::string_view s) noexcept { return value_of(signal_kind_names, s); }
std::optional<CheckPoint> check_point_from_string(std::string_view s) noexcept {
    return value_of(check_point_names, s);
}

std::string format_date(Date day) {
    const int y = static_cast<int>(day.year());
    const unsigned m = static_cast<unsigned>(day.month()), d = static_cast<unsigned>(day.day());
    if (y < 0 || y > 9999 || m > 99 || d > 99) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", y, m, d);
        return buffer;
    }
    // The usual case by hand: snprintf was a fiftieth of a national compilation, which writes
    // a date into every row of next year's plan.
    const auto digit = [](unsigned n) { return static_cast<char>('0' + n % 10); };
    const auto year = static_cast<unsigned>(y);
    return {digit(year / 1000), digit(year / 100), digit(year / 10), digit(year), '-', digit(m / 10), digit(m), '-', digit(d / 10), digit(d)};
}

std::optional<Date> parse_date(std::string_view text) noexcept {
    // Exactly YYYY-MM-DD: a looser reader would accept "2025-1-5", which Excel never writes and
    // which would then fail to round-trip.
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int y = 0;
    unsigned m = 0, d = 0;
    auto digits = [](std::string_view part, auto& out) {
        auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), out);
        return ec == std::errc{} && ptr == part.data() + part.size();
    };
    if (!digits(text.substr(0, 4), y) || !digits(text.substr(5, 2), m) || !digits(text.substr(8, 2), d))
        return std::nullopt;
    Date day{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!day.ok()) return std::nullopt;
    return day;
}

FOLLOWUP_SDK_END_NAMESPACE
