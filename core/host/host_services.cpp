#include "host/host_services.hpp"

#include <spdlog/spdlog.h>

#include "host/isolation.hpp"
#include "scales/scale_registry.hpp"

namespace followup::core {

// A plugin's log lines go to the host's sinks (whatever --log-level and the CLI set up), under a
// logger named after the plugin, so every line says which plugin wrote it.
class PluginServices::TaggedLogger final : public sdk::Logger {
public:
    explicit TaggedLogger(const std::string& plugin_id) {
        auto host = spdlog::default_logger();
        logger_ = std::make_shared<spdlog::logger>("plugin:" + plugin_id, host->sinks().begin(), host->sinks().end());
        logger_->set_level(host->level());
    }
    void log(sdk::LogLevel level, std::string_view message) noexcept override {
        try {
            const auto spdlog_level = to_spdlog(level);
            if (!logger_->should_log(spdlog_level)) return;
            if (forward_log_to_host(logger_->name(), static_cast<int>(spdlog_level), message)) return;
            logger_->log(spdlog_level, "{}", message);
        } catch (...) {
            // Logging must never be the reason a plugin call fails.
        }
    }

private:
    static spdlog::level::level_enum to_spdlog(sdk::LogLevel level) {
        switch (level) {
            case sdk::LogLevel::trace: return spdlog::level::trace;
            case sdk::LogLevel::debug: return spdlog::level::debug;
            case sdk::LogLevel::info: return spdlog::level::info;
            case sdk::LogLevel::warn: return spdlog::level::warn;
            case sdk::LogLevel::error: return spdlog::level::err;
        }
        return spdlog::level::info;
    }
    std::shared_ptr<spdlog::logger> logger_;
};

namespace {
const sdk::RegisterView* register_in_this_process = nullptr;  ///< set in a plugin's long-lived child only

/// Per thread: a call runs on its caller's thread (several boards' models at once, trusted).
thread_local std::optional<std::string> failure_on_this_thread;
void note_register_failure(const char* what) noexcept {
    try {
        if (!failure_on_this_thread) failure_on_this_thread = what;
    } catch (...) {
    }
}
}  // namespace

std::optional<std::string> register_failure() { return failure_on_this_thread; }
void forget_register_failure() noexcept { failure_on_this_thread.reset(); }

/// The register a plugin reads, noting what it throws (register_failure) before the plugin sees
/// it: the plugin may catch it and go on, but what it answers then stands on nothing.
class PluginServices::WatchedRegister final : public sdk::RegisterView {
public:
    explicit WatchedRegister(const sdk::RegisterView& host) : host_(host) {}

    std::vector<sdk::Provider> providers_in_area(std::string_view area_id) const override {
        return watched([&] { return view().providers_in_area(area_id); });
    }
    std::vector<sdk::Authorization> authorizations(std::string_view provider, std::string_view area_id) const override {
        return watched([&] { return view().authorizations(provider, area_id); });
    }
    std::vector<sdk::Unit> units_of(std::string_view provider) const override {
        return watched([&] { return view().units_of(provider); });
    }
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view provider, std::string_view area_id) const override {
        return watched([&] { return view().follow_ups(provider, area_id); });
    }
    std::vector<sdk::Finding> findings(std::string_view activity_id) const override {
        return watched([&] { return view().findings(activity_id); });
    }
    std::vector<sdk::Decision> decisions(std::string_view activity_id) const override {
        return watched([&] { return view().decisions(activity_id); });
    }
    std::vector<sdk::ProcessStep> steps(std::string_view activity_id) const override {
        return watched([&] { return view().steps(activity_id); });
    }
    std::optional<sdk::Closure> closure(std::string_view activity_id) const override {
        return watched([&] { return view().closure(activity_id); });
    }
    std::optional<sdk::Assessment> stored_assessment(std::string_view activity_id) const override {
        return watched([&] { return view().stored_assessment(activity_id); });
    }
    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area_id) const override {
        return watched([&] { return view().signals(provider, area_id); });
    }
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure, std::string_view provider) const override {
        return watched([&] { return view().indicator_series(key_figure, provider); });
    }
    void for_each_provider(std::string_view area_id, const std::function<void(const sdk::ProviderRecord&)>& visit) const override {
        // What the visit throws is the plugin's own, not the register's.
        bool visiting = false;
        try {
            view().for_each_provider(area_id, [&](const sdk::ProviderRecord& record) {
                visiting = true;
                visit(record);
                visiting = false;
            });
        } catch (const std::exception& e) {
            if (!visiting) note_register_failure(e.what());
            throw;
        }
    }

private:
    const sdk::RegisterView& view() const {
        return register_in_this_process != nullptr ? *register_in_this_process : host_;
    }
    template <typename Read>
    static auto watched(Read&& read) -> decltype(read()) {
        try {
            return read();
        } catch (const std::exception& e) {
            note_register_failure(e.what());
            throw;
        }
    }
    const sdk::RegisterView& host_;
};

PluginServices::PluginServices(std::string plugin_id, HostContext context)
    : context_(context),
      logger_(std::make_unique<TaggedLogger>(plugin_id)),
      register_(std::make_unique<WatchedRegister>(context_.register_view)) {}

PluginServices::~PluginServices() = default;

void read_register_through(const sdk::RegisterView* view) noexcept { register_in_this_process = view; }

const sdk::RegisterView& PluginServices::register_view() const noexcept { return *register_; }

sdk::Logger& PluginServices::logger() noexcept { return *logger_; }

const sdk::GradingScale* PluginServices::scale(std::string_view scale_id) const noexcept {
    return context_.scales.find(scale_id);
}

}  // namespace followup::core
