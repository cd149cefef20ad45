// `followup publish`: the residents' comparison site and its open data, on the example
// municipality with the small fixture register plus tests/fixtures/publish (groups of 4 and 5
// answers, a sole trader, names that look like formulas), checked as a resident and a reuser
// meet them: in headless Chromium with axe-core (tests/browser), with python3-jsonschema, with
// Python's csv module, and by reading every published file.
#include <algorithm>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_support.hpp"

namespace fs = std::filesystem;
using namespace followup::test;
using testing::HasSubstr;
using testing::Not;

namespace {

const fs::path source = fs::path(FOLLOWUP_TEST_SOURCE_DIR);

fs::path publish_fixture(const std::string& kind) { return source / "fixtures" / "publish" / (kind + ".csv"); }

/// The browser tools' paths, from the environment the browser_tools fixture's tests get
/// (tests/browser/CMakeLists.txt, followup_browser_tests).
std::string tool(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

class CliPublish : public testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir;
        register_ = new TestRegister((*dir_) / "r.sqlite");
        ASSERT_TRUE(import_small_fixture(followup));
        for (const char* kind : {"providers", "units", "authorizations", "indicators"}) {
            const auto r = run(followup(std::string("import ") + kind + " " + quoted(publish_fixture(kind))));
            ASSERT_EQ(r.exit_code, 0) << kind << ": " << r.output;
        }
        published_ = new CommandResult(run(followup("publish --year 2025 --out " + quoted(site()))));
    }
    static void TearDownTestSuite() {
        delete published_;
        delete register_;
        delete dir_;
    }
    static std::string followup(const std::string& args) { return followup_command(example_config(), *register_, args); }
    static fs::path site() { return (*dir_) / "site"; }
    static const CommandResult& published() { return *published_; }
    static std::string area(const std::string& id) { return read_file(site() / "omrade" / id / "index.html"); }

    /// The cells of a unit's row on an area page, from its name's link to the end of the row.
    static std::string row_of(const std::string& page, const std::string& unit_name) {
        const auto at = page.find("<bdi>" + unit_name + "</bdi></a>");  // a name from the register is isolated
        if (at == std::string::npos) return "(" + unit_name + " is not on the page)";
        return page.substr(at, page.find("</tr>", at) - at);
    }
    /// The area's own figure for a key figure, from the table above the units'.
    static std::string area_figure(const std::string& page, const std::string& key_name) {
        const auto at = page.find("<th scope=\"row\">" + key_name + "</th>");
        if (at == std::string::npos) return "(" + key_name + " is not in the area's table)";
        return page.substr(at, page.find("</tr>", at) - at);
    }

private:
    static TempDir* dir_;
    static TestRegister* register_;
    static CommandResult* published_;
};
TempDir* CliPublish::dir_ = nullptr;
TestRegister* CliPublish::register_ = nullptr;
CommandResult* CliPublish::published_ = nullptr;

TEST_F(CliPublish, WritesAPagePerAreaAndPerUnitAtStableAddresses) {
    ASSERT_EQ(published().exit_code, 0) << published().output;
    EXPECT_THAT(published().output, HasSubstr("The residents' site: "));
    // /omrade/<area>/enhet/<unit>/: the address a resident bookmarks or a search engine keeps.
    for (const auto& page : {"index.html", "omrade/forskola/index.html", "omrade/forskola/enhet/u0/index.html",
                             "omrade/kulturskola/index.html", "omrade/forskola/sortera-namn-fallande.html", "data/index.html", "stil.css", "jamfor.js"})
        EXPECT_TRUE(fs::exists(site() / page)) << page;
    const std::string unit = read_file(site() / "omrade/forskola/enhet/u0/index.html");
    EXPECT_THAT(unit, HasSubstr("<h1><bdi>Förskolan Ekorren 0</bdi></h1>"));
    EXPECT_THAT(unit, HasSubstr("Skolvägen 0, 131 30 Nacka"));
    EXPECT_THAT(unit, HasSubstr("<dd>Sicklaön</dd>")) << "the district from [publishing.districts], by postcode";
    EXPECT_THAT(unit, HasSubstr("Uppföljningar 2021–2025"));
    // Every page has its own title and description, links only within the site, and fetches
    // nothing from elsewhere (the browser test refuses any such request too).
    for (const auto& entry : fs::recursive_directory_iterator(site())) {
        if (entry.path().extension() != ".html") continue;
        const std::string html = read_file(entry.path());
        EXPECT_THAT(html, testing::ContainsRegex("<title>[^<]+</title>")) << entry.path();
        EXPECT_THAT(html, testing::ContainsRegex("<meta name=\"description\" content=\"[^\"]+\">")) << entry.path();
        EXPECT_THAT(html, Not(testing::ContainsRegex("(src|href)=\"(https?:)?//[^\"]*\\.(css|js|woff2?|ttf|png|jpg|svg)"))) << entry.path();
        EXPECT_THAT(html, Not(HasSubstr("<script>"))) << entry.path() << ": scripts are files of the site, never inline";
    }
    // The sitemap lists every canonical page under [publishing] base_url, not the orderings.
    const std::string sitemap = read_file(site() / "sitemap.xml");
    EXPECT_THAT(sitemap, HasSubstr("<loc>https://jamfor.example.se/omrade/forskola/enhet/u0/</loc>"));
    EXPECT_THAT(sitemap, HasSubstr("<loc>https://jamfor.example.se/omrade/kulturskola/</loc>"));
    EXPECT_THAT(sitemap, Not(HasSubstr("sortera-")));
}

