// The example municipality's people and places: providers with Swedish names in Nacka's places,
// their organisation numbers and authorizations, and the preschools' units with addresses.
#include <set>

#include <fmt/format.h>

#include "demo/demo_internal.hpp"
#include "store/record_kinds.hpp"

namespace followup::core::demo {
using namespace std::chrono;

namespace {

const std::vector<std::string> first_parts{"Ekorren", "Tallen", "Björken", "Lärkan", "Ugglan", "Myran", "Solen", "Stjärnan", "Kotten",
                                          "Humlan", "Vitsippan", "Trollet", "Fyren", "Ankaret", "Eken", "Linden", "Kastanjen", "Måsen",
                                          "Skutan", "Sjöstjärnan", "Tranan", "Lönnen", "Vågen", "Klövern"};
const std::vector<std::string> places{"Sickla", "Finntorp", "Saltsjöbaden", "Fisksätra", "Orminge", "Boo", "Älta", "Järla",
                                      "Björknäs", "Ektorp", "Henriksdal", "Kummelnäs", "Duvnäs", "Tollare", "Skuru"};

}  // namespace

std::string org_number(const std::string& prefix6, int serial) {
    return org_number_with_check_digit(prefix6 + fmt::format("{:03}", serial % 1000));
}

std::vector<SimProvider> make_providers(const MunicipalityConfig& config, Random& rnd, int first_year, int last_year) {
    std::vector<SimProvider> providers;
    int serial = 0;
    std::set<std::string> municipal_areas;
    for (const auto& area : config.areas) {
        // The weights sum to about 400; the municipality's own units collapse into one provider
        // per area, so 1.4 times the weight gives the example municipality's 450 providers.
        const int n = (area_weight.count(area.id) ? area_weight.at(area.id) : 10) * 14 / 10;
        for (int i = 0; i < n; ++i) {
            SimProvider p;
            const double r = rnd.unit();
            p.area = area.id;
            p.ownership = r < 0.22 && area.id != "pedagogisk_omsorg" ? sdk::Ownership::municipal
                          : r < 0.32                                  ? sdk::Ownership::non_profit
                                                                      : sdk::Ownership::private_company;
            p.quality = 0.55 + 0.45 * rnd.unit();
            // A few new providers, authorized this year and not yet followed up.
            const bool fresh = i % 17 == 5;
            p.granted = fresh ? sdk::Date{year{last_year} / month{static_cast<unsigned>(rnd.between(4, 10))} / 1}
                              : sdk::Date{year{rnd.between(2008, first_year - 1)} / month{static_cast<unsigned>(rnd.between(1, 12))} / 1};
            if (p.ownership == sdk::Ownership::municipal) {
                if (municipal_areas.insert(area.id).second) {
                    p.org = municipal_org;
                    p.name = "Nacka kommun, egen regi";
                    p.granted = year{2005} / 1 / 1;
                    providers.push_back(p);
                }
                continue;  // one municipal provider per area, with units
            }
            ++serial;
            p.org = org_number(p.ownership == sdk::Ownership::non_profit ? "802400" : "559" + fmt::format("{:03}", serial / 1000), serial);
            const std::string base = rnd.pick(first_parts);
            if (area.id == "forskola") p.name = "Förskolan " + base + (p.ownership == sdk::Ownership::non_profit ? " ekonomisk förening" : " AB");
            else if (area.id == "pedagogisk_omsorg") p.name = "Dagbarnvården " + base + " " + rnd.pick(places);
            else if (area.id == "hemtjanst") p.name = base + " Hemtjänst " + rnd.pick(places) + " AB";
            else if (area.id == "kulturskola") p.name = "Kulturskolan " + base;
            else p.name = base + " " + rnd.pick(places) + (p.ownership == sdk::Ownership::non_profit ? " (ideell)" : " AB");
            p.fraud = area.id == "hemtjanst" && (serial % 19 == 3);
            p.short_delivery = area.id == "hemtjanst" && (serial % 23 == 7);
            providers.push_back(p);
        }
    }
    return providers;
}

void register_providers(const std::vector<SimProvider>& providers, MemoryRegister& reg, Random& rnd) {
    std::map<std::string, sdk::Provider> provider_rows;
    for (const auto& p : providers) {
        provider_rows[p.org] = {p.org, p.name, p.ownership};
        reg.authorizations_list.push_back({p.org, p.area, sdk::AuthorizationStatus::active, p.granted, std::nullopt});
    }
    for (const auto& [org, row] : provider_rows) reg.providers.push_back(row);
    int unit_serial = 0;
    for (const auto& p : providers) {
        if (p.area != "forskola" && p.area != "pedagogisk_omsorg") continue;
        const int units = p.org == municipal_org ? 18 : (rnd.chance(0.25) ? 2 : 1);
        for (int u = 0; u < units; ++u) {
            const std::string place = rnd.pick(places);
            reg.units.push_back({fmt::format("e{:04}", ++unit_serial), p.org,
                                 p.org == municipal_org ? "Förskolan " + rnd.pick(first_parts) + " " + place : p.name + (units > 1 ? " " + place : ""),
                                 fmt::format("{}vägen {}, 13{} {:02} Nacka", rnd.pick(first_parts), rnd.between(1, 60), rnd.between(1, 4), rnd.between(10, 99)),
                                 p.area});
        }
    }
}


void end_some_authorizations(const std::vector<SimProvider>& providers, MemoryRegister& reg, int last_year) {
    // After the simulated years, so the history before the end is there. A few providers leave
    // each year (their own wish, a contract's end) and the weakest are revoked; each ends a month
    // after its last follow-up, so no visit comes after the end.
    for (std::size_t i = 0; i < providers.size(); ++i) {
        const SimProvider& p = providers[i];
        if (p.org == municipal_org) continue;
        const bool revoke = p.quality < 0.58 && i % 13 == 0;
        const bool leave = !revoke && i % 53 == 17;
        if (!revoke && !leave) continue;
        sdk::Date end = year{last_year} / 6 / 30;
        for (const auto& a : reg.activities)
            if (a.provider == p.org && a.area_id == p.area && a.done && end < *a.done) end = *a.done;
        end = sys_days{end} + days{30};
        if (year{last_year} / 12 / 31 < end) continue;  // active to the end of the year: it stays
        for (auto& a : reg.authorizations_list)
            if (a.provider == p.org && a.area_id == p.area) {
                a.ended = end;
                if (revoke) a.status = sdk::AuthorizationStatus::revoked;
            }
        // Planned follow-ups after the end are cancelled with it.
        for (auto& a : reg.activities)
            if (a.provider == p.org && a.area_id == p.area && !a.done && end < a.planned.first) a.status = sdk::ActivityStatus::cancelled;
    }
}

}  // namespace followup::core::demo
