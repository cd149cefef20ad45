// Every label of the annual compilation and the published results, in Swedish and English: one
// catalogue, so a report never mixes languages and a translation is one place to change.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace followup::core {

enum class Language;

/// The label `key` in `language`. @throws std::out_of_range for a key not in the catalogue (a
/// bug, caught by tests that render every section in both languages).
const std::string& label(Language language, std::string_view key);
/// Whether the catalogue has `key` (for labels of ids a plugin may define, e.g. a signal kind).
bool has_label(std::string_view key);

/// Every decision kind's id ("injunction_with_fine") → its word in `language` ("Föreläggande
/// med vite"): the catalogue's "decision.<kind>" labels, for output that names a kind by id.
std::map<std::string, std::string> decision_kind_labels(Language language);

/// The label with {} placeholders filled in.
template <typename... Args>
std::string label(Language language, std::string_view key, Args&&... args) {
    return fmt::format(fmt::runtime(label(language, key)), std::forward<Args>(args)...);
}

}  // namespace followup::core