// Issue 19: the site "works when opened from disk and when served by any static web server".
// Every link and every file a page refers to, followed from disk and over HTTP (Python's
// http.server as the plain static server): each resolves to a file of the site.
TEST_F(CliPublish, EveryLinkResolvesOnDiskAndWhenServedByAStaticWebServer) {
    const auto r = run("/usr/bin/python3 -c \"import html.parser, pathlib, sys, threading, functools, urllib.parse, urllib.request, http.server\n"
                       "root = pathlib.Path(sys.argv[1]).resolve()\n"
                       "class Links(html.parser.HTMLParser):\n"
                       "    def __init__(self):\n"
                       "        super().__init__(); self.links = []\n"
                       "    def handle_starttag(self, tag, attrs):\n"
                       "        for k, v in attrs:\n"
                       "            if k in ('href', 'src') and v and not v.startswith(('#', 'https:', 'http:', 'mailto:')): self.links.append(v)\n"
                       "def links(page):\n"
                       "    p = Links(); p.feed(page.read_text(encoding='utf-8')); return p.links\n"
                       "pages = sorted(root.rglob('*.html'))\n"
                       "broken = [str(p) + ' -> ' + l for p in pages for l in links(p) if not (p.parent / urllib.parse.unquote(l)).resolve().is_file()]\n"
                       "handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))\n"
                       "http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None\n"
                       "server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)\n"
                       "threading.Thread(target=server.serve_forever, daemon=True).start()\n"
                       "base = 'http://127.0.0.1:%d/' % server.server_address[1]\n"
                       "served = 0\n"
                       "for rel in ['index.html', 'omrade/forskola/index.html', 'omrade/forskola/enhet/u0/index.html', 'data/index.html']:\n"
                       "    for l in links(root / rel):\n"
                       "        url = urllib.parse.urljoin(base + rel, l)\n"
                       "        try:\n"
                       "            urllib.request.urlopen(url).read(); served += 1\n"
                       "        except Exception as e: broken.append(url + ': ' + str(e))\n"
                       "server.shutdown()\n"
                       "print(len(pages), 'pages,', served, 'links served')\n"
                       "print('\\n'.join(broken[:20]))\n"
                       "sys.exit(1 if broken else 0)\" " +
                       quoted(site()) + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, testing::ContainsRegex("[0-9]+ pages, [0-9]+ links served"));
}

TEST_F(CliPublish, AnAreaPageListsItsUnitsWithTheirFollowUpInWordsAndExplainsTheGrades) {
    const std::string page = area("forskola");
    const std::string ekorren = row_of(page, "Förskolan Ekorren 0");
    EXPECT_THAT(ekorren, HasSubstr("Förskolan Ekorren AB 0"));  // the provider beside the unit
    EXPECT_THAT(ekorren, HasSubstr(">Privat</td>"));
    EXPECT_THAT(ekorren, HasSubstr(">Sicklaön</td>"));
    EXPECT_THAT(ekorren, testing::ContainsRegex("(Inga öppna brister|1 öppen brist|[0-9]+ öppna brister)</td>"));
    // Column headings are the configured names, with their units; never the key figure's id.
    EXPECT_THAT(page, HasSubstr(">Nöjdhet med bemötandet, andel %<"));
    EXPECT_THAT(page, Not(HasSubstr(">nojdhet_bemotande<")));
    // The grades of the area's scale and each key figure, explained, with the target.
    EXPECT_THAT(page, HasSubstr("<dt>Allvarlig brist</dt>"));
    EXPECT_THAT(page, HasSubstr("Andelen brukare som i kommunens enkät"));
    EXPECT_THAT(area_figure(page, "Nöjdhet med undervisningen, andel %"), HasSubstr(">90,0</td>"));
    // Tables are captioned and their headings scoped; the page has a skip link and its language.
    EXPECT_THAT(page, HasSubstr("<html lang=\"sv\">"));
    EXPECT_THAT(page, HasSubstr("<a class=\"skip\" href=\"#innehall\">"));
    EXPECT_THAT(page, HasSubstr("<caption id=\"tabell\">Enheter inom Förskola 2025, sorterade efter Enhet, stigande</caption>"));
    EXPECT_THAT(page, Not(testing::ContainsRegex("<th>")));
    // Issue 32: a deficiency is a condition not met, quoted with its grade; never the condition's
    // words alone after "Brister:", which read as praise ("Brister: Personalen har …").
    std::size_t quoted_conditions = 0;
    for (const auto& entry : fs::directory_iterator(site() / "omrade" / "forskola" / "enhet")) {
        const std::string unit_page = read_file(entry.path() / "index.html");
        EXPECT_THAT(unit_page, Not(HasSubstr("Brister: "))) << entry.path();
        quoted_conditions += unit_page.find("Villkor som inte var uppfyllda: ”") != std::string::npos ? 1 : 0;
    }
    EXPECT_GT(quoted_conditions, 0u) << "the fixture has preschool units with deficiencies";
}

