#include "followup/sdk/config_reader.hpp"
#include "followup/sdk/error.hpp"
#include "followup/sdk/testing.hpp"
#include "followup/sdk/toml_config.hpp"

#include <algorithm>
#include <cmath>

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

struct ConfigReaderAccess {
    static ConfigReader make(std::vector<ConfigIssue>& out, const toml::table& table, std::string path) {
        return ConfigReader(out, &table, std::move(path));
    }
    static const toml::table& table(const ConfigReader& r) { return *static_cast<const toml::table*>(r.table_); }
    static const toml::node* get(ConfigReader& r, std::string_view key) {
        r.known_.insert(std::string(key));
        return table(r).get(key);
    }
    static void report(ConfigReader& r, std::string key_path, const toml::node* at, std::string message) {
        const toml::node& where = at != nullptr ? *at : static_cast<const toml::node&>(table(r));
        r.out_->push_back({std::move(key_path), std::move(message), where.source().begin.line, where.source().begin.column});
    }
    static std::vector<ConfigIssue>& out(ConfigReader& r) { return *r.out_; }
};

namespace {
using A = ConfigReaderAccess;

void wrong_type(ConfigReader& r, std::string_view key, const toml::node& node, std::string_view expected) {
    A::report(r, r.key_path(key), &node, fmt::format("found {}; expected {}", type_name(node), expected));
}

/// The node a key path names from the table: "key", "key[2]", "steps[1].deadline".
const toml::node* located(const toml::table& table, std::string_view path) {
    if (const toml::node* node = table.get(path)) return node;  // a key that itself has dots or brackets
    const toml::node* at = &table;
    while (!path.empty() && at != nullptr) {
        const auto end = path.find_first_of(".[");
        const std::string_view name = path.substr(0, end);
        if (!name.empty()) at = at->as_table() != nullptr ? at->as_table()->get(name) : nullptr;
        path = end == std::string_view::npos ? std::string_view{} : path.substr(end);
        while (at != nullptr && !path.empty() && path.front() == '[') {
            const auto close = path.find(']');
            if (close == std::string_view::npos) return nullptr;
            std::size_t index = 0;
            for (char c : path.substr(1, close - 1)) {
                if (c < '0' || c > '9') return nullptr;
                index = index * 10 + static_cast<std::size_t>(c - '0');
            }
            const toml::array* array = at->as_array();
            at = array != nullptr && index < array->size() ? array->get(index) : nullptr;
            path.remove_prefix(close + 1);
        }
        if (!path.empty() && path.front() == '.') path.remove_prefix(1);
    }
    return at == &table ? nullptr : at;
}
}  // namespace

ConfigReader::ConfigReader(std::vector<ConfigIssue>& out, const void* table, std::string path)
    : out_(&out), table_(table), path_(std::move(path)) {}
ConfigReader::ConfigReader(ConfigReader&&) noexcept = default;
ConfigReader& ConfigReader::operator=(ConfigReader&&) noexcept = default;
ConfigReader::~ConfigReader() = default;

