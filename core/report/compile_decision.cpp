// The decision document's opening and its judgement: the proposed decision, written from what the
// other sections found, and the overall assessment of each board's plan against the regulation's
// three requirements (seed 001: "Samlad bedömning", then "Förslag till beslut").
#include <fmt/ranges.h>

#include "report/compile_internal.hpp"

namespace followup::core::compilation {

namespace {
/// "a, b och c" / "a, b and c".
std::string joined_in_prose(const std::vector<std::string>& items, Language lang) {
    if (items.empty()) return "";
    if (items.size() == 1) return items.front();
    std::vector<std::string> head(items.begin(), items.end() - 1);
    return fmt::format("{} {} {}", fmt::join(head, ", "), lang == Language::en ? "and" : "och", items.back());
}
}  // namespace

Section Compiler::proposed_decision() {
    Section s{"proposed-decision", label(lang_, "proposed_decision"), {}, {}, false, ""};
    // Numbered decision points: the approval (or the municipality's own wording), then one per
    // board whose plan does not show every requirement, then the welfare-crime and crisis findings.
    std::vector<std::string> points;
    points.push_back(in_.config.compilation.proposed_decision.empty() ? label(lang_, "proposed_decision_text", in_.year)
                                                                       : in_.config.compilation.proposed_decision);
    // Boards asked the same thing share a decision point, in the order of the boards.
    std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> asked;  // requirements → boards
    for (const auto& board : in_.config.boards) {
        auto it = overall_.find(board.board.id);
        if (it == overall_.end()) continue;
        std::vector<std::string> requirements;
        for (const auto& v : it->second)
            if (v.level != Verdict::Level::met) requirements.push_back(v.requirement);
        if (requirements.empty()) continue;
        auto same = std::find_if(asked.begin(), asked.end(), [&](const auto& a) { return a.first == requirements; });
        // Mid-sentence a board is written as seed 001 writes it, "kulturnämnden, nämnden för arbete
        // och försörjning, socialnämnden": the configured name is a heading's, capitalised.
        const std::string name = lang_ == Language::sv ? lower_case_first(board.board.name) : board.board.name;
        if (same == asked.end()) asked.push_back({requirements, {name}});
        else same->second.push_back(name);
    }
    for (const auto& [requirements, boards] : asked)
        points.push_back(label(lang_, "decision_board", joined_in_prose(boards, lang_), in_.year + 1, joined_in_prose(requirements, lang_)));
    std::vector<std::string> findings;
    if (signal_providers_ > 0) findings.push_back(label(lang_, "decision_signals", signal_providers_));
    if (repeated_serious_ > 0) findings.push_back(label(lang_, "decision_repeated", repeated_serious_));
    if (new_not_followed_up_ > 0) findings.push_back(label(lang_, "decision_new", new_not_followed_up_));
    if (!findings.empty()) points.push_back(label(lang_, "decision_welfare", joined_in_prose(findings, lang_)));
    if (without_continuity_plan_ > 0) points.push_back(label(lang_, "decision_crisis", without_continuity_plan_));
    for (std::size_t i = 0; i < points.size(); ++i) s.paragraph(fmt::format("{}. {}", i + 1, points[i]));
    return s;
}

Section Compiler::overall_assessment() {
    Section s{"overall-assessment", label(lang_, "overall_assessment"), {}, {}, false, ""};
    s.paragraph(label(lang_, "overall_assessment_text"));
    const char* short_names[] = {"req_short_good_quality", "req_short_uniform", "req_short_predictable"};
    for (const auto& board : in_.config.boards) {
        auto it = overall_.find(board.board.id);
        if (it == overall_.end()) {
            s.paragraph(board.board.name + ": " + label(lang_, "overall_not_assessed"));
            continue;
        }
        // The requirement, the verdict and the evidence in one line each; the board's claim and
        // every item checked are in its appendix.
        Table t{"overall-" + board.board.id, board.board.name,
                {label(lang_, "requirement"), label(lang_, "verdict"), label(lang_, "evidence")}, {}};
        std::vector<std::string> asks;
        for (std::size_t i = 0; i < it->second.size(); ++i) {
            const Verdict& v = it->second[i];
            t.rows.push_back({label(lang_, short_names[std::min<std::size_t>(i, 2)]), Cell::named(v.level_text, level_key(v.level)), fmt::format("{}", fmt::join(v.brief, "; "))});
            for (const auto& a : v.asks)
                if (std::find(asks.begin(), asks.end(), a) == asks.end()) asks.push_back(a);
        }
        s.add(std::move(t));
        if (!asks.empty()) {
            std::vector<std::string> lowered;
            for (const auto& a : asks) lowered.push_back(lower_case_first(a));
            s.paragraph(label(lang_, "board_asked", board.board.name, joined_in_prose(lowered, lang_)));
        }
    }
    return s;
}

}  // namespace followup::core::compilation
