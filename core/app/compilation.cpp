#include "app/compilation.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <fstream>
#include <future>
#include <memory>

#include <fmt/format.h>

#include "app/session.hpp"
#include "report/catalogue.hpp"
#include "report/compile.hpp"
#include "report/pdf.hpp"
#include "report/publish.hpp"
#include "report/render.hpp"
#include "util/atomic_file.hpp"
#include "util/stopwatch.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& file, const std::string& text) { write_file_atomically(file, text); }

/// The sections marked failed (a board whose plugin could not be used, threw, crashed or hung),
/// depth first: each is reported, and the command's exit code says a board failed.
void failed_sections(const std::vector<Section>& sections, std::vector<std::string>& failed) {
    for (const Section& s : sections) {
        if (s.failed) failed.push_back(fmt::format("the section {} ({}) is marked as failed: {}", s.id, s.title, s.failure));
        failed_sections(s.children, failed);
    }
}

}  // namespace

CompileResult compile_year(const RegisterOptions& options, const CompileRequest& request) {
    CompileResult result;
    const std::set<std::string>& wanted = request.formats;
    Stopwatch watch(spdlog::level::info);  // where the time goes: reading, compiling, writing each format
    auto lap = [&watch](std::string_view what) { watch.lap(fmt::format("compile: {}", what)); };
    auto session = open_session(options, Plugins::tolerant, result, Reads::snapshot);
    if (!session) return result;
    lap(fmt::format("read the register ({} follow-ups) and loaded the plugins", session->snapshot->follow_up_count()));
    for (const auto& [board, why] : session->plugin_problems)
        result.warnings.push_back(fmt::format("board {}: its section will be marked as failed: {}", board, why));

    const Language lang = request.language.value_or(session->config.municipality.language);
    CompileInputs inputs{session->config,
                         *session->store,
                         *session->snapshot,
                         session->models.by_board,
                         session->plugin_problems,
                         session->calendar,
                         request.year,
                         lang,
                         sdk::format_date(request.date),
                         request.reference.value_or(session->config.compilation.reference),
                         request.progress ? request.progress : [](std::string_view, int, int) {}};
    Document document = compile_document(inputs);
    lap("compiled the document");

    const fs::path out = fs::absolute(request.out);
    fs::create_directories(out);
    const std::string stem = fmt::format("{}-{}", lang == Language::en ? "compilation" : "samlad-uppfoljning", request.year);
    // Long tables: the first rows in the document, every row in a CSV file beside it.
    const std::vector<Table> full_tables = shorten_long_tables(
        document, session->config.compilation.max_table_rows,
        [&](const Table& t) {
            std::string name;
            for (char c : t.id) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
            return stem + "-" + name + ".csv";
        },
        [&](std::size_t shown, std::size_t total) { return shown == 0 ? label(lang, "table_listed", total) : label(lang, "table_shortened", shown, total); });
    std::vector<fs::path>& written = result.written;
    try {
        // Two lanes, one per core: the long tables' CSV files and the JSON on another thread, the
        // spreadsheet, the HTML and the Markdown here. All five at once held every format's text
        // at the same time (a national compilation's peak grew by a sixth); two lanes use the
        // two cores without that. The JSON and the spreadsheet take the longest, one in each lane.
        std::vector<fs::path> csv_files;
        for (const Table& t : full_tables) csv_files.push_back(written.emplace_back(out / t.rows_file));
        std::optional<fs::path> json;
        if (wanted.count("json")) json = written.emplace_back(out / (stem + ".json"));
        // The CSV files are taken in turn by whichever lane is free: the other lane after the JSON,
        // this one after its formats.
        std::atomic<std::size_t> next_csv{0};
        auto write_csv_files = [&full_tables, &csv_files, &next_csv] {
            for (std::size_t i = next_csv++; i < csv_files.size(); i = next_csv++) {
                // A byte-order mark first, so that Excel reads the file as UTF-8 (without one it
                // shows "Ã¶" for "ö"); written before the text, which is not copied to add it.
                const std::string rendered = full_tables[i].spilled_csv.empty() ? render_csv(full_tables[i]) : std::string();
                const std::string& text = full_tables[i].spilled_csv.empty() ? rendered : full_tables[i].spilled_csv;
                write_file_atomically(csv_files[i], [&text](const fs::path& temporary) {
                    std::ofstream file(temporary, std::ios::binary);
                    file << "\xEF\xBB\xBF" << text;
                    file.close();
                    if (!file) throw std::runtime_error(fmt::format("cannot write '{}'", temporary.string()));
                });
            }
        };
        std::future<void> other_lane = std::async(std::launch::async, [&document, &write_csv_files, json] {
            if (json) write_text(*json, render_json(document));
            write_csv_files();
        });
        if (wanted.count("md")) write_text(written.emplace_back(out / (stem + ".md")), render_markdown(document)), lap("wrote Markdown");
        if (wanted.count("xlsx"))
            write_file_atomically(written.emplace_back(out / (stem + ".xlsx")), [&](const fs::path& temporary) { write_xlsx(document, temporary, full_tables); }),
                lap("wrote XLSX");
        if (wanted.count("html") || wanted.count("pdf")) {
            // The PDF is typeset from the HTML file; without the html format that file is a temporary one.
            const fs::path html = out / (stem + (wanted.count("html") ? ".html" : ".for-pdf.html"));
            write_text(html, render_html(document));
            if (wanted.count("html")) written.push_back(html), result.html = html, lap("wrote HTML");
            if (wanted.count("pdf")) {
                struct Remove {
                    fs::path file;
                    bool on = false;
                    ~Remove() {
                        std::error_code ignored;
                        if (on) fs::remove(file, ignored);
                    }
                } temporary{html, !wanted.count("html")};
                result.pdf = written.emplace_back(out / (stem + ".pdf"));
                write_pdf(html, *result.pdf);
                lap("typeset the PDF");
            }
        }
        write_csv_files();
        other_lane.get();  // its failure is thrown here
        lap(fmt::format("wrote {} long tables as CSV and the JSON", full_tables.size()));
    } catch (const std::runtime_error& e) {
        result.problems.push_back(e.what());
        return result;
    }
    // The register's copy in memory is left for the process's end, which follows: the kernel takes
    // its pages back at once, where freeing a national register's million follow-ups one by one
    // took 30 ms. (Kept in a list, so that a leak checker sees it still reachable.)
    static std::vector<std::unique_ptr<RegisterSnapshot>>* const kept_until_exit = new std::vector<std::unique_ptr<RegisterSnapshot>>();
    kept_until_exit->push_back(std::move(session->snapshot));
    failed_sections(document.sections, result.failed_sections);
    return result;
}

