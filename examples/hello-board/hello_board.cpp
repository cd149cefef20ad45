// A minimal, complete board plugin: one board, one area, supervision every two years on the
// four-level scale, a deficiency re-checked within six months. Copy it to start your own.
#include <algorithm>
#include <string>

#include <followup/sdk.hpp>

namespace sdk = followup::sdk;

namespace {

class HelloBoard final : public sdk::BoardModel {
public:
    explicit HelloBoard(sdk::HostServices& host) : host_(host) {}

    sdk::ModelDescription describe() const override {
        return {
            {{"hej", "Hej-nämnden"}},
            {area_},
            {{"tillsyn", "Tillsyn", true, "Besök på plats och granskning av dokument"}},
            "tillsyn4",
            "Tillsyn vartannat år; brister följs upp inom sex månader.",
        };
    }

    // The board's areas and schedule come from the municipality's configuration (`setup`); the
    // [model] table holds what only this model knows about.
    void configure(const sdk::BoardSetup& setup, sdk::ConfigReader& model) override {
        if (!setup.areas.empty()) area_ = setup.areas.front().id;
        for (const sdk::ScheduleRule& rule : setup.schedule)
            if (rule.area_id == area_) interval_months_ = rule.interval_months;
        // The reader reports a wrong type or a value out of range with the key's line; the host
        // reports every other key of the table as unknown.
        deadline_months_ = static_cast<int>(model.integer("deadline_months", 1, 12, false).value_or(deadline_months_));
    }

    // A provider is due when its last completed follow-up is `interval_months_` old, or when it
    // has none at all (a new provider is followed up in its first year).
    std::vector<sdk::PlannedFollowUp> plan_year(const sdk::PlanRequest& request) override {
        const sdk::Calendar& calendar = host_.calendar();
        const sdk::Date first = std::chrono::year{request.year} / 1 / 1;
        const sdk::Period year = calendar.period_of(sdk::PeriodKind::year, first);
        std::vector<sdk::PlannedFollowUp> plan;
        for (const sdk::Provider& provider : host_.register_view().providers_in_area(area_)) {
            std::optional<sdk::Date> last_done;
            for (const auto& activity : host_.register_view().follow_ups(provider.org_number, area_))
                if (activity.done) last_done = activity.done;
            if (last_done && std::chrono::sys_days{calendar.add_months(*last_done, interval_months_)} > std::chrono::sys_days{year.last})
                continue;
            plan.push_back({area_, provider.org_number, "", "tillsyn", year,
                            last_done ? "regelbunden tillsyn" : "ny anordnare: första tillsyn", sdk::Trigger::planned});
        }
        host_.logger().info("planned " + std::to_string(plan.size()) + " follow-ups for " + std::to_string(request.year));
        return plan;
    }

    sdk::Assessment assess(const sdk::FollowUpRecord& record) override {
        const sdk::GradingScale* scale = host_.scale("tillsyn4");
        if (scale == nullptr) throw sdk::Error("the host has no scale 'tillsyn4'");
        if (!record.activity.done) throw sdk::InvalidArgument("follow-up '" + record.activity.id + "' is not done yet");
        sdk::Assessment result;
        std::vector<std::string> grades;
        for (const sdk::Finding& finding : record.findings) {
            grades.push_back(finding.grade.level_id);
            if (scale->is_deficiency(finding.grade.level_id)) result.deficiencies.push_back(finding);
        }
        const sdk::Calendar& calendar = host_.calendar();
        if (result.deficiencies.empty()) {
            result.proposed.kind = sdk::DecisionKind::no_action;
            result.proposed.reason = "inga brister";
            result.next_due = calendar.add_months(*record.activity.done, interval_months_);
            result.explanation = "Inga brister: nästa tillsyn om " + std::to_string(interval_months_) + " månader.";
            return result;
        }
        const sdk::GradeLevel& worst = scale->worst(grades);
        const bool municipal = record.provider.ownership == sdk::Ownership::municipal;
        // Competitive neutrality: the same review for everyone, but a municipal unit is told of
        // its deficiencies (insyn) instead of being sanctioned.
        const sdk::DecisionKind kind = municipal ? sdk::DecisionKind::pointed_out
                                       : worst.severity >= 2 ? sdk::DecisionKind::injunction
                                                             : sdk::DecisionKind::remark;
        const sdk::Date deadline = calendar.next_working_day(calendar.add_months(*record.activity.done, deadline_months_));
        // Structs that may grow are built member by member, so a later SDK's new members keep
        // their defaults.
        result.proposed.kind = kind;
        result.proposed.deadline = deadline;
        result.proposed.reason = worst.label_sv;
        result.proposed.legal_ground = municipal ? "insyn: bristerna påtalas, inga sanktioner" : "auktorisationsvillkoren och avtalet (LOV)";
        result.next_due = calendar.add_months(*record.activity.done, 6);
        // The window in which the deficiencies are re-checked: what `followup status` holds the
        // case to, and the compilation counts as on time or late.
        result.recheck = sdk::Period{calendar.add_months(*record.activity.done, 1), *result.next_due};
        result.explanation = std::to_string(result.deficiencies.size()) + " brist(er), värst: " + worst.label_sv +
                             "; uppföljning inom sex månader.";
        return result;
    }

    sdk::BoardSection write_section(const sdk::SectionRequest& request) override {
        const auto providers = host_.register_view().providers_in_area(area_);
        sdk::Table table{"Anordnare", {"Organisationsnummer", "Namn"}, {}};
        for (const auto& p : providers) table.rows.push_back({p.org_number, p.name});
        return {"Hej-nämnden " + std::to_string(request.year),
                {"Hej-nämnden följer upp " + std::to_string(providers.size()) + " anordnare med tillsyn vartannat år."},
                {table},
                {}};
    }

    std::vector<sdk::RequirementClaim> regulation_claims() const override {
        return {
            {sdk::Requirement::good_quality, "Alla villkor granskas vid tillsyn vartannat år.", {"form:tillsyn"}},
            {sdk::Requirement::uniform_assessment, "Samma fyrgradiga skala och samma sanktionstrappa för alla.", {"scale:tillsyn4"}},
            {sdk::Requirement::predictable, "Intervallen står i nämndens konfiguration och i planen.", {"schedule"}},
        };
    }

private:
    sdk::HostServices& host_;
    std::string area_ = "hej_omsorg";
    int interval_months_ = 24;
    int deadline_months_ = 3;
};

}  // namespace

// hello_board_test.cpp includes this file to test HelloBoard without the host and defines
// HELLO_BOARD_NO_EXPORT first: the export line compiles only in the plugin's own build.
#ifndef HELLO_BOARD_NO_EXPORT
FOLLOWUP_EXPORT_PLUGIN(HelloBoard)
#endif
