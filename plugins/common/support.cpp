#include "support.hpp"

#include <algorithm>

namespace followup::models {

const sdk::ScheduleRule* rule_for(const sdk::BoardSetup& setup, std::string_view area_id, std::string_view form_id) {
    for (const auto& rule : setup.schedule)
        if (rule.area_id == area_id && rule.form_id == form_id) return &rule;
    return nullptr;
}

const sdk::SanctionLadder* ladder_for(const sdk::BoardSetup& setup, std::string_view area_id) {
    for (const auto& ladder : setup.sanction_ladders)
        if (ladder.area_id == area_id) return &ladder;
    return nullptr;
}

sdk::SanctionLadder ladder_or(const sdk::BoardSetup& setup, const std::string& area_id, std::vector<sdk::DecisionKind> fallback) {
    if (const auto* ladder = ladder_for(setup, area_id)) return *ladder;
    return {area_id, std::move(fallback)};
}

int worst_severity(sdk::HostServices& host, const std::string& activity_id, const std::vector<sdk::GradeCount>& grades) {
    int worst = 0;
    for (const auto& g : grades) {
        const sdk::GradingScale* scale = host.scale(g.grade.scale_id);
        const sdk::GradeLevel* level = scale != nullptr ? scale->level(g.grade.level_id) : nullptr;
        if (level == nullptr) {
            host.logger().warn("follow-up " + activity_id + ": grade '" + g.grade.level_id + "' on scale '" + g.grade.scale_id +
                               "' is unknown; counted as no deficiency");
            continue;
        }
        if (level->deficiency) worst = std::max(worst, std::max(level->severity, 1));
    }
    return worst;
}

namespace {

bool wanted(const sdk::FollowUpActivity& activity, const std::vector<std::string>& forms, std::string_view unit_id) {
    return activity.done && activity.status == sdk::ActivityStatus::done &&
           std::find(forms.begin(), forms.end(), activity.form_id) != forms.end() && (unit_id.empty() || activity.unit_id == unit_id);
}

void oldest_first(std::vector<PastFollowUp>& past) {
    std::stable_sort(past.begin(), past.end(),
                     [](const PastFollowUp& a, const PastFollowUp& b) { return (*a.activity.done < *b.activity.done); });
}

}  // namespace

std::vector<PastFollowUp> history(sdk::HostServices& host, const sdk::ProviderRecord& record,
                                  const std::vector<std::string>& forms, std::string_view unit_id) {
    std::vector<PastFollowUp> past;
    for (const auto& o : record.follow_ups)
        if (wanted(o.activity, forms, unit_id))
            past.push_back({o.activity, o.decisions, worst_severity(host, o.activity.id, o.grades)});
    oldest_first(past);
    return past;
}

std::vector<PastFollowUp> history(sdk::HostServices& host, std::string_view provider, std::string_view area_id,
                                  const std::vector<std::string>& forms, std::string_view unit_id) {
    const sdk::RegisterView& view = host.register_view();
    std::vector<PastFollowUp> past;
    for (auto& activity : view.follow_ups(provider, area_id)) {
        if (!wanted(activity, forms, unit_id)) continue;
        std::vector<sdk::GradeCount> grades;
        for (const auto& f : view.findings(activity.id)) grades.push_back({f.grade, 1});
        const int worst = worst_severity(host, activity.id, grades);
        auto decisions = view.decisions(activity.id);
        past.push_back({std::move(activity), std::move(decisions), worst});
    }
    oldest_first(past);
    return past;
}

Due next_due(const std::vector<PastFollowUp>& past, const sdk::ScheduleRule& rule,
             std::optional<sdk::Date> since, const sdk::Calendar& calendar) {
    if (past.empty()) {
        const sdk::Date start = since.value_or(std::chrono::year{1970} / 1 / 1);
        return {{start, calendar.add_months(start, rule.first_follow_up_months)},
                "ny anordnare: första uppföljningen inom " + std::to_string(rule.first_follow_up_months) + " månader",
                false, true};
    }
    const PastFollowUp& last = past.back();
    const sdk::Date done = *last.activity.done;
    if (last.deficient()) {
        // A serious deficiency is re-checked in the first half of the window.
        const int latest = last.worst_severity >= 2
                               ? std::max(rule.recheck_min_months, (rule.recheck_min_months + rule.recheck_max_months + 1) / 2)
                               : rule.recheck_max_months;
        return {{calendar.add_months(done, rule.recheck_min_months), calendar.add_months(done, latest)},
                std::string(last.worst_severity >= 2 ? "allvarlig brist" : "brist") + " vid uppföljningen " + iso(done) +
                    ": ny bedömning inom " + std::to_string(rule.recheck_min_months) + "–" + std::to_string(latest) +
                    " månader",
                true};
    }
    const bool remedied = past.size() >= 2 && past[past.size() - 2].deficient();
    const int months = remedied ? rule.after_remedy_months : rule.interval_months;
    const sdk::Date due = calendar.add_months(done, months);
    return {{calendar.add_months(due, -2), due},
            remedied ? "bristerna åtgärdade " + iso(done) + ": ny uppföljning " + std::to_string(months) +
                           " månader efter uppföljningsdatumet"
                     : "regelbunden uppföljning var " + std::to_string(months) + ":e månad (senast " + iso(done) + ")",
            false};
}

std::optional<Due> due_in_year(Due due, int year, const sdk::Calendar& calendar) {
    const sdk::Period whole = calendar.period_of(sdk::PeriodKind::year, std::chrono::year{year} / 1 / 1);
    const bool opens_this_year = !(due.window.first < whole.first) && !(whole.last < due.window.first);
    if ((whole.last < due.window.last) && !(due.first && opens_this_year)) return std::nullopt;  // a later year's
    if ((due.window.last < whole.first)) {
        due.reason += " (försenad sedan " + iso(due.window.last) + ")";
        due.window = {whole.first, calendar.add_days(calendar.add_months(whole.first, 1), -1)};
        return due;
    }
    if ((due.window.first < whole.first)) due.window.first = whole.first;
    return due;
}

sdk::DecisionKind next_on_ladder(const sdk::SanctionLadder& ladder, const std::vector<PastFollowUp>& past, bool serious) {
    if (ladder.steps.empty()) return sdk::DecisionKind::pointed_out;
    // The case so far: the run of deficient follow-ups just before this one.
    std::optional<sdk::DecisionKind> taken;
    for (auto it = past.rbegin(); it != past.rend() && it->deficient(); ++it)
        for (const auto& decision : it->decisions)
            if (!taken || *taken < decision.kind) taken = decision.kind;
    if (taken) {
        for (auto step : ladder.steps)
            if (*taken < step) return step;
        return ladder.steps.back();
    }
    if (serious)
        for (auto step : ladder.steps)
            if (step >= sdk::DecisionKind::injunction) return step;
    return ladder.steps.front();
}

std::optional<sdk::Date> authorized_since(const sdk::ProviderRecord& record) {
    std::optional<sdk::Date> since;
    for (const auto& a : record.authorizations)
        if (a.status != sdk::AuthorizationStatus::revoked && (!since || (a.granted < *since))) since = a.granted;
    return since;
}

std::string decision_text(sdk::DecisionKind kind) {
    switch (kind) {
        case sdk::DecisionKind::no_action: return "ingen åtgärd";
        case sdk::DecisionKind::pointed_out: return "påtalad brist";
        case sdk::DecisionKind::remark: return "anmärkning";
        case sdk::DecisionKind::injunction: return "föreläggande";
        case sdk::DecisionKind::injunction_with_fine: return "föreläggande med vite";
        case sdk::DecisionKind::revocation: return "återkallelse av godkännande/auktorisation";
    }
    return "?";
}

std::string legal_ground(sdk::LegalBasis basis, sdk::DecisionKind kind, bool municipal) {
    using K = sdk::DecisionKind;
    if (kind == K::no_action) return "";
    if (municipal || kind == K::pointed_out)
        return "insyn i kommunens egen verksamhet: bristerna påtalas, inga sanktioner";
    switch (basis) {
        case sdk::LegalBasis::education_act:
            switch (kind) {
                case K::remark: return "skollagen (2010:800) 26 kap. 11 § (anmärkning)";
                case K::injunction: return "skollagen (2010:800) 26 kap. 10 § (föreläggande)";
                case K::injunction_with_fine: return "skollagen (2010:800) 26 kap. 10 och 27 §§ (föreläggande med vite)";
                case K::revocation: return "skollagen (2010:800) 26 kap. 13 § (återkallelse av godkännande)";
                default: return "skollagen (2010:800) 26 kap.";
            }
        case sdk::LegalBasis::lov:
            return kind == K::revocation ? "auktorisationsvillkoren och avtalet (LOV); överprövning i förvaltningsrätten"
                                         : "auktorisationsvillkoren och avtalet (LOV)";
        case sdk::LegalBasis::local_regulation:
        case sdk::LegalBasis::lss:
        case sdk::LegalBasis::sol:
            return kind == K::revocation ? "kundvalsreglementet och auktorisationsvillkoren; laglighetsprövning enligt kommunallagen"
                                         : "kundvalsreglementet och auktorisationsvillkoren";
    }
    return "";
}

sdk::Assessment completed(const sdk::BoardSetup& setup, const sdk::Calendar& calendar, const sdk::FollowUpRecord& record,
                          sdk::Assessment a) {
    sdk::LegalBasis basis = sdk::LegalBasis::local_regulation;
    for (const auto& area : setup.areas)
        if (area.id == record.activity.area_id) basis = area.legal_basis;
    if (a.proposed.legal_ground.empty())
        a.proposed.legal_ground = legal_ground(basis, a.proposed.kind, record.provider.ownership == sdk::Ownership::municipal);
    if (!a.deficiencies.empty() && !a.recheck && record.activity.done) {
        const sdk::Date done = *record.activity.done;
        const sdk::Date last = a.proposed.deadline ? *a.proposed.deadline : a.next_due ? *a.next_due : calendar.add_months(done, 6);
        const sdk::ScheduleRule* rule = rule_for(setup, record.activity.area_id, record.activity.form_id);
        sdk::Date first = calendar.add_months(done, rule != nullptr ? rule->recheck_min_months : 1);
        if (last < first) first = last;
        a.recheck = sdk::Period{first, last};
    }
    return a;
}

}  // namespace followup::models
