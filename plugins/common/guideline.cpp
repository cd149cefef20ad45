#include "guideline.hpp"

#include <algorithm>
#include <array>
#include <map>

#include "report_support.hpp"

namespace followup::models {

GuidelineModel::GuidelineModel(sdk::HostServices& host, sdk::Board board, std::vector<std::string> default_areas,
                               std::string summary)
    : host_(host), board_(std::move(board)), default_areas_(std::move(default_areas)), summary_(std::move(summary)) {}

sdk::ModelDescription GuidelineModel::describe() const {
    std::vector<std::string> areas;
    for (const auto& a : setup_.areas) areas.push_back(a.id);
    if (areas.empty()) areas = default_areas_;
    return {{board_},
            areas,
            {{"kvalitetsgranskning", "Kvalitetsgranskning", true, "Planerad eller påkallad granskning mot villkoren"},
             {"kvalitetsdialog", "Kvalitetsdialog", false, "Dialog med anordnaren om kvalitet och utveckling"},
             {"avtalsuppfoljning", "Avtalsuppföljning", true, "Uppföljning av auktorisationsvillkor och avtal"}},
            scale_id,
            summary_};
}

void GuidelineModel::configure(const sdk::BoardSetup& setup, sdk::ConfigReader& r) {
    setup_ = setup;
    signal_review_days_ = static_cast<int>(r.integer("signal_review_days", 1, 365, false).value_or(30));
    dialogues_per_year_ = static_cast<int>(r.integer("dialogues_per_year", 0, 4, false).value_or(1));
    steps_configured_ = r.contains("required_steps");
    if (steps_configured_) required_steps_ = r.strings("required_steps", false);
    individual_key_ = r.string("individual_followup_key", false).value_or("individuppfoljningar");
    configure_more(r);
}

sdk::ScheduleRule GuidelineModel::rule_or_default(const std::string& area, const std::string& form) const {
    if (const auto* rule = rule_for(setup_, area, form)) return *rule;
    // Quality reviews every second year, contract follow-up every year; a deficiency re-checked
    // within 1-3 months.
    return {area, form, form == "avtalsuppfoljning" ? 12 : 24, 1, 3, 12, 12, signal_review_days_};
}

sdk::SanctionLadder GuidelineModel::ladder_or_default(const std::string& area) const { return ladder_or(setup_, area, lov_ladder); }

std::vector<sdk::PlannedFollowUp> GuidelineModel::plan_year(const sdk::PlanRequest& request) {
    std::vector<sdk::PlannedFollowUp> plan;
    const sdk::Calendar& calendar = host_.calendar();
    const sdk::Date jan1 = std::chrono::year{request.year} / 1 / 1;
    const sdk::Period year = calendar.period_of(sdk::PeriodKind::year, jan1);
    for (const sdk::Area& area : setup_.areas) {
        // The area's rules, once per area rather than per provider.
        const std::array<std::pair<std::string, sdk::ScheduleRule>, 2> rules{
            std::pair{std::string("kvalitetsgranskning"), rule_or_default(area.id, "kvalitetsgranskning")},
            std::pair{std::string("avtalsuppfoljning"), rule_or_default(area.id, "avtalsuppfoljning")}};
        const int days = rules[0].second.signal_days.value_or(signal_review_days_);
        host_.register_view().for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
            const sdk::Provider& provider = record.provider;
            const auto since = authorized_since(record, jan1);
            if (!since) return;
            const auto past = history_in_place(host_, record, review_forms);
            for (const auto& [form, rule] : rules) {
                // The follow-ups of this form: next_due reads only the last two, so only they are
                // copied (a copy of the whole history per form was a tenth of a national
                // compilation's model time). A deficiency is re-checked once, by a follow-up of
                // the form that found it (the form that remedies its case): counted in every
                // form's history, one deficiency planned a re-check of each form (issue 29).
                const auto form_past = last_two(past, [&](const PastInPlace& p) { return p.activity().form_id == form; });
                if (auto due = due_in_year(next_due(form_past, rule, since, calendar), request.year, calendar))
                    plan.push_back({area.id, provider.org_number, "", form, due->window, std::move(due->reason), sdk::Trigger::planned});
            }
            for (int i = 0; i < dialogues_per_year_; ++i) {
                const int months = 12 / dialogues_per_year_;
                const sdk::Date first = calendar.add_months(jan1, i * months);
                plan.push_back({area.id, provider.org_number, "", "kvalitetsdialog",
                                {first, calendar.add_days(calendar.add_months(first, months), -1)},
                                "kvalitetsdialog " + std::to_string(i + 1) + " av " + std::to_string(dialogues_per_year_),
                                sdk::Trigger::planned});
            }
            // A signal opens a review within the configured days, unless one was done since.
            for (const sdk::Signal& signal : record.signals) {
                const sdk::Date by = calendar.add_days(signal.received, days);
                if ((by < year.first) || (year.last < signal.received)) continue;
                const bool reviewed = std::any_of(past.begin(), past.end(), [&](const PastInPlace& p) {
                    return p.activity().form_id == "kvalitetsgranskning" && !(*p.activity().done < signal.received);
                });
                if (reviewed) continue;
                plan.push_back({area.id, provider.org_number, "", "kvalitetsgranskning", {signal.received, by},
                                "påkallad granskning: " + std::string(sdk::to_string(signal.kind)) + " " +
                                    iso(signal.received) + ", inom " + std::to_string(days) + " dagar",
                                sdk::Trigger::signal});
            }
        });
    }
    return plan;
}

