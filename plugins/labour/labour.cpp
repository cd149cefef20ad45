// Nämnden för arbete och försörjning: labour-market programmes and municipal adult education,
// one common model (seed 001).
//
// Goal- and result-driven: continuous follow-up each tertial, and an annual quality follow-up
// in eight dated steps — (1) plan the year's theme; (2) providers submit a quality report against
// the conditions, the year's statistics and focus questions; (3) plan site visits; (4) review each
// report; (5) site visits; (6) compile and anchor the report; (7) the board's decision;
// (8) analysis and development. Result indicators (the share who move on to work or studies) are
// compared with their targets.
#include <algorithm>
#include <charconv>

#include <followup/sdk.hpp>

#include "indicators.hpp"
#include "report_support.hpp"
#include "support.hpp"

namespace sdk = followup::sdk;
using namespace followup::models;

namespace {

struct Step {
    std::string name;
    unsigned month = 12, day = 31;  ///< the step's deadline in the year
};

std::optional<std::pair<unsigned, unsigned>> month_day(const std::string& text) {
    unsigned m = 0, d = 0;
    if (text.size() != 5 || text[2] != '-') return std::nullopt;
    if (std::from_chars(text.data(), text.data() + 2, m).ec != std::errc{} ||
        std::from_chars(text.data() + 3, text.data() + 5, d).ec != std::errc{})
        return std::nullopt;
    // 2024 is a leap year, so 02-29 is accepted; the deadline is clamped in other years.
    if (!(std::chrono::year{2024} / std::chrono::month{m} / std::chrono::day{d}).ok()) return std::nullopt;
    return std::pair{m, d};
}

class LabourModel final : public sdk::BoardModel {
public:
    explicit LabourModel(sdk::HostServices& host) : host_(host) {}

    sdk::ModelDescription describe() const override {
        return {{{"arbete", "Nämnden för arbete och försörjning"}},
                {"arbetsmarknadsinsatser", "vuxenutbildning"},
                {{"arsprocess", "Årlig kvalitetsuppföljning", false, "Nämndens åtta steg"},
                 {"kvalitetsrapport", "Kvalitetsrapport", true, "Anordnarens rapport mot villkor, statistik och fokusfrågor"},
                 {"verksamhetsbesok", "Verksamhetsbesök", true, "Besök på plats"},
                 {"tertialuppfoljning", "Tertialuppföljning", false, "Löpande uppföljning av resultat varje tertial"}},
                "uppfyllt3",
                "En gemensam modell för arbetsmarknadsinsatser och vuxenutbildning: löpande uppföljning per tertial "
                "och en årlig kvalitetsuppföljning i åtta steg med kvalitetsrapport, granskning, verksamhetsbesök och "
                "nämndens beslut. Resultatindikatorer jämförs med målvärden."};
    }

    void configure(const sdk::BoardSetup& setup, sdk::ConfigReader& r) override {
        setup_ = setup;
        refuse_lov(setup, r, "labour-market measures and adult education");
        theme_ = r.string("theme", false).value_or("");
        focus_questions_ = r.strings("focus_questions", false);
        if (r.contains("steps")) {
            steps_.clear();
            r.tables("steps", [&](sdk::ConfigReader& s, std::size_t) {
                Step step{s.string("name", true).value_or(""), 12, 31};
                if (auto text = s.string("deadline", true)) {
                    if (auto md = month_day(*text))
                        step.month = md->first, step.day = md->second;
                    else
                        s.error("deadline", "found \"" + *text + "\"; expected MM-DD, e.g. \"03-31\"");
                }
                steps_.push_back(std::move(step));
            });
            if (steps_.size() != 8)
                r.error("steps", "found " + std::to_string(steps_.size()) + " steps; expected the 8 steps of the annual quality follow-up");
            for (std::size_t i = 1; i < steps_.size(); ++i)
                if (std::pair{steps_[i].month, steps_[i].day} < std::pair{steps_[i - 1].month, steps_[i - 1].day})
                    r.error("steps[" + std::to_string(i) + "].deadline",
                            "is before the deadline of step " + std::to_string(i) + "; expected the steps in date order");
        } else {
            r.allow("steps");
        }
        targets_ = read_indicator_targets(r, {{"andel_arbete_studier", "Andel som gått till arbete eller studier", 40, true, "%"}});
    }

