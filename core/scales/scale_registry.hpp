// The grading scales a municipality uses: the built-in ones below, and (later) those its
// configuration defines. Plugins see them through HostServices::scale().
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "followup/sdk/scale.hpp"

namespace followup::core {

class ScaleRegistry {
public:
    /// The scales every municipality has:
    ///  - "tillsyn4": Tillfredsställande / Tillfredsställande men kan utvecklas / Mindre brist /
    ///    Allvarlig brist (the education board's supervision report scale);
    ///  - "uppfyllt3": met / partly met / not met (authorization conditions);
    ///  - "indikator2": indicator achieved / not achieved (targets); no level is a deficiency:
    ///    conditions are graded on a condition scale, indicators on this one, never one for the other.
    static ScaleRegistry with_builtin_scales();

    /// Adds a scale; @throws sdk::InvalidArgument if one with the same id is already there.
    void add(sdk::GradingScale scale);
    const sdk::GradingScale* find(std::string_view id) const noexcept;
    std::vector<std::string> ids() const;

private:
    std::map<std::string, sdk::GradingScale, std::less<>> scales_;
};

}  // namespace followup::core
