#include "report/catalogue.hpp"

#include <map>
#include <stdexcept>
#include <utility>

#include "config/municipality_config.hpp"

namespace followup::core {

namespace {

using Entry = std::pair<std::string, std::string>;  // sv, en

const std::map<std::string, Entry, std::less<>>& catalogue() {
    static const std::map<std::string, Entry, std::less<>> entries{
        {"title", {"Uppföljningsplaner inom kundval – en samlad uppföljning {}", "Follow-up plans in customer choice – a cross-board compilation {}"}},
        {"subtitle", {"Tjänsteskrivelse till kommunstyrelsen", "Report to the municipal executive board"}},
        {"date", {"Datum", "Date"}},
        {"reference", {"Diarienummer", "Reference"}},
        {"contents", {"Innehåll", "Contents"}},
        {"proposed_decision", {"Förslag till beslut", "Proposed decision"}},
        {"proposed_decision_text",
         {"Kommunstyrelsen godkänner stadsledningskontorets samlade uppföljning av nämndernas uppföljningsplaner inom kundval för {}.",
          "The executive board approves the compilation of the boards' follow-up plans in customer choice for {}."}},
        {"summary", {"Sammanfattning", "Summary"}},
        {"summary_text",
         {"{} nämnder med kundval har rapporterat sina uppföljningsplaner för {}. {} av dem bedöms uppfylla reglementets tre krav; {}. "
          "I {} kundvalsområden finns {} anordnare, varav {} följdes upp under året ({}) och {} hade brister ({}).",
          "{} boards with customer choice have reported their follow-up plans for {}. {} of them are assessed to meet the regulation's "
          "three requirements; {}. The {} customer-choice areas have {} providers, of which {} were followed up during the year ({}) "
          "and {} had deficiencies ({})."}},
        {"summary_partly", {"för övriga framgår av bedömningen vad som saknas", "for the others the assessment shows what is missing"}},
        {"summary_all", {"samtliga planer följer reglementet", "all plans follow the regulation"}},
        {"background", {"Bakgrund", "Background"}},
        {"background_text",
         {"Enligt reglementet för kundval ska varje nämnd för sina kundvalsområden anta en modell för uppföljning av anordnarna mot de "
          "generella och specifika auktorisationsvillkoren, och varje år rapportera sin uppföljningsplan till kommunstyrelsen. "
          "Modellen ska",
          "Under the regulation for customer choice, each board adopts for its customer-choice areas a model for following up the "
          "providers against the general and specific authorization conditions, and reports its follow-up plan to the executive "
          "board every year. The model must"}},
        {"req_good_quality", {"säkerställa en god kvalitet på tjänsten", "ensure good quality of the service"}},
        {"req_uniform", {"säkerställa en enhetlig bedömning vid auktorisation och val av sanktioner",
                         "ensure a uniform assessment at authorization and in the choice of sanctions"}},
        {"req_predictable", {"verka för en enhetlig, transparent och förutsägbar uppföljning",
                             "work for a uniform, transparent and predictable follow-up"}},
        {"boards", {"Nämndernas uppföljning", "The boards' follow-up"}},
        {"areas", {"Kundvalsområden", "Customer-choice areas"}},
        {"model", {"Modellen i korthet", "The model in brief"}},
        {"plan_dates", {"Planen antogs {} och rapporterades till kommunstyrelsen {}.", "The plan was adopted on {} and reported to the executive board on {}."}},
        {"not_recorded", {"(uppgift saknas)", "(not recorded)"}},
        {"assessment", {"Bedömning mot reglementets krav", "Assessment against the regulation's requirements"}},
        {"met", {"Uppfyllt", "Met"}},
        {"partly_met", {"Delvis uppfyllt", "Partly met"}},
        {"not_shown", {"Inte visat", "Not shown"}},
        {"ev_schedule_rule", {"regel för när uppföljning sker ({}) finns i konfigurationen: {}", "a rule for when follow-up happens ({}) is in the configuration: {}"}},
        {"ev_ladder", {"sanktionstrappa för {} finns i konfigurationen: {}", "a sanction ladder for {} is in the configuration: {}"}},
        {"ev_condition", {"villkoret {} finns och anger när det kontrolleras: {}", "the condition {} exists and says when it is checked: {}"}},
        {"ev_model_key", {"nyckeln {} finns i nämndens [model]: {}", "the key {} is in the board's [model]: {}"}},
        {"ev_nothing_followed_up", {"ingen enhet följdes upp under {}: kravet kan inte visas vara uppfyllt",
                                    "no unit was followed up in {}: the requirement cannot be shown to be met"}},
        {"not_met", {"Ej uppfyllt", "Not met"}},
        {"claim", {"Nämndens modell", "The board's model"}},
        {"no_claim", {"Modellen anger inte hur kravet uppfylls.", "The model does not say how it meets the requirement."}},
        {"cases", {"Ärenden med brister", "Deficiency cases"}},
        {"open_cases", {"Öppna ärenden", "Open cases"}},
        {"overdue_cases", {"varav försenade (uppföljningen eller beslutets sista dag har passerat)", "of which overdue (the re-check or the decision's deadline has passed)"}},
        {"awaiting_closure", {"Åtgärdade men inte avslutade (avslut kräver dokumenterad grund)", "Remedied but not closed (closing needs a recorded basis)"}},
        {"units_overdue", {"Enheter vars nästa uppföljning enligt nämndens modell skulle ha skett senast {} men inte har skett",
                           "Units whose next follow-up by the board's model was due by {} but has not taken place"}},
        {"due_date", {"Senast", "Due by"}},
        {"unit", {"Enhet", "Unit"}},
        {"risk_category", {"Riskkategori", "Risk category"}},
        {"risk_reason", {"Skäl", "Reason"}},
        {"risk_table", {"Enheter per riskkategori enligt nämndens modell", "Units by risk category in the board's model"}},
        {"risk_text", {"Modellen delar in enheterna i riskkategorier med egna intervall: {}.",
                       "The model puts units in risk categories with their own intervals: {}."}},
        {"units_with_due", {"Enheter med ett förfallodatum från modellen", "Units with a due date from the model"}},
        {"proposals_differ", {"Nämnden beslutade {} gång(er) annorlunda än modellen föreslog, av {} förslag om åtgärd under {}.",
                              "The board decided otherwise than the model proposed {} time(s), of {} proposals for action in {}."}},
        {"next_year", {"Planen för {}", "The plan for {}"}},
        {"next_year_text", {"Modellen planerar {} uppföljningar under {}.", "The model plans {} follow-ups in {}."}},
        {"form", {"Form", "Form"}},
        {"count", {"Antal", "Count"}},
        {"section_failed", {"Nämndens avsnitt kunde inte tas fram: {}", "The board's section could not be produced: {}"}},
        {"cross_board", {"Samlade nyckeltal", "Figures across the boards"}},
        {"area", {"Område", "Area"}},
        {"board", {"Nämnd", "Board"}},
        {"providers", {"Anordnare", "Providers"}},
        {"followed_up", {"Uppföljda", "Followed up"}},
        {"share_followed_up", {"Andel uppföljda", "Share followed up"}},
        {"with_deficiencies", {"Med brister", "With deficiencies"}},
        {"share_with_deficiencies", {"Andel med brister", "Share with deficiencies"}},
        {"ownership", {"Ägarform", "Ownership"}},
        {"own_private", {"Privat", "Private"}},
        {"own_non_profit", {"Idéburen", "Non-profit"}},
        {"own_municipal", {"Kommunal", "Municipal"}},
        {"providers_per_area", {"Anordnare per område {}", "Providers per area {}"}},
        {"by_ownership", {"Efter ägarform (konkurrensneutralitet) {}", "By ownership (competitive neutrality) {}"}},
        {"neutrality_text",
         {"Andelen uppföljda var {} för privata, {} för idéburna och {} för kommunala anordnare.",
          "The share followed up was {} for private, {} for non-profit and {} for municipal providers."}},
        {"welfare_crime", {"Välfärdsbrottslighet", "Welfare crime"}},
        {"welfare_intro",
         {"Signaler som nämndernas modeller har funnit, upprepade allvarliga brister och nya anordnare som ännu inte följts upp.",
          "Signals found by the boards' models, repeated serious deficiencies, and new providers not yet followed up."}},
        {"signals", {"Signaler från nämndernas modeller", "Signals from the boards' models"}},
        {"signal_kind", {"Slag", "Kind"}},
        {"signal_examined", {"Nämndens prövning", "The board's examination"}},
        {"signal_unexamined", {"Inte styrkt (nämnden har inte prövat signalen)", "Unsubstantiated (not yet examined by the board)"}},
        {"signal_substantiated", {"Styrkt: {}", "Substantiated: {}"}},
        {"signal_not_substantiated", {"Inte styrkt efter utredning: {}", "Not substantiated after investigation: {}"}},
        // The welfare-crime signal kinds the bundled models raise, in words; a plugin's own kind
        // without an entry here is shown as the plugin wrote it.
        {"signal.delivered_above_decided", {"Fler utförda timmar än beslutade", "More hours delivered than decided"}},
        {"signal.delivered_below_decided", {"Färre utförda timmar än beslutade", "Fewer hours delivered than decided"}},
        {"signal.granted_hours_growth", {"Beviljade timmar växer snabbare än områdets", "Granted hours growing faster than the area's"}},
        {"signal.needs_reports_only_increase",
         {"Behovsanmälningar endast om fler timmar", "Change-of-needs reports only asking for more"}},
        {"signal.sudden_growth", {"Plötslig ökning av utförda timmar", "Sudden growth of delivered hours"}},
        {"signal.peer_outlier", {"Avviker från jämförbara anordnare", "Outlier among providers of the same size"}},
        {"explanation", {"Förklaring", "Explanation"}},
        {"repeated_serious", {"Upprepade allvarliga brister (inom 24 månader)", "Repeated serious deficiencies (within 24 months)"}},
        {"new_not_followed_up", {"Nya anordnare som ännu inte följts upp", "New providers not yet followed up"}},
        {"authorized", {"Auktoriserad", "Authorized"}},
        {"follow_ups", {"Uppföljningar", "Follow-ups"}},
        {"none", {"Inga.", "None."}},
        {"table_shortened", {"Tabellen visar de första {} av {} raderna; alla rader finns i", "The table shows the first {} of {} rows; every row is in"}},
        {"crisis", {"Krisberedskap", "Crisis preparedness"}},
        {"crisis_text",
         {"{} av {} anordnare har en kontinuitetsplan inlämnad. Anordnare utan kontinuitetsplan:",
          "{} of {} providers have a continuity plan on file. Providers without one:"}},
        {"quality_bonus", {"Simulering av kvalitetspeng", "Quality bonus simulation"}},
        {"quality_bonus_text",
         {"Regel: anordnare i {} som följts upp under året utan sämre bedömning än ”{}”{} får {} kr. {} av {} anordnare skulle kvalificera sig; kostnad {} kr.",
          "Rule: providers in {} followed up during the year with no grade worse than \"{}\"{} receive SEK {}. {} of {} providers would qualify; cost SEK {}."}},
        {"quality_bonus_indicator", {" och {} minst {} (minst {} svar)", " and {} at least {} (at least {} answers)"}},
        {"qualifies", {"Kvalificerar sig", "Qualifies"}},
        {"amount", {"Belopp (kr)", "Amount (SEK)"}},
        {"total", {"Summa", "Total"}},
        {"consequences", {"Konsekvenser", "Consequences"}},
        {"consequences_children", {"Konsekvenser för barn", "Consequences for children"}},
        {"consequences_economy", {"Ekonomiska konsekvenser", "Economic consequences"}},
        {"appendices", {"Bilagor", "Appendices"}},
        {"appendix_plan", {"Bilaga: {} – uppföljningsplan {}", "Appendix: {} – follow-up plan {}"}},
        {"window", {"Tidsfönster", "Window"}},
        {"reason", {"Skäl", "Reason"}},
        {"provider", {"Anordnare", "Provider"}},
        {"chart_grades", {"Bedömningar {}: {}", "Grades {}: {}"}},
        {"chart_visits", {"Genomförda uppföljningar per månad mot kapacitet {}", "Follow-ups done per month against capacity {}"}},
        {"chart_deficiencies", {"Uppföljningar med brister per år", "Follow-ups with deficiencies per year"}},
        {"capacity", {"Kapacitet", "Capacity"}},
        {"done", {"Genomförda", "Done"}},
        {"year", {"År", "Year"}},
        {"month", {"Månad", "Month"}},
        {"grade", {"Bedömning", "Grade"}},
        {"evidence", {"Underlag", "Evidence"}},
        {"verdict", {"Bedömning", "Verdict"}},
        {"requirement", {"Krav", "Requirement"}},
        {"ev_claim_missing", {"modellen gör inget anspråk för kravet", "the model makes no claim for the requirement"}},
        {"ev_form", {"formen {} finns i nämndens konfiguration: {}", "the form {} is in the board's configuration: {}"}},
        {"ev_scale", {"skalan {} är nämndens: {}", "the scale {} is the board's: {}"}},
        {"ev_schedule", {"regler för när uppföljning sker finns för {} av {} områden", "rules for when follow-up takes place exist for {} of {} areas"}},
        {"ev_ladders", {"sanktionstrappa finns för {} av {} områden", "a sanction ladder exists for {} of {} areas"}},
        {"ev_conditions", {"{} villkor anger när de kontrolleras", "{} conditions say when they are checked"}},
        {"ev_unchecked", {"”{}” kan inte kontrolleras av kärnan", "\"{}\" cannot be checked by the core"}},
        {"ev_coverage", {"{} av {} anordnare följdes upp i tid enligt nämndens modell (ingen passerad förfallodag, försenad planerad uppföljning eller försenat ärende)", "{} of {} providers were followed up in time by the board's model (no due date passed, no planned follow-up or case overdue)"}},
        {"ev_one_scale", {"alla {} bedömningar under året gjordes på nämndens skala", "all {} grades of the year were made on the board's scale"}},
        {"ev_other_scales", {"{} av {} bedömningar gjordes på annan skala än nämndens", "{} of {} grades were made on another scale than the board's"}},
        {"ev_municipal_no_sanction", {"inga sanktioner mot kommunala enheter ({} beslut granskade)", "no sanctions against municipal units ({} decisions checked)"}},
        {"ev_municipal_sanctioned", {"{} sanktioner mot kommunala enheter, som bara ska få brister påtalade", "{} sanctions against municipal units, whose deficiencies should only be pointed out"}},
        {"ev_plan_adopted", {"planen antogs {} och rapporterades {}", "the plan was adopted {} and reported {}"}},
        {"ev_plan_missing", {"antagande eller rapportering av planen är inte registrerad", "the plan's adoption or reporting is not recorded"}},
        {"ev_done_as_planned", {"{} av {} planerade uppföljningar genomfördes", "{} of {} planned follow-ups were done"}},
        {"pub_title", {"{}: jämför anordnare {}", "{}: compare providers {}"}},
        {"pub_intro", {"Resultat av kommunens uppföljning av anordnarna i varje kundvalsområde. Alla anordnare – privata, idéburna och kommunala – följs upp på samma sätt.",
                       "Results of the municipality's follow-up of the providers in each customer-choice area. Every provider – private, non-profit or municipal – is followed up the same way."}},
        {"pub_back", {"Alla kundvalsområden", "All customer-choice areas"}},
        {"pub_latest", {"Senaste uppföljning", "Latest follow-up"}},
        {"pub_open", {"Brister vid senaste uppföljningen", "Deficiencies at the latest follow-up"}},
        {"pub_new", {"Ny anordnare", "New provider"}},
        {"pub_footnote", {"”..” betyder att uppgiften inte visas eftersom färre än {} har svarat: då kan enskilda personer kännas igen. ”-” betyder att uppgift saknas.",
                          "\"..\" means the figure is not shown because fewer than {} answered: individuals could then be recognised. \"-\" means there is no figure."}},
        {"pub_open_data", {"Öppna data (CSV, nycklat som Kolada)", "Open data (CSV, keyed like Kolada)"}},
        {"yes", {"ja", "yes"}},
        {"no", {"nej", "no"}},
    };
    return entries;
}

}  // namespace

bool has_label(std::string_view key) { return catalogue().contains(key); }

const std::string& label(Language language, std::string_view key) {
    const auto& entries = catalogue();
    auto it = entries.find(key);
    if (it == entries.end()) throw std::out_of_range("no label '" + std::string(key) + "' in the catalogue");
    return language == Language::en ? it->second.second : it->second.first;
}

}  // namespace followup::core
