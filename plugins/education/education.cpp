// Utbildningsnämnden: preschool and pedagogical care.
//
// The model (seed 001): supervision (tillsyn) of independent units and insyn of municipal ones
// — the same review on the same four-level scale, but insyn never proposes a sanction, it points
// deficiencies out. Every 2 years while compliant; a deficiency re-checked within 1-6 months;
// remedied → next supervision 1 year after the re-check; persisting → the next step of the
// Education Act's ladder, where a second serious maladministration within two years makes
// revocation available. Targeted supervision of pedagogical care checks criminal-record extracts
// for everyone registered at the address and the liability insurance.
#include <algorithm>
#include <map>
#include <set>

#include <followup/sdk.hpp>

#include "report_support.hpp"
#include "support.hpp"

namespace sdk = followup::sdk;
using namespace followup::models;

namespace {

constexpr const char* scale_id = "tillsyn4";

class EducationModel final : public sdk::BoardModel {
public:
    explicit EducationModel(sdk::HostServices& host) : host_(host) {}

    sdk::ModelDescription describe() const override {
        std::vector<std::string> areas;
        for (const auto& a : setup_.areas) areas.push_back(a.id);
        if (areas.empty()) areas = {"forskola", "pedagogisk_omsorg"};
        return {{{"utbildning", "Utbildningsnämnden"}},
                areas,
                {{"tillsyn", "Tillsyn", true, "Tillsyn av fristående förskolor och pedagogisk omsorg"},
                 {"insyn", "Insyn", false, "Samma granskning av kommunala förskolor, utan sanktioner"},
                 {"riktad_tillsyn", "Riktad tillsyn", true, "Registerutdrag och ansvarsförsäkring i pedagogisk omsorg"}},
                scale_id,
                "Tillsyn av fristående och insyn i kommunala förskolor och pedagogisk omsorg vartannat år på en "
                "fyrgradig skala. Brister följs upp inom en till sex månader; åtgärdade brister ger ny tillsyn efter "
                "ett år, kvarstående brister en ny anmärkning eller ett föreläggande. Riktad tillsyn av pedagogisk "
                "omsorg: registerutdrag för alla folkbokförda på adressen och ansvarsförsäkring."};
    }

    void configure(const sdk::BoardSetup& setup, sdk::ConfigReader& r) override {
        setup_ = setup;
        refuse_lov(setup, r, "preschool and pedagogical care (the Education Act governs them)");
        record_max_age_months_ = static_cast<int>(r.integer("criminal_record_max_age_months", 1, 60, false).value_or(12));
        targeted_areas_ = r.strings("targeted_supervision_areas", false);
        if (!r.contains("targeted_supervision_areas")) targeted_areas_ = {"pedagogisk_omsorg"};
        for (std::size_t i = 0; i < targeted_areas_.size(); ++i)
            if (!has_area(targeted_areas_[i]))
                r.error("targeted_supervision_areas[" + std::to_string(i) + "]",
                        "names area '" + targeted_areas_[i] + "', which is not one of the board's areas");
        record_condition_ = r.string("criminal_record_condition", false).value_or("registerutdrag_adressen");
        insurance_condition_ = r.string("insurance_condition", false).value_or("ansvarsforsakring");
        registered_key_ = r.string("registered_persons_key", false).value_or("folkbokforda_adressen");
        for (const auto& [key, id] : {std::pair{"criminal_record_condition", record_condition_},
                                      std::pair{"insurance_condition", insurance_condition_}})
            if (std::none_of(setup_.conditions.begin(), setup_.conditions.end(), [&](const auto& c) { return c.id == id; }))
                r.error(key, "names condition '" + id + "', which is not among the board's conditions");
    }

