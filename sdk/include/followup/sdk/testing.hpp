// Test doubles for unit-testing a board model without the host: a register held in vectors, the
// Swedish working-day calendar, a logger that keeps what it is told, and a HostServices that
// owns one of each. Opt-in (sdk.hpp does not include it); header-only, so a test needs nothing
// beyond followup::sdk. A worked GoogleTest example: examples/hello-board/hello_board_test.cpp.
//
//     followup::sdk::doubles::FakeHost host;
//     host.add_scale(my_scale);
//     host.records.add_provider({"556677-8899", "Förskolan Ek AB"}, "forskola", std::chrono::year{2023} / 1 / 1);
//     MyModel model(host);
//     auto plan = model.plan_year({2025});
//
// The doubles answer as the host does (same orderings, same calendar); where the host's
// behaviour depends on its store, the comment says what the double does instead.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <memory>

#include "followup/sdk/assessment.hpp"
#include "followup/sdk/config_reader.hpp"
#include "followup/sdk/host.hpp"
#include "followup/sdk/scale.hpp"
#include "followup/sdk/types.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE
namespace doubles {  // not "testing": that is GoogleTest's namespace

namespace detail {
inline std::chrono::sys_days day_of(const Date& d) { return std::chrono::sys_days{d}; }

template <typename T, typename Keep, typename Less>
std::vector<T> select_sorted(const std::vector<T>& all, Keep keep, Less less) {
    std::vector<T> out;
    std::copy_if(all.begin(), all.end(), std::back_inserter(out), keep);
    std::stable_sort(out.begin(), out.end(), less);  // ties keep the order they were added in
    return out;
}

template <typename T>
std::vector<T> of_activity(const std::vector<std::pair<std::string, T>>& all, std::string_view activity_id) {
    std::vector<T> out;
    for (const auto& [activity, item] : all)
        if (activity == activity_id) out.push_back(item);
    return out;
}
}  // namespace detail

/// A RegisterView held in public vectors, for tests: fill it directly or with the add_* helpers,
/// and it answers every question in the order host.hpp documents (other ties in the order added).
/// Nothing is checked: a follow-up of an unknown provider is kept as given.
class MemoryRegisterView : public RegisterView {
public:
    std::vector<Provider> all_providers;
    std::vector<Authorization> all_authorizations;
    std::vector<Unit> all_units;
    std::vector<FollowUpActivity> all_follow_ups;
    std::vector<Finding> all_findings;
    std::vector<std::pair<std::string, Decision>> decisions_by_activity;
    std::vector<std::pair<std::string, ProcessStep>> steps_by_activity;
    std::map<std::string, Closure, std::less<>> closures_by_activity;        ///< at most one per follow-up
    std::map<std::string, Assessment, std::less<>> assessments_by_activity;  ///< the last one stored
    std::vector<Signal> all_signals;
    std::vector<IndicatorValue> all_indicators;

    /// A provider with an active authorization in `area_id` granted on `granted`. Adding it
    /// again (for another area) adds the authorization and replaces the provider's record.
    void add_provider(Provider provider, std::string area_id, Date granted) {
        all_authorizations.push_back({provider.org_number, std::move(area_id), AuthorizationStatus::active, granted, std::nullopt});
        const auto same = std::find_if(all_providers.begin(), all_providers.end(),
                                       [&](const Provider& p) { return p.org_number == provider.org_number; });
        if (same != all_providers.end()) *same = std::move(provider);
        else all_providers.push_back(std::move(provider));
    }
    void add_unit(Unit unit) { all_units.push_back(std::move(unit)); }
    /// A follow-up and its findings; a finding without an activity id gets the follow-up's.
    void add_follow_up(FollowUpActivity activity, std::vector<Finding> findings = {}) {
        for (Finding& f : findings) {
            if (f.activity_id.empty()) f.activity_id = activity.id;
            all_findings.push_back(std::move(f));
        }
        all_follow_ups.push_back(std::move(activity));
    }
    void add_decision(std::string activity_id, Decision decision) { decisions_by_activity.emplace_back(std::move(activity_id), std::move(decision)); }
    void add_step(std::string activity_id, ProcessStep step) { steps_by_activity.emplace_back(std::move(activity_id), std::move(step)); }
    void add_closure(std::string activity_id, Closure closure) { closures_by_activity.insert_or_assign(std::move(activity_id), std::move(closure)); }
    /// Stores a model's judgement as the host does after assess(), replacing an earlier one.
    void add_assessment(std::string activity_id, Assessment assessment) {
        assessments_by_activity.insert_or_assign(std::move(activity_id), std::move(assessment));
    }
    void add_signal(Signal signal) { all_signals.push_back(std::move(signal)); }
    void add_indicator(IndicatorValue value) { all_indicators.push_back(std::move(value)); }

