// The HostServices one plugin receives: the shared core services plus a logger tagged with the
// plugin's id.
#pragma once

#include <memory>
#include <string>

#include "followup/sdk/host.hpp"
#include "host/plugin_host.hpp"

namespace spdlog {
class logger;
}

namespace followup::core {

class PluginServices final : public sdk::HostServices {
public:
    PluginServices(std::string plugin_id, HostContext context);
    ~PluginServices() override;

    sdk::Logger& logger() noexcept override;
    const sdk::RegisterView& register_view() const noexcept override { return context_.register_view; }
    const sdk::Calendar& calendar() const noexcept override { return context_.calendar; }
    const sdk::GradingScale* scale(std::string_view scale_id) const noexcept override;

private:
    class TaggedLogger;
    HostContext context_;
    std::unique_ptr<TaggedLogger> logger_;
};

}  // namespace followup::core
