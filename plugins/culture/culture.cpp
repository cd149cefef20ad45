// Kulturnämnden: the culture school.
//
// The model (seed 001): (a) the individual's satisfaction with the teaching, from customer
// surveys; (b) control of the authorization conditions; (c) the municipality's goals, as
// indicators with target values. The method is "Våga Visa kulturskola": a customer survey, a
// self-evaluation and a collegial observation for every provider each cycle.
#include <algorithm>
#include <map>

#include <followup/sdk.hpp>

#include "indicators.hpp"
#include "report_support.hpp"
#include "support.hpp"

namespace sdk = followup::sdk;
using namespace followup::models;

namespace {

/// The three parts of Våga Visa and when in the year each is done.
struct Part {
    const char* form;
    unsigned first_month, last_month;
    const char* reason;
};
constexpr Part vaga_visa[] = {
    {"kundundersokning", 3, 5, "Våga Visa: kundundersökning"},
    {"sjalvvardering", 9, 10, "Våga Visa: självvärdering"},
    {"kollegial_observation", 10, 11, "Våga Visa: kollegial observation"},
};

class CultureModel final : public sdk::BoardModel {
public:
    explicit CultureModel(sdk::HostServices& host) : host_(host) {}

    sdk::ModelDescription describe() const override {
        return {{{"kultur", "Kulturnämnden"}},
                {"kulturskola"},
                {{"kundundersokning", "Kundundersökning", false, "Våga Visa: elevers och vårdnadshavares nöjdhet"},
                 {"sjalvvardering", "Självvärdering", false, "Våga Visa: anordnarens självvärdering"},
                 {"kollegial_observation", "Kollegial observation", false, "Våga Visa: observation av lärare från andra kommuner"},
                 {"villkorskontroll", "Kontroll av auktorisationsvillkor", true, "Kontroll mot villkoren"}},
                "uppfyllt3",
                "Kulturskolan följs upp med metoden Våga Visa – kundundersökning, självvärdering och kollegial "
                "observation – samt kontroll av auktorisationsvillkoren och indikatorer med målvärden för "
                "kommunens mål och fokusområden."};
    }

    void configure(const sdk::BoardSetup& setup, sdk::ConfigReader& r) override {
        setup_ = setup;
        refuse_lov(setup, r, "the culture school");
        cycle_years_ = static_cast<int>(r.integer("cycle_years", 1, 4, false).value_or(1));
        min_answers_ = static_cast<int>(r.integer("min_answers", 1, 1000, false).value_or(5));
        targets_ = read_indicator_targets(r, {{"nojdhet_undervisning", "Nöjdhet med undervisningen", 85, true, "%"},
                                              {"nojdhet_bemotande", "Nöjdhet med bemötandet", 90, true, "%"}});
    }

