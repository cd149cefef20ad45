// The questions plugins ask of the register (sdk::RegisterView), asked as queries on its rows:
// written once for both databases, which answer them in the same orders (RegisterView documents
// them) and differ only in how a query is run (select_rows).
#pragma once

#include <initializer_list>
#include <string_view>
#include <vector>

#include "store/register.hpp"

namespace followup::core {

class RowRegister : public Register {
public:
    std::vector<sdk::Provider> providers_in_area(std::string_view area_id) const final;
    std::vector<sdk::Authorization> authorizations(std::string_view provider, std::string_view area_id) const final;
    std::vector<sdk::Unit> units_of(std::string_view provider) const final;
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view provider, std::string_view area_id) const final;
    std::vector<sdk::Finding> findings(std::string_view activity_id) const final;
    std::vector<sdk::Decision> decisions(std::string_view activity_id) const final;
    std::optional<sdk::Assessment> stored_assessment(std::string_view activity_id) const final;
    std::vector<sdk::ProcessStep> steps(std::string_view activity_id) const final;
    std::optional<sdk::Closure> closure(std::string_view activity_id) const final;
    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area_id) const final;
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure, std::string_view provider) const final;

protected:
    /// The rows of `kind` that `where` selects (its parameters written ?1, ?2 … and bound to
    /// `values` in turn), in `order`: every column, in the kind's order, as canonical text, for
    /// the converters of rows.hpp.
    virtual std::vector<Row> select_rows(const RecordKind& kind, std::string_view where, std::string_view order,
                                         std::initializer_list<std::string_view> values) const = 0;
};

}  // namespace followup::core
