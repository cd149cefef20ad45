#include "config/publishing_settings.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace followup::core {

// The residents' site and open data ([publishing], beside min_group_size and key_figures):
// the keys open data is keyed by, where the site is served, and what residents read about
// each key figure. Each explanation or target must be for a published key figure, so a typo
// is an unknown key with a "did you mean".
void read_publishing_site(sdk::ConfigReader& r, MunicipalityConfig& config) {
    if (auto code = r.string("municipality_code", false)) {
        if (code->size() == 4 && std::all_of(code->begin(), code->end(), [](char c) { return c >= '0' && c <= '9'; }))
            config.municipality_code = *code;
        else
            r.error("municipality_code", fmt::format("found \"{}\"; expected the municipality's four-digit code (kommunkod), e.g. \"0182\"", *code));
    }
    if (auto url = r.string("base_url", false)) {
        if (url->rfind("https://", 0) == 0 || url->rfind("http://", 0) == 0)
            config.publishing_base_url = url->back() == '/' ? *url : *url + "/";
        else
            r.error("base_url", fmt::format("found \"{}\"; expected an absolute web address starting with https://", *url));
    }
    // The residents' contact and the site's address are published: a placeholder (example.se)
    // would send a resident nowhere, so only a configuration marked as an example may have one.
    auto placeholder = [](std::string host) {
        std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        for (const char* reserved : {"example.se", "example.com", "example.org", "example.net"})
            if (host == reserved || host.ends_with(std::string(".") + reserved)) return true;
        for (const char* tld : {".example", ".invalid", ".test", ".localhost"})
            if (host.ends_with(tld)) return true;
        return false;
    };
    auto host_of_url = [](const std::string& url) {
        const auto start = url.find("://") + 3;
        return url.substr(start, url.find_first_of("/:?#", start) - start);
    };
    const std::string as_example = " (a configuration made to show the system may say so: [municipality] example = true)";
    if (!config.municipality.example && !config.publishing_base_url.empty() && placeholder(host_of_url(config.publishing_base_url)))
        r.error("base_url", fmt::format("found \"{}\", a placeholder address; expected where the municipality serves the site{}", config.publishing_base_url, as_example));
    if (auto contact = r.string("contact", false)) {
        const auto at = contact->find('@');
        const bool mail = at != std::string::npos && at > 0 && contact->find('.', at) != std::string::npos && contact->find(' ') == std::string::npos;
        const bool web = contact->rfind("https://", 0) == 0 || contact->rfind("http://", 0) == 0;
        if (!mail && !web)
            r.error("contact", fmt::format("found \"{}\"; expected an e-mail address (kundval@kommun.se) or a web page (https://…) residents can reach", *contact));
        else if (!config.municipality.example && placeholder(mail ? contact->substr(at + 1) : host_of_url(*contact)))
            r.error("contact", fmt::format("found \"{}\", a placeholder address; expected the municipality's own contact{}", *contact, as_example));
        else
            config.publishing_contact = *contact;
    }
    r.table("key_figure_descriptions", false, [&](sdk::ConfigReader& d) {
        for (const auto& key : config.published_key_figures)
            if (auto text = d.string(key, false)) config.key_figure_descriptions[key] = *text;
    });
    r.table("key_figure_targets", false, [&](sdk::ConfigReader& t) {
        for (const auto& key : config.published_key_figures)
            if (auto target = t.number(key, -1e12, 1e12, false)) config.key_figure_targets[key] = *target;
    });
    r.table("districts", false, [&](sdk::ConfigReader& d) {
        for (const auto& name : d.keys()) {
            std::vector<std::string> prefixes;
            for (const auto& code : d.strings(name, true)) {
                std::string digits;
                for (char c : code)
                    if (c != ' ') digits += c;
                if (digits.empty() || digits.size() > 5 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
                    d.error(name, fmt::format("found \"{}\"; expected a postcode or its leading digits, e.g. \"131\" or \"132 36\"", code));
                else
                    prefixes.push_back(digits);
            }
            config.districts.emplace_back(name, std::move(prefixes));
        }
    });
}

}  // namespace followup::core
