// Reading a TOML table against a known set of keys, collecting every problem instead of stopping
// at the first: wrong types, values out of range, and (in finish()) unknown keys with a "did you
// mean" for near misses. The core reads the municipality's files with it; a plugin can read its
// [model] table with it, so administrators get the same kind of message from both.
//
//     std::vector<ConfigIssue> issues;
//     ConfigReader r(issues, model, "");
//     int years = static_cast<int>(r.integer("interval_years", 1, 10, false).value_or(2));
//     r.finish();  // unknown keys
//     return issues;
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "followup/sdk/plugin.hpp"
#include "followup/sdk/types.hpp"

FOLLOWUP_SDK_BEGIN_NAMESPACE

class ConfigReader {
public:
    /// `path` is the table's own key path ("" for a file's root, "areas[2]" for an element).
    /// Problems are appended to `out`.
    ConfigReader(std::vector<ConfigIssue>& out, const toml::table& table, std::string path);

    std::optional<std::string> string(std::string_view key, bool required);
    /// A string that must be one of `choices`.
    std::optional<std::string> choice(std::string_view key, const std::vector<std::string>& choices, bool required);
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max, bool required);
    std::optional<bool> boolean(std::string_view key);
    /// A TOML date (2025-02-12) or an ISO date string; impossible days are errors.
    std::optional<Date> date(std::string_view key, bool required);
    /// An array of strings (empty when absent and not required).
    std::vector<std::string> strings(std::string_view key, bool required);
    /// An array of tables; each element is handed to `each` with its index.
    template <typename F>
    void tables(std::string_view key, F&& each);
    /// A sub-table, or nullptr (with an error if it is present but not a table, or required).
    const toml::table* table(std::string_view key, bool required);
    /// Marks a key as known without reading it (read elsewhere).
    void allow(std::string_view key) { known_.insert(std::string(key)); }

    /// Reports every key in the table that no read asked for.
    void finish();

    void error(std::string_view key, const toml::node* at, std::string message);
    std::string key_path(std::string_view key) const;
    const toml::table& raw() const { return table_; }

private:
    const toml::node* get(std::string_view key);
    void wrong_type(std::string_view key, const toml::node& node, std::string_view expected);

    std::vector<ConfigIssue>& out_;
    const toml::table& table_;
    std::string path_;
    std::set<std::string, std::less<>> known_;
};

template <typename F>
void ConfigReader::tables(std::string_view key, F&& each) {
    const toml::node* node = get(key);
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        wrong_type(key, *node, "an array of tables ([[" + std::string(key) + "]])");
        return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string element_path = key_path(key) + "[" + std::to_string(i) + "]";
        if (const toml::table* t = element.as_table()) {
            ConfigReader reader(out_, *t, element_path);
            each(reader, i);
            reader.finish();
        } else {
            out_.push_back({element_path, "expected a table", element.source().begin.line, element.source().begin.column});
        }
    }
}

/// "found \"x\"; expected one of: a, b, c (did you mean \"a\"?)".
std::string not_one_of(std::string_view found, const std::vector<std::string>& choices);

/// Edit distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b);
/// The closest of `candidates` to `word`, if close enough to be a likely typo.
std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates);

FOLLOWUP_SDK_END_NAMESPACE