TEST_F(CliPublish, EveryColumnSortsWithoutJavaScriptOnAPageOfItsOwn) {
    auto order = [](const std::string& page) {
        std::vector<std::string> names;
        static const std::regex link("<th scope=\"row\"[^>]*><a href=\"enhet/[^\"]+/index.html\"><bdi>([^<]+)</bdi></a>");
        for (std::sregex_iterator it(page.begin(), page.end(), link), end; it != end; ++it) names.push_back((*it)[1]);
        return names;
    };
    const auto ascending = order(area("forskola"));
    ASSERT_GT(ascending.size(), 10u);
    auto descending = order(read_file(site() / "omrade/forskola/sortera-namn-fallande.html"));
    std::reverse(descending.begin(), descending.end());
    EXPECT_EQ(ascending, descending);
    // By a key figure, highest first: shown values first, withheld and missing last.
    const auto by_figure = order(read_file(site() / "omrade/forskola/sortera-andel_arbete_studier-fallande.html"));
    ASSERT_FALSE(by_figure.empty());
    EXPECT_EQ(by_figure.front(), "Förskolan Ugglan 4");
    // Each heading links to its ordering; the ordering pages are not for search engines.
    EXPECT_THAT(area("forskola"), HasSubstr("<a href=\"sortera-namn-fallande.html\" data-col=\"0\">Enhet"));
    EXPECT_THAT(read_file(site() / "omrade/forskola/sortera-brister-stigande.html"), HasSubstr("<meta name=\"robots\" content=\"noindex, follow\">"));
    // The filter is a plain form the style sheet acts on: a choice per district, ownership and
    // "has open deficiencies", and a rule per choice.
    const std::string page = area("forskola");
    for (const auto& id : {"f-d0", "f-o-municipal", "f-b-ja", "f-b-nej"}) EXPECT_THAT(page, HasSubstr(std::string("id=\"") + id + "\"")) << id;
    EXPECT_THAT(page, HasSubstr("body:has(#f-b-ja:checked) #enheter tbody tr:not([data-b=\"ja\"]){display:none}"));
}

// Issue 19, Done when: "Every published number computed from fewer than the minimum is '..',
// and a test proves it on a fixture with groups of 4 and 5" (tests/fixtures/publish/README.md).
TEST_F(CliPublish, EveryNumberFromFewerThanFiveAnswersIsDotsAndFiveIsShown) {
    const std::string page = area("forskola");
    EXPECT_THAT(row_of(page, "Förskolan Ekorren 0"), HasSubstr(">81,5 <span class=\"note\">(n=5)</span></td>"));
    EXPECT_THAT(row_of(page, "Förskolan Tallen 1"), HasSubstr(" class=\"num\">..</td>"));
    // The area's figure would be u0's and u1's together: with u0's shown, u1's could be worked
    // out from it, so it is withheld too.
    EXPECT_THAT(area_figure(page, "Nöjdhet med bemötandet, andel %"), HasSubstr("class=\"num\">..</td>"));
    // Two withheld units of 4 answers each: the area's figure is from 8 and is shown.
    EXPECT_THAT(row_of(page, "Förskolan Björken 2"), HasSubstr(" class=\"num\">..</td>"));
    EXPECT_THAT(row_of(page, "Förskolan Lärkan 3"), HasSubstr(" class=\"num\">..</td>"));
    EXPECT_THAT(area_figure(page, "Nöjdhet med undervisningen, andel %"), HasSubstr(">74,0 <span class=\"note\">(n=8)</span></td>"));
    // Exactly five: shown. Two withheld units of 2 and 3 answers: together exactly five, so the
    // area's figure (from 10) is shown — what it gives away is a group of five.
    EXPECT_THAT(row_of(page, "Förskolan Ugglan 4"), HasSubstr(">42,0 <span class=\"note\">(n=5)</span></td>"));
    EXPECT_THAT(row_of(page, "Förskolan Myran 5"), HasSubstr(" class=\"num\">..</td>"));
    EXPECT_THAT(row_of(page, "Förskolan Solen 6"), HasSubstr(" class=\"num\">..</td>"));
    EXPECT_THAT(area_figure(page, "Andel som gått till arbete eller studier, %"), HasSubstr(">45,7 <span class=\"note\">(n=10)</span></td>"));
    // The unit's own page, its five years' table, says the same.
    const std::string tallen = read_file(site() / "omrade/forskola/enhet/u1/index.html");
    EXPECT_THAT(tallen, testing::ContainsRegex("<tr><th scope=\"row\">2025</th><td [^>]*class=\"num\">-</td><td [^>]*class=\"num\">..</td>"));
    // No withheld value is anywhere in what is published, in either decimal notation.
    for (const auto& entry : fs::recursive_directory_iterator(site()))
        if (entry.is_regular_file()) {
            const std::string text = read_file(entry.path());
            for (const char* value : {"64,0", "64.0", "71,0", "71.0", "77,0", "77.0", "70,0", "70.0", "47,0", "47.0", "51,0", "51.0"})
                EXPECT_THAT(text, Not(HasSubstr(value))) << entry.path();
        }
    // The open data: an empty value and status "..".
    const std::string csv = read_file(site() / "data" / "nojdhet_bemotande-2025.csv");
    EXPECT_THAT(csv, HasSubstr("nojdhet_bemotande;0182;u1;Förskolan Tallen 1;forskola;2025;T;;;..\r\n"));
    EXPECT_THAT(csv, HasSubstr("nojdhet_bemotande;0182;u0;Förskolan Ekorren 0;forskola;2025;T;81,5;5;\r\n"));
    // The count the command prints: u1, u2, u3, u5, u6, Kulturskolan Liten (3 answers), and the
    // two areas' figures that would give away a withheld unit's.
    EXPECT_THAT(published().output, HasSubstr("8 figures withheld (fewer than 5 answers)"));
}

