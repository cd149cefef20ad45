// The residents' site's words, style and script. The words are the site's own catalogue, in
// Swedish and English like the compilation's (catalogue.cpp): a resident's page says "Öppna
// brister", an officer's document "Brister vid senaste uppföljningen". The style sheet and the
// script are files of the site, so no page fetches anything from elsewhere.
#include <map>
#include <stdexcept>

#include <fmt/format.h>

#include "followup/sdk/numbers.hpp"
#include "report/publish_internal.hpp"

namespace followup::core::publishing {

namespace {

struct Words {
    std::string sv, en;
};

const std::map<std::string, Words, std::less<>>& words() {
    static const std::map<std::string, Words, std::less<>> w{
        {"skip", {"Till innehållet", "Skip to content"}},
        {"site_name", {"{}: jämför anordnare {}", "{}: compare providers {}"}},
        {"crumbs", {"Du är här", "You are here"}},
        {"home", {"Alla kundvalsområden", "All customer-choice areas"}},
        {"footnote", {"”..” betyder att uppgiften inte visas eftersom färre än {} har svarat: då kan enskilda personer kännas igen. ”-” betyder att uppgift saknas.",
                      "“..” means the figure is not shown because fewer than {} answered: individuals could be recognised. “-” means no figure."}},
        {"open_data", {"Öppna data", "Open data"}},
        {"intro", {"Här ser du resultatet av kommunens uppföljning av varje enhet i kundvalet: senaste uppföljningen, bedömningen, om det finns brister som "
                   "ännu inte är åtgärdade och nyckeltal som nöjdhet. Alla anordnare – privata, idéburna och kommunala – följs upp på samma sätt. Välj ett område.",
                   "The results of the municipality's follow-up of every unit in customer choice: the latest follow-up, the assessment, deficiencies not yet "
                   "remedied and key figures such as satisfaction. All providers – private, non-profit and municipal – are followed up the same way. Choose an area."}},
        {"index_description", {"Jämför enheterna i {}s kundvalsområden: uppföljningar, bedömningar, brister och nyckeltal {}.",
                               "Compare the units of {}'s customer-choice areas: follow-ups, assessments, deficiencies and key figures {}."}},
        {"unit_count", {"({} enheter)", "({} units)"}},
        {"area_title", {"{} {}", "{} {}"}},
        {"area_description", {"Jämför enheterna inom {} i {} {}: senaste uppföljning, bedömning, öppna brister och nyckeltal.",
                              "Compare the units of {} in {} {}: latest follow-up, assessment, open deficiencies and key figures."}},
        {"area_intro", {"{} följer upp enheterna. {} enheter. Sortera genom att välja en kolumnrubrik, och filtrera med valen nedan.",
                        "{} follows up the units. {} units. Sort by choosing a column heading, and filter with the choices below."}},
        {"area_figures", {"Nyckeltal för hela {} {}", "Key figures for all of {} {}"}},
        {"key_figure", {"Nyckeltal", "Key figure"}},
        {"key_figures", {"Nyckeltal", "Key figures"}},
        {"area_average", {"Områdets genomsnitt", "Area average"}},
        {"area_average_year", {"Områdets genomsnitt {}", "Area average {}"}},
        {"target", {"Mål", "Target"}},
        {"filter", {"Filtrera", "Filter"}},
        {"all", {"Alla", "All"}},
        {"col_unit", {"Enhet", "Unit"}},
        {"col_provider", {"Anordnare", "Provider"}},
        {"col_ownership", {"Ägarform", "Ownership"}},
        {"col_district", {"Kommundel", "District"}},
        {"col_latest", {"Senaste uppföljning", "Latest follow-up"}},
        {"col_grade", {"Bedömning", "Assessment"}},
        {"col_open", {"Öppna brister", "Open deficiencies"}},
        {"has_open", {"Med öppna brister", "With open deficiencies"}},
        {"has_no_open", {"Utan öppna brister", "Without open deficiencies"}},
        {"units_caption", {"Enheter inom {} {}, sorterade efter {}, {}", "Units of {} {}, sorted by {}, {}"}},
        {"ascending", {"stigande", "ascending"}},
        {"descending", {"fallande", "descending"}},
        {"sort_ascending", {"(sortera stigande)", "(sort ascending)"}},
        {"sort_descending", {"(sortera fallande)", "(sort descending)"}},
        {"sort_by", {"Sortera efter", "Sort by"}},
        {"shown", {"Visar {shown} av {total} enheter.", "Showing {shown} of {total} units."}},
        {"new", {"Ny", "New"}},
        {"new_explained", {"Enheten är ny och har ännu inte följts upp.", "The unit is new and has not yet been followed up."}},
        {"ended", {"Auktorisationen upphörde {}", "Authorization ended {}"}},
        {"ended_explained", {"Anordnaren finns inte längre bland dem du kan välja.", "The provider is no longer among those you can choose."}},
        {"unannounced_year", {"{} (oanmält besök)", "{} (unannounced visit)"}},
        {"no_units", {"Det finns inga enheter att visa.", "There are no units to show."}},
        {"how_to_read", {"Så läser du tabellen", "How to read the table"}},
        {"grade_fine", {"Ingen brist: enheten uppfyller kraven i det som följdes upp.", "No deficiency: the unit meets the requirements that were followed up."}},
        {"grade_deficiency", {"En brist som anordnaren ska åtgärda. Kommunen följer upp att den blir åtgärdad.",
                              "A deficiency the provider must remedy. The municipality follows up that it is."}},
        {"open_explained", {"Brister som ännu inte har åtgärdats, eller där kommunen ännu inte har kontrollerat att de är åtgärdade.",
                            "Deficiencies not yet remedied, or not yet verified as remedied by the municipality."}},
        {"key_figure_default", {"Ett nyckeltal som kommunen följer för alla enheter i området.", "A key figure the municipality follows for every unit of the area."}},
        {"key_figure_mean", {"Värdet är årets genomsnitt, vägt efter antalet svar (n).", "The value is the year's average, weighted by the number of answers (n)."}},
        {"dots", {"Visas inte: färre än {} har svarat, och då kan enskilda personer kännas igen. Det gäller också områdets genomsnitt.",
                  "Not shown: fewer than {} answered, so individuals could be recognised. This applies to the area average too."}},
        {"dash", {"Uppgift saknas.", "No figure."}},
        {"unit_description", {"{} inom {}: uppföljningar, bedömningar och nyckeltal {}–{}.", "{} in {}: follow-ups, assessments and key figures {}–{}."}},
        {"area", {"Kundvalsområde", "Customer-choice area"}},
        {"address", {"Adress", "Address"}},
        {"unit_figures_caption", {"Nyckeltal för {} {}–{}", "Key figures of {} {}–{}"}},
        {"year", {"År", "Year"}},
        {"history", {"Uppföljningar {}–{}", "Follow-ups {}–{}"}},
        {"history_caption", {"Uppföljningar av {} {}–{}, den senaste först", "Follow-ups of {} {}–{}, latest first"}},
        {"no_history", {"Enheten har inte följts upp de senaste fem åren.", "The unit has not been followed up in the last five years."}},
        {"date", {"Datum", "Date"}},
        {"form", {"Uppföljning", "Follow-up"}},
        {"deficiencies", {"Brister", "Deficiencies"}},
        {"summary", {"Sammanfattning", "Summary"}},
        {"summary_no_deficiency", {"Inga brister.", "No deficiencies."}},
        {"summary_deficient", {"Villkor som inte var uppfyllda:", "Conditions not met:"}},
        {"decision_no_action", {"Ingen åtgärd.", "No action."}},
        {"decision_pointed_out", {"Bristerna påtalades och enheten ska åtgärda dem.", "The deficiencies were pointed out and the unit is to remedy them."}},
        {"decision_remark", {"Nämnden gav en anmärkning.", "The board issued a remark."}},
        {"decision_injunction", {"Nämnden gav ett föreläggande.", "The board issued an injunction."}},
        {"decision_injunction_with_fine", {"Nämnden gav ett föreläggande med vite.", "The board issued an injunction with a fine."}},
        {"decision_revocation", {"Nämnden återkallade auktorisationen.", "The board revoked the authorization."}},
        {"back_to_area", {"Tillbaka till {}", "Back to {}"}},
        {"data_title", {"Öppna data: {}s uppföljning av anordnare {}", "Open data: {}'s follow-up of providers {}"}},
        {"data_intro", {"Nyckeltalen på sidorna som öppna data, en fil per nyckeltal och år, nycklade som i Kolada. Fria att använda (CC0).",
                        "The pages' key figures as open data, one file per key figure and year, keyed as in Kolada. Free to use (CC0)."}},
        {"publisher", {"Utgivare", "Publisher"}},
        {"licence", {"Licens", "Licence"}},
        {"updated", {"Uppdaterad", "Updated"}},
        {"contact", {"Kontakt", "Contact"}},
        {"columns", {"Kolumner", "Columns"}},
        {"columns_explained", {"kpi (nyckeltal), municipality (kommunkod), unit (enhet), unit_name, area (kundvalsområde), period (år), gender (T totalt), "
                               "value, n (antal svar), status (”..” = visas inte, färre än {} svar; då är value tomt). I filen med semikolon har talen decimalkomma, "
                               "i filen med komma decimalpunkt.",
                               "kpi (key figure), municipality (municipality code), unit, unit_name, area (customer-choice area), period (year), gender (T total), "
                               "value, n (answers), status (“..” = withheld, fewer than {} answers; value is then empty). The semicolon file has decimal commas, "
                               "the comma file decimal points."}},
        {"datasets", {"Datamängder", "Datasets"}},
        {"description", {"Beskrivning", "Description"}},
        {"files", {"Filer", "Files"}},
        {"schema", {"JSON-filerna följer ett schema:", "The JSON files follow a schema:"}},
    };
    return w;
}

}  // namespace

const std::string& text(Language lang, std::string_view key) {
    const auto& w = words();
    auto it = w.find(key);
    if (it == w.end()) throw std::out_of_range(fmt::format("the residents' site has no words for '{}'", key));
    return lang == Language::en ? it->second.en : it->second.sv;
}

std::string ownership_word(Language lang, sdk::Ownership ownership) {
    switch (ownership) {
        case sdk::Ownership::municipal: return lang == Language::en ? "Municipal" : "Kommunal";
        case sdk::Ownership::non_profit: return lang == Language::en ? "Non-profit" : "Idéburen";
        case sdk::Ownership::private_company: break;
    }
    return lang == Language::en ? "Private" : "Privat";
}

std::string deficiencies_in_words(Language lang, int count) {
    if (lang == Language::en) return count == 0 ? "No open deficiencies" : count == 1 ? "1 open deficiency" : fmt::format("{} open deficiencies", count);
    return count == 0 ? "Inga öppna brister" : count == 1 ? "1 öppen brist" : fmt::format("{} öppna brister", count);
}

std::string number(Language lang, double value) { return sdk::format_number(value, 1, lang == Language::en ? sdk::Language::en : sdk::Language::sv); }

// Colours meet WCAG AA contrast (4.5:1 for text) on their backgrounds; focus is a thick outline
// that every interactive element shows; from 44em down, every table becomes one card per row
// (its row heading as the card's title, each cell with its column's name), so a phone never
// scrolls sideways; a word longer than its cell may break (overflow-wrap: anywhere) rather than
// be cut off by the table's frame: the residents' checks find no clipped cell at 320, 375 and
// 1280 px.
const char* const site_style = R"CSS(:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; margin: 0; color: #1d2329; background: #fff; line-height: 1.5; font-size: 1rem; }
header.site, nav.crumbs, main, footer.site { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header.site { padding-top: 0.6rem; border-bottom: 1px solid #d5dbe0; }
header.site p { margin: 0 0 0.6rem; font-weight: 600; }
a { color: #0b5394; }
a:hover { color: #073763; }
:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
main:focus { outline: none; }
.skip { position: absolute; left: 0.5rem; top: -4rem; background: #fff; padding: 0.5rem 0.8rem; border: 2px solid #0b5394; z-index: 10; }
.skip:focus { top: 0.5rem; }
.sr { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
nav.crumbs ol { list-style: none; padding: 0; margin: 0.6rem auto; display: flex; flex-wrap: wrap; gap: 0.3rem; font-size: 0.92rem; }
nav.crumbs li + li::before { content: "›"; margin-right: 0.3rem; color: #5d6770; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 1rem 0 0.6rem; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 1.6rem 0 0.5rem; }
.note { color: #5d6770; font-size: 0.88em; }
.scroll { overflow-x: auto; max-width: 100%; margin: 0.6rem 0 1rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.88rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { border-bottom: 1px solid #d5dbe0; padding: 0.35rem 0.4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: #f1f4f6; }
thead th a { color: #1d2329; }
.num { text-align: right; }
.badge { display: inline-block; padding: 0 0.35rem; border-radius: 3px; font-size: 0.8rem; font-weight: 600; }
.badge.new { background: #e6f0f7; color: #0b3b66; }
.badge.ended { background: #f7e9e6; color: #6b2414; }
tr.compare th, tr.compare td { background: #f7f9fa; }
form.filters { display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; align-items: flex-start; margin: 1rem 0 0.4rem; }
form.filters h2 { flex-basis: 100%; margin: 0; font-size: 1.1rem; }
fieldset { border: 1px solid #d5dbe0; border-radius: 4px; padding: 0.3rem 0.7rem 0.5rem; margin: 0; min-width: 0; }
legend { font-weight: 600; padding: 0 0.3rem; }
.choice { display: inline-block; margin: 0.15rem 0.7rem 0.15rem 0; white-space: nowrap; }
.choice input { margin: 0 0.3rem 0 0; width: 1.1rem; height: 1.1rem; vertical-align: -0.15rem; }
.shown { min-height: 1.5em; margin: 0.3rem 0; }
.sortnav { display: none; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
dl.facts ul { margin: 0.2rem 0; padding-left: 1.2rem; }
dl.explain dt { font-weight: 600; margin-top: 0.5rem; }
dl.explain dd { margin-left: 0; }
footer.site { margin-top: 2rem; border-top: 1px solid #d5dbe0; padding-top: 0.5rem; padding-bottom: 1.5rem; }
@media screen and (max-width: 44em) {
  h1 { font-size: 1.4rem; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: 0.4rem; }
  .sortnav { display: block; margin: 0.4rem 0; }
  .sortnav ul { list-style: none; padding: 0; margin: 0.2rem 0 0; display: flex; flex-wrap: wrap; gap: 0.3rem 0.9rem; }
  table.cards, table.cards tbody, table.cards tr, table.cards th, table.cards td, table.cards caption { display: block; width: auto; }
  table.cards thead { display: none; }
  table.cards tr { border: 1px solid #c9d1d8; border-radius: 6px; margin: 0 0 0.8rem; padding: 0.5rem 0.7rem; }
  table.cards th[scope="row"] { border: 0; padding: 0 0 0.3rem; font-size: 1.05rem; background: none; }
  /* Two columns that may both shrink (minmax(0, …)): a long word in either wraps inside its
     card instead of pushing the card past the screen's edge. */
  table.cards td { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 0 0.5rem; border: 0; padding: 0.15rem 0; text-align: left; background: none; }
  table.cards td::before { content: attr(data-label); font-weight: 600; }
}
@media print {
  @page { size: A4; margin: 15mm; }
  body { font-size: 10pt; }
  header.site, nav.crumbs, main, footer.site { max-width: none; padding: 0; }
  table { font-size: 8pt; }
  th, td { padding: 0.15rem 0.25rem; }
  .skip, form.filters, .shown, .sortnav, nav.crumbs, footer.site a, .sr, .arrow { display: none; }
  a { color: #000; text-decoration: none; }
  .scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  thead th { background: #e8ecef; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
)CSS";

// The page works without it: the headings link to pre-sorted copies of the page, and the filter
// acts through the style sheet. With it, sorting happens in place (the filter's choices stay),
// the filter also works in browsers without :has(), and a live line says how many units show.
const char* const site_script = R"JS((function () {
  'use strict';
  var table = document.getElementById('enheter');
  if (!table) return;
  var tbody = table.tBodies[0];
  var form = document.getElementById('filter');
  var count = document.getElementById('antal');
  var headers = table.tHead ? Array.prototype.slice.call(table.tHead.rows[0].cells) : [];
  var caption = table.caption;

  function sortBy(column, descending) {
    var numeric = headers[column].getAttribute('data-type') === 'number';
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].getAttribute('data-sort') || '', y = b.cells[column].getAttribute('data-sort') || '';
      if ((x === '') !== (y === '')) return x === '' ? 1 : -1;  // missing values last either way
      if (x === '') return 0;
      // Text cells carry the server's sort key (Swedish order: å, ä, ö after z), so plain
      // comparison gives the same order as the pre-sorted pages.
      var c = numeric ? parseFloat(x) - parseFloat(y) : (x < y ? -1 : x > y ? 1 : 0);
      return descending ? -c : c;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
    headers.forEach(function (h, i) {
      var arrow = h.querySelector('.arrow');
      var hint = h.querySelector('.sr');
      if (i === column) {
        h.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
        if (arrow) arrow.textContent = descending ? ' \u25BC' : ' \u25B2';
        if (hint) hint.textContent = ' ' + table.getAttribute(descending ? 'data-hint-asc' : 'data-hint-desc');
      } else {
        h.removeAttribute('aria-sort');
        if (arrow) arrow.textContent = '';
        if (hint) hint.textContent = ' ' + table.getAttribute('data-hint-asc');
      }
    });
    if (caption) caption.textContent = table.getAttribute('data-caption')
        .replace('{column}', headers[column].querySelector('a').firstChild.textContent)
        .replace('{direction}', table.getAttribute(descending ? 'data-desc' : 'data-asc'));
  }

  function onSortLink(event) {
    var link = event.target.closest('a[data-col]');
    if (!link) return;
    event.preventDefault();
    var column = parseInt(link.getAttribute('data-col'), 10);
    var current = headers[column].getAttribute('aria-sort');
    var descending = link.hasAttribute('data-desc') ? true : link.hasAttribute('data-asc') ? false : current === 'ascending';
    sortBy(column, descending);
  }
  table.tHead.addEventListener('click', onSortLink);
  var nav = document.querySelector('.sortnav');
  if (nav) nav.addEventListener('click', onSortLink);

  function filter() {
    var chosen = {};
    if (form) Array.prototype.forEach.call(form.querySelectorAll('input[type=radio]:checked'), function (r) { chosen[r.name] = r.value; });
    var shown = 0;
    Array.prototype.forEach.call(tbody.rows, function (row) {
      var keep = (!chosen.d || 'f-' + row.getAttribute('data-d') === chosen.d) &&
                 (!chosen.o || 'f-o-' + row.getAttribute('data-o') === chosen.o) &&
                 (!chosen.b || 'f-b-' + row.getAttribute('data-b') === chosen.b);
      row.hidden = !keep;
      if (keep) shown += 1;
    });
    if (count) count.textContent = count.getAttribute('data-template').replace('{shown}', shown).replace('{total}', tbody.rows.length);
  }
  if (form) form.addEventListener('change', filter);
  filter();
})();
)JS";

}  // namespace followup::core::publishing
