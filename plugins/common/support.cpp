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
        worst = std::max(worst, scale->deficiency_severity(g.grade.level_id));
    }
    return worst;
}

namespace {

/// `worst` (from the follow-up's grades), or the worst of what its board's model found beyond
/// them (a targeted supervision's documents: no finding grades them; the host stores them with
/// the assessment). The register is asked only when no grade is a deficiency and the model may
/// have found one (`maybe_found`: its assessment set a re-check window).
int with_models_deficiencies(sdk::HostServices& host, const std::string& activity_id, int worst, bool maybe_found) {
    if (worst > 0 || !maybe_found) return worst;
    const auto stored = host.register_view().stored_assessment(activity_id);
    if (!stored) return worst;
    std::vector<sdk::GradeCount> grades;
    for (const auto& d : stored->deficiencies)
        if (!d.grade.scale_id.empty()) grades.push_back({d.grade, 1});  // a host before SDK 3.0.1 kept only their number
    return worst_severity(host, activity_id, grades);
}

bool wanted(const sdk::FollowUpActivity& activity, const std::vector<std::string>& forms, std::string_view unit_id) {
    return activity.done && activity.status == sdk::ActivityStatus::done &&
           std::find(forms.begin(), forms.end(), activity.form_id) != forms.end() && (unit_id.empty() || activity.unit_id == unit_id);
}

void oldest_first(std::vector<PastFollowUp>& past) {
    std::stable_sort(past.begin(), past.end(),
                     [](const PastFollowUp& a, const PastFollowUp& b) { return (*a.activity.done < *b.activity.done); });
}

}  // namespace

namespace {
/// The record's follow-ups that history_in_place() takes, in its order: by date done, and in the
/// record's order on the same day.
std::vector<const sdk::FollowUpOutcome*> wanted_in_order(const sdk::ProviderRecord& record, const std::vector<std::string>& forms,
                                                         std::string_view unit_id) {
    std::vector<const sdk::FollowUpOutcome*> out;
    for (const auto& o : record.follow_ups)
        if (wanted(o.activity, forms, unit_id)) out.push_back(&o);
    std::stable_sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return *a->activity.done < *b->activity.done; });
    return out;
}
}  // namespace

std::vector<PastInPlace> history_in_place(sdk::HostServices& host, const sdk::ProviderRecord& record,
                                          const std::vector<std::string>& forms, std::string_view unit_id) {
    std::vector<PastInPlace> past;
    for (const auto* o : wanted_in_order(record, forms, unit_id))
        past.push_back({o, with_models_deficiencies(host, o->activity.id, worst_severity(host, o->activity.id, o->grades), o->recheck.has_value())});
    return past;
}

std::vector<PastFollowUp> recent_history(sdk::HostServices& host, const sdk::ProviderRecord& record,
                                         const std::vector<std::string>& forms, std::string_view unit_id, std::size_t count) {
    // Only the last ones are judged (a grade's severity is looked up on its scale) and copied.
    const auto wanted_ones = wanted_in_order(record, forms, unit_id);
    std::vector<PastFollowUp> past;
    for (std::size_t i = wanted_ones.size() > count ? wanted_ones.size() - count : 0; i < wanted_ones.size(); ++i) {
        const sdk::FollowUpOutcome& o = *wanted_ones[i];
        past.push_back({o.activity, o.decisions,
                        with_models_deficiencies(host, o.activity.id, worst_severity(host, o.activity.id, o.grades), o.recheck.has_value()),
                        o.recheck});
    }
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
        const int worst = with_models_deficiencies(host, activity.id, worst_severity(host, activity.id, grades), true);
        auto decisions = view.decisions(activity.id);
        past.push_back({std::move(activity), std::move(decisions), worst});
    }
    oldest_first(past);
    return past;
}

