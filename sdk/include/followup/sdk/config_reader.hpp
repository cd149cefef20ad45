// Reading the board's [model] table: what BoardModel::configure receives. Every read checks the
// value and reports a problem — wrong type, out of range, not one of the choices — with the key's
// path and its file, line and column, collecting every problem instead of stopping at the first.
// After configure returns, the host reports every key the model did not read as unknown (with a
// "did you mean"). The reader hides the file format: a plugin never sees TOML.
//
//     void configure(const sdk::BoardSetup& setup, sdk::ConfigReader& model) override {
//         years_ = static_cast<int>(model.integer("interval_years", 1, 10, false).value_or(2));
//         model.table("interval_months", false, [&](sdk::ConfigReader& t) {
//             for (auto& [category, months] : months_) months = static_cast<int>(t.integer(category, 1, 60, false).value_or(months));
//         });
//         if (years_ > 5 && !model.contains("reason")) model.error("interval_years", "more than 5 years needs a reason");
//     }
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "followup/sdk/types.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

/// A configuration problem. `key_path` is dotted from the table read ("indicators[0].target");
/// line and column locate the offending value in its file (0 when not known).
struct ConfigIssue {
    std::string key_path;
    std::string message;  ///< what was found and what was expected
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

/// A table of configuration, read key by key. Made by the host (the plugin gets one in
/// configure); movable, not copyable; valid for the call it is handed to. Every function is
/// called from the thread the reader was handed to. @since 3.0 (0.1 as a TOML helper)
class ConfigReader {
public:
    ConfigReader(ConfigReader&&) noexcept;
    ConfigReader& operator=(ConfigReader&&) noexcept;
    ConfigReader(const ConfigReader&) = delete;
    ConfigReader& operator=(const ConfigReader&) = delete;
    ~ConfigReader();

    /// Whether the table has the key (does not count as reading it).
    bool contains(std::string_view key) const;
    /// The table's keys, in file order.
    std::vector<std::string> keys() const;

    /// Each returns the value, or nothing when the key is absent (a problem if `required`) or the
    /// value is wrong (always a problem, reported here).
    std::optional<std::string> string(std::string_view key, bool required);
    /// A string that must be one of `choices`.
    std::optional<std::string> choice(std::string_view key, const std::vector<std::string>& choices, bool required);
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max, bool required);
    /// An integer or a decimal number.
    std::optional<double> number(std::string_view key, double min, double max, bool required);
    std::optional<bool> boolean(std::string_view key);
    /// A date (2025-02-12) or an ISO date string; impossible days are problems.
    std::optional<Date> date(std::string_view key, bool required);
    /// An array of strings (empty when absent and not required).
    std::vector<std::string> strings(std::string_view key, bool required);
    /// An array of tables ([[key]]): `each` reads every element with its index; the element's
    /// unread keys are reported when it returns.
    void tables(std::string_view key, const std::function<void(ConfigReader&, std::size_t)>& each);
    /// A sub-table ([key] or key = { ... }): `read` reads it; its unread keys are reported when it
    /// returns. False when absent (a problem if `required`) or not a table (always a problem).
    bool table(std::string_view key, bool required, const std::function<void(ConfigReader&)>& read);
    /// Marks a key as known without reading it.
    void allow(std::string_view key);

    /// Reports a problem with `key` (which may name an array element: "areas[2]"), located at its
    /// value, or at the table when the key is absent.
    void error(std::string_view key, std::string message);
    /// "indicators[0].target": the key's path from the table the host handed over.
    std::string key_path(std::string_view key) const;

    /// Reports every key no read asked for. The host calls it after configure; call it yourself
    /// only on a reader you made.
    void finish();

private:
    friend struct ConfigReaderAccess;  // the host's side (toml_config.hpp), in the SDK library
    ConfigReader(std::vector<ConfigIssue>& out, const void* table, std::string path);

    std::vector<ConfigIssue>* out_;
    const void* table_;  ///< the host's parsed table; only the SDK library looks inside
    std::string path_;
    std::set<std::string, std::less<>> known_;
};

/// "found \"x\"; expected one of: a, b, c (did you mean \"a\"?)".
std::string not_one_of(std::string_view found, const std::vector<std::string>& choices);

/// Edit distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The closest of `candidates` to `word`, if close enough to be a likely typo.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

FOLLOWUP_SDK_END_NAMESPACE
