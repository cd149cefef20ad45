#include "app/letters.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "app/session.hpp"
#include "report/catalogue.hpp"
#include "report/letter.hpp"
#include "report/pdf.hpp"
#include "store/record_kinds.hpp"
#include "store/rows.hpp"
#include "util/atomic_file.hpp"

namespace followup::core {

LetterResult write_decision_letter(const RegisterOptions& options, const LetterRequest& request) {
    LetterResult result;
    auto session = open_session(options, Plugins::tolerant, result);
    if (!session) return result;
    const MunicipalityConfig& config = session->config;
    const Register& store = *session->store;
    const auto row = store.find(*find_record_kind("follow_ups"), request.follow_up);
    if (!row) {
        result.problems.push_back(fmt::format("there is no follow-up {} in the register", request.follow_up));
        return result;
    }
    const sdk::FollowUpActivity activity = follow_up_from_row(*row);
    const sdk::Area* area = config.area(activity.area_id);
    const BoardSettings* board = area != nullptr ? config.board(area->board_id) : nullptr;
    if (area == nullptr || board == nullptr || !activity.done) {
        result.problems.push_back(fmt::format("follow-up {} is not a done follow-up of a configured area", request.follow_up));
        return result;
    }
    // The board's decision: of the kind asked for, else its latest on the follow-up.
    std::vector<sdk::Decision> decisions = store.decisions(activity.id);
    std::erase_if(decisions, [](const sdk::Decision& d) { return d.kind == sdk::DecisionKind::no_action; });
    if (request.kind) {
        const auto kind = sdk::decision_kind_from_string(*request.kind);
        std::erase_if(decisions, [&](const sdk::Decision& d) { return !kind || d.kind != *kind; });
    }
    if (decisions.empty()) {
        result.problems.push_back(fmt::format("the board has recorded no decision{} on follow-up {}; a letter states a decision: record it "
                                              "first with `followup decide {} --kind …`",
                                              request.kind ? " of kind " + *request.kind : "", activity.id, activity.id));
        return result;
    }
    if (board->signatory.empty() || board->signatory_title.empty()) {
        result.problems.push_back(fmt::format("board {}: [board] signatory and signatory_title are not set in its file; a decision "
                                              "letter names who signs it (the chair, or the officer the decision is delegated to)",
                                              board->board.id));
        return result;
    }
    const sdk::Decision& decision = decisions.back();

    DecisionLetter letter;
    letter.municipality = config.municipality.name;
    letter.board = board->board.name;
    letter.reference = decision.reference;
    letter.decided = decision.decided.value_or(*activity.done);
    if (const auto provider = store.find(*find_record_kind("providers"), activity.provider)) {
        letter.provider_name = provider_from_row(*provider).name;
    }
    letter.org_number = activity.provider;
    if (!activity.unit_id.empty())
        if (const auto unit = store.find(*find_record_kind("units"), activity.unit_id)) letter.unit_name = unit_from_row(*unit).name;
    letter.area_name = area->name;
    letter.form_name = activity.form_id;
    for (const auto& f : board->forms)
        if (f.id == activity.form_id && !f.name.empty()) letter.form_name = f.name;
    letter.follow_up_done = *activity.done;
    // Each deficient condition by its name, with its grade and what was found; then what the
    // model found in the documents that no finding grades (a targeted supervision).
    const auto stored = store.stored_assessment(activity.id);
    auto condition_text = [&](const std::string& id) {
        for (const auto& c : config.conditions)
            if (c.id == id) return c.text;
        return id;
    };
    auto grade_label = [&](const sdk::Grade& g) {
        const sdk::GradingScale* scale = config.scales.find(g.scale_id);
        const sdk::GradeLevel* level = scale != nullptr ? scale->level(g.level_id) : nullptr;
        return level != nullptr ? level->label_sv : g.level_id;
    };
    auto is_deficiency = [&](const sdk::Grade& g) {
        const sdk::GradingScale* scale = config.scales.find(g.scale_id);
        return scale != nullptr && scale->is_deficiency(g.level_id);
    };
    for (const auto& f : store.findings(activity.id))
        if (is_deficiency(f.grade)) letter.deficiencies.push_back({condition_text(f.condition_id), grade_label(f.grade), f.text});
    if (stored)
        for (const auto& d : stored->deficiencies)
            // (An assessment stored before SDK 3.0.1 gives back empty findings: only their number.)
            if (!d.condition_id.empty() && std::none_of(letter.deficiencies.begin(), letter.deficiencies.end(),
                             [&](const auto& x) { return x.condition == condition_text(d.condition_id); }))
                letter.deficiencies.push_back({condition_text(d.condition_id), grade_label(d.grade), d.text});
    letter.kind = decision.kind;
    const auto words = decision_kind_labels(Language::sv);
    const auto word = words.find(std::string(sdk::to_string(decision.kind)));
    letter.kind_name = word != words.end() ? word->second : std::string(sdk::to_string(decision.kind));
    letter.reason = decision.reason;
    // The ground the board gave, else the one its model proposed for this kind.
    letter.legal_ground = decision.legal_ground;
    if (letter.legal_ground.empty() && stored && stored->proposed.kind == decision.kind) letter.legal_ground = stored->proposed.legal_ground;
    // A kind the model did not propose: the ground of the area's basis, in general terms (the
    // board's own words, --legal-ground, say more).
    if (letter.legal_ground.empty())
        letter.legal_ground = area->legal_basis == sdk::LegalBasis::education_act ? "skollagen (2010:800) 26 kap."
                              : area->legal_basis == sdk::LegalBasis::lov         ? "lagen (2008:962) om valfrihetssystem och kontraktet"
                                                                                  : "kundvalsreglementet och auktorisationsvillkoren";
    const bool revocation = decision.kind == sdk::DecisionKind::revocation;
    if (!revocation) {
        letter.deadline = decision.deadline;
        if (stored && stored->recheck) letter.recheck = stored->recheck;
    }
    letter.appeal = appeal_route(area->legal_basis, decision.kind, board->board.name);
    letter.signatory = board->signatory;
    letter.signatory_title = board->signatory_title;

    const std::string stem = fmt::format("beslut-{}-{}", activity.id, sdk::to_string(decision.kind));
    std::error_code ec;
    std::filesystem::create_directories(request.out, ec);
    const auto html = request.out / (stem + ".html");
    write_file_atomically(html, letter_html(letter), FileReaders::owner_only);  // names a provider, who may be a person
    result.written.push_back(html);
    if (request.pdf) {
        const auto pdf = request.out / (stem + ".pdf");
        try {
            write_pdf(html, pdf, 120);
            std::filesystem::permissions(pdf, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                         std::filesystem::perm_options::replace, ec);
            result.written.push_back(pdf);
        } catch (const std::exception& e) {
            result.problems.push_back(fmt::format("the letter's PDF: {} (the HTML is written: {})", e.what(), html.string()));
        }
    }
    if (letter.appeal.lawyer_confirms)
        result.done.push_back("note: the appeal route of this basis and kind rests on the project's reading of the law; a municipal lawyer "
                              "confirms it before letters are sent (docs/planning.md, \"Legal ground and appeal\")");
    return result;
}

}  // namespace followup::core