// Issue 19, Done when: "The open-data JSON validates against its schema with python3-jsonschema".
TEST_F(CliPublish, OpenDataIsKeyedLikeKoladaAndTheJsonValidatesAgainstItsSchema) {
    std::string files;
    for (const auto& entry : fs::directory_iterator(site() / "data"))
        if (entry.path().extension() == ".json" && entry.path().filename() != "oppna-data.schema.json") files += " " + quoted(entry.path());
    const auto r = run("/usr/bin/python3 -c \"import json, sys, jsonschema\n"
                       "schema = json.load(open(sys.argv[1], encoding='utf-8'))\n"
                       "jsonschema.Draft7Validator.check_schema(schema)\n"
                       "n = 0\n"
                       "for f in sys.argv[2:]:\n"
                       "    doc = json.load(open(f, encoding='utf-8'))\n"
                       "    jsonschema.validate(doc, schema)\n"
                       "    n += len(doc['values'])\n"
                       "print(len(sys.argv) - 2, 'files', n, 'values valid')\" " +
                       quoted(site() / "data" / "oppna-data.schema.json") + files + " 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("5 files"));  // one per published key figure
    // Both CSV variants read back by Python's csv module: the same rows, Kolada's columns.
    const auto back = run("/usr/bin/python3 -c \"import csv, sys\n"
                          "a = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=';'))\n"
                          "b = list(csv.reader(open(sys.argv[2], encoding='utf-8-sig', newline=''), delimiter=','))\n"
                          "assert a[0] == ['kpi', 'municipality', 'unit', 'unit_name', 'area', 'period', 'gender', 'value', 'n', 'status'], a[0]\n"
                          "assert len(a) == len(b) and a[0] == b[0]\n"
                          "assert open(sys.argv[1], 'rb').read(3) == open(sys.argv[2], 'rb').read(3) == b'\\xef\\xbb\\xbf', 'a byte-order mark, for Excel'\n"
                          "assert [r[7].replace(',', '.') for r in a] == [r[7] for r in b]\n"
                          "print(len(a) - 1, 'rows')\" " +
                          quoted(site() / "data" / "nojdhet_undervisning-2025.csv") + " " + quoted(site() / "data" / "nojdhet_undervisning-2025-komma.csv"));
    ASSERT_EQ(back.exit_code, 0) << back.output;
    // The catalogue: licence CC0, the update date, a contact (DCAT-AP-SE's essentials).
    const std::string catalogue = read_file(site() / "data" / "index.html");
    EXPECT_THAT(catalogue, HasSubstr("https://creativecommons.org/publicdomain/zero/1.0/"));
    EXPECT_THAT(catalogue, HasSubstr("kundval@example.se"));
    EXPECT_THAT(read_file(site() / "data" / "katalog.jsonld"), HasSubstr("\"dcterms:modified\""));
}

// Issue 19, Done when: "no published file contains a valid personal identity number". A 10- or
// 12-digit number with a real date (or a coordination number's day + 60) and a valid Luhn digit.
TEST_F(CliPublish, NoPublishedFileContainsAPersonalIdentityNumber) {
    // The sole trader is published, by name only.
    EXPECT_THAT(area("pedagogisk_omsorg"), HasSubstr("Dagbarnvårdare Anna Andersson"));
    const auto r = run("/usr/bin/python3 -c \"import re, sys, datetime, pathlib\n"
                       "def luhn(d):\n"
                       "    s = 0\n"
                       "    for i, c in enumerate(d):\n"
                       "        v = int(c) * (2 if i % 2 == 0 else 1)\n"
                       "        s += v - 9 if v > 9 else v\n"
                       "    return s % 10 == 0\n"
                       "def personal(m):\n"
                       "    d = re.sub('[^0-9]', '', m)\n"
                       "    if len(d) == 12: d = d[2:]\n"
                       "    mm, dd = int(d[2:4]), int(d[4:6])\n"
                       "    if dd > 60: dd -= 60\n"
                       "    try: datetime.date(2000, mm, dd)\n"
                       "    except ValueError: return False\n"
                       "    return luhn(d)\n"
                       "found = []\n"
                       "files = [p for p in pathlib.Path(sys.argv[1]).rglob('*') if p.is_file()]\n"
                       "for p in files:\n"
                       "    t = p.read_text(encoding='utf-8')\n"
                       "    for m in re.findall(r'(?<![0-9])(?:[0-9]{2})?[0-9]{6}[-+]?[0-9]{4}(?![0-9])', t):\n"
                       "        if personal(m): found.append(str(p) + ': ' + m)\n"
                       "print(len(files), 'files')\n"
                       "print('\\n'.join(found))\n"
                       "sys.exit(1 if found else 0)\" " +
                       quoted(site()) + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, Not(HasSubstr("850709")));
    // The scan itself finds one where there is one.
    TempDir planted;
    write_file(planted / "page.html", "<p>Anna 850709-9805</p>");
    const auto check = run("/usr/bin/python3 -c \"import re, sys\nt = open(sys.argv[1]).read()\nsys.exit(0 if re.search(r'850709-9805', t) else 1)\" " +
                           quoted(planted / "page.html"));
    EXPECT_EQ(check.exit_code, 0);
}

// Issue 16, point 5: "the open-data CSV neutralises values starting with =, +, -, @, tab or
// carriage return as the compilation's CSVs do; messages never echo raw control characters".
TEST_F(CliPublish, OpenDataCsvNeutralisesFormulaeAndMessagesEscapeControlCharacters) {
    // Units named "=1+2 Förskolan" and "-Förskolan Minus" have no key figure values of their own,
    // so they are in no key figure's file; the pages show them as text.
    EXPECT_THAT(area("forskola"), HasSubstr("<bdi>=1+2 Förskolan</bdi></a>"));
    for (const auto& entry : fs::directory_iterator(site() / "data"))
        if (entry.path().extension() == ".csv") {
            const auto r = run("/usr/bin/python3 -c \"import csv, sys\n"
                               "sep = ',' if sys.argv[1].endswith('-komma.csv') else ';'\n"
                               "rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline=''), delimiter=sep))\n"
                               "bad = [c for r in rows[1:] for i, c in enumerate(r) if i != 7 and c[:1] in ('=', '+', '-', '@', '\\t', '\\r')]\n"
                               "print(bad)\n"
                               "sys.exit(1 if bad else 0)\" " +
                               quoted(entry.path()));
            EXPECT_EQ(r.exit_code, 0) << entry.path() << ": " << r.output;
        }
    // A folder name with an escape sequence: the message shows it, the terminal never obeys it.
    const fs::path odd = site().parent_path() / "site\x1b[2J";
    const auto r = run(followup("publish --year 2025 --out " + quoted(odd)));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("site\\x1b[2J"));
    EXPECT_EQ(r.output.find('\x1b'), std::string::npos);
}

