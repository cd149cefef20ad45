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

PluginServices::PluginServices(std::string plugin_id, HostContext context)
    : context_(context), logger_(std::make_unique<TaggedLogger>(plugin_id)) {}

PluginServices::~PluginServices() = default;

namespace {
const sdk::RegisterView* register_in_this_process = nullptr;  ///< set in a plugin's long-lived child only
}  // namespace

void read_register_through(const sdk::RegisterView* view) noexcept { register_in_this_process = view; }

const sdk::RegisterView& PluginServices::register_view() const noexcept {
    return register_in_this_process != nullptr ? *register_in_this_process : context_.register_view;
}

sdk::Logger& PluginServices::logger() noexcept { return *logger_; }

const sdk::GradingScale* PluginServices::scale(std::string_view scale_id) const noexcept {
    return context_.scales.find(scale_id);
}

}  // namespace followup::core