std::vector<PastFollowUp> history_before(sdk::HostServices& host, const sdk::FollowUpRecord& record,
                                         const std::vector<std::string>& forms, std::string_view unit_id) {
    if (!record.activity.done) throw sdk::InvalidArgument("follow-up '" + record.activity.id + "' has no date done");
    const sdk::Date done = *record.activity.done;
    auto past = history(host, record.provider.org_number, record.activity.area_id, forms, unit_id);
    std::erase_if(past, [&](const PastFollowUp& p) {
        const sdk::Date when = *p.activity.done;
        return done < when || (when == done && p.activity.id >= record.activity.id);
    });
    // next_due() reads the last one's proposed re-check window while the board has not decided.
    if (!past.empty() && past.back().deficient())
        if (const auto stored = host.register_view().stored_assessment(past.back().activity.id)) past.back().recheck = stored->recheck;
    return past;
}

void refuse_lov(const sdk::BoardSetup& setup, sdk::ConfigReader& r, const std::string& services) {
    for (const sdk::Area& area : setup.areas)
        if (area.legal_basis == sdk::LegalBasis::lov)
            r.error("legal_basis", "area '" + area.id + "' (" + area.name + ") in the board's [[areas]]: found legal_basis = \"LOV\"; " +
                                       "LOV (2008:962) 1 kap. 1 § covers a municipality's social services and health care, not " + services +
                                       "; expected \"kundvalsreglemente\" (the municipality's own kundval) or \"skollagen\" where the "
                                       "Education Act governs");
}

sdk::Date remedy_deadline(const sdk::ScheduleRule& rule, sdk::Date done, const sdk::Calendar& calendar) {
    // Half-way through the re-check window (3 months of 1-6): the provider has time to remedy,
    // and the re-check after the deadline still falls inside the window the model writes.
    const int months = std::max(rule.recheck_min_months, rule.recheck_max_months / 2);
    return calendar.next_working_day(calendar.add_months(done, months));
}

Due next_due(const std::vector<PastFollowUp>& past, const sdk::ScheduleRule& rule,
             std::optional<sdk::Date> since, const sdk::Calendar& calendar) {
    if (past.empty()) {
        const sdk::Date start = since.value_or(std::chrono::year{1970} / 1 / 1);
        return {{calendar.next_working_day(start), sdk::working_day_on_or_before(calendar, calendar.add_months(start, rule.first_follow_up_months))},
                "ny anordnare: första uppföljningen inom " + std::to_string(rule.first_follow_up_months) + " månader",
                false, true};
    }
    const PastFollowUp& last = past.back();
    const sdk::Date done = *last.activity.done;
    if (last.deficient()) {
        // Seed 001: "Om det finns brister ... följs dessa upp inom en till sex månader" — the same
        // window for a serious deficiency. The re-check comes after the deadline the provider was
        // given to remedy, never before it (a check before the deadline could not fairly find the
        // deficiency persisting).
        sdk::Date first = calendar.add_months(done, rule.recheck_min_months);
        sdk::Date latest = calendar.add_months(done, rule.recheck_max_months);
        std::optional<sdk::Date> deadline;
        for (const auto& d : last.decisions)
            if (d.deadline && (!deadline || *deadline < *d.deadline)) deadline = d.deadline;
        const bool decided = std::any_of(last.decisions.begin(), last.decisions.end(), [](const sdk::Decision& d) { return d.decided.has_value(); });
        if (!decided && !deadline && last.recheck) {
            // The board has not decided yet: the window the model proposed with its deadline (the
            // one `assess` stored and shows) stands, so the plan and the assessment agree.
            return {*last.recheck,
                    std::string(last.worst_severity >= 2 ? "allvarlig brist" : "brist") + " vid uppföljningen " + iso(done) +
                        ": ny bedömning " + iso(last.recheck->first) + "–" + iso(last.recheck->last) +
                        " (modellens förslag; nämnden har inte beslutat)",
                    true};
        }
        if (deadline && !(*deadline < first)) first = calendar.add_days(*deadline, 1);
        first = calendar.next_working_day(first);
        latest = sdk::working_day_on_or_before(calendar, latest);
        if (latest < first) latest = first;
        std::string reason = std::string(last.worst_severity >= 2 ? "allvarlig brist" : "brist") + " vid uppföljningen " + iso(done) +
                             ": ny bedömning inom " + std::to_string(rule.recheck_min_months) + "–" +
                             std::to_string(rule.recheck_max_months) + " månader";
        if (deadline) reason += ", efter tidsfristen " + iso(*deadline);
        return {{first, latest}, std::move(reason), true};
    }
    const bool remedied = past.size() >= 2 && past[past.size() - 2].deficient();
    if (remedied) {
        // Seed 001: "Är bristerna åtgärdade görs en ny tillsyn efter ett år från
        // uppföljningsdatumet" — a date, not a window: one year after the re-check (the next
        // working day when that is a holiday).
        const sdk::Date due = calendar.next_working_day(calendar.add_months(done, rule.after_remedy_months));
        return {{due, due},
                "bristerna åtgärdade " + iso(done) + ": ny uppföljning " + std::to_string(rule.after_remedy_months) +
                    " månader efter uppföljningsdatumet",
                false};
    }
    const sdk::Date due = sdk::working_day_on_or_before(calendar, calendar.add_months(done, rule.interval_months));
    return {{calendar.next_working_day(calendar.add_months(due, -2)), due},
            // "senast" is "at the latest" in Swedish: it names the due date, never the last follow-up.
            "regelbunden uppföljning var " + std::to_string(rule.interval_months) + ":e månad, senast " + iso(due) +
                " (förra uppföljningen " + iso(done) + ")",
            false};
}