TEST_F(CliPublish, ABadPublishingKeyIsAConfigurationErrorNamingTheKey) {
    TempDir config_dir;
    fs::copy(example_config().parent_path(), config_dir / "config", fs::copy_options::recursive);
    const fs::path municipality = config_dir / "config" / "municipality.toml";
    std::string text = read_file(municipality);
    text = std::regex_replace(text, std::regex("municipality_code = \"0182\""), "municipality_code = \"182\"");
    text = std::regex_replace(text, std::regex("base_url = \"https://jamfor.example.se/\""), "base_url = \"jamfor.example.se\"");
    text = std::regex_replace(text, std::regex("\"Boo\" = \\[\"132\"\\]"), "\"Boo\" = [\"13x\"]");
    text = std::regex_replace(text, std::regex("nojdhet_bemotande = 90"), "nojdhet_bemotande = 90\nnojdhet_bemotnade = 80");
    write_file(municipality, text);
    const auto r = run(followup_binary() + " validate --config " + quoted(municipality));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("publishing.municipality_code: found \"182\"; expected the municipality's four-digit code"));
    EXPECT_THAT(r.output, HasSubstr("publishing.base_url: found \"jamfor.example.se\"; expected an absolute web address"));
    EXPECT_THAT(r.output, HasSubstr("publishing.districts.Boo: found \"13x\"; expected a postcode"));
    EXPECT_THAT(r.output, HasSubstr("publishing.key_figure_targets.nojdhet_bemotnade: unknown key"));
}

