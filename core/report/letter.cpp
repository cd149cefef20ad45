#include "report/letter.hpp"

#include <fmt/format.h>

#include "report/render.hpp"

namespace followup::core {

AppealRoute appeal_route(sdk::LegalBasis basis, sdk::DecisionKind kind, const std::string& board_name) {
    using K = sdk::DecisionKind;
    // Förvaltningslagen (2017:900) 44 §: an appeal is lodged with the authority that decided,
    // within three weeks of the day the appellant was notified of the decision.
    const std::string lodged = fmt::format("Skrivelsen ställs till förvaltningsrätten men skickas eller lämnas till {}, "
                                           "som ska ha fått den inom tre veckor från den dag ni fick del av beslutet.",
                                           board_name);
    switch (basis) {
        case sdk::LegalBasis::education_act:
            if (kind == K::remark || kind == K::pointed_out)
                return {false, "En anmärkning får inte överklagas.", "skollagen (2010:800) 28 kap. 2 §, som inte räknar upp anmärkning", false};
            return {true, "Beslutet kan överklagas hos förvaltningsrätten. " + lodged,
                    "skollagen (2010:800) 28 kap. 2 §; förvaltningslagen (2017:900) 44 §", false};
        case sdk::LegalBasis::lov:
            if (kind == K::revocation)
                return {true,
                        "Hävningen av kontraktet är en fråga om kontraktet: en tvist om den prövas av allmän domstol. "
                        "Den kan inte överklagas genom ansökan om rättelse, som gäller den som ansöker om att delta i valfrihetssystemet. "
                        "Tiden för att väcka talan följer kontraktet och i övrigt preskriptionslagen (1981:130).",
                        "lagen (2008:962) om valfrihetssystem 10 kap. 1 § (rättelse gäller ansökan); kontraktet; preskriptionslagen "
                        "(1981:130) 2 §",
                        true};
            return {false, "Beslutet är ett besked enligt kontraktet och kan inte överklagas.", "kontraktet", true};
        case sdk::LegalBasis::local_regulation:
        case sdk::LegalBasis::lss:
        case sdk::LegalBasis::sol:
            // The municipality's own kundval: a board's decision under its regulation is reviewed
            // only for legality (laglighetsprövning), on appeal by a member of the municipality.
            return {true,
                    "Beslutet kan överklagas genom laglighetsprövning hos förvaltningsrätten av den som är medlem i kommunen. "
                    "Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor från den dag då det tillkännagavs på "
                    "kommunens anslagstavla att protokollet med beslutet justerats. Förvaltningsrätten prövar bara om beslutet "
                    "har kommit till på laglig grund, inte om det är lämpligt.",
                    "kommunallagen (2017:725) 13 kap. 1, 5 och 8 §§", true};
    }
    return {};
}

namespace {
std::string date_in_words(sdk::Date d) { return sdk::format_date_in_prose(d, sdk::Language::sv); }
}  // namespace

std::string letter_html(const DecisionLetter& l) {
    const auto e = [](const std::string& text) { return html_text(text); };
    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"sv\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += fmt::format("<title>{} – beslut {}</title>\n", html_escape(l.board), html_escape(l.reference));  // a title holds no <bdi>
    out += "<style>\n@page { size: A4; margin: 22mm 20mm; }\n"
           "body { font-family: 'DejaVu Sans', sans-serif; font-size: 11pt; line-height: 1.45; color: #1d2329; max-width: 42rem; margin: 1rem auto; padding: 0 1rem; }\n"
           "header { display: flex; justify-content: space-between; gap: 1rem; flex-wrap: wrap; border-bottom: 1px solid #6b7280; padding-bottom: .5rem; }\n"
           "h1 { font-size: 1.4rem; margin: 1.2rem 0 .6rem; } h2 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }\n"
           "dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: bold; } dd { margin: 0; }\n"
           "li { margin-bottom: .4rem; } .signature { margin-top: 2.5rem; } .source { font-size: .9rem; color: #374151; }\n"
           "</style>\n</head>\n<body>\n";
    out += fmt::format("<header><div><strong>{}</strong><br>{}</div><div>Diarienummer: {}<br>Beslutsdatum: {}</div></header>\n",
                       e(l.municipality), e(l.board), e(l.reference.empty() ? "–" : l.reference), e(sdk::format_date(l.decided)));
    out += "<main>\n";
    out += fmt::format("<p>Till: {} ({})</p>\n", html_name(l.provider_name), e(l.org_number));
    out += fmt::format("<h1>Beslut: {}</h1>\n", e(l.kind_name));
    out += "<dl>\n";
    out += fmt::format("<dt>Anordnare</dt><dd>{} ({})</dd>\n", html_name(l.provider_name), e(l.org_number));
    if (!l.unit_name.empty()) out += fmt::format("<dt>Enhet</dt><dd>{}</dd>\n", html_name(l.unit_name));
    out += fmt::format("<dt>Kundvalsområde</dt><dd>{}</dd>\n", e(l.area_name));
    out += fmt::format("<dt>Uppföljning</dt><dd>{} den {}</dd>\n", e(l.form_name), e(date_in_words(l.follow_up_done)));
    out += "</dl>\n";
    out += "<h2>Vad som har konstaterats</h2>\n";
    if (l.deficiencies.empty()) {
        out += "<p>Uppföljningen fann inga brister.</p>\n";
    } else {
        out += "<ul>\n";
        for (const auto& d : l.deficiencies)
            out += fmt::format("<li><strong>{}</strong> – {}{}</li>\n", e(d.condition), e(d.grade), d.found.empty() ? "" : ": " + e(d.found));
        out += "</ul>\n";
    }
    out += "<h2>Beslut</h2>\n";
    out += fmt::format("<p>{} beslutar om {}.{}</p>\n", e(l.board), e(lower_case_first(l.kind_name)),
                       l.reason.empty() ? "" : " Skäl: " + e(l.reason) + ".");
    out += fmt::format("<p>Rättslig grund: {}.</p>\n", e(l.legal_ground));
    if (l.deadline)
        out += fmt::format("<p>Bristerna ska vara åtgärdade senast den {}.</p>\n", e(date_in_words(*l.deadline)));
    if (l.recheck)
        out += fmt::format("<p>Nämnden följer upp att bristerna är åtgärdade mellan den {} och den {}.</p>\n",
                           e(date_in_words(l.recheck->first)), e(date_in_words(l.recheck->last)));
    out += "<h2>Hur man överklagar</h2>\n";
    out += fmt::format("<p>{}</p>\n", e(l.appeal.text));
    out += fmt::format("<p class=\"source\">Grund: {}.</p>\n", e(l.appeal.source));
    out += fmt::format("<p class=\"signature\">För {}<br><br>{}<br>{}</p>\n", e(l.board), e(l.signatory), e(l.signatory_title));
    out += "</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace followup::core