std::optional<Due> due_in_year(Due due, int year, const sdk::Calendar& calendar) {
    const sdk::Period whole = calendar.period_of(sdk::PeriodKind::year, std::chrono::year{year} / 1 / 1);
    if (whole.last < due.window.first) return std::nullopt;  // opens in a later year
    if ((due.window.last < whole.first)) {
        due.reason += " (försenad sedan " + iso(due.window.last) + ")";
        due.window = {whole.first, sdk::working_day_on_or_before(calendar, calendar.add_days(calendar.add_months(whole.first, 1), -1))};
        return due;
    }
    // A window that crosses New Year belongs to both years' plans, each with its own part; the
    // reason keeps the whole window so the officer sees it continues (or began) in the other year.
    if (due.window.first < whole.first || whole.last < due.window.last) {
        due.reason += " (hela fönstret " + iso(due.window.first) + "–" + iso(due.window.last) + ")";
        if (due.window.first < whole.first) due.window.first = calendar.next_working_day(whole.first);
        if (whole.last < due.window.last) due.window.last = sdk::working_day_on_or_before(calendar, whole.last);
    }
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

std::optional<sdk::Date> authorized_since(const sdk::ProviderRecord& record, sdk::Date from) {
    std::optional<sdk::Date> since;
    // Revoked or ended (de-authorized) by `from`: the provider has left the area's list. One
    // granted after `from` is asked about on its first day.
    for (const auto& a : record.authorizations)
        if (sdk::in_force(a, from < a.granted ? a.granted : from) && (!since || (a.granted < *since))) since = a.granted;
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
    // The municipality's own units are not sanctioned: the board points the deficiencies out to its
    // own administration. "Insyn" is the Education Act's word for that; the other boards follow
    // up their own operation (egen regi) under the regulation.
    if (municipal)
        return basis == sdk::LegalBasis::education_act ? "insyn i kommunens egen verksamhet: bristerna påtalas, inga sanktioner"
                                                       : "uppföljning av kommunens egen verksamhet (egen regi): bristerna påtalas, inga sanktioner";
    // A private provider's deficiency pointed out, without a sanction, on the area's own ground.
    if (kind == K::pointed_out)
        switch (basis) {
            case sdk::LegalBasis::education_act: return "skollagen (2010:800) 26 kap.: bristerna påtalas för huvudmannen, ingen sanktion";
            case sdk::LegalBasis::lov: return "auktorisationsvillkoren och kontraktet: bristerna påtalas för leverantören, ingen sanktion";
            default: return "kundvalsreglementet och auktorisationsvillkoren: bristerna påtalas för anordnaren, ingen sanktion";
        }
    // Seed 003: LOV and the municipality's own kundval differ in "formerna för överklagande", so
    // the ground cited and the appeal route written in the proposal follow from the area's basis.
    switch (basis) {
        case sdk::LegalBasis::education_act:
            switch (kind) {
                case K::remark:
                    return "skollagen (2010:800) 26 kap. 11 § (anmärkning); anmärkningen får inte överklagas (28 kap. 2 §)";
                case K::injunction:
                    return "skollagen (2010:800) 26 kap. 10 § (föreläggande); överklagas hos förvaltningsrätten (28 kap. 2 §)";
                case K::injunction_with_fine:
                    return "skollagen (2010:800) 26 kap. 10 och 27 §§ (föreläggande med vite); överklagas hos förvaltningsrätten "
                           "(28 kap. 2 §)";
                case K::revocation:
                    return "skollagen (2010:800) 26 kap. 13 § (återkallelse av godkännande); överklagas hos förvaltningsrätten "
                           "(28 kap. 2 §)";
                default: return "skollagen (2010:800) 26 kap.";
            }
        case sdk::LegalBasis::lov:
            // Under LOV the provider holds a contract: a revocation is the contract's termination
            // under its own terms. Rättelse (LOV 10 kap. 1 §) is for a supplier applying to take
            // part, not for a termination, which is a dispute over the contract for the general
            // courts (docs/planning.md: a cell a municipal lawyer confirms).
            return kind == K::revocation
                       ? "lagen (2008:962) om valfrihetssystem och kontraktet (hävning av kontraktet); en tvist om hävningen "
                         "prövas av allmän domstol"
                       : "lagen (2008:962) om valfrihetssystem, auktorisationsvillkoren och kontraktet";
        case sdk::LegalBasis::local_regulation:
        case sdk::LegalBasis::lss:
        case sdk::LegalBasis::sol: {
            // The municipality's own authorization system (kundval), not LOV: a board's decision
            // is reviewed only for legality, on appeal by a member of the municipality.
            const std::string service = basis == sdk::LegalBasis::lss   ? " (insatsen enligt LSS)"
                                        : basis == sdk::LegalBasis::sol ? " (insatsen enligt socialtjänstlagen)"
                                                                        : "";
            return std::string(kind == K::revocation ? "kundvalsreglementet och auktorisationsvillkoren (återkallelse av auktorisation)"
                                                     : "kundvalsreglementet och auktorisationsvillkoren") +
                   service + "; laglighetsprövning hos förvaltningsrätten enligt kommunallagen (2017:725) 13 kap.";
        }
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
        // The re-check comes after the deadline given to remedy (when there is one) and by the
        // model's next due date: the provider is never re-checked before its time is up.
        const sdk::Date done = *record.activity.done;
        const sdk::ScheduleRule* rule = rule_for(setup, record.activity.area_id, record.activity.form_id);
        sdk::Date first = calendar.add_months(done, rule != nullptr ? rule->recheck_min_months : 1);
        if (a.proposed.deadline && !(*a.proposed.deadline < first)) first = calendar.add_days(*a.proposed.deadline, 1);
        first = calendar.next_working_day(first);
        sdk::Date last = a.next_due ? *a.next_due : calendar.add_months(done, rule != nullptr ? rule->recheck_max_months : 6);
        if (last < first) last = first;
        a.recheck = sdk::Period{first, last};
    }
    return a;
}

}  // namespace followup::models