// Issue 32: the residents' contact is the municipality's own. The bundled example says it is one
// ([municipality] example = true) and may keep its placeholders; a municipality's configuration
// without that line is refused with them, and accepted with real addresses.
TEST_F(CliPublish, APlaceholderContactIsRefusedOutsideTheExample) {
    TempDir config_dir;
    fs::copy(example_config().parent_path(), config_dir / "config", fs::copy_options::recursive);
    const fs::path municipality = config_dir / "config" / "municipality.toml";
    const std::string example = read_file(municipality);
    ASSERT_THAT(example, HasSubstr("\nexample = true\n"));
    std::string own = std::regex_replace(example, std::regex("\nexample = true\n"), "\n");
    write_file(municipality, own);
    auto r = run(followup_binary() + " validate --config " + quoted(municipality));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("publishing.contact: found \"kundval@example.se\", a placeholder address; expected the municipality's own contact"));
    EXPECT_THAT(r.output, HasSubstr("publishing.base_url: found \"https://jamfor.example.se/\", a placeholder address"));
    own = std::regex_replace(own, std::regex("kundval@example.se"), "kundval@kommunen.se");
    own = std::regex_replace(own, std::regex("https://jamfor.example.se/"), "https://jamfor.kommunen.se/");
    write_file(municipality, own);
    r = run(followup_binary() + " validate --config " + quoted(municipality));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    write_file(municipality, std::regex_replace(own, std::regex("kundval@kommunen.se"), "ring växeln"));
    r = run(followup_binary() + " validate --config " + quoted(municipality));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("publishing.contact: found \"ring växeln\"; expected an e-mail address"));
}

// Issue 19, Done when: "axe-core reports 0 violations on the index, an area page and a unit page
// (the test fails otherwise), and the 375-px screenshot shows the table without horizontal
// overflow of the page". Every page type, in headless Chromium; screenshots of the area page
// at 375 and 1280 px are kept in the build folder (browser/artifacts).
TEST_F(CliPublish, EveryPageTypeHasNoWcagViolationAndNoPageIsWiderThanAPhone) {
    const std::string axe = tool("FOLLOWUP_AXE_JS"), check = tool("FOLLOWUP_AXE_CHECK"), artifacts = tool("FOLLOWUP_BROWSER_ARTIFACTS");
    ASSERT_FALSE(axe.empty() || check.empty()) << "run through ctest: the browser_tools fixture installs axe-core (tests/browser)";
    const std::vector<fs::path> pages{site() / "index.html", site() / "omrade/forskola/index.html",
                                      site() / "omrade/forskola/sortera-andel_arbete_studier-fallande.html",
                                      site() / "omrade/forskola/enhet/u0/index.html", site() / "omrade/pedagogisk_omsorg/index.html",
                                      site() / "data/index.html"};
    std::string files;
    for (const auto& p : pages) files += " " + quoted(p);
    const auto r = run("timeout 300 node " + quoted(fs::path(check)) + " --axe " + quoted(fs::path(axe)) + " --no-overflow-at 320,375 " + files + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr(std::to_string(pages.size()) + " page(s) checked, 0 with problems"));
    // English too: the same pages from the same templates, with lang="en".
    const auto en = run(followup("publish --year 2025 --lang en --out " + quoted(site().parent_path() / "site-en")));
    ASSERT_EQ(en.exit_code, 0) << en.output;
    const auto r_en = run("timeout 300 node " + quoted(fs::path(check)) + " --axe " + quoted(fs::path(axe)) + " --no-overflow-at 375 " +
                          quoted(site().parent_path() / "site-en/omrade/forskola/index.html") + " " +
                          quoted(site().parent_path() / "site-en/omrade/forskola/enhet/u0/index.html") + " 2>&1");
    EXPECT_EQ(r_en.exit_code, 0) << r_en.output;
    EXPECT_THAT(read_file(site().parent_path() / "site-en/omrade/forskola/index.html"), HasSubstr("<html lang=\"en\">"));
}

