#include "cli/exit_codes.hpp"
#include "cli/report_commands.hpp"
#include "cli/command_line.hpp"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <fstream>
#include <future>
#include <set>
#include <iostream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "cli/session.hpp"
#include "demo/generator.hpp"
#include "report/catalogue.hpp"
#include "report/compile.hpp"
#include "report/publish.hpp"
#include "report/pdf.hpp"
#include "report/render.hpp"
#include "store/importer.hpp"
#include "util/atomic_file.hpp"
#include "util/stopwatch.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {


void write_text(const fs::path& file, const std::string& text) { write_file_atomically(file, text); }

/// A progress bar on a terminal; plain lines otherwise (a log file, CI).
std::function<void(std::string_view, int, int)> progress_reporter() {
    const bool terminal = ::isatty(STDERR_FILENO) != 0;
    return [terminal](std::string_view step, int done, int total) {
        if (terminal) {
            const int width = 30, filled = total > 0 ? done * width / total : width;
            std::cerr << fmt::format("\r[{}{}] {}/{} {:<40}", std::string(static_cast<std::size_t>(filled), '#'),
                                     std::string(static_cast<std::size_t>(width - filled), ' '), done, total, step)
                      << (done == total ? "\n" : "") << std::flush;
        } else if (!step.empty()) {
            std::cerr << fmt::format("compile: board {}/{}: {}\n", done + 1, total, step);
        }
    };
}

/// The sections marked failed (a board whose plugin could not be used, threw, crashed or hung),
/// depth first: each is reported, and the command's exit code says a board failed.
void failed_sections(const std::vector<Section>& sections, std::vector<const Section*>& failed) {
    for (const Section& s : sections) {
        if (s.failed) failed.push_back(&s);
        failed_sections(s.children, failed);
    }
}

}  // namespace

int run_compile(const RegisterOptions& options, int year, const std::optional<fs::path>& out_option, const std::string& language,
                const std::string& formats, bool formats_given, const std::optional<std::string>& date, const std::optional<std::string>& reference) {
    std::set<std::string> wanted;
    std::stringstream list(formats);
    for (std::string f; std::getline(list, f, ',');) {
        if (f != "html" && f != "md" && f != "json" && f != "xlsx" && f != "pdf") {
            std::cerr << fmt::format("error: --format {}: expected a comma-separated list of html, pdf, md, json, xlsx\n", f);
            return exit_problem;
        }
        wanted.insert(f);
    }
    // The PDF is in the default set; without its typesetter, a default run says so and writes the
    // rest, while an explicit --format pdf is refused before anything is read.
    if (wanted.count("pdf") && !pdf_typesetter_available()) {
        if (formats_given) {
            std::cerr << "error: --format pdf: the PDF is typeset by WeasyPrint, which is not installed (Debian: apt-get install weasyprint)\n";
            return exit_problem;
        }
        std::cerr << "warning: no PDF: WeasyPrint is not installed (Debian: apt-get install weasyprint); writing the other formats\n";
        wanted.erase("pdf");
    }
    std::string day = date.value_or(sdk::format_date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())));
    if (!sdk::parse_date(day)) {
        std::cerr << fmt::format("error: --date {}: expected a date YYYY-MM-DD\n", day);
        return exit_problem;
    }
    Stopwatch watch(spdlog::level::info);  // where the time goes: reading, compiling, writing each format
    auto lap = [&watch](std::string_view what) { watch.lap(fmt::format("compile: {}", what)); };
    auto session = open_session(options, Plugins::tolerant, std::cout, Reads::snapshot);
    if (!session) return exit_problem;
    lap(fmt::format("read the register ({} follow-ups) and loaded the plugins", session->snapshot->follow_up_count()));
    for (const auto& [board, why] : session->plugin_problems)
        std::cerr << fmt::format("warning: board {}: its section will be marked as failed: {}\n", board, why);

    const Language lang = language.empty() ? session->config.municipality.language : (language == "en" ? Language::en : Language::sv);
    CompileInputs inputs{session->config, *session->store, *session->snapshot, session->models.by_board, session->plugin_problems, session->calendar,
                         year, lang, day, reference.value_or(session->config.compilation.reference), progress_reporter()};
    Document document = compile_document(inputs);
    lap("compiled the document");

    const fs::path out = fs::absolute(out_option.value_or(fs::path(fmt::format("compilation-{}", year))));
    fs::create_directories(out);
    const std::string stem = fmt::format("{}-{}", lang == Language::en ? "compilation" : "samlad-uppfoljning", year);
    // Long tables: the first rows in the document, every row in a CSV file beside it.
    const std::vector<Table> full_tables = shorten_long_tables(
        document, session->config.compilation.max_table_rows,
        [&](const Table& t) {
            std::string name;
            for (char c : t.id) name += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
            return stem + "-" + name + ".csv";
        },
        [&](std::size_t shown, std::size_t total) { return label(lang, "table_shortened", shown, total); });
    std::vector<fs::path> written;
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
                if (!full_tables[i].spilled_csv.empty()) write_text(csv_files[i], full_tables[i].spilled_csv);  // no copy
                else write_text(csv_files[i], render_csv(full_tables[i]));
            }
        };
        std::future<void> other_lane = std::async(std::launch::async, [&document, &write_csv_files, json] {
            if (json) write_text(*json, render_json(document));
            write_csv_files();
        });
        if (wanted.count("md")) write_text(written.emplace_back(out / (stem + ".md")), render_markdown(document)), lap("wrote Markdown");
        if (wanted.count("xlsx"))
            write_file_atomically(written.emplace_back(out / (stem + ".xlsx")), [&](const fs::path& temporary) { write_xlsx(document, temporary); }),
                lap("wrote XLSX");
        if (wanted.count("html") || wanted.count("pdf")) {
            // The PDF is typeset from the HTML file; without --format html that file is a temporary one.
            const fs::path html = out / (stem + (wanted.count("html") ? ".html" : ".for-pdf.html"));
            write_text(html, render_html(document));
            if (wanted.count("html")) written.push_back(html), lap("wrote HTML");
            if (wanted.count("pdf")) {
                struct Remove {
                    fs::path file;
                    bool on = false;
                    ~Remove() {
                        std::error_code ignored;
                        if (on) fs::remove(file, ignored);
                    }
                } temporary{html, !wanted.count("html")};
                write_pdf(html, written.emplace_back(out / (stem + ".pdf")));
                lap("typeset the PDF");
            }
        }
        write_csv_files();
        other_lane.get();  // its failure is thrown here
        lap(fmt::format("wrote {} long tables as CSV and the JSON", full_tables.size()));
    } catch (const std::runtime_error& e) {
        std::cerr << "error: " << e.what() << "\n";
        return exit_problem;
    }
    // The register's copy in memory is left for the process's end, which follows: the kernel takes
    // its pages back at once, where freeing a national register's million follow-ups one by one
    // took 30 ms. (Kept in a list, so that a leak checker sees it still reachable.)
    static std::vector<std::unique_ptr<RegisterSnapshot>>* const kept_until_exit = new std::vector<std::unique_ptr<RegisterSnapshot>>();
    kept_until_exit->push_back(std::move(session->snapshot));
    for (const auto& f : written) std::cout << "wrote " << f.string() << "\n";
    if (wanted.count("pdf")) std::cout << "The compilation as the executive board prints it: " << (out / (stem + ".pdf")).string() << "\n";
    if (wanted.count("html")) std::cout << "The compilation: " << (out / (stem + ".html")).string() << "\n";
    std::vector<const Section*> failed;
    failed_sections(document.sections, failed);
    for (const Section* s : failed)
        std::cerr << fmt::format("error: the section {} ({}) is marked as failed: {}\n", s->id, s->title, s->failure);
    return session->plugin_problems.empty() && failed.empty() ? exit_ok : exit_problem;
}

