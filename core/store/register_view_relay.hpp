// A RegisterView that passes every question on to another one, which can be changed: the plugins
// are loaded and configured over the register itself, then read the snapshot once it is made.
// Why: configuring an isolated plugin forks the host, and a fork of a host that already holds a
// national register in memory costs tens of milliseconds each (its page tables are copied).
#pragma once

#include "followup/sdk/host.hpp"

namespace followup::core {

class RegisterViewRelay : public sdk::RegisterView {
public:
    explicit RegisterViewRelay(const sdk::RegisterView& to) : to_(&to) {}
    /// From now on the questions go to `to`. Call it before any other thread reads this view.
    void relay_to(const sdk::RegisterView& to) noexcept { to_ = &to; }
    /// Where the questions go now.
    const sdk::RegisterView& target() const noexcept { return *to_; }

    std::vector<sdk::Provider> providers_in_area(std::string_view area) const override { return to_->providers_in_area(area); }
    std::vector<sdk::Authorization> authorizations(std::string_view provider, std::string_view area) const override {
        return to_->authorizations(provider, area);
    }
    std::vector<sdk::Unit> units_of(std::string_view provider) const override { return to_->units_of(provider); }
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view provider, std::string_view area) const override {
        return to_->follow_ups(provider, area);
    }
    std::vector<sdk::Finding> findings(std::string_view id) const override { return to_->findings(id); }
    std::vector<sdk::Decision> decisions(std::string_view id) const override { return to_->decisions(id); }
    std::vector<sdk::ProcessStep> steps(std::string_view id) const override { return to_->steps(id); }
    std::optional<sdk::Closure> closure(std::string_view id) const override { return to_->closure(id); }
    std::optional<sdk::Assessment> stored_assessment(std::string_view id) const override { return to_->stored_assessment(id); }
    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area) const override {
        return to_->signals(provider, area);
    }
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure, std::string_view provider) const override {
        return to_->indicator_series(key_figure, provider);
    }
    void for_each_provider(std::string_view area, const std::function<void(const sdk::ProviderRecord&)>& visit) const override {
        to_->for_each_provider(area, visit);
    }

private:
    const sdk::RegisterView* to_;
};

}  // namespace followup::core