// The same on the example municipality as the README's first command makes it (17 areas, about
// 450 providers, three years): the index, an area page, a unit page and the data catalogue, with
// the preschool area's screenshots at 375 and 1280 px kept in the build folder for people to look at.
TEST(CliPublishExample, TheExampleMunicipalitysPagesHaveNoWcagViolationAndFitAPhone) {
    const std::string axe = tool("FOLLOWUP_AXE_JS"), check = tool("FOLLOWUP_AXE_CHECK"), artifacts = tool("FOLLOWUP_BROWSER_ARTIFACTS");
    ASSERT_FALSE(axe.empty() || check.empty() || artifacts.empty()) << "run through ctest: the browser_tools fixture installs axe-core (tests/browser)";
    TempDir dir;
    const TestRegister db(dir / "r.sqlite");
    auto followup = [&](const std::string& args) { return followup_command(example_config(), db, args); };
    auto r = run(followup("--trust-plugins demo generate --scale municipality --seed 1 --out " + quoted(dir / "example") + " --import"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("publish --year 2025 --out " + quoted(dir / "site")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    fs::path unit;
    for (const auto& entry : fs::directory_iterator(dir / "site/omrade/forskola/enhet"))
        if (unit.empty() || entry.path() < unit) unit = entry.path();
    ASSERT_FALSE(unit.empty());
    const std::vector<fs::path> pages{dir / "site/index.html", dir / "site/omrade/hemtjanst/index.html", unit / "index.html",
                                      dir / "site/data/index.html"};
    std::string files;
    for (const auto& p : pages) files += " " + quoted(p);
    r = run("timeout 300 node " + quoted(fs::path(check)) + " --axe " + quoted(fs::path(axe)) + " --no-overflow-at 320,375" + files + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    // Issue 32: each area page compares units on the survey and a result figure where the data
    // has them: preschool's licensed teachers, home care's staff continuity.
    const std::string preschool = read_file(dir / "site/omrade/forskola/index.html"), home_care = read_file(dir / "site/omrade/hemtjanst/index.html");
    EXPECT_THAT(preschool, HasSubstr(">Nöjdhet med bemötandet, andel %<"));
    EXPECT_THAT(preschool, HasSubstr(">Andel legitimerade förskollärare, %<"));
    EXPECT_THAT(home_care, HasSubstr(">Nöjdhet med bemötandet, andel %<"));
    EXPECT_THAT(home_care, HasSubstr(">Personalkontinuitet, antal personal på 14 dagar<"));
    // Issue 32: nothing clipped on any home-care unit page nor on the preschool area page, at
    // 320, 375 and 1280 px: no cell, frame or text whose content is wider than its box (a table
    // in a scrolling frame hides a column; a cell's overflow spills into its neighbour).
    std::string every_unit;
    std::size_t units = 0;
    for (const auto& entry : fs::directory_iterator(dir / "site/omrade/hemtjanst/enhet")) every_unit += " " + quoted(entry.path() / "index.html"), ++units;
    ASSERT_GT(units, 50u);
    r = run("timeout 600 node " + quoted(fs::path(check)) + " --axe " + quoted(fs::path(axe)) + " --layout-only --no-overflow-at 320,375,1280 " +
            quoted(dir / "site/omrade/forskola/index.html") + every_unit + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr(std::to_string(units + 1) + " page(s) checked, 0 with problems"));
    // The area page a resident on a phone opens first, photographed at both widths.
    const fs::path shots = fs::path(artifacts) / "residents-site";
    fs::remove_all(shots);
    r = run("timeout 300 node " + quoted(fs::path(check)) + " --axe " + quoted(fs::path(axe)) + " --no-overflow-at 320,375 --screenshot-dir " + quoted(shots) +
            " --widths 375,1280 " + quoted(dir / "site/omrade/forskola/index.html") + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_TRUE(fs::exists(shots / "forskola-index-375.png")) << r.output;
    EXPECT_TRUE(fs::exists(shots / "forskola-index-1280.png")) << r.output;
    // Sorting and filtering as a resident uses them, with JavaScript off and on: the same rows,
    // the same order as the pre-sorted page (tests/browser/sort_filter_check.js).
    const fs::path interaction = fs::path(check).parent_path() / "sort_filter_check.js";
    r = run("timeout 300 node " + quoted(interaction) + " --axe " + quoted(fs::path(axe)) + " " + quoted(dir / "site/omrade/forskola/index.html") + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_THAT(r.output, testing::ContainsRegex("without JavaScript: [1-9][0-9]* rows"));
    EXPECT_THAT(r.output, testing::ContainsRegex("\nwith JavaScript: [1-9][0-9]* rows"));
}

}  // namespace

namespace {

/// One input never breaks an output (issue 30, point 6): an id is refused at every way in unless
/// every output can use it as a file or folder name, a name's direction controls reach the HTML
/// only isolated, and a publish that fails half way leaves the site that was there.
class CliOneInput : public CliTest {
protected:
    void SetUp() override { ASSERT_TRUE(import_small_fixture([this](const std::string& a) { return followup(a); })); }
    long count(const std::string& table) const { return std::stol(register_.sql("SELECT count(*) FROM " + table + ";").output); }
    CommandResult record(const std::string& id) const {
        return run(followup("record --id=" + quoted(fs::path(id)) +
                            " --provider 559100-0038 --area hemtjanst --form kvalitetsgranskning --done 2025-03-03"));
    }
    /// Every file under `folder`, by its path within it, with its content.
    static std::map<std::string, std::string> files_of(const fs::path& folder) {
        std::map<std::string, std::string> files;
        for (const auto& entry : fs::recursive_directory_iterator(folder))
            if (entry.is_regular_file()) files[fs::relative(entry.path(), folder).string()] = read_file(entry.path());
        return files;
    }
};

const std::string right_to_left_override = "\xE2\x80\xAE", zero_width_space = "\xE2\x80\x8B";

TEST_F(CliOneInput, AnIdOf300CharactersOrWithAnInvisibleCharacterIsRefusedAtEveryWayInWithTheLimitNamed) {
    const long units = count("units"), follow_ups = count("follow_ups");
    write_file(dir / "long.csv", "id;provider;name;address;area\n" + std::string(300, 'u') +
                                     ";559000-0005;Förskolan Lång;Skolvägen 9, 131 30 Nacka;forskola\n");
    auto r = run(followup("import units " + quoted(dir / "long.csv")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("long.csv:2"));
    EXPECT_THAT(r.output, HasSubstr("id: found 300 characters"));
    EXPECT_THAT(r.output, HasSubstr("expected an id of at most 128 characters of A-Z, a-z, 0-9, '.', '_' and '-'"));
    write_file(dir / "hidden.csv", "id;provider;name;address;area\nu" + right_to_left_override +
                                       "9;559000-0005;Förskolan Dold;Skolvägen 9, 131 30 Nacka;forskola\n");
    r = run(followup("import units " + quoted(dir / "hidden.csv")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("found the invisible direction control U+202E at character 2 of the id"));
    EXPECT_EQ(count("units"), units) << "nothing imported";

    r = record(std::string(300, 'f'));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("found 300 characters"));
    r = record("g" + zero_width_space + "1");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("found the invisible zero-width character U+200B at character 2"));
    r = record("-g1");
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("found '-' U+002D at character 1"));
    EXPECT_EQ(count("follow_ups"), follow_ups) << "nothing recorded";
}

TEST_F(CliOneInput, ANameWithARightToLeftOverrideReachesTheHtmlOnlyIsolatedInBdi) {
    write_file(dir / "renamed.csv", "id;provider;name;address;area\nu32;559000-0328;Förskolan " + right_to_left_override +
                                        "nerrokE 32;Skolvägen 32, 131 30 Nacka;forskola\n");
    auto r = run(followup("import units " + quoted(dir / "renamed.csv")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("publish --year 2025 --out " + quoted(dir / "site")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    r = run(followup("compile --year 2025 --date 2026-03-08 --format html --out " + quoted(dir / "out")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    // Every override in every page is alone in a <bdi>: it reorders nothing outside it.
    std::map<std::string, int> overrides;
    for (const fs::path& folder : {dir / "site", dir / "out"})
        for (const auto& [name, text] : files_of(folder)) {
            if (!name.ends_with(".html")) continue;
            for (auto at = text.find(right_to_left_override); at != std::string::npos; at = text.find(right_to_left_override, at + 1)) {
                ++overrides[folder.filename().string()];
                EXPECT_TRUE(at >= 5 && text.compare(at - 5, 5, "<bdi>") == 0 && text.compare(at + 3, 6, "</bdi>") == 0)
                    << name << ": " << text.substr(at >= 40 ? at - 40 : 0, 80);
            }
        }
    EXPECT_GT(overrides["site"], 0) << "the name is on the residents' site";
    EXPECT_GT(overrides["out"], 0) << "the name is in the compilation";
    // On the unit's page the whole name is isolated, as every name from the register is.
    EXPECT_THAT(read_file(dir / "site" / "omrade" / "forskola" / "enhet" / "u32" / "index.html"),
                HasSubstr("<h1><bdi>Förskolan <bdi>" + right_to_left_override + "</bdi>nerrokE 32</bdi></h1>"));
}

TEST_F(CliOneInput, APublishThatFailsHalfWayLeavesThePreviousSiteWhole) {
    auto r = run(followup("publish --year 2025 --out " + quoted(dir / "site")));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto before = files_of(dir / "site");
    // A register from before ids were limited: a unit whose id no file system takes as a folder's
    // name, put in behind followup's back. Its page fails after others are written.
    register_.sql("INSERT INTO units (id, provider, name, address, area, registered_persons) SELECT '" + std::string(300, 'x') +
                  "', provider, name || ' II', address, area, registered_persons FROM units WHERE id = 'u0';");
    r = run(followup("publish --year 2025 --out " + quoted(dir / "site")));
    EXPECT_EQ(r.exit_code, 1) << r.output;
    EXPECT_THAT(r.output, HasSubstr("File name too long"));
    EXPECT_EQ(files_of(dir / "site"), before) << "the site published before, file for file";
    for (const auto& entry : fs::directory_iterator(dir / "site" / ".."))
        EXPECT_FALSE(entry.path().filename().string().starts_with(".site.")) << "nothing left beside it: " << entry.path();
}

}  // namespace