    std::vector<sdk::PlannedFollowUp> plan_year(const sdk::PlanRequest& request) override {
        std::vector<sdk::PlannedFollowUp> plan;
        const sdk::Calendar& calendar = host_.calendar();
        for (const sdk::Area& area : setup_.areas) {
            const bool targeted = std::find(targeted_areas_.begin(), targeted_areas_.end(), area.id) != targeted_areas_.end();
            // The condition-timing table: what every supervision of the area must look at, the
            // council's general conditions included (a tillsyn of an authorized provider; an insyn
            // of the municipality's own preschool has no authorization to check them against).
            std::string to_check;
            for (const sdk::AuthorizationCondition& c : setup_.conditions)
                if (c.area_id == area.id &&
                    std::find(c.checked.begin(), c.checked.end(), sdk::CheckPoint::at_supervision) != c.checked.end())
                    // By the condition's words, not its id: the reason is read by the inspector
                    // in the plan and the calendar.
                    to_check += (to_check.empty() ? "; villkor att bedöma: " : "; ") +
                                (c.text.ends_with('.') ? c.text.substr(0, c.text.size() - 1) : c.text);
            std::string general_to_check;  // what a tillsyn adds: the general conditions at every supervision
            for (const sdk::AuthorizationCondition& c : setup_.conditions)
                if (c.area_id.empty() &&
                    std::find(c.checked.begin(), c.checked.end(), sdk::CheckPoint::at_supervision) != c.checked.end())
                    general_to_check += (to_check.empty() && general_to_check.empty() ? "; villkor att bedöma: " : "; ") +
                                        (c.text.ends_with('.') ? c.text.substr(0, c.text.size() - 1) : c.text);
            const sdk::ScheduleRule municipal_rule = rule_or_default(area.id, "insyn"), private_rule = rule_or_default(area.id, "tillsyn");
            host_.register_view().for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
                const sdk::Provider& provider = record.provider;
                // Ended or revoked before the year: nothing more to follow up.
                const auto since = authorized_since(record, std::chrono::year{request.year} / 1 / 1);
                if (!since) return;
                const bool municipal = provider.ownership == sdk::Ownership::municipal;
                const std::string form = municipal ? "insyn" : "tillsyn";
                const sdk::ScheduleRule& rule = municipal ? municipal_rule : private_rule;
                // The units of this area only: record.units holds the provider's units in every
                // area, and the municipality is one provider whose units run home care, LSS and
                // the culture school beside its preschools. A unit whose area is not known is
                // kept (the register cannot tell it is elsewhere).
                std::vector<std::string> units;
                for (const auto& unit : record.units)
                    if (unit.area_id.empty() || unit.area_id == area.id) units.push_back(unit.id);
                if (units.empty()) units.push_back("");
                for (const std::string& unit : units) {
                    const auto past = recent_history(host_, record, {"tillsyn", "insyn"}, unit, 2);
                    if (auto due = due_in_year(next_due(past, rule, since, calendar), request.year, calendar))
                        plan.push_back({area.id, provider.org_number, unit, form, due->window,
                                        due->reason + to_check + (municipal ? std::string() : general_to_check),
                                        sdk::Trigger::planned});
                }
                // Targeted supervision is of each address where the care is given: every unit,
                // once a year, and re-checked within the window after a deficiency.
                if (targeted && !municipal)
                    for (const std::string& unit : units) {
                        const auto past = recent_history(host_, record, {"riktad_tillsyn"}, unit, 2);
                        if (!past.empty() && past.back().deficient()) {
                            if (auto due = due_in_year(next_due(past, rule, since, calendar), request.year, calendar))
                                plan.push_back({area.id, provider.org_number, unit, "riktad_tillsyn", due->window,
                                                "omprövning efter riktad tillsyn: " + due->reason, sdk::Trigger::planned});
                            continue;
                        }
                        plan.push_back({area.id, provider.org_number, unit, "riktad_tillsyn",
                                        calendar.period_of(sdk::PeriodKind::year, std::chrono::year{request.year} / 1 / 1),
                                        "riktad tillsyn: registerutdrag för alla folkbokförda på adressen och ansvarsförsäkring",
                                        sdk::Trigger::planned});
                    }
            });
        }
        return plan;
    }

    sdk::Assessment assess(const sdk::FollowUpRecord& record) override {
        sdk::Assessment a = judge(record);
        if (!a.missing_steps.empty()) {
            std::string list;
            for (const auto& m : a.missing_steps) list += (list.empty() ? "”" : "”, ”") + m.substr(m.find(": ") + 2);
            a.explanation += " Ofullständig tillsyn: villkorstabellen anger att villkoren " + list + "” ska bedömas vid varje tillsyn, men " +
                             (a.missing_steps.size() == 1 ? "det bedömdes inte." : "de bedömdes inte.");
        }
        return completed(setup_, host_.calendar(), record, std::move(a));
    }

    /// The model's own judgement; completed() adds the legal ground and the re-check window.
    sdk::Assessment judge(const sdk::FollowUpRecord& record) {
        const sdk::GradingScale& scale = *host_.scale(scale_id);
        if (!record.activity.done) throw sdk::InvalidArgument("follow-up '" + record.activity.id + "' has no date done");
        const sdk::Date done = *record.activity.done;
        const sdk::Calendar& calendar = host_.calendar();

        sdk::Assessment result;
        std::vector<std::string> grades;
        for (const sdk::Finding& f : record.findings) {
            if (f.grade.scale_id != scale_id) continue;
            grades.push_back(f.grade.level_id);
            if (scale.is_deficiency(f.grade.level_id)) result.deficiencies.push_back(f);
        }
        for (sdk::Finding& f : targeted_findings(record)) {
            grades.push_back(f.grade.level_id);
            result.deficiencies.push_back(std::move(f));
        }

        // Seed 001: "Av en särskild tabell i utbildningsnämndens modell för uppföljning framgår när
        // respektive auktorisationsvillkor ska följas upp." A tillsyn or insyn that did not look at a
        // condition the table puts at every supervision is incomplete, and says which.
        const bool insyn = record.activity.form_id == "insyn" || record.provider.ownership == sdk::Ownership::municipal;
        const sdk::ScheduleRule rule = rule_or_default(record.activity.area_id, insyn ? "insyn" : "tillsyn");
        const auto past = history_before(host_, record, {"tillsyn", "insyn", "riktad_tillsyn"}, record.activity.unit_id);
        if (record.activity.form_id == "tillsyn" || record.activity.form_id == "insyn") {
            std::set<std::string> looked_at;
            for (const sdk::Finding& f : record.findings) looked_at.insert(f.condition_id);
            // After a deficient follow-up this one is its re-check ("Brister följs upp inom en till
            // sex månader"): it is complete when it looks at what was deficient, not at the whole table.
            std::optional<std::set<std::string>> rechecked;
            if (!past.empty() && past.back().deficient()) {
                rechecked.emplace();
                for (const sdk::Finding& f : host_.register_view().findings(past.back().activity.id))
                    if (f.grade.scale_id == scale_id && scale.is_deficiency(f.grade.level_id)) rechecked->insert(f.condition_id);
            }
            // A tillsyn of an authorized provider also looks at the council's general conditions
            // the table puts at every supervision (seed 001's table; issue 29): an insyn of the
            // municipality's own preschool has no authorization to hold them against.
            for (const sdk::AuthorizationCondition& c : setup_.conditions)
                if ((c.area_id == record.activity.area_id || (c.area_id.empty() && !insyn)) &&
                    std::find(c.checked.begin(), c.checked.end(), sdk::CheckPoint::at_supervision) != c.checked.end() &&
                    !looked_at.contains(c.id) && c.id != record_condition_ && c.id != insurance_condition_ &&
                    (!rechecked || rechecked->contains(c.id)))
                    // By the condition's words: the officer reads it in `assess` and the board in its appendix.
                    result.missing_steps.push_back("villkor: " + (c.text.ends_with('.') ? c.text.substr(0, c.text.size() - 1) : c.text));
        }

        PastFollowUp self{record.activity, {}, 0};
        if (!result.deficiencies.empty()) self.worst_severity = std::max(1, scale.worst(grades).severity);
        // The case so far: the run of deficient follow-ups just before this one (a deficiency that
        // persists at its re-check is the same case, not a new occasion).
        std::vector<const PastFollowUp*> case_so_far;
        for (auto it = past.rbegin(); it != past.rend() && it->deficient(); ++it) case_so_far.insert(case_so_far.begin(), &*it);
        std::optional<sdk::Date> given_deadline;
        std::optional<sdk::DecisionKind> taken;
        for (const PastFollowUp* p : case_so_far)
            for (const auto& d : p->decisions) {
                if (d.deadline) given_deadline = d.deadline;
                if (!taken || *taken < d.kind) taken = d.kind;
            }

        auto due_after = [&](std::optional<sdk::Decision> proposal) {
            auto with_self = past;
            with_self.push_back(self);
            if (proposal) with_self.back().decisions.push_back(*proposal);
            return next_due(with_self, rule, std::nullopt, calendar);
        };

        if (result.deficiencies.empty()) {
            const Due due = due_after(std::nullopt);
            result.next_due = due.window.last;
            result.proposed = {sdk::DecisionKind::no_action, false, std::nullopt,
                               case_so_far.empty() ? "inga brister" : "bristerna är åtgärdade"};
            result.explanation = std::string(case_so_far.empty() ? "Inga brister." : "Bristerna är åtgärdade.") +
                                 " Nästa uppföljning " + (due.window.first == due.window.last ? "" : "senast ") +
                                 iso(due.window.last) + ": " + due.reason + ".";
            return result;
        }
        const bool serious = self.worst_severity >= 2;
        const std::string count = std::to_string(result.deficiencies.size()) + " brist(er)" + (serious ? ", varav allvarlig" : "");

        // Item of seed 001's process: the re-check makes "en ny bedömning" once the provider's
        // time to remedy has run out; a check before the deadline proposes nothing new.
        if (given_deadline && !(*given_deadline < done)) {
            const Due due = next_due(past, rule, std::nullopt, calendar);
            result.proposed = {sdk::DecisionKind::no_action, false, std::nullopt,
                               "tidsfristen " + iso(*given_deadline) + " har inte gått ut"};
            result.next_due = due.window.last;
            result.explanation = count + " kvarstår, men tidsfristen för att åtgärda dem (" + iso(*given_deadline) +
                                 ") har inte gått ut: inget nytt beslut. Ny bedömning " + due.reason + ".";
            return result;
        }

        const sdk::Date deadline = remedy_deadline(rule, done, calendar);
        if (insyn) {
            // Insyn: the same review, no sanction. The deficiency is pointed out and followed up.
            const sdk::Decision proposal{sdk::DecisionKind::pointed_out, false, deadline,
                                         "insyn: bristerna påtalas och enheten uppmanas att åtgärda dem"};
            const Due due = due_after(proposal);
            result.proposed = proposal;
            result.next_due = due.window.last;
            result.explanation = count + " påtalas (insyn, inga sanktioner); åtgärdas senast " + iso(deadline) +
                                 ". Uppföljning " + due.reason + ".";
            return result;
        }
        const sdk::SanctionLadder ladder = ladder_or_default(record.activity.area_id);
        auto on_ladder = [&](sdk::DecisionKind k) { return std::find(ladder.steps.begin(), ladder.steps.end(), k) != ladder.steps.end(); };
        sdk::DecisionKind kind;
        std::string why, alternative;
        if (case_so_far.empty()) {
            // A new case: a remark, or an injunction when the deficiency is serious.
            kind = serious && on_ladder(sdk::DecisionKind::injunction) ? sdk::DecisionKind::injunction : ladder.steps.front();
            why = serious ? "ny allvarlig brist" : "ny brist";
            // Education Act 26:13: serious maladministration on two separate occasions within two
            // years makes revocation available. Only the board's flagged decisions count, measured
            // from that decision's date; earlier cases only (this one is new).
            if (serious && on_ladder(sdk::DecisionKind::revocation))
                for (const auto& p : past)
                    for (const auto& d : p.decisions) {
                        const sdk::Date decided = d.decided.value_or(*p.activity.done);
                        if (d.serious_maladministration && !(decided < calendar.add_years(done, -2))) {
                            kind = sdk::DecisionKind::revocation;
                            why = "andra tillfället med allvarlig brist inom två år; nämnden bedömde missförhållandet som "
                                  "allvarligt i beslutet " + iso(decided);
                            alternative = "föreläggande";
                        }
                    }
        } else if (!taken || *taken <= sdk::DecisionKind::remark) {
            // Seed 001: "Om bristerna kvarstår ges huvudmannen en ny anmärkning eller föreläggande".
            // The model escalates when the deficiency is serious or has persisted at a second
            // re-check; otherwise a new remark. The board may record the other.
            const bool escalate = (serious || case_so_far.size() >= 2) && on_ladder(sdk::DecisionKind::injunction);
            kind = escalate ? sdk::DecisionKind::injunction : sdk::DecisionKind::remark;
            alternative = escalate ? "ny anmärkning" : "föreläggande";
            why = "bristerna kvarstår sedan " + iso(*case_so_far.front()->activity.done) +
                  (serious                    ? "; bristen är allvarlig"
                   : case_so_far.size() >= 2 ? "; kvarstår vid " + std::to_string(case_so_far.size()) + ":a uppföljningen"
                                             : "");
        } else {
            // An injunction was not complied with: the next step of the Act's ladder. Revocation
            // only when the maladministration is serious (26:13); otherwise a fine.
            kind = *taken;
            for (auto step : ladder.steps)
                if (*taken < step) { kind = step; break; }
            if (kind == sdk::DecisionKind::revocation && !serious) kind = on_ladder(sdk::DecisionKind::injunction_with_fine)
                                                                             ? sdk::DecisionKind::injunction_with_fine
                                                                             : *taken;
            why = "föreläggandet har inte följts; bristerna kvarstår sedan " + iso(*case_so_far.front()->activity.done);
        }
        const bool revocation = kind == sdk::DecisionKind::revocation;
        // The flag "allvarligt missförhållande" is the board's judgement in its decision, never
        // the proposal's: an "Allvarlig brist" does not by itself make one.
        const sdk::Decision proposal{kind, false, revocation ? std::nullopt : std::optional(deadline), why};
        const Due due = due_after(proposal);
        result.proposed = proposal;
        result.next_due = revocation ? std::nullopt : std::optional(due.window.last);
        result.explanation = count + "; " + why + ": förslag " + decision_text(kind) +
                             (alternative.empty() ? "" : " (nämnden kan i stället besluta om " + alternative + ")") +
                             (revocation ? "" : "; åtgärdas senast " + iso(deadline) + ". Uppföljning " + due.reason) + "." +
                             (serious && !revocation ? " Nämnden prövar i beslutet om missförhållandet är allvarligt." : "");
        return result;
    }

    // The section's figures are the core's (report_support.hpp): the request's year and language are not needed.
    sdk::BoardSection write_section(const sdk::SectionRequest& /*request*/) override {
        return board_section(setup_, describe().summary);
    }

    std::vector<sdk::RequirementClaim> regulation_claims() const override {
        return {
            {sdk::Requirement::good_quality,
             "Varje förskola och pedagogisk omsorg granskas mot skollagen och auktorisationsvillkoren vartannat år; "
             "brister följs upp inom en till sex månader tills de är åtgärdade.",
             {"form:tillsyn", "form:insyn", "schedule"}},
            {sdk::Requirement::uniform_assessment,
             "Samma fyrgradiga skala för alla; sanktioner enligt skollagens trappa; kommunala enheter får insyn med "
             "samma innehåll men utan sanktioner.",
             {"scale:tillsyn4", "sanction_ladders"}},
            {sdk::Requirement::predictable,
             "Årets besök följer av intervallen: enheter utan brister för två år sedan och enheter med brister förra "
             "året; villkorstabellen anger när varje villkor kontrolleras.",
             {"schedule", "conditions"}},
        };
    }

