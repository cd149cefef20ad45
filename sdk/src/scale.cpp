#include "followup/sdk/scale.hpp"

#include <algorithm>
#include <set>

#include "followup/sdk/error.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

GradingScale::GradingScale(std::string id, std::string name, std::vector<GradeLevel> levels_best_first)
    : id_(std::move(id)), name_(std::move(name)), levels_(std::move(levels_best_first)) {
    const std::string where = "grading scale '" + id_ + "'";
    if (id_.empty()) throw InvalidArgument("a grading scale needs a non-empty id");
    if (levels_.size() < 2)
        throw InvalidArgument(where + " has " + std::to_string(levels_.size()) + " level(s); expected at least 2");
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < levels_.size(); ++i) {
        const GradeLevel& level = levels_[i];
        if (level.id.empty())
            throw InvalidArgument(where + ": level " + std::to_string(i + 1) + " has an empty id");
        if (!seen.insert(level.id).second)
            throw InvalidArgument(where + ": level id '" + level.id + "' appears twice");
        if (!level.deficiency && level.severity != 0)
            throw InvalidArgument(where + ": level '" + level.id + "' is not a deficiency but has severity " +
                                  std::to_string(level.severity) + "; expected 0");
        if (level.deficiency && level.severity <= 0)
            throw InvalidArgument(where + ": deficiency level '" + level.id + "' has severity " +
                                  std::to_string(level.severity) + "; expected 1 or more");
        if (i > 0) {
            const GradeLevel& better = levels_[i - 1];
            if (better.deficiency && !level.deficiency)
                throw InvalidArgument(where + ": level '" + level.id + "' is not a deficiency but comes after '" +
                                      better.id + "', which is; levels must be ordered best first");
            if (level.severity < better.severity)
                throw InvalidArgument(where + ": level '" + level.id + "' has severity " +
                                      std::to_string(level.severity) + ", lower than '" + better.id +
                                      "' before it; levels must be ordered best first");
        }
    }
}

const GradeLevel* GradingScale::level(std::string_view level_id) const noexcept {
    auto it = std::find_if(levels_.begin(), levels_.end(), [&](const GradeLevel& l) { return l.id == level_id; });
    return it == levels_.end() ? nullptr : &*it;
}

std::optional<std::size_t> GradingScale::rank(std::string_view level_id) const noexcept {
    const GradeLevel* found = level(level_id);
    if (found == nullptr) return std::nullopt;
    return static_cast<std::size_t>(found - levels_.data());
}

namespace {
std::size_t rank_or_throw(const GradingScale& scale, std::string_view level_id) {
    if (auto r = scale.rank(level_id)) return *r;
    std::string expected;
    for (const auto& l : scale.levels()) expected += (expected.empty() ? "" : ", ") + l.id;
    throw InvalidArgument("grade '" + std::string(level_id) + "' is not a level of scale '" + scale.id() +
                          "'; expected one of: " + expected);
}
}  // namespace

bool GradingScale::is_deficiency(std::string_view level_id) const {
    return levels_[rank_or_throw(*this, level_id)].deficiency;
}

int GradingScale::compare(std::string_view a, std::string_view b) const {
    const std::size_t ra = rank_or_throw(*this, a), rb = rank_or_throw(*this, b);
    return ra < rb ? -1 : (ra > rb ? 1 : 0);
}

const GradeLevel& GradingScale::worst(const std::vector<std::string>& level_ids) const {
    if (level_ids.empty()) throw InvalidArgument("the worst grade of no grades on scale '" + id_ + "' is undefined");
    std::size_t worst_rank = 0;
    for (const auto& id : level_ids) worst_rank = std::max(worst_rank, rank_or_throw(*this, id));
    return levels_[worst_rank];
}

std::map<std::string, std::size_t> GradingScale::distribution(const std::vector<std::string>& level_ids) const {
    std::map<std::string, std::size_t> counts;
    for (const auto& l : levels_) counts[l.id] = 0;
    for (const auto& id : level_ids) ++counts[levels_[rank_or_throw(*this, id)].id];
    return counts;
}

FOLLOWUP_SDK_END_NAMESPACE
