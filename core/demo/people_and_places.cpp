// The example municipality's people and places: providers with plausible Swedish names (no two
// organisations share one), organisation numbers of legal persons, authorizations granted and
// ended over the years, and every provider's units at addresses in Nacka's districts. The
// municipality's own units are units of its one provider, side by side with the private ones.
#include <set>

#include <fmt/format.h>

#include "demo/demo_internal.hpp"
#include "store/record_kinds.hpp"

namespace followup::core::demo {
using namespace std::chrono;

namespace {

const std::vector<std::string> nature{"Ekorren", "Tallen", "Björken", "Lärkan", "Ugglan", "Myran", "Solrosen", "Stjärnan", "Kotten",
                                      "Humlan", "Vitsippan", "Trollet", "Fyren", "Ankaret", "Eken", "Linden", "Kastanjen", "Måsen",
                                      "Skutan", "Sjöstjärnan", "Tranan", "Lönnen", "Vågen", "Klövern", "Blåbäret", "Lingonet",
                                      "Nyckelpigan", "Fjärilen", "Svalan", "Rönnen", "Hasseln", "Ängen", "Bäcken", "Gläntan",
                                      "Uttern", "Bävern", "Räven", "Igelkotten", "Snäckan", "Näckrosen", "Vassen", "Granen",
                                      "Aspen", "Hägern", "Vildrosen", "Smultronet", "Mossen", "Stenen", "Kompassen", "Seglet"};
const std::vector<std::string> surnames{"Andersson", "Bergström", "Lindqvist", "Holm", "Ekström", "Sandberg", "Wallin", "Nyberg",
                                        "Åberg", "Forsberg", "Lundgren", "Hedlund", "Sjöberg", "Engström", "Dahl", "Falk",
                                        "Blom", "Norén", "Strand", "Vik", "Ahmadi", "Karimi", "Nieminen", "Kowalski", "Haddad"};
const std::vector<std::string> motifs{"Omsorg", "Vård & Omsorg", "Stöd & Service", "Assistans", "Care", "Omsorgspartner", "Livskvalitet"};

/// A district of Nacka: its streets, postcode series and post town.
struct District {
    std::string name;
    std::vector<std::string> streets;
    int postcode;  ///< the first four digits; the fifth is drawn
    std::string town;
};
const std::vector<District> districts{
    {"Sickla", {"Sickla allé", "Smedjegatan", "Marcusplatsen", "Atlasvägen"}, 1315, "Nacka"},
    {"Järla", {"Järla gårdsväg", "Birkavägen", "Ljusbärarvägen"}, 1314, "Nacka"},
    {"Finntorp", {"Finntorpsvägen", "Vikdalsvägen", "Helgesons väg"}, 1313, "Nacka"},
    {"Ektorp", {"Ektorpsvägen", "Torggatan", "Ektorps centrum"}, 1315, "Nacka"},
    {"Henriksdal", {"Henriksdalsringen", "Gustaf af Klints väg"}, 1313, "Nacka"},
    {"Skuru", {"Skurusundsvägen", "Skuruparken"}, 1314, "Nacka"},
    {"Björknäs", {"Björknäsvägen", "Ramsmoravägen", "Kvarnvägen"}, 1323, "Saltsjö-Boo"},
    {"Orminge", {"Kanholmsvägen", "Edövägen", "Ormingeringen", "Utövägen"}, 1323, "Saltsjö-Boo"},
    {"Boo", {"Boovägen", "Evedalsvägen", "Gustavsviksvägen"}, 1324, "Saltsjö-Boo"},
    {"Kummelnäs", {"Kummelnäsvägen", "Telegrafberget"}, 1324, "Saltsjö-Boo"},
    {"Tollare", {"Tollare strand", "Tollare träskväg"}, 1324, "Saltsjö-Boo"},
    {"Duvnäs", {"Duvnäsvägen", "Saltsjö-Duvnäs torg"}, 1315, "Saltsjö-Duvnäs"},
    {"Saltsjöbaden", {"Saltsjöbadsvägen", "Tattbyvägen", "Neglingevägen"}, 1333, "Saltsjöbaden"},
    {"Fisksätra", {"Fisksätra torg", "Fiskarvägen", "Båtbyggarvägen"}, 1334, "Saltsjöbaden"},
    {"Älta", {"Ältavägen", "Stensövägen", "Oxelvägen"}, 1383, "Älta"},
};

std::string without_legal_form(std::string name) {
    for (const char* suffix : {" AB", " ek. för.", " ekonomisk förening", " ideell förening"})
        if (name.ends_with(suffix)) return name.substr(0, name.size() - std::string(suffix).size());
    return name;
}

/// A name for a new provider of `area`, drawn until no organisation has it.
std::string provider_name(const std::string& area, sdk::Ownership ownership, Random& rnd, std::set<std::string>& taken) {
    const bool non_profit = ownership == sdk::Ownership::non_profit;
    for (int attempt = 0;; ++attempt) {
        const std::string base = rnd.pick(nature), surname = rnd.pick(surnames), place = rnd.pick(districts).name;
        const int pattern = rnd.between(0, 2);
        std::string name;
        if (area == "forskola")
            name = non_profit ? (pattern == 0 ? "Föräldrakooperativet " + base + " ek. för." : "Förskolan " + base + " i " + place + " ek. för.")
                              : (pattern == 0   ? base + " Förskolor AB"
                                 : pattern == 1 ? "Förskolan " + base + " i " + place + " AB"
                                                : surname + "s Förskola AB");
        else if (area == "pedagogisk_omsorg")
            name = pattern == 0 ? surname + "s Familjedaghem AB" : "Dagbarnvården " + base + " i " + place + " AB";
        else if (area == "kulturskola")
            name = non_profit ? "Kulturföreningen " + base : pattern == 0 ? base + " Musikskola AB" : pattern == 1 ? place + " Dansstudio AB"
                                                                                                   : surname + " Kulturskola AB";
        else if (area == "arbetsmarknadsinsatser" || area == "vuxenutbildning")
            name = non_profit ? "Studieförbundet " + base : pattern == 0 ? base + " Kompetens AB" : pattern == 1 ? surname + " Utbildning AB"
                                                                                                  : place + " Jobbcenter AB";
        else if (area == "hemtjanst")
            name = non_profit ? "Hemtjänstkooperativet " + base + " ek. för." : pattern == 0 ? base + " Hemtjänst AB"
                                                                               : pattern == 1 ? surname + " " + rnd.pick(motifs) + " AB"
                                                                                              : place + " Hemtjänst AB";
        else
            name = non_profit ? (pattern == 0 ? "Stiftelsen " + base : "Föreningen " + base + " i " + place)
                              : (pattern == 0 ? base + " " + rnd.pick(motifs) + " AB" : surname + " " + rnd.pick(motifs) + " AB");
        if (attempt > 20) name = without_legal_form(name) + " " + std::to_string(attempt) + " AB";  // never reached in practice
        if (taken.insert(name).second) return name;
    }
}

/// A ten-digit organisation number of a legal person: the third digit 2 or more (a personal
/// identity number's third digit is a month's first, 0 or 1), a valid Luhn check digit, unused.
std::string new_org_number(sdk::Ownership ownership, Random& rnd, std::set<std::string>& taken) {
    for (;;) {
        // 556/559: limited companies; 769: economic associations; 802: non-profit associations and foundations.
        const std::string prefix = ownership == sdk::Ownership::non_profit ? (rnd.chance(0.5) ? "802" : "769") : (rnd.chance(0.6) ? "556" : "559");
        const std::string org = org_number_with_check_digit(prefix + fmt::format("{:03}{:03}", rnd.between(0, 999), rnd.between(0, 999)));
        if (taken.insert(org).second) return org;
    }
}

/// How many units a provider of `area` runs.
int units_for(const std::string& area, Random& rnd) {
    if (area == "forskola") return rnd.chance(0.22) ? rnd.between(2, 6) : 1;
    if (area == "hemtjanst") return rnd.between(1, 3);
    if (area == "sarskilt_boende" || area == "bostad_sarskild_service" || area == "daglig_verksamhet") return rnd.chance(0.3) ? 2 : 1;
    return 1;
}

}  // namespace

std::string org_number(const std::string& prefix6, int serial) {
    return org_number_with_check_digit(prefix6 + fmt::format("{:03}", serial % 1000));
}

std::vector<SimProvider> make_providers(const MunicipalityConfig& config, Random& rnd, int first_year, int last_year) {
    std::vector<SimProvider> providers;
    std::set<std::string> names, orgs{municipal_org};
    std::map<std::string, std::vector<std::size_t>> by_board;  // providers that may also run another area of the board
    for (const auto& area : config.areas) {
        // The weights sum to about 400; a fifth of the draws are the municipality's own units and
        // some providers run several areas, so 1.5 times the weight gives about 450 providers.
        const int n = (area_weight.count(area.id) ? area_weight.at(area.id) : 10) * 3 / 2;
        int municipal_units = 0;
        for (int i = 0; i < n; ++i) {
            SimProvider p;
            const double r = rnd.unit();
            p.area = area.id;
            p.ownership = r < 0.2 && area.id != "pedagogisk_omsorg" ? sdk::Ownership::municipal
                          : r < 0.3                                 ? sdk::Ownership::non_profit
                                                                    : sdk::Ownership::private_company;
            p.quality = 0.55 + 0.45 * rnd.unit();
            // Most were authorized before the years shown; some each year after (new providers).
            const bool fresh = i % 11 == 5;
            p.granted = fresh ? sdk::Date{year{rnd.between(first_year, last_year)} / month{static_cast<unsigned>(rnd.between(2, 10))} / 1}
                              : sdk::Date{year{rnd.between(2008, first_year - 1)} / month{static_cast<unsigned>(rnd.between(1, 12))} / 1};
            if (p.ownership == sdk::Ownership::municipal) {
                ++municipal_units;  // a unit of the municipality's own provider, not a provider of its own
                continue;
            }
            // Care companies often run several of a board's areas under one authorization each.
            auto& same_board = by_board[area.board_id];
            const bool other_area = !same_board.empty() && area.board_id != "utbildning" && rnd.chance(0.15);
            if (other_area) {
                const SimProvider& earlier = providers[same_board[static_cast<std::size_t>(rnd.unit() * static_cast<double>(same_board.size()))]];
                if (earlier.area != area.id && earlier.ownership == p.ownership &&
                    std::none_of(providers.begin(), providers.end(), [&](const SimProvider& q) { return q.org == earlier.org && q.area == area.id; })) {
                    p.org = earlier.org, p.name = earlier.name;
                }
            }
            if (p.org.empty()) {
                p.org = new_org_number(p.ownership, rnd, orgs);
                p.name = provider_name(area.id, p.ownership, rnd, names);
            }
            p.units = units_for(area.id, rnd);
            p.fraud = area.id == "hemtjanst" && (providers.size() % 19 == 3);
            p.short_delivery = area.id == "hemtjanst" && (providers.size() % 23 == 7);
            same_board.push_back(providers.size());
            providers.push_back(p);
        }
        if (municipal_units > 0) {
            SimProvider p;
            p.org = municipal_org;
            p.name = "Nacka kommun";
            p.ownership = sdk::Ownership::municipal;
            p.area = area.id;
            p.quality = 0.75 + 0.2 * rnd.unit();
            p.granted = year{2005} / 1 / 1;
            p.units = municipal_units;
            providers.push_back(p);
        }
    }
    return providers;
}

void register_providers(const std::vector<SimProvider>& providers, const MunicipalityConfig& config, MemoryRegister& reg, Random& rnd) {
    std::map<std::string, sdk::Provider> provider_rows;
    for (const auto& p : providers) {
        provider_rows[p.org] = {p.org, p.name, p.ownership};
        reg.authorizations_list.push_back({p.org, p.area, sdk::AuthorizationStatus::active, p.granted, std::nullopt});
    }
    for (const auto& [org, row] : provider_rows) reg.providers.push_back(row);
    std::set<std::string> unit_names, addresses;
    int unit_serial = 0;
    for (const auto& p : providers) {
        const sdk::Area* area = config.area(p.area);
        const std::string area_name = area != nullptr ? area->name.substr(0, area->name.find(" (")) : p.area;
        // A provider named for a place ("Förskolan Ekorren i Älta AB", "Duvnäs Hemtjänst AB") has
        // its units there: a resident reads the name and the address side by side.
        const District* named_for = nullptr;
        for (const auto& d : districts)
            if ((" " + p.name + " ").find(" " + d.name + " ") != std::string::npos) named_for = &d;
        for (int u = 0; u < p.units; ++u) {
            const District& drawn = rnd.pick(districts);  // drawn even when named: the rest of the example stays as it was
            const District& district = named_for != nullptr && p.units == 1 ? *named_for : drawn;
            std::string name;
            if (p.area == "forskola" && (p.units > 1 || p.org == municipal_org)) name = "Förskolan " + rnd.pick(nature);
            else if (p.units == 1 && p.org != municipal_org) name = without_legal_form(p.name);
            else if (p.area == "hemtjanst") name = (p.org == municipal_org ? std::string("Hemtjänsten") : without_legal_form(p.name)) + " " + district.name;
            else name = (p.org == municipal_org ? area_name : without_legal_form(p.name)) + " " + district.name;
            // Two units of one name would confuse residents: the district tells them apart.
            if (unit_names.count(name)) name += p.area == "forskola" && name.find(district.name) == std::string::npos ? " i " + district.name : "";
            for (int n = 2; unit_names.count(name); ++n) name = without_legal_form(name) + " " + std::to_string(n);
            unit_names.insert(name);
            std::string address;
            do address = fmt::format("{} {}, {} {:02} {}", rnd.pick(district.streets), rnd.between(1, 80), district.postcode / 10,
                                     district.postcode % 10 * 10 + rnd.between(0, 9), district.town);
            while (!addresses.insert(address).second);
            reg.units.push_back({fmt::format("e{:04}", ++unit_serial), p.org, name, address, p.area});
        }
    }
}

void end_some_authorizations(const std::vector<SimProvider>& providers, MemoryRegister& reg, int in_year,
                             const std::function<bool(const std::string& org, const std::string& area, sdk::Date on)>& revoke_on) {
    // At the end of each simulated year a few providers leave (their own wish, a contract's end)
    // and some of the weakest are revoked; each ends a month after its last follow-up of the
    // year, so no visit comes after the end.
    for (std::size_t i = 0; i < providers.size(); ++i) {
        const SimProvider& p = providers[i];
        if (p.org == municipal_org) continue;
        const std::size_t draw = (i * 7919 + static_cast<std::size_t>(in_year) * 31) % 97;
        const bool revoke = p.quality < 0.6 && draw < 4;
        const bool leave = !revoke && draw >= 95;
        if (!revoke && !leave) continue;
        auto auth = std::find_if(reg.authorizations_list.begin(), reg.authorizations_list.end(),
                                 [&](const sdk::Authorization& a) { return a.provider == p.org && a.area_id == p.area; });
        if (auth == reg.authorizations_list.end() || auth->ended || year{in_year} / 1 / 1 < auth->granted) continue;
        sdk::Date end = year{in_year} / 6 / 30;
        for (const auto& a : reg.activities)
            if (a.provider == p.org && a.area_id == p.area && a.done && end < *a.done) end = *a.done;
        end = sys_days{end} + days{30};
        if (year{in_year} / 12 / 31 < end) continue;  // active to the end of the year: it stays
        auth->ended = end;
        // Revoked only by a board's decision (recorded by revoke_on), as `followup decide` revokes.
        if (revoke && revoke_on(p.org, p.area, end)) auth->status = sdk::AuthorizationStatus::revoked;
        // Planned follow-ups after the end are cancelled with it.
        for (auto& a : reg.activities)
            if (a.provider == p.org && a.area_id == p.area && !a.done && end < a.planned.first) a.status = sdk::ActivityStatus::cancelled;
    }
}

}  // namespace followup::core::demo
