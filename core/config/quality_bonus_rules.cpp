// The quality-bonus rules checked against the rest of the configuration, once every board file
// is read: a rule's grade must be a level of its area's scale, and its key figure must have a name
// the compilation can print.
#include "config/quality_bonus_rules.hpp"

#include <string>
#include <vector>

#include "followup/sdk/config_reader.hpp"

namespace followup::core {

using sdk::not_one_of;

void check_quality_bonus_rules(const MunicipalityConfig& config, const std::vector<Diagnostic>& grade_at,
                               const std::vector<Diagnostic>& indicator_at, Diagnostics& out) {
    // A bonus rule's grade must be a level of its area's board's scale.
    for (std::size_t i = 0; i < config.quality_bonus.size() && i < grade_at.size(); ++i) {
        const auto& rule = config.quality_bonus[i];
        const sdk::Area* area = config.area(rule.area_id);
        const BoardSettings* board = area != nullptr ? config.board(area->board_id) : nullptr;
        const sdk::GradingScale* scale = board != nullptr ? config.scales.find(board->scale_id) : nullptr;
        if (scale == nullptr || rule.max_grade.empty() || scale->level(rule.max_grade) != nullptr) continue;
        std::vector<std::string> levels;
        for (const auto& l : scale->levels()) levels.push_back(l.id);
        Diagnostic d = grade_at[i];
        d.message = "is not a level of scale '" + scale->id() + "', which area '" + rule.area_id + "' is graded on; " +
                    not_one_of(rule.max_grade, levels).substr(not_one_of(rule.max_grade, levels).find("expected"));
        out.push_back(std::move(d));
    }
    // A bonus rule's key figure is printed in the compilation by its name: from
    // [publishing.key_figure_names] or a board's [[model.indicators]] name, never as its key.
    for (std::size_t i = 0; i < config.quality_bonus.size() && i < indicator_at.size(); ++i) {
        const auto& key = config.quality_bonus[i].indicator;
        if (!key || config.key_figure_names.count(*key)) continue;
        bool named = false;
        for (const auto& board : config.boards)
            if (const auto* indicators = board.model["indicators"].as_array())
                for (const auto& entry : *indicators)
                    if (const auto* t = entry.as_table(); t && (*t)["key"].value_or(std::string{}) == *key && (*t)["name"].is<std::string>())
                        named = true;
        if (named) continue;
        Diagnostic d = indicator_at[i];
        d.message = "key figure '" + *key + "' has no name for the compilation to print; expected it in "
                    "[publishing.key_figure_names] or as a name in a board's [[model.indicators]]";
        out.push_back(std::move(d));
    }
}

}  // namespace followup::core