    std::vector<sdk::PlannedFollowUp> plan_year(const sdk::PlanRequest& request) override {
        std::vector<sdk::PlannedFollowUp> plan;
        const sdk::Calendar& calendar = host_.calendar();
        const std::chrono::year year{request.year};
        for (const sdk::Area& area : setup_.areas) {
            host_.register_view().for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
                const sdk::Provider& provider = record.provider;
                const auto since = authorized_since(record, year / 1 / 1);
                if (!since) return;
                for (const Part& part : vaga_visa) {
                    const auto past = recent_history(host_, record, {part.form}, {}, 1);
                    if (!past.empty() && static_cast<int>(past.back().activity.done->year()) + cycle_years_ > request.year)
                        continue;  // done within the cycle
                    const sdk::Date first = year / std::chrono::month{part.first_month} / 1;
                    const sdk::Date last = calendar.period_of(sdk::PeriodKind::month, year / std::chrono::month{part.last_month} / 1).last;
                    plan.push_back({area.id, provider.org_number, "", part.form, {first, last},
                                    std::string(part.reason) + (cycle_years_ > 1 ? " (var " + std::to_string(cycle_years_) + ":e år)" : ""),
                                    sdk::Trigger::planned});
                }
                const sdk::ScheduleRule rule = rule_or_default(area.id);
                const auto past = recent_history(host_, record, {"villkorskontroll"}, {}, 2);
                if (auto due = due_in_year(next_due(past, rule, since, calendar), request.year, calendar))
                    plan.push_back({area.id, provider.org_number, "", "villkorskontroll", due->window, due->reason,
                                    sdk::Trigger::planned});
            });
        }
        return plan;
    }

    sdk::Assessment assess(const sdk::FollowUpRecord& record) override {
        return completed(setup_, host_.calendar(), record, judge(record));
    }

    /// The model's own judgement; completed() adds the legal ground and the re-check window.
    sdk::Assessment judge(const sdk::FollowUpRecord& record) {
        if (!record.activity.done) throw sdk::InvalidArgument("follow-up '" + record.activity.id + "' has no date done");
        const sdk::Date done = *record.activity.done;
        sdk::Assessment result;
        std::vector<std::string> notes;
        // Indicators are compared with their targets and reported; a missed target is a reason
        // for the quality dialogue, never a deficiency (those are graded on the condition scale).
        std::vector<std::string> missed;
        // How many targets the survey could be judged against: a target with too few answers (or
        // no values) is not judged, so a survey where none could be is "kunde inte bedömas", never
        // "målvärdena uppnådda" (DOMAIN: never show a figure from so few answers that a person
        // could be identified; nor can it be said to reach its target).
        std::size_t judged = 0, unjudged = 0;
        const bool survey = record.activity.form_id == "kundundersokning";
        if (survey) {
            std::vector<IndicatorResult> results;
            for (const auto& target : targets_)
                results.push_back(indicator_result(host_.register_view(), record.provider.org_number, target,
                                                   static_cast<int>(done.year()), min_answers_));
            for (const auto& f : indicator_findings(results, record.activity.id, notes)) {
                ++judged;
                if (f.grade.level_id == "ej_uppnatt") missed.push_back(f.text);
            }
            unjudged = results.size() - judged;
        }
        int worst = 0;
        for (const auto& f : record.findings) {
            const sdk::GradingScale* scale = host_.scale(f.grade.scale_id);
            if (scale == nullptr) throw sdk::InvalidArgument("finding graded on unknown scale '" + f.grade.scale_id + "'");
            if (scale->is_deficiency(f.grade.level_id)) {
                result.deficiencies.push_back(f);
                worst = std::max(worst, scale->deficiency_severity(f.grade.level_id));
            }
        }
        const sdk::Calendar& calendar = host_.calendar();
        std::string note_text;
        for (const auto& n : notes) note_text += " " + n + ".";
        std::string missed_text;
        for (const auto& m : missed) missed_text += (missed_text.empty() ? " Målvärde ej uppnått: " : "; ") + m;
        if (!missed_text.empty()) missed_text += ". Tas upp i kvalitetsdialogen.";
        if (record.activity.form_id != "villkorskontroll") {
            // Våga Visa's surveys, self-evaluations and observations feed the dialogue; a breach
            // of the conditions is found by the check of the conditions.
            const bool none_judged = survey && judged == 0;
            std::string met = "målvärdena uppnådda";
            if (survey && unjudged > 0) met += " (" + std::to_string(unjudged) + " av " + std::to_string(judged + unjudged) + " kunde inte bedömas)";
            result.proposed = {result.deficiencies.empty() ? sdk::DecisionKind::no_action : sdk::DecisionKind::pointed_out,
                               false, std::nullopt,
                               !result.deficiencies.empty() ? "tas upp i kvalitetsdialogen"
                               : none_judged                ? "kunde inte bedömas: för få svar eller inga värden"
                               : missed.empty()             ? met
                                                            : "resultat under målvärdet: dialog med anordnaren"};
            result.next_due = calendar.add_years(done, cycle_years_);
            result.explanation = (none_judged ? std::string("Målvärdena kunde inte bedömas.")
                                              : std::to_string(missed.size()) + " målvärde(n) ej uppnådda.") + missed_text + note_text;
            // The unit's next follow-up is the earliest it owes: the check of the conditions (a
            // re-check of a deficiency, or the cycle's) stays due whatever the provider evaluates
            // of itself meanwhile. Without it, the provider's own self-evaluation postponed an
            // open re-check by a year, and `status` no longer showed it late (issue 29).
            const auto conditions = history_before(host_, record, {"villkorskontroll"});
            if (!conditions.empty()) {
                const Due check = next_due(conditions, rule_or_default(record.activity.area_id), std::nullopt, calendar);
                if (check.window.last < *result.next_due) {
                    result.next_due = check.window.last;
                    result.explanation += " Kontrollen av villkoren är fortfarande " + check.reason + ".";
                }
            }
            return result;
        }
        const auto past = history_before(host_, record, {"villkorskontroll"});
        auto with_self = past;
        with_self.push_back({record.activity, {}, worst});
        const sdk::ScheduleRule rule = rule_or_default(record.activity.area_id);
        const Due due = next_due(with_self, rule, std::nullopt, calendar);
        result.next_due = due.window.last;
        if (result.deficiencies.empty()) {
            result.proposed = {sdk::DecisionKind::no_action, false, std::nullopt, "villkoren uppfyllda"};
            result.explanation = "Villkoren uppfyllda. Nästa kontroll senast " + iso(due.window.last) + ".";
            return result;
        }
        const sdk::SanctionLadder ladder = ladder_or(setup_, record.activity.area_id, lov_ladder);
        const sdk::DecisionKind kind = record.provider.ownership == sdk::Ownership::municipal
                                           ? sdk::DecisionKind::pointed_out
                                           : next_on_ladder(ladder, past, worst >= 2);
        // A revocation ends the authorization: no deadline to remedy and no re-check (seed 001:
        // "Om det uppstår exempelvis brister i verksamheten kan kommunen återkalla auktorisationen").
        const bool revocation = kind == sdk::DecisionKind::revocation;
        result.proposed = {kind, false, revocation ? std::nullopt : std::optional(remedy_deadline(rule, done, calendar)),
                           "brister mot auktorisationsvillkoren"};
        with_self.back().decisions.push_back(result.proposed);
        const Due recheck = next_due(with_self, rule, std::nullopt, calendar);
        result.next_due = revocation ? std::nullopt : std::optional(recheck.window.last);
        result.explanation = std::to_string(result.deficiencies.size()) + " brist(er) mot villkoren; förslag: " + decision_text(kind) +
                             (revocation ? "" : "; åtgärdas senast " + iso(*result.proposed.deadline) + ". Uppföljning " + recheck.reason) + ".";
        return result;
    }

    sdk::BoardSection write_section(const sdk::SectionRequest& request) override {
        sdk::BoardSection section = board_section(setup_, describe().summary);
        const auto lang = request.language;
        sdk::Table table{tr(lang, "Indikatorer och målvärden", "Indicators and targets"),
                         {tr(lang, "Anordnare", "Provider"), tr(lang, "Indikator", "Indicator"), tr(lang, "Värde", "Value"),
                          tr(lang, "Målvärde", "Target"), tr(lang, "Uppnått", "Achieved"), tr(lang, "Svar", "Answers")},
                         {}};
        std::map<std::string, std::pair<double, int>> satisfaction;  // indicator → (sum of value*answers, answers)
        for (const sdk::Area& area : setup_.areas)
            for (const auto& provider : host_.register_view().providers_in_area(area.id))
                for (const auto& target : targets_) {
                    const auto r = indicator_result(host_.register_view(), provider.org_number, target, request.year, min_answers_);
                    if (!r.value) continue;
                    // Too few answers: the figure is not shown (".." as in Swedish statistics).
                    table.rows.push_back({provider.name, target.name, r.too_few ? ".." : format_value(*r.value, target.unit, lang),
                                          format_value(target.target, target.unit, lang),
                                          r.too_few ? ".." : (r.achieved() ? tr(lang, "ja", "yes") : tr(lang, "nej", "no")),
                                          r.answers > 0 ? std::to_string(r.answers) : "-"});
                    if (!r.too_few && r.answers > 0) {
                        satisfaction[target.name].first += *r.value * r.answers;
                        satisfaction[target.name].second += r.answers;
                    }
                }
        section.tables.push_back(std::move(table));
        for (const auto& [name, sums] : satisfaction)
            section.paragraphs.push_back(tr(lang, "Samlat för kulturskolan: ", "The culture school overall: ") + name + " " +
                                         format_value(sums.first / sums.second, "%", lang) + " (" + std::to_string(sums.second) +
                                         tr(lang, " svar)", " answers)"));
        return section;
    }

    std::vector<sdk::RequirementClaim> regulation_claims() const override {
        return {
            {sdk::Requirement::good_quality,
             "Kundundersökning, självvärdering och kollegial observation varje cykel, och indikatorer med målvärden "
             "för kommunens mål.",
             {"form:kundundersokning", "form:sjalvvardering", "form:kollegial_observation", "model:indicators"}},
            {sdk::Requirement::uniform_assessment,
             "Samma metod (Våga Visa) och samma målvärden för alla anordnare; villkoren bedöms lika på villkorsskalan, indikatorerna mot sina målvärden.",
             {"scale:uppfyllt3", "form:villkorskontroll", "model:indicators"}},
            {sdk::Requirement::predictable,
             "Årets delar ligger på fasta tider: kundundersökning på våren, självvärdering och kollegial observation på "
             "hösten.",
             {"schedule"}},
        };
    }

private:
    sdk::ScheduleRule rule_or_default(const std::string& area) const {
        if (const auto* rule = rule_for(setup_, area, "villkorskontroll")) return *rule;
        return {area, "villkorskontroll", 24, 1, 6, 12, 12, std::nullopt};
    }

    sdk::HostServices& host_;
    sdk::BoardSetup setup_;
    int cycle_years_ = 1;
    int min_answers_ = 5;
    std::vector<IndicatorTarget> targets_;
};

}  // namespace

FOLLOWUP_EXPORT_PLUGIN(CultureModel)