    std::vector<sdk::PlannedFollowUp> plan_year(const sdk::PlanRequest& request) override {
        std::vector<sdk::PlannedFollowUp> plan;
        const std::string area_for_board = setup_.areas.empty() ? "" : setup_.areas.front().id;
        sdk::Date previous = std::chrono::year{request.year} / 1 / 1;
        std::vector<sdk::Period> windows;
        for (std::size_t i = 0; i < steps_.size(); ++i) {
            const sdk::Date deadline = deadline_of(i, request.year);
            windows.push_back({previous, deadline});
            // The annual process is the board's own work: no provider.
            plan.push_back({area_for_board, "", "", "arsprocess", windows.back(),
                            "steg " + std::to_string(i + 1) + ": " + steps_[i].name, sdk::Trigger::planned});
            previous = host_.calendar().add_days(deadline, 1);
        }
        for (const sdk::Area& area : setup_.areas)
            host_.register_view().for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
                const sdk::Provider& provider = record.provider;
                if (!authorized_since(record, std::chrono::year{request.year} / 1 / 1)) return;
                // The year's theme and focus questions go into the plan and the provider's report.
                std::string focus;
                for (const auto& q : focus_questions_) focus += (focus.empty() ? "; fokusfrågor: " : " / ") + q;
                plan.push_back({area.id, provider.org_number, "", "kvalitetsrapport", windows[1],
                                "steg 2: kvalitetsrapport mot villkor, årets statistik och fokusfrågor" +
                                    (theme_.empty() ? std::string() : "; tema: " + theme_) + focus,
                                sdk::Trigger::planned});
                // A provider whose report last year was missing or not approved gets a re-check
                // early in the year: a visit that looks at what the report should have shown.
                if (auto why = report_problem(record, request.year - 1))
                    plan.push_back({area.id, provider.org_number, "", "verksamhetsbesok",
                                    {host_.calendar().next_working_day(std::chrono::year{request.year} / 1 / 1), deadline_of(1, request.year)},
                                    "omprövning: " + *why, sdk::Trigger::planned});
                plan.push_back({area.id, provider.org_number, "", "verksamhetsbesok", windows[4], "steg 5: verksamhetsbesök",
                                sdk::Trigger::planned});
                for (unsigned first_month : {1u, 5u, 9u}) {
                    const sdk::Period tertial = host_.calendar().period_of(
                        sdk::PeriodKind::tertial, std::chrono::year{request.year} / std::chrono::month{first_month} / 1);
                    plan.push_back({area.id, provider.org_number, "", "tertialuppfoljning", tertial,
                                    "tertial " + std::to_string((first_month + 3) / 4), sdk::Trigger::planned});
                }
            });
        return plan;
    }

    sdk::Assessment assess(const sdk::FollowUpRecord& record) override {
        return completed(setup_, host_.calendar(), record, judge(record));
    }

    /// The model's own judgement; completed() adds the legal ground and the re-check window.
    sdk::Assessment judge(const sdk::FollowUpRecord& record) {
        if (!record.activity.done) throw sdk::InvalidArgument("follow-up '" + record.activity.id + "' has no date done");
        const sdk::Date done = *record.activity.done;
        const int year = static_cast<int>(done.year());
        sdk::Assessment result;
        std::vector<sdk::Finding> findings = record.findings;
        std::vector<std::string> notes;
        if (record.activity.form_id == "kvalitetsrapport") {
            // Received on time, and reviewed: both are steps of the process and must be recorded.
            const sdk::Date due = deadline_of(1, year);
            auto received = std::find_if(record.steps.begin(), record.steps.end(), [](const auto& s) { return s.step == "report_received"; });
            if (received == record.steps.end())
                result.missing_steps.push_back("report_received");
            else if ((due < received->done))
                findings.push_back({record.activity.id, "kvalitetsrapport", {"uppfyllt3", "delvis_uppfyllt"},
                                    "kvalitetsrapporten inkom " + iso(received->done) + ", efter sista dag " + iso(due),
                                    "diarium"});
            if (std::none_of(record.steps.begin(), record.steps.end(), [](const auto& s) { return s.step == "report_reviewed"; }))
                result.missing_steps.push_back("report_reviewed");
        }
        if (record.activity.form_id == "tertialuppfoljning" || record.activity.form_id == "kvalitetsrapport") {
            std::vector<IndicatorResult> results;
            for (const auto& t : targets_) results.push_back(indicator_result(host_.register_view(), record.provider.org_number, t, year, 1));
            for (auto& f : indicator_findings(results, record.activity.id, notes)) findings.push_back(std::move(f));
        }
        int worst = 0;
        bool condition_breach = false;
        std::vector<std::string> missed;  // targets not reached: results for step 8, not deficiencies
        for (const auto& f : findings) {
            const sdk::GradingScale* scale = host_.scale(f.grade.scale_id);
            if (scale == nullptr) throw sdk::InvalidArgument("finding graded on unknown scale '" + f.grade.scale_id + "'");
            if (f.grade.scale_id == "indikator2") {
                if (f.grade.level_id == "ej_uppnatt") missed.push_back(f.text);
                continue;
            }
            if (!scale->is_deficiency(f.grade.level_id)) continue;
            result.deficiencies.push_back(f);
            condition_breach = true;
            worst = std::max(worst, scale->deficiency_severity(f.grade.level_id));
        }
        std::string text;
        for (const auto& m : missed) text += (text.empty() ? " Målvärde ej uppnått: " : "; ") + m;
        if (!text.empty()) text += ". Analyseras i steg 8 (analys och utveckling).";
        for (const auto& n : notes) text += " " + n + ".";
        for (const auto& s : result.missing_steps) text += " Saknat steg: " + s + ".";
        const sdk::Calendar& calendar = host_.calendar();
        result.next_due = deadline_of(1, year + 1);
        if (!condition_breach) {
            result.proposed = {sdk::DecisionKind::no_action, false, std::nullopt,
                               missed.empty() ? "målen nådda" : "resultat under målvärdet: analys och utveckling (steg 8)"};
            result.explanation = std::to_string(missed.size()) + " målvärde(n) ej uppnådda." + text;
            return result;
        }
        const auto past = history_before(host_, record, {"kvalitetsrapport", "verksamhetsbesok"});
        const sdk::SanctionLadder ladder = ladder_or(setup_, record.activity.area_id, lov_ladder);
        const sdk::DecisionKind kind = record.provider.ownership == sdk::Ownership::municipal
                                           ? sdk::DecisionKind::pointed_out
                                           : next_on_ladder(ladder, past, worst >= 2);
        // The re-check window has its normal length: the deadline to remedy half-way, the re-check
        // after it and by the rule's latest month (the deadline at the window's end left a re-check
        // window of one day after it, issue 29). A revocation has neither.
        const sdk::ScheduleRule* configured = rule_for(setup_, record.activity.area_id, record.activity.form_id);
        sdk::ScheduleRule rule = configured != nullptr ? *configured : sdk::ScheduleRule{};
        if (configured == nullptr) rule.recheck_max_months = 3;
        const bool revocation = kind == sdk::DecisionKind::revocation;
        const sdk::Date deadline = remedy_deadline(rule, done, calendar);
        result.next_due = revocation ? std::nullopt : std::optional(calendar.add_months(done, rule.recheck_max_months));
        result.proposed = {kind, false, revocation ? std::nullopt : std::optional(deadline), "brister mot auktorisationsvillkoren"};
        // What was found, named: a late report is "kvalitetsrapporten inkom …, efter sista dag …".
        std::string found;
        for (const auto& d : result.deficiencies) found += (found.empty() ? ": " : "; ") + d.text;
        result.explanation = std::to_string(result.deficiencies.size()) + " brist(er)" + found + "; förslag: " + decision_text(kind) +
                             (revocation ? "" : "; åtgärdas senast " + iso(deadline) + ", uppföljning senast " + iso(*result.next_due)) + "." + text;
        return result;
    }

    sdk::BoardSection write_section(const sdk::SectionRequest& request) override {
        sdk::BoardSection section = board_section(setup_, describe().summary);
        const auto lang = request.language;
        if (!theme_.empty()) section.paragraphs.push_back(tr(lang, "Årets tema: ", "The year's theme: ") + theme_);
        sdk::Table steps{tr(lang, "Den årliga kvalitetsuppföljningen", "The annual quality follow-up"),
                         {tr(lang, "Steg", "Step"), tr(lang, "Innehåll", "Content"), tr(lang, "Sista dag", "Deadline")},
                         {}};
        for (std::size_t i = 0; i < steps_.size(); ++i)
            steps.rows.push_back({std::to_string(i + 1), steps_[i].name, iso(deadline_of(i, request.year))});
        section.tables.push_back(std::move(steps));
        // Each provider's steps of the year as they were done (2: report received, 4: reviewed,
        // 5: visited); a step not done by its deadline shows as overdue.
        sdk::Table per_provider{tr(lang, "Stegen per anordnare", "The steps per provider"),
                                {tr(lang, "Anordnare", "Provider"), tr(lang, "Steg 2: rapport inkom", "Step 2: report received"),
                                 tr(lang, "Steg 4: granskad", "Step 4: reviewed"), tr(lang, "Steg 5: besökt", "Step 5: visited")},
                                {}};
        for (const sdk::Area& area : setup_.areas)
            host_.register_view().for_each_provider(area.id, [&](const sdk::ProviderRecord& record) {
                // A provider still authorized at the year's end owed every step of the year.
                if (!authorized_since(record, std::chrono::year{request.year} / 12 / 31)) return;
                std::optional<sdk::Date> received, reviewed, visited;
                for (const auto& o : record.follow_ups) {
                    if (!o.activity.done || static_cast<int>(o.activity.done->year()) != request.year) continue;
                    if (o.activity.form_id == "verksamhetsbesok" && (!visited || *o.activity.done < *visited)) visited = o.activity.done;
                    if (o.activity.form_id != "kvalitetsrapport") continue;
                    for (const auto& st : host_.register_view().steps(o.activity.id)) {
                        if (st.step == "report_received") received = st.done;
                        if (st.step == "report_reviewed") reviewed = st.done;
                    }
                }
                auto cell = [&](std::optional<sdk::Date> when, std::size_t step) {
                    const sdk::Date deadline = deadline_of(step, request.year);
                    if (!when) return tr(lang, "försenat (senast ", "overdue (by ") + iso(deadline) + ")";
                    return iso(*when) + (deadline < *when ? tr(lang, " (efter ", " (after ") + iso(deadline) + ")" : std::string());
                };
                per_provider.rows.push_back({record.provider.name, cell(received, 1), cell(reviewed, 3), cell(visited, 4)});
            });
        section.tables.push_back(std::move(per_provider));
        sdk::Table results{tr(lang, "Resultatindikatorer", "Result indicators"),
                           {tr(lang, "Anordnare", "Provider"), tr(lang, "Indikator", "Indicator"), tr(lang, "Värde", "Value"),
                            tr(lang, "Målvärde", "Target")},
                           {}};
        for (const sdk::Area& area : setup_.areas)
            for (const auto& provider : host_.register_view().providers_in_area(area.id))
                for (const auto& t : targets_) {
                    const auto r = indicator_result(host_.register_view(), provider.org_number, t, request.year, 1);
                    if (r.value)
                        results.rows.push_back({provider.name, t.name, format_value(*r.value, t.unit, lang), format_value(t.target, t.unit, lang)});
                }
        section.tables.push_back(std::move(results));
        return section;
    }

    std::vector<sdk::RequirementClaim> regulation_claims() const override {
        return {
            {sdk::Requirement::good_quality,
             "Löpande uppföljning varje tertial och en årlig kvalitetsuppföljning med kvalitetsrapport, granskning och "
             "verksamhetsbesök; resultatindikatorer mot målvärden.",
             {"form:kvalitetsrapport", "form:verksamhetsbesok", "form:tertialuppfoljning", "model:indicators"}},
            {sdk::Requirement::uniform_assessment,
             "En gemensam modell för båda områdena; alla anordnare rapporterar mot samma villkor, statistik och "
             "fokusfrågor.",
             {"scale:uppfyllt3", "sanction_ladders"}},
            {sdk::Requirement::predictable,
             "Planen anger per tertial hur områdena följs upp, och den årliga processens åtta steg har fasta datum.",
             {"model:steps", "form:arsprocess"}},
        };
    }