    std::vector<Provider> providers_in_area(std::string_view area_id) const override {
        return detail::select_sorted(
            all_providers,
            [&](const Provider& p) {
                return std::any_of(all_authorizations.begin(), all_authorizations.end(),
                                   [&](const Authorization& a) { return a.provider == p.org_number && a.area_id == area_id; });
            },
            [](const Provider& a, const Provider& b) { return a.org_number < b.org_number; });
    }
    std::vector<Authorization> authorizations(std::string_view provider, std::string_view area_id) const override {
        return detail::select_sorted(
            all_authorizations, [&](const Authorization& a) { return a.provider == provider && a.area_id == area_id; },
            [](const Authorization& a, const Authorization& b) { return detail::day_of(a.granted) < detail::day_of(b.granted); });
    }
    std::vector<Unit> units_of(std::string_view provider) const override {
        return detail::select_sorted(all_units, [&](const Unit& u) { return u.provider == provider; },
                                     [](const Unit& a, const Unit& b) { return a.id < b.id; });
    }
    std::vector<FollowUpActivity> follow_ups(std::string_view provider, std::string_view area_id) const override {
        return detail::select_sorted(
            all_follow_ups, [&](const FollowUpActivity& a) { return a.provider == provider && a.area_id == area_id; },
            [](const FollowUpActivity& a, const FollowUpActivity& b) {
                const auto x = detail::day_of(a.planned.first), y = detail::day_of(b.planned.first);
                return x != y ? x < y : a.id < b.id;
            });
    }
    std::vector<Finding> findings(std::string_view activity_id) const override {
        return detail::select_sorted(all_findings, [&](const Finding& f) { return f.activity_id == activity_id; },
                                     [](const Finding& a, const Finding& b) { return a.condition_id < b.condition_id; });
    }
    /// By `decided` (a proposal without a date first), then by the kind's name (to_string), as
    /// the host's register orders them.
    std::vector<Decision> decisions(std::string_view activity_id) const override {
        std::vector<Decision> out = detail::of_activity(decisions_by_activity, activity_id);
        std::stable_sort(out.begin(), out.end(), [](const Decision& a, const Decision& b) {
            if (a.decided.has_value() != b.decided.has_value()) return !a.decided.has_value();
            if (a.decided && *a.decided != *b.decided) return detail::day_of(*a.decided) < detail::day_of(*b.decided);
            return to_string(a.kind) < to_string(b.kind);
        });
        return out;
    }
    std::vector<ProcessStep> steps(std::string_view activity_id) const override {
        std::vector<ProcessStep> out = detail::of_activity(steps_by_activity, activity_id);
        std::stable_sort(out.begin(), out.end(), [](const ProcessStep& a, const ProcessStep& b) { return a.step < b.step; });
        return out;
    }
    std::optional<Closure> closure(std::string_view activity_id) const override {
        const auto it = closures_by_activity.find(activity_id);
        return it == closures_by_activity.end() ? std::nullopt : std::optional<Closure>(it->second);
    }
    /// As the host's register gives it back: the deficiencies in full (each one's activity_id is
    /// the follow-up's, as the host stores them beside it), the proposal without `decided` and
    /// `reference`. @since 3.0.1 (before, the deficiencies as a count of empty findings)
    std::optional<Assessment> stored_assessment(std::string_view activity_id) const override {
        const auto it = assessments_by_activity.find(activity_id);
        if (it == assessments_by_activity.end()) return std::nullopt;
        Assessment stored = it->second;
        for (Finding& d : stored.deficiencies) d.activity_id = std::string(activity_id);
        stored.proposed.decided.reset();
        stored.proposed.reference.clear();
        return stored;
    }
    std::vector<Signal> signals(std::string_view provider, std::string_view area_id) const override {
        return detail::select_sorted(
            all_signals, [&](const Signal& s) { return s.provider == provider && s.area_id == area_id; },
            [](const Signal& a, const Signal& b) {
                const auto x = detail::day_of(a.received), y = detail::day_of(b.received);
                return x != y ? x < y : a.id < b.id;
            });
    }
    std::vector<IndicatorValue> indicator_series(std::string_view key_figure, std::string_view provider) const override {
        return detail::select_sorted(
            all_indicators, [&](const IndicatorValue& v) { return v.key_figure == key_figure && v.provider == provider; },
            [](const IndicatorValue& a, const IndicatorValue& b) {
                const auto x = detail::day_of(a.period.first), y = detail::day_of(b.period.first);
                return x != y ? x < y : a.unit_id < b.unit_id;
            });
    }
    // for_each_provider: the SDK's default, which asks the functions above.
};

/// The host's calendar, for tests: Saturdays, Sundays, the Swedish public holidays and
/// Midsummer, Christmas and New Year's Eve are not working days; months clamp to the month's end.
class WorkingDayCalendar : public Calendar {
public:
    /// Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher).
    static Date easter_sunday(int y) {
        const int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
        const int f = (b + 8) / 25, g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30;
        const int i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
        const int m = (a + 11 * h + 22 * l) / 451;
        const int n = h + l - 7 * m + 114;
        return std::chrono::year{y} / std::chrono::month{static_cast<unsigned>(n / 31)} / std::chrono::day{static_cast<unsigned>(n % 31 + 1)};
    }
    /// A public holiday or one of the three eves, whatever the weekday.
    static bool is_day_off(Date day) {
        using namespace std::chrono;
        const unsigned m = static_cast<unsigned>(day.month()), d = static_cast<unsigned>(day.day());
        const weekday wd{sys_days{day}};
        if ((m == 1 && (d == 1 || d == 6)) || (m == 5 && d == 1) || (m == 6 && d == 6) || (m == 12 && d >= 24 && d <= 26) ||
            (m == 12 && d == 31))
            return true;  // New Year's Day, Epiphany, 1 May, National Day, Christmas Eve to Boxing Day, New Year's Eve
        if (m == 6 && ((wd == Friday && d >= 19 && d <= 25) || (wd == Saturday && d >= 20 && d <= 26)))
            return true;  // Midsummer Eve and Midsummer Day
        if (wd == Saturday && ((m == 10 && d == 31) || (m == 11 && d <= 6))) return true;  // All Saints' Day
        const auto from_easter = (sys_days{day} - sys_days{easter_sunday(static_cast<int>(day.year()))}).count();
        // Good Friday, Easter Sunday, Easter Monday, Ascension Day, Whit Sunday.
        return from_easter == -2 || from_easter == 0 || from_easter == 1 || from_easter == 39 || from_easter == 49;
    }

