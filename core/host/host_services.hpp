// The HostServices one plugin receives: the shared core services plus a logger tagged with the
// plugin's id.
#pragma once

#include <memory>
#include <optional>
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
    const sdk::RegisterView& register_view() const noexcept override;
    const sdk::Calendar& calendar() const noexcept override { return context_.calendar; }
    const sdk::GradingScale* scale(std::string_view scale_id) const noexcept override;

private:
    class TaggedLogger;
    class WatchedRegister;
    HostContext context_;
    std::unique_ptr<TaggedLogger> logger_;
    std::unique_ptr<WatchedRegister> register_;
};

/// Why the register failed to answer a plugin on this thread (what the register threw), if it
/// did since forget_register_failure(): every register view a plugin is given notes it. A model
/// that meets such a failure (a lost PostgreSQL connection) fails its call, and would fail every
/// later one alike; the caller stops the command instead (RegisterUnreadable, plugin_host.hpp).
std::optional<std::string> register_failure();
/// Before a call: what the register did before is not this call's.
void forget_register_failure() noexcept;

/// In a plugin's long-lived child (ServingChild): from now on every plugin in this process reads
/// the register through `view` (a RemoteRegisterView, asking the host) instead of the copy of the
/// host's register the fork made, which goes stale as the host changes the register.
void read_register_through(const sdk::RegisterView* view) noexcept;

}  // namespace followup::core
