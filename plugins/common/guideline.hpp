// The guideline social services and elder care share (seed 001): quality reviews, planned or
// triggered by a signal; quality dialogues; contract follow-up. Every review is documented in
// writing, reported to the board and communicated to the provider, and the model checks that
// each of these steps was recorded. Deficiencies climb the sanction ladder the area's conditions
// name (LOV); a municipal unit's deficiencies are pointed out, never sanctioned. Follow-up of
// individuals by case officers is counted in aggregate only.
//
// The social services plugin is this model as it stands; elder care derives from it and adds
// home care's decided-versus-delivered hours (see plugins/eldercare).
#pragma once

#include <string>
#include <vector>

#include <followup/sdk.hpp>

#include "support.hpp"

namespace followup::models {

class GuidelineModel : public sdk::BoardModel {
public:
    GuidelineModel(sdk::HostServices& host, sdk::Board board, std::vector<std::string> default_areas, std::string summary);

    sdk::ModelDescription describe() const override;
    void configure(const sdk::BoardSetup& setup, sdk::ConfigReader& model) override;
    std::vector<sdk::PlannedFollowUp> plan_year(const sdk::PlanRequest& request) override;
    sdk::Assessment assess(const sdk::FollowUpRecord& record) override;
    /// The guideline's judgement; assess() completes it with the legal ground and re-check window.
    sdk::Assessment judge(const sdk::FollowUpRecord& record);
    sdk::BoardSection write_section(const sdk::SectionRequest& request) override;
    std::vector<sdk::RequirementClaim> regulation_claims() const override;

protected:
    /// Reads the keys a derived model adds to the [model] table (the reader rejects any key no
    /// one asked for when configure() finishes).
    virtual void configure_more(sdk::ConfigReader&) {}
    /// Adjusts an assessment after the guideline's rules (e.g. a revocation proposal).
    virtual void assess_more(const sdk::FollowUpRecord&, const std::vector<PastFollowUp>&, sdk::Assessment&) {}
    /// Signs of welfare crime the model finds in `year`.
    virtual std::vector<sdk::RiskSignal> risk_signals(int) { return {}; }

    sdk::ScheduleRule rule_or_default(const std::string& area, const std::string& form) const;
    sdk::SanctionLadder ladder_or_default(const std::string& area) const;

    static inline const std::vector<std::string> review_forms{"kvalitetsgranskning", "avtalsuppfoljning"};
    static constexpr const char* scale_id = "uppfyllt3";

    sdk::HostServices& host_;
    sdk::BoardSetup setup_;

private:
    sdk::Board board_;
    std::vector<std::string> default_areas_;
    std::string summary_;
    int signal_review_days_ = 30;
    int dialogues_per_year_ = 1;
    std::vector<std::string> required_steps_{"documented", "reported_to_board", "communicated_to_provider"};
    bool steps_configured_ = false;  ///< the board's [model] names its required steps (a claim can cite it)
    std::string individual_key_ = "individuppfoljningar";
};

}  // namespace followup::models
