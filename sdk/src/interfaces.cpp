// Out-of-line destructors: each gives its class a "key function", so the vtable and type_info
// live once, in this library, and dynamic_cast and catch work the same in the host and in every
// plugin (plugins are built with hidden visibility and would otherwise carry private copies).
#include "followup/sdk/error.hpp"
#include "followup/sdk/host.hpp"
#include "followup/sdk/plugin.hpp"
#include "followup/sdk/version.hpp"

namespace followup::sdk::inline v1 {

Error::~Error() = default;
InvalidArgument::~InvalidArgument() = default;
Logger::~Logger() = default;
RegisterView::~RegisterView() = default;
Calendar::~Calendar() = default;
HostServices::~HostServices() = default;
BoardModel::~BoardModel() = default;

std::uint32_t loaded_abi_version() noexcept { return FOLLOWUP_SDK_ABI_VERSION; }

ConfigIssue config_issue(const toml::node* node, std::string key_path, std::string message) {
    ConfigIssue issue{std::move(key_path), std::move(message), 0, 0};
    if (node != nullptr) {
        issue.line = node->source().begin.line;
        issue.column = node->source().begin.column;
    }
    return issue;
}

}  // namespace followup::sdk::inline v1