std::string ConfigReader::key_path(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

bool ConfigReader::contains(std::string_view key) const { return A::table(*this).contains(key); }

std::vector<std::string> ConfigReader::keys() const {
    std::vector<std::string> out;
    for (const auto& [key, node] : A::table(*this)) out.emplace_back(key.str());
    return out;
}

void ConfigReader::error(std::string_view key, std::string message) {
    A::report(*this, key_path(key), located(A::table(*this), key), std::move(message));
}

void ConfigReader::allow(std::string_view key) { known_.insert(std::string(key)); }

std::optional<std::string> ConfigReader::string(std::string_view key, bool required) {
    const toml::node* node = A::get(*this, key);
    if (node == nullptr) {
        if (required) error(key, "missing; expected a string");
        return std::nullopt;
    }
    auto value = node->value<std::string>();
    if (!value || !node->is_string()) {
        wrong_type(*this, key, *node, "a string");
        return std::nullopt;
    }
    if (value->empty()) {
        error(key, "found an empty string; expected a value");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> ConfigReader::choice(std::string_view key, const std::vector<std::string>& choices, bool required) {
    auto value = string(key, required);
    if (!value) return std::nullopt;
    if (std::find(choices.begin(), choices.end(), *value) != choices.end()) return value;
    error(key, not_one_of(*value, choices));
    return std::nullopt;
}

std::optional<std::int64_t> ConfigReader::integer(std::string_view key, std::int64_t min, std::int64_t max, bool required) {
    const toml::node* node = A::get(*this, key);
    if (node == nullptr) {
        if (required) error(key, fmt::format("missing; expected an integer from {} to {}", min, max));
        return std::nullopt;
    }
    if (!node->is_integer()) {
        wrong_type(*this, key, *node, fmt::format("an integer from {} to {}", min, max));
        return std::nullopt;
    }
    const std::int64_t value = *node->value<std::int64_t>();
    if (value < min || value > max) {
        error(key, fmt::format("found {}; expected an integer from {} to {}", value, min, max));
        return std::nullopt;
    }
    return value;
}

std::optional<double> ConfigReader::number(std::string_view key, double min, double max, bool required) {
    const toml::node* node = A::get(*this, key);
    // Unbounded (±infinity) reads as "a number", not as a range nobody would write.
    const std::string expected = std::isinf(min) && std::isinf(max) ? std::string("a number")
                                 : std::isinf(max)                  ? fmt::format("a number of at least {}", min)
                                                                    : fmt::format("a number from {} to {}", min, max);
    if (node == nullptr) {
        if (required) error(key, "missing; expected " + expected);
        return std::nullopt;
    }
    if (!node->is_integer() && !node->is_floating_point()) {
        wrong_type(*this, key, *node, expected);
        return std::nullopt;
    }
    const double value = *node->value<double>();
    if (!(value >= min && value <= max)) {
        error(key, fmt::format("found {}; expected {}", value, expected));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> ConfigReader::boolean(std::string_view key) {
    const toml::node* node = A::get(*this, key);
    if (node == nullptr) return std::nullopt;
    if (!node->is_boolean()) {
        wrong_type(*this, key, *node, "true or false");
        return std::nullopt;
    }
    return *node->value<bool>();
}

std::optional<Date> ConfigReader::date(std::string_view key, bool required) {
    const toml::node* node = A::get(*this, key);
    if (node == nullptr) {
        if (required) error(key, "missing; expected a date (YYYY-MM-DD)");
        return std::nullopt;
    }
    if (const auto* d = node->as_date()) {
        const toml::date& v = d->get();
        Date day{std::chrono::year{v.year}, std::chrono::month{v.month}, std::chrono::day{v.day}};
        if (day.ok()) return day;
    } else if (auto text = node->value<std::string>(); text && node->is_string()) {
        if (auto day = parse_date(*text)) return day;
        error(key, fmt::format("found \"{}\", which is not a date; expected YYYY-MM-DD", *text));
        return std::nullopt;
    }
    wrong_type(*this, key, *node, "a date (YYYY-MM-DD)");
    return std::nullopt;
}

std::vector<std::string> ConfigReader::strings(std::string_view key, bool required) {
    std::vector<std::string> out;
    const toml::node* node = A::get(*this, key);
    if (node == nullptr) {
        if (required) error(key, "missing; expected an array of strings");
        return out;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        wrong_type(*this, key, *node, "an array of strings");
        return out;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        if (auto s = element.value<std::string>(); s && element.is_string())
            out.push_back(*s);
        else
            A::report(*this, key_path(fmt::format("{}[{}]", key, i)), &element, fmt::format("found {}; expected a string", type_name(element)));
    }
    return out;
}

void ConfigReader::tables(std::string_view key, const std::function<void(ConfigReader&, std::size_t)>& each) {
    const toml::node* node = A::get(*this, key);
    if (node == nullptr) return;
    const toml::array* array = node->as_array();
    if (array == nullptr) {
        wrong_type(*this, key, *node, "an array of tables ([[" + std::string(key) + "]])");
        return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        const std::string element_path = key_path(key) + "[" + std::to_string(i) + "]";
        if (const toml::table* t = element.as_table()) {
            ConfigReader reader(*out_, t, element_path);
            each(reader, i);
            reader.finish();
        } else {
            out_->push_back({element_path, "expected a table", element.source().begin.line, element.source().begin.column});
        }
    }
}

bool ConfigReader::table(std::string_view key, bool required, const std::function<void(ConfigReader&)>& read) {
    const toml::table* t = toml_subtable(*this, key, required);
    if (t == nullptr) return false;
    ConfigReader reader(*out_, t, key_path(key));
    read(reader);
    reader.finish();
    return true;
}

void ConfigReader::finish() {
    std::vector<std::string> known(known_.begin(), known_.end());
    for (const auto& [key, node] : A::table(*this)) {
        if (known_.count(key.str()) > 0) continue;
        std::string message = "unknown key";
        if (auto guess = closest(key.str(), known)) message += fmt::format("; did you mean '{}'?", *guess);
        else if (!known.empty()) message += fmt::format("; expected one of: {}", fmt::join(known, ", "));
        else message += "; this table takes no keys";
        out_->push_back({key_path(key.str()), message, key.source().begin.line, key.source().begin.column});
    }
    known_.clear();
    for (const auto& [key, node] : A::table(*this)) known_.insert(std::string(key.str()));  // reported once
}

// ---- the test double of a [model] table (testing.hpp) ----

struct doubles::ModelTable::Parsed {
    toml::table table;
    std::vector<ConfigIssue> issues;
    std::optional<ConfigReader> reader;
};

doubles::ModelTable::ModelTable(std::string_view toml_text) : parsed_(std::make_unique<Parsed>()) {
    try {
        parsed_->table = toml::parse(toml_text);
    } catch (const toml::parse_error& e) {
        throw InvalidArgument(fmt::format("the [model] text is not TOML: line {}, column {}: {}", e.source().begin.line,
                                          e.source().begin.column, e.description()));
    }
    parsed_->reader.emplace(A::make(parsed_->issues, parsed_->table, ""));
}

doubles::ModelTable::~ModelTable() = default;

ConfigReader& doubles::ModelTable::reader() { return *parsed_->reader; }

const std::vector<ConfigIssue>& doubles::ModelTable::problems() {
    parsed_->reader->finish();
    return parsed_->issues;
}

// ---- the host's side (toml_config.hpp) ----

ConfigReader toml_reader(std::vector<ConfigIssue>& out, const toml::table& table, std::string path) {
    return A::make(out, table, std::move(path));
}

const toml::table& toml_table(const ConfigReader& reader) { return A::table(reader); }

const toml::table* toml_subtable(ConfigReader& reader, std::string_view key, bool required) {
    const toml::node* node = A::get(reader, key);
    if (node == nullptr) {
        if (required) reader.error(key, "missing; expected a table");
        return nullptr;
    }
    if (const toml::table* t = node->as_table()) return t;
    wrong_type(reader, key, *node, "a table");
    return nullptr;
}

void error_at(ConfigReader& reader, std::string_view key, const toml::node* at, std::string message) {
    A::report(reader, reader.key_path(key), at, std::move(message));
}

ConfigIssue config_issue(const toml::node* node, std::string key_path, std::string message) {
    ConfigIssue issue{std::move(key_path), std::move(message), 0, 0};
    if (node != nullptr) {
        issue.line = node->source().begin.line;
        issue.column = node->source().begin.column;
    }
    return issue;
}

FOLLOWUP_SDK_END_NAMESPACE