private:
    bool has_area(const std::string& id) const {
        return std::any_of(setup_.areas.begin(), setup_.areas.end(), [&](const auto& a) { return a.id == id; });
    }

    sdk::ScheduleRule rule_or_default(const std::string& area, const std::string& form) const {
        if (const auto* rule = rule_for(setup_, area, form)) return *rule;
        // The seed's rule: every 2 years; re-check within 1-6 months; 1 year after a remedy.
        return {area, form, 24, 1, 6, 12, 12, std::nullopt};
    }

    sdk::SanctionLadder ladder_or_default(const std::string& area) const {
        // The Education Act's ladder (ch. 26).
        return ladder_or(setup_, area, {sdk::DecisionKind::remark, sdk::DecisionKind::injunction,
                                        sdk::DecisionKind::injunction_with_fine, sdk::DecisionKind::revocation});
    }

    /// Findings from the evidence of a targeted supervision: a criminal-record extract for every
    /// person registered at the address, none older than the limit, and a valid liability
    /// insurance on the day of the follow-up.
    std::vector<sdk::Finding> targeted_findings(const sdk::FollowUpRecord& record) const {
        std::vector<sdk::Finding> found;
        const sdk::Date done = *record.activity.done;
        const sdk::Date oldest_allowed = host_.calendar().add_months(done, -record_max_age_months_);
        auto deficiency = [&](const std::string& condition, std::string text, std::string basis) {
            found.push_back({record.activity.id, condition, {scale_id, "allvarlig_brist"}, std::move(text), std::move(basis)});
        };
        bool any_extract = false, any_insurance = false;
        for (const sdk::Evidence& e : record.evidence) {
            if (e.condition_id == record_condition_) {
                any_extract = true;
                if (!e.dated)
                    deficiency(record_condition_, e.subject + ": registerutdrag saknas", "uppvisade handlingar");
                else if ((*e.dated < oldest_allowed))
                    deficiency(record_condition_,
                               e.subject + ": registerutdraget är daterat " + iso(*e.dated) + ", äldre än " +
                                   std::to_string(record_max_age_months_) + " månader",
                               "registerutdrag " + iso(*e.dated));
            } else if (e.condition_id == insurance_condition_) {
                any_insurance = true;
                if (!e.dated || (*e.dated < done))
                    deficiency(insurance_condition_,
                               e.dated ? "ansvarsförsäkringen gällde till " + iso(*e.dated) : "ansvarsförsäkring saknas",
                               "försäkringsbrev");
            }
        }
        if (record.activity.form_id == "riktad_tillsyn") {
            if (!any_extract)
                deficiency(record_condition_, "inga registerutdrag uppvisade för de folkbokförda på adressen", "uppvisade handlingar");
            // Everyone registered at the address must show an extract (seed 001): when the
            // register knows how many are registered — the count for the unit and year (key
            // `registered_persons_key`, never names), else the unit's own count — fewer people
            // shown is a deficiency that says how many of how many.
            int registered = 0;
            bool known = false;
            for (const auto& v : host_.register_view().indicator_series(registered_key_, record.provider.org_number))
                if ((record.activity.unit_id.empty() || v.unit_id == record.activity.unit_id) && v.period.contains(done)) {
                    registered += static_cast<int>(v.value);
                    known = true;
                }
            if (!known)
                for (const sdk::Unit& unit : host_.register_view().units_of(record.provider.org_number))
                    if ((record.activity.unit_id.empty() || unit.id == record.activity.unit_id) &&
                        (unit.area_id.empty() || unit.area_id == record.activity.area_id) && unit.registered_persons) {
                        registered += *unit.registered_persons;
                        known = true;
                    }
            std::set<std::string> shown;
            for (const sdk::Evidence& e : record.evidence)
                if (e.condition_id == record_condition_) shown.insert(e.subject);
            if (known && any_extract && static_cast<int>(shown.size()) < registered)
                deficiency(record_condition_,
                           std::to_string(registered - static_cast<int>(shown.size())) + " av " + std::to_string(registered) +
                               " folkbokförda på adressen har inte visat registerutdrag",
                           "uppvisade handlingar");
            if (!any_insurance) deficiency(insurance_condition_, "ingen ansvarsförsäkring uppvisad", "uppvisade handlingar");
        }
        return found;
    }

    sdk::HostServices& host_;
    sdk::BoardSetup setup_;
    int record_max_age_months_ = 12;
    std::vector<std::string> targeted_areas_{"pedagogisk_omsorg"};
    std::string record_condition_ = "registerutdrag_adressen";
    std::string insurance_condition_ = "ansvarsforsakring";
    std::string registered_key_ = "folkbokforda_adressen";  ///< people registered at a unit's address, per year
};

}  // namespace

FOLLOWUP_EXPORT_PLUGIN(EducationModel)
