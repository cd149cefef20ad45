// A consistent in-memory copy of the register's follow-up records, read with one pass per table.
//
// Why: the compilation and the boards' plugins read every provider of every area, several times
// (the core's figures, each board's section, next year's plan, the plan appendix). Asked of the
// SQLite store provider by provider and follow-up by follow-up, that is millions of small
// queries at national scale (130,000 providers, a million follow-ups, five million findings);
// read once into this snapshot it is a few sequential scans, and every later read is a lookup.
//
// The tables are read in one read transaction, so the snapshot is consistent across them.
// What is kept: providers, authorizations, units, follow-ups with their grades counted per scale
// and level (not the findings' texts), decisions, signals and indicator values. `findings()`
// asks the underlying register, which must outlive the snapshot.
//
// Threads: every read is const and may run on several threads at once (findings() excepted: it
// asks the register, whose connection is one thread's).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "followup/sdk/host.hpp"
#include "store/register.hpp"

namespace followup::core {

class RegisterSnapshot final : public sdk::RegisterView {
public:
    /// Reads the register. Throws StoreError (or sdk::Error) if it cannot be read.
    explicit RegisterSnapshot(const Register& store);

    std::vector<sdk::Provider> providers_in_area(std::string_view area_id) const override;
    std::vector<sdk::Authorization> authorizations(std::string_view provider, std::string_view area_id) const override;
    std::vector<sdk::Unit> units_of(std::string_view provider) const override;
    std::vector<sdk::FollowUpActivity> follow_ups(std::string_view provider, std::string_view area_id) const override;
    std::vector<sdk::Finding> findings(std::string_view activity_id) const override;
    std::vector<sdk::Decision> decisions(std::string_view activity_id) const override;
    std::vector<sdk::ProcessStep> steps(std::string_view activity_id) const override;  ///< asks the store
    std::optional<sdk::Closure> closure(std::string_view activity_id) const override;
    std::optional<sdk::Assessment> stored_assessment(std::string_view activity_id) const override;  ///< asks the store
    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area_id) const override;
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure,
                                                      std::string_view provider) const override;
    /// Hands out the records kept in memory: no copy, no query.
    void for_each_provider(std::string_view area_id,
                           const std::function<void(const sdk::ProviderRecord&)>& visit) const override;

    std::size_t follow_up_count() const noexcept { return follow_ups_; }

private:
    /// A provider in an area. `authorized` is false for a provider that has follow-ups in an area
    /// but no authorization there: such a record answers follow_ups() but is not listed.
    struct Entry {
        sdk::ProviderRecord record;
        bool authorized = false;
        std::size_t follow_ups_expected = 0;  ///< counted before they are read
    };
    struct Area {
        std::string id;
        std::vector<Entry> entries;  ///< by organisation number
    };

    void load(const Register& store);
    const Area* area(std::string_view id) const;
    Area& area_for_update(std::string_view id);
    const Entry* entry(std::string_view area_id, std::string_view provider) const;
    Entry& entry_for_update(std::string_view area_id, std::string_view provider);
    const sdk::FollowUpOutcome* outcome(std::string_view activity_id) const;

    const Register& store_;
    std::vector<sdk::Provider> providers_;       ///< by organisation number
    std::vector<Area> areas_;                    ///< by id
    std::vector<sdk::Unit> units_;               ///< by provider, then id
    std::size_t follow_ups_ = 0;
    /// By follow-up id, for decisions(); built when first needed.
    mutable std::vector<std::pair<std::string_view, const sdk::FollowUpOutcome*>> by_id_;
    mutable std::once_flag by_id_built_;
    std::vector<sdk::IndicatorValue> indicators_;  ///< by key figure, provider, period start, unit
};

}  // namespace followup::core