    Date add_days(Date day, int count) const override { return std::chrono::sys_days{day} + std::chrono::days{count}; }
    /// 2024-01-31 + 1 month = 2024-02-29; 2025-01-31 + 1 month = 2025-02-28.
    Date add_months(Date day, int count) const override { return clamped(day + std::chrono::months{count}); }
    /// 2024-02-29 + 1 year = 2025-02-28.
    Date add_years(Date day, int count) const override { return clamped(day + std::chrono::years{count}); }
    bool is_working_day(Date day) const override {
        const std::chrono::weekday wd{std::chrono::sys_days{day}};
        return wd != std::chrono::Saturday && wd != std::chrono::Sunday && !is_day_off(day);
    }
    Date next_working_day(Date day) const override {
        std::chrono::sys_days d{day};
        while (!is_working_day(d)) d += std::chrono::days{1};
        return d;
    }
    Period period_of(PeriodKind kind, Date day) const override {
        using namespace std::chrono;
        const unsigned m = static_cast<unsigned>(day.month());
        unsigned first = 1, length = 12;
        switch (kind) {
            case PeriodKind::year: break;
            case PeriodKind::tertial: first = (m - 1) / 4 * 4 + 1, length = 4; break;
            case PeriodKind::quarter: first = (m - 1) / 3 * 3 + 1, length = 3; break;
            case PeriodKind::month: first = m, length = 1; break;
        }
        const year_month start{day.year(), month{first}};
        const year_month end = start + months{static_cast<int>(length) - 1};
        return {start / 1, year_month_day{year_month_day_last{end.year(), month_day_last{end.month()}}}};
    }

private:
    static Date clamped(Date moved) {
        return moved.ok() ? moved : Date{std::chrono::year_month_day_last{moved.year(), std::chrono::month_day_last{moved.month()}}};
    }
};

/// A Logger that keeps every message, for tests to inspect what a model logged.
class RecordingLogger : public Logger {
public:
    struct Entry {
        LogLevel level = LogLevel::info;
        std::string message{};
    };
    std::vector<Entry> entries;

