// A consistent in-memory copy of the register's follow-up records, read with one pass per table.
//
// Why: the compilation and the boards' plugins read every provider of every area, several times
// (the core's figures, the deficiency cases, each board's section, next year's plan). Asked of
// the SQLite store provider by provider and follow-up by follow-up, that is millions of small
// queries at national scale (130,000 providers, a million follow-ups, five million findings);
// read once into this snapshot it is a few sequential scans, and every later read is a lookup.
//
// Why compact: the SDK's FollowUpOutcome takes 432 bytes and a heap string here and there; a
// million of them held at once was 730 MiB before the compilation computed anything. The
// snapshot keeps each follow-up in about 90 bytes, its ids as indexes into small vocabularies
// (forms, units, inspectors, scales and levels, conditions, risk categories), its findings as
// (condition, grade) pairs, and hands a plugin sdk::ProviderRecords built one provider at a time
// as it walks an area (for_each_provider). A record is valid during the visit only, as the SDK
// documents.
//
// The tables are read in one read transaction, so the snapshot is consistent across them.
// Kept: providers, authorizations, units, follow-ups with what each condition was graded (not
// the findings' texts), decisions, the models' assessments and the deficiencies they found,
// closures, signals and indicator values. `findings()`, `steps()` and `stored_assessment()` ask the underlying register, which
// must outlive the snapshot.
//
// Threads: every read is const and may run on several threads at once (the compilation asks the
// boards' models on several threads); the three that ask the register take turns on its
// connection, which is one thread's at a time.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tsl/robin_map.h>

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
    std::vector<sdk::Finding> findings(std::string_view activity_id) const override;  ///< asks the store
    std::vector<sdk::Decision> decisions(std::string_view activity_id) const override;
    std::vector<sdk::ProcessStep> steps(std::string_view activity_id) const override;  ///< asks the store
    std::optional<sdk::Closure> closure(std::string_view activity_id) const override;
    std::optional<sdk::Assessment> stored_assessment(std::string_view activity_id) const override;  ///< asks the store
    std::vector<sdk::Signal> signals(std::string_view provider, std::string_view area_id) const override;
    std::vector<sdk::IndicatorValue> indicator_series(std::string_view key_figure,
                                                      std::string_view provider) const override;
    /// Builds each authorized provider's record of the area in turn and hands it to `visit`: no
    /// query, and one record in memory at a time.
    void for_each_provider(std::string_view area_id,
                           const std::function<void(const sdk::ProviderRecord&)>& visit) const override;

    /// What a follow-up graded per condition: the condition's id and its grade, by condition.
    /// The same as findings() without the texts, from memory (the deficiency cases ask it of
    /// hundreds of thousands of follow-ups at national scale).
    struct GradedCondition {
        const std::string* condition = nullptr;
        const sdk::Grade* grade = nullptr;
    };
    std::vector<GradedCondition> graded_conditions(std::string_view activity_id) const;
    /// What the board's model found deficient in the follow-up when it last assessed it, in the
    /// model's order (assessment_deficiencies, from memory); nothing when it was never assessed.
    std::optional<std::vector<sdk::Finding>> model_deficiencies(std::string_view activity_id) const;

    std::size_t follow_up_count() const noexcept { return follow_ups_.size(); }

