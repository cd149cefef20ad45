// The cross-board annual compilation in its formats, and the residents' site. Both read the
// register through one snapshot, so they count from the same state.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "app/register_options.hpp"
#include "config/municipality_config.hpp"

namespace followup::core {

struct CompileRequest {
    int year = 0;
    std::filesystem::path out;            ///< the folder to write into
    std::optional<Language> language;     ///< default: the configuration's
    std::set<std::string> formats;        ///< of html, pdf, md, json, xlsx (checked by the front)
    sdk::Date date{};                     ///< the compilation's date
    std::optional<std::string> reference; ///< the case's diary number; default: [compilation] reference
    /// Told each board's section as it is compiled (step, done, total); may be empty.
    std::function<void(std::string_view, int, int)> progress;
};
struct CompileResult : Outcome {
    std::vector<std::filesystem::path> written;
    std::optional<std::filesystem::path> pdf, html;  ///< the files a reader opens
    /// A board whose section is marked failed (its plugin could not be used, threw, crashed or
    /// hung): "SECTION (TITLE) is marked as failed: WHY". Everything else is written.
    std::vector<std::string> failed_sections;
};
CompileResult compile_year(const RegisterOptions& options, const CompileRequest& request);

struct PublishRequest {
    int year = 0;
    std::filesystem::path out;
    std::optional<Language> language;
};
struct PublishResult : Outcome {
    std::size_t files = 0;
    std::size_t withheld = 0;     ///< figures withheld for too few answers
    std::size_t min_group_size = 0;
    bool sitemap = false;
    std::string site;             ///< the folder, printable (a control character shown, not obeyed)
};
PublishResult publish_year(const RegisterOptions& options, const PublishRequest& request);

}  // namespace followup::core