PublishResult publish_year(const RegisterOptions& options, const PublishRequest& request) {
    PublishResult result;
    // The same snapshot as the compilation's: the site shows what the compilation counts.
    auto session = open_session(options, Plugins::tolerant, result, Reads::snapshot);
    if (!session) return result;
    const Language lang = request.language.value_or(session->config.municipality.language);
    // A path echoed to the terminal is printable(): a control character in it is shown, not obeyed.
    result.site = printable(fs::absolute(request.out).string());
    result.min_group_size = static_cast<std::size_t>(session->config.min_group_size);
    // The site is written whole into a folder beside `out`, then put in its place: a failure half
    // way (a full disk, a name the file system refuses) leaves the site that was there, never half
    // a new one, and a unit no longer listed leaves no page behind.
    const fs::path target = fs::absolute(request.out).lexically_normal();
    const fs::path site = target.has_filename() ? target : target.parent_path();
    if (fs::exists(site) && !fs::is_empty(site) && !(fs::exists(site / "index.html") && fs::exists(site / "stil.css"))) {
        result.problems.push_back(fmt::format("'{}' holds files that are not a site followup published; publish into a new or empty "
                                              "folder, or the folder of an earlier publish (it is replaced whole)",
                                              printable(site.string())));
        return result;
    }
    const fs::path building = site.parent_path() / fmt::format(".{}.publishing-{}", site.filename().string(), ::getpid());
    const fs::path previous = site.parent_path() / fmt::format(".{}.previous-{}", site.filename().string(), ::getpid());
    std::error_code ignored;
    try {
        fs::remove_all(building, ignored);
        const PublishedFiles files = publish_results(session->config, *session->store, *session->snapshot, request.year, lang, building);
        if (fs::exists(site)) fs::rename(site, previous);
        fs::rename(building, site);
        fs::remove_all(previous, ignored);
        result.files = files.files.size();
        result.withheld = files.suppressed;
        result.sitemap = files.sitemap;
    } catch (const std::exception& e) {
        fs::remove_all(building, ignored);
        if (!fs::exists(site) && fs::exists(previous)) fs::rename(previous, site, ignored);  // the earlier site back in its place
        result.problems.push_back(printable(e.what()));
    }
    return result;
}

}  // namespace followup::core