int run_publish(const RegisterOptions& options, int year, const fs::path& out, const std::string& language) {
    auto session = open_session(options, Plugins::tolerant, std::cout);
    if (!session) return exit_problem;
    const Language lang = language.empty() ? session->config.municipality.language : (language == "en" ? Language::en : Language::sv);
    try {
        const PublishedFiles files = publish_results(session->config, *session->store, year, lang, fs::absolute(out));
        // A path echoed to the terminal is printable(): a control character in it is shown, not obeyed.
        const std::string where = printable(fs::absolute(out).string());
        std::cout << fmt::format("published {} files in '{}'; {} figures withheld (fewer than {} answers)\n", files.files.size(), where,
                                 files.suppressed, session->config.min_group_size);
        if (!files.sitemap) std::cout << "no sitemap.xml: set [publishing] base_url to the address the site will be served from\n";
        std::cout << "The residents' site: " << where << "/index.html\n";
    } catch (const std::runtime_error& e) {
        std::cerr << "error: " << printable(e.what()) << "\n";
        return exit_problem;
    }
    return exit_ok;
}


int run_demo_generate(const RegisterOptions& options, const std::string& scale, std::uint64_t seed, int last_year,
                      const fs::path& out, bool import) {
    fs::create_directories(out);  // the register may be meant to live there too
    auto session = open_session(options, Plugins::none, std::cout, Reads::queries,
                                import ? RegisterNeed::created_if_missing : RegisterNeed::none);
    if (!session) return exit_problem;
    const auto started = std::chrono::steady_clock::now();
    DemoOptions demo{scale == "municipality" ? DemoScale::municipality : DemoScale::national, 290, seed, last_year, fs::absolute(out)};
    if (scale != "municipality" && scale != "national") demo.municipalities = std::stoi(scale);  // "16x", checked by the option
    const DemoSummary summary = generate_demo(session->config, demo);
    std::size_t total = 0;
    for (const auto& [kind, rows] : summary.rows) total += rows;
    std::cout << fmt::format("generated {} rows in '{}' ({:.1f} s)\n", total, demo.out.string(),
                             std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (!import) return exit_ok;
    const bool imported = import_demo(*session->store, session->config, demo.out, options.actor, [](const DemoImportStep& step) {
        const auto& problems = step.report.problems;
        for (std::size_t i = 0; i < std::min<std::size_t>(problems.size(), 10); ++i)
            std::cerr << fmt::format("error: {}:{}: {}: {}\n", step.file.string(), problems[i].line, problems[i].column, problems[i].message);
        if (!problems.empty())
            std::cout << fmt::format("{} problem(s) in '{}'; stopped\n", problems.size(), step.file.string());
        else
            std::cout << fmt::format("imported {:>9} {:<15} {:>8.0f} rows/s\n", step.report.rows, step.kind,
                                     step.seconds > 0 ? static_cast<double>(step.report.rows) / step.seconds : 0.0);
    });
    if (!imported) return exit_problem;
    return 0;
}

void add_report_commands(CLI::App& app, CommandLine& line) {
    struct Given {
        int year = 0;
        std::optional<std::string> compile_out, compile_date, compile_reference;
        std::string language, formats = "html,pdf,md,json,xlsx";
        std::string publish_out;
        std::string scale = "municipality", demo_out;
        std::uint64_t seed = 1;
        int demo_year = 2025;
        bool demo_import = false;
    };
    auto given = std::make_shared<Given>();
    const GlobalOptions& global = line.global;

    auto* compile = app.add_subcommand("compile", "The cross-board annual compilation for the executive board");
    compile->add_option("--year", given->year, "The year to compile")->required()->check(CLI::Range(1900, 2200));
    compile->add_option("--out", given->compile_out, "The folder to write into. Default: compilation-YEAR");
    compile->add_option("--lang", given->language, "sv or en. Default: the configuration's language")->check(CLI::IsMember({"sv", "en"}));
    compile->add_option("--format", given->formats, "Comma-separated: html, pdf, md, json, xlsx (default: all five; pdf needs WeasyPrint)");
    compile->add_option("--date", given->compile_date, "The compilation's date (YYYY-MM-DD). Default: today");
    compile->add_option("--reference", given->compile_reference,
                        "The case's diary number, e.g. \"KFKS 2026/142\". Default: [compilation] reference");
    line.on_chosen(compile, [given, compile, &global] {
        return run_compile(global.register_options(), given->year,
                           given->compile_out ? std::optional<fs::path>(*given->compile_out) : std::nullopt, given->language,
                           given->formats, compile->count("--format") > 0, given->compile_date, given->compile_reference);
    });

    auto* publish = app.add_subcommand("publish", "Published results: a static site where residents compare providers, and open data");
    publish->add_option("--year", given->year, "The year to publish")->required()->check(CLI::Range(1900, 2200));
    publish->add_option("--out", given->publish_out, "The folder to write into")->required();
    publish->add_option("--lang", given->language, "sv or en. Default: the configuration's language")->check(CLI::IsMember({"sv", "en"}));
    line.on_chosen(publish, [given, &global] {
        return run_publish(global.register_options(), given->year, given->publish_out, given->language);
    });

    auto* demo = app.add_subcommand("demo", "The example municipality, for trying followup and for benchmarks");
    demo->require_subcommand(1);
    auto* generate = demo->add_subcommand("generate", "Write a municipality's (or a country's) providers and years of follow-up as CSV");
    generate->add_option("--scale", given->scale,
                         "municipality (about 450 providers, made by the boards' models), national (290 municipalities' worth, about "
                         "130,000, drawn directly) or Nx (N municipalities' worth drawn as national is, 1x to 1000x: for measuring growth)")
        ->check([](const std::string& value) -> std::string {
            if (value == "municipality" || value == "national") return {};
            std::size_t used = 0;
            int n = 0;
            try {
                n = std::stoi(value, &used);
            } catch (const std::exception&) {
                used = 0;
            }
            if (used > 0 && used + 1 == value.size() && value.back() == 'x' && n >= 1 && n <= 1000) return {};
            return "expected municipality, national or a factor from 1x to 1000x; found '" + value + "'";
        });
    generate->add_option("--seed", given->seed, "The same seed gives the same files")->capture_default_str();
    generate->add_option("--year", given->demo_year, "The last year of history (three years are made)")->capture_default_str();
    generate->add_option("--out", given->demo_out, "The folder to write into")->required();
    generate->add_flag("--import", given->demo_import, "Also import the files into the register (--db)");
    line.on_chosen(generate, [given, &global] {
        return run_demo_generate(global.register_options(), given->scale, given->seed, given->demo_year, given->demo_out,
                                 given->demo_import);
    });

    for (auto* command : {compile, publish, demo, generate}) command->fallthrough();
}

}  // namespace followup::core
