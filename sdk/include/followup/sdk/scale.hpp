// Grading scales: ordered levels, best first. The core owns the scales a municipality uses (its
// built-in ones and those in the configuration); a plugin gets them from HostServices::scale().
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "followup/sdk/types.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

struct GradeLevel {
    std::string id;  ///< stable, used in data files: "tillfredsstallande", "mindre_brist"
    std::string label_sv;
    std::string label_en;
    bool deficiency = false;  ///< a level that opens a deficiency case
    int severity = 0;         ///< 0 for non-deficiencies; higher is more serious among deficiencies
};

/// An ordered grading scale. Construction validates it, so a GradingScale in hand is always
/// well-formed: at least two levels, unique non-empty ids, and severity never decreasing from
/// the best level to the worst (a deficiency is never "better" than a non-deficiency).
class GradingScale {
public:
    /// @throws InvalidArgument naming the first rule broken.
    GradingScale(std::string id, std::string name, std::vector<GradeLevel> levels_best_first);

    const std::string& id() const noexcept { return id_; }
    const std::string& name() const noexcept { return name_; }
    const std::vector<GradeLevel>& levels() const noexcept { return levels_; }

    /// The level with this id, or nullptr.
    const GradeLevel* level(std::string_view level_id) const noexcept;
    /// 0 for the best level; std::nullopt for an unknown id.
    std::optional<std::size_t> rank(std::string_view level_id) const noexcept;
    /// @throws InvalidArgument for an unknown id.
    bool is_deficiency(std::string_view level_id) const;
    /// How serious a level is as a deficiency: 0 when it is none (or unknown), else its severity
    /// and at least 1. The one rule the core's cases and the models' histories share; inline, so
    /// a plugin built with it runs on any 3.x library. @since 3.0
    int deficiency_severity(std::string_view level_id) const noexcept {
        const GradeLevel* l = level(level_id);
        return l != nullptr && l->deficiency ? (l->severity > 1 ? l->severity : 1) : 0;
    }
    /// Negative when `a` is better than `b`, zero when equal, positive when worse.
    /// @throws InvalidArgument for an unknown id.
    int compare(std::string_view a, std::string_view b) const;
    /// The worst of the given levels (a unit's overall grade is its worst finding).
    /// @throws InvalidArgument for an unknown id or an empty list.
    const GradeLevel& worst(const std::vector<std::string>& level_ids) const;
    /// How many of the given levels fall on each level of the scale, every level present.
    /// @throws InvalidArgument for an unknown id.
    std::map<std::string, std::size_t> distribution(const std::vector<std::string>& level_ids) const;

private:
    std::string id_;
    std::string name_;
    std::vector<GradeLevel> levels_;
};

FOLLOWUP_SDK_END_NAMESPACE
