// What the host hands a plugin: logging, read access to the register, grading scales and the
// calendar. A plugin reaches the core only through these interfaces; it never links the core.
//
// Lifetime: the HostServices object passed to a plugin's factory outlives the plugin object, so
// a plugin may keep the reference (and references to what it returns) for as long as it lives;
// the host makes a plugin's model more than once (plugin.hpp: every call starts from the model as
// configure() left it), each time with the same HostServices.
// Threads: the host calls a model object from one thread at a time, never two calls at once
// (with --trust-plugins the compilation asks several boards' models at once, each on its own
// thread: plugin.hpp); these services may be used from the thread of the call.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "followup/sdk/assessment.hpp"
#include "followup/sdk/scale.hpp"
#include "followup/sdk/types.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

enum class LogLevel { trace, debug, info, warn, error };

/// Writes into the host's log, tagged with the plugin's id. Never throws.
class Logger {
public:
    virtual ~Logger();
    virtual void log(LogLevel level, std::string_view message) noexcept = 0;

    void debug(std::string_view message) noexcept { log(LogLevel::debug, message); }
    void info(std::string_view message) noexcept { log(LogLevel::info, message); }
    void warn(std::string_view message) noexcept { log(LogLevel::warn, message); }
    void error(std::string_view message) noexcept { log(LogLevel::error, message); }
};

/// A read-only view of the register (providers, follow-ups, findings, indicator values).
/// Every function returns copies, ordered as documented, and throws sdk::Error if the store
/// cannot be read. Personal data never appears here: individuals are counted, not named.
class RegisterView {
public:
    virtual ~RegisterView();
    /// Providers with an authorization (in any status) in the area, by organisation number.
    virtual std::vector<Provider> providers_in_area(std::string_view area_id) const = 0;
    /// A provider's authorizations in the area, oldest first.
    virtual std::vector<Authorization> authorizations(std::string_view provider,
                                                      std::string_view area_id) const = 0;
    /// A provider's units, by id.
    virtual std::vector<Unit> units_of(std::string_view provider) const = 0;
    /// A provider's follow-ups in the area, by planned start, then id (planned ones included).
    virtual std::vector<FollowUpActivity> follow_ups(std::string_view provider,
                                                     std::string_view area_id) const = 0;
    /// The findings of one follow-up, by condition.
    virtual std::vector<Finding> findings(std::string_view activity_id) const = 0;
    /// The decisions the board adopted on one follow-up, oldest first (same day: by kind's name).
    virtual std::vector<Decision> decisions(std::string_view activity_id) const = 0;
    /// The process steps done on one follow-up, by step. @since 3.0
    virtual std::vector<ProcessStep> steps(std::string_view activity_id) const = 0;
    /// The closing of the deficiency case this follow-up found remedied, if recorded. @since 3.0
    virtual std::optional<Closure> closure(std::string_view activity_id) const = 0;
    /// What the board's model said of the follow-up when it was last assessed, or nothing if
    /// never. `deficiencies` are the model's, in full and in its order (condition, grade, text,
    /// basis), including those no finding records (a targeted supervision's documents). An
    /// assessment stored by a host before SDK 3.0.1 kept only their number: it gives back that
    /// many empty findings (read the findings themselves with findings()). @since 3.0;
    /// deficiencies in full @since 3.0.1
    virtual std::optional<Assessment> stored_assessment(std::string_view activity_id) const = 0;
    /// Signals about a provider in the area, by date received, then id.
    virtual std::vector<Signal> signals(std::string_view provider, std::string_view area_id) const = 0;
    /// A key figure's values for a provider (all its units and itself), by period start, then unit.
    virtual std::vector<IndicatorValue> indicator_series(std::string_view key_figure,
                                                         std::string_view provider) const = 0;

    /// Every provider with an authorization in the area, in organisation-number order, with its
    /// record there. Use it to plan or report on a whole area: a host may answer it from one
    /// pass over its store (the compilation does), where asking per provider and per follow-up
    /// costs a query each. The record is valid only during the call; copy what you keep.
    /// The default implementation asks the functions above, provider by provider.
    /// @since 0.2
    virtual void for_each_provider(std::string_view area_id,
                                   const std::function<void(const ProviderRecord&)>& visit) const;
};

enum class PeriodKind { year, tertial, quarter, month };

/// "trace" … "error"; "year", "tertial", "quarter", "month". @since 3.0
std::string_view to_string(LogLevel) noexcept;
std::string_view to_string(PeriodKind) noexcept;

/// The core's calendar: Swedish working days and month arithmetic that clamps to the end of the
/// month (31 January + 1 month = 29 February in a leap year, 28 February otherwise).
class Calendar {
public:
    virtual ~Calendar();
    virtual Date add_days(Date day, int days) const = 0;
    virtual Date add_months(Date day, int months) const = 0;
    virtual Date add_years(Date day, int years) const = 0;
    /// Not a Saturday, a Sunday, a Swedish public holiday, or Midsummer, Christmas or New
    /// Year's Eve.
    virtual bool is_working_day(Date day) const = 0;
    /// `day` itself if it is a working day, otherwise the next one.
    virtual Date next_working_day(Date day) const = 0;
    /// The year, tertial (Jan-Apr, May-Aug, Sep-Dec), quarter or month containing `day`.
    virtual Period period_of(PeriodKind kind, Date day) const = 0;
};

/// The working day on or before `day`: a "by this date" never reads as a weekend or holiday (the
/// host's cases and the bundled models share it). Inline, so any 3.x library runs it. @since 3.0
inline Date working_day_on_or_before(const Calendar& calendar, Date day) {
    for (int i = 0; i < 10 && !calendar.is_working_day(day); ++i) day = calendar.add_days(day, -1);
    return day;
}

/// Everything the host offers one plugin. See the lifetime note at the top of this file.
class HostServices {
public:
    virtual ~HostServices();
    virtual Logger& logger() noexcept = 0;
    virtual const RegisterView& register_view() const noexcept = 0;
    virtual const Calendar& calendar() const noexcept = 0;
    /// The scale with this id (built in, configured, or shipped by a plugin), or nullptr.
    virtual const GradingScale* scale(std::string_view scale_id) const noexcept = 0;
    /// An optional service of the host, looked up by id, or nullptr when this host has none by
    /// that id (see BoardModel::extension). The default answers nullptr. @since 3.0
    virtual void* extension(std::string_view id) noexcept;
};

FOLLOWUP_SDK_END_NAMESPACE
