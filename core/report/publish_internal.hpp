// The residents' site, between gathering and writing: what publish.cpp reads from the register
// (per area, per unit), and what publish_pages.cpp (the HTML), publish_open_data.cpp (the
// Kolada-like files, the catalogue, the sitemap) and publish_text.cpp (words, style, script)
// turn it into. Private to core/report.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "config/municipality_config.hpp"
#include "followup/sdk/scale.hpp"
#include "followup/sdk/types.hpp"
#include "report/publish.hpp"

namespace followup::core::publishing {

/// A key figure's value for one unit (or the area) over one year: the answer-weighted mean of
/// the values recorded in the year. `answers` counts the answers behind it where the source has
/// them (surveys); a statistic without answers is shown as it is.
struct Figure {
    double value = 0;
    int answers = 0;
    bool has_answers = false;
    /// An area's figure that would give away a withheld unit's: when the units withheld together
    /// had fewer answers than the minimum, the area's figure minus the shown units' is theirs
    /// (secondary suppression, as statistics offices do).
    bool reveals_withheld = false;
};

/// Whether a figure may be shown: the small-number rule (Swedish official statistics' ".."),
/// applied to every published number computed from answers — a unit's and an area's alike.
inline bool withheld(const Figure& f, int minimum) { return (f.has_answers && f.answers < minimum) || f.reveals_withheld; }

/// One follow-up of a unit, as residents may see it.
struct HistoryEntry {
    int year = 0;
    std::string date;   ///< ISO date, or empty for an unannounced visit (its date is never shown)
    /// What residents may sort by: the date, or the year alone for an unannounced visit, so an
    /// ordering never betrays its date either.
    std::string sort_key;
    std::string form;   ///< the form's name from configuration
    std::string grade;  ///< the worst grade in words, or empty when none was given
    int grade_rank = -1;
    int deficiencies = 0;
    std::string summary;  ///< the deficient conditions and what the board decided, in words
};

/// One row residents compare: a unit, or a provider without registered units in the area.
struct UnitRow {
    std::string id;  ///< URL-safe and stable: the unit's id, else the organisation number, else a name slug
    std::string name;
    std::string provider_name;
    std::string provider_org;  ///< empty when it is a personal identity number (a sole trader)
    sdk::Ownership ownership = sdk::Ownership::private_company;
    std::string address;
    std::string district;  ///< empty when not known
    bool is_new = false;
    std::optional<sdk::Date> ended;  ///< the authorization ended (and none is in force on the day shown)
    std::optional<HistoryEntry> latest;  ///< the latest follow-up up to the end of the year
    int open_deficiencies = 0;  ///< conditions still deficient (open or awaiting verification) now
    std::vector<std::string> open_conditions;  ///< their texts
    std::map<std::string, Figure> figures;                   ///< the year's figures, by key figure
    std::map<int, std::map<std::string, Figure>> yearly;     ///< five years' figures, by year
    std::vector<HistoryEntry> history;                       ///< five years, newest first
};

struct AreaPage {
    const sdk::Area* area = nullptr;
    std::string board_name;
    const sdk::GradingScale* scale = nullptr;
    std::vector<UnitRow> units;        ///< by name: those residents can choose, in force on the day shown
    /// Authorized at some time in the year but ended or revoked by the day shown: not on the list
    /// or in the open data, but their pages stay at their addresses and say so.
    std::vector<UnitRow> departed;
    std::vector<std::string> keys;     ///< the published key figures with a value in the area
    std::map<std::string, Figure> average;  ///< the area's figure per key: all units' answers together
    std::vector<std::string> districts;     ///< the districts of its units, sorted
};

struct Site {
    const MunicipalityConfig* config = nullptr;
    int year = 0;
    Language lang = Language::sv;
    std::string published;  ///< the day the site was written (ISO), for the data catalogue
    std::vector<AreaPage> areas;
};

/// Organisation numbers whose third digit is below 2 are personal identity numbers (a sole
/// trader's business is registered under the owner's own number): never published.
bool is_personal_identity_number(std::string_view org_number);

// ---- words (publish_text.cpp): the residents' site's own catalogue, sv and en ----
const std::string& text(Language lang, std::string_view key);
std::string ownership_word(Language lang, sdk::Ownership ownership);
/// "1 öppen brist" / "Inga öppna brister": deficiency counts in words.
std::string deficiencies_in_words(Language lang, int count);
std::string number(Language lang, double value);  ///< "87,3" / "87.3"
extern const char* const site_style;   ///< stil.css
extern const char* const site_script;  ///< jamfor.js: sorting in place and live counts, on top of what works without it

// ---- pages (publish_pages.cpp) ----
/// Writes every page; returns the site-relative paths of the canonical pages (for the sitemap).
std::vector<std::string> write_pages(const Site& site, const std::filesystem::path& root, PublishedFiles& out);

// ---- open data (publish_open_data.cpp) ----
void write_open_data(const Site& site, const std::filesystem::path& root, PublishedFiles& out);
void write_sitemap(const Site& site, const std::vector<std::string>& pages, const std::filesystem::path& root, PublishedFiles& out);
/// A text cell of a published CSV: a leading =, +, -, @, tab or carriage return is prefixed
/// with an apostrophe, so no spreadsheet runs it as a formula (as the compilation's CSVs do).
std::string csv_text_safe(std::string_view text);

/// Writes a file of the site, creating its folder.
void write_file(const std::filesystem::path& file, const std::string& content, PublishedFiles& out);

}  // namespace followup::core::publishing
