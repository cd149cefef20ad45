// The regulation verdicts: each board's claims checked against the configuration and the
// register, requirement by requirement (met, partly met, not shown, not met).
#include "report/compile_internal.hpp"

namespace followup::core::compilation {

const char* Compiler::level_key(Verdict::Level level) {
    switch (level) {
        case Verdict::Level::met: return "met";
        case Verdict::Level::partly_met: return "partly_met";
        case Verdict::Level::not_shown: return "not_shown";
        case Verdict::Level::not_met: return "not_met";
    }
    return "not_met";
}

void Compiler::regulation_verdicts(const BoardSettings& board, const std::vector<const AreaFacts*>& areas, const std::vector<sdk::RequirementClaim>& claims, Section& s) {
    std::size_t with_rule = 0, with_ladder = 0, sanction_areas = 0;
    for (const auto* a : areas) {
        if (std::any_of(in_.config.schedule.begin(), in_.config.schedule.end(), [&](const auto& r) { return r.area_id == a->area->id; }))
            ++with_rule;
        if (std::any_of(in_.config.sanction_ladders.begin(), in_.config.sanction_ladders.end(),
                        [&](const auto& l) { return l.area_id == a->area->id; }))
            ++with_ladder;
        ++sanction_areas;
    }
    // Evidence named in a claim, checked against the configuration. A token the core cannot
    // check leaves the requirement *not shown*: an unsupported claim is reported, not trusted.
    bool unchecked = false;
    auto in_board = [&](const std::string& area_id) {
        return std::any_of(areas.begin(), areas.end(), [&](const auto* a) { return a->area->id == area_id; });
    };
    auto check_token = [&](const std::string& token, bool& ok) -> std::string {
        if (token.starts_with("schedule:")) {  // schedule:AREA/FORM
            const std::string rest = token.substr(9);
            const auto slash = rest.find('/');
            const std::string area = rest.substr(0, slash), form = slash == std::string::npos ? "" : rest.substr(slash + 1);
            const bool found = in_board(area) && std::any_of(in_.config.schedule.begin(), in_.config.schedule.end(), [&](const auto& r) {
                                   return r.area_id == area && (form.empty() || r.form_id == form);
                               });
            ok = ok && found;
            return label(lang_, "ev_schedule_rule", form.empty() ? area_name(area) : area_name(area) + ", " + form_name(board, form),
                         label(lang_, found ? "yes" : "no"));
        }
        if (token.starts_with("ladder:")) {
            const std::string area = token.substr(7);
            const bool found = in_board(area) && std::any_of(in_.config.sanction_ladders.begin(), in_.config.sanction_ladders.end(),
                                                             [&](const auto& l) { return l.area_id == area; });
            ok = ok && found;
            return label(lang_, "ev_ladder", area_name(area), label(lang_, found ? "yes" : "no"));
        }
        if (token.starts_with("condition:")) {
            const std::string id = token.substr(10);
            const bool found = std::any_of(in_.config.conditions.begin(), in_.config.conditions.end(), [&](const auto& c) {
                return c.id == id && !c.checked.empty() && (c.area_id.empty() || in_board(c.area_id));
            });
            ok = ok && found;
            return label(lang_, "ev_condition", id, label(lang_, found ? "yes" : "no"));
        }
        if (token.starts_with("model:")) {
            const std::string key = token.substr(6);
            const bool found = !key.empty() && board.model.contains(key);
            ok = ok && found;
            return label(lang_, "ev_model_key", key, label(lang_, found ? "yes" : "no"));
        }
        if (token.starts_with("form:")) {
            const std::string id = token.substr(5);
            const bool found = std::any_of(board.forms.begin(), board.forms.end(), [&](const auto& f) { return f.id == id; });
            ok = ok && found;
            return label(lang_, "ev_form", form_name(board, id), label(lang_, found ? "yes" : "no"));
        }
        if (token.starts_with("scale:")) {
            const std::string id = token.substr(6);
            const bool found = in_.config.scales.find(id) != nullptr && (board.scale_id == id);
            ok = ok && found;
            const sdk::GradingScale* scale = in_.config.scales.find(id);
            return label(lang_, "ev_scale", scale != nullptr ? scale->name() : id, label(lang_, found ? "yes" : "no"));
        }
        if (token == "schedule") {
            ok = ok && with_rule == areas.size();
            return label(lang_, "ev_schedule", with_rule, areas.size());
        }
        if (token == "sanction_ladders") {
            ok = ok && with_ladder == sanction_areas;
            return label(lang_, "ev_ladders", with_ladder, sanction_areas);
        }
        if (token == "conditions") {
            std::size_t n = 0;
            for (const auto& c : in_.config.conditions)
                if (!c.checked.empty() && (c.area_id.empty() || std::any_of(areas.begin(), areas.end(), [&](const auto* a) { return a->area->id == c.area_id; })))
                    ++n;
            ok = ok && n > 0;
            return label(lang_, "ev_conditions", n);
        }
        unchecked = true;
        return label(lang_, "ev_unchecked", token);
    };

    // Facts the core measures itself: the board's figures (count_figures), as its key figures
    // show them. On time: no planned follow-up, case or model-given due date late at the
    // measuring day (the year's last day), which the due dates the board's model set decide.
    const Figures& figures = board_figures(board.board.id);
    const std::size_t active = figures.providers, planned = figures.planned, done = figures.done;
    std::size_t grades = 0, other_scale = 0, municipal_decisions = 0, municipal_sanctions = 0;
    for (const auto* a : areas) {
        for (const auto& [grade, count] : a->year_grades) {
            const auto n = static_cast<std::size_t>(count);
            grades += n;
            if (grade.first != board.scale_id && grade.first != "indikator2") other_scale += n;
        }
        municipal_decisions += a->municipal_decisions;
        municipal_sanctions += a->municipal_sanctions;
    }
    const std::size_t on_time = figures.on_time();

    std::vector<Cell> row{Cell::named(board.board.name, board.board.id)};
    bool all_met = true;
    const std::pair<sdk::Requirement, const char*> requirements[] = {{sdk::Requirement::good_quality, "req_good_quality"},
                                                                    {sdk::Requirement::uniform_assessment, "req_uniform"},
                                                                    {sdk::Requirement::predictable, "req_predictable"}};
    for (const auto& entry : requirements) {
        const sdk::Requirement requirement = entry.first;  // a plain variable: clang 14 cannot capture a binding
        const char* key = entry.second;
        Verdict v;
        v.requirement = label(lang_, key);
        auto claim = std::find_if(claims.begin(), claims.end(), [&](const auto& c) { return c.requirement == requirement; });
        bool ok = claim != claims.end();
        unchecked = false;
        // Every item goes to the full evidence (the board's appendix); what failed, and what the
        // core measured itself, also to the one line of the overall assessment, with what the
        // board is asked to do about each failure.
        auto failed = [&](const std::string& item, std::string ask) {
            v.brief.push_back(item);
            if (std::find(v.asks.begin(), v.asks.end(), ask) == v.asks.end()) v.asks.push_back(std::move(ask));
        };
        if (claim == claims.end()) {
            v.claim = label(lang_, "no_claim");
            v.evidence.push_back(label(lang_, "ev_claim_missing"));
            failed(v.evidence.back(), label(lang_, "ask_claim", v.requirement));
        } else {
            v.claim = claim->how;
            for (const auto& token : claim->evidence) {
                bool token_ok = true;
                const bool was_unchecked = unchecked;
                v.evidence.push_back(check_token(token, token_ok));
                ok = ok && token_ok;
                if (!token_ok) failed(v.evidence.back(), label(lang_, "ask_configuration"));
                else if (unchecked && !was_unchecked) failed(v.evidence.back(), label(lang_, "ask_checkable_evidence", v.requirement));
            }
        }
        if (requirement == sdk::Requirement::good_quality && active > 0) {
            // The share that meets the requirement is the executive office's ground of
            // assessment (the regulation names none): stated beside the figure it judges.
            const int threshold = in_.config.compilation.on_time_percent;
            const std::string share = percent(lang_, on_time, active);
            v.evidence.push_back(label(lang_, "ev_coverage", on_time, active, share, threshold));
            v.brief.push_back(label(lang_, "ev_coverage_brief", on_time, active, share, threshold));
            if (on_time * 100 < active * static_cast<std::size_t>(threshold)) {
                ok = false;
                v.asks.push_back(label(lang_, "ask_coverage", active - on_time));
            }
        }
        if (requirement == sdk::Requirement::uniform_assessment) {
            v.evidence.push_back(other_scale == 0 ? label(lang_, "ev_one_scale", grades) : label(lang_, "ev_other_scales", other_scale, grades));
            v.brief.push_back(v.evidence.back());
            if (other_scale != 0) v.asks.push_back(label(lang_, "ask_one_scale"));
            v.evidence.push_back(municipal_sanctions == 0 ? label(lang_, "ev_municipal_no_sanction", municipal_decisions)
                                                          : label(lang_, "ev_municipal_sanctioned", municipal_sanctions));
            v.brief.push_back(v.evidence.back());
            if (municipal_sanctions != 0) v.asks.push_back(label(lang_, "ask_municipal_sanctions"));
            ok = ok && other_scale == 0 && municipal_sanctions == 0;
        }
        if (requirement == sdk::Requirement::predictable) {
            // Seed 000: "nämnderna årligen fatta beslut om en uppföljningsplan för respektive
            // kundval samt att detta återrapporteras till kommunstyrelsen"; seed 001: "Det åligger
            // nämnderna att årligen rapportera sin uppföljningsplan till kommunstyrelsen." Every
            // kundval area's plan adopted and reported, by the regulation's day when one is
            // configured; a plan never reported, reported late, or none, is not predictable follow-up.
            bool all_reported = true;
            auto judge = [&](const std::string& prefix, const PlanDates& plan) {
                if (plan.adopted && plan.reported && !plan.late) {
                    v.evidence.push_back(prefix + label(lang_, "ev_plan_adopted", sdk::format_date(*plan.adopted), sdk::format_date(*plan.reported)));
                    v.brief.push_back(v.evidence.back());
                    return;
                }
                all_reported = false;
                if (plan.adopted && plan.reported) {
                    const auto& by = *in_.config.compilation.plans_reported_by;
                    v.evidence.push_back(prefix + label(lang_, "ev_plan_reported_late", sdk::format_date(*plan.adopted),
                                                        sdk::format_date(*plan.reported),
                                                        sdk::format_date(sdk::Date{year{in_.year} / by.month() / by.day()})));
                    failed(v.evidence.back(), label(lang_, "ask_plan_on_time", in_.year + 1));
                } else if (plan.adopted) {
                    v.evidence.push_back(prefix + label(lang_, "ev_plan_not_reported", sdk::format_date(*plan.adopted)));
                    failed(v.evidence.back(), label(lang_, "ask_plan_reported", in_.year));
                } else {
                    v.evidence.push_back(prefix + label(lang_, "ev_plan_missing", in_.year));
                    failed(v.evidence.back(), label(lang_, "ask_plan", in_.year + 1));
                }
            };
            if (const auto common = common_plan(board)) judge("", *common);
            else
                for (const auto& [area, plan] : area_plans(board)) judge(area->name + ": ", plan);
            if (planned > 0) {
                v.evidence.push_back(label(lang_, "ev_done_as_planned", std::min(done, planned), planned));
                v.brief.push_back(v.evidence.back());
            }
            ok = ok && all_reported;
        }
        // A claim resting on evidence the core cannot check, or on no followed-up unit at all,
        // is not shown to be met: that is neither "met" nor a failure of the board's model.
        const bool nothing_followed_up = done == 0;
        if (claim != claims.end() && nothing_followed_up && requirement == sdk::Requirement::good_quality) {
            v.evidence.push_back(label(lang_, "ev_nothing_followed_up", in_.year));
            failed(v.evidence.back(), label(lang_, "ask_follow_up", in_.year + 1));
        }
        if (claim == claims.end()) v.level = Verdict::Level::not_met;
        else if (!ok) v.level = Verdict::Level::partly_met;
        else if (unchecked || (nothing_followed_up && requirement == sdk::Requirement::good_quality)) v.level = Verdict::Level::not_shown;
        else v.level = Verdict::Level::met;
        v.level_text = label(lang_, level_key(v.level));
        all_met = all_met && v.level == Verdict::Level::met;
        row.push_back(Cell::named(v.level_text, level_key(v.level)));
        {
            const std::lock_guard lock(shared_writes_);
            overall_[board.board.id].push_back(v);
        }
        s.add(std::move(v));
    }
    {
        const std::lock_guard lock(shared_writes_);
        boards_met_.push_back(all_met);
        verdict_rows_.emplace_back(board.board.id, std::move(row));  // put in the boards' order by run()
    }
    // The heading before the verdicts, placed where the verdicts begin.
    auto first = std::find_if(s.blocks.begin(), s.blocks.end(), [](const Block& b) { return b.kind == Block::Kind::verdict; });
    Block heading;
    heading.text = label(lang_, "assessment") + ":";
    s.blocks.insert(first, std::move(heading));
}

}  // namespace followup::core::compilation