sdk::Assessment GuidelineModel::assess(const sdk::FollowUpRecord& record) {
    return completed(setup_, host_.calendar(), record, judge(record));
}

sdk::Assessment GuidelineModel::judge(const sdk::FollowUpRecord& record) {
    if (!record.activity.done) throw sdk::InvalidArgument("follow-up '" + record.activity.id + "' has no date done");
    const sdk::Date done = *record.activity.done;
    const sdk::Calendar& calendar = host_.calendar();
    sdk::Assessment result;
    std::vector<std::string> grades;
    int worst = 0;
    for (const sdk::Finding& f : record.findings) {
        const sdk::GradingScale* scale = host_.scale(f.grade.scale_id);
        if (scale == nullptr) throw sdk::InvalidArgument("finding graded on unknown scale '" + f.grade.scale_id + "'");
        if (!scale->is_deficiency(f.grade.level_id)) continue;
        result.deficiencies.push_back(f);
        worst = std::max(worst, scale->deficiency_severity(f.grade.level_id));
    }
    // Documented in writing, reported to the board, communicated to the provider.
    for (const auto& step : required_steps_)
        if (std::none_of(record.steps.begin(), record.steps.end(), [&](const auto& s) { return s.step == step; }))
            result.missing_steps.push_back(step);

    const auto past = history_before(host_, record, review_forms);
    const std::string form = record.activity.form_id == "kvalitetsdialog" ? "kvalitetsgranskning" : record.activity.form_id;
    const sdk::ScheduleRule rule = rule_or_default(record.activity.area_id, form);
    auto due_with = [&](std::optional<sdk::Decision> proposal) {
        auto with_self = past;
        with_self.push_back({record.activity, {}, worst});
        if (proposal) with_self.back().decisions.push_back(*proposal);
        return next_due(with_self, rule, std::nullopt, calendar);
    };
    // The deadline the provider was given in the case so far (the run of deficient reviews just
    // before this one): a re-check before it has passed proposes nothing new.
    std::optional<sdk::Date> given_deadline;
    for (auto it = past.rbegin(); it != past.rend() && it->deficient(); ++it)
        for (const auto& d : it->decisions)
            if (d.deadline && (!given_deadline || *given_deadline < *d.deadline)) given_deadline = d.deadline;

    std::string steps_note;
    for (const auto& s : result.missing_steps) steps_note += (steps_note.empty() ? " Saknade steg: " : ", ") + s;
    if (!steps_note.empty()) steps_note += ".";

    if (result.deficiencies.empty()) {
        const Due due = due_with(std::nullopt);
        result.next_due = due.window.last;
        result.proposed = {sdk::DecisionKind::no_action, false, std::nullopt, "villkoren uppfyllda"};
        result.explanation = "Inga brister. Nästa uppföljning senast " + iso(due.window.last) + "." + steps_note;
    } else if (given_deadline && !(*given_deadline < done)) {
        const Due due = next_due(past, rule, std::nullopt, calendar);
        result.next_due = due.window.last;
        result.proposed = {sdk::DecisionKind::no_action, false, std::nullopt,
                           "tidsfristen " + iso(*given_deadline) + " har inte gått ut"};
        result.explanation = std::to_string(result.deficiencies.size()) + " brist(er) kvarstår, men tidsfristen (" +
                             iso(*given_deadline) + ") har inte gått ut: inget nytt beslut. Ny bedömning " + due.reason + "." +
                             steps_note;
    } else {
        const bool may_sanction = record.activity.form_id != "kvalitetsdialog" &&
                                  record.provider.ownership != sdk::Ownership::municipal;
        const sdk::DecisionKind kind = may_sanction ? next_on_ladder(ladder_or_default(record.activity.area_id), past, worst >= 2)
                                                    : sdk::DecisionKind::pointed_out;
        const sdk::Date deadline = remedy_deadline(rule, done, calendar);
        // A revocation ends the authorization: nothing is left to remedy by a date, and no
        // re-check follows (seed 001: "Om det uppstår exempelvis brister i verksamheten kan
        // kommunen återkalla auktorisationen"). The board that decides otherwise sets its deadline.
        const bool revocation = kind == sdk::DecisionKind::revocation;
        result.proposed = {kind, false, revocation ? std::nullopt : std::optional(deadline),
                           may_sanction ? "brister mot auktorisationsvillkoren" : "bristerna påtalas (ingen sanktion)"};
        const Due due = due_with(result.proposed);
        result.next_due = revocation ? std::nullopt : std::optional(due.window.last);
        result.explanation = std::to_string(result.deficiencies.size()) + " brist(er); förslag: " + decision_text(kind) +
                             (revocation ? "" : "; åtgärdas senast " + iso(deadline) + ". Uppföljning " + due.reason) + "." + steps_note;
    }
    assess_more(record, past, result);
    return result;
}