private:
    /// Why the provider's quality report of `year` needs a re-check: none was done, or the board
    /// did not approve it (a deficiency found in it). Nothing when it was approved.
    std::optional<std::string> report_problem(const sdk::ProviderRecord& record, int year) {
        bool any = false, authorized_then = false;
        for (const auto& a : record.authorizations)
            if (!(deadline_of(1, year) < a.granted)) authorized_then = true;
        if (!authorized_then) return std::nullopt;  // not yet a provider when the report was due
        for (const auto& o : record.follow_ups) {
            if (o.activity.form_id != "kvalitetsrapport" || !o.activity.done || static_cast<int>(o.activity.done->year()) != year)
                continue;
            any = true;
            if (worst_severity(host_, o.activity.id, o.grades) > 0)
                return "kvalitetsrapporten " + std::to_string(year) + " godkändes inte (" + iso(*o.activity.done) + ")";
        }
        if (!any) return "kvalitetsrapport saknas för " + std::to_string(year);
        return std::nullopt;
    }

    sdk::Date deadline_of(std::size_t step, int year) const {
        const auto& s = steps_.at(step);
        sdk::Date d = std::chrono::year{year} / std::chrono::month{s.month} / std::chrono::day{s.day};
        if (!d.ok()) d = std::chrono::year_month_day_last{std::chrono::year{year}, std::chrono::month_day_last{std::chrono::month{s.month}}};
        return d;
    }

    sdk::HostServices& host_;
    sdk::BoardSetup setup_;
    std::string theme_;
    std::vector<std::string> focus_questions_;
    // The eight steps in seed 001's words, with their default deadlines in the year.
    std::vector<Step> steps_{
        {"Planering av tema för årlig kvalitetsuppföljning", 1, 31},
        {"Kvalitetsrapportering av anordnare utifrån auktorisationsvillkoren, årsaktuell statistik samt fokusfrågor för årets "
         "uppföljning",
         3, 31},
        {"Planering och upplägg för verksamhetsbesök", 4, 15},
        {"Granskning av anordnares kvalitetsrapport", 5, 31},
        {"Samordna och leda verksamhetsbesök", 10, 31},
        {"Sammanställning av rapport och förankring", 11, 30},
        {"Redovisning och beslut i nämnd", 12, 15},
        {"Analys och utveckling", 12, 31}};
    std::vector<IndicatorTarget> targets_;
};

}  // namespace

FOLLOWUP_EXPORT_PLUGIN(LabourModel)
