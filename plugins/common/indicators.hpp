// Indicators with target values (culture school satisfaction, the share of participants who move
// on to work or studies): read from a model's [[indicators]] tables, compared with the register's
// values for a year, graded achieved / not achieved on the core's "indikator2" scale.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <followup/sdk.hpp>

namespace followup::models {
namespace sdk = followup::sdk;

struct IndicatorTarget {
    std::string key;   ///< the key figure in the register
    std::string name;
    double target = 0;
    bool higher_is_better = true;
    std::string unit;  ///< "%", "timmar"
};

/// Reads [[indicators]] (key, name, target, higher_is_better, unit); `defaults` when absent.
std::vector<IndicatorTarget> read_indicator_targets(sdk::ConfigReader& reader, std::vector<IndicatorTarget> defaults);

/// One indicator's result for a provider in a year: the answer-weighted mean of its values.
struct IndicatorResult {
    IndicatorTarget target;
    std::optional<double> value;  ///< none: no values
    int answers = 0;              ///< sum of answers (0 when the values carry none)
    bool too_few = false;         ///< fewer answers than the minimum: not assessed
    bool achieved() const;
};

IndicatorResult indicator_result(const sdk::RegisterView& register_view, const std::string& provider,
                                 const IndicatorTarget& target, int year, int min_answers);

/// Findings on "indikator2" for each assessable indicator; notes for the rest.
std::vector<sdk::Finding> indicator_findings(const std::vector<IndicatorResult>& results, const std::string& activity_id,
                                             std::vector<std::string>& notes);

/// "80,0 %" (one decimal, as the reader's language writes it, then the unit).
std::string format_value(double value, const std::string& unit, sdk::Language language = sdk::Language::sv);

}  // namespace followup::models
