// A risk-based board model, written against the installed SDK only: the second example beside
// hello-board. Every unit is in a risk category with its own interval (A every 6 months, B every
// 12, C every 24 by default; the board's [model] table may change them), the model ships its own
// three-level scale, and a unit in category A gets an unannounced visit.
//
// How a unit's category is decided (after each follow-up the board records):
//   - a serious deficiency ("allvarlig_brist") now, or at the follow-up before → A
//     (a remedied serious deficiency is watched closely for a while)
//   - a deficiency ("brist") now or before, or a substantiated complaint       → B
//   - no deficiency now nor at the follow-up before                           → C
// A new provider's first follow-up comes within `first_follow_up_months` of its authorization.
#include <algorithm>
#include <map>
#include <string>

#include <followup/sdk.hpp>

namespace sdk = followup::sdk;

namespace {

constexpr const char* scale_id = "risk3";
constexpr const char* announced_form = "tillsynsbesok";
constexpr const char* unannounced_form = "oanmalt_besok";

sdk::GradingScale risk_scale() {
    return sdk::GradingScale(scale_id, "Riskbaserad tillsyn (tre nivåer)",
                             {{"utan_anmarkning", "Utan anmärkning", "No remarks", false, 0},
                              {"brist", "Brist", "Deficiency", true, 1},
                              {"allvarlig_brist", "Allvarlig brist", "Serious deficiency", true, 2}});
}

class RiskBoard final : public sdk::BoardModel {
public:
    explicit RiskBoard(sdk::HostServices& host) : host_(host) {}

    sdk::ModelDescription describe() const override {
        sdk::ModelDescription d;
        d.boards = {{"assistans", "Assistansnämnden"}};
        d.area_ids = {"personlig_assistans"};
        sdk::FollowUpForm visit{announced_form, "Tillsynsbesök", true, "Anmält besök mot auktorisationsvillkoren"};
        sdk::FollowUpForm surprise{unannounced_form, "Oanmält besök", true, "Oanmält besök hos enheter i riskkategori A"};
        surprise.unannounced = true;
        d.forms = {visit, surprise};
        d.scale_id = scale_id;
        d.summary = "Riskbaserad tillsyn: varje enhet placeras i en riskkategori (A, B eller C) efter senaste "
                    "tillsynen och följs upp med kategorins intervall; enheter i kategori A får oanmälda besök.";
        d.scales.push_back(risk_scale());
        return d;
    }

    // The [model] table: interval_months = { A = 6, B = 12, C = 24 }, first_follow_up_months,
    // recheck_months. The reader reports wrong types, values out of range and unknown keys.
    void configure(const sdk::BoardSetup& setup, sdk::ConfigReader& model) override {
        setup_ = setup;
        model.table("interval_months", false, [&](sdk::ConfigReader& intervals) {
            for (auto& [category, months] : interval_months_)
                months = static_cast<int>(intervals.integer(category, 1, 60, false).value_or(months));
        });
        first_follow_up_months_ = static_cast<int>(model.integer("first_follow_up_months", 1, 24, false).value_or(6));
        recheck_months_ = static_cast<int>(model.integer("recheck_months", 1, 12, false).value_or(3));
    }

