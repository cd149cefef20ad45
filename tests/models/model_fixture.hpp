// A board's real plugin, loaded through the host and configured from the example municipality's
// own board file, over an in-memory register the test fills with a scenario.
#pragma once

#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "calendar/swedish_calendar.hpp"
#include "config/municipality_config.hpp"
#include "host/plugin_host.hpp"
#include "store/memory_register.hpp"
#include "scales/scale_registry.hpp"

namespace followup::test {

namespace sdk = followup::sdk;
using namespace std::chrono;

inline sdk::Date day(int y, unsigned m, unsigned d) { return year{y} / month{m} / std::chrono::day{d}; }

class BoardModelTest : public testing::Test {
protected:
    /// The board's plugin configured as in config/; `bases` gives an area another legal basis (a
    /// municipality whose area is, say, a valfrihetssystem under LOV, which the example has none of).
    void load(const std::string& plugin_id, const std::string& board_id, const std::map<std::string, sdk::LegalBasis>& bases = {}) {
        const auto loaded = core::load_configuration(std::filesystem::path(FOLLOWUP_TEST_SOURCE_DIR) / ".." / "config" /
                                                     "municipality.toml");
        ASSERT_TRUE(loaded.diagnostics.empty()) << core::to_string(loaded.diagnostics.front());
        config = loaded.config;
        for (auto& area : config.areas)
            if (auto basis = bases.find(area.id); basis != bases.end()) area.legal_basis = basis->second;
        const core::BoardSettings* board = config.board(board_id);
        ASSERT_NE(board, nullptr);
        host = std::make_unique<core::PluginHost>(core::HostContext{register_view, scales, calendar});
        auto outcome = host->load(std::filesystem::path(FOLLOWUP_TEST_BUNDLED_PLUGINS) / (plugin_id + ".so"));
        ASSERT_TRUE(outcome) << outcome.refusal->message;
        plugin = outcome.plugin;
        const auto issues = plugin->configure(config.setup_of(*board), board->model);
        ASSERT_TRUE(issues.empty()) << issues.front().key_path << ": " << issues.front().message;
    }

    void provider(const std::string& org, const std::string& name, sdk::Ownership ownership, const std::string& area,
                  sdk::Date granted) {
        register_view.providers.push_back({org, name, ownership});
        register_view.authorizations_list.push_back({org, area, sdk::AuthorizationStatus::active, granted, std::nullopt});
    }

    /// A completed follow-up with grades (level ids on `scale`) and, optionally, the decision taken.
    sdk::FollowUpActivity done(const std::string& id, const std::string& org, const std::string& area, const std::string& form,
                               sdk::Date when, const std::string& scale, const std::vector<std::string>& grades,
                               std::optional<sdk::Decision> decision = std::nullopt) {
        sdk::FollowUpActivity a{id, form, area, org, "", {when, when}, when, sdk::ActivityStatus::done, "", sdk::Trigger::planned};
        register_view.activities.push_back(a);
        int i = 0;
        for (const auto& g : grades)
            register_view.findings_list.push_back({id, "villkor" + std::to_string(++i), {scale, g}, "", "besök"});
        if (decision) register_view.decisions_by_activity.push_back({id, *decision});
        return a;
    }

    sdk::FollowUpRecord record(const sdk::FollowUpActivity& activity, const std::string& scale,
                               const std::vector<std::string>& grades) {
        sdk::FollowUpRecord r;
        r.activity = activity;
        for (const auto& p : register_view.providers)
            if (p.org_number == activity.provider) r.provider = p;
        int i = 0;
        for (const auto& g : grades) r.findings.push_back({activity.id, "villkor" + std::to_string(++i), {scale, g}, "", "besök"});
        return r;
    }

    sdk::FollowUpActivity activity(const std::string& id, const std::string& org, const std::string& area,
                                   const std::string& form, sdk::Date when) {
        return {id, form, area, org, "", {when, when}, when, sdk::ActivityStatus::done, "", sdk::Trigger::planned};
    }

    std::vector<sdk::PlannedFollowUp> plan_for(int y, const std::string& org) {
        std::vector<sdk::PlannedFollowUp> out;
        for (auto& p : plugin->plan_year({y}))
            if (p.provider == org) out.push_back(p);
        return out;
    }

    core::MemoryRegister register_view;
    core::ScaleRegistry scales = core::ScaleRegistry::with_builtin_scales();
    core::SwedishCalendar calendar;
    core::MunicipalityConfig config;
    std::unique_ptr<core::PluginHost> host;
    std::shared_ptr<core::LoadedPlugin> plugin;
};

}  // namespace followup::test