private:
    /// Words that recur (a form's id, a level's id): each kept once, named by its index.
    class Vocabulary {
    public:
        std::uint32_t add(std::string_view word);
        const std::string& operator[](std::uint32_t index) const { return words_[index]; }

        struct Hash {
            using is_transparent = void;
            std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
        };

    private:
        static constexpr std::uint32_t none = UINT32_MAX;
        std::vector<std::string> words_;
        /// Flat, with each key's hash kept: one cache miss a lookup (tsl::robin_map's StoreHash).
        tsl::robin_map<std::string, std::uint32_t, Hash, std::equal_to<>, std::allocator<std::pair<std::string, std::uint32_t>>, true> index_;
        /// The word that came after each word the last time: words recur in the same order (a
        /// form's conditions, follow-up after follow-up), so one comparison mostly finds the word
        /// without hashing it (five million findings at national scale).
        std::vector<std::uint32_t> successor_;
        std::uint32_t last_ = none;
    };

    /// A follow-up as kept, in follow-up id order in follow_ups_.
    struct FollowUp {
        std::uint32_t id_at = 0, id_size = 0;  ///< in ids_
        std::uint32_t form = 0, unit = 0, inspector = 0;
        sdk::Period planned{};
        sdk::Date done{};
        bool has_done = false, has_next_due = false, has_recheck = false, assessed = false;
        sdk::ActivityStatus status = sdk::ActivityStatus::planned;
        sdk::Trigger trigger = sdk::Trigger::planned;
        sdk::Date next_due{};
        sdk::Period recheck{};
        std::uint32_t risk_category = 0, risk_reason = 0;
        std::uint32_t conditions_at = 0, conditions_size = 0;  ///< in conditions_
        std::uint32_t tallies_at = 0, tallies_size = 0;        ///< in tallies_
        std::uint32_t decisions_at = 0, decisions_size = 0;    ///< in decisions_
        std::int32_t closure = -1;                             ///< in closures_
    };
    /// How many of a follow-up's findings got one grade: its GradeCount, counted once at load.
    struct Tally {
        std::uint32_t grade = 0;  ///< in grades_
        std::uint32_t count = 0;
    };
    struct Condition {
        std::uint32_t condition = 0;  ///< in conditions_vocabulary_
        std::uint32_t grade = 0;      ///< in grades_
    };
    /// A provider in an area. `authorized` is false for a provider that has follow-ups in an area
    /// but no authorization there: such a record answers follow_ups() but is not listed.
    struct Entry {
        sdk::Provider provider;
        std::vector<sdk::Authorization> authorizations;
        std::vector<sdk::Signal> signals;
        std::vector<std::uint32_t> follow_ups;  ///< in follow_ups_, as RegisterView::follow_ups orders them
        std::uint32_t units_at = 0, units_size = 0;  ///< the provider's units in units_, found once
        bool authorized = false;
    };
    struct Area {
        std::string id;
        std::vector<Entry> entries;  ///< by organisation number
    };

    /// The findings as read, by follow-up: joined to follow_ups_ once both are read (they may be
    /// read on another thread, through another reader, while the follow-ups are).
    struct FindingGroups {
        struct Group {
            std::uint32_t id_at = 0, id_size = 0;  ///< the follow-up's id in ids
            std::uint32_t at = 0, size = 0;        ///< its conditions in conditions_
        };
        std::string ids;
        std::vector<Group> groups;
    };
    void read_findings(const Register& from, FindingGroups& out);
    /// The decisions as read, each with its follow-up's id, in follow-up order.
    using DecisionRows = std::vector<std::pair<std::string, sdk::Decision>>;
    static void read_decisions(const Register& from, DecisionRows& out);
    void load(const Register& store);
    const Area* area(std::string_view id) const;
    Area& area_for_update(std::string_view id);
    const Entry* entry(std::string_view area_id, std::string_view provider) const;
    Entry& entry_for_update(std::string_view area_id, std::string_view provider);
    std::string_view id_of(const FollowUp& f) const { return {ids_.data() + f.id_at, f.id_size}; }
    const FollowUp* follow_up(std::string_view activity_id) const;
    static std::uint64_t id_key(std::string_view id) noexcept;
    void fill_activity(const FollowUp& f, const Area& area, const Entry& entry, sdk::FollowUpActivity& out) const;
    void fill_outcome(const FollowUp& f, const Area& area, const Entry& entry, sdk::FollowUpOutcome& out) const;
    std::uint32_t grade_index(std::string_view scale, std::string_view level);

    const Register& store_;
    /// While loading: "area\x1fprovider" → the entry's index in its area (entries are sorted after).
    tsl::robin_map<std::string, std::uint32_t, Vocabulary::Hash, std::equal_to<>, std::allocator<std::pair<std::string, std::uint32_t>>, true> entry_index_;
    std::string entry_key_;
    mutable std::mutex store_turn_;  ///< for findings(), steps() and stored_assessment()
    std::vector<sdk::Provider> providers_;  ///< by organisation number
    std::vector<Area> areas_;               ///< by id
    std::vector<sdk::Unit> units_;          ///< by provider, then id
    std::vector<FollowUp> follow_ups_;      ///< by id
    std::string ids_;                       ///< the follow-ups' ids, end to end
    std::vector<std::uint64_t> id_keys_;    ///< each follow-up's id_key(), as follow_ups_
    Vocabulary forms_, units_named_, inspectors_, risk_texts_, conditions_vocabulary_;
    std::vector<sdk::Grade> grades_;        ///< every (scale, level) pair met, in the order met
    std::uint32_t last_grade_ = 0;          ///< the pair grade_index() found last
    std::vector<Condition> conditions_;     ///< every finding's condition and grade, by follow-up and condition
    std::vector<Tally> tallies_;            ///< every follow-up's grades counted, by scale id, then level id
    std::vector<sdk::Decision> decisions_;  ///< by follow-up, then decided
    std::vector<sdk::Closure> closures_;
    /// The models' deficiencies, each with its follow-up's index in follow_ups_, in follow-up
    /// order: few (most follow-ups find none), so kept whole.
    std::vector<std::pair<std::uint32_t, sdk::Finding>> model_deficiencies_;
    std::vector<sdk::IndicatorValue> indicators_;  ///< by key figure, provider, period start, unit
};

}  // namespace followup::core
