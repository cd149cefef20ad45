#include "cli/report_commands.hpp"

#include <unistd.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "app/compilation.hpp"
#include "app/register_admin.hpp"
#include "cli/command_line.hpp"
#include "cli/exit_codes.hpp"
#include "cli/refusal.hpp"
#include "report/pdf.hpp"

namespace followup::core {
namespace fs = std::filesystem;

namespace {

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

std::optional<Language> language_of(const std::string& language) {
    if (language.empty()) return std::nullopt;
    return language == "en" ? Language::en : Language::sv;
}

int run_compile(const RegisterOptions& options, int year, const std::optional<fs::path>& out, const std::string& language,
                const std::string& formats, bool formats_given, const std::optional<std::string>& date,
                const std::optional<std::string>& reference) {
    CompileRequest request;
    request.year = year;
    std::stringstream list(formats);
    for (std::string f; std::getline(list, f, ',');) {
        if (f != "html" && f != "md" && f != "json" && f != "xlsx" && f != "pdf") {
            std::cerr << fmt::format("error: --format {}: expected a comma-separated list of html, pdf, md, json, xlsx\n", f);
            return exit_problem;
        }
        request.formats.insert(f);
    }
    // The PDF is in the default set; without its typesetter, a default run says so and writes the
    // rest, while an explicit --format pdf is refused before anything is read.
    if (request.formats.count("pdf") && !pdf_typesetter_available()) {
        if (formats_given) {
            std::cerr << "error: --format pdf: the PDF is typeset by WeasyPrint, which is not installed (Debian: apt-get install weasyprint)\n";
            return exit_problem;
        }
        std::cerr << "warning: no PDF: WeasyPrint is not installed (Debian: apt-get install weasyprint); writing the other formats\n";
        request.formats.erase("pdf");
    }
    const std::string day = date.value_or(sdk::format_date(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())));
    const auto parsed = sdk::parse_date(day);
    if (!parsed) {
        std::cerr << fmt::format("error: --date {}: expected a date YYYY-MM-DD\n", day);
        return exit_problem;
    }
    request.date = *parsed;
    request.out = out.value_or(fs::path(fmt::format("compilation-{}", year)));
    request.language = language_of(language);
    request.reference = reference;
    request.progress = progress_reporter();
    const CompileResult result = compile_year(options, request);
    if (!result.ok()) return show(result);
    for (const auto& line : result.done) std::cout << line << "\n";
    for (const auto& w : result.warnings) std::cerr << "warning: " << w << "\n";
    for (const auto& f : result.written) std::cout << "wrote " << f.string() << "\n";
    if (result.pdf) std::cout << "The compilation as the executive board prints it: " << result.pdf->string() << "\n";
    if (result.html) std::cout << "The compilation: " << result.html->string() << "\n";
    for (const auto& failed : result.failed_sections) std::cerr << "error: " << failed << "\n";
    return result.warnings.empty() && result.failed_sections.empty() ? exit_ok : exit_problem;
}

int run_publish(const RegisterOptions& options, int year, const fs::path& out, const std::string& language) {
    const PublishResult result = publish_year(options, {year, out, language_of(language)});
    if (!result.ok()) return show(result);
    for (const auto& line : result.done) std::cout << line << "\n";
    std::cout << fmt::format("published {} files in '{}'; {} figures withheld (fewer than {} answers)\n", result.files, result.site,
                             result.withheld, result.min_group_size);
    if (!result.sitemap) std::cout << "no sitemap.xml: set [publishing] base_url to the address the site will be served from\n";
    std::cout << "The residents' site: " << result.site << "/index.html\n";
    return exit_ok;
}

int run_demo_generate(const RegisterOptions& options, const std::string& scale, std::uint64_t seed, int last_year, const fs::path& out,
                      bool import) {
    return show(generate_example(options, {scale, seed, last_year, out, import}));
}

}  // namespace

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