    void log(LogLevel level, std::string_view message) noexcept override {
        try {
            entries.push_back({level, std::string(message)});
        } catch (...) {  // a Logger never throws; a test that runs out of memory has other problems
        }
    }
    /// Whether any message contains `text`.
    bool contains(std::string_view text) const {
        return std::any_of(entries.begin(), entries.end(), [&](const Entry& e) { return e.message.find(text) != std::string::npos; });
    }
};

/// HostServices for a model under test: owns a MemoryRegisterView, a WorkingDayCalendar, a
/// RecordingLogger and the grading scales added with add_scale() (no scale is built in: add the
/// ones your model asks for). Fill `records` before calling the model; read `log` after.
class FakeHost : public HostServices {
public:
    MemoryRegisterView records;
    WorkingDayCalendar working_days;
    RecordingLogger log;

    /// Makes `scale` known by its id, replacing one added before with the same id.
    void add_scale(GradingScale scale) {
        std::string id = scale.id();
        scales_.insert_or_assign(std::move(id), std::move(scale));
    }

    RecordingLogger& logger() noexcept override { return log; }
    const MemoryRegisterView& register_view() const noexcept override { return records; }
    const WorkingDayCalendar& calendar() const noexcept override { return working_days; }
    const GradingScale* scale(std::string_view scale_id) const noexcept override {
        const auto it = scales_.find(scale_id);
        return it == scales_.end() ? nullptr : &it->second;
    }

private:
    std::map<std::string, GradingScale, std::less<>> scales_;
};

/// A board's [model] table written as TOML text, for a test of configure() — what the host
/// hands a model, without the host:
///
///     doubles::ModelTable table("interval_months = { A = 4 }\n");
///     model.configure(setup, table.reader());
///     EXPECT_TRUE(table.problems().empty());
///
/// problems() finishes the reader first, as the host does after configure, so it includes the
/// keys the model did not read. Defined in the SDK library. @since 3.0
class ModelTable {
public:
    /// @throws InvalidArgument naming the line when the text is not TOML.
    explicit ModelTable(std::string_view toml_text);
    ~ModelTable();
    ModelTable(const ModelTable&) = delete;
    ModelTable& operator=(const ModelTable&) = delete;
    ConfigReader& reader();
    const std::vector<ConfigIssue>& problems();

private:
    struct Parsed;
    std::unique_ptr<Parsed> parsed_;
};

}  // namespace doubles
FOLLOWUP_SDK_END_NAMESPACE
