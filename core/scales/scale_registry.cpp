#include "scales/scale_registry.hpp"

#include "followup/sdk/error.hpp"

namespace followup::core {

ScaleRegistry ScaleRegistry::with_builtin_scales() {
    ScaleRegistry registry;
    registry.add(sdk::GradingScale(
        "tillsyn4", "Bedömningsskala för tillsyn och insyn",
        {
            {"tillfredsstallande", "Tillfredsställande", "Satisfactory", false, 0},
            {"kan_utvecklas", "Tillfredsställande men kan utvecklas", "Satisfactory but can be developed", false, 0},
            {"mindre_brist", "Mindre brist", "Minor deficiency", true, 1},
            {"allvarlig_brist", "Allvarlig brist", "Serious deficiency", true, 2},
        }));
    registry.add(sdk::GradingScale("uppfyllt3", "Uppfyllt villkor",
                                   {
                                       {"uppfyllt", "Uppfyllt", "Met", false, 0},
                                       {"delvis_uppfyllt", "Delvis uppfyllt", "Partly met", true, 1},
                                       {"ej_uppfyllt", "Ej uppfyllt", "Not met", true, 2},
                                   }));
    registry.add(sdk::GradingScale("indikator2", "Målvärde",
                                   {
                                       {"uppnatt", "Målvärdet uppnått", "Target achieved", false, 0},
                                       // A missed target is a result shown against its target and
                                       // a reason for a dialogue, never a deficiency that opens a case.
                                       {"ej_uppnatt", "Målvärdet ej uppnått", "Target not achieved", false, 0},
                                   }));
    return registry;
}

void ScaleRegistry::add(sdk::GradingScale scale) {
    const std::string id = scale.id();
    if (!scales_.emplace(id, std::move(scale)).second)
        throw sdk::InvalidArgument("grading scale '" + id + "' is defined twice");
}

const sdk::GradingScale* ScaleRegistry::find(std::string_view id) const noexcept {
    auto it = scales_.find(id);
    return it == scales_.end() ? nullptr : &it->second;
}

std::vector<std::string> ScaleRegistry::ids() const {
    std::vector<std::string> out;
    for (const auto& [id, scale] : scales_) out.push_back(id);
    return out;
}

}  // namespace followup::core