sdk::BoardSection GuidelineModel::write_section(const sdk::SectionRequest& request) {
    sdk::BoardSection section = board_section(setup_, summary_);
    // Individuals' follow-ups by case officers: counts per area, never who.
    sdk::Table individuals{tr(request.language, "Individuppföljningar (antal)", "Follow-ups of individuals (count)"),
                           {tr(request.language, "Område", "Area"), tr(request.language, "Antal", "Count")},
                           {}};
    for (const sdk::Area& area : setup_.areas) {
        double total = 0;
        for (const auto& provider : host_.register_view().providers_in_area(area.id))
            for (const auto& v : host_.register_view().indicator_series(individual_key_, provider.org_number))
                if (static_cast<int>(v.period.first.year()) == request.year) total += v.value;
        individuals.rows.push_back({area.name, std::to_string(static_cast<long long>(total))});
    }
    section.tables.push_back(std::move(individuals));
    section.risk_signals = risk_signals(request.year);
    return section;
}

std::vector<sdk::RequirementClaim> GuidelineModel::regulation_claims() const {
    return {
        {sdk::Requirement::good_quality,
         "Kvalitetsgranskningar, planerade och påkallade av signaler, kvalitetsdialoger och avtalsuppföljning mot "
         "auktorisationsvillkoren; brister följs upp tills de är åtgärdade.",
         {"form:kvalitetsgranskning", "form:kvalitetsdialog", "form:avtalsuppfoljning"}},
        {sdk::Requirement::uniform_assessment,
         "Samma riktlinje och skala för alla anordnare; påföljder enligt villkorens trappa; kommunala enheter får "
         "samma granskning utan sanktioner.",
         {"scale:uppfyllt3", "sanction_ladders"}},
        {sdk::Requirement::predictable,
         "Varje granskning dokumenteras skriftligt, rapporteras till nämnden och återkopplas till anordnaren; "
         "intervallen står i nämndens plan.",
         steps_configured_ ? std::vector<std::string>{"schedule", "model:required_steps"} : std::vector<std::string>{"schedule"}},
    };
}

}  // namespace followup::models