    // The plan reads what the model said when it assessed each unit's latest follow-up (the
    // stored next due date), so a change of interval reaches the plan after `assess --all`.
    std::vector<sdk::PlannedFollowUp> plan_year(const sdk::PlanRequest& request) override {
        const sdk::Calendar& calendar = host_.calendar();
        const sdk::Period year = calendar.period_of(sdk::PeriodKind::year, std::chrono::year{request.year} / 1 / 1);
        std::vector<sdk::PlannedFollowUp> plan;
        for (const sdk::Area& area : setup_.areas)
            host_.register_view().for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
                std::optional<sdk::Date> authorized;
                for (const auto& a : record.authorizations)
                    if (a.status != sdk::AuthorizationStatus::revoked && !a.ended && (!authorized || a.granted < *authorized))
                        authorized = a.granted;
                if (!authorized) return;
                std::vector<std::string> units;
                for (const auto& u : record.units)
                    if (u.area_id.empty() || u.area_id == area.id) units.push_back(u.id);
                if (units.empty()) units.push_back("");
                for (const std::string& unit : units) {
                    const sdk::FollowUpOutcome* latest = nullptr;
                    for (const auto& o : record.follow_ups)
                        if (o.activity.unit_id == unit && o.activity.status == sdk::ActivityStatus::done && o.activity.done &&
                            (latest == nullptr || *latest->activity.done < *o.activity.done))
                            latest = &o;
                    sdk::Date due;
                    std::string reason, category;
                    if (latest == nullptr) {
                        due = calendar.add_months(*authorized, first_follow_up_months_);
                        reason = "ny anordnare: första tillsynen";
                        category = "A";
                    } else if (latest->next_due) {
                        due = *latest->next_due;
                        category = latest->risk_category;
                        reason = "riskkategori " + category + ": nästa tillsyn senast " + sdk::format_date(due);
                    } else {
                        continue;  // recorded but not yet assessed: `followup assess` first
                    }
                    if (year.last < due) continue;
                    sdk::Date from = calendar.add_months(due, -1);
                    if (from < year.first) from = year.first;
                    if (due < year.first) {
                        reason += " (försenad)";
                        due = calendar.add_months(year.first, 1);
                    }
                    plan.push_back({area.id, record.provider.org_number, unit, category == "A" ? unannounced_form : announced_form,
                                    {from, due}, reason, sdk::Trigger::planned});
                }
            });
        return plan;
    }

    sdk::Assessment assess(const sdk::FollowUpRecord& record) override {
        if (!record.activity.done) throw sdk::InvalidArgument("follow-up '" + record.activity.id + "' has no date done");
        const sdk::Date done = *record.activity.done;
        const sdk::Calendar& calendar = host_.calendar();
        const sdk::GradingScale& scale = *host_.scale(scale_id);
        sdk::Assessment result;
        int worst = 0;
        for (const sdk::Finding& f : record.findings) {
            if (f.grade.scale_id != scale_id || scale.level(f.grade.level_id) == nullptr) continue;
            if (!scale.is_deficiency(f.grade.level_id)) continue;
            result.deficiencies.push_back(f);
            worst = std::max(worst, scale.level(f.grade.level_id)->severity);
        }
        // The follow-up before this one, of the same unit, as the register has it.
        int worst_before = 0;
        std::optional<sdk::Date> previous;
        for (const auto& a : host_.register_view().follow_ups(record.provider.org_number, record.activity.area_id)) {
            if (a.id == record.activity.id || a.unit_id != record.activity.unit_id || a.status != sdk::ActivityStatus::done || !a.done ||
                !(*a.done < done) || (previous && *a.done < *previous))
                continue;
            previous = a.done;
            worst_before = 0;
            for (const auto& f : host_.register_view().findings(a.id))
                if (f.grade.scale_id == scale_id && scale.level(f.grade.level_id) != nullptr)
                    worst_before = std::max(worst_before, scale.level(f.grade.level_id)->severity);
        }
        bool substantiated_complaint = false;
        for (const auto& s : host_.register_view().signals(record.provider.org_number, record.activity.area_id))
            if (s.substantiated.value_or(false) && (s.unit_id.empty() || s.unit_id == record.activity.unit_id) &&
                calendar.add_years(done, -1) < s.received && !(done < s.received))
                substantiated_complaint = true;

        if (worst >= 2) result.risk_category = "A", result.risk_reason = "allvarlig brist vid tillsynen";
        else if (worst_before >= 2) result.risk_category = "A", result.risk_reason = "allvarlig brist vid föregående tillsyn, nu åtgärdad";
        else if (worst == 1) result.risk_category = "B", result.risk_reason = "brist vid tillsynen";
        else if (worst_before == 1) result.risk_category = "B", result.risk_reason = "brist vid föregående tillsyn, nu åtgärdad";
        else if (substantiated_complaint) result.risk_category = "B", result.risk_reason = "befogat klagomål under året";
        else result.risk_category = "C", result.risk_reason = "inga brister vid de två senaste tillsynerna";

        const int interval = interval_months_.at(result.risk_category);
        const bool municipal = record.provider.ownership == sdk::Ownership::municipal;
        if (result.deficiencies.empty()) {
            result.next_due = calendar.add_months(done, interval);
            result.proposed.kind = sdk::DecisionKind::no_action;
            result.proposed.reason = "inga brister";
        } else {
            const sdk::Date deadline = calendar.next_working_day(calendar.add_months(done, recheck_months_));
            result.recheck = sdk::Period{calendar.add_months(done, 1), deadline};
            result.next_due = deadline;  // the re-check comes first
            result.proposed.kind = municipal ? sdk::DecisionKind::pointed_out
                                   : worst >= 2 ? sdk::DecisionKind::injunction
                                                : sdk::DecisionKind::remark;
            result.proposed.deadline = deadline;
            result.proposed.reason = worst >= 2 ? "allvarlig brist mot auktorisationsvillkoren" : "brist mot auktorisationsvillkoren";
            result.proposed.legal_ground = municipal ? "insyn i kommunens egen verksamhet: bristerna påtalas"
                                                     : "auktorisationsvillkoren och avtalet (LOV)";
        }
        result.explanation = "Riskkategori " + result.risk_category + " (" + result.risk_reason + "): tillsyn var " +
                             std::to_string(interval) + ":e månad. " +
                             (result.deficiencies.empty() ? "Nästa tillsyn senast " + sdk::format_date(*result.next_due) + "."
                                                          : std::to_string(result.deficiencies.size()) +
                                                                " brist(er) följs upp senast " + sdk::format_date(*result.next_due) + ".");
        return result;
    }

    sdk::BoardSection write_section(const sdk::SectionRequest& request) override {
        sdk::BoardSection section;
        section.title = "Assistansnämnden";
        std::map<std::string, int> units;
        for (const sdk::Area& area : setup_.areas)
            host_.register_view().for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
                std::map<std::string, const sdk::FollowUpOutcome*> latest;  // unit → its latest assessed follow-up
                for (const auto& o : record.follow_ups)
                    if (o.next_due && o.activity.done &&
                        (!latest[o.activity.unit_id] || *latest[o.activity.unit_id]->activity.done < *o.activity.done))
                        latest[o.activity.unit_id] = &o;
                for (const auto& [unit, o] : latest)
                    if (o != nullptr) ++units[o->risk_category];
            });
        const bool sv = request.language == sdk::Language::sv;
        section.paragraphs.push_back(sv ? "Tillsynen följer enheternas riskkategori: A var " + std::to_string(interval_months_.at("A")) +
                                              ":e, B var " + std::to_string(interval_months_.at("B")) + ":e och C var " +
                                              std::to_string(interval_months_.at("C")) + ":e månad."
                                        : "Supervision follows each unit's risk category: A every " +
                                              std::to_string(interval_months_.at("A")) + ", B every " +
                                              std::to_string(interval_months_.at("B")) + " and C every " +
                                              std::to_string(interval_months_.at("C")) + " months.");
        sdk::Table table{sv ? "Enheter per riskkategori" : "Units by risk category",
                         {sv ? "Kategori" : "Category", sv ? "Enheter" : "Units"}, {}};
        for (const auto& [category, n] : units) table.rows.push_back({category, std::to_string(n)});
        section.tables.push_back(std::move(table));
        return section;
    }

    std::vector<sdk::RequirementClaim> regulation_claims() const override {
        return {
            {sdk::Requirement::good_quality, "Tätare tillsyn där risken är störst: kategori A var sjätte månad, med oanmälda besök.",
             {"form:tillsynsbesok", "form:oanmalt_besok", "model:interval_months"}},
            {sdk::Requirement::uniform_assessment, "En gemensam tregradig skala och samma regler för kategori och beslut för alla enheter.",
             {"scale:risk3"}},
            {sdk::Requirement::predictable, "Kategorierna och deras intervall är beslutade av nämnden och kända av anordnarna.",
             {"model:interval_months"}},
        };
    }

private:
    sdk::HostServices& host_;
    sdk::BoardSetup setup_;
    std::map<std::string, int> interval_months_{{"A", 6}, {"B", 12}, {"C", 24}};
    int first_follow_up_months_ = 6;
    int recheck_months_ = 3;
};

}  // namespace

FOLLOWUP_EXPORT_PLUGIN(RiskBoard)
