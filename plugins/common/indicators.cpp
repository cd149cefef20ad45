#include "indicators.hpp"

#include <limits>

namespace followup::models {

std::vector<IndicatorTarget> read_indicator_targets(sdk::ConfigReader& reader, std::vector<IndicatorTarget> defaults) {
    if (!reader.contains("indicators")) {
        reader.allow("indicators");
        return defaults;
    }
    std::vector<IndicatorTarget> targets;
    reader.tables("indicators", [&](sdk::ConfigReader& r, std::size_t) {
        IndicatorTarget t;
        t.key = r.string("key", true).value_or("");
        t.name = r.string("name", true).value_or(t.key);
        constexpr double any = std::numeric_limits<double>::infinity();
        t.target = r.number("target", -any, any, true).value_or(0);
        t.higher_is_better = r.boolean("higher_is_better").value_or(true);
        t.unit = r.string("unit", false).value_or("");
        targets.push_back(std::move(t));
    });
    return targets;
}

bool IndicatorResult::achieved() const {
    if (!value) return false;
    return target.higher_is_better ? *value >= target.target : *value <= target.target;
}

IndicatorResult indicator_result(const sdk::RegisterView& register_view, const std::string& provider,
                                 const IndicatorTarget& target, int year, int min_answers) {
    IndicatorResult result{target, std::nullopt, 0, false};
    double weighted = 0, weights = 0;
    bool any_answers = false;
    for (const auto& v : register_view.indicator_series(target.key, provider)) {
        if (static_cast<int>(v.period.first.year()) != year) continue;
        const double weight = v.answers ? *v.answers : 1.0;
        any_answers = any_answers || v.answers.has_value();
        if (v.answers) result.answers += *v.answers;
        weighted += v.value * weight;
        weights += weight;
    }
    if (weights > 0) result.value = weighted / weights;
    result.too_few = any_answers && result.answers < min_answers;
    return result;
}

std::vector<sdk::Finding> indicator_findings(const std::vector<IndicatorResult>& results, const std::string& activity_id,
                                             std::vector<std::string>& notes) {
    std::vector<sdk::Finding> findings;
    for (const auto& r : results) {
        if (!r.value) {
            notes.push_back(r.target.name + ": inga värden");
            continue;
        }
        if (r.too_few) {
            notes.push_back(r.target.name + ": för få svar (" + std::to_string(r.answers) + ") för att bedöma");
            continue;
        }
        findings.push_back({activity_id, r.target.key, {"indikator2", r.achieved() ? "uppnatt" : "ej_uppnatt"},
                            r.target.name + " " + format_value(*r.value, r.target.unit) + ", målvärde " +
                                format_value(r.target.target, r.target.unit),
                            r.answers > 0 ? std::to_string(r.answers) + " svar" : "statistik"});
    }
    return findings;
}

std::string format_value(double value, const std::string& unit, sdk::Language language) {
    const std::string number = sdk::format_number(value, 1, language);
    return unit.empty() ? number : number + " " + unit;
}

}  // namespace followup::models
