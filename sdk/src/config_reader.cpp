#include "followup/sdk/config_reader.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ostream.h>

FOLLOWUP_SDK_BEGIN_NAMESPACE

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::optional<std::string> closest(std::string_view word, const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    // A third of the word may be wrong ("anually", "refrence_prefix"), at least one letter: any
    // looser and every two-letter word would "mean" every other ("fi" → "sv").
    std::size_t best_distance = std::max<std::size_t>(1, word.size() / 3) + 1;
    for (const auto& candidate : candidates) {
        const std::size_t d = edit_distance(word, candidate);
        if (d < best_distance) best_distance = d, best = candidate;
    }
    return best;
}

std::string not_one_of(std::string_view found, const std::vector<std::string>& choices) {
    std::string message = fmt::format("found \"{}\"; expected one of: {}", found, fmt::join(choices, ", "));
    if (auto guess = closest(found, choices)) message += fmt::format(" (did you mean \"{}\"?)", *guess);
    return message;
}

namespace {
std::string type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string: return fmt::format("the string \"{}\"", *node.value<std::string>());
        case toml::node_type::integer: return fmt::format("the integer {}", *node.value<std::int64_t>());
        case toml::node_type::floating_point: return fmt::format("the number {}", *node.value<double>());
        case toml::node_type::boolean: return *node.value<bool>() ? "true" : "false";
        default: return fmt::format("a {}", fmt::streamed(node.type()));
    }
}
}  // namespace

ConfigReader::ConfigReader(std::vector<ConfigIssue>& out, const toml::table& table, std::string path)
    : out_(out), table_(table), path_(std::move(path)) {}

std::string ConfigReader::key_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void ConfigReader::error(std::string_view key, const toml::node* at, std::string message) {
    const toml::node* where = at != nullptr ? at : static_cast<const toml::node*>(&table_);
    out_.push_back({key_path(key), std::move(message), where->source().begin.line, where->source().begin.column});
}

const toml::node* ConfigReader::get(std::string_view key) {
    known_.insert(std::string(key));
    return table_.get(key);
}

void ConfigReader::wrong_type(std::string_view key, const toml::node& node, std::string_view expected) {
    error(key, &node, fmt::format("found {}; expected {}", type_name(node), expected));
}

std::optional<std::string> ConfigReader::string(std::string_view key, bool required) {
    const toml::node* node = get(key);
    if (node == nullptr) {
        if (required) error(key, nullptr, "missing; expected a string");
        return std::nullopt;
    }
    auto value = node->value<std::string>();
    if (!value || !node->is_string()) {
        wrong_type(key, *node, "a string");
        return std::nullopt;
    }
    if (value->empty()) {
        error(key, node, "found an empty string; expected a value");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> ConfigReader::choice(std::string_view key, const std::vector<std::string>& choices,
                                               bool required) {
    auto value = string(key, required);
    if (!value) return std::nullopt;
    if (std::find(choices.begin(), choices.end(), *value) != choices.end()) return value;
    error(key, table_.get(key), not_one_of(*value, choices));
    return std::nullopt;
}

std::optional<std::int64_t> ConfigReader::integer(std::string_view key, std::int64_t min, std::int64_t max,
                                                 bool required) {
    const toml::node* node = get(key);
    if (node == nullptr) {
        if (required) error(key, nullptr, fmt::format("missing; expected an integer from {} to {}", min, max));
        return std::nullopt;
    }
    if (!node->is_integer()) {
        wrong_type(key, *node, fmt::format("an integer from {} to {}", min, max));
        return std::nullopt;
    }
    const std::int64_t value = *node->value<std::int64_t>();
    if (value < min || value > max) {
        error(key, node, fmt::format("found {}; expected an integer from {} to {}", value, min, max));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> ConfigReader::boolean(std::string_view key) {
    const toml::node* node = get(key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean()) {
        wrong_type(key, *node, "true or false");
        return std::nullopt;
    }
    return *node->value<bool>();
}

std::optional<Date> ConfigReader::date(std::string_view key, bool required) {
    const toml::node* node = get(key);
    if (node == nullptr) {
        if (required) error(key, nullptr, "missing; expected a date (YYYY-MM-DD)");
        return std::nullopt;
    }
    if (const auto* d = node->as_date()) {
        const toml::date& v = d->get();
        Date day{std::chrono::year{v.year}, std::chrono::month{v.month}, std::chrono::day{v.day}};
        if (day.ok()) return day;
    } else if (auto text = node->value<std::string>(); text && node->is_string()) {
        if (auto day = parse_date(*text)) return day;
        error(key, node, fmt::format("found \"{}\", which is not a date; expected YYYY-MM-DD", *text));
        return std::nullopt;
    }
    wrong_type(key, *node, "a date (YYYY-MM-DD)");
    return std::nullopt;
}

std::vector<std::string> ConfigReader::strings(std::string_view key, bool required) {
    std::vector<std::string> out;
    const toml::node* node = get(key);
    if (node == nullptr) {
        if (required) error(key, nullptr, "missing; expected an array of strings");
        return out;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        wrong_type(key, *node, "an array of strings");
        return out;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        if (auto s = element.value<std::string>(); s && element.is_string())
            out.push_back(*s);
        else
            error(fmt::format("{}[{}]", key, i), &element, fmt::format("found {}; expected a string", type_name(element)));
    }
    return out;
}

const toml::table* ConfigReader::table(std::string_view key, bool required) {
    const toml::node* node = get(key);
    if (node == nullptr) {
        if (required) error(key, nullptr, "missing; expected a table");
        return nullptr;
    }
    if (const toml::table* t = node->as_table()) return t;
    wrong_type(key, *node, "a table");
    return nullptr;
}

void ConfigReader::finish() {
    std::vector<std::string> known(known_.begin(), known_.end());
    for (const auto& [key, node] : table_) {
        if (known_.count(key.str()) > 0) continue;
        std::string message = "unknown key";
        if (auto guess = closest(key.str(), known)) message += fmt::format("; did you mean '{}'?", *guess);
        else message += fmt::format("; expected one of: {}", fmt::join(known, ", "));
        out_.push_back({key_path(key.str()), message, key.source().begin.line, key.source().begin.column});
    }
}

FOLLOWUP_SDK_END_NAMESPACE
