// Rules across records that a single column cannot check, in one place for every way a record
// enters the register (`followup import`, `followup record`, `followup decide`): a record that
// breaks one is refused with its reason, never stored to be found wrong later.
//
//  - a follow-up's form applies to the provider's ownership (`ownership` in [[forms]]: insyn is
//    for municipal units, tillsyn for independent ones);
//  - a follow-up of a unit-level form names the unit when the provider has units (`level` in
//    [[forms]]: the unit is what is visited, graded and published);
//  - a sanction (remark, injunction, fine, revocation) only on a form that may sanction;
//  - a closing dated on or after the re-check it rests on, on a visit or a document.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "config/municipality_config.hpp"
#include "store/register.hpp"

namespace followup::core {

/// One problem: the column it concerns (empty for the row) and what was found and expected.
using ConsistencyProblem = std::pair<std::string, std::string>;

class ConsistencyCheck {
public:
    ConsistencyCheck(const MunicipalityConfig& config, const Register& store) : config_(config), store_(store) {}
    /// The problems of one row of `kind` (its columns in the kind's order); empty when fine.
    std::vector<ConsistencyProblem> problems(const RecordKind& kind, const Row& row);
    /// A follow-up row written in the same transaction as the rows checked next (its findings,
    /// decisions, closings): they are checked against it as if it were stored.
    void written_with(const Row& follow_up);

private:
    struct ProviderFacts {
        bool known = false;
        std::string ownership;
        std::vector<std::string> units;
    };
    const ProviderFacts& provider(const std::string& org_number);
    /// The follow-up a finding, decision or closing names. The last one is kept: a file's rows
    /// about one follow-up come together, and a point query per row would slow a national import.
    const std::optional<Row>& follow_up(const std::string& id);
    const BoardSettings* board_of_area(const std::string& area_id) const;

    const MunicipalityConfig& config_;
    const Register& store_;
    std::map<std::string, ProviderFacts> providers_;  // cached: an import checks many rows per provider
    std::string last_follow_up_id_;
    std::optional<Row> last_follow_up_;
};

}  // namespace followup::core
