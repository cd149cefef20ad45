// Building the cross-board annual compilation: every board's plan and results, the core's
// assessment of each plan against the regulation, figures across the boards, welfare crime,
// crisis preparedness and a quality-bonus simulation.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "config/municipality_config.hpp"
#include "host/plugin_host.hpp"
#include "report/document.hpp"
#include "store/register.hpp"

namespace followup::core {

struct CompileInputs {
    const MunicipalityConfig& config;
    const Register& store;
    /// What the compilation reads its records from: `store` itself, or a RegisterSnapshot of it
    /// (what the boards' plugins read too, so that every figure comes from the same reading).
    const sdk::RegisterView& records;
    /// board id → its configured plugin; a board missing here gets a section marked failed.
    const std::map<std::string, std::shared_ptr<LoadedPlugin>>& plugins;
    /// board id → why its plugin could not be used (shown in its failed section).
    std::map<std::string, std::string> plugin_problems;
    const sdk::Calendar& calendar;
    int year = 0;
    Language language = Language::sv;
    std::string date;  ///< the compilation's date, YYYY-MM-DD
    std::string reference;  ///< the case's diary number; empty: not yet registered (never a made-up one)
    std::function<void(std::string_view step, int done, int total)> progress;
};

Document compile_document(const CompileInputs& inputs);

}  // namespace followup::core
